"""Sortable tables (macros/theme/assets/csr/csr.js, added by the plugin): a reader clicks a column's sort button and the
rows follow, ascending then descending, with aria-sort telling assistive technology; no row is
lost.  The check is also run on a page without the script, where it must fail."""

from __future__ import annotations

import pytest
from browsing import PATHS, close_tab, open_tab, url_of

COVERAGE = 3  # the company index's coverage column: numeric keys in data-csr-sort


def sort_problems(tab, base_url: str, lang: str) -> list[str]:
    tab.goto(url_of(base_url, lang, PATHS["companies"]))
    table = tab.locator("table.csr-companies")
    keys = "t => Array.from(t.tBodies[0].rows, r => Number(r.cells[%d].dataset.csrSort))" % COVERAGE
    names = "t => Array.from(t.tBodies[0].rows, r => r.cells[0].textContent.trim())"
    before = table.evaluate(names)
    buttons = table.locator("thead th").nth(COVERAGE).locator("button.csr-sort")
    if buttons.count() != 1:
        return [f"{buttons.count()} sort buttons in the coverage column header, expected 1"]
    problems = []
    for expected in ("ascending", "descending"):
        buttons.click()
        values = table.evaluate(keys)
        wanted = sorted(values, reverse=expected == "descending")
        if values != wanted:
            problems.append(f"{expected}: coverage {values}, expected {wanted}")
        state = table.locator("thead th").nth(COVERAGE).get_attribute("aria-sort")
        if state != expected:
            problems.append(f"aria-sort is {state!r} after sorting {expected}")
        if sorted(table.evaluate(names)) != sorted(before):
            problems.append(f"rows changed: {before} -> {table.evaluate(names)}")
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_column_sorts_ascending_then_descending(browser, base_url, lang):
    tab = open_tab(browser, lang)
    try:
        problems = sort_problems(tab, base_url, lang) + tab.guard.problems()
    finally:
        close_tab(tab)
    assert problems == []


def test_the_sort_check_fails_without_the_script(browser, base_url):
    page = url_of(base_url, "en", PATHS["companies"])
    tab = open_tab(browser, "en", mutations={page: lambda html: html.replace("assets/csr/csr.js", "assets/csr/missing.js")})
    try:
        problems = sort_problems(tab, base_url, "en")
    finally:
        close_tab(tab)
    assert problems == ["0 sort buttons in the coverage column header, expected 1"]
