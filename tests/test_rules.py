"""Every rule of the error catalogue, triggered by a bad fixture, at an exact place.

Each case starts from the valid registry in ``registry_builder`` and breaks one thing.
``expected`` lists (code, path, line) that must be reported; ``absent`` codes must not be.
"""

from __future__ import annotations

import os

import pytest

from macros import catalogue
from macros.registry import load_registry
from registry_builder import COMPANY, COMPANY_YML, EN, EN_PAGE, ZH, ZH_PAGE, replace, variant, write_tree

CASES = {
    "CSR100 not-utf8": (variant(zh=ZH_PAGE.encode().replace("坚".encode(), b"\xff\xfe", 1)),
                        [("CSR100", ZH, 3)]),
    "CSR101 frontmatter-missing": (variant(zh="# 没有前言\n"), [("CSR101", ZH, 1)]),
    "CSR102 frontmatter-unclosed": (variant(zh=replace(ZH_PAGE, "---\n\nAcme", "\nAcme")), [("CSR102", ZH, 1)]),
    "CSR103 yaml-syntax": (variant(zh=replace(ZH_PAGE, 'summary: "我们坚持开源。"', "summary: a: b")),
                           [("CSR103", ZH, 3)]),
    "CSR104 yaml-tab": (variant(zh=replace(ZH_PAGE, "    status: policy", "\tstatus: policy")),
                        [("CSR104", ZH, 8)]),
    "CSR105 yaml-alias": (variant(zh=replace(ZH_PAGE, 'summary: "', 'summary: &s "')), [("CSR105", ZH, 3)]),
    "CSR106 yaml-tag": (variant(zh=replace(ZH_PAGE, 'summary: "', 'summary: !!str "')), [("CSR106", ZH, 3)]),
    "CSR107 duplicate-key": (variant(zh=replace(ZH_PAGE, "framework:", 'summary: "再写一次"\nframework:')),
                             [("CSR107", ZH, 4)]),
    "CSR108 not-a-mapping": (variant(company="- 艾克米\n- private\n"), [("CSR108", COMPANY, 1)]),
    "CSR109 too-large": (variant(zh=replace(ZH_PAGE, "我们坚持开源。", "长" * 30000)), [("CSR109", ZH, 1)]),
    "CSR110 ambiguous-scalar": (variant(zh=replace(ZH_PAGE, 'summary: "我们坚持开源。"', "summary: yes")),
                                [("CSR110", ZH, 3)]),
    "CSR111 invalid-date": (variant(zh=replace(ZH_PAGE, "2023-01-16", "2022-13-01")), [("CSR111", ZH, 5)]),
    "CSR112 too-deep": (variant(zh=replace(ZH_PAGE, 'summary: "我们坚持开源。"', "summary: " + "[" * 30 + "]" * 30)),
                        [("CSR112", ZH, 3)]),
    "CSR113 bom-or-crlf": (variant(zh=ZH_PAGE.replace("\n", "\r\n")), [("CSR113", ZH, 1)]),
    "CSR200 unknown-key": (variant(zh=replace(ZH_PAGE, "summary:", "sumary:")), [("CSR200", ZH, 3)]),
    "CSR201 missing-key": (variant(zh=replace(ZH_PAGE, "published: 2023-01-16\n", "")), [("CSR201", ZH, 2)]),
    "CSR202 wrong-type": (variant(zh=replace(ZH_PAGE, "published: 2023-01-16", 'published: "2023-01-16"')),
                          [("CSR202", ZH, 5)]),
    "CSR203 invalid-value": (variant(company=replace(COMPANY_YML, "type: private", "type: privat")),
                             [("CSR203", COMPANY, 4)]),
    "CSR204 invalid-url": (variant(zh=replace(ZH_PAGE, "https://example.com/oss", "javascript:alert(1)")),
                           [("CSR204", ZH, 11)]),
    "CSR205 empty-value": (variant(zh=replace(ZH_PAGE, 'title: "Acme 2022 年度社会责任声明"', 'title: ""')),
                           [("CSR205", ZH, 2)]),
    "CSR206 invalid-slug": (variant(zh=replace(ZH_PAGE, "name: repos", "name: Open Repos")), [("CSR206", ZH, 14)]),
    "CSR207 placeholder-value": (variant(zh=replace(ZH_PAGE, '"我们坚持开源。"', '"（一两句摘要）"')), [("CSR207", ZH, 3)]),
    "CSR300 unknown-framework": (variant(zh=replace(ZH_PAGE, "framework: tbsia-003-2022", "framework: tbsia-003-2021")),
                                 [("CSR300", ZH, 4)]),
    "CSR301 unknown-indicator": (variant(zh=replace(ZH_PAGE, "indicator: developer-cultivation",
                                                     "indicator: developer-cultivaton")), [("CSR301", ZH, 7)]),
    "CSR302 status-not-allowed": (variant(zh=replace(ZH_PAGE, "status: policy-and-action", "status: practising")),
                                  [("CSR302", ZH, 8)]),
    "CSR303 duplicate-claim": (variant(zh=replace(ZH_PAGE, "indicator: youth-online-addiction",
                                                   "indicator: developer-cultivation")), [("CSR303", ZH, 18)]),
    "CSR304 section-not-found": (variant(zh=replace(ZH_PAGE, "section: open-source", "section: open-sauce")),
                                 [("CSR304", ZH, 9)]),
    "CSR305 reason-required": (variant(zh=replace(ZH_PAGE, "    reason: not-applicable\n", "")), [("CSR305", ZH, 18)]),
    "CSR306 explanation-required": (variant(zh=replace(ZH_PAGE, '    explanation: "我们只服务企业客户。"\n', "")),
                                    [("CSR306", ZH, 18), ("CSR503", EN, 5)]),
    "CSR307 omission-key-on-reported-claim": (
        variant(zh=replace(ZH_PAGE, "    section: open-source\n", "    section: open-source\n    reason: not-material\n")),
        [("CSR307", ZH, 10)]),
    "CSR308 indicator-not-addressed": (variant(), [("CSR308", ZH, 6)]),
    "CSR309 section-required": (variant(zh=replace(ZH_PAGE, "    section: open-source\n", "")), [("CSR309", ZH, 7)]),
    "CSR310 figure-not-finite": (variant(zh=replace(ZH_PAGE, "value: 12", "value: .inf")), [("CSR310", ZH, 15)]),
    "CSR311 duplicate-figure": (
        variant(zh=replace(ZH_PAGE, '        label: "开源项目数"\n',
                           '        label: "开源项目数"\n      - name: repos\n        value: 3\n')),
        [("CSR311", ZH, 18)]),
    "CSR312 heading-anchor-missing": (variant(zh=replace(ZH_PAGE, "## 开源回馈 {#open-source}", "## 开源回馈")),
                                      [("CSR312", ZH, 26)]),
    "CSR400 bad-filename": ({**variant(), "disclosures/acme/notes.txt": "x"}, [("CSR400", "disclosures/acme/notes.txt", 0)]),
    "CSR401 company-file-missing": (variant(company=None), [("CSR401", "disclosures/acme", 0)]),
    "CSR402 chinese-page-missing": (variant(zh=None), [("CSR402", EN, 0)]),
    "CSR403 bad-company-slug": ({"disclosures/Acme_Co/company.yml": COMPANY_YML},
                                [("CSR403", "disclosures/Acme_Co", 0)]),
    "CSR404 unsafe-path": (variant(zh=None), [("CSR404", ZH, 0)]),  # the test adds a symlink
    "CSR405 period-mismatch": (variant(zh=replace(ZH_PAGE, "2023-01-16", "2021-06-01")), [("CSR405", ZH, 5)]),
    "CSR406 link-outside-registry": (variant(zh=ZH_PAGE + "\n![密码](../../../etc/passwd)\n"), [("CSR406", ZH, 30)]),
    "CSR407 unsafe-url": (variant(en=EN_PAGE + '\n[Click](javascript:alert(1))\n'), [("CSR407", EN, 20)]),
    "CSR408 unsafe-asset": ({**variant(), "disclosures/acme/logo.svg": '<svg onload="alert(1)"/>'},
                            [("CSR408", "disclosures/acme/logo.svg", 0)]),
    "CSR409 placeholder-in-body": (variant(en=replace(EN_PAGE, "About Acme.", "(About the company)")), [("CSR409", EN, EN_PAGE.split("\n").index("About Acme.") + 1)]),
    "CSR500 fact-in-translation": (variant(en=replace(EN_PAGE, "explanations:", "framework: tbsia-003-2022\nexplanations:")),
                                   [("CSR500", EN, 4)]),
    "CSR501 translation-missing": (variant(en=None), [("CSR501", ZH, 0)]),
    # located at the Chinese heading the English page lacks
    "CSR502 translation-incomplete": (variant(en=EN_PAGE.split("## Giving")[0]), [("CSR502", ZH, 26)]),
    "CSR503 translation-contradicts": (
        variant(en=replace(EN_PAGE, "explanations:\n", 'explanations:\n  developer-cultivation: "x"\n')),
        [("CSR503", EN, 5)]),
    "CSR504 translation-anchor-unknown": (variant(en=replace(EN_PAGE, "{#open-source}", "{#open-sorce}")),
                                          [("CSR504", EN, 16)]),  # one mistake, one message
    # located at the Chinese title the English page does not translate
    "CSR505 text-untranslated": (variant(en=replace(EN_PAGE, 'evidence_titles:\n  "https://example.com/oss": "Open-source repositories"\n', "")),
                                 [("CSR505", ZH, 12)]),
}


