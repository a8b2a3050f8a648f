"""`csr diff` at the level of text, on real git repositories, called as a user calls it.

Each test commits a base registry, changes it, commits again and runs ``csr diff HEAD~1 HEAD``
through the CLI's ``main(argv)`` (one test also through a subprocess, as the workflow does).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros import cli
from registry_builder import (BASE_FILES, COMPANY, COMPANY_YML, EN, EN_PAGE, ZH, ZH_PAGE, commit, git, replace,
                              write_tree)


RURAL_ZH = "计划 10 年内为 100 个乡村小学捐赠电脑。学生们很高兴！"
RURAL_EN = "We plan to equip 100 rural schools with computers within 10 years."

# the base: both pages with a second section, the English translation complete
ZH_BASE = ZH_PAGE + f"\n## 乡村振兴 {{#rural}}\n\n{RURAL_ZH}\n"
EN_BASE = EN_PAGE + f"\n## Rural revitalisation {{#rural}}\n\n{RURAL_EN}\n"




@pytest.fixture
def repo(tmp_path) -> Path:
    write_tree(tmp_path, {**BASE_FILES, ZH: ZH_BASE, EN: EN_BASE})
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "base")
    return tmp_path


def csr_diff(repo: Path, *extra: str) -> str:
    """``csr diff HEAD~1 HEAD`` as a user runs it; the report (exit status 0, nothing on stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["diff", "HEAD~1", "HEAD", "--root", str(repo), *extra])
    assert status == 0 and err.getvalue() == "", err.getvalue()
    return out.getvalue()


def change(repo: Path, files: dict[str, str | None], message: str = "change") -> str:
    for rel, content in files.items():
        if content is None:
            (repo / rel).unlink()
    write_tree(repo, files)
    commit(repo, message)
    return csr_diff(repo)


def block(report: str, slug: str) -> str:
    """The collapsible block of one company."""
    start = report.index(f"(<code>{slug}</code>)")
    return report[start : report.index("</details>", start)]


# -- text changes ------------------------------------------------------------------------------

def test_a_changed_number_in_a_chinese_sentence_is_shown_with_the_changed_characters_marked(repo):
    report = change(repo, {ZH: replace(ZH_BASE, "计划 10 年内为 100 个乡村小学", "计划 5 年内为 50 个乡村小学")})
    assert "No changes" not in report
    assert ("**1** company changed / 家企业有变化 · **0** indicator changes / 项指标变化 · 0 better / 提升 · "
            "0 worse / 下降 · **1** section changed / 个章节有变化") in report
    text = block(report, "acme")
    assert "**Chinese text / 中文正文**" in text and "English text" not in text
    assert "- <code>#rural</code> 乡村振兴 — ✏️ changed / 修改\n" in text
    # the sentence, with exactly the changed numbers deleted and inserted
    assert "  - ✏️ 计划 <del>10</del><ins>5</ins> 年内为 <del>100</del><ins>50</ins> 个乡村小学捐赠电脑。\n" in text
    assert "学生们很高兴" not in text  # the unchanged sentence is not repeated


def test_changed_english_words_and_front_matter_text(repo):
    report = change(repo, {
        EN: replace(replace(EN_BASE, "within 10 years", "within 5 years"), "We stand by open source.",
                    "We stand by free software."),
        ZH: replace(ZH_BASE, 'summary: "我们坚持开源。"', 'summary: "我们坚持开源和开放。"'),
    })
    text = block(report, "acme")
    assert "- summary / 摘要: ✏️ 我们坚持开源<ins>和开放</ins>。" in text
    assert "- summary / 摘要: ✏️ We stand by <del>open source</del><ins>free software</ins>." in text
    assert "within <del>10</del><ins>5</ins> years." in text
    assert text.index("**Chinese text / 中文正文**") < text.index("**English text / 英文正文**")


