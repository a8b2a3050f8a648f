"""Reproducible output: MkDocs' build date taken from the last commit.

(The all-or-nothing move of the built site into place is in ``atomic.py``.)
"""

from __future__ import annotations

import os
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
