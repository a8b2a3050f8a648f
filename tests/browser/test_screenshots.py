"""A full-page screenshot of every page type in both languages, on a desktop screen and on a
phone, for review, in tests/artifacts/screenshots/ (<lang>-<page type>.jpeg and
phone-<lang>-<page type>.jpeg)."""

from __future__ import annotations

import pytest
from browsing import LANG_ROOTS, PAGE_TYPES, screenshot_problems

ALL_PAGES = [(viewport, lang, name) for viewport in ("desktop", "phone") for lang in LANG_ROOTS
             for name, _ in PAGE_TYPES]


@pytest.mark.parametrize("viewport, lang, name", ALL_PAGES, ids=[f"{v}-{lang}-{name}" for v, lang, name in ALL_PAGES])
def test_screenshot_saved(visited, viewport, lang, name):
    assert screenshot_problems(visited(lang, name, viewport)) == []
