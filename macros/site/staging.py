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
from typing import Callable, Iterable

from ..forking import fork_map

from .pages import GeneratedPage


class StagingConflict(Exception):
    """A hand-written docs page uses a path reserved for generated pages."""


def write_if_changed(path: Path, data: bytes, folders: set | None = None) -> bool:
    """Write ``data`` to ``path`` unless it holds them already; ``folders`` remembers the
    folders known to exist (a first build writes thousands of files into few folders)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        if folders is None or path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            if folders is not None:
                folders.add(path.parent)
        with open(path, "xb") as new:  # a new file: nobody reads it before the build
            new.write(data)
        return True
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _write_pages(staging: Path, pages: Iterable[GeneratedPage], reserved: frozenset[str]):
    """Write each page as it is made: (paths, written, unchanged, paths that are reserved)."""
    paths: set[str] = set()
    conflicts: list[str] = []
    written = unchanged = 0
    folders: set[Path] = set()
    for page in pages:
        if page.src_uri in reserved:
            conflicts.append(page.src_uri)
            continue
        paths.add(page.src_uri)
        if write_if_changed(staging / page.src_uri, page.content.encode("utf-8"), folders):
            written += 1
        else:
            unchanged += 1
    return paths, written, unchanged, conflicts


def stage(source_docs: Path, staging: Path, page_sources: Iterable[Callable[[], Iterable[GeneratedPage]]] = (),
          assets: Iterable[tuple[str, Path]] = (), *, parallel: bool = False) -> dict[str, int]:
    """Make ``staging`` hold exactly ``source_docs``, the pages that ``page_sources`` make, and
    ``assets``.

    With ``parallel`` each page source runs in its own forked process that writes its pages
    itself (:func:`macros.forking.fork_map`), so no page is held in memory longer than it takes
    to write it.  Returns counts of written, unchanged and removed files.
    """
    staging.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, Path] = {}
    for path in sorted(source_docs.rglob("*")):
        if path.is_file() and not path.is_symlink():
            wanted[path.relative_to(source_docs).as_posix()] = path
    reserved = frozenset(wanted)
    results = fork_map([lambda source=source: _write_pages(staging, source(), reserved) for source in page_sources],
                       parallel=parallel)
    generated: set[str] = set()
    written = unchanged = removed = 0
    for paths, pages_written, pages_unchanged, conflicts in results:
        if conflicts:
            raise StagingConflict(
                f"docs/{conflicts[0]} is reserved for a generated page; move or rename the hand-written file"
            )
        generated |= paths
        written += pages_written
        unchanged += pages_unchanged
    for rel, source in assets:
        wanted[rel] = source

    for rel, source in wanted.items():
        if write_if_changed(staging / rel, source.read_bytes()):
            written += 1
        else:
            unchanged += 1
    for folder, _dirs, names in os.walk(staging, topdown=False):  # a folder after what it holds
        below = Path(folder).relative_to(staging).as_posix()
        for name in names:
            rel = name if below == "." else f"{below}/{name}"
            if rel not in wanted and rel not in generated:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if below != "." and not os.listdir(folder):
            os.rmdir(folder)
    return {"written": written, "unchanged": unchanged, "removed": removed}


def reset(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
