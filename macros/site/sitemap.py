"""``sitemap.xml`` of the whole site, with each page's language alternates (``hreflang``).

Each language is built on its own (see :mod:`macros.site.translations`), so each build's
sitemap lists only that language's pages.  :func:`combine` joins them: one ``<url>`` per page
and language, each naming the page in every language that has it.  The result is written at
the site root and at each language's root, where Material's language selector fetches it.
"""

from __future__ import annotations

import gzip
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .. import languages
from .language_links import language_url

NAME = "sitemap.xml"
_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@dataclass(frozen=True)
class Entry:
    path: str  # below the language's root: "companies/x/", "" for the home page
    lastmod: str | None


def read_entries(xml: str, language_url: str) -> list[Entry]:
    """The pages of one language's sitemap (as MkDocs writes it), by path below ``language_url``."""
    entries = []
    for url in ET.fromstring(xml).findall("sm:url", _NS):
        loc = (url.findtext("sm:loc", default="", namespaces=_NS) or "").strip()
        path = loc[len(language_url):] if loc.startswith(language_url) else loc
        entries.append(Entry(path, url.findtext("sm:lastmod", default=None, namespaces=_NS)))
    return entries


def combine(site_url: str, pages: dict[str, list[Entry]]) -> str:
    """One sitemap for every language's pages, each with its alternates in every language."""
    have = {code: {entry.path for entry in entries} for code, entries in pages.items()}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for code in languages.CODES:
        for entry in pages.get(code, []):
            lines += ["    <url>", f"        <loc>{escape(language_url(site_url, code) + entry.path)}</loc>"]
            if entry.lastmod:
                lines.append(f"        <lastmod>{escape(entry.lastmod)}</lastmod>")
            lines.append("        <changefreq>daily</changefreq>")
            for other in languages.CODES:
                if entry.path in have.get(other, ()):
                    href = quoteattr(language_url(site_url, other) + entry.path)
                    lines.append(f'        <xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
            lines.append("    </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def gzipped(data: bytes, mtime: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=NAME, mode="wb", mtime=mtime) as handle:
        handle.write(data)
    return buffer.getvalue()


def write_combined(site_dir: Path, site_url: str, mtime: int) -> int:
    """Replace every language root's sitemap by the combined one; return its number of pages."""
    pages = {}
    for code in languages.CODES:
        path = site_dir / languages.root(code) / NAME
        if path.exists():
            pages[code] = read_entries(path.read_text(encoding="utf-8"), language_url(site_url, code))
    if not pages:
        return 0
    data = combine(site_url, pages).encode("utf-8")
    packed = gzipped(data, mtime)
    for code in pages:
        root = site_dir / languages.root(code)
        (root / NAME).write_bytes(data)
        (root / (NAME + ".gz")).write_bytes(packed)
    return sum(len(entries) for entries in pages.values())
