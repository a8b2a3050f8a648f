"""What `csr check` writes for the tools that read it: SARIF 2.1.0 for code scanning, the JSON
report and its schema, the text shape that problem matchers read in every language (with the
matcher of .vscode/tasks.json), and GitHub annotations with the job summary."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from macros import __version__, catalogue
from macros.report import MAX_ANNOTATIONS, report_schema
from registry_builder import COMPANY_YML, EN, ZH, ZH_PAGE, replace, variant, write_tree

REPO = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"  # tests/sarif/README.md


def csr(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items()
               if key not in ("CSR_LANG", "LC_ALL", "LC_MESSAGES", "GITHUB_STEP_SUMMARY", "CSR_SITE_URL")}
    environ.update({"LANG": "C.UTF-8", **(env or {})})
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True,
                          env=environ, timeout=120)


BROKEN_ZH = replace(replace(ZH_PAGE, "status: policy-and-action", "status: polcy-and-action"), "summary:", "sumary:")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """Errors and warnings, located and whole-file: a bad status and an unknown key (errors), a
    stray file and a folder without company.yml (whole-file errors), indicators not addressed
    (a warning)."""
    write_tree(tmp_path, variant(zh=BROKEN_ZH))
    write_tree(tmp_path, {"disclosures/acme/notes 1.txt": "x", "disclosures/beta/2022.zh.md": ZH_PAGE,
                          "disclosures/beta/2022.en.md": variant()[EN]})
    return tmp_path


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """12 companies with 2 errors and 2 warnings each: more than GitHub shows."""
    for index in range(12):
        slug = f"c{index:02d}"
        write_tree(tmp_path, {f"disclosures/{slug}/company.yml": COMPANY_YML,
                              f"disclosures/{slug}/2022.zh.md": BROKEN_ZH})
    return tmp_path


# -- SARIF -------------------------------------------------------------------------------------------

def test_the_vendored_sarif_schema_is_the_official_2_1_0_one():
    assert hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest() == SARIF_SCHEMA_SHA256
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_sarif_output_validates_and_carries_rules_and_located_results(broken):
    result = csr("check", "--format", "sarif", cwd=broken)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert errors == [], errors[0].message if errors else ""
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "csr" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://") and driver["informationUri"].endswith("/en/reference/errors/")
    # every rule of the catalogue, with its help text in English
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in catalogue.RULES]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    status_rule = by_id["CSR302"]
    assert status_rule["name"] == "status-not-allowed"
    assert status_rule["shortDescription"]["text"] == "indicator … does not allow status ……"
    assert status_rule["fullDescription"]["text"] == catalogue.rule("CSR302").why["en"]
    assert "Each indicator has only the status levels" in status_rule["help"]["text"]
    assert "What to do: Allowed statuses: …" in status_rule["help"]["text"]
    assert status_rule["defaultConfiguration"]["level"] == "error"
    assert by_id["CSR308"]["defaultConfiguration"]["level"] == "warning"
    assert status_rule["helpUri"] == driver["informationUri"] + "#csr302"
    # results: rule, level, message, repository-relative location with a region
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r
               for r in run["results"]}
    bad_status = results[("CSR302", ZH)]
    assert bad_status["level"] == "error"
    assert driver["rules"][bad_status["ruleIndex"]]["id"] == "CSR302"
    assert bad_status["message"]["text"].startswith(
        "indicator developer-cultivation does not allow status 'polcy-and-action'; did you mean 'policy-and-action'?")
    assert bad_status["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 13}
    assert results[("CSR308", ZH)]["level"] == "warning"
    # whole-file problems have no region; a path is a URI reference
    stray = results[("CSR400", "disclosures/acme/notes%201.txt")]
    assert "region" not in stray["locations"][0]["physicalLocation"]
    assert ("CSR401", "disclosures/beta") in results
    assert len(run["results"]) == len(json.loads(csr("check", "--format", "json", cwd=broken).stdout)["diagnostics"])


def test_sarif_takes_the_catalogue_address_from_the_site_url(broken):
    (broken / "mkdocs.yml").write_text('site_name: x\nsite_url: !ENV [CSR_SITE_URL, "https://registry.example/csr/"]\n'
                                       "plugins:\n  - csr\n", encoding="utf-8")
    driver = json.loads(csr("check", "--format", "sarif", cwd=broken).stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://registry.example/csr/en/reference/errors/"
    driver = json.loads(csr("check", "--format", "sarif", cwd=broken,
                            env={"CSR_SITE_URL": "https://pages.example/"}).stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://pages.example/en/reference/errors/"
    assert driver["rules"][0]["helpUri"] == "https://pages.example/en/reference/errors/#csr100"


def test_sarif_in_chinese_is_still_valid(broken):
    log = json.loads(csr("check", "--format", "sarif", "--lang", "zh", cwd=broken).stdout)
    assert list(sarif_validator().iter_errors(log)) == []
    [run] = log["runs"]
    assert run["language"] == "zh-CN"
    assert any("未知的键 'sumary'" in r["message"]["text"] for r in run["results"])
    assert run["tool"]["driver"]["informationUri"].endswith("/reference/errors/")
    assert "/en/" not in run["tool"]["driver"]["informationUri"]


def test_sarif_of_a_clean_registry_has_no_results(tmp_path):
    write_tree(tmp_path, variant())
    log = json.loads(csr("check", "--format", "sarif", cwd=tmp_path).stdout)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["CSR308"]
    assert list(sarif_validator().iter_errors(log)) == []


# -- JSON report -------------------------------------------------------------------------------------

def test_json_report_has_a_version_and_validates_against_the_shipped_schema(broken):
    shipped = json.loads((REPO / "schema" / "check-report.schema.json").read_text(encoding="utf-8"))
    assert shipped == report_schema(), "run: csr schema"
    jsonschema.Draft202012Validator.check_schema(shipped)
    report = json.loads(csr("check", "--format", "json", cwd=broken).stdout)
    assert report["version"] == 1
    jsonschema.validate(report, shipped, cls=jsonschema.Draft202012Validator)
    assert report["diagnostics"] and report["errors"] and report["warnings"]
    # the schema says something: a report of another shape does not pass
    for broken_report in ({**report, "version": 2}, {**report, "diagnostics": [{"code": "CSR999"}]},
                          {k: v for k, v in report.items() if k != "version"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken_report, shipped, cls=jsonschema.Draft202012Validator)


# -- text shape and the problem matcher --------------------------------------------------------------

def problem_matchers() -> list[dict]:
    tasks = json.loads((REPO / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    [task] = [t for t in tasks["tasks"] if t["label"] == "csr check"]
    assert task["command"] == "csr" and task["args"][0] == "check"
    return task["problemMatcher"]


def matched(line: str) -> dict[str, str] | None:
    """What VS Code's problem matchers of tasks.json read from one line of output."""
    for matcher in problem_matchers():
        pattern = matcher["pattern"]
        match = re.match(pattern["regexp"], line)
        if match:
            return {name: match[group] for name, group in pattern.items()
                    if name in ("file", "line", "column", "severity", "code", "message")}
    return None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_lines_keep_a_fixed_shape_that_the_problem_matcher_reads(broken, lang):
    text = csr("check", "--lang", lang, cwd=broken).stdout.splitlines()
    report = json.loads(csr("check", "--format", "json", cwd=broken).stdout)
    found = [m for m in map(matched, text) if m]
    assert len(found) == len(report["diagnostics"])  # hints and the summary line are not problems
    for problem, diagnostic in zip(found, report["diagnostics"]):
        assert problem["file"] == diagnostic["path"]
        assert problem["severity"] == diagnostic["severity"]  # "error"/"warning" in every language
        assert problem["code"] == diagnostic["code"]
        assert problem["message"] == diagnostic["message"][lang]
        if diagnostic["line"]:
            assert (int(problem["line"]), int(problem["column"])) == (diagnostic["line"], diagnostic["column"])
        else:
            assert "line" not in problem
    assert f"{ZH}:8:13: error CSR302 status-not-allowed: " in "\n".join(text)
    assert not any(word in "\n".join(text) for word in (" 错误 CSR", " 警告 CSR"))


