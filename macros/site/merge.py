"""Putting a translation, built on its own, into the site below its language root.

A translation is built by a MkDocs build of its own (:mod:`macros.site.translations`) whose
site root is the language's root, in a folder beside the site (``site.building.en-part``).
Merging moves that folder to ``<site>/en/``: a rename on the same file system, so it costs
nothing however large the translation is.  The source language's build writes nothing below
``en/``; a folder already there is an error, never silently mixed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .. import languages


class MergeConflict(Exception):
    """The site already has files where a translation belongs."""


def part_dir(site_dir: Path, code: str) -> Path:
    """Where the translation ``code`` is built: a sibling of the site folder."""
    site_dir = Path(site_dir)
    return site_dir.with_name(f"{site_dir.name}.{code}-part")


def merge_translation(site_dir: Path, part: Path, code: str) -> Path:
    """Move the translation built in ``part`` to its root in ``site_dir``; return that root."""
    target = Path(site_dir) / languages.root(code)
    if target == Path(site_dir):
        raise MergeConflict(f"{code} is the source language: it is built at the site root, not merged")
    if not Path(part).is_dir():
        raise FileNotFoundError(f"the {code} translation was not built (no {part})")
    if target.exists():
        raise MergeConflict(f"{target} exists before the {code} translation is merged; "
                            f"a page of the source language is published below {languages.root(code)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(part, target)
    except OSError:  # another file system: copy, then remove
        shutil.copytree(part, target)
        shutil.rmtree(part, ignore_errors=True)
    return target
