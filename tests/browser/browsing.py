"""Driving the built site in headless Chromium: what a reader's visit records, and the checks
run on it.

The checks are plain functions returning a list of problems (empty when the page behaves), so
that the same check runs on the real site (``test_*.py``) and on deliberately broken copies of
its pages (``test_breakage.py``), which shows that every check can fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"

# Without the background-service switches Chromium keeps trying to reach Google; the resolver
# rule makes any host but 127.0.0.1 unreachable (the guard below records such requests).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

LANG_ROOTS = {"zh": "", "en": "en/"}
# One page of every type, as (name, path below the language root).
PAGE_TYPES = [
    ("home", ""),
    ("companies", "companies/"),
    ("company", "companies/websoft9/"),
    ("disclosure", "companies/websoft9/2022/"),
    ("indicators", "indicators/"),
    ("indicator", "indicators/anti-monopoly/"),
    ("matrix", "matrix/"),
    ("statistics", "statistics/"),
    ("downloads", "downloads/"),
    ("errors", "reference/errors/"),
]
PATHS = dict(PAGE_TYPES)
# Page types that show statuses (badges, matrix cells)
BADGE_PAGES = {"disclosure", "indicator", "matrix", "statistics"}
BADGES = ".csr-status, .csr-cell"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

Mutation = Callable[[str], str]  # page text -> broken page text

# The text a reader sees in each element: '' when it is there but not legible (font-size 0,
# transparent, invisible, squeezed to nothing).  Elements not rendered at all (in a closed
# <details>, say) keep their text.
VISIBLE_TEXT = """els => els.map(e => {
    if (e.getClientRects().length === 0) return e.textContent.trim();
    const style = getComputedStyle(e), box = e.getBoundingClientRect();
    const alpha = (style.color.match(/rgba\\(.*,\\s*([\\d.]+)\\)/) || [0, 1])[1];
    const legible = parseFloat(style.fontSize) >= 8 && Number(alpha) > 0 && Number(style.opacity) > 0
        && style.visibility === 'visible' && box.width >= 4 && box.height >= 4;
    return legible ? e.innerText.trim() : '';
})"""


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def url_of(base_url: str, lang: str, path: str) -> str:
    return urljoin(base_url, LANG_ROOTS[lang] + path)


def path_of(url: str) -> str:
    return urlsplit(url).path


# -- a tab that records what goes wrong -----------------------------------------------------------

class Guard:
    """Console errors, uncaught exceptions, failed requests and requests leaving 127.0.0.1."""

    def __init__(self, page):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: self.failed.append(f"{r.url} HTTP {r.status}") if r.status >= 400 else None)
        page.on("request", self._request)

    def _request(self, request) -> None:
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if urlsplit(request.url).hostname != "127.0.0.1":
            self.external.append(request.url)

    def problems(self) -> list[str]:
        return ([f"console error: {text}" for text in self.console_errors]
                + [f"failed request: {text}" for text in self.failed]
                + [f"request leaving 127.0.0.1: {url}" for url in self.external])


def open_tab(browser, lang: str, viewport: dict = DESKTOP, mutations: dict[str, Mutation] | None = None):
    """A tab in a fresh context (empty cache); ``mutations`` maps URL globs to page rewrites."""
    context = browser.new_context(viewport=viewport, locale="zh-CN" if lang == "zh" else "en-US")
    context.set_default_timeout(20000)
    tab = context.new_page()
    tab.guard = Guard(tab)
    for pattern, mutate in (mutations or {}).items():
        tab.route(pattern, _rewriter(mutate))
    return tab


def _rewriter(mutate: Mutation):
    def rewrite(route):
        response = route.fetch()
        route.fulfill(response=response, body=mutate(response.text()))
    return rewrite


def close_tab(tab) -> None:
    tab.context.close()


def follow(tab, link) -> None:
    with tab.expect_navigation():
        link.click()


def switch_language(tab, lang: str) -> None:
    """Open the header's language selector and choose ``lang``, as a reader does."""
    tab.locator(".md-header__option .md-select").hover()
    follow(tab, tab.locator(f".md-select__link[hreflang='{lang}']"))


# -- one visit of a page, with everything recorded -------------------------------------------------