def test_sections_added_removed_retitled_and_the_introduction(repo):
    zh = replace(ZH_BASE, "## 乡村振兴 {#rural}", "## 支持乡村振兴 {#rural}")
    zh = replace(zh, "## 开源回馈 {#open-source}\n\n我们开源了 12 个项目，欢迎使用开源软件。\n", "## 开源回馈 {#open-source}\n\n")
    zh = replace(zh, "Acme 的介绍。", "Acme 的介绍。我们成立于 2015 年。")
    zh += "\n## 员工关怀 {#employees}\n\n我们为员工提供培训。\n"
    en = EN_BASE.replace("\n## Rural revitalisation {#rural}\n\n" + RURAL_EN + "\n", "")
    report = change(repo, {ZH: zh, EN: en})
    text = block(report, "acme")
    zh_text = text.split("**Chinese text / 中文正文**", 1)[1].split("**English text", 1)[0]
    assert "- introduction / 引言 — ✏️ changed / 修改\n  - ✏️ Acme 的介绍。<ins>我们成立于 2015 年。</ins>" in zh_text \
        or "- introduction / 引言 — ✏️ changed / 修改\n  - ➕ <ins>我们成立于 2015 年。</ins>" in zh_text
    assert "- <code>#rural</code> — 🏷️ retitled / 改标题: <del>乡村振兴</del><ins>支持乡村振兴</ins>" in zh_text
    assert "- <code>#open-source</code> 开源回馈 — ✏️ changed / 修改\n  - ➖ <del>我们开源了 12 个项目，欢迎使用开源软件。</del>" in zh_text
    assert "- <code>#employees</code> 员工关怀 — ➕ section added / 新增章节\n  - ➕ <ins>我们为员工提供培训。</ins>" in zh_text
    en_text = text.split("**English text / 英文正文**", 1)[1]
    assert (f"- <code>#rural</code> Rural revitalisation — ➖ section removed / 删除章节\n"
            f"  - ➖ <del>{RURAL_EN}</del>") in en_text
    assert "**5** sections changed / 个章节有变化" in report


# -- translations ----------------------------------------------------------------------------------

def test_a_translation_that_became_incomplete_names_the_missing_section(repo):
    zh = ZH_BASE + "\n## 员工关怀 {#employees}\n\n我们为员工提供培训。\n"
    report = change(repo, {ZH: zh})
    text = block(report, "acme")
    assert ("- English translation / 英文翻译: complete / 完整 → incomplete / 不完整\n"
            "  - sections not translated now / 新缺少译文的章节: <code>#employees</code> 员工关怀\n") in text
    assert "**1** translation changed / 项翻译变化" in report


def test_an_english_section_removed_from_an_already_incomplete_translation_is_reported(repo):
    # the base's English page already lacks #rural: incomplete
    write_tree(repo, {EN: EN_PAGE})
    commit(repo, "English page without #rural")
    en = EN_PAGE.replace("\n## Giving back to open source {#open-source}\n\nWe released 12 projects as open source.\n", "")
    report = change(repo, {EN: en})
    text = block(report, "acme")
    assert ("- English translation / 英文翻译: still incomplete / 不完整 / 仍不完整\n"
            "  - sections not translated now / 新缺少译文的章节: <code>#open-source</code> 开源回馈\n") in text
    assert ("- <code>#open-source</code> Giving back to open source — ➖ section removed / 删除章节\n"
            "  - ➖ <del>We released 12 projects as open source.</del>") in text


def test_a_translation_completed_names_the_sections_now_translated(repo):
    write_tree(repo, {EN: EN_PAGE})
    commit(repo, "English page without #rural")
    report = change(repo, {EN: EN_BASE})
    assert ("- English translation / 英文翻译: incomplete / 不完整 → complete / 完整\n"
            "  - sections translated now / 新补译的章节: <code>#rural</code> 乡村振兴\n") in block(report, "acme")


# -- invalid values ----------------------------------------------------------------------------------

def test_a_status_the_indicator_does_not_allow_is_invalid_with_its_code_not_a_dropped_claim(repo):
    report = change(repo, {ZH: replace(ZH_BASE, "status: policy-and-action", "status: practising")})
    assert "dropped" not in report
    row = next(line for line in report.splitlines() if line.startswith("| <code>developer-cultivation</code>"))
    cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert cells[1] == "⛔ invalid / 无效"
    assert cells[2] == "Policy and action / 有制度措施且有行动"
    assert cells[3] == "⛔ invalid / 无效 <code>CSR302</code> (<code>practising</code>)"
    assert cells[4].startswith("<code>CSR302</code> status-not-allowed (disclosures/acme/2022.zh.md) line 8 / 第 8 行: "
                               "indicator developer-cultivation does not allow status 'practising'")
    assert "⛔ **1** invalid / 处无效" in report


