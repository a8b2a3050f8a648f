"""The published example site in headless Chromium: navigation, languages, search, offline,
phone layout, accessibility (axe-core), print, and screenshots for review."""

from __future__ import annotations

import shutil
import subprocess
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import AXE, LANG_ROOTS, PAGE_TYPES, SCREENSHOTS

ALL_PAGES = [(lang, name, path) for lang in LANG_ROOTS for name, path in PAGE_TYPES]
IDS = [f"{lang}-{name}" for lang, name, _ in ALL_PAGES]


def url_of(base_url: str, lang: str, path: str) -> str:
    return urljoin(base_url, LANG_ROOTS[lang] + path)


def path_of(url: str) -> str:
    return urlsplit(url).path


# -- navigation and languages -------------------------------------------------------------------

def follow(page, link) -> None:
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang, labels", [
    ("zh", {"companies": "企业", "browse": "浏览企业"}),
    ("en", {"companies": "Companies", "browse": "Browse companies"}),
])
def test_home_to_company_to_indicator_and_back(page, base_url, lang, labels):
    root = LANG_ROOTS[lang]
    page.goto(url_of(base_url, lang, ""))
    follow(page, page.get_by_role("link", name=labels["browse"]))
    assert path_of(page.url) == f"/{root}companies/"
    follow(page, page.locator("table.csr-companies a[href$='websoft9/']"))
    assert path_of(page.url) == f"/{root}companies/websoft9/"
    follow(page, page.locator("table.csr-periods a").first)
    assert path_of(page.url) == f"/{root}companies/websoft9/2022/"
    follow(page, page.locator("tr#csr-anti-monopoly th a"))
    assert path_of(page.url) == f"/{root}indicators/anti-monopoly/"
    assert page.locator("table.csr-indicator-companies").count() == 1
    page.go_back()
    assert path_of(page.url) == f"/{root}companies/websoft9/2022/"
    page.go_back()
    page.go_back()
    assert path_of(page.url) == f"/{root}companies/"


@pytest.mark.parametrize("lang, name, path", ALL_PAGES, ids=IDS)
def test_language_switcher_lands_on_the_same_page(page, base_url, lang, name, path):
    other = "en" if lang == "zh" else "zh"
    page.goto(url_of(base_url, lang, path))
    page.locator(".md-header__option .md-select").hover()
    follow(page, page.locator(f".md-select__link[hreflang='{other}']"))
    assert path_of(page.url) == "/" + LANG_ROOTS[other] + path
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("lang, name, path", ALL_PAGES, ids=IDS)
def test_html_lang_and_text_labels_on_every_status(page, base_url, lang, name, path):
    page.goto(url_of(base_url, lang, path))
    assert page.locator("html").get_attribute("lang") == lang
    texts = page.locator(".csr-status, .csr-cell").evaluate_all("els => els.map(e => e.innerText.trim())")
    assert all(texts), "a status shown by colour alone"


# -- search --------------------------------------------------------------------------------------

def search(page, query: str) -> list[str]:
    page.locator("input.md-search__input").fill(query)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=45000)
    return page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("query", ["开源", "反垄断"])
def test_chinese_search_finds_company_pages_in_the_chinese_site(page, base_url, query):
    page.goto(url_of(base_url, "zh", ""))
    results = [path_of(r) for r in search(page, query)]
    assert "/companies/websoft9/2022/" in results
    assert not any(r.startswith("/en/") for r in results)


def test_english_search_finds_company_pages_in_the_english_site(page, base_url):
    page.goto(url_of(base_url, "en", ""))
    results = [path_of(r) for r in search(page, "open source")]
    assert "/en/companies/websoft9/2022/" in results
    assert all(r.startswith("/en/") for r in results)


# -- offline, console, requests --------------------------------------------------------------------

@pytest.mark.parametrize("lang, name, path", ALL_PAGES, ids=IDS)
def test_no_console_errors_failed_or_external_requests(page, base_url, lang, name, path):
    page.goto(url_of(base_url, lang, path))
    page.wait_for_load_state("networkidle")
    page.locator(".md-header__option .md-select").hover()  # the language selector fetches sitemaps
    page.wait_for_timeout(300)
    guard = page.guard
    assert guard.failed == []
    assert guard.console_errors == []
    assert guard.external == []


# -- phone ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["companies/websoft9/2022/", "matrix/", "statistics/"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_viewport_has_no_horizontal_page_scroll(page, base_url, lang, path):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(url_of(base_url, lang, path))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"
    if path == "matrix/":
        wrap = page.locator(".csr-matrix-wrap")
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside itself
        sticky = page.locator("table.csr-matrix tbody th.csr-sticky").first
        before = sticky.bounding_box()["x"]
        wrap.evaluate("e => e.scrollLeft = 400")
        page.wait_for_timeout(100)
        assert abs(sticky.bounding_box()["x"] - before) < 2  # the company column stays


# -- accessibility --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, name, path", ALL_PAGES, ids=IDS)
def test_axe_reports_no_serious_or_critical_violations(page, base_url, lang, name, path):
    assert AXE.exists(), "axe-core missing: run tests/browser/setup.sh"
    page.goto(url_of(base_url, lang, path))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# -- print ---------------------------------------------------------------------------------------

def test_printed_company_page_keeps_headings_and_indicator_table(page, base_url, tmp_path):
    page.goto(url_of(base_url, "en", "companies/websoft9/2022/"))
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    assert page.locator("table.csr-claims").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    pdf = tmp_path / "company.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext missing: run tests/browser/setup.sh", pytrace=False)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Websoft9 CSR statement 2022" in text
    assert "Indicator summary" in text and "Developer and industry cultivation" in text
    assert "Giving back to open source" in text


# -- screenshots ------------------------------------------------------------------------------------

def test_screenshots_of_every_page_type_in_both_languages(page, base_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang, name, path in ALL_PAGES:
        page.goto(url_of(base_url, lang, path))
        target = SCREENSHOTS / f"{lang}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
