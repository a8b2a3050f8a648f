"""Every page type, in both languages, on a desktop screen (1280 px) and a phone (390 px): the
page never scrolls sideways, no word is split across two lines (Chinese may wrap between any
characters), and on a phone the coverage matrix is a card per row with every cell on the screen."""

from __future__ import annotations

import pytest
from browsing import LANG_ROOTS, PAGE_TYPES

CASES = [(viewport, lang, name) for viewport in ("desktop", "phone") for lang in LANG_ROOTS for name, _ in PAGE_TYPES]
IDS = [f"{viewport}-{lang}-{name}" for viewport, lang, name in CASES]


@pytest.mark.parametrize("viewport, lang, name", CASES, ids=IDS)
def test_no_page_scrolls_sideways(visited, viewport, lang, name):
    record = visited(lang, name, viewport)
    assert record.overflow <= 0, f"the page scrolls sideways by {record.overflow}px"


@pytest.mark.parametrize("viewport, lang, name", CASES, ids=IDS)
def test_no_word_is_broken_inside(visited, viewport, lang, name):
    assert visited(lang, name, viewport).broken_words == []


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_on_a_phone_the_matrix_is_a_card_per_row_within_the_screen(visited, lang):
    assert visited(lang, "matrix", "phone").matrix == []
