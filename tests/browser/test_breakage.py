"""Each check of this suite fails on a deliberately broken copy of a page.

The broken copies are made in the browser (the real response, rewritten before Chromium sees
it), so the site on disk stays as built.  A check that passed here too would be a check that
cannot fail.
"""

from __future__ import annotations

import re

import pytest
from browsing import (PATHS, PHONE, badge_problems, close_tab, lang_problems, matrix_problems, open_tab,
                      pages_containing, print_problems, printed_text, screen_content, screenshot_problems,
                      search, search_problems, switcher_problems, url_of, visit, walk, walk_problems)


def page_url(base_url, lang, name):
    return url_of(base_url, lang, PATHS[name])


def add_to_head(markup):
    return lambda html: html.replace("</head>", markup + "</head>", 1)


def add_to_article(markup):
    return lambda html: re.sub(r"(<article[^>]*>)", r"\1" + markup.replace("\\", "\\\\"), html, count=1)


def test_switcher_check_fails_when_the_switcher_leads_to_the_home_page(browser, base_url):
    def break_switcher(html):
        html = re.sub(r'<link rel="alternate"[^>]*>', "", html)  # Material then follows the link itself
        return re.sub(r'href="[^"]*"( hreflang="en" lang="en" class="md-select__link")', r'href="../../../en/"\1', html)

    record = visit(browser, base_url, "zh", "disclosure", axe=False, screenshots=None,
                   mutations={page_url(base_url, "zh", "disclosure"): break_switcher})
    problems = switcher_problems(record)
    assert problems and "leads to /en/, not /en/companies/websoft9/2022/" in problems[0]


def test_lang_check_fails_on_a_wrong_html_lang(browser, base_url):
    record = visit(browser, base_url, "zh", "home", axe=False, screenshots=None, switch=False,
                   mutations={page_url(base_url, "zh", "home"): lambda h: h.replace('<html lang="zh"', '<html lang="en"', 1)})
    assert lang_problems(record) == ["<html lang='en'> on a zh page"]


def without_labels(html):
    return re.sub(r'(<span class="csr-status[^"]*"[^>]*>)[^<]*(</span>)', r"\1\2", html)


@pytest.mark.parametrize("colour_only", [
    without_labels,
    add_to_head("<style>.csr-status { font-size: 0 }</style>"),
    add_to_head("<style>.csr-status { color: transparent !important }</style>"),
], ids=["label-removed", "font-size-0", "transparent-text"])
def test_badge_check_fails_on_colour_only_badges(browser, base_url, colour_only):
    record = visit(browser, base_url, "en", "disclosure", axe=False, screenshots=None, switch=False,
                   mutations={page_url(base_url, "en", "disclosure"): colour_only})
    problems = badge_problems(record)
    assert len(problems) >= 20 and all("no text label" in p for p in problems), problems


@pytest.mark.parametrize("breakage, expected", [
    ('<script>console.error("broken on purpose")</script>', "console error: broken on purpose"),
    ("<script>undefinedFunction()</script>", "console error: uncaught: undefinedFunction is not defined"),
    ('<img src="https://cdn.example.com/logo.png" alt="logo">', "request leaving 127.0.0.1: https://cdn.example.com/logo.png"),
    ('<link rel="stylesheet" href="/no-such.css">', "failed request: http://127.0.0.1"),
], ids=["console-error", "exception", "external-request", "missing-file"])
def test_offline_check_fails_on_errors_and_external_requests(browser, base_url, breakage, expected):
    record = visit(browser, base_url, "zh", "company", axe=False, screenshots=None, switch=False,
                   mutations={page_url(base_url, "zh", "company"): add_to_article(breakage)})
    assert any(p.startswith(expected) for p in record.problems), record.problems


def test_axe_check_fails_on_an_image_without_text_alternative(browser, base_url):
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    record = visit(browser, base_url, "en", "indicator", screenshots=None, switch=False,
                   mutations={page_url(base_url, "en", "indicator"): add_to_article(f'<img src="{pixel}" width="40" height="40">')})
    assert any(v.startswith("image-alt (critical)") for v in record.axe), record.axe


def test_screenshot_check_fails_on_a_blank_page(browser, base_url, tmp_path):
    record = visit(browser, base_url, "en", "statistics", axe=False, screenshots=tmp_path, switch=False,
                   mutations={page_url(base_url, "en", "statistics"): add_to_head("<style>body{display:none}</style>")})
    assert record.screenshot.parent == tmp_path
    problems = screenshot_problems(record)
    assert problems and "nearly empty" in problems[0]


