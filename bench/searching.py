"""Search recall and the bytes of a first query, measured on a built site in headless Chromium.

Used by ``bench/run.py`` (per N), by the browser tests (``tests/browser/test_search_recall.py``)
and, from the command line, to compare search engines on one built site:

    python bench/searching.py SITE_DIR REGISTRY_ROOT [--engine pagefind|material] [--words 20]

*Recall*: words are sampled from deep inside the narrative sections of the disclosures (past
the first :data:`DEEP_CHARS` characters of a section, where the old index stopped), in both
languages; for each word, every disclosure page whose narrative contains it must be among the
results of searching it on that language's site.  Recall is the share of those (word,
disclosure) pairs that are found.

*A first query*: what a reader's browser downloads from typing the first query into the
search field of a freshly opened page until the results are shown (Pagefind loads its script,
its WebAssembly, the language's metadata, the index chunks of the query's words and the
fragments of the results it shows); for Material's search, the index and its worker, which it
loads with every page.

A word is "contained" in a narrative as a reader would type it: for Chinese, as one of the
words jieba cuts the text into (searching 数据 need not find 大数据); for English, as a whole
word, ignoring case.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import html
import http.server
import json
import random
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from macros import languages  # noqa: E402

DEEP_CHARS = 48  # the old index kept each section's first 48 characters: sample beyond them
FIRST_QUERY_LIMIT = 500 * 1024  # bytes a first query may download (the benchmark's target)
BUNDLE = "pagefind/"  # the search bundle, below the site root
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

_HAN = re.compile("^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_LATIN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_EN_STOP = frozenset(
    "about also been before both does each every from have here into more most much only other over same "
    "such than that their them then there these they this those very were what when where which while with "
    "would year years"
    .split())
_MARKUP = [
    (re.compile(r"<[^>]*>"), " "),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\{[:#.][^}]*\}"), ""),
    (re.compile(r"(?m)^\s*(?:[-*+]|[0-9]+[.)]|>+)\s+"), ""),
    (re.compile(r"[*_`~|]+"), ""),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """The readable text of a Markdown fragment (markup removed, spaces collapsed)."""
    for pattern, replacement in _MARKUP:
        markdown = pattern.sub(replacement, markdown)
    return html.unescape(markdown).strip()


# -- what the disclosures say -------------------------------------------------------------------

@dataclass
class Narrative:
    """One disclosure page of one language: its path below the language root and its sections."""

    path: str  # companies/<slug>/<period>/
    sections: list[tuple[str, str]]  # (anchor, plain text of the section's own lines)
    text: str  # title, summary and the whole narrative, plain
    _words: set[str] | None = field(default=None, repr=False)

    def words(self, lang: str) -> set[str]:
        if self._words is None:
            self._words = words_of(self.text, lang)
        return self._words


def words_of(text: str, lang: str) -> set[str]:
    if lang == languages.SOURCE.code:
        import jieba

        return {word for word in jieba.cut(text) if len(word) >= 2 and _HAN.match(word)}
    return {word.lower() for word in _LATIN.findall(text)}


def narratives(root: Path, lang: str, registry=None) -> list[Narrative]:
    """Every disclosure page of ``lang`` in the registry at ``root``, as a reader sees its text
    (an untranslated section of an English page shows the Chinese one)."""
    from macros.registry import load_registry

    registry = registry or load_registry(root)
    found = []
    for disclosure in registry.disclosures:
        parts = [(disclosure.zh.body, disclosure.zh.sections)]
        if lang != languages.SOURCE.code and disclosure.en is not None:
            missing = set(disclosure.en.missing_sections)
            parts = [(disclosure.en.page.body, disclosure.en.page.sections),
                     (disclosure.zh.body, [s for s in disclosure.zh.sections if s.anchor in missing])]
        sections = []
        for body, heads in parts:
            lines = body.split("\n")
            starts = sorted(s.start for s in heads)
            for head in heads:
                later = [start for start in starts if start > head.start]
                end = min(later[0] if later else len(lines), head.end)
                sections.append((head.anchor, plain_text("\n".join(lines[head.start + 1:end]))))
        whole = " ".join([disclosure.title(lang), disclosure.summary(lang)]
                         + [plain_text(body) for body, _ in parts])
        found.append(Narrative(f"companies/{disclosure.company.slug}/{disclosure.period}/", sections, whole))
    return found


def deep_words(pages: list[Narrative], lang: str, count: int, seed: int = 7) -> list[str]:
    """``count`` different words, each taken from the end of a section of a randomly chosen
    disclosure, past its first :data:`DEEP_CHARS` characters."""
    rng = random.Random(f"csr-search:{seed}:{lang}")
    chosen: list[str] = []
    candidates = [(page, anchor, text) for page in pages for anchor, text in page.sections if len(text) > DEEP_CHARS]
    rng.shuffle(candidates)
    for _page, _anchor, text in candidates:
        tail = text[max(DEEP_CHARS, len(text) - 60):]
        words = [w for w in _tail_words(tail, lang) if w not in chosen and w not in _opening(text, lang)]
        if words:
            chosen.append(rng.choice(words))
        if len(chosen) == count:
            break
    return chosen


def _tail_words(tail: str, lang: str) -> list[str]:
    if lang == languages.SOURCE.code:
        import jieba

        return [w for w in jieba.cut(tail) if len(w) >= 2 and _HAN.match(w)][1:]  # the first may be cut
    return [w.lower() for w in _LATIN.findall(tail)[1:] if len(w) >= 4 and w.lower() not in _EN_STOP]


def _opening(text: str, lang: str) -> set[str]:
    """Words that are (or start) in a section's opening: not "deep" there."""
    return words_of(text[:DEEP_CHARS + 10], lang)