@dataclass
class Visit:
    lang: str
    name: str
    path: str
    viewport: str = "desktop"
    html_lang: str | None = None
    badges: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # console, failed and external requests
    axe: list[str] = field(default_factory=list)  # serious and critical violations
    screenshot: Path | None = None
    switched_to: tuple[str, str | None] | None = None  # (path, <html lang>) after the switcher
    overflow: int = 0  # how far the page scrolls sideways (px)
    narrative_top: float | None = None  # where a disclosure's first narrative heading starts (px)
    chinese: list[str] = field(default_factory=list)  # Chinese text outside elements marked lang="zh"
    svg_labels: list[str] = field(default_factory=list)  # chart labels outside their chart
    broken_words: list[str] = field(default_factory=list)  # words split across two lines
    matrix: list[str] = field(default_factory=list)  # the matrix on a phone (matrix_problems)


def visit(browser, base_url: str, lang: str, name: str, *, axe: bool = True,
          screenshots: Path | None = SCREENSHOTS, switch: bool = True,
          mutations: dict[str, Mutation] | None = None, viewport: str = "desktop") -> Visit:
    """Open one page type as a reader does and record everything the checks below look at.

    The screenshot goes to ``screenshots/<lang>-<name>.jpeg`` (``phone-<lang>-<name>.jpeg`` on
    the phone-sized screen); the language switcher is used last, as it leaves the page.
    """
    path = PATHS[name]
    record = Visit(lang, name, path, viewport)
    tab = open_tab(browser, lang, viewport=VIEWPORTS[viewport], mutations=mutations)
    try:
        tab.goto(url_of(base_url, lang, path))
        # Material fetches the search index and each language root's sitemap.xml after load
        tab.wait_for_load_state("networkidle")
        record.html_lang = tab.locator("html").get_attribute("lang")
        record.badges = tab.locator(BADGES).evaluate_all(VISIBLE_TEXT)
        record.problems = tab.guard.problems()
        record.overflow = sideways_scroll(tab)
        record.narrative_top = tab.evaluate(NARRATIVE_TOP)
        record.chinese = tab.evaluate(CHINESE_OUTSIDE_ZH)
        record.svg_labels = tab.evaluate(SVG_LABELS)
        record.broken_words = tab.evaluate(BROKEN_WORDS)
        if name == "matrix" and viewport == "phone":
            record.matrix = matrix_problems(tab)
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            prefix = "" if viewport == "desktop" else f"{viewport}-"
            record.screenshot = screenshots / f"{prefix}{lang}-{name}.jpeg"
            record.screenshot.unlink(missing_ok=True)
            tab.screenshot(path=str(record.screenshot), full_page=True, type="jpeg", quality=85)
        if axe:
            record.axe = axe_violations(tab)
        if switch:
            switch_language(tab, other(lang))
            record.switched_to = (path_of(tab.url), tab.locator("html").get_attribute("lang"))
    finally:
        close_tab(tab)
    return record


# -- what a visit measures in the page ---------------------------------------------------------

# The top of a disclosure's first narrative heading, in px from the top of the page: headings
# the page makes itself have ids starting with "csr-".
NARRATIVE_TOP = """() => {
    const heading = [...document.querySelectorAll('article h2')].find(h => !h.id.startsWith('csr-'));
    return heading ? heading.getBoundingClientRect().top + window.scrollY : null;
}"""

# Text with Chinese characters whose nearest element with a lang attribute is not Chinese.
CHINESE_OUTSIDE_ZH = """() => {
    const cjk = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!cjk.test(node.data) || element.closest('script, style, noscript, template')) continue;
        const marked = element.closest('[lang]');
        if (!marked || !marked.lang.startsWith('zh')) found.push(node.data.trim());
    }
    return found;
}"""

# Each chart label whose box (as the reader's font draws it) leaves its chart's viewBox.
SVG_LABELS = """() => {
    const found = [];
    for (const svg of document.querySelectorAll('svg.csr-chart')) {
        const view = svg.viewBox.baseVal;
        for (const text of svg.querySelectorAll('text')) {
            const box = text.getBBox();
            if (box.x < view.x - 0.5 || box.y < view.y - 0.5 || box.x + box.width > view.x + view.width + 0.5
                    || box.y + box.height > view.y + view.height + 0.5) {
                found.push(`${text.textContent} at x ${box.x.toFixed(1)}..${(box.x + box.width).toFixed(1)}, `
                           + `y ${box.y.toFixed(1)}..${(box.y + box.height).toFixed(1)} outside 0..${view.width} × 0..${view.height}`);
            }
        }
    }
    return found;
}"""