def found_in(root):
    registry = load_registry(root)
    return registry, {(d.code, d.path, d.line) for d in registry.problems}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_fixture_reports_code_at_line(case, tmp_path):
    files, expected = CASES[case]
    write_tree(tmp_path, files)
    if case.startswith("CSR404"):
        outside = tmp_path.parent / f"{tmp_path.name}-outside.zh.md"
        outside.write_text(ZH_PAGE, encoding="utf-8")
        os.symlink(outside, tmp_path / ZH)
    registry, found = found_in(tmp_path)
    for item in expected:
        assert item in found, f"{item} not in {sorted(found)}"
    for problem in registry.problems:
        assert "Traceback" not in problem.message("en")
        assert problem.message("zh") and problem.message("en")


def test_the_fixtures_cover_every_rule_of_the_catalogue():
    from test_limits import CASES as LIMIT_CASES  # the CSR6xx family, at its own fixtures

    covered = {code for _, expected in [*CASES.values(), *LIMIT_CASES.values()] for code, _, _ in expected}
    assert covered == {rule.code for rule in catalogue.RULES}


def test_the_base_registry_is_valid(tmp_path):
    write_tree(tmp_path, variant())
    registry, found = found_in(tmp_path)
    assert [(d.code, d.severity) for d in registry.problems] == [("CSR308", "warning")]
    [disclosure] = registry.disclosures
    assert disclosure.en is not None and disclosure.en.complete
    assert [c.indicator for c in disclosure.claims] == ["developer-cultivation", "youth-online-addiction"]


