"""Authoring and review commands end to end on real git repositories: new, fmt, schema, diff, serve."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from macros.framework import load_frameworks
from macros.jsonschema import build_schemas
from macros.report import report_schema
from registry_builder import BASE_FILES, EN, EN_PAGE, ZH, ZH_PAGE, commit, git, replace, write_tree

REPO = Path(__file__).resolve().parents[1]


def csr(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C.UTF-8", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)




@pytest.fixture
def repo(tmp_path) -> Path:
    write_tree(tmp_path, BASE_FILES)
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "acme 2022")
    return tmp_path


# -- csr new ---------------------------------------------------------------------------------

def test_new_scaffolds_both_pages_listing_every_indicator(repo):
    result = csr("new", "example-soft", "--period", "2024", cwd=repo)
    assert result.returncode == 0, result.stderr
    zh = (repo / "disclosures/example-soft/2024.zh.md").read_text(encoding="utf-8")
    for indicator in load_frameworks()["tbsia-003-2022"].indicators:
        assert f"#   {indicator}" in zh
    assert (repo / "disclosures/example-soft/2024.en.md").exists()
    assert csr("fmt", "--check", "disclosures/example-soft", cwd=repo).returncode == 0


def _line_of(path: Path, text: str) -> int:
    [number] = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return number


def test_an_untouched_scaffold_fails_with_one_error_per_placeholder_until_filled_in(repo):
    """Scaffolds are not disclosures: every placeholder `csr new` writes is an error at its line,
    saying what to write there; filled in, the pages pass."""
    assert csr("new", "example-soft", "--period", "2024", cwd=repo).returncode == 0
    folder = repo / "disclosures/example-soft"
    zh, en, company = folder / "2024.zh.md", folder / "2024.en.md", folder / "company.yml"
    check = csr("check", "--format", "json", "disclosures/example-soft", cwd=repo)
    assert check.returncode == 1
    errors = sorted((d["path"].rsplit("/", 1)[1], d["line"], d["code"], d["message"]["en"])
                    for d in json.loads(check.stdout)["diagnostics"] if d["severity"] == "error")
    expected = sorted([
        ("company.yml", _line_of(company, "（公司中文全称）"), "CSR207"),
        ("company.yml", _line_of(company, "(full English company name)"), "CSR207"),
        ("2024.zh.md", _line_of(zh, "summary:"), "CSR207"),
        ("2024.zh.md", _line_of(zh, "（公司简介）"), "CSR409"),
        ("2024.zh.md", _line_of(zh, "（在这里讲述你们做了什么"), "CSR409"),
        ("2024.en.md", _line_of(en, "summary:"), "CSR207"),
        ("2024.en.md", _line_of(en, "(About the company)"), "CSR409"),
        ("2024.en.md", _line_of(en, "(The English text of each section"), "CSR409"),
    ])
    assert [error[:3] for error in errors] == expected
    messages = {(name, line): message for name, line, _, message in errors}
    assert "replace it with the company's full Chinese name" in messages[("company.yml", 2)]
    assert "'summary' still holds the placeholder '（一两句摘要）'" in messages[("2024.zh.md", 3)]
    assert "replace it with one or two Chinese sentences" in messages[("2024.zh.md", 3)]

    # uncommented examples of the scaffold are placeholders too
    text = zh.read_text(encoding="utf-8")
    write_tree(repo, {ZH.replace("acme/2022", "example-soft/2024"): text.replace(
        "claims: []\n", 'claims:\n  - indicator: youth-online-addiction\n    status: not-applicable\n'
        '    reason: not-applicable\n    explanation: "说明理由"\n', 1)})
    check = json.loads(csr("check", "--format", "json", "disclosures/example-soft", cwd=repo).stdout)
    assert any(d["code"] == "CSR207" and "explanation" in d["message"]["en"] for d in check["diagnostics"])

    # filled in: it passes (the indicators not addressed yet stay a warning)
    zh.write_text(text.replace("（一两句摘要）", "我们坚持开源。").replace("（公司简介）", "示例软件的介绍。")
                  .replace("（在这里讲述你们做了什么；每条声明的 section 指向一个标题锚点。）", "我们开源了全部产品。"),
                  encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace("(one or two sentences)", "We stand by open source.")
                  .replace("(About the company)", "About Example Soft.")
                  .replace("(The English text of each section, with the same anchors as the Chinese page.)",
                           "We released all our products as open source."), encoding="utf-8")
    company.write_text(company.read_text(encoding="utf-8").replace("（公司中文全称）", "示例软件有限公司")
                       .replace("(full English company name)", "Example Soft Co., Ltd."), encoding="utf-8")
    check = csr("check", "--format", "json", "disclosures/example-soft", cwd=repo)
    report = json.loads(check.stdout)
    assert check.returncode == 0 and report["errors"] == 0, check.stdout
    assert {d["code"] for d in report["diagnostics"]} == {"CSR308"}


def test_new_refuses_to_overwrite_and_rejects_bad_ids(repo):
    assert csr("new", "acme", "--period", "2022", cwd=repo).returncode == 2
    bad = csr("new", "Acme Co", "--period", "2024", cwd=repo)
    assert bad.returncode == 2 and "lowercase" in bad.stderr and "Traceback" not in bad.stderr


# -- csr fmt ---------------------------------------------------------------------------------

MESSY = """---
# 顶部注释 top comment
claims:
- status: policy-and-action   # 状态注释
  indicator: developer-cultivation
  section: open-source
  evidence:
  - title: '开源仓库'
    url: https://example.com/oss
