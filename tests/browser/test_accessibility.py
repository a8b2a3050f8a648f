"""axe-core finds no serious or critical violation on any page type; <html lang> names the
page's language; statuses are named in text, not told by colour alone."""

from __future__ import annotations

import pytest
from browsing import LANG_ROOTS, PAGE_TYPES, badge_problems, lang_problems

ALL_PAGES = [(lang, name) for lang in LANG_ROOTS for name, _ in PAGE_TYPES]
IDS = [f"{lang}-{name}" for lang, name in ALL_PAGES]


@pytest.mark.parametrize("lang, name", ALL_PAGES, ids=IDS)
def test_axe_reports_no_serious_or_critical_violations(visited, lang, name):
    assert visited(lang, name).axe == []


@pytest.mark.parametrize("lang, name", ALL_PAGES, ids=IDS)
def test_html_lang_is_the_page_language(visited, lang, name):
    assert lang_problems(visited(lang, name)) == []


@pytest.mark.parametrize("lang, name", ALL_PAGES, ids=IDS)
def test_status_badges_carry_a_text_label(visited, lang, name):
    assert badge_problems(visited(lang, name)) == []