def test_every_problem_of_a_page_is_reported_in_one_run(tmp_path):
    broken = replace(ZH_PAGE, "summary:", "sumary:")
    broken = replace(broken, "status: policy-and-action", "status: polcy-and-action")
    broken = replace(broken, "https://example.com/oss", "not a url")
    broken = replace(broken, "section: open-source", "section: opensource")
    write_tree(tmp_path, variant(zh=broken))
    registry, found = found_in(tmp_path)
    assert {("CSR200", ZH, 3), ("CSR302", ZH, 8), ("CSR204", ZH, 11), ("CSR304", ZH, 9)} <= found


def test_did_you_mean_suggestions(tmp_path):
    write_tree(tmp_path, variant(zh=replace(replace(ZH_PAGE, "summary:", "sumary:"),
                                            "status: policy-and-action", "status: polcy-and-action")))
    registry = load_registry(tmp_path)
    messages = {d.code: d.message("en") for d in registry.problems}
    assert "did you mean 'summary'?" in messages["CSR200"]
    assert "did you mean 'policy-and-action'?" in messages["CSR302"]
    zh_messages = {d.code: d.message("zh") for d in registry.problems}
    assert "是否想写 'summary'" in zh_messages["CSR200"]


# -- one mistake, one message --------------------------------------------------------------------

