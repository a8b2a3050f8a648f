"""Reproducible output: MkDocs' build date taken from the last commit.

(The all-or-nothing move of the built site into place is in ``atomic.py``.)
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .. import environment


def set_reproducible_date(root: Path) -> None:
    """Make MkDocs' build date the date of the last commit (``SOURCE_DATE_EPOCH``).

    MkDocs stamps pages and the sitemap with the build date; taking it from git makes two
    builds of the same commit byte-identical.  An explicit ``SOURCE_DATE_EPOCH`` wins.
    """
    if environment.source_date_epoch():
        return
    try:
        stamp = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        environment.set_source_date_epoch(stamp)
