"""The staging docs folder: hand-written docs plus generated pages, as real files.

mkdocs-static-i18n localises only files that live under ``docs_dir`` (generated in-memory
files are dropped or crash it), so the site is built from a staging folder that holds a copy
of ``docs/`` and the generated pages.  Files are rewritten only when their bytes change, and
stale files are removed, so ``mkdocs serve`` does not loop and rebuilds stay cheap.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

from .pages import GeneratedPage


class StagingConflict(Exception):
    """A hand-written docs page uses a path reserved for generated pages."""


def write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def stage(source_docs: Path, staging: Path, pages: Iterable[GeneratedPage],
          assets: Iterable[tuple[str, Path]] = ()) -> dict[str, int]:
    """Make ``staging`` hold exactly ``source_docs`` + ``pages`` + ``assets``.

    Returns counts of written, unchanged and removed files.
    """
    staging.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, bytes | Path] = {}
    for path in sorted(source_docs.rglob("*")):
        if path.is_file() and not path.is_symlink():
            wanted[path.relative_to(source_docs).as_posix()] = path
    for page in pages:
        if page.src_uri in wanted and isinstance(wanted[page.src_uri], Path):
            raise StagingConflict(
                f"docs/{page.src_uri} is reserved for a generated page; move or rename the hand-written file"
            )
        wanted[page.src_uri] = page.content.encode("utf-8")
    for rel, source in assets:
        wanted[rel] = source

    written = unchanged = removed = 0
    for rel, content in wanted.items():
        target = staging / rel
        data = content.read_bytes() if isinstance(content, Path) else content
        if write_if_changed(target, data):
            written += 1
        else:
            unchanged += 1
    for path in sorted(staging.rglob("*"), reverse=True):
        rel = path.relative_to(staging).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return {"written": written, "unchanged": unchanged, "removed": removed}


def reset(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