def containing(pages: list[Narrative], lang: str, word: str) -> list[str]:
    return [page.path for page in pages if word in page.words(lang)]


# -- the browser ---------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served on 127.0.0.1 by a thread; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(executable: str = "/usr/bin/chromium"):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def fragment_urls(site: Path) -> dict[str, str]:
    """Pagefind's page ids (``zh_1a2b3c4``) → the page's path below the site root."""
    urls = {}
    for fragment in (site / BUNDLE).glob("**/fragment/*.pf_fragment"):  # the main part's and the others
        data = gzip.decompress(fragment.read_bytes())
        urls[fragment.stem] = json.loads(data[data.index(b"{"):])["url"].lstrip("/")
    return urls


_PAGEFIND_QUERIES = """async ([bundle, words, stock]) => {
    const found = {};
    if (stock) {  // Pagefind's own search: the query cut by the browser's segmenter
        const pagefind = await import(bundle + "pagefind.js");
        await pagefind.options({ baseUrl: "/" });
        await pagefind.init();
        const lang = document.documentElement.lang.split("-")[0];
        const parts = await (await fetch(bundle + "csr-parts.json")).json();
        for (const part of parts[lang] || []) await pagefind.mergeIndex(new URL(part, bundle).pathname, { baseUrl: "/" });
        for (const word of words) found[word] = (await pagefind.search(word)).results.map(r => r.id);
        return found;
    }
    // the site's search field (assets/csr/search.js): what a reader typing the word gets
    const search = document.querySelector("[data-csr-search]").csrSearch;
    const pagefind = await search.load();
    for (const word of words) found[word] = (await search.find(pagefind, word)).map(r => r.id);
    return found;
}"""


def pagefind_results(browser, base_url: str, site: Path, lang: str, words: list[str],
                     stock: bool = False) -> dict[str, list[str]]:
    """The pages (paths below the language root) the site's search finds for each word on
    ``lang``'s site; ``stock``: Pagefind's own search instead of the site's search field."""
    ids = fragment_urls(site)
    root = languages.root(lang)
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(base_url + root)
        found = tab.evaluate(_PAGEFIND_QUERIES, [base_url + BUNDLE, words, stock])
    finally:
        context.close()
    return {word: [ids[i][len(root):] for i in hits if ids.get(i, "").startswith(root)] for word, hits in found.items()}


_MATERIAL_QUERIES = """async (words) => {
    // Material's own search worker (lunr) with the language's index, as its search box uses it;
    // every page it finds (its box renders them 10 at a time)
    const config = JSON.parse(document.getElementById("__config").textContent);
    const index = await (await fetch(new URL("search/search_index.json", new URL(config.base, location)))).json();
    const worker = new Worker(config.search);
    const reply = () => new Promise(resolve => worker.addEventListener("message", e => resolve(e.data), { once: true }));
    let ready = reply();
    worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });
    await ready;
    const found = {};
    for (const word of words) {
        const answer = reply();
        worker.postMessage({ type: 2, data: word });
        const items = (await answer).data.items || [];
        found[word] = items.map(group => (Array.isArray(group) ? group[0] : group).location);
    }
    worker.terminate();
    return found;
}"""


def material_results(browser, base_url: str, lang: str, words: list[str]) -> dict[str, list[str]]:
    """The pages Material's search finds for each word (a site built with Material's search)."""
    root = languages.root(lang)
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(base_url + root)
        found = tab.evaluate(_MATERIAL_QUERIES, words)
    finally:
        context.close()
    return {word: [location.split("#")[0] for location in locations] for word, locations in found.items()}


def _below_root(base_url: str, root: str, href: str, page_url: str) -> str:
    from urllib.parse import urljoin, urlsplit

    path = urlsplit(urljoin(page_url, href)).path.lstrip("/")
    return path[len(root):] if path.startswith(root) else path