def test_the_problem_matchers_are_complete_vscode_matchers():
    matchers = problem_matchers()
    assert len(matchers) == 2
    for matcher in matchers:
        assert matcher["owner"] == "csr" and matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
        pattern = matcher["pattern"]
        groups = re.compile(pattern["regexp"]).groups
        assert sorted(v for k, v in pattern.items() if k not in ("regexp", "kind")) == list(range(1, groups + 1))
    assert matchers[1]["pattern"]["kind"] == "file"
    assert matched("disclosures/acme/2022.zh.md:3:1: error CSR200 unknown-key: x")["line"] == "3"
    assert matched("    hint: Allowed keys: title") is None
    assert matched("2 errors, 1 warning (3 files checked)") is None


def test_summary_line_has_the_right_plurals(tmp_path):
    write_tree(tmp_path, {"disclosures/acme/company.yml": COMPANY_YML})
    assert csr("check", "--lang", "en", cwd=tmp_path).stdout.splitlines()[-1] == "ok: no problems (1 file checked)"
    write_tree(tmp_path, variant(zh=BROKEN_ZH))
    last = csr("check", "--lang", "en", cwd=tmp_path).stdout.splitlines()[-1]
    assert last == "2 errors, 1 warning (3 files checked)"
    write_tree(tmp_path, variant(zh=replace(ZH_PAGE, "summary:", "sumary:")))
    last = csr("check", "--lang", "en", cwd=tmp_path).stdout.splitlines()[-1]
    assert last == "1 error, 1 warning (3 files checked)"
    assert csr("check", "--lang", "zh", cwd=tmp_path).stdout.splitlines()[-1] == "1 个错误，1 个警告（检查了 3 个文件）"


