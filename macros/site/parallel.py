"""Building the languages of the site side by side, and merging their output.

mkdocs-static-i18n builds one language after the other in one process.  The plugin forks after
the default language's files are known (see ``CsrPlugin.on_files``): the child builds each
other language into its own folder beside the site (``site.building.en-part``) while the
parent builds the default language, and the parent then moves the child's files into the site
with :func:`merge_part`.  The result is the site a sequential build writes: files of the later
language replace those of the earlier one (theme assets, ``404.html``), ``sitemap.xml`` lists
both languages' pages, and the search entries of both languages are kept.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import struct
from pathlib import Path

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"


def part_dir(site_dir: Path, lang: str) -> Path:
    """Where the child process builds ``lang``: a sibling of the site folder."""
    return site_dir.with_name(f"{site_dir.name}.{lang}-part")


def add_search_docs(site_dir: Path, docs: list[dict]) -> None:
    """Add entries to the search index Material wrote in ``site_dir``."""
    path = site_dir / SEARCH_INDEX
    if not docs or not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index.setdefault("docs", []).extend(docs)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def merge_sitemaps(earlier: str, later: str) -> str:
    """The ``<url>`` entries of ``later`` appended to those of ``earlier``."""
    start = later.index(">", later.index("<urlset")) + 1
    end = later.rindex("</urlset>")
    cut = earlier.rindex("</urlset>")
    return earlier[:cut] + later[start:end].lstrip("\n") + earlier[cut:]


def _gzip(data: bytes, mtime: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=SITEMAP + ".gz", mode="wb", mtime=mtime) as handle:
        handle.write(data)
    return buffer.getvalue()


def merge_part(site_dir: Path, part: Path) -> list[dict]:
    """Move the files built in ``part`` into ``site_dir``; return the part's search entries.

    The search index of the part is not moved: its entries are returned for the caller to add
    to the site's index.  ``sitemap.xml`` (and its ``.gz``) are merged; every other file
    replaces the site's file of the same path, as in a sequential build.
    """
    docs: list[dict] = []
    index = part / SEARCH_INDEX
    if index.exists():
        docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
        index.unlink()
    sitemap, site_sitemap = part / SITEMAP, site_dir / SITEMAP
    if sitemap.exists():
        later = sitemap.read_text(encoding="utf-8")
        merged = merge_sitemaps(site_sitemap.read_text(encoding="utf-8"), later) if site_sitemap.exists() else later
        site_sitemap.write_text(merged, encoding="utf-8")
        sitemap.unlink()
        packed = part / (SITEMAP + ".gz")
        if packed.exists():
            mtime = struct.unpack("<I", packed.read_bytes()[4:8])[0]
            (site_dir / (SITEMAP + ".gz")).write_bytes(_gzip(merged.encode("utf-8"), mtime))
            packed.unlink()
    for dirpath, _dirnames, filenames in os.walk(part):
        relative = Path(dirpath).relative_to(part)
        target_dir = site_dir / relative
        target_dir.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            os.replace(Path(dirpath) / name, target_dir / name)
    return docs
