"""`csr serve COMPANY`: a focused live preview of one company's pages.

Runs ``mkdocs serve --livereload`` with ``CSR_ONLY=<company>``, so the plugin builds only that
company's pages (both languages) plus the pages that link to it (home, indexes, indicator
pages, matrix, statistics), and rebuilds them on save.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from . import environment


def command(config_file: Path, dev_addr: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config_file), "-a", dev_addr]


def serve(root: Path, slug: str, dev_addr: str, config_file: Path) -> int:
    """Run the preview until it ends or this process is stopped (Ctrl-C, SIGTERM, SIGHUP);
    stopping this process stops the ``mkdocs serve`` it started."""
    env = environment.for_focused_preview(slug)
    process = subprocess.Popen(command(config_file, dev_addr), cwd=root, env=env)

    def stop(_signum, _frame) -> None:
        process.terminate()

    handled = (signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, stop) for sig in handled}
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.terminate()
        code = process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if process.poll() is None:  # an unexpected error above: never leave the server behind
            process.kill()
            process.wait()
    return 128 - code if code < 0 else code  # killed by a signal: the shell's 128 + signal number