# Latin words of the content split across two lines (Chinese may wrap between any characters;
# code and web addresses are left out).
BROKEN_WORDS = r"""() => {
    const walker = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    const range = document.createRange();
    for (let node = walker.nextNode(); node && found.length < 20; node = walker.nextNode()) {
        if (node.parentElement.closest('code, pre, kbd, svg, script, style') || /:\/\/|www\./.test(node.data)) continue;
        for (const match of node.data.matchAll(/[A-Za-z][A-Za-z'\u2019]*[A-Za-z]/g)) {
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) found.push(match[0]);
        }
    }
    return found;
}"""


def axe_violations(tab) -> list[str]:
    if not AXE.exists():
        raise AssertionError(f"{AXE} missing: run tests/browser/setup.sh")
    tab.add_script_tag(path=str(AXE))
    # colours are judged as they settle: a transition still running (the tabs fading back after
    # the full-page screenshot scrolled, on a busy machine) would be read half-transparent
    tab.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000)
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


# -- checks on a visit ---------------------------------------------------------------------------

def switcher_problems(record: Visit) -> list[str]:
    expected = "/" + LANG_ROOTS[other(record.lang)] + record.path
    if record.switched_to is None:
        return ["the language switcher was not used"]
    path, lang = record.switched_to
    problems = []
    if path != expected:
        problems.append(f"the switcher leads to {path}, not {expected}")
    if lang != other(record.lang):
        problems.append(f"the page it leads to has <html lang={lang!r}>, not {other(record.lang)!r}")
    return problems


def lang_problems(record: Visit) -> list[str]:
    if record.html_lang != record.lang:
        return [f"<html lang={record.html_lang!r}> on a {record.lang} page"]
    return []


_LETTER = re.compile(r"[^\W\d_]")


def badge_problems(record: Visit) -> list[str]:
    """Every status is named in text, not told by colour alone."""
    problems = []
    if record.name in BADGE_PAGES and not record.badges:
        problems.append(f"no status badges on the {record.name} page")
    problems += [f"badge {i} has no text label: {text!r}" for i, text in enumerate(record.badges)
                 if not _LETTER.search(text)]
    return problems


def screenshot_problems(record: Visit) -> list[str]:
    shot = record.screenshot
    if shot is None or not shot.exists():
        return [f"no screenshot of {record.lang}-{record.name}"]
    data = shot.read_bytes()
    if not data.startswith(b"\xff\xd8"):
        return [f"{shot.name} is not a JPEG image"]
    if len(data) < 20_000:  # a blank page is about 5 kB
        return [f"{shot.name} is nearly empty ({len(data)} bytes)"]
    return []


# -- navigation ------------------------------------------------------------------------------------

NAV_LABELS = {"zh": "浏览企业", "en": "Browse companies"}


def walk(tab, base_url: str, lang: str) -> list[str]:
    """Home → company index → a company → its disclosure → an indicator, then back three times.

    Returns the path of every page on the way, for :func:`walk_problems`.
    """
    root = "/" + LANG_ROOTS[lang]
    seen = []
    tab.goto(url_of(base_url, lang, ""))
    seen.append(path_of(tab.url))
    steps = [
        tab.get_by_role("link", name=NAV_LABELS[lang], exact=True),
        tab.locator("table.csr-companies a", has_text="Websoft9"),
        tab.locator("table.csr-periods a").first,
        tab.locator("tr#csr-anti-monopoly th a"),
    ]
    for link in steps:
        if link.count() == 0:
            seen.append("(no link)")
            return seen
        follow(tab, link.first)
        seen.append(path_of(tab.url))
    for _ in range(3):
        tab.go_back()
        seen.append(path_of(tab.url))
    seen.append("lang=" + str(tab.locator("html").get_attribute("lang")))
    assert seen[0] == root
    return seen


