"""A disclosure reads story first; English pages are English; charts keep their labels.

* the first heading of a disclosure's own text starts within the first 1.5 screens at 1280 px;
* a fully translated English page holds no Chinese text outside an element marked lang="zh"
  (the Chinese names of companies aside), and a partly translated one marks what it shows in
  Chinese;
* every label of every chart lies inside the chart's viewBox, as Chromium draws it, on a desktop
  screen and on a phone.
"""

from __future__ import annotations

import pytest
from browsing import CHINESE_OUTSIDE_ZH, DESKTOP, LANG_ROOTS, PAGE_TYPES, PHONE, close_tab, open_tab, url_of

ENGLISH = [name for name, _ in PAGE_TYPES]


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_story_starts_within_one_and_a_half_screens(visited, lang):
    top = visited(lang, "disclosure").narrative_top
    assert top is not None, "no narrative heading on the disclosure page"
    assert top < 1.5 * DESKTOP["height"], f"the first narrative heading starts at {top:.0f}px"


@pytest.mark.parametrize("name", ENGLISH)
def test_a_fully_translated_english_page_has_no_unmarked_chinese(visited, registry, name):
    names = {company.name.zh for company in registry.companies.values()}
    assert [text for text in visited("en", name).chinese if text not in names] == []


def test_a_partly_translated_page_marks_its_chinese(browser, base_url, registry):
    """Qingtian's English page lacks three sections and some texts: they are shown in Chinese,
    each once, in the Chinese page's order, and marked lang="zh"."""
    disclosure = next(d for d in registry.disclosures if d.company.slug == "qingtian-software")
    assert disclosure.en is not None and not disclosure.en.complete
    tab = open_tab(browser, "en")
    try:
        tab.goto(url_of(base_url, "en", "companies/qingtian-software/2022/"))
        chinese = tab.evaluate("""() => [...document.querySelectorAll('article h2')]
            .map(h => [h.id, h.closest('[lang]').lang])""")
        unmarked = tab.evaluate(CHINESE_OUTSIDE_ZH)
    finally:
        close_tab(tab)
    narrative = [(anchor, lang) for anchor, lang in chinese if not anchor.startswith("csr-")]
    assert [anchor for anchor, _ in narrative] == [s.anchor for s in disclosure.zh.sections]
    assert {anchor for anchor, lang in narrative if lang == "zh"} == set(disclosure.en.missing_sections)
    assert unmarked == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_every_chart_label_lies_inside_its_chart(visited, lang, viewport):
    assert visited(lang, "statistics", viewport).svg_labels == []


MATRIX_COLUMNS = """() => {
    const wrap = document.querySelector('.csr-matrix-wrap').getBoundingClientRect();
    return [...document.querySelectorAll('table.csr-matrix thead th a[href*="indicators/"]')]
        .filter(a => a.getBoundingClientRect().right <= Math.min(wrap.right, window.innerWidth)).length;
}"""

TABS = """() => [...document.querySelectorAll('.md-tabs__link')].map(a => {
    const box = a.getBoundingClientRect();
    return [a.textContent.trim(), box.left >= 0 && box.right <= window.innerWidth];
})"""


def matrix_columns(browser, base_url, lang, mutations=None) -> int:
    tab = open_tab(browser, lang, mutations=mutations)
    try:
        tab.goto(url_of(base_url, lang, "matrix/"))
        return tab.evaluate(MATRIX_COLUMNS)
    finally:
        close_tab(tab)


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_the_matrix_shows_at_least_ten_indicator_columns_at_1280px(browser, base_url, lang):
    assert matrix_columns(browser, base_url, lang) >= 10


def test_the_matrix_column_check_fails_when_the_sidebars_take_the_width(browser, base_url):
    def sidebars(html):  # the page as it was: navigation and contents beside the matrix
        return html.replace('data-md-type="navigation" hidden', 'data-md-type="navigation"').replace(
            'data-md-type="toc" hidden', 'data-md-type="toc"')
    assert matrix_columns(browser, base_url, "en", {url_of(base_url, "en", "matrix/"): sidebars}) < 10


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_every_tab_is_on_screen_at_1280px_readers_first(browser, base_url, lang):
    tab = open_tab(browser, lang)
    try:
        tab.goto(url_of(base_url, lang, ""))
        tabs = tab.evaluate(TABS)
    finally:
        close_tab(tab)
    assert [name for name, visible in tabs if not visible] == []
    names = [name for name, _ in tabs]
    maintainers = {"zh": "编写与维护", "en": "For maintainers"}[lang]
    assert names[-1] == maintainers and len(names) == 8  # seven readers' tabs, then the maintainers' one


DRAWER = """() => [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')]
    .filter(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= innerWidth; })
    .map(a => a.textContent.trim())"""


def drawer_links(browser, base_url, mutations=None) -> list[str]:
    """The navigation a phone reader sees after opening the menu of a disclosure page (a page that
    hides the navigation sidebar on wide screens; the theme keeps it as the menu on small ones)."""
    tab = open_tab(browser, "en", viewport=PHONE, mutations=mutations)
    try:
        tab.goto(url_of(base_url, "en", "companies/websoft9/2022/"))
        tab.locator("label.md-header__button[for=__drawer]").click()
        tab.wait_for_timeout(600)
        return tab.evaluate(DRAWER)
    finally:
        close_tab(tab)


def test_pages_without_the_navigation_sidebar_keep_the_phone_menu(browser, base_url):
    assert "Statistics" in drawer_links(browser, base_url)


def test_the_phone_menu_check_fails_when_the_hidden_sidebar_is_not_shown(browser, base_url):
    page = url_of(base_url, "en", "companies/websoft9/2022/")
    hide = "<style>.md-sidebar--primary[hidden] { display: none !important }</style></head>"
    assert drawer_links(browser, base_url, {page: lambda html: html.replace("</head>", hide, 1)}) == []