def test_a_misspelt_indicator_is_invalid_and_matched_to_the_claim_it_was(repo):
    report = change(repo, {ZH: replace(ZH_BASE, "indicator: developer-cultivation", "indicator: developer-cultivaton")})
    assert "dropped" not in report
    assert ("| <code>developer-cultivation</code> (written / 写作 <code>developer-cultivaton</code>) | "
            "⛔ invalid / 无效 |") in report
    assert "<code>CSR301</code> unknown-indicator" in report
    # and fixing it again is "now valid", not "claim added"
    report = change(repo, {ZH: ZH_BASE})
    assert "| <code>developer-cultivation</code> (written / 写作 <code>developer-cultivaton</code>) | ✅ now valid / 已修正 | "\
           "⛔ invalid / 无效 <code>CSR301</code> | Policy and action" in report
    assert "claim added" not in report


def test_an_invalid_figure_value_is_shown_with_its_code_and_the_label_is_not_reported_removed(repo):
    report = change(repo, {ZH: replace(ZH_BASE, "value: 12", "value: no")})
    row = next(line for line in report.splitlines() if line.startswith("| <code>developer-cultivation</code>"))
    assert "repos: 12 → —" in row and "<code>CSR110</code> ambiguous-scalar" in row
    assert "figure label" not in report and "new errors" not in report


def test_an_unreadable_page_is_invalid_not_removed(repo):
    report = change(repo, {ZH: replace(ZH_BASE, "published: 2023-01-16", "published: 2022-13-01")})
    assert "period removed" not in report
    assert "- **2022**: ⛔ page invalid at head, not removed / 新版本页面无效（并非删除）\n" \
           "  - ⛔ <code>CSR111</code> invalid-date (disclosures/acme/2022.zh.md) line 5" in report


def test_an_unreadable_company_file_is_invalid_not_a_removed_company(repo):
    report = change(repo, {COMPANY: COMPANY_YML.replace("type: private", "type: [")})
    assert "company removed" not in report
    text = block(report, "acme")
    assert "_⛔ invalid at head / 新版本无效_" in text and "<code>CSR103</code> yaml-syntax (disclosures/acme/company.yml)" in text


def test_an_invalid_english_page_is_not_called_missing(repo):
    report = change(repo, {EN: EN_BASE.replace("explanations:\n", "explanations: [\n")})
    assert "→ missing" not in report
    assert "- English translation / 英文翻译: complete / 完整 → ⛔ invalid / 无效\n  - ⛔ <code>CSR103</code>" in report


# -- layout: collapsible blocks, overview, plurals, size ---------------------------------------------

def company_files(slug: str, name: str) -> dict[str, str]:
    return {f"disclosures/{slug}/company.yml": COMPANY_YML.replace("艾克米软件有限公司", name).replace("Acme Software", slug),
            f"disclosures/{slug}/2022.zh.md": ZH_BASE, f"disclosures/{slug}/2022.en.md": EN_BASE}


def test_one_collapsible_block_per_company_with_an_overview_and_correct_plurals(repo):
    write_tree(repo, company_files("beta", "贝塔科技有限公司"))
    commit(repo, "beta")
    changed = replace(ZH_BASE, "学生们很高兴！", "学生们非常高兴！")
    report = change(repo, {ZH: changed, "disclosures/beta/2022.zh.md": replace(changed, "status: policy-and-action",
                                                                                "status: action-only")})
    overview = report.splitlines()[2]
    assert overview == ("**2** companies changed / 家企业有变化 · **1** indicator change / 项指标变化 · 0 better / 提升 · "
                        "1 worse / 下降 · **2** sections changed / 个章节有变化")
    assert report.count("<details>\n<summary>") == 2 and report.count("\n</details>\n") == 2  # closed: 2 companies
    assert "<summary><b>贝塔科技有限公司 / beta</b> (<code>beta</code>) · 1 period / 个报告期</summary>" in report
    assert block(report, "acme").count("学生们<del>很</del><ins>非常</ins>高兴！") == 1
    assert "- **2022**: 1 indicator change / 项指标变化 · 1 section changed / 个章节有变化" in block(report, "beta")
    # one company: its block is open
    report = change(repo, {ZH: ZH_BASE})
    assert report.count("<details open>\n<summary>") == 1 and "**1** company changed" in report


