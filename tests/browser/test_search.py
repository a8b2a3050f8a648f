"""Search, typed into the header's search field as a reader does: a Chinese query on the Chinese
site and an English query on the English site find the disclosure pages that contain it, and
nothing from the other language, at desktop and phone widths; results link to the sections that
match; the keys open and close it; the open search passes axe."""

from __future__ import annotations

import pytest
from browsing import (DESKTOP, PATHS, PHONE, SEARCH_DONE, axe_violations, close_tab, home_search, open_tab,
                      pages_containing, search, search_problems, url_of)

QUERIES = [("zh", "开源"), ("zh", "反垄断"), ("zh", "乡村"), ("en", "open source"), ("en", "rural")]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang, query", QUERIES)
def test_search_finds_the_disclosures_containing_the_query(browser, base_url, registry, lang, query, viewport):
    expected = pages_containing(registry, lang, query)
    assert expected, f"no example disclosure contains {query!r}: choose another query"
    tab = open_tab(browser, lang, viewport=viewport)
    try:
        results = search(tab, base_url, lang, query)
        problems = tab.guard.problems()
    finally:
        close_tab(tab)
    assert search_problems(results, expected, lang) == []
    assert problems == []


@pytest.mark.parametrize("lang, query", [("zh", "开源"), ("en", "open source")])
def test_the_home_page_search_field_opens_the_search_with_the_query(browser, base_url, registry, lang, query):
    tab = open_tab(browser, lang)
    try:
        results = home_search(tab, base_url, lang, query)
        problems = tab.guard.problems()
    finally:
        close_tab(tab)
    assert search_problems(results, pages_containing(registry, lang, query), lang) == []
    assert problems == []


def test_the_home_search_check_fails_when_the_field_sends_no_query(browser, base_url):
    home = url_of(base_url, "en", PATHS["home"])
    tab = open_tab(browser, "en", mutations={home: lambda html: html.replace('name="q" type="search"', 'type="search"', 1)})
    try:
        results = home_search(tab, base_url, "en", "open source")
    finally:
        close_tab(tab)
    assert results == []


@pytest.mark.parametrize("lang, query, section", [
    ("zh", "反垄断", "/companies/websoft9/2022/#anti-monopoly"),
    ("en", "Anti-monopoly", "/en/companies/websoft9/2022/#anti-monopoly"),
    ("zh", "编程课", "/companies/websoft9/2022/#public-welfare"),
])
def test_results_link_to_the_section_that_matches(browser, base_url, lang, query, section):
    tab = open_tab(browser, lang)
    try:
        links = search(tab, base_url, lang, query, keys=True)
        tab.locator(f".md-search-result__item a[href$='{section.rsplit('/', 1)[-1]}']").first.click()
        tab.wait_for_load_state()
        landed = tab.url.split(base_url.rstrip("/"), 1)[-1]
        target = tab.evaluate("id => !!document.getElementById(id)", section.split("#")[1])
    finally:
        close_tab(tab)
    assert section in links
    assert landed == section and target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_keys_open_and_close_the_search_and_move_through_results(browser, base_url, lang):
    tab = open_tab(browser, lang)
    try:
        tab.goto(url_of(base_url, lang, ""))
        tab.keyboard.press("s")
        opened = tab.evaluate("() => document.getElementById('__search').checked && "
                              "document.activeElement.classList.contains('md-search__input')")
        tab.keyboard.type("开源" if lang == "zh" else "open source")
        tab.wait_for_function(SEARCH_DONE)
        tab.keyboard.press("ArrowDown")
        on_result = tab.evaluate("() => document.activeElement.classList.contains('md-search-result__link')")
        tab.keyboard.press("Escape")
        closed = tab.evaluate("() => !document.getElementById('__search').checked")
    finally:
        close_tab(tab)
    assert (opened, on_result, closed) == (True, True, True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_open_search_with_results_passes_axe(browser, base_url, viewport):
    tab = open_tab(browser, "zh", viewport=viewport)
    try:
        search(tab, base_url, "zh", "开源")
        name = tab.locator(".md-search[role='dialog']").get_attribute("aria-label")
        violations = axe_violations(tab)
    finally:
        close_tab(tab)
    assert name and violations == []


@pytest.mark.parametrize("lang, query, counted, nothing", [
    ("zh", "开源", r"(找到 1 个符合条件的结果|[0-9]+ 个符合条件的结果)", "没有找到符合条件的结果"),
    ("en", "open source", r"(1 matching document|[0-9]+ matching documents)", "No matching documents"),
])
def test_the_search_says_what_it_found_in_the_readers_language(browser, base_url, lang, query, counted, nothing):
    """The sentences come from Material's translations in the page's #__config (not repeated
    on the search field): a count with the number in place of '#', and none found."""
    import re
    tab = open_tab(browser, lang)
    try:
        results = search(tab, base_url, lang, query)
        found = tab.locator(".md-search-result__meta").inner_text().strip()
        tab.fill("input.md-search__input", "zzqxjv")
        tab.wait_for_function(f"found => ({SEARCH_DONE})() && "
                              "document.querySelector('.md-search-result__meta').textContent.trim() !== found", arg=found)
        none = tab.locator(".md-search-result__meta").inner_text().strip()
        problems = tab.guard.problems()
    finally:
        close_tab(tab)
    assert results and re.fullmatch(counted, found), found
    assert "#" not in found and none == nothing
    assert problems == []
