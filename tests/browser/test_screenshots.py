"""A full-page screenshot of every page type in both languages, for review, in
tests/artifacts/screenshots/ (<lang>-<page type>.jpeg; phone-*.jpeg come from test_phone)."""

from __future__ import annotations

import pytest
from browsing import LANG_ROOTS, PAGE_TYPES, screenshot_problems

ALL_PAGES = [(lang, name) for lang in LANG_ROOTS for name, _ in PAGE_TYPES]


@pytest.mark.parametrize("lang, name", ALL_PAGES, ids=[f"{lang}-{name}" for lang, name in ALL_PAGES])
def test_screenshot_saved(visited, lang, name):
    assert screenshot_problems(visited(lang, name)) == []
