"""On a phone-sized screen (375 × 812) the company pages, the coverage matrix and the statistics
are read without scrolling the page sideways; wide tables scroll inside their own frame."""

from __future__ import annotations

import pytest
from browsing import PATHS, PHONE, SCREENSHOTS, close_tab, matrix_problems, open_tab, sideways_scroll, url_of


@pytest.mark.parametrize("name", ["company", "disclosure", "matrix", "statistics"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_viewport_has_no_horizontal_page_scroll(browser, base_url, lang, name):
    tab = open_tab(browser, lang, viewport=PHONE)
    try:
        tab.goto(url_of(base_url, lang, PATHS[name]))
        if name in ("company", "matrix"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(SCREENSHOTS / f"phone-{lang}-{name}.jpeg"), type="jpeg", quality=85)
        overflow = sideways_scroll(tab)
        problems = matrix_problems(tab) if name == "matrix" else []
    finally:
        close_tab(tab)
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert problems == []
