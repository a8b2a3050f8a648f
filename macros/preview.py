"""`csr serve COMPANY`: a focused live preview of one company's pages.

Runs ``mkdocs serve --livereload`` with ``CSR_ONLY=<company>``, so the plugin builds only that
company's pages (both languages) plus the pages that link to it (home, indexes, indicator
pages, matrix, statistics), and rebuilds them on save.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def command(config_file: Path, dev_addr: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config_file), "-a", dev_addr]


def serve(root: Path, slug: str, dev_addr: str, config_file: Path) -> int:
    env = {**os.environ, "CSR_ONLY": slug, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command(config_file, dev_addr), cwd=root, env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
