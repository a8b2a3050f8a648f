"""Companies read and checked by an earlier build, reused while their files are unchanged.

A build reads every company's files, parses and validates them; in a rebuild most of them are
the same bytes as last time.  For each company folder, :func:`company_key` fingerprints what
reading it depends on: the names, kinds, sizes and link counts of its entries, the bytes of
``company.yml`` and of every page, the frameworks, the date pages are checked against, and
this package's code.  :class:`CompanyCache` keeps, per company, the key and what reading gave
(the company, its disclosures, its problems, the files and bytes it counted), and hands it back
when the key is the same.  Only builds use it (``csr check`` always reads everything).

The entries are pickles written by this package from parsed data; the folder is local build
state (``.cache/csr/registry``), never published, and safe to delete.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
from pathlib import Path
from typing import Callable

from .fingerprint import code_fingerprint, digest, files_digest, write_atomically


def frameworks_key(dirs: list[Path]) -> str:
    """The framework files' names and bytes."""
    return digest([files_digest(folder, "*.yml") for folder in dirs])


def company_key(directory: Path, base: str) -> str | None:
    """What reading ``directory`` depends on, with ``base`` (frameworks, date, code); ``None``
    when the folder is not a plain folder (such cases are always read again)."""
    try:
        if directory.is_symlink() or not directory.is_dir():
            return None
        parts = [base, directory.name]
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            info = entry.stat(follow_symlinks=False)
            parts.append([entry.name, stat.S_IFMT(info.st_mode), info.st_size, info.st_nlink])
            if entry.name == "company.yml" or entry.name.endswith(".md"):
                if stat.S_ISREG(info.st_mode):
                    with open(entry.path, "rb") as handle:
                        parts.append(handle.read())
        return digest(*parts)
    except OSError:
        return None


class CompanyCache:
    """Per-company results under ``folder``; ``dumps``/``loads`` turn a result into bytes and back
    (the registry's own pickling, which keeps frameworks shared)."""

    def __init__(self, folder: Path, frameworks: str, today: _dt.date, dumps: Callable, loads: Callable):
        self.folder = Path(folder)
        self.base = digest(code_fingerprint(), frameworks, today.isoformat())
        self.dumps, self.loads = dumps, loads

    def _path(self, slug: str) -> Path:
        return self.folder / f"{slug}.pickle"

    def find(self, directory: Path):
        """(key, stored result or ``None``) for the company in ``directory``."""
        key = company_key(directory, self.base)
        if key is None:
            return None, None
        try:
            data = self._path(directory.name).read_bytes()
        except OSError:
            return key, None
        if data[:40] != key.encode("ascii"):
            return key, None
        try:
            result = self.loads(data[40:])
        except Exception:  # a damaged entry is read again
            return key, None
        return key, result

    def store(self, slug: str, key: str, result) -> None:
        write_atomically(self._path(slug), key.encode("ascii"), self.dumps(result))

    def forget_others(self, slugs: set[str]) -> None:
        """Remove the entries of companies that are no longer in the registry."""
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in slugs:
                    path.unlink(missing_ok=True)
