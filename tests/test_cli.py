"""`csr check` called as a user would: installed script and `python -m macros`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry_builder import ZH, ZH_PAGE, replace, variant, write_tree

REPO = Path(__file__).resolve().parents[1]
CSR = shutil.which("csr", path=str(Path(sys.executable).parent)) or "csr"


def run(*args: str, cwd: Path, module: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "macros", *args] if module else [CSR, *args]
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("CSR_LANG", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def broken(tmp_path):
    text = replace(replace(ZH_PAGE, "status: policy-and-action", "status: polcy-and-action"), "summary:", "sumary:")
    return write_tree(tmp_path, variant(zh=text))


def test_the_example_registry_has_no_errors():
    result = run("check", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert "0 errors" in result.stdout


def test_text_report_lists_every_problem_with_location_and_hint(broken):
    result = run("check", "--lang", "en", cwd=broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{ZH}:3:1: error CSR200 unknown-key: unknown key 'sumary'; did you mean 'summary'?" in lines
    assert any(line.startswith(f"{ZH}:8:13: error CSR302 status-not-allowed") for line in lines)
    assert any(line.strip().startswith("hint: Allowed statuses:") for line in lines)
    # one report per mistake: the bad status does not also make the claim "not addressed"
    assert lines[-1] == "2 errors, 1 warning (3 files checked)"


def test_chinese_messages(broken):
    result = run("check", "--lang", "zh", cwd=broken)
    assert "未知的键 'sumary'，是否想写 'summary'？" in result.stdout
    assert "提示:" in result.stdout


def test_python_dash_m_is_the_same_command(broken):
    assert run("check", "--lang", "en", cwd=broken, module=True).stdout == run("check", "--lang", "en", cwd=broken).stdout


def test_github_annotations(broken):
    result = run("check", "--format", "github", "--lang", "en", cwd=broken)
    assert result.returncode == 1
    assert f"::error file={ZH},line=8,col=13,title=CSR302 status-not-allowed::" in result.stdout
    assert "::warning file=" in result.stdout  # CSR308 not addressed


def test_json_report(broken):
    result = run("check", "--format", "json", cwd=broken)
    payload = json.loads(result.stdout)
    assert payload["errors"] >= 2 and payload["files_checked"] == 3
    first = payload["diagnostics"][0]
    assert set(first) >= {"code", "name", "severity", "path", "line", "column", "message", "hint"}
    assert set(first["message"]) == {"zh", "en"}


def test_paths_limit_the_report_to_one_company(broken):
    write_tree(broken, {"disclosures/other/company.yml": "name: [1\n"})
    everything = run("check", "--format", "json", cwd=broken)
    only_acme = run("check", "--format", "json", "disclosures/acme", cwd=broken)
    paths = {d["path"] for d in json.loads(only_acme.stdout)["diagnostics"]}
    assert paths and all(p.startswith("disclosures/acme/") for p in paths)
    assert any(d["path"].startswith("disclosures/other/") for d in json.loads(everything.stdout)["diagnostics"])


def test_strict_turns_warnings_into_failure(tmp_path):
    write_tree(tmp_path, variant())
    assert run("check", cwd=tmp_path).returncode == 0
    assert run("check", "--strict", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize("args", [["check", "--format", "xml"], ["check", "no/such/path"], ["frobnicate"], []])
def test_usage_errors_exit_2_without_traceback(tmp_path, args):
    write_tree(tmp_path, variant())
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
