"""Limits and values at the edges (issue 14): each rule of the CSR6xx family at an exact place,
the worst pages just inside the limits within their measured bound, and the helpers the build
uses to map its own findings back to a disclosure file."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from macros import limits
from macros.registry import load_registry
from macros.site import linkcheck, sanitize
from registry_builder import EN, EN_PAGE, ZH, ZH_PAGE, replace, variant, write_tree

TODAY = dt.date(2024, 6, 1)


def body(text: str) -> str:
    """The valid Chinese page with ``text`` appended to its body."""
    return ZH_PAGE + "\n" + text


BODY_END = ZH_PAGE.count("\n") + 2  # the file line of the first appended line

CASES = {
    "CSR600 body-too-large": (variant(zh=body("长" * (limits.MAX_BODY_CHARS + 1))), [("CSR600", ZH, 23)]),
    "CSR601 line-too-long": (variant(zh=body("长" * (limits.MAX_LINE_CHARS + 1))), [("CSR601", ZH, BODY_END)]),
    "CSR602 body-too-deep": (variant(zh=body("".join("    " * i + "- x\n" for i in range(100)))),
                             [("CSR602", ZH, BODY_END + limits.MAX_NESTING)]),
    "CSR603 character-run-too-long": (variant(zh=body("a" + "*" * 100 + "\n")), [("CSR603", ZH, BODY_END)]),
    "CSR604 markup-too-dense": (variant(zh=body("[a " * 2000 + "\n")), [("CSR604", ZH, BODY_END)]),
    "CSR605 too-many-headings": (variant(zh=body("".join(f"## h{i}\n\n" for i in range(250)))),
                                 [("CSR605", ZH, BODY_END + 2 * (limits.MAX_HEADINGS - 1))]),
    "CSR606 too-many-definitions": (variant(zh=body("a\n: b\n" * 100)), [("CSR606", ZH, BODY_END + 65)]),
    "CSR607 body-control-character": (variant(en=EN_PAGE + "\nbell \x07 here\n"),
                                      [("CSR607", EN, EN_PAGE.count("\n") + 2)]),
    "CSR608 number-out-of-range": (variant(zh=replace(ZH_PAGE, "value: 12", "value: " + "9" * 5000)),
                                   [("CSR608", ZH, 15)]),
    "CSR609 date-out-of-range": (variant(zh=replace(ZH_PAGE, "2023-01-16", "9999-12-31")), [("CSR609", ZH, 5)]),
    "CSR610 stray-file": ({**variant(), "disclosures/notes.md": "x"}, [("CSR610", "disclosures/notes.md", 0)]),
    "CSR611 hard-link": (variant(), [("CSR611", "disclosures/acme/chart.png", 0)]),  # the test links it
    "CSR612 broken-link-at-build": (variant(), [("CSR612", ZH, 26)]),  # from the build's link check
    "CSR613 link-target-missing": (variant(zh=body("[报告](report.pdf) [节](#nowhere)\n")),
                                   [("CSR613", ZH, BODY_END)]),
}


def problems_of(root: Path, case: str) -> set[tuple[str, str, int]]:
    if case.startswith("CSR611"):
        outside = root.parent / f"{root.name}-elsewhere.png"
        outside.write_bytes(b"\x89PNG secret")
        os.link(outside, root / "disclosures/acme/chart.png")
    if case.startswith("CSR612"):
        problem = linkcheck.diagnostic_for(
            linkcheck.BrokenLink("companies/acme/2022/index.html", "#open-source", "no anchor #open-source"), root)
        return {(problem.code, problem.path, problem.line)}
    registry = load_registry(root, today=TODAY)
    for problem in registry.problems:
        assert problem.message("zh") and problem.message("en")
    return {(d.code, d.path, d.line) for d in registry.problems}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_limit_rule_is_reported_at_its_line(tmp_path, case):
    files, expected = CASES[case]
    write_tree(tmp_path, files)
    found = problems_of(tmp_path, case)
    for item in expected:
        assert item in found, f"{item} not in {sorted(found)}"


# -- values -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, ok", [("123456789012345", True), ("-99.5", True), ("1234567890123456", False),
                                       ("9" * 5000, False), ("0.0000000000000001", False), ("0x" + "f" * 40, False)])
def test_figure_values_have_at_most_fifteen_digits(tmp_path, value, ok):
    write_tree(tmp_path, variant(zh=replace(ZH_PAGE, "value: 12", f"value: {value}")))
    codes = [(d.code, d.line) for d in load_registry(tmp_path, today=TODAY).errors]
    if ok:
        assert codes == []
    else:  # and the value, left as the text written, is not a number
        assert ("CSR608", 15) in codes and {code for code, _ in codes} <= {"CSR608", "CSR202"}


@pytest.mark.parametrize("period, published, expected", [
    ("2022", "2023-01-16", []),
    ("0000", "2023-01-16", [("CSR609", 1)]),
    ("1989", "1990-01-01", [("CSR609", 1)]),
    ("2025", "2025-02-01", [("CSR609", 1), ("CSR609", 5)]),  # the period and the publication are future
    ("2024", "2024-06-02", []),  # "today" is a day ahead somewhere: allowed
    ("2024", "2024-06-03", [("CSR609", 5)]),
    ("2022", "9999-12-31", [("CSR609", 5)]),
])
def test_periods_and_publication_dates_lie_in_the_window(tmp_path, period, published, expected):
    files = variant(zh=replace(ZH_PAGE, "2023-01-16", published))
    files = {path.replace("2022.", f"{period}."): text for path, text in files.items()}
    write_tree(tmp_path, files)
    registry = load_registry(tmp_path, today=TODAY)
    assert sorted((d.code, d.line) for d in registry.errors) == expected
    assert all("Traceback" not in d.message("en") for d in registry.problems)


def test_the_date_window_follows_the_injected_today(tmp_path):
    write_tree(tmp_path, variant())
    assert [d.code for d in load_registry(tmp_path, today=dt.date(2022, 12, 31)).errors] == ["CSR609"]
    assert load_registry(tmp_path, today=dt.date(2023, 1, 16)).errors == []


# -- text fields and bodies ----------------------------------------------------------------------

@pytest.mark.parametrize("escaped", ["\\0", "\\x00", "\\a", "\\x1b[31m", "\\x7f", "\\x85", "\\u0000"])
def test_escaped_control_characters_are_refused_like_raw_ones(tmp_path, escaped):
    write_tree(tmp_path, variant(zh=replace(ZH_PAGE, 'summary: "我们坚持开源。"', f'summary: "开源{escaped}"')))
    errors = [(d.code, d.line) for d in load_registry(tmp_path, today=TODAY).errors]
    assert errors == [("CSR103", 3)]


@pytest.mark.parametrize("invisible", ["\\u200b", "\\u200b\\u200c\\u200d", "\\ufeff", "\\u200e\\u200f", "\\u2060",
                                       "\\u202e", "\\u3000", " \\t ", "\\u3164", "\\u034f"])
def test_invisible_only_text_counts_as_empty(tmp_path, invisible):
    zh = replace(ZH_PAGE, 'summary: "我们坚持开源。"', f'summary: "{invisible}"')
    en = replace(EN_PAGE, '"We only serve business customers."', f'"{invisible}"')
    write_tree(tmp_path, variant(zh=zh, en=en))
    errors = sorted((d.code, d.path, d.line) for d in load_registry(tmp_path, today=TODAY).errors)
    assert errors == [("CSR205", EN, 5), ("CSR205", ZH, 3)]


def test_visible_text_with_invisible_characters_is_kept(tmp_path):
    write_tree(tmp_path, variant(zh=replace(ZH_PAGE, 'summary: "我们坚持开源。"', 'summary: "开\\u200b源"')))
    registry = load_registry(tmp_path, today=TODAY)
    assert registry.errors == [] and registry.disclosures[0].zh.summary == "开\u200b源"


@pytest.mark.parametrize("text, line", [
    ("[证据]:\n    javascript:alert(1)\n", 1),
    ("[证据]: <javascript:alert(1)>\n", 0),
    ("> [证据]:\n> data:text/html,x\n", 1),
    ("- [证据]: vbscript:x\n", 0),
    ("[点这里](\njavascript:alert(1))\n", 1),
    ("<a href\n=\n'javascript:alert(1)'>x</a>\n", 2),
    ("<img\nsrc=\"file:///etc/passwd\">\n", 1),
    ("<javascript:alert(1)>\n", 0),
])
def test_every_url_form_goes_through_the_url_rule(tmp_path, text, line):
    write_tree(tmp_path, variant(zh=body(text)))
    errors = [(d.code, d.line) for d in load_registry(tmp_path, today=TODAY).errors]
    assert errors == [("CSR407", BODY_END + line)]


def test_links_the_built_site_would_not_have_are_errors(tmp_path):
    text = ("[a](chart.png) [b](missing.pdf) [c](../other/chart.png) [d](#open-source) [e](#nope)\n"
            "<span id=\"mine\"></span>[f](#mine) [g](#csr-developer-cultivation)\n")
    write_tree(tmp_path, {**variant(zh=body(text)), "disclosures/acme/chart.png": b"\x89PNG"})
    found = [(d.code, d.line, d.args["url"]) for d in load_registry(tmp_path, today=TODAY).errors]
    assert found == [("CSR613", BODY_END, "missing.pdf"), ("CSR613", BODY_END, "../other/chart.png"),
                     ("CSR613", BODY_END, "#nope")]


def test_an_english_page_may_link_the_chinese_sections_it_shows(tmp_path):
    en = EN_PAGE.split("## Giving")[0] + "[More](#open-source)\n"
    write_tree(tmp_path, variant(en=en))
    assert load_registry(tmp_path, today=TODAY).errors == []


@pytest.mark.parametrize("markup", [
    "<noscript><p>secret-text</p></noscript>",
    "<template><p>secret-text</p></template>",
    "<noscript>\n\n**secret-text**\n\n</noscript>",
    "<TEMPLATE>secret-text",
    "<noembed>secret-text</noembed>",
])
def test_noscript_and_template_content_is_dropped_from_page_and_search(markup):
    """The search index is made from the published (sanitised) HTML: what the page drops, search
    never sees."""
    from page_cost import render
    assert "secret-text" not in render("before\n\n" + markup + "\n\nafter")
    assert "secret-text" not in sanitize.clean(markup)


# -- stray files and hard links ------------------------------------------------------------------

def test_stray_files_and_hard_links_are_errors_and_never_read(tmp_path):
    write_tree(tmp_path, {**variant(), "disclosures/2022.zh.md": ZH_PAGE, "disclosures/README.md": "ok",
                          "disclosures/acme/chart.png": b"\x89PNG"})
    secret = tmp_path.parent / f"{tmp_path.name}-secret.png"
    secret.write_bytes(b"\x89PNG secret")
    os.link(secret, tmp_path / "disclosures/acme/logo.png")
    registry = load_registry(tmp_path, today=TODAY)
    assert sorted((d.code, d.path) for d in registry.errors) == [
        ("CSR610", "disclosures/2022.zh.md"), ("CSR611", "disclosures/acme/logo.png")]


# -- the build's findings, mapped back to the source ------------------------------------------------

@pytest.mark.parametrize("page, source", [
    ("companies/acme/2022/index.html", "disclosures/acme/2022.zh.md"),
    ("en/companies/acme/2022/index.html", "disclosures/acme/2022.en.md"),
    ("companies/acme/2022-index/index.html", "disclosures/acme/2022.zh.md"),
    ("en/companies/acme/2021-index/index.html", "disclosures/acme/2021.en.md"),
    ("companies/acme/index.html", "disclosures/acme/company.yml"),
    ("companies/index.html", None),
    ("index.html", None),
    ("matrix/all/2022/index.html", None),
    ("en/indicators/integrity/index.html", None),
])
def test_a_built_page_maps_back_to_its_disclosure_file(page, source):
    assert linkcheck.source_of(page) == source


def test_a_broken_link_found_at_build_time_is_located_in_the_disclosure(tmp_path):
    write_tree(tmp_path, variant(en=EN_PAGE + "\nSee [the chart](chart.png).\n"))
    problem = linkcheck.diagnostic_for(linkcheck.BrokenLink("en/companies/acme/2022/index.html", "../chart.png",
                                                            "no such file"), tmp_path)
    line = EN_PAGE.count("\n") + 2  # the line appended above
    assert (problem.code, problem.path, problem.line) == ("CSR612", EN, line)
    assert problem.location() == f"{EN}:{line}:1" and "chart.png" in problem.message("en")
    assert linkcheck.diagnostic_for(linkcheck.BrokenLink("index.html", "x/", "no such page"), tmp_path) is None


# -- the limits bound the build's work ------------------------------------------------------------

def test_the_limits_check_is_linear_and_never_recurses():
    hostile = ("[<" * 1000 + "\n") * 20 + "".join("    " * i + "> - x\n" for i in range(1000))
    started = time.perf_counter()
    found = limits.check(hostile[: limits.MAX_BODY_CHARS], 1, "p")
    assert time.perf_counter() - started < 1.0
    assert {d.code for d in found} >= {"CSR602", "CSR604"}


def test_the_worst_pages_within_the_limits_stay_within_their_bound():
    from page_cost import WORST_PAGES, build_cost, BOUND_SECONDS
    build_cost("预热 warm up")  # jieba's dictionary
    for name, make in WORST_PAGES.items():
        page = make()
        assert limits.check(page, 1, name) == [], name
        assert build_cost(page) < BOUND_SECONDS * 3, name  # CPU time; three times the bound: slower machines


# -- the quick paths of the checks say what the plain definitions say --------------------------

def _control_by_definition(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char not in "\t\n") or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF \
        or code in (0xFFFE, 0xFFFF)


def test_control_characters_are_exactly_the_defined_ones():
    every = "".join(map(chr, range(0x10000))) + "\U00010000\U0010ffff"
    assert limits.control_characters(every) == [(i, c) for i, c in enumerate(every) if _control_by_definition(c)]


def _nesting_by_definition(line: str) -> int:
    """limits.nesting without its quick return for lines that cannot be nested."""
    depth = columns = position = 0
    while position < len(line):
        start = position
        while position < len(line) and line[position] in " \t":
            position += 1
        columns += limits._columns(line[start:position])
        if position < len(line) and line[position] == ">":
            depth, position = depth + 1, position + 1
            if position < len(line) and line[position] in " \t":
                position += 1
            continue
        marker = limits._LIST_MARKER.match(line, position)
        if marker and marker.end() > position:
            depth, position, spaces = depth + 1, marker.end(), 0
            while position < len(line) and line[position] == " " and spaces < 4:
                position, spaces = position + 1, spaces + 1
            continue
        break
    return depth + columns // 4


@pytest.mark.parametrize("rest", ["", " x", "\tx", ". x", ") x", "> - 1. x", "    - x", "1", "x"])
def test_nesting_of_a_line_starting_with_any_character(rest):
    for code in range(0x80):
        line = chr(code) + rest
        assert limits.nesting(line) == _nesting_by_definition(line), repr(line)


@pytest.mark.parametrize("text", ["a\n\nb \x07 c\x01\n", "a\nb" + "_" * 40 + "*" * 50 + "\n", "\x7f" + "[" * 40,
                                  "x\n" * 5 + "~" * 3 + "\n" + "<" * 33 + "\ud800"])
def test_the_first_control_character_and_run_are_reported_where_they_are(text):
    found = {d.code: (d.line, d.col) for d in limits.check(text, 10, "p")}
    lines = text.split("\n")
    control = next(((i, c) for i, line in enumerate(lines) for c in range(len(line))
                    if _control_by_definition(line[c])), None)
    if control:
        assert found["CSR607"] == (10 + control[0], control[1] + 1)
    run = next(((i, m.start()) for i, line in enumerate(lines) for m in [limits._RUNS.search(line)] if m), None)
    assert found.get("CSR603") == ((10 + run[0], run[1] + 1) if run else None)


@pytest.mark.parametrize("text", ["[a](x.pdf) <https://e.org> <img src=y>", "[r]:\n  javascript:z", "无链接的正文。\n\n第二段",
                                  "```\n[a](in-code)\n```\n[b](after)", "<a\nhref = 'q'>", "a]\n(b) x]:y =z <c:d>"])
def test_links_are_found_whichever_scans_are_skipped(text):
    from macros import bodylinks
    every = {}  # every pattern over the whole text, none skipped
    plain = bodylinks._outside_fences(text)
    for pattern, _needed in bodylinks._PATTERNS:
        for match in pattern.finditer(plain):
            every.setdefault(match.start(1), match[1])
    assert [url for _line, _col, url, _md in bodylinks.links(text, 1)] == [every[k] for k in sorted(every)]