def test_a_long_report_is_cut_to_its_size_limit_with_a_note(repo):
    for index in range(30):
        write_tree(repo, company_files(f"c{index:02d}", f"公司{index:02d}"))
    commit(repo, "30 companies")
    long_text = "".join(f"第 {i} 句话说明我们的工作内容。" for i in range(100))
    files = {f"disclosures/c{index:02d}/2022.zh.md": ZH_BASE + f"\n## 更多 {{#more}}\n\n{long_text}\n" for index in range(30)}
    write_tree(repo, files)
    commit(repo, "long texts")
    full = csr_diff(repo)
    assert "truncated" not in full and full.count("<details>") == 30
    assert "  - … 80 more sentences / 另有 80 句" in full  # 20 sentences shown per section
    # cut: every company in brief, then as many in full as fit, in order
    report = csr_diff(repo, "--max-bytes", "20000")
    assert len(report.encode("utf-8")) <= 20000 and "**30** companies changed" in report
    assert report.count("<details>") == report.count("</details>") == 30
    full = [slug for slug in (f"c{index:02d}" for index in range(30)) if "第 19 句" in block(report, slug)]
    assert full and full == [f"c{index:02d}" for index in range(len(full))] and len(full) < 30
    assert "- **2022**: 1 section changed / 个章节有变化 · translation changed / 翻译有变化\n\n" \
           "_Details left out to keep the report within its size limit" in block(report, "c29")
    assert report.rstrip().endswith("请在本地用相同的参数运行 csr diff 查看完整报告。")
    assert (f"> ⚠️ **Report truncated / 报告已截断** at 20,000 bytes (a GitHub job summary holds at most 1 MiB per "
            f"step): {30 - len(full)} companies shown without details. Run `csr diff` locally") in report
    # tighter still: some companies left out, named
    report = csr_diff(repo, "--max-bytes", "5000")
    assert len(report.encode("utf-8")) <= 5000 and 0 < report.count("</details>") < 30
    note = report.rstrip().splitlines()[-1]
    shown = report.count("</details>")
    assert f"{30 - shown} companies left out (<code>c{shown:02d}</code>, " in note


def test_the_report_through_a_subprocess_as_the_workflow_runs_it(repo):
    write_tree(repo, {ZH: replace(ZH_BASE, "计划 10 年内为 100 个乡村小学", "计划 5 年内为 50 个乡村小学")})
    commit(repo, "change")
    result = subprocess.run([sys.executable, "-m", "macros", "diff", "HEAD~1", "HEAD"], cwd=repo, capture_output=True,
                            text=True, env={**os.environ, "LANG": "C.UTF-8"}, timeout=120)
    assert result.returncode == 0 and result.stderr == ""
    assert "计划 <del>10</del><ins>5</ins> 年内为 <del>100</del><ins>50</ins> 个乡村小学" in result.stdout


# -- hostile text --------------------------------------------------------------------------------

HOSTILE = "</details></summary><script>alert(1)</script> ]]> <!-- `code` | cell | **bold** ~~x~~ $x$ [a](javascript:x) ![i](https://t.example/p.png) &amp; \\"
ALLOWED_TAGS = {"details", "summary", "b", "code", "del", "ins", "br"}