def problems_of(root) -> list[tuple[str, str, int]]:
    return sorted((d.code, d.path, d.line) for d in load_registry(root).problems if d.code != "CSR308")


@pytest.mark.parametrize("old, new, expected", [
    ("published: 2023-01-16", "published: 2022-13-01", [("CSR111", ZH, 5)]),  # not also CSR202 "got text"
    ("published: 2023-01-16", "published: 2023-1-16", [("CSR111", ZH, 5)]),
    ("value: 12", "value: no", [("CSR110", ZH, 15)]),  # not also CSR202
    ("status: policy-and-action", "status: on", [("CSR110", ZH, 8)]),  # not also a status or type error
    ('title: "Acme 2022 年度社会责任声明"', "title: 2022-02-30", [("CSR111", ZH, 2)]),
])
def test_a_value_the_yaml_reader_rejects_gives_one_error(tmp_path, old, new, expected):
    write_tree(tmp_path, variant(zh=replace(ZH_PAGE, old, new)))
    assert problems_of(tmp_path) == expected


def test_an_empty_company_file_gets_a_company_hint(tmp_path):
    write_tree(tmp_path, variant(company=""))
    [problem] = [d for d in load_registry(tmp_path).problems if d.path == COMPANY]
    assert (problem.code, problem.line) == ("CSR108", 1)
    for lang in ("en", "zh"):
        hint = problem.hint(lang)
        assert "name:" in hint and "type: private" in hint, hint
        assert "framework" not in hint and "title" not in hint, hint
    # a page's hint keeps the page's keys, an English page's has no fact in it
    write_tree(tmp_path, variant(zh="---\n- a list\n---\n", en="---\n- a list\n---\n"))
    hints = {d.path: d.hint("en") for d in load_registry(tmp_path).problems if d.code == "CSR108"}
    assert "framework: tbsia-003-2022" in hints[ZH] and "title:" in hints[ZH]
    assert "title:" in hints[EN] and "framework" not in hints[EN]


def test_a_heading_without_its_anchor_is_pointed_at(tmp_path):
    """A Chinese heading written without {#open-source}: one error, at the heading, naming the
    anchor to add; not a section-not-found at the claim, nor an incomplete translation at 1:1."""
    write_tree(tmp_path, variant(zh=replace(ZH_PAGE, "## 开源回馈 {#open-source}", "## 开源回馈")))
    registry = load_registry(tmp_path)
    assert problems_of(tmp_path) == [("CSR312", ZH, 26)]
    [problem] = [d for d in registry.problems if d.code == "CSR312"]
    assert problem.col == 1
    assert "{#open-source}" in problem.message("en") and "line 9" in problem.message("en")
    assert problem.hint("en") == "Add the anchor at the end of the heading: ## 开源回馈 {#open-source}"
    assert problem.hint("zh") == "在标题末尾加上锚点：## 开源回馈 {#open-source}"