def test_walk_check_fails_when_the_company_index_links_elsewhere(browser, base_url):
    def misdirect(html):
        return html.replace('<a href="websoft9/">', '<a href="../indicators/">', 1)

    tab = open_tab(browser, "en", mutations={page_url(base_url, "en", "companies"): misdirect})
    try:
        seen = walk(tab, base_url, "en")
    finally:
        close_tab(tab)
    problems = walk_problems(seen, "en")
    assert problems and problems[0].startswith("step 2: at /en/indicators/, expected /en/companies/websoft9/")


def test_search_check_fails_when_the_english_site_searches_the_chinese_index(browser, base_url, registry):
    # Pagefind picks the index of the page's <html lang>: an English page marked as Chinese
    tab = open_tab(browser, "en", mutations={
        page_url(base_url, "en", "home"): lambda h: h.replace('<html lang="en"', '<html lang="zh"', 1)})
    try:
        results = search(tab, base_url, "en", "Websoft9")
    finally:
        close_tab(tab)
    problems = search_problems(results, pages_containing(registry, "en", "Websoft9"), "en")
    assert any("is in the other language" in p for p in problems), problems


# The check that fails when sections are indexed by their openings only (the old index kept 48
# characters of each): tests/browser/test_search_recall.py


def test_phone_check_fails_on_content_wider_than_the_screen(browser, base_url):
    record = visit(browser, base_url, "zh", "disclosure", axe=False, screenshots=None, switch=False, viewport="phone",
                   mutations={page_url(base_url, "zh", "disclosure"): add_to_article('<div style="width:900px">too wide</div>')})
    assert record.overflow > 0


def test_matrix_check_fails_when_the_cards_are_wider_than_the_phone(browser, base_url):
    wide = add_to_head("<style>.md-typeset table.csr-matrix td:not(.csr-matrix__meta) { flex-basis: 30em !important }</style>")
    record = visit(browser, base_url, "zh", "matrix", axe=False, screenshots=None, switch=False, viewport="phone",
                   mutations={page_url(base_url, "zh", "matrix"): wide})
    assert any("cells of a row lie beyond the screen" in p for p in record.matrix), record.matrix


def test_word_check_fails_when_links_break_anywhere(browser, base_url):
    anywhere = add_to_head("<style>.md-typeset a, .md-typeset td, .md-typeset th { word-break: break-all !important }</style>")
    record = visit(browser, base_url, "en", "disclosure", axe=False, screenshots=None, switch=False, viewport="phone",
                   mutations={page_url(base_url, "en", "disclosure"): anywhere})
    assert record.broken_words, "no broken word found"


def test_story_check_fails_when_the_narrative_is_pushed_down(browser, base_url):
    tall = lambda html: html.replace('<div class="csr-glance">', '<div style="height:1500px"></div><div class="csr-glance">', 1)
    record = visit(browser, base_url, "en", "disclosure", axe=False, screenshots=None, switch=False,
                   mutations={page_url(base_url, "en", "disclosure"): tall})
    assert record.narrative_top is not None and record.narrative_top > 1.5 * 900


@pytest.mark.parametrize("breakage", [
    add_to_article("<p>未标注语言的中文</p>"),
    lambda html: html.replace('lang="zh" class="md-select__link"', 'class="md-select__link"', 1),
], ids=["chinese-paragraph", "switcher-unmarked"])
def test_chinese_check_fails_on_unmarked_chinese(browser, base_url, breakage):
    record = visit(browser, base_url, "en", "disclosure", axe=False, screenshots=None, switch=False,
                   mutations={page_url(base_url, "en", "disclosure"): breakage})
    assert record.chinese, "no unmarked Chinese found"


def test_chart_check_fails_on_a_label_outside_its_chart(browser, base_url):
    def shift(html):
        return re.sub(r'(<text) x="2"( y="[^"]*" class="csr-chart__label")', r'\1 x="-120"\2', html, count=1)
    record = visit(browser, base_url, "en", "statistics", axe=False, screenshots=None, switch=False,
                   mutations={page_url(base_url, "en", "statistics"): shift})
    assert len(record.svg_labels) == 1 and "outside" in record.svg_labels[0], record.svg_labels


@pytest.mark.parametrize("style, expected", [
    ("table.csr-claims tbody tr:nth-child(n+12) { display: none }", "lost"),
    (".csr-table-wrap { overflow: hidden !important } table.csr-claims { min-width: 1600px }", "Evidence"),
], ids=["rows-hidden", "columns-cut-off"])
def test_print_check_fails_when_the_table_is_not_printed_whole(browser, base_url, tmp_path, style, expected):
    url = page_url(base_url, "en", "disclosure")
    tab = open_tab(browser, "en", mutations={url: add_to_head(f"<style>@media print {{ {style} }}</style>")})
    try:
        tab.goto(url)
        content = screen_content(tab)
        tab.emulate_media(media="print")
        text = printed_text(tab, tmp_path / "broken.pdf")
    finally:
        close_tab(tab)
    problems = print_problems(text, content)
    assert problems and any(expected in p for p in problems), problems