def expected_walk(lang: str) -> list[str]:
    root = "/" + LANG_ROOTS[lang]
    pages = [root, f"{root}companies/", f"{root}companies/websoft9/", f"{root}companies/websoft9/2022/",
             f"{root}indicators/anti-monopoly/"]
    return pages + [pages[3], pages[2], pages[1], f"lang={lang}"]


def walk_problems(seen: list[str], lang: str) -> list[str]:
    expected = expected_walk(lang)
    for step, (got, want) in enumerate(zip(seen, expected)):
        if got != want:
            return [f"step {step}: at {got}, expected {want} (walk: {' → '.join(seen)})"]
    if len(seen) != len(expected):
        return [f"the walk stopped early: {' → '.join(seen)}"]
    return []


# -- search ----------------------------------------------------------------------------------------

SEARCH_DONE = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const list = document.querySelector('.md-search-result__list');
    return meta && meta.getAttribute('data-csr-state') === 'done' && !list.hasAttribute('aria-busy');
}"""


def search(tab, base_url: str, lang: str, query: str, *, keys: bool = False) -> list[str]:
    """Type ``query`` into the search field of the ``lang`` site's home page (opened with the
    ``/`` key when ``keys``, else by a click, or the header's search button where the field is
    hidden: on a phone); the links of the results (pages and their sections), all of them."""
    tab.goto(url_of(base_url, lang, ""))
    box = tab.locator("input.md-search__input")
    button = tab.locator("label.md-header__button[for='__search']")  # shown where the field is not
    if keys:
        tab.keyboard.press("/")
    elif button.is_visible():
        button.click()
    else:
        box.click()
    box.fill(query)
    tab.wait_for_function(SEARCH_DONE, timeout=20000)
    # results are shown 10 at a time as the list is scrolled
    count = -1
    while count != (count := tab.locator(".md-search-result__item").count()):
        tab.locator(".md-search__scrollwrap").evaluate("e => e.scrollTop = e.scrollHeight")
        tab.wait_for_timeout(100)
        tab.wait_for_function(SEARCH_DONE, timeout=20000)
    links = tab.locator(".md-search-result__item a.md-search-result__link")
    return [urlsplit(href)._replace(scheme="", netloc="").geturl()
            for href in links.evaluate_all("els => els.map(e => e.href)")]


def result_pages(links: list[str]) -> list[str]:
    """The pages among the result links (sections link to their anchors)."""
    return list(dict.fromkeys(link.split("#", 1)[0] for link in links))


def home_search(tab, base_url: str, lang: str, query: str) -> list[str]:
    """Type ``query`` into the home page's own search field and submit it; the paths of the
    results the site's search then shows (none if the page went elsewhere)."""
    tab.goto(url_of(base_url, lang, ""))
    tab.wait_for_load_state("networkidle")
    field = tab.locator("form.csr-home-search input[type=search]")
    field.fill(query)
    field.press("Enter")
    try:
        tab.wait_for_function("() => document.querySelector('.md-search-result__item')", timeout=10000)
    except Exception:  # noqa: BLE001 - no results: the check reports it
        return []
    links = tab.locator(".md-search-result__item > .md-search-result__link")
    return [path_of(href) for href in links.evaluate_all("els => els.map(e => e.href)")]


def pages_containing(registry, lang: str, query: str) -> list[str]:
    """Paths of the disclosure pages of ``lang`` whose own text contains ``query``."""
    paths = []
    for disclosure in registry.disclosures:
        page = disclosure.en.page if lang == "en" and disclosure.en is not None else disclosure.zh
        text = " ".join([disclosure.title(lang), disclosure.summary(lang), page.body])
        if query.lower() in text.lower():
            paths.append(f"/{LANG_ROOTS[lang]}companies/{disclosure.company.slug}/{disclosure.period}/")
    return paths


def search_problems(results: list[str], expected: list[str], lang: str) -> list[str]:
    results = result_pages(results)
    problems = [f"{page} contains the query but is not found" for page in expected if page not in results]
    if lang == "zh":
        problems += [f"{page} is in the other language" for page in results if page.startswith("/en/")]
    else:
        problems += [f"{page} is in the other language" for page in results if not page.startswith("/en/")]
    if not results:
        problems.append("no results")
    return problems


