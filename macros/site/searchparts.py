"""The search index in parts: the site's pages split into groups of companies, each indexed by
its own Pagefind runs and kept in the build cache, so that a rebuild indexes again only the parts
whose pages changed, and no Pagefind run holds more than a part of one language in memory.

The bundle at ``pagefind/`` is the first part, with Pagefind's script and WebAssembly: the pages
that are not a company's (home, docs, indexes) and the first group of companies, every language
(one run per language, joined); below it, ``pagefind/parts/<part>-<language>/`` holds each other
part's index of one language (its entry, meta, word chunks and page fragments, no scripts).  The search field merges them in
the reader's browser (Pagefind's ``mergeIndex``: one WebAssembly for all; each part adds its
meta and, per searched word, a chunk of its index, about 25 KB), listed per language in
``pagefind/csr-parts.json``.  Runs go two at a time while the parts hold at most
:data:`COMPANIES_PER_PART` companies each, one at a time beyond (:func:`runs_at_once`).

A company's part is fixed by a hash of its slug and the number of parts, which grows in powers of
two with the registry (at most :data:`COMPANIES_PER_PART` companies per part on average, up to
:data:`MAX_PARTS` parts; beyond, the parts grow), so a company added or changed changes one part.  The size of the parts weighs what a first query
downloads (more parts, more chunks) against the memory of one Pagefind run and the time to index
one part again; the measurements behind it are in bench/README.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import environment, languages
from ..fingerprint import code_fingerprint
from . import search
from .sitecache import SiteCache

COMPANIES = "companies"  # the folder of the company pages below each language's root
COMPANIES_PER_PART = 400  # on average at most, up to MAX_PARTS parts: 4 parts from N = 801 (bench/README.md)
# Each part adds its meta and, per searched word, about 25 KB of index to what a query downloads:
# measured at N = 3000, a first Chinese query took 680 KiB from 8 parts and 404 KiB from 4.  So a
# larger registry gets larger parts (more memory per Pagefind run: 478 MiB at 750 companies).
MAX_PARTS = 4
PARTS = "parts"  # below the bundle: one folder per company part
PARTS_LIST = "csr-parts.json"  # below the bundle: the parts to merge, per language
CACHE_KIND = "search-parts"  # below the site cache: one entry per part
# what a company part keeps of its Pagefind bundle: the index, not Pagefind's scripts and styles
_INDEX_FILES = ("pagefind-entry.json",)
_INDEX_FOLDERS = ("index", "fragment", "filter")


def part_count(companies: int, per_part: int = COMPANIES_PER_PART) -> int:
    """How many parts a registry of ``companies`` is indexed in, ``per_part`` companies each at
    most on average but never more than :data:`MAX_PARTS`: a power of two, so that the parts
    change only when the registry doubles."""
    return min(MAX_PARTS, 1 << (max(1, math.ceil(companies / per_part)) - 1).bit_length())


def bucket(slug: str, count: int) -> int:
    """The part (of ``count``) that company ``slug`` is indexed in."""
    return int.from_bytes(hashlib.blake2b(slug.encode("utf-8"), digest_size=8).digest(), "big") % count


@dataclass
class Part:
    """A group of pages and the Pagefind globs that match them, per language root."""

    name: str  # "p<count>-<n>"; n = 0: the first part, whose bundle holds Pagefind's scripts
    primary: bool
    patterns: dict[str, list[str]] = field(default_factory=dict)  # language -> Pagefind globs
    pages: dict[str, list[str]] = field(default_factory=dict)  # language -> its HTML pages (site-relative)

    def globs(self) -> dict[str, str]:
        return {lang: _alternatives(patterns) for lang, patterns in self.patterns.items() if patterns}


@dataclass
class Run:
    """One Pagefind run and cache entry: one language of a part, into ``output`` below the site
    (the first part's runs into ``pagefind.first-<language>/``, joined into the bundle's root at
    the end; the others into ``pagefind/parts/<part>-<language>/``)."""

    name: str
    output: str
    lang: str
    glob: str
    pages: list[str]
    primary: bool


FIRST = f"{search.BUNDLE}.first"  # below the site: where the first part's runs are made, before they are joined


def _alternatives(patterns: list[str]) -> str:
    return "{" + ",".join(patterns) + "}" if len(patterns) > 1 else patterns[0]


def plan(site: Path, pages: list[str], per_part: int = COMPANIES_PER_PART) -> list[Part] | None:
    """The parts of ``site`` whose HTML ``pages`` (relative paths) are to be indexed, the first
    (primary) one first; ``None`` when a name at the site root or a company's folder cannot be
    written in a Pagefind glob."""
    roots = {code: languages.root(code) for code in languages.CODES}  # "" for the source language
    nested = {root.rstrip("/") for root in roots.values() if root}
    companies = site / COMPANIES
    slugs = {entry.name for entry in companies.iterdir() if entry.is_dir()} if companies.is_dir() else set()
    count = part_count(len(slugs), per_part)
    parts = [Part(f"p{count}-{n}", primary=n == 0) for n in range(count)]
    main = parts[0]  # also the pages that are not a company's
    owners: dict[str, Part] = {}  # "<root>companies/<slug>/" -> its part
    for code, root in roots.items():
        folder = site / root if root else site
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            name = entry.name
            if not root and (name in nested or name == search.BUNDLE or name.startswith(FIRST)):
                continue
            if search.has_glob_syntax(name):
                return None
            if entry.is_dir() and name == COMPANIES:
                main.patterns.setdefault(code, []).append(f"{root}{name}/*.html")
                for company in sorted(entry.iterdir()):
                    if not company.is_dir():
                        continue
                    if search.has_glob_syntax(company.name):
                        return None
                    # a company with pages in a translation only is indexed with the first part
                    part = parts[bucket(company.name, count)] if company.name in slugs else main
                    prefix = f"{root}{name}/{company.name}/"
                    part.patterns.setdefault(code, []).append(f"{prefix}**/*.html")
                    owners[prefix] = part
            elif entry.is_dir():
                main.patterns.setdefault(code, []).append(f"{root}{name}/**/*.html")
            elif name.endswith(".html"):
                main.patterns.setdefault(code, []).append(f"{root}{name}")
    for page in pages:
        steps = page.split("/")
        owner = owners.get("/".join(steps[:2]) + "/") or owners.get("/".join(steps[:3]) + "/") or main
        owner.pages.setdefault(languages.of_path(page), []).append(page)
    return [main, *(part for part in parts[1:] if part.patterns)]


def runs(parts: list[Part]) -> list[Run]:
    """The Pagefind runs of ``parts``: one per part and language."""
    found = []
    for part in parts:
        for lang, glob in part.globs().items():
            output = f"{FIRST}-{lang}" if part.primary else f"{search.BUNDLE}/{PARTS}/{part.name}-{lang}"
            found.append(Run(f"{part.name}-{lang}", output, lang, glob, sorted(part.pages.get(lang, [])), part.primary))
    return found


def run_digest(run: Run, page_digests: dict[str, str], searchable: set[str] | None = None) -> str:
    """What a run's index depends on: the code, its glob and its pages' paths and bytes; with
    ``searchable`` (the pages marked ``data-pagefind-body``), only those of its pages, which are
    all Pagefind indexes when there is one among them (the matrix, say, is left out)."""
    pages = [page for page in run.pages if page in searchable] if searchable is not None else []
    h = hashlib.blake2b(digest_size=20)
    h.update(code_fingerprint().encode())
    h.update(json.dumps([run.output, run.lang, run.glob, bool(pages)]).encode("utf-8"))
    for page in pages or run.pages:
        h.update(page.encode("utf-8", "surrogateescape") + b"\0" + page_digests[page].encode())
    return h.hexdigest()


def runs_at_once(companies: int, parts: int, per_part: int = COMPANIES_PER_PART) -> int:
    """How many Pagefind runs go side by side (each uses about one core): two while each part holds
    at most ``per_part`` companies, else one, so that a large registry's build process and two
    runs do not pass 1 GiB together (measured at 3000 companies: the build process about 570 MiB
    after building; one run up to 260 MiB for 375 companies, 478 MiB for 750).  ``CSR_PARALLEL=0``:
    one at a time."""
    side_by_side = (os.cpu_count() or 1) > 1 and environment.parallel_allowed()
    return 2 if companies <= parts * per_part and side_by_side else 1


def index_site(site: Path, page_digests: dict[str, str], cache: SiteCache,
               per_part: int = COMPANIES_PER_PART, searchable: set[str] | None = None) -> dict:
    """Index ``site`` into ``site/pagefind/`` part by part and language by language, reusing the
    runs whose pages did not change (``searchable``: see :func:`run_digest`); return what was
    indexed (languages and their pages, words, bytes, parts, runs, reused runs)."""
    parts = plan(site, sorted(page_digests), per_part)
    bundle = site / search.BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    for leftover in site.glob(f"{FIRST}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if parts is None:  # names Pagefind's globs cannot express: one run over the whole site
        result = search.index_pages(site, search.BUNDLE, None)
        words = {lang: search.write_vocabulary(bundle, lang, found) for lang, found in result["words"].items()}
        return _summary(site, result["languages"], words, 1, 1, 0)
    planned = runs(parts)

    def work(run: Run) -> tuple[dict, bool]:
        return cache.reuse(f"{CACHE_KIND}/{run.name}", run_digest(run, page_digests, searchable),
                           lambda: _index(site, run), site=site, output=run.output)

    companies = sum(1 for entry in (site / COMPANIES).iterdir() if entry.is_dir()) if (site / COMPANIES).is_dir() else 0
    at_once = runs_at_once(companies, part_count(companies, per_part), per_part)
    with ThreadPoolExecutor(max_workers=at_once) as pool:  # each run is a Pagefind process
        done = list(pool.map(work, planned))
    cache.forget(CACHE_KIND, keep={run.name for run in planned})
    made = [run.output for run in planned if run.primary]  # the first part's folders, joined into the bundle
    first = [result for run, (result, _) in zip(planned, done) if run.primary]
    if not _join(site, made):  # a page whose <html lang> is not its folder's: the first part in one run
        made.append(f"{FIRST}-all")
        whole = search.index_pages(site, made[-1], parts[0].globs())
        _join(site, made[-1:])
        first = [{"languages": whole["languages"], "words": {lang: sorted(found) for lang, found in whole["words"].items()}}]
    for output in made:
        shutil.rmtree(site / output, ignore_errors=True)
    listed: dict[str, list[str]] = {}
    for run, (result, _) in zip(planned, done):
        if not run.primary:
            for lang in result["languages"]:
                listed.setdefault(lang, []).append(run.output.removeprefix(f"{search.BUNDLE}/") + "/")
    (bundle / PARTS_LIST).write_text(json.dumps(dict(sorted(listed.items())), separators=(",", ":")), encoding="utf-8")
    results = first + [result for run, (result, _) in zip(planned, done) if not run.primary]
    languages_found: dict[str, int] = {}
    words: dict[str, set[str]] = {}
    for result in results:
        for lang, pages in result["languages"].items():
            languages_found[lang] = languages_found.get(lang, 0) + pages
        for lang, found in result["words"].items():
            words.setdefault(lang, set()).update(found)
    counts = {lang: search.write_vocabulary(bundle, lang, found) for lang, found in sorted(words.items())}
    return _summary(site, dict(sorted(languages_found.items())), counts, len(parts), len(planned),
                    sum(reused for _, reused in done))


def _join(site: Path, outputs: list[str]) -> bool:
    """Join the bundles at ``outputs`` (the first part's runs) into the bundle's root: their files
    side by side (Pagefind's scripts are the same in each), one entry listing every language.
    ``False`` (nothing joined) if two of them have the same language."""
    entries = [json.loads((site / output / "pagefind-entry.json").read_text(encoding="utf-8")) for output in outputs]
    found = [lang for entry in entries for lang in entry.get("languages", {})]
    if len(found) != len(set(found)):
        return False
    bundle = site / search.BUNDLE
    for output in outputs:
        folder = site / output
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            target = bundle / rel
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif rel.as_posix() != "pagefind-entry.json" and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)  # a move: a file shared with the cache is never written
    joined = {**entries[0], "languages": dict(sorted(
        (lang, info) for entry in entries for lang, info in entry.get("languages", {}).items()))} if entries else {}
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / "pagefind-entry.json").write_text(json.dumps(joined, ensure_ascii=False, separators=(",", ":")),
                                               encoding="utf-8")
    return True


def _index(site: Path, run: Run) -> dict:
    """One run's Pagefind index (see :func:`macros.site.search.index_pages`); a part other than
    the first keeps only its index files."""
    result = search.index_pages(site, run.output, {run.lang: run.glob})
    if not run.primary:
        for entry in (site / run.output).iterdir():
            if not (entry.name in _INDEX_FILES or entry.name.endswith(".pf_meta") or entry.name in _INDEX_FOLDERS):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return {"languages": result["languages"], "words": {lang: sorted(found) for lang, found in result["words"].items()}}


def _summary(site: Path, languages_found: dict[str, int], words: dict[str, int], parts: int, runs_made: int,
             reused: int) -> dict:
    bundle = site / search.BUNDLE
    size = sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(bundle) for name in names)
    return {"languages": languages_found, "words": words, "bytes": size, "parts": parts, "runs": runs_made,
            "reused": reused}