def test_a_heading_without_its_anchor_is_found_by_the_english_page(tmp_path):
    """Two headings without an anchor: the English page, heading for heading, tells which one."""
    zh = replace(ZH_PAGE, "## 开源回馈 {#open-source}", "## 乡村教育\n\n一段。\n\n## 开源回馈")
    en = replace(EN_PAGE, "## Giving back", "## Rural schools {#rural}\n\nText.\n\n## Giving back")
    write_tree(tmp_path, variant(zh=zh, en=en))
    assert problems_of(tmp_path) == [("CSR312", ZH, 30), ("CSR504", EN, 16)]
    # the other heading's anchor differs between the pages (a mistake of its own), reported once:
    # at the English anchor, naming the Chinese section it translates (no CSR502 for it as well)
    [unknown] = [d for d in load_registry(tmp_path).problems if d.code == "CSR504"]
    assert "#rural" in unknown.message("en") and "#乡村教育" in unknown.message("en")
    # without the English page it cannot tell: the claim's error, listing the anchors there are
    write_tree(tmp_path, variant(zh=zh, en=None))
    (tmp_path / EN).unlink()
    registry = load_registry(tmp_path)
    assert [(d.code, d.line) for d in registry.errors] == [("CSR304", 9)]
    assert "乡村教育, 开源回馈" in registry.errors[0].hint("en")


def test_counts_have_the_right_plural(tmp_path):
    zh = replace(ZH_PAGE, "claims:\n", "claims:\n" + "".join(
        f"  - indicator: {i}\n    status: omitted\n    reason: not-material\n    explanation: \"不适用。\"\n"
        for i in _all_indicators() if i not in ("developer-cultivation", "youth-online-addiction", "sme-support")))
    write_tree(tmp_path, variant(zh=zh))
    [warning] = [d for d in load_registry(tmp_path).problems if d.code == "CSR308"]
    assert warning.message("en") == "1 indicator is neither claimed nor explained as omitted: sme-support"
    assert warning.message("zh") == "有 1 个指标既未声明也未说明省略：sme-support"
    write_tree(tmp_path, variant())
    [warning] = [d for d in load_registry(tmp_path).problems if d.code == "CSR308"]
    assert warning.message("en").startswith("21 indicators are neither claimed")


def _all_indicators() -> list[str]:
    from macros.framework import load_frameworks
    return list(load_frameworks()["tbsia-003-2022"].indicators)


def test_placeholders_are_found_in_values_as_by_their_definition():
    from macros import placeholders

    def by_definition(text):
        for placeholder in placeholders.VALUES:
            if text.strip() == placeholder.text or (placeholder.text[0] in "（(" and placeholder.text in text):
                return placeholder
        return None

    texts = [p.text for p in placeholders.VALUES] + [f" {p.text}\n" for p in placeholders.VALUES] + [
        f"写在前面{p.text}后面" for p in placeholders.VALUES] + ["", "普通文字", "(x)", "（说明理由）", "说明理由。", "..."]
    for text in texts:
        assert placeholders.in_value(text) is by_definition(text), text
    data = {"a": [texts[0], {"b": texts[3], "c": 1}], "d": "说明理由", "e": None}
    assert list(placeholders.in_values(data)) == [
        (("a", 0), by_definition(texts[0])), (("a", 1, "b"), by_definition(texts[3])), (("d",), by_definition("说明理由"))]


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_headings_in_fenced_code_are_not_sections(fence):
    from macros import sections
    body = f"## 一 {{#one}}\n\n{fence}\n## 代码里的标题 {{#in-code}}\n{fence}\n\n## 二\n  ### 三 ###\n#no-heading\n"
    found = [(s.anchor, s.level, s.line) for s in sections.parse(body, 5)]
    assert found == [("one", 2, 5), ("二", 2, 11), ("三", 3, 12)]
    assert [(s.anchor, s.line) for s in sections.parse(body.replace(fence, "``"), 5)] == [
        ("one", 5), ("in-code", 8), ("二", 11), ("三", 12)]  # two backticks open no fence
