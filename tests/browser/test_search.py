"""Search, typed into the search box as a reader does: a Chinese query on the Chinese site and an
English query on the English site find the disclosure pages that contain it, and nothing from
the other language."""

from __future__ import annotations

import pytest
from browsing import PATHS, close_tab, home_search, open_tab, pages_containing, search, search_problems, url_of

QUERIES = [("zh", "开源"), ("zh", "反垄断"), ("zh", "乡村"), ("en", "open source"), ("en", "rural")]


@pytest.mark.parametrize("lang, query", QUERIES)
def test_search_finds_the_disclosures_containing_the_query(browser, base_url, registry, lang, query):
    expected = pages_containing(registry, lang, query)
    assert expected, f"no example disclosure contains {query!r}: choose another query"
    tab = open_tab(browser, lang)
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
