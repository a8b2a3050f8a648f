"""Search recall: every word of every disclosure section is found, however deep in its section.

A synthetic registry (``bench/generate.py``, :data:`COMPANIES` companies, its search index in
parts of :data:`PART_COMPANIES` companies that the browser merges) is built and served;
words are sampled from the ends of sections, past the first 48 characters (the part the old
index kept), in both languages (``bench/searching.py``).  Searching each word with the site's
search field must find every disclosure page whose narrative contains it, and a first query
must download at most 500 KB.  The same check fails on a site built from the same registry
with every section cut to its first 48 characters: it can fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browsing import PHONE, REPO

sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
import searching  # noqa: E402

COMPANIES = 24
PART_COMPANIES = 6  # 4 parts of the search index
WORDS = 30  # per language
OPENING = searching.DEEP_CHARS


def build(root: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("CSR_ONLY", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "site"


def project(root: Path) -> Path:
    root.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - csr\n" in config
    (root / "mkdocs.yml").write_text(config.replace(
        "\n  - csr\n", f"\n  - csr:\n      search_part_companies: {PART_COMPANIES}\n"), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    generate.generate(root, COMPANIES)
    return root


def cut_sections(root: Path, keep: int = OPENING) -> None:
    """Every narrative section of every disclosure cut to its first ``keep`` characters of text."""
    from macros import sections

    for page in sorted((root / "disclosures").glob("*/*.md")):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4) + len("\n---\n")
        front, body = text[:end], text[end:]
        lines = body.split("\n")
        for section in sorted(sections.parse(body), key=lambda s: s.start, reverse=True):
            kept = searching.plain_text("\n".join(lines[section.start + 1:section.end]))[:keep]
            lines[section.start + 1:section.end] = ["", kept, ""]
        page.write_text(front + "\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def registry_sites(tmp_path_factory):
    """The synthetic registry's site, and the site of the same registry with cut sections."""
    base = tmp_path_factory.mktemp("recall")
    whole = project(base / "whole")
    cut = project(base / "cut")
    cut_sections(cut)
    return whole, build(whole), build(cut)


@pytest.fixture(scope="module")
def sample(registry_sites):
    root = registry_sites[0]
    from macros.registry import load_registry

    registry = load_registry(root)
    pages = {lang: searching.narratives(root, lang, registry) for lang in ("zh", "en")}
    return {lang: (pages[lang], searching.deep_words(pages[lang], lang, WORDS)) for lang in pages}


def measure(browser, site: Path, sample, lang: str) -> searching.Recall:
    pages, words = sample[lang]
    with searching.served(site) as base_url:
        results = searching.pagefind_results(browser, base_url, site, lang, words)
    return searching.recall(pages, lang, words, results)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_words_from_the_end_of_sections_find_every_disclosure_containing_them(browser, registry_sites, sample, lang):
    pages, words = sample[lang]
    assert len(words) == WORDS
    parts = json.loads((registry_sites[1] / "pagefind" / "csr-parts.json").read_text(encoding="utf-8"))
    assert len(parts[lang]) == 3, "the first part and three more, merged by the search field"
    measured = measure(browser, registry_sites[1], sample, lang)
    assert measured.expected >= WORDS * 3, "the sample words should occur in several disclosures each"
    assert measured.misses == {}
    assert measured.share == 1.0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_recall_check_fails_when_sections_are_cut_to_their_openings(browser, registry_sites, sample, lang):
    measured = measure(browser, registry_sites[2], sample, lang)
    assert measured.misses and measured.share < 0.9, measured.as_dict()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_first_query_downloads_at_most_500_kb(browser, registry_sites, sample, lang, viewport):
    site = registry_sites[1]
    word = sample[lang][1][0]
    with searching.served(site) as base_url:
        first = searching.first_query_bytes(browser, base_url, lang, word, viewport=viewport)
    assert first["results"] > 0, first
    assert 20_000 < first["bytes"] <= searching.FIRST_QUERY_LIMIT, first