published: 2023-01-16
framework: 'tbsia-003-2022'
title: Acme 声明
summary: "no"
---

正文  保持  原样\t
## 开源回馈 {#open-source}
"""


def test_fmt_normalises_keeps_comments_and_body_and_is_idempotent(repo):
    write_tree(repo, {ZH: MESSY})
    assert csr("fmt", "--check", ZH, cwd=repo).returncode == 1
    assert (repo / ZH).read_text(encoding="utf-8") == MESSY  # --check writes nothing
    result = csr("fmt", ZH, cwd=repo)
    assert result.returncode == 0 and f"reformatted {ZH}" in result.stdout
    text = (repo / ZH).read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    assert body == MESSY.split("\n---\n", 1)[1]  # body byte for byte
    keys = [line.split(":")[0] for line in front.splitlines() if line and line[0].isalpha()]
    assert keys == ["title", "summary", "framework", "published", "claims"]
    assert "# 顶部注释 top comment" in front and "# 状态注释" in front
    assert 'summary: "no"' in front and 'title: "Acme 声明"' in front and "framework: tbsia-003-2022" in front
    assert "  - indicator: developer-cultivation\n    status: policy-and-action" in front
    assert csr("fmt", "--check", ZH, cwd=repo).returncode == 0  # idempotent
    checked = json.loads(csr("check", "--format", "json", ZH, cwd=repo).stdout)
    assert [d for d in checked["diagnostics"] if d["severity"] == "error"] == []


def test_fmt_refuses_files_the_checker_rejects(repo):
    write_tree(repo, {ZH: ZH_PAGE.replace("title:", "title: &a") })
    result = csr("fmt", ZH, cwd=repo)
    assert result.returncode == 1 and "CSR105" in result.stderr


# -- csr schema --------------------------------------------------------------------------------

def test_schema_command_writes_the_schemas_the_repository_ships(repo, tmp_path):
    out = tmp_path / "out"
    assert csr("schema", "-o", str(out), cwd=repo).returncode == 0
    generated = {**build_schemas(load_frameworks()), "check-report": report_schema()}
    for name in ("disclosure-zh", "disclosure-en", "company", "check-report"):
        written = json.loads((out / f"{name}.schema.json").read_text(encoding="utf-8"))
        shipped = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert written == shipped == generated[name], f"run: csr schema ({name})"
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert "./schema/company.schema.json" in settings["yaml.schemas"]


# -- csr diff ----------------------------------------------------------------------------------

def test_diff_reports_claim_changes_between_commits(repo):
    text = replace(ZH_PAGE, "status: policy-and-action", "status: action-only")
    text = replace(text, "value: 12", "value: 15")
    text = replace(text, "        title: \"开源仓库\"\n",
                   "        title: \"开源仓库\"\n      - url: \"https://example.com/more\"\n        title: \"更多\"\n")
    text = replace(text, "    status: not-applicable\n    reason: not-applicable\n    explanation: \"我们只服务企业客户。\"\n",
                   "    status: none\n    section: open-source\n")
    write_tree(repo, {ZH: text, EN: replace(EN_PAGE, '  youth-online-addiction: "We only serve business customers."\n', "")})
    commit(repo, "update")
    result = csr("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("## CSR disclosure changes / 披露变化: `HEAD~1` → `HEAD`")
    assert "<summary><b>艾克米软件有限公司 / Acme Software</b> (<code>acme</code>)" in report
    assert "| <code>developer-cultivation</code> | ⬇️ worse / 下降 | Policy and action / 有制度措施且有行动 | Action without policy" in report
    assert "repos: 12 → 15" in report and "+ evidence https://example.com/more" in report
    assert "| <code>youth-online-addiction</code> | ▶️ omission withdrawn / 撤回省略 |" in report
    assert "1 better / 提升 · 0 worse" not in report and "0 better / 提升 · 1 worse / 下降" in report


def test_diff_follows_renamed_company_folders_and_reports_new_ones(repo):
    git(repo, "mv", "disclosures/acme", "disclosures/acme-software")
    write_tree(repo, {"disclosures/beta/company.yml": BASE_FILES["disclosures/acme/company.yml"].replace("艾克米", "贝塔"),
                      "disclosures/beta/2022.zh.md": ZH_PAGE})
    commit(repo, "rename and add")
    report = csr("diff", "HEAD~1", "HEAD", cwd=repo).stdout
    assert "_renamed / 改名: <code>acme</code> → <code>acme-software</code>_" in report
    assert "removed" not in report.split("(<code>acme-software</code>)", 1)[1].split("</details>", 1)[0]
    assert "(<code>beta</code>) · new company / 新企业" in report and "**2022**: new period" in report


def test_diff_against_the_working_tree_and_translation_state(repo):
    (repo / EN).unlink()
    report = csr("diff", "HEAD", cwd=repo).stdout
    assert "`HEAD` → `working tree`" in report
    assert "English translation / 英文翻译: complete / 完整 → missing / 缺失" in report


def test_diff_with_no_changes_and_bad_refs(repo):
    assert "No changes to the disclosures" in csr("diff", "HEAD", "HEAD", cwd=repo).stdout
    bad = csr("diff", "no-such-ref", cwd=repo)
    assert bad.returncode == 2 and "unknown git ref 'no-such-ref'" in bad.stderr


# -- csr serve ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.mark.build
def test_serve_previews_one_company_and_rebuilds_on_save(tmp_path):
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, tmp_path / name)
    for folder in ("docs",):
        shutil.copytree(REPO / folder, tmp_path / folder)
    write_tree(tmp_path, BASE_FILES)
    write_tree(tmp_path, {"disclosures/beta/company.yml": BASE_FILES["disclosures/acme/company.yml"],
                          "disclosures/beta/2022.zh.md": ZH_PAGE})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(tmp_path / "serve.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "macros", "serve", "acme", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/companies/acme/2022/"
        deadline = time.monotonic() + 90
        page = None
        while time.monotonic() < deadline and not page:
            page = fetch(url)
            time.sleep(0.5)
        assert page and "我们开源了 12 个项目" in page
        assert fetch(f"http://127.0.0.1:{port}/companies/beta/2022/") is None  # not built in the preview
        assert fetch(f"http://127.0.0.1:{port}/en/companies/acme/2022/")  # both languages
        (tmp_path / ZH).write_text(ZH_PAGE.replace("我们开源了 12 个项目", "我们开源了 13 个项目"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            page = fetch(url) or ""
            if "我们开源了 13 个项目" in page:
                break
            time.sleep(0.5)
        assert "我们开源了 13 个项目" in page
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    # the rebuild after the save made only what changed (incremental builds), and stayed a
    # preview: no search index, nothing published (the translation once made it a full build)
    served = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
    reused = [int(n) for n in re.findall(r"built the zh pages: \d+ pages?, (\d+) reused", served)]
    assert len(reused) >= 2 and reused[0] == 0 and reused[-1] > 0, reused
    assert "search index" not in served and "csr: published" not in served
    # stopping `csr serve` stops the mkdocs server it started
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and fetch(url) is not None:
        time.sleep(0.5)
    assert fetch(url) is None, "the mkdocs server outlived csr serve"


# -- workflows and hooks -------------------------------------------------------------------------

def run_commands(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def test_pull_request_workflow_never_runs_pull_request_code():
    workflow = yaml.safe_load((REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # PyYAML reads `on:` as True
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["review"]["steps"]
    assert steps[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    commands = "\n".join(run_commands(workflow))
    assert "pip install --no-deps ./base" in commands and "./pr" not in commands.replace("pr/disclosures", "")
    # the commands are the ones this test suite runs
    assert "csr check --format github" in commands
    assert "csr diff ${{ github.event.pull_request.base.sha }} HEAD" in commands
    assert "mkdocs build --strict" in commands


def test_no_workflow_runs_with_secrets_on_pull_request_code():
    """pull_request_target and workflow_run run with the base repository's secrets and write
    token; with a checkout of the pull request that hands both to outside code."""
    for path in sorted((REPO / ".github/workflows").glob("*.y*ml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = workflow[True] if True in workflow else workflow["on"]
        names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
        assert not names & {"pull_request_target", "workflow_run"}, path.name
    pr = yaml.safe_load((REPO / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    checkouts = [s for s in pr["jobs"]["review"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"].get("persist-credentials") for s in checkouts if s["with"]["path"] == "pr"] == [False]


def test_pages_workflow_builds_and_deploys_main():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]
    assert triggers["push"]["branches"] == ["main"]
    commands = "\n".join(run_commands(workflow))
    assert "csr check --format github" in commands and "mkdocs build --strict" in commands
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_pre_commit_hooks_run_check_and_fmt():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["csr-check"]["entry"] == "csr check"
    assert hooks["csr-fmt"]["entry"] == "csr fmt --check"