# -- GitHub annotations and the job summary ----------------------------------------------------------

def annotations(output: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in re.finditer(r"^::(error|warning|notice) ([^:]*)::(.*)$", output, re.M)]


def test_github_annotations_stop_at_what_github_shows_and_say_how_many_more(crowded):
    result = csr("check", "--format", "github", "--lang", "en", cwd=crowded)
    assert result.returncode == 1
    found = annotations(result.stdout)
    kinds = [kind for kind, _ in found]
    assert kinds == ["error"] * MAX_ANNOTATIONS + ["warning"] * MAX_ANNOTATIONS + ["notice"]
    # most useful first: one problem of each file before a second one of any
    error_files = [re.search(r"file=([^,]+)", props)[1] for kind, props in found if kind == "error"]
    assert error_files == [f"disclosures/c{i:02d}/2022.zh.md" for i in range(10)]
    notice = result.stdout.strip().splitlines()[-1]
    # 24 errors and 24 warnings (12 × not addressed, 12 × no English page): 14 + 14 left out
    assert notice.startswith("::notice title=csr check::28 more problems are not shown as annotations "
                             "(14 errors, 14 warnings)")
    assert result.stderr.strip() == "24 errors, 24 warnings (24 files checked)"


def test_github_annotations_are_all_shown_when_few(broken):
    result = csr("check", "--format", "github", "--lang", "en", cwd=broken)
    assert f"::error file={ZH},line=8,col=13,title=CSR302 status-not-allowed::" in result.stdout
    assert "::error file=disclosures/acme/notes 1.txt,title=CSR400 bad-filename::" in result.stdout
    assert "::notice" not in result.stdout
    report = json.loads(csr("check", "--format", "json", cwd=broken).stdout)
    assert len(annotations(result.stdout)) == len(report["diagnostics"])


def test_github_format_appends_a_short_summary_to_the_job_summary(crowded, tmp_path_factory):
    summary = tmp_path_factory.mktemp("gh") / "step_summary.md"
    summary.write_text("## earlier step\n\n", encoding="utf-8")
    result = csr("check", "--format", "github", "--lang", "en", cwd=crowded, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n\n### csr check\n")  # appended, never overwritten
    assert "❌ 24 errors, 24 warnings (24 files checked)" in text
    rows = [line for line in text.splitlines() if line.startswith("| disclosures/")]
    assert len(rows) == 10
    assert rows[0].startswith("| disclosures/c00/2022.zh.md:3:1 | error | CSR200 unknown-key | unknown key 'sumary'")
    assert "38 more problems not listed; run csr check to see all." in text
    # in Chinese, and a clean registry's summary says so
    chinese = csr("check", "--format", "github", "--lang", "zh", cwd=crowded,
                  env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert chinese.returncode == 1 and "24 个错误，24 个警告（检查了 24 个文件）" in summary.read_text(encoding="utf-8")


def test_the_job_summary_is_written_only_where_github_asks_for_it(broken, tmp_path_factory):
    before = {p for p in broken.rglob("*")}
    csr("check", "--format", "github", cwd=broken)
    assert {p for p in broken.rglob("*")} == before
    summary = tmp_path_factory.mktemp("gh") / "summary.md"
    csr("check", "--format", "text", cwd=broken, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()  # only --format github writes it


def test_the_job_summary_shows_disclosure_text_as_text(tmp_path, tmp_path_factory):
    hostile = replace(ZH_PAGE, "summary:", "<img src=x onerror=alert(1)>|[x](javascript:1):")
    write_tree(tmp_path, variant(zh=hostile))
    summary = tmp_path_factory.mktemp("gh") / "summary.md"
    csr("check", "--format", "github", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "CSR200" in line)
    assert re.search(r"(?<!\\)[<>\[\]]", row.split(" | ", 3)[3]) is None  # every bracket escaped
    assert "\\<img src=x onerror=alert(1)\\>\\|\\[x\\](javascript:1)" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # the table's own cell separators only


def test_environment_variables_are_read_in_one_place():
    readers = [path.relative_to(REPO).as_posix() for path in sorted((REPO / "macros").rglob("*.py"))
               if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))]
    assert readers == ["macros/environment.py"]


def test_the_default_catalogue_address_is_the_default_site_url_of_mkdocs_yml():
    from macros.cli import DEFAULT_SITE_URL

    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r'^site_url: !ENV \[CSR_SITE_URL, "([^"]+)"\]$', text, re.M)[1] == DEFAULT_SITE_URL
