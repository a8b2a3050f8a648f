"""Per-language search indexes.

Each language is built on its own, so Material writes one index per language root, holding
only that language's pages; :func:`complete_index` adds the disclosures and sets the
language's separator.

Disclosure pages are not indexed by Material's search plugin (their pages carry
``search: exclude``); :func:`disclosure_entries` indexes them from the data model instead: the
title and summary, and each narrative heading with its text.  While the registry's disclosures
hold at most :data:`FULL_TEXT_CHARS` characters, each section's whole text is indexed, so that
a search finds every disclosure that contains the words (:func:`text_limit`).  Beyond that,
only the opening of each section is: parsing every page's HTML and segmenting all of its
Chinese text took most of the build time of a large registry, and the full text of thousands of
disclosures made an index too large for a browser to load; the full text stays on the pages
and in the downloads.
"""

from __future__ import annotations

import bisect
import functools
import html
import json
import re
from pathlib import Path
from typing import Iterable

from .. import languages
from .sanitize import DROPPED_WITH_CONTENT

# Material's recommended separator for Chinese: split on whitespace, the zero-width spaces that
# jieba segmentation inserts at build time, and common punctuation.
SEPARATORS = {
    languages.SOURCE.code: r'[\s\u200b\-_,:!=\[\]()"`/，。、；：！？（）《》“”]+|\.(?!\d)|&[lg]t;',
    languages.TRANSLATION.code: r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])',
}


def complete_index(root: Path, lang: str, extra_docs: Iterable[dict] = ()) -> int | None:
    """Finish the search index Material wrote at a language's root: add ``extra_docs`` (locations
    relative to that root), set the language and its separator; return its size in bytes."""
    path = root / "search" / "search_index.json"
    if not path.exists():
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    index.setdefault("docs", []).extend(extra_docs)
    config = index.setdefault("config", {})
    config["lang"] = [lang]
    config["separator"] = SEPARATORS.get(lang, config.get("separator", r"[\s\-]+"))
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


# -- disclosure pages, indexed from the model ----------------------------------------------

SNIPPET_CHARS = 48  # characters of each section's text kept in the index of a large registry
# Whole section texts are indexed while all disclosures together (both languages) have at most
# this many characters: about 40 disclosures of 5,000 characters, a Chinese index near 1.5 MB.
FULL_TEXT_CHARS = 400_000
SELF_INDEXED_KINDS = {"disclosure"}  # generated pages indexed here, not by Material
UNINDEXED_KINDS = {"content-index"}  # tables only: nothing a reader searches for

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})")
# Each pattern stops at the end of a line or at the next opening character, so that no text
# makes them scan it more than a few times (see macros/limits.py).
_MARKUP = [
    (re.compile(r"<[^<>]*>"), " "),  # HTML tags
    (re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"!?\[([^\[\]\n]*)\]\[[^\[\]\n]*\]"), r"\1"),  # reference links
    (re.compile(r"\{[:#.][^{}\n]*\}"), ""),  # attr_list
    (re.compile(r"(?m)^[ \t]*(?:[-*+]|[0-9]+[.)]|>+|!!!.*|\?{3}\+?.*)[ \t]*"), ""),  # list, quote, admonition
    (re.compile(r"[*_`~|]+"), ""),  # emphasis, code, tables
    (re.compile(r"\s+"), " "),
]
_DROPPED = re.compile(r"<(/?)(" + "|".join(sorted(DROPPED_WITH_CONTENT)) + r")\b[^<>]*>?", re.IGNORECASE)


def _without_dropped_elements(text: str) -> str:
    """``text`` without the elements the sanitiser removes with their content (``<noscript>``,
    ``<template>``, ``<script>``...): what the page does not show, search does not show either.
    An element never closed runs to the end, as in a browser.  Linear: one pass over the tags."""
    if "<" not in text:
        return text
    parts = []
    kept_from = 0
    open_name = None
    for match in _DROPPED.finditer(text):
        closing, name = match[1], match[2].lower()
        if open_name is None and not closing:
            parts.append(text[kept_from:match.start()])
            open_name = name
        elif open_name == name and closing:
            open_name = None
            kept_from = match.end()
    if open_name is None:
        parts.append(text[kept_from:])
    return " ".join(parts)


