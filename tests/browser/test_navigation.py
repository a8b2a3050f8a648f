"""A reader browses the site: home → companies → a company → its disclosure → an indicator and
back, in both languages; the language switcher of every page type leads to the same page."""

from __future__ import annotations

import pytest
from browsing import LANG_ROOTS, PAGE_TYPES, close_tab, open_tab, switcher_problems, walk, walk_problems

ALL_PAGES = [(lang, name) for lang in LANG_ROOTS for name, _ in PAGE_TYPES]


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_home_to_company_to_indicator_and_back(browser, base_url, lang):
    tab = open_tab(browser, lang)
    try:
        seen = walk(tab, base_url, lang)
    finally:
        close_tab(tab)
    assert walk_problems(seen, lang) == []


@pytest.mark.parametrize("lang, name", ALL_PAGES, ids=[f"{lang}-{name}" for lang, name in ALL_PAGES])
def test_language_switcher_lands_on_the_same_page(visited, lang, name):
    assert switcher_problems(visited(lang, name)) == []
