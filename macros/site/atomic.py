"""All-or-nothing output: build beside the target folder, move into place only on success.

The site is built into ``<target>.building`` (same parent, so the same file system and
``os.replace`` is a rename).  On success the old site is renamed away, the new one renamed into
place, and the old one removed; on failure the building folder is removed and ``<target>`` is
never touched.  The only moment without ``<target>`` is between two renames; ``recover`` puts the
previous site back if a process died exactly there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def building_dir(target: Path) -> Path:
    """Where a build of ``target`` is written before it is swapped into place."""
    target = Path(target)
    return target.with_name(target.name + ".building")


def previous_dir(target: Path) -> Path:
    target = Path(target)
    return target.with_name(target.name + ".previous")


def recover(target: Path) -> bool:
    """Restore the previous site if a swap was interrupted between its two renames."""
    target, previous = Path(target), previous_dir(target)
    if not target.exists() and previous.is_dir():
        os.replace(previous, target)
        return True
    return False


def swap_into_place(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built``; the old site is deleted only after the new one is in place."""
    built, target, previous = Path(built), Path(target), previous_dir(target)
    if not built.is_dir():
        raise FileNotFoundError(f"nothing was built at {built}")
    discard(previous)
    if target.exists():
        os.replace(target, previous)
    try:
        os.replace(built, target)
    except OSError:
        recover(target)
        raise
    discard(previous)


def discard(path: Path) -> None:
    """Remove a building or previous folder (never fails: it is scratch space)."""
    shutil.rmtree(path, ignore_errors=True)
