"""Publishing the built site: reproducible dates and an all-or-nothing move into place."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def set_reproducible_date(root: Path) -> None:
    """Make MkDocs' build date the date of the last commit (``SOURCE_DATE_EPOCH``).

    MkDocs stamps pages and the sitemap with the build date; taking it from git makes two
    builds of the same commit byte-identical.  An explicit ``SOURCE_DATE_EPOCH`` wins.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    try:
        stamp = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp


def building_dir(target: Path) -> Path:
    return target.with_name(target.name + ".building")


def swap_into_place(built: Path, target: Path) -> None:
    """Replace ``target`` with ``built``; the old site is removed only after the swap."""
    old = target.with_name(target.name + ".previous")
    discard(old)
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    discard(old)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
