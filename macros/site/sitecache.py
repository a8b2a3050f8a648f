"""Work done on the whole built site, reused when the site is the same as last time.

The search index and the link check read every page of the merged site; when a rebuild changed
no page (same paths, same bytes of every HTML page, same list of other files), their results
are those of the previous build, and each part of the search index is reused while its pages
are the same (:mod:`macros.site.searchparts`).  :func:`file_digests` fingerprints every page
once, :func:`site_digest` the whole site; :class:`SiteCache` keeps, per kind of work, the
digest it was done for, its result and (for the search index) a copy of the folder it wrote.
Safe to delete: a missing or damaged entry means the work is done again.  The same cache keeps the downloads (JSON, CSV) made from a registry none of whose
companies changed (:meth:`SiteCache.kept_files`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable

from ..fingerprint import code_fingerprint, write_atomically


def file_digests(site: Path, skip: str = "", marker: bytes = b"", marked: set[str] | None = None) -> dict[str, str]:
    """Every file of ``site`` (relative path) with a fingerprint of its bytes for an HTML page
    and ``""`` for any other file; files below ``skip`` (the folder the reused work writes) are
    left out; the pages holding ``marker`` are added to ``marked``.  Read once per build: the
    whole site's and each search run's digests are made from it."""
    found = {}
    site = Path(site)
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        rel = Path(folder).relative_to(site).as_posix()
        if skip and (rel == skip or rel.startswith(skip + "/")):
            dirs.clear()
            continue
        for name in sorted(files):
            path = name if rel == "." else f"{rel}/{name}"
            digest = ""
            if name.endswith(".html"):
                with open(os.path.join(folder, name), "rb") as page:
                    data = page.read()
                digest = hashlib.blake2b(data, digest_size=20).hexdigest()
                if marker and marked is not None and marker in data:
                    marked.add(path)
            found[path] = digest
    return found


def site_digest(site: Path, skip: str = "", files: dict[str, str] | None = None) -> str:
    """A fingerprint of ``site``: every file's path, and the bytes of its HTML pages (see
    :func:`file_digests`, or ``files`` made by it)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(code_fingerprint().encode())
    for path, digest in sorted((files if files is not None else file_digests(site, skip)).items()):
        h.update(path.encode("utf-8", "surrogateescape") + b"\0" + digest.encode())
    return h.hexdigest()


def _link_or_copy(source: str, target: str) -> None:
    """A second name for a stored file (the cache and the site never change a file in place),
    or a copy where the two folders cannot share one."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class SiteCache:
    """Results of whole-site work under ``folder`` (``None``: nothing is reused)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def reuse(self, kind: str, digest: str, work: Callable[[], Any], *, site: Path | None = None,
              output: str = "", keep: Callable[[Any], bool] = lambda result: True) -> tuple[Any, bool]:
        """``work()``'s result for a site with ``digest``: the stored one (and the stored copy of
        ``site/output``) if there is one, else ``work()``'s, stored if ``keep(result)``.
        Returns the result and whether it was reused."""
        if self.folder is None:
            return work(), False
        entry = self.folder / kind
        try:
            stored = json.loads((entry / "result.json").read_text(encoding="utf-8"))
            if stored["digest"] == digest and (not output or (entry / "output").is_dir()):
                if output:
                    shutil.rmtree(site / output, ignore_errors=True)
                    shutil.copytree(entry / "output", site / output, copy_function=_link_or_copy)
                return stored["result"], True
        except (OSError, ValueError, KeyError):
            pass
        result = work()
        if keep(result):
            scratch = self.folder / f"{kind}.new"
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            if output:
                shutil.copytree(site / output, scratch / "output")
            (scratch / "result.json").write_text(json.dumps({"digest": digest, "result": result}, ensure_ascii=False),
                                                 encoding="utf-8")
            shutil.rmtree(entry, ignore_errors=True)
            os.replace(scratch, entry)
        return result, False

    def record(self, kind: str) -> Any:
        """The record kept as ``kind`` (JSON, see :meth:`keep_record`), ``None`` if there is none."""
        if self.folder is None:
            return None
        try:
            return json.loads((self.folder / f"{kind}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def keep_record(self, kind: str, value: Any) -> None:
        """Keep ``value`` (JSON) as ``kind`` for the next build, such as what each page's links were."""
        if self.folder is not None:
            write_atomically(self.folder / f"{kind}.json", json.dumps(value, ensure_ascii=False,
                                                                       separators=(",", ":")).encode("utf-8"))

    def forget(self, kind: str, keep: set[str]) -> None:
        """Remove the entries below ``kind`` whose names are not in ``keep`` (work that no longer
        exists, such as the search parts of a registry that has since doubled)."""
        if self.folder is None or not (self.folder / kind).is_dir():
            return
        for entry in (self.folder / kind).iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)

    def kept_files(self, kind: str, key: str | None, make: Callable[[], dict[str, bytes]]) -> tuple[dict[str, bytes], bool]:
        """Files (name -> bytes) made from inputs with ``key``: the stored ones, else ``make()``'s
        (stored); ``key`` ``None``: always made.  Returns the files and whether they were reused."""
        if self.folder is None or key is None:
            return make(), False
        path = self.folder / f"{kind}.files"
        try:
            with open(path, "rb") as stored:
                size = int.from_bytes(stored.read(4), "little")
                header = json.loads(stored.read(size))
                if header["key"] == key:
                    files = {name: stored.read(length) for name, length in header["files"]}
                    if all(len(files[name]) == length for name, length in header["files"]) and not stored.read(1):
                        return files, True
        except (OSError, ValueError, KeyError, TypeError):
            pass
        files = make()
        header = json.dumps({"key": key, "files": [[name, len(data)] for name, data in files.items()]},
                            ensure_ascii=False).encode("utf-8")
        write_atomically(path, len(header).to_bytes(4, "little"), header, *files.values())
        return files, False