@dataclass
class Recall:
    lang: str
    words: list[str]
    expected: int = 0  # (word, disclosure) pairs where the disclosure contains the word
    found: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)  # word -> disclosures not found

    @property
    def share(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def as_dict(self) -> dict:
        return {"words": self.words, "expected": self.expected, "found": self.found, "recall": self.share,
                "missed_words": {w: len(p) for w, p in self.misses.items()}}


def recall(pages: list[Narrative], lang: str, words: list[str], results: dict[str, list[str]]) -> Recall:
    measured = Recall(lang, list(words))
    for word in words:
        expected = containing(pages, lang, word)
        hits = {path.split("#")[0] for path in results.get(word, [])}
        lost = [path for path in expected if path not in hits]
        measured.expected += len(expected)
        measured.found += len(expected) - len(lost)
        if lost:
            measured.misses[word] = lost
    return measured


def first_query_bytes(browser, base_url: str, lang: str, query: str, viewport: dict | None = None) -> dict:
    """Open the home page of ``lang`` in a fresh browser, type ``query`` into the header's search
    field and wait for the results: the bytes of every response after the page had loaded."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    sizes: list[tuple[str, int]] = []
    try:
        tab = context.new_page()
        tab.goto(base_url + languages.root(lang))
        tab.wait_for_load_state("networkidle")
        tab.on("requestfinished", lambda request: sizes.append((request.url, request.sizes()["responseBodySize"])))
        box = tab.locator("input.md-search__input")
        button = tab.locator("label.md-header__button[for='__search']")  # where the field is hidden
        (button if button.is_visible() else box).click()
        box.fill(query)
        tab.wait_for_function(
            "() => document.querySelector('.md-search-result__meta[data-csr-state=\"done\"]') && "
            "!document.querySelector('.md-search-result__list[aria-busy]')", timeout=60000)
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(300)
        results = tab.locator(".md-search-result__item").count()
    finally:
        context.close()
    return {"query": query, "bytes": sum(size for _, size in sizes), "requests": len(sizes), "results": results,
            "largest": sorted(((size, url.replace(base_url, "")) for url, size in sizes), reverse=True)[:3]}


def material_index_bytes(site: Path, lang: str) -> int:
    """What Material's search loads with every page: the language's index and its worker."""
    root = site / languages.root(lang)
    workers = list((root / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return (root / "search" / "search_index.json").stat().st_size + sum(w.stat().st_size for w in workers)


# -- all of it ----------------------------------------------------------------------------------

def measure(site: Path, root: Path, *, words: int = 20, seed: int = 7, engine: str = "pagefind",
            first_query: bool = True, chromium_path: str = "/usr/bin/chromium", registry=None) -> dict:
    """Recall on ``words`` sampled words per language, and the bytes of a first query."""
    out: dict = {"engine": engine, "languages": {}}
    with served(site) as base_url, chromium(chromium_path) as browser:
        for lang in languages.CODES:
            pages = narratives(root, lang, registry)
            sample = deep_words(pages, lang, words, seed)
            if engine in ("pagefind", "pagefind-stock"):
                results = pagefind_results(browser, base_url, site, lang, sample, stock=engine == "pagefind-stock")
            else:
                results = material_results(browser, base_url, lang, sample)
            measured = recall(pages, lang, sample, results).as_dict()
            if engine == "pagefind" and first_query and sample:
                measured["first_query"] = first_query_bytes(browser, base_url, lang, sample[0])
            elif engine == "material":
                measured["first_query"] = {"query": sample[0] if sample else "", "bytes": material_index_bytes(site, lang)}
            out["languages"][lang] = measured
    pairs = [m for m in out["languages"].values()]
    expected = sum(m["expected"] for m in pairs)
    out["recall"] = sum(m["found"] for m in pairs) / expected if expected else 1.0
    out["first_query_bytes"] = max((m.get("first_query", {}).get("bytes", 0) for m in pairs), default=0)
    return out


def main(argv: Iterable[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Search recall and first-query bytes of a built site.")
    parser.add_argument("site", type=Path)
    parser.add_argument("registry", type=Path, help="the registry the site was built from")
    parser.add_argument("--engine", choices=("pagefind", "pagefind-stock", "material"), default="pagefind",
                        help="pagefind: the site's search field; pagefind-stock: Pagefind's own query "
                             "segmentation; material: Material's search box (a site built with it)")
    parser.add_argument("--words", type=int, default=20, help="sampled words per language")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-first-query", action="store_true", help="skip the first-query measurement")
    args = parser.parse_args(list(argv) if argv is not None else None)
    result = measure(args.site, args.registry, words=args.words, seed=args.seed, engine=args.engine,
                     first_query=not args.no_first_query)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
