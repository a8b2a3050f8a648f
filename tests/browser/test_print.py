"""A disclosure page printed to PDF by Chromium keeps its headings and the whole indicator
table (every row, every column), and leaves the navigation out."""

from __future__ import annotations

import pytest
from browsing import PATHS, close_tab, open_tab, print_problems, printed_text, screen_content, url_of


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_disclosure_keeps_headings_and_indicator_table(browser, base_url, tmp_path, lang):
    tab = open_tab(browser, lang)
    try:
        tab.goto(url_of(base_url, lang, PATHS["disclosure"]))
        content = screen_content(tab)
        tab.emulate_media(media="print")
        sidebar_printed = tab.locator(".md-sidebar--primary").is_visible()
        text = printed_text(tab, tmp_path / f"{lang}.pdf")
    finally:
        close_tab(tab)
    assert len(content["headings"]) > 5 and len(content["rows"]) >= 20
    assert print_problems(text, content) == []
    assert not sidebar_printed
