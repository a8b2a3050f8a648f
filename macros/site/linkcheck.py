"""Checking internal links and anchors of a built site.

MkDocs validates links written in Markdown, but generated pages link in raw HTML and
disclosures may contain raw links too; this checker reads the final HTML instead.  It is
regex-based and linear in the size of the site.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import diagnostics as diag
from .. import fingerprint, languages
from ..diagnostics import Diagnostic
from ..forking import fork_map

_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"', re.IGNORECASE)
_IMG = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"', re.IGNORECASE)
_ID = re.compile(r'\sid="([^"]+)"')
_ID_AFTER_SPACE = re.compile(r' id="([^"]+)"')  # the same ids where no other white space precedes "id=" (fast)
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "ftp:", "//", "javascript:", "data:")


def _ids(text: str) -> set[str]:
    if _id_after_other_space(text):
        return set(_ID.findall(text))
    return set(_ID_AFTER_SPACE.findall(text))


def _id_after_other_space(text: str) -> bool:
    """Whether ``id=`` follows a tab, line feed, carriage return, form feed or vertical tab
    somewhere in ``text`` (one scan for ``id=``, which a page has a few dozen times)."""
    at = text.find("id=")
    while at != -1:
        if at > 0 and text[at - 1] in "\t\n\r\f\v":
            return True
        at = text.find("id=", at + 1)
    return False


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page with the link
    href: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href} ({self.problem})"


def _target(page: str, href: str, base_path: str = "/") -> tuple[str, str]:
    """Site-relative file an ``href`` on ``page`` points to (``""``: the page itself), and its
    fragment.  Depends on the page's folder only, not on its name.

    Absolute paths (``/en/``) are taken relative to ``base_path``, the path of ``site_url``.
    """
    return _resolve(posixpath.dirname(page), _split(href, base_path))


def _split(href: str, base_path: str) -> tuple[str, str, str | None]:
    """What resolving ``href`` needs, whatever the page: its path, its fragment, and, for a
    path that does not depend on the page (empty or absolute), the target itself."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return path, parts.fragment, ""  # this page
    if path.startswith("/"):
        base = base_path if base_path.endswith("/") else base_path + "/"
        if not path.startswith(base):
            return path, parts.fragment, "../" + path  # outside the site
        joined = posixpath.normpath(path[len(base):] or ".")
        return path, parts.fragment, _as_file(path, joined)
    return path, parts.fragment, None


def _resolve(folder: str, split: tuple[str, str, str | None]) -> tuple[str, str]:
    path, fragment, target = split
    if target is None:  # a relative path: posixpath.join without its checks (folder has no "/" at its end)
        target = _as_file(path, posixpath.normpath(f"{folder}/{path}" if folder else path))
    return target, fragment


def _as_file(path: str, joined: str) -> str:
    if path.endswith("/") or joined in (".", ""):
        return joined + "/index.html" if joined not in (".", "") else "index.html"  # normpath: no "/" at the end
    return joined


def _scan(site_dir: Path, rels: list[str], files: frozenset[str], base_path: str, unkeyed: str = "") -> dict[str, list]:
    """Check the links of the pages ``rels`` as far as each page alone decides: per page, its
    broken links ``[href, problem]``, its ids, its links into other pages with a fragment
    ``[href, target page, fragment]``, left for the caller who knows every page's ids, and
    whether a link points below the folder ``unkeyed`` (see :func:`check_pages`)."""
    scans: dict[str, list] = {}
    resolved: dict[tuple[str, str], tuple[str, str]] = {}  # (folder, href) -> target, fragment
    splits: dict[str, tuple[str, str, str | None]] = {}  # href -> what resolving it needs (:func:`_split`)
    for rel in rels:
        text = (site_dir / rel).read_text(encoding="utf-8", errors="replace")
        own_ids = _ids(text)
        broken: list[list[str]] = []
        elsewhere: list[list[str]] = []
        folder = posixpath.dirname(rel)
        touches = False
        for raw in _HREF.findall(text) + _IMG.findall(text):
            href = html.unescape(raw)
            if not href or href.lower().startswith(_EXTERNAL):
                continue
            key = (folder, href)
            found = resolved.get(key)
            if found is None:
                split = splits.get(href)
                if split is None:
                    split = splits[href] = _split(href, base_path)
                found = resolved[key] = _resolve(folder, split)
            target, fragment = found
            if not target:  # "#x" or "?q": this page
                target = rel
            touches = touches or bool(unkeyed) and (target == unkeyed or target.startswith(unkeyed + "/"))
            if target.startswith("../") or target == "..":
                broken.append([href, "points outside the site"])
            elif target not in files:
                broken.append([href, "no such page" if target.endswith(".html") else "no such file"])
            elif fragment and target.endswith(".html"):
                if target == rel:
                    if unquote(fragment) not in own_ids:
                        broken.append([href, f"no anchor #{fragment}"])
                else:
                    elsewhere.append([href, target, fragment])
        scans[rel] = [broken, sorted(own_ids), elsewhere, touches]
    return scans


def check_site(site_dir: Path, base_path: str = "/", parallel: bool | None = None) -> list[BrokenLink]:
    """Every relative link and image of every HTML page that points to a missing file or anchor
    (see :func:`check_pages`)."""
    return check_pages(site_dir, base_path, parallel)[0]