# -- phone -----------------------------------------------------------------------------------------

def sideways_scroll(tab) -> int:
    """How far the page itself scrolls sideways, in CSS pixels (tables may scroll inside)."""
    return tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def matrix_problems(tab) -> list[str]:
    """On a phone the coverage matrix is one card per row: the company's name above its cells,
    every cell on the screen and labelled with its indicator's code."""
    return tab.evaluate("""() => {
        const table = document.querySelector('table.csr-matrix');
        if (!table) return ['no coverage matrix on the page'];
        const row = table.tBodies[0].rows[0];
        const name = row.querySelector('th').getBoundingClientRect();
        const cells = [...row.querySelectorAll('td:not(.csr-matrix__meta)')];
        if (!cells.length) return ['no cell of the matrix is labelled with its indicator'];
        const width = document.documentElement.clientWidth;
        const problems = [];
        const off = cells.filter(c => { const r = c.getBoundingClientRect(); return r.left < 0 || r.right > width; });
        if (off.length) problems.push(`${off.length} of ${cells.length} cells of a row lie beyond the screen`);
        if (name.bottom > Math.min(...cells.map(c => c.getBoundingClientRect().top)) + 1)
            problems.push("the company's name is not above its cells");
        // each cell's label (written once per table, not on every cell) is its column's code
        const codes = [...table.tHead.rows[0].cells].map(th => (th.querySelector('a') || th).textContent.trim());
        const unlabelled = cells.filter(c => !getComputedStyle(c, '::before').content.includes(codes[c.cellIndex]));
        if (unlabelled.length) problems.push("the cells do not show their indicator's code");
        return problems;
    }""")


# -- print -----------------------------------------------------------------------------------------

def printed_text(tab, pdf: Path) -> str:
    tab.pdf(path=str(pdf), format="A4")
    if not pdf.read_bytes().startswith(b"%PDF"):
        raise AssertionError("Chromium did not write a PDF")
    if shutil.which("pdftotext") is None:
        raise AssertionError("pdftotext missing: run tests/browser/setup.sh")
    # -raw keeps the order Chromium wrote the text in: a table cell's lines stay together
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def screen_content(tab) -> dict[str, list[str]]:
    """What the printed page must keep: the headings, and the indicator table's header and rows
    (with the headings just before and after the table, which delimit it in the printed text)."""
    return tab.evaluate("""() => {
        const headings = [...document.querySelectorAll('article h1, article h2')];
        const table = document.querySelector('table.csr-claims');
        const before = headings.filter(h => table && (h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING));
        const after = headings.filter(h => table && (h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_PRECEDING));
        const text = h => h ? h.textContent.replace(/¶/g, '').trim() : '';
        return {
            headings: headings.map(text),
            table_between: [text(before[before.length - 1]), text(after[0])],
            header: [...document.querySelectorAll('table.csr-claims thead th')].map(c => c.innerText.trim()),
            rows: [...document.querySelectorAll('table.csr-claims tbody tr')]
                      .map(r => [...r.cells].map(c => c.innerText.trim()).filter(Boolean)),
        };
    }""")


def print_problems(text: str, content: dict[str, list[str]]) -> list[str]:
    squeezed = re.sub(r"\s+", "", text)

    def squeeze(value: str) -> str:
        return re.sub(r"\s+", "", value)

    def missing(value: str, where: str = squeezed) -> bool:
        return squeeze(value) not in where

    problems = [f"heading missing from the PDF: {h!r}" for h in content["headings"] if missing(h)]
    if not content["rows"]:
        problems.append("no indicator table on the page")
    # the table's own part of the printed text: the statuses and names of its rows are also
    # in the narrative, so a row is only kept if it is printed between the table's headings
    start, end = (squeeze(h) for h in content.get("table_between", ["", ""]))
    table = squeezed[squeezed.rfind(start) if start else 0:]
    table = table[: table.find(end) if end and end in table else len(table)]
    problems += [f"table header missing from the PDF: {h!r}" for h in content["header"] if missing(h, table)]
    for row in content["rows"]:
        lost = [cell for cell in row if missing(cell, table)]
        if lost:
            problems.append(f"table row {row[0]!r} lost {lost} in the PDF")
    return problems
