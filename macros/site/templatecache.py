"""Compiled Jinja templates kept between builds, under ``.cache/csr/jinja``.

Compiling the theme's and the package's templates costs every build (and every language
process) about half a second; Jinja's own file cache keeps the compiled code of each template
and uses it only while the template's source is the same (it checks a checksum of the source and
the Jinja and Python versions).  Safe to delete; not used with ``CSR_CACHE=0``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
