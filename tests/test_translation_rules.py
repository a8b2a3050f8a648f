"""Translation checks: each untranslated text and section of a translated page is reported where it
is written in the Chinese page; an English heading anchor the Chinese page lacks is an error at
its line, with the Chinese heading it most likely translates.

Line numbers are those of ``registry_builder.ZH_PAGE`` / ``EN_PAGE`` (counted in the fixture)."""

from __future__ import annotations

from macros.registry import load_registry
from registry_builder import EN, EN_PAGE, ZH, ZH_PAGE, replace, variant, write_tree

ZH_LINES = {text: number for number, text in enumerate(ZH_PAGE.split("\n"), start=1)}
EN_LINES = {text: number for number, text in enumerate(EN_PAGE.split("\n"), start=1)}


def problems(tmp_path, **files):
    write_tree(tmp_path, variant(**files))
    registry = load_registry(tmp_path)
    return registry, [(d.code, d.path, d.line, d.message("en"), d.message("zh"), d.hint("en"))
                      for d in registry.problems if d.code.startswith("CSR5")]


def test_a_complete_translation_has_nothing_to_report(tmp_path):
    registry, found = problems(tmp_path)
    assert found == []
    assert registry.disclosures[0].en.complete


def test_each_untranslated_text_is_reported_at_its_chinese_line(tmp_path):
    bare = EN_PAGE.split("---\n", 2)[2]  # the body only: title and nothing else
    registry, found = problems(tmp_path, en='---\ntitle: "Acme CSR statement 2022"\n---\n' + bare)
    located = {(code, path, line) for code, path, line, *_ in found}
    assert located == {
        ("CSR505", ZH, ZH_LINES['summary: "我们坚持开源。"']),
        ("CSR505", ZH, ZH_LINES['        title: "开源仓库"']),
        ("CSR505", ZH, ZH_LINES['        unit: "个"']),
        ("CSR505", ZH, ZH_LINES['        label: "开源项目数"']),
        ("CSR505", ZH, ZH_LINES['    explanation: "我们只服务企业客户。"']),
    }
    messages = {message for _, _, _, message, _, _ in found}
    assert 'the unit of figure repos \u201c个\u201d has no English translation in 2022.en.md' in messages
    assert ('the title of the evidence https://example.com/oss \u201c开源仓库\u201d has no English translation '
            'in 2022.en.md') in messages
    hints = {hint for *_, hint in found}
    assert 'Add to the front matter of 2022.en.md:\nevidence_titles:\n  "https://example.com/oss": "…"' in hints
    translation = registry.disclosures[0].en
    assert not translation.complete
    assert translation.missing_keys == ["summary", "figure_labels.repos", "figure_units.repos",
                                        "evidence_titles.https://example.com/oss",
                                        "explanations.youth-online-addiction"]


def test_text_without_chinese_needs_no_translation(tmp_path):
    zh = replace(replace(ZH_PAGE, 'unit: "个"', 'unit: "%"'), 'title: "开源仓库"', 'title: "GitHub"')
    en = EN_PAGE.replace('figure_units:\n  repos: "projects"\n', "").replace(
        'evidence_titles:\n  "https://example.com/oss": "Open-source repositories"\n', "")
    registry, found = problems(tmp_path, zh=zh, en=en)
    assert found == [] and registry.disclosures[0].en.complete


def test_each_missing_section_is_named_by_anchor_and_heading_at_its_chinese_line(tmp_path):
    zh = ZH_PAGE + "\n### 社区 {#community}\n\n我们办了三场线下活动。\n"
    registry, found = problems(tmp_path, zh=zh, en=EN_PAGE.split("## Giving")[0])
    assert [(code, path, line) for code, path, line, *_ in found] == [
        ("CSR502", ZH, ZH_LINES["## 开源回馈 {#open-source}"]),
        ("CSR502", ZH, len(ZH_PAGE.split("\n")) + 1),
    ]
    _, _, _, message, message_zh, hint = found[0]
    assert message == "section #open-source \u201c开源回馈\u201d has no English translation in 2022.en.md"
    assert message_zh == "章节 #open-source「开源回馈」在 2022.en.md 中没有英文译文"
    assert hint == "Add its English to 2022.en.md: ## … {#open-source}"
    assert registry.disclosures[0].en.missing_sections == ["open-source", "community"]


def test_a_missing_introduction_is_reported_at_its_first_chinese_line(tmp_path):
    _, found = problems(tmp_path, en=replace(EN_PAGE, "About Acme.\n", ""))
    assert [(code, path, line) for code, path, line, *_ in found] == [("CSR502", ZH, ZH_LINES["Acme 的介绍。"])]
    assert found[0][3] == "the introduction (the text before the first heading) has no English translation in 2022.en.md"


def test_a_misspelled_english_anchor_is_an_error_with_the_closest_chinese_anchor(tmp_path):
    registry, found = problems(tmp_path, en=replace(EN_PAGE, "{#open-source}", "{#open-sorce}"))
    heading = EN_LINES["## Giving back to open source {#open-source}"]
    [error] = [f for f in found if f[0] == "CSR504"]
    assert error[1:3] == (EN, heading)
    assert error[3] == ("heading anchor #open-sorce matches no heading of 2022.zh.md; did you mean #open-source "
                        f"(\u201c开源回馈\u201d, 2022.zh.md line {ZH_LINES['## 开源回馈 {#open-source}']})?")
    assert error[5].startswith("Give the heading the anchor of the Chinese heading it translates: "
                               "## Giving back to open source {#open-source}.")
    assert registry.errors and registry.errors[0].code == "CSR504"


def test_a_heading_without_its_anchor_is_matched_by_its_place(tmp_path):
    zh = ZH_PAGE + "\n## 多元用工 {#diverse-hiring}\n\n远程协作。\n\n## 供应链 {#supply-chain}\n\n持续维护。\n"
    # the anchor made from the English text is nothing like the Chinese one: matched by its place
    en = EN_PAGE + "\n## People from everywhere\n\nRemote work.\n\n## Supply chain {#supply-chain}\n\nUpkeep.\n"
    _, found = problems(tmp_path, zh=zh, en=en)
    [error] = [f for f in found if f[0] == "CSR504"]
    assert error[1] == EN and "#people-from-everywhere" in error[3]
    assert "did you mean #diverse-hiring (\u201c多元用工\u201d" in error[3]


def test_translations_of_texts_the_chinese_page_lacks_are_errors(tmp_path):
    en = replace(replace(EN_PAGE, '  repos: "projects"', '  stars: "stars"'),
                 '"https://example.com/oss"', '"https://example.com/other"')
    _, found = problems(tmp_path, en=en)
    assert {(code, path, line) for code, path, line, *_ in found if code == "CSR503"} == {
        ("CSR503", EN, EN_LINES['  repos: "projects"']),
        ("CSR503", EN, EN_LINES['  "https://example.com/oss": "Open-source repositories"']),
    }


def test_evidence_title_keys_must_be_http_urls(tmp_path):
    en = replace(EN_PAGE, '"https://example.com/oss":', '"javascript:alert(1)":')
    write_tree(tmp_path, variant(en=en))
    registry = load_registry(tmp_path)
    assert ("CSR204", EN, EN_LINES['  "https://example.com/oss": "Open-source repositories"']) in {
        (d.code, d.path, d.line) for d in registry.problems}