def test_hostile_text_cannot_break_the_report(repo):
    name = HOSTILE.replace("\\", "")
    zh = replace(ZH_BASE, "学生们很高兴！", f"学生们很高兴！{HOSTILE}")
    zh = replace(zh, "## 乡村振兴 {#rural}", "## 乡村</details> `x` | y {#rural}")
    zh = replace(zh, 'url: "https://example.com/oss"', 'url: "https://example.com/a|b`c<script>x</script>"')
    zh += f"\n## {HOSTILE}\n\n{HOSTILE}\n"
    company = COMPANY_YML.replace("艾克米软件有限公司", name.replace('"', "'"))
    report = change(repo, {ZH: zh, COMPANY: company})
    lines = report.splitlines()
    # structure: one block, opened and closed by whole lines of the report's own
    assert [line for line in lines if "details>" in line and "&lt;" not in line] == ["</details>"]
    assert sum(line.startswith("<details") for line in lines) == 1
    assert lines.count("</details>") == 1 and lines[-1] == "</details>"
    # the only tags are the report's own; disclosure text shows as entities
    assert {tag.lower() for tag in re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", report)} <= ALLOWED_TAGS
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report and "]]&gt;" in report and "&lt;!--" in report
    assert "<!--" not in report
    # Markdown: no unescaped backtick, bracket, emphasis, strikethrough or math from the text
    own_bold = re.compile(r"^(- \*\*2022\*\*: |\*\*(Chinese|English) text|\*\*1\*\* company changed)")
    for line in lines[1:]:
        if line.startswith("<summary>"):
            continue  # inside the HTML block that <details> opens: not Markdown (checked below)
        unescaped = re.sub(r"\\.", "", line)
        if own_bold.match(line):
            unescaped = unescaped.replace("**", "")
        assert not set("`[]*~$") & set(unescaped), line
    assert "\\`code\\` \\| cell \\| \\*\\*bold\\*\\* \\~\\~x\\~\\~ \\$x\\$ \\[a\\](javascript:x)" in report
    # tables: every row has exactly its five cells
    for line in lines:
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line
    # the summary line is HTML-escaped (Markdown is not parsed there)
    summary = next(line for line in lines if line.startswith("<summary>"))
    assert "&lt;/details&gt;&lt;/summary&gt;&lt;script&gt;" in summary


# -- the pieces ------------------------------------------------------------------------------------

def test_escaping_and_sentence_splitting():
    from macros.diffreport import html, md, ref
    from macros.textdiff import inline_diff, sentences

    assert md("a\u202eb\nc\td|e<f>&`*_[]~$\\") == "a\ufffdb c d\\|e&lt;f&gt;&amp;\\`\\*\\_\\[\\]\\~\\$\\\\"
    assert html('<b a="1">\n') == "&lt;b a=&quot;1&quot;&gt; "
    assert ref("a`b") == "``a`b``"
    assert sentences("第一句。第二句！Third one. 3.5 m; last\n\n最后") == [
        "第一句。", "第二句！", "Third one.", "3.5 m;", "last", "最后"]
    # a small change in a very long sentence is still found, quickly
    long_before = "字" * 5000 + "一" + "字" * 5000
    segments = inline_diff(long_before, long_before.replace("一", "二"))
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("delete", "一"), ("insert", "二")]


def test_new_pages_and_companies_the_checker_rejects_are_reported_invalid(repo):
    bad_page = replace(ZH_BASE, "published: 2023-01-16", "published: 2023-02-30")
    report = change(repo, {"disclosures/acme/2023.zh.md": bad_page, "disclosures/acme/2023.en.md": EN_BASE,
                           "disclosures/gamma/company.yml": "name: [\n", "disclosures/gamma/2022.zh.md": ZH_BASE})
    acme, gamma = block(report, "acme"), block(report, "gamma")
    assert "- **2023**: ⛔ page invalid at head, not removed" in acme and "<code>CSR111</code> invalid-date" in acme
    assert "_⛔ invalid at head / 新版本无效_" in gamma and "(disclosures/gamma/company.yml)" in gamma
    assert "**2** companies changed" in report and "⛔ **2** invalid / 处无效" in report
    # unchanged, still invalid: nothing to report; fixed: the page is valid again
    assert "No changes to the disclosures" in change(repo, {"disclosures/acme/2023.en.md": EN_PAGE}, "en only")
    report = change(repo, {"disclosures/acme/2023.zh.md": ZH_BASE})
    assert "- **2023**: ✅ page valid again / 页面已修正" in report