def check_pages(site_dir: Path, base_path: str = "/", parallel: bool | None = None,
                digests: dict[str, str] | None = None, previous: dict | None = None,
                unkeyed: str = "") -> tuple[list[BrokenLink], dict]:
    """Every relative link and image of every HTML page that points to a missing file or anchor,
    and a record of each page's scan to pass as ``previous`` to the next check.

    With ``digests`` (each HTML page's fingerprint, :func:`macros.site.sitecache.file_digests`)
    and ``previous``, a page whose fingerprint is the one recorded is not read again, provided
    the site has the same files and folders and ``base_path`` as then (what a page's own links
    depend on); links into other pages' anchors are always checked against every page's ids.
    The files below the folder ``unkeyed`` (the search index, whose file names change with its
    contents) do not count as the site's files there; a page that links below it is read again.
    The pages to read are read in two halves by forked processes where
    :func:`macros.forking.can_fork` allows (``parallel=False`` reads them here).
    """
    site_dir = Path(site_dir)
    found: set[str] = set()
    pages = []
    top = len(str(site_dir)) + 1
    for dirpath, dirnames, names in os.walk(site_dir):
        prefix = dirpath[top:].replace(os.sep, "/") + "/" if len(dirpath) >= top else ""
        found.update(prefix + name for name in names)
        found.update(prefix + name for name in dirnames)  # a folder is a valid target too
        pages += [prefix + name for name in names if name.endswith(".html")]
    files = frozenset(found)
    pages.sort()
    keyed = sorted(rel for rel in files if not (unkeyed and (rel == unkeyed or rel.startswith(unkeyed + "/"))))
    files_key = fingerprint.digest(fingerprint.code_fingerprint(), base_path, unkeyed, keyed)
    digests = digests or {}
    known = previous.get("pages", {}) if previous and previous.get("files") == files_key else {}
    scans = {rel: known[rel][1:] for rel in pages
             if rel in known and rel in digests and known[rel][0] == digests[rel] and not known[rel][4]}
    unread = [rel for rel in pages if rel not in scans]
    halves = [unread[0::2], unread[1::2]] if len(unread) > 200 else [unread]
    for chunk_scans in fork_map([lambda chunk=chunk: _scan(site_dir, chunk, files, base_path, unkeyed) for chunk in halves],
                                parallel=parallel):
        scans.update(chunk_scans)
    ids = {rel: set(scans[rel][1]) for rel in pages}
    broken: list[BrokenLink] = []
    for rel in pages:
        own_broken, _, elsewhere, _ = scans[rel]
        broken += [BrokenLink(rel, href, problem) for href, problem in own_broken]
        broken += [BrokenLink(rel, href, f"no anchor #{fragment}") for href, target, fragment in elsewhere
                   if unquote(fragment) not in ids[target]]
    record = {"files": files_key, "pages": {rel: [digests[rel], *scans[rel]] for rel in pages if rel in digests}}
    return sorted(broken, key=lambda b: (b.page, b.href)), record


# -- from a built page back to the disclosure it was made from ---------------------------------

_DISCLOSURE_PAGE = re.compile(r"companies/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<period>[0-9]{4})(?:-index)?/index\.html\Z")
_COMPANY_PAGE = re.compile(r"companies/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/index\.html\Z")


def source_of(page: str) -> str | None:
    """The disclosure file a built page was made from, relative to the registry's root, or
    ``None`` for a page that no single disclosure file makes (home, indexes, views).

    ``companies/<slug>/<period>/index.html`` (and the redirect at the old URL of its content
    index, ``<period>-index/``) → ``disclosures/<slug>/<period>.zh.md``; below ``en/`` → ``<period>.en.md``;
    ``companies/<slug>/index.html`` → ``disclosures/<slug>/company.yml``.
    """
    lang = languages.of_path(page)
    rest = page[len(languages.root(lang)):]
    match = _DISCLOSURE_PAGE.match(rest)
    if match:
        return f"disclosures/{match['slug']}/{match['period']}.{lang}.md"
    match = _COMPANY_PAGE.match(rest)
    if match:
        return f"disclosures/{match['slug']}/company.yml"
    return None


def _needles(href: str) -> list[str]:
    """What the disclosure's own text holds of a built link: the fragment, the file name."""
    parts = urlsplit(href)
    needles = []
    if parts.fragment:
        needles.append("#" + parts.fragment)
    name = posixpath.basename(parts.path.rstrip("/"))
    if name and name not in (".", ".."):
        needles.append(name)
    return needles


def diagnostic_for(broken: BrokenLink, root: Path | str) -> Diagnostic | None:
    """The located problem (catalogue code CSR612, ``broken-link-at-build``) for a broken link
    the build found, in the disclosure file its page was made from: ``path:line`` of the
    first line of that file that holds the link's anchor or file name (line 1 when none does).
    ``None`` when the page is not made from one disclosure file (then the fault is the site's).
    """
    source = source_of(broken.page)
    if source is None:
        return None
    line = 1
    try:
        lines = (Path(root) / source).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        lines = []
    for needle in _needles(html.unescape(broken.href)):
        found = next((number for number, text in enumerate(lines, 1) if needle in text), None)
        if found is not None:
            line = found
            break
    return diag.make("broken-link-at-build", source, line, 1, page=broken.page, href=broken.href,
                     problem=broken.problem)