def plain_text(markdown: str) -> str:
    """Readable text of a Markdown fragment: markup removed, entities decoded, spaces collapsed."""
    text = "\n".join(line for line in markdown.split("\n") if not _FENCE.match(line))
    text = _without_dropped_elements(text)
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return html.unescape(text).strip()


def text_limit(registry, budget: int = FULL_TEXT_CHARS) -> int | None:
    """``None`` (whole section texts) while the registry's disclosures fit ``budget``
    characters, else :data:`SNIPPET_CHARS`; the ``limit`` for :func:`registry_entries`."""
    total = 0
    for disclosure in registry.disclosures:
        total += len(disclosure.zh.body) + (len(disclosure.en.page.body) if disclosure.en is not None else 0)
        if total > budget:
            return SNIPPET_CHARS
    return None


def snippet(text: str, limit: int | None = SNIPPET_CHARS) -> str:
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def load_segmenter() -> None:
    """Load jieba's dictionary now (about 50 MB and 0.7 s), if jieba is installed.

    Material's search plugin and :func:`segment` load it on first use; a process that forks
    loads it once beforehand, so that its children share it instead of each loading a copy.
    """
    try:
        import jieba
    except ImportError:
        return
    jieba.initialize()


@functools.lru_cache(maxsize=65536)  # headings recur across disclosures ("开源贡献")
def segment(text: str) -> str:
    """Chinese runs split into words with zero-width spaces, as Material's search plugin does."""
    if not _HAN.search(text):
        return text
    import jieba

    def words(match: re.Match) -> str:
        return "\u200b" + "\u200b".join(jieba.cut(match[0])) + "\u200b"

    return _HAN.sub(words, text).strip("\u200b")


def _entry(location: str, title: str, text: str) -> dict:
    text = segment(html.escape(text, quote=False))
    return {"location": location, "title": segment(html.escape(title, quote=False)),
            "text": f"<p>{text}</p>" if text else ""}


def _section_texts(body: str, sections) -> tuple[str, list[tuple[object, str]]]:
    """The text before the first heading, and each section's own text (up to the next heading)."""
    lines = body.split("\n")
    starts = sorted(section.start for section in sections)
    first = starts[0] if starts else len(lines)
    texts = []
    for section in sections:
        later = bisect.bisect_right(starts, section.start)
        end = min(starts[later] if later < len(starts) else len(lines), section.end)
        texts.append((section, "\n".join(lines[section.start + 1 : end])))
    return "\n".join(lines[:first]), texts


def disclosure_entries(disclosure, lang: str, location: str, limit: int | None = SNIPPET_CHARS) -> list[dict]:
    """Search entries of one disclosure page: title and summary, then each narrative heading."""
    summary = disclosure.summary(lang)
    if lang != languages.SOURCE.code and disclosure.en is not None:
        page, missing = disclosure.en.page, set(disclosure.en.missing_sections)
        parts = [(page.body, page.sections),
                 (disclosure.zh.body, [s for s in disclosure.zh.sections if s.anchor in missing])]
    else:
        parts = [(disclosure.zh.body, disclosure.zh.sections)]
    intro, _ = _section_texts(parts[0][0], parts[0][1])
    lead = " ".join(text for text in (summary, snippet(plain_text(intro), limit)) if text)
    entries = [_entry(location, disclosure.title(lang), lead)]
    for body, sections in parts:
        for section, text in _section_texts(body, sections)[1]:
            entries.append(_entry(f"{location}#{section.anchor}", section.title,
                                  snippet(plain_text(text), limit)))
    return entries


def index_disclosures(root: Path, registry, lang: str) -> None:
    """Add every disclosure of ``lang`` to the index Material wrote at the language's ``root``."""
    from ..diagnostics import counted
    from .progress import phase

    with phase(f"search index ({lang})") as indexing:
        entries = registry_entries(registry, lang, text_limit(registry))
        size = complete_index(root, lang, entries)
        indexing.done(f"search index ({lang}): {counted(len(entries), 'disclosure entry', 'disclosure entries')} "
                      f"added, {(size or 0) // 1024} KiB")


def registry_entries(registry, lang: str, limit: int | None = SNIPPET_CHARS) -> list[dict]:
    """Entries for every disclosure page of ``lang``, located relative to that language's root."""
    entries = []
    for disclosure in registry.disclosures:
        location = f"companies/{disclosure.company.slug}/{disclosure.period}/"
        entries += disclosure_entries(disclosure, lang, location, limit)
    return entries
