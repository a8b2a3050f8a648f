"""Pages of an earlier build, reused when nothing that shapes them has changed.

A page is made in two steps, and each is reused on its own:

1. its Markdown becomes HTML content (with its table of contents, anchors and links to other
   pages' anchors).  The *content key* covers everything that step reads: the page's Markdown
   and front matter, its path, the configuration, the versions of MkDocs, the theme, the plugins
   and this package (its code and templates), and the theme's templates; and the entry records
   the files its relative links may name (:func:`link_targets`) and which file each named (or
   none), which must still hold;
2. the theme turns content into the page.  The *navigation key* covers what the theme reads
   from other pages: the titles, addresses and front matter of the pages in the navigation.

An entry is kept per page, under its content key, with the content and the finished page made
with a navigation key.  A page whose content key is found is not rendered from Markdown; if the
navigation key matches too, the finished page is taken as it is.  The result is the same bytes
as a build from scratch (``tests/test_incremental.py`` builds both and compares every file).

Entries are written to ``<folder>.pending/`` during a build and moved into ``<folder>/`` only by
:meth:`PageCache.commit`, which the build calls when it logged no warning (a page that warns is
never reused, so a strict build fails again the same way); entries that the build did not use
are removed then, so the cache holds one site.  The folder can be deleted at any time.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

def templates_fingerprint(dirs: Iterable[str]) -> tuple[str, bool]:
    """The theme's templates (HTML files in the theme folders, in order), and whether any of
    them prints the build date (then the date is part of every key)."""
    h = hashlib.blake2b(digest_size=20)
    dated = False
    for index, folder in enumerate(dirs):  # by place, not path: a checkout elsewhere is the same
        h.update(str(index).encode())
        for path in sorted(Path(folder).rglob("*.html")):
            data = path.read_bytes()
            dated = dated or b"build_date_utc" in data
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(data)
    return h.hexdigest(), dated


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # an external link (as urlsplit reads a scheme)
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>?|\S+)")  # [text](url "title"), ![alt](src)
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>?|\S+)", re.M)  # [ref]: url
_ATTRIBUTE = re.compile(r"""(?:href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>"'}]+)""", re.I)  # HTML, attr_list


def link_targets(markdown: str, src_uri: str) -> list[str]:
    """The files a page's relative links may point to, as MkDocs resolves them (its first
    guess: the link's path joined to the page's folder).

    MkDocs rewrites a relative link to the address of the file it names, and warns if there is
    none, so a page depends on whether those files exist, not on the rest of the file list.
    This over-approximates: every inline, reference, HTML and attribute link, each cut at every
    closing parenthesis (a link may end at any of them), with and without HTML escapes.
    """
    found: set[str] = set()
    for match in _INLINE_LINK.finditer(markdown):
        url = match.group(1)
        if url.startswith("<"):
            found.add(url[1:].removesuffix(">"))
            continue
        found.add(url)
        index = url.find(")")
        while index != -1:  # the link may end at any closing parenthesis
            found.add(url[:index])
            index = url.find(")", index + 1)
    found.update(match.group(1).strip("<>") for match in _REFERENCE.finditer(markdown))
    found.update(value[1:-1] if value[:1] in "\"'" else value for value in _ATTRIBUTE.findall(markdown))
    directory = posixpath.dirname(src_uri)
    targets = {target for url in found for target in _targets(directory, url)}
    return sorted(targets)


@functools.lru_cache(maxsize=1 << 16)
def _targets(directory: str, url: str) -> tuple[str, ...]:
    """The files ``url`` may name, seen from a page in ``directory`` (none for external links,
    absolute paths and links to an anchor of the page itself)."""
    if url.startswith("#") or (_SCHEME.match(url) and "&" not in url):
        return ()
    targets = []
    for variant in {url, html.unescape(url)} if "&" in url else (url,):
        try:
            parts = urlsplit(variant)
        except ValueError:
            continue
        if parts.scheme or parts.netloc or not parts.path or variant.startswith(("/", "\\")):
            continue
        targets.append(posixpath.normpath(posixpath.join(directory, unquote(parts.path)).lstrip("/")))
    return tuple(targets)


@dataclass
class Entry:
    """What a page's build left for the next one."""

    content_key: str
    targets: list  # [file a relative link may name, the src_uri of the file it named or None] (link_targets)
    toc: list  # [title, id, level, children] per entry
    anchors: list[str]
    links: dict[str, dict[str, str]]  # src_uri of a linked page -> {anchor: link as written}
    nav_key: str = ""
    path: Path | None = None  # where content and page are stored
    content_size: int = 0
    meta: dict | None = None  # the front matter as MkDocs read it, if JSON keeps it exactly
    files_key: str = ""  # the file list the targets were resolved in (see page_reuse)

    def header(self) -> bytes:
        return json.dumps({"targets": self.targets, "toc": self.toc, "anchors": sorted(self.anchors),
                           "links": self.links, "nav_key": self.nav_key, "content_size": self.content_size,
                           "meta": self.meta, "files_key": self.files_key},
                          ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")


@dataclass
class PageCache:
    """The entries of one kind of build (a language; a focused preview has its own)."""

    folder: Path
    used: set[str] = field(default_factory=set)
    written: int = 0

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        self.pending = self.folder.with_name(self.folder.name + ".pending")
        shutil.rmtree(self.pending, ignore_errors=True)  # left by a build that stopped

    def find(self, content_key: str) -> Entry | None:
        """The entry stored under ``content_key`` (its content and page stay on disk)."""
        path = self.folder / content_key[:2] / content_key
        try:
            with open(path, "rb") as stored:
                size = int.from_bytes(stored.read(4), "little")
                header = json.loads(stored.read(size))
        except (OSError, ValueError):
            return None
        self.used.add(content_key)
        return Entry(content_key, header["targets"], header["toc"], header["anchors"], header["links"],
                     header["nav_key"], path, header["content_size"], header.get("meta"), header.get("files_key", ""))

    @staticmethod
    def read(entry: Entry) -> tuple[str, str]:
        """The stored content and finished page of ``entry``."""
        with open(entry.path, "rb") as stored:
            size = int.from_bytes(stored.read(4), "little")
            stored.seek(4 + size)
            data = zlib.decompress(stored.read())
        return (data[:entry.content_size].decode("utf-8", "surrogatepass"),
                data[entry.content_size:].decode("utf-8", "surrogatepass"))

    def store(self, entry: Entry, content: str, page: str) -> None:
        """Keep ``entry`` with its content and finished page (pending until :meth:`commit`)."""
        content_bytes = content.encode("utf-8", "surrogatepass")
        entry.content_size = len(content_bytes)
        header = entry.header()
        path = self.pending / entry.content_key[:2] / entry.content_key
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            out.write(len(header).to_bytes(4, "little"))
            out.write(header)
            out.write(zlib.compress(content_bytes + page.encode("utf-8", "surrogatepass"), 1))
        self.used.add(entry.content_key)
        self.written += 1

    def commit(self) -> None:
        """Make this build's entries the cache: new ones in, unused ones out."""
        if self.pending.is_dir():
            for path in self.pending.rglob("*"):
                if path.is_file():
                    target = self.folder / path.relative_to(self.pending)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)
        shutil.rmtree(self.pending, ignore_errors=True)
        if self.folder.is_dir():
            for path in self.folder.glob("*/*"):
                if path.name not in self.used:
                    path.unlink()

    def discard(self) -> None:
        shutil.rmtree(self.pending, ignore_errors=True)
