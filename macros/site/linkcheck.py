"""Checking internal links and anchors of a built site.

MkDocs validates links written in Markdown, but generated pages link in raw HTML and
disclosures may contain raw links too; this checker reads the final HTML instead.  It is
regex-based and linear in the size of the site.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"', re.IGNORECASE)
_IMG = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"', re.IGNORECASE)
_ID = re.compile(r'\sid="([^"]+)"')
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "ftp:", "//", "javascript:", "data:")


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page with the link
    href: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href} ({self.problem})"


def _target(page: str, href: str, base_path: str = "/") -> tuple[str, str]:
    """Site-relative file an ``href`` on ``page`` points to, and its fragment.

    Absolute paths (``/en/``) are taken relative to ``base_path``, the path of ``site_url``.
    """
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if path.startswith("/"):
        base = base_path if base_path.endswith("/") else base_path + "/"
        if not path.startswith(base):
            return "../" + path, parts.fragment  # outside the site
        joined = posixpath.normpath(path[len(base):] or ".")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or joined in (".", ""):
        joined = posixpath.join(joined, "index.html") if joined not in (".", "") else "index.html"
    return joined, parts.fragment


def check_site(site_dir: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every relative link and image of every HTML page that points to a missing file or anchor."""
    site_dir = Path(site_dir)
    pages = {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*.html")}
    ids: dict[str, set[str]] = {}

    def anchors(rel: str) -> set[str]:
        if rel not in ids:
            ids[rel] = set(_ID.findall(pages[rel].read_text(encoding="utf-8", errors="replace")))
        return ids[rel]

    broken: list[BrokenLink] = []
    for rel in sorted(pages):
        text = pages[rel].read_text(encoding="utf-8", errors="replace")
        ids.setdefault(rel, set(_ID.findall(text)))
        for raw in _HREF.findall(text) + _IMG.findall(text):
            href = html.unescape(raw)
            if not href or href.lower().startswith(_EXTERNAL):
                continue
            target, fragment = _target(rel, href, base_path)
            if target.startswith("../") or target == "..":
                broken.append(BrokenLink(rel, href, "points outside the site"))
                continue
            if target.endswith(".html") or target in pages:
                if target not in pages:
                    broken.append(BrokenLink(rel, href, "no such page"))
                elif fragment and unquote(fragment) not in anchors(target):
                    broken.append(BrokenLink(rel, href, f"no anchor #{fragment}"))
            elif not (site_dir / target).exists():
                broken.append(BrokenLink(rel, href, "no such file"))
    return broken
