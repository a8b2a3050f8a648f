"""Full-text search of the published site: Pagefind indexes of every language, built once both
languages are merged (:func:`index_pages`, run part by part by :mod:`macros.site.searchparts`).

Pagefind (the ``pagefind[extended]`` package, whose binary segments Chinese) reads the built
HTML and writes a bundle to ``pagefind/`` at the site root: its script, its WebAssembly, and an
index split into small chunks and per-page fragments, one index per ``<html lang>``.  A reader's
browser downloads only the chunks of the words it searches and the fragments of the results it
shows, so what a query costs grows only with the number of the index's parts (one per
:data:`~macros.site.searchparts.COMPANIES_PER_PART` companies), and every word of every page is
indexed (nothing is cut to keep an index small).

What is indexed: the article of every page that carries ``data-pagefind-body`` (the package's
``partials/content.html`` puts it on every page except those with ``search: exclude`` in their
front matter: the company index, the indicator overview, the coverage matrix, the statistics);
heading permalinks (``¶``) are left out.  The search field in the header
(``partials/search.html`` and ``assets/csr/search.js``) loads the bundle on first use.

Chinese words: Pagefind segments page text with a dictionary when indexing, but a query in the
browser with the browser's own segmenter (``Intl.Segmenter``), and the two disagree (价目表 is
indexed as 价目 + 表, the browser cuts the query into 价 + 目 + 表, and a page without another
word starting with 目 is not found).  So the index's own words are written beside the bundle
(:func:`write_vocabulary`: ``pagefind/csr-words/<lang>/<n>.json``, words grouped by their first
character, :data:`SHARDS` files), and the script cuts a Chinese query into the index's words
before searching.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .. import languages

BUNDLE = "pagefind"  # the bundle's folder below the site root
BODY_MARKER = b"data-pagefind-body"  # what a page that is indexed holds (partials/content.html)
VOCABULARY = "csr-words"  # below the bundle: the index's words of each segmented language
SHARDS = 128  # vocabulary files per language: words whose first character's code point % SHARDS = n
SEGMENTED = {languages.SOURCE.code}  # languages Pagefind segments with a dictionary (zh)
# Left out of the index wherever they are: heading permalinks (¶); the framework's words that every
# disclosure repeats in its indicator summary (the indicators' codes and names, the table's head)
# and status badges, which would make every disclosure a result for an indicator's name.  What
# companies wrote there (omission explanations, evidence titles, figures) stays.
EXCLUDE_SELECTORS = [".headerlink", "table.csr-claims thead", "table.csr-claims tbody th", ".csr-status"]
_WORD_SEPARATORS = re.compile("[\u200b\\s]+")


class SearchIndexFailed(Exception):
    """Pagefind did not write an index."""


def command(site: Path, glob: str | None = None, output: str = BUNDLE) -> list[str]:
    """How the search index of ``site`` is built: Pagefind's binary from its Python package
    (``glob``: only the pages it matches, relative to ``site``; ``output``: the bundle's folder
    below ``site``)."""
    args = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", output, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    if glob is not None:
        args += ["--glob", glob]
    return args


_GLOB_SYNTAX = re.compile(r"[{}\[\]*?,!\\]")


def has_glob_syntax(name: str) -> bool:
    """Whether a file name cannot be written as itself in a Pagefind glob."""
    return bool(_GLOB_SYNTAX.search(name))


def index_pages(site: Path, output: str, globs: dict[str, str] | None) -> dict:
    """Index the pages of ``site`` that ``globs`` (one per language) match into the bundle at
    ``site/output``; ``None``: every page, in one run.  Returns the languages found with their
    pages, and the words of each segmented language (see :func:`indexed_words`).

    Pagefind holds every page it indexes in memory until it writes the bundle, so the languages
    are indexed one after the other (one run per language's pages, each adding its index to the
    same bundle; their entries are then joined): the same bundle as one run over them all, with
    about half the memory.  If a run finds a language another run found too (a page whose
    ``<html lang>`` is not its folder's language), the pages are indexed again in one run."""
    bundle = site / output
    entry = bundle / "pagefind-entry.json"
    joined: dict | None = None
    if globs and len(globs) > 1:
        joined = {}
        for glob in globs.values():
            found = json.loads(_run_pagefind(site, entry, glob, output).read_text(encoding="utf-8"))
            if joined and set(found.get("languages", {})) & set(joined.get("languages", {})):
                joined = None  # languages mixed across folders: one run over everything
                break
            joined = {**found, "languages": {**joined.get("languages", {}), **found.get("languages", {})}}
    if joined is None:
        shutil.rmtree(bundle, ignore_errors=True)  # nothing of the runs by language stays
        together = None if globs is None else "{" + ",".join(
            alternative for glob in globs.values() for alternative in _alternatives(glob)) + "}"
        _run_pagefind(site, entry, together, output)
    else:
        entry.write_text(json.dumps(joined, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    languages_found = stable_entry(entry)
    return {"languages": languages_found,
            "words": {lang: indexed_words(bundle, lang) for lang in SEGMENTED if lang in languages_found}}


def _alternatives(glob: str) -> list[str]:
    """The patterns of a glob written ``{a,b,c}`` (patterns without braces of their own)."""
    return glob[1:-1].split(",") if glob.startswith("{") and glob.endswith("}") else [glob]


def _run_pagefind(site: Path, entry: Path, glob: str | None, output: str = BUNDLE) -> Path:
    """Run Pagefind over ``site`` (the pages ``glob`` matches); return its entry file."""
    entry.unlink(missing_ok=True)
    try:
        result = subprocess.run(command(site, glob, output), capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as error:  # pragma: no cover - the interpreter itself is missing
        raise SearchIndexFailed(str(error)) from None
    if result.returncode != 0 or not entry.exists():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        if "No module named pagefind" in detail:
            detail = "the pagefind package is missing: pip install -r requirements-runtime.lock"
        raise SearchIndexFailed(f"Pagefind failed (exit {result.returncode}): {detail}")
    return entry


def stable_entry(entry: Path) -> dict[str, int]:
    """Pagefind lists the languages of ``pagefind-entry.json`` in no fixed order: sort them, so
    that two builds of the same sources write the same bytes.  Returns each language's pages."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {lang: info.get("page_count", 0) for lang, info in data["languages"].items()}


def fragments(bundle: Path, lang: str):
    """Pagefind's stored pages of ``lang`` in ``bundle`` and its parts (``parts/*/``, see
    :mod:`macros.site.searchparts`): (page id, its fragment as a dict)."""
    found = [*bundle.glob(f"fragment/{lang}_*.pf_fragment"), *bundle.glob(f"parts/*/fragment/{lang}_*.pf_fragment")]
    for path in sorted(found, key=lambda path: path.name):
        data = gzip.decompress(path.read_bytes())
        yield path.stem, json.loads(data[data.index(b"{"):])


def indexed_words(bundle: Path, lang: str) -> set[str]:
    """The words Pagefind indexed for ``lang``, as it stored them: its page texts keep the
    segmentation (words separated by zero-width spaces); indexed words are lower-cased and keep
    letters and digits only."""
    words = set()
    for _id, fragment in fragments(bundle, lang):
        for raw in _WORD_SEPARATORS.split(fragment.get("content", "")):
            word = "".join(ch for ch in raw.lower() if ch.isalnum())
            if word:
                words.add(word)
    return words


def write_vocabulary(bundle: Path, lang: str, words: set[str]) -> int:
    """Write the ``words`` of ``lang`` that start with a non-ASCII character (the ones a segmenter
    cut) into :data:`SHARDS` files by their first character; return how many words."""
    shards: dict[int, dict[str, list[str]]] = {}
    count = 0
    for word in sorted(words):
        if word[0].isascii():
            continue
        shards.setdefault(ord(word[0]) % SHARDS, {}).setdefault(word[0], []).append(word)
        count += 1
    folder = bundle / VOCABULARY / lang
    folder.mkdir(parents=True, exist_ok=True)
    for shard in range(SHARDS):
        (folder / f"{shard}.json").write_text(
            json.dumps(shards.get(shard, {}), ensure_ascii=False, separators=(",", ":"), sort_keys=True),
            encoding="utf-8")
    return count
