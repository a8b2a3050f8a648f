"""The benchmark's synthetic registries: deterministic, realistic, and valid."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
import run as bench_run  # noqa: E402

from macros.framework import load_frameworks  # noqa: E402


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_seed_writes_the_same_bytes_and_companies_do_not_depend_on_n(tmp_path):
    first = generate.generate(tmp_path / "a", 4, seed=3)
    second = generate.generate(tmp_path / "b", 4, seed=3)
    assert first == second and len(set(first)) == 4
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    generate.generate(tmp_path / "c", 2, seed=3)
    smaller = tree(tmp_path / "c")
    assert smaller and all(tree(tmp_path / "a")[rel] == data for rel, data in smaller.items())
    generate.generate(tmp_path / "d", 4, seed=4)
    assert tree(tmp_path / "d") != tree(tmp_path / "a")


def test_several_periods_keep_the_company_and_its_last_period_as_in_a_one_period_registry(tmp_path):
    generate.generate(tmp_path / "one", 3, seed=3)
    generate.generate(tmp_path / "three", 3, seed=3, periods=3)
    one, three = tree(tmp_path / "one"), tree(tmp_path / "three")
    assert all(three[rel] == data for rel, data in one.items())  # company.yml and 2022 pages unchanged
    extra = sorted(rel for rel in three if rel not in one)
    assert len(extra) == 3 * 2 * 2 and {rel.rsplit("/", 1)[1][:4] for rel in extra} == {"2020", "2021"}
    slug = sorted(rel for rel in one if rel.endswith("/company.yml"))[0].split("/")[1]
    pages = {year: three[f"disclosures/{slug}/{year}.zh.md"].decode() for year in ("2020", "2021", "2022")}
    assert "2020 年度社会责任声明" in pages["2020"] and "published: 2021-" in pages["2020"]
    bodies = {year: page.split("\n---\n", 1)[1].replace(year, "YEAR") for year, page in pages.items()}
    assert len(set(bodies.values())) == 3  # each period has its own prose, not the last one's with a new year
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(tmp_path / "three"), "--strict",
                             "--format", "json"], capture_output=True, text=True, cwd=tmp_path / "three",
                            env={**os.environ, "CSR_LANG": "en"})
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["diagnostics"] == [] and report["files_checked"] == 3 * 7


def test_a_generated_registry_passes_csr_check_without_any_problem(tmp_path):
    generate.generate(tmp_path, 12)
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(tmp_path), "--strict",
                             "--format", "json"], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "CSR_LANG": "en"})
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["diagnostics"] == [] and report["errors"] == report["warnings"] == 0
    assert report["files_checked"] == 36  # 12 companies x (company.yml, zh page, en page)


def test_disclosures_are_realistic_every_indicator_claimed_in_both_languages(tmp_path):
    framework = load_frameworks(REPO)[generate.FRAMEWORK_ID]
    statuses, omissions, evidence, figures = set(), 0, 0, 0
    for index in range(20):
        company = generate.company(framework, index)
        zh = next(text for rel, text in company.files.items() if rel.endswith(".zh.md"))
        en = next(text for rel, text in company.files.items() if rel.endswith(".en.md"))
        front, body = zh.split("\n---\n", 1)
        claimed = re.findall(r"^  - indicator: (\S+)$", front, re.M)
        assert claimed == list(framework.indicators)
        statuses |= set(re.findall(r"^    status: (\S+)$", front, re.M))
        omissions += front.count("    reason: ")
        evidence += front.count("      - url: ")
        figures += front.count("      - name: ")
        zh_anchors = re.findall(r"^## .+ \{#([a-z-]+)\}$", body, re.M)
        en_anchors = re.findall(r"^## .+ \{#([a-z-]+)\}$", en.split("\n---\n", 1)[1], re.M)
        assert len(zh_anchors) == generate.SECTIONS_PER_PAGE and en_anchors == zh_anchors
        for section in re.findall(r"^    section: (\S+)$", front, re.M):
            assert section in zh_anchors
        assert 3500 <= len(body.encode("utf-8")) <= 8000  # about 5 KB of prose
        assert 3500 <= len(en.split("\n---\n", 1)[1].encode("utf-8")) <= 8000
        for omitted in re.findall(r"^  - indicator: (\S+)\n    status: \S+\n    reason:", front, re.M):
            assert f"\n  {omitted}: " in en  # the English page translates every explanation
    assert omissions and evidence and figures
    assert {"not-applicable", "omitted", "policy-and-action", "action-only"} <= statuses


def test_the_generator_command_line_writes_a_registry(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(tmp_path), "--companies", "2"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "disclosures").iterdir())) == 2
    bad = subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(tmp_path), "--companies", "0"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "at least 1" in bad.stderr


def test_runs_are_compared_and_changes_over_twenty_percent_are_reported():
    before = {"sizes": {"100": {"check": 1.0, "build": {"wall": 10.0, "peak_rss": 100}, "companies": 100}}}
    after = {"sizes": {"100": {"check": 1.1, "build": {"wall": 13.0, "peak_rss": 70}, "companies": 100}}}
    changed = {key: round(change, 2) for key, _, _, change in bench_run.differences(before, after)}
    assert changed == {"100.build.wall": 0.3, "100.build.peak_rss": -0.3}


def test_targets_are_judged_on_the_figures_of_the_run():
    sizes = {
        "1000": {"check_ratio": 1.5, "build": {"wall": 25.0, "peak_rss": 500 * 2**20},
                 "rebuild": {"one_company": {"wall": 4.0}, "unchanged": {"wall": 5.0}},  # 0.16 and 0.2 of 25 s
                 "naive": {"wall": 150.0},  # 6 x the build
                 "output": {"largest_company_page": {"bytes": 60_000}},
                 "search": {"recall": 1.0, "first_query_bytes": 200_000}},
        "3000": {"check_ratio": 2.5, "check_one": 0.3, "build": {"wall": 100.0, "peak_rss": 900 * 2**20},
                 "output": {"largest_company_page": {"bytes": 61_000}},
                 "search": {"recall": 0.999, "first_query_bytes": 600_000}},
    }
    targets = bench_run.targets({"sizes": sizes})
    result = {t.key: t.met for t in targets}
    assert result == {"check_ratio": False, "check_one": True, "build_1000": True, "build_growth": False,
                      "peak_memory": True, "company_page": True, "site_per_period": None, "search_recall": False,
                      "first_query": False, "preview": None, "rebuild_one": True, "rebuild_none": False,
                      "naive_ratio": False}
    sizes["3000"]["output"]["site_bytes_per_company_period"] = 180_000  # one period per company: not judged
    assert {t.key: t.met for t in bench_run.targets({"sizes": sizes})}["site_per_period"] is None
    several = {"companies": 1000, "periods": 3, "output": {"site_bytes_per_company_period": 130_000}}
    judged = {t.key: (t.value, t.met, t.where) for t in bench_run.targets({"sizes": sizes, "periods": several})}
    assert judged["site_per_period"] == (130.0, False, "N = 1000 × 3 periods")  # KB of 1000 bytes
    values = {t.key: t.value for t in targets}
    assert values["search_recall"] == pytest.approx(99.9) and values["first_query"] == pytest.approx(600_000 / 1024)
    sizes["3000"]["search"] = {"recall": 1.0, "first_query_bytes": 500 * 1024}
    assert {t.key: t.met for t in bench_run.targets({"sizes": sizes})}["search_recall"] is True
    assert {t.key: t.met for t in bench_run.targets({"sizes": sizes})}["first_query"] is True


def test_missed_search_targets_are_explained_with_the_runs_own_figures():
    search = {"recall": 0.98, "first_query_bytes": 600_000, "languages": {
        "zh": {"expected": 100, "found": 98, "missed_words": {"价目表": 2},
               "first_query": {"query": "农户", "bytes": 600_000, "requests": 19,
                               "largest": [[300_000, "pagefind/index/zh_1.pf_index"]]}},
        "en": {"expected": 50, "found": 50, "missed_words": {}, "first_query": {"query": "farm", "bytes": 1000}}}}
    results = {"sizes": {"1000": {"search": search}}}
    recall = bench_run.explain("search_recall", results)["en"]
    assert "98.00%" in recall and "2 of 150 (word, disclosure) pairs" in recall and "价目表 (2)" in recall
    first = bench_run.explain("first_query", results)["zh"]
    assert "农户" in first and "586 KiB" in first and "pagefind/index/zh_1.pf_index (293 KiB)" in first


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_page_shows_every_target(lang):
    sizes = {"100": {"companies": 100, "check": 1.0, "floor": 0.6, "check_ratio": 1.7, "check_one": 0.3,
                     "build": {"wall": 10.0, "cpu": 15.0, "peak_rss": 300 * 2**20},
                     "naive": {"wall": 20.0, "cpu": 19.0, "peak_rss": 1, "output": {}},
                     "output": {"pages": 700, "largest_page": {"bytes": 90000, "path": "matrix/index.html"},
                                "largest_company_page": {"bytes": 40000, "path": "companies/x/2022/index.html"},
                                "average_disclosure_page": 30000, "site_bytes": 10**7,
                                "search_bundle": {"bytes": 2 * 10**6, "files": 300}},
                     "search": {"recall": 1.0, "first_query_bytes": 210_000, "index_seconds": 3.2, "languages": {
                         "zh": {"expected": 80, "found": 80, "first_query": {"bytes": 210_000}},
                         "en": {"expected": 70, "found": 70, "first_query": {"bytes": 150_000}}}}}}
    results = {"date": "2025-01-01 00:00 UTC", "commit": "abc", "versions": {"mkdocs": "1.6.1"}, "naive_max": 1000,
               "machine": {"cores": 2, "cpu": "Test CPU", "memory": 2**34, "python": "3.11", "load": [0.1, 0.2, 0.3]},
               "sizes": sizes, "notes": bench_run.NOTES}
    results["targets"] = [dict(vars(t), met=t.met) for t in bench_run.targets(results)]
    page = bench_run.render_page(results, lang)
    assert page.startswith("# ")
    assert page.count("\n| ") >= 8 + 15
    for target in results["targets"]:
        assert (target["zh"] if lang == "zh" else target["en"]) in page
    assert "Test CPU × 2" in page and "mkdocs 1.6.1" in page and "2025-01-01" in page
    assert "| 150 / 150 |" in page and "| 205 KiB |" in page and "≥ 100.0 %" in page
    assert "2020, 2021" not in page  # no several-periods registry measured: no section for it
    output = {"company_periods": 300, "site_bytes": 36_000_000, "own_bytes_per_company_period": 70_000,
              "site_bytes_per_company_period": 120_000,
              "site_parts": {"companies": 21_000_000, "pagefind": 3_000_000, "downloads": 6_000_000,
                             "indicators": 3_000_000, "matrix": 2_000_000, "other": 1_000_000}}
    results["periods"] = {"companies": 100, "periods": 3, "output": output}
    results["targets"] = [dict(vars(t), met=t.met) for t in bench_run.targets(results)]
    page = bench_run.render_page(results, lang)
    assert "2020, 2021, 2022" in page and "| 70.0 KB |" in page  # the per-size row, under N = 100
    assert "| 120.0 KB | ✅" in page and "| **120.0 KB** |" in page and "| 70.0 KB |" in page


def test_a_missed_build_target_is_explained_with_the_runs_own_phase_timings():
    phases = {"total": 60.0, "rows": [
        {"part": "markdown", "what": "disclosure", "seconds": 20.0, "count": 2000},
        {"part": "theme", "what": "disclosure", "seconds": 16.0, "count": 2000},
        {"part": "csr", "what": "link check", "seconds": 9.0, "count": 1},
        {"part": "other", "what": "everything else", "seconds": 15.0, "count": 0}]}
    results = {"sizes": {"1000": {"build": {"wall": 35.0, "cpu": 62.0}, "phases": phases}}}
    text = bench_run.explain("build_1000", results)["en"]
    assert "62.0 s of CPU time" in text and "below 31.0 s" in text
    assert "for 2000 pages takes 36.0 s (60%)" in text and "phases 9.0 s" in text and "rest 15.0 s" in text
    assert "测各阶段" in bench_run.explain("build_1000", {"sizes": {"1000": {"build": {"cpu": 1.0}}}})["zh"]
    results = {"date": "d", "commit": "c", "versions": {}, "naive_max": 1000, "machine": {"cores": 2},
               "sizes": {"1000": {"companies": 1000, "check": 1.0, "floor": 0.6, "check_ratio": 1.7,
                                  "check_one": 0.3, "build": {"wall": 35.0, "cpu": 62.0, "peak_rss": 1},
                                  "output": {"pages": 6000, "largest_page": {"bytes": 1, "path": "x"},
                                             "largest_company_page": None, "average_disclosure_page": None,
                                             "site_bytes": 1},
                                  "phases": phases}}}
    results["targets"] = [dict(vars(t), met=t.met) for t in bench_run.targets(results)]
    page = bench_run.render_page(results, "en")
    assert "| MkDocs: Markdown | disclosure | 2000 | 20.0 | 10.0 ms | 33% |" in page


def test_output_sizes_count_bytes_per_company_period(tmp_path):
    """(a) a company-period's own pages in both languages (disclosure, redirect, the company page's
    share) and (b) the whole site, each divided by the company-periods (source-language
    disclosure pages)."""
    files = {"companies/a/index.html": 100, "companies/a/2022/index.html": 1000, "companies/a/2022-index/index.html": 10,
             "companies/a/2021/index.html": 900, "companies/a/2021-index/index.html": 10,
             "en/companies/a/index.html": 100, "en/companies/a/2022/index.html": 1100,
             "en/companies/a/2021/index.html": 950, "companies/index.html": 500, "pagefind/x.pf": 300,
             "en/pagefind/y.pf": 200, "downloads/registry.json": 400, "assets/main.css": 1000,
             "indicators/x/index.html": 50, "matrix/index.html": 30}
    for rel, size in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * size)
    sizes = bench_run.output_sizes(tmp_path)
    assert sizes["company_periods"] == 2
    assert sizes["own_bytes_per_company_period"] == (100 + 1000 + 10 + 900 + 10 + 100 + 1100 + 950) / 2
    assert sizes["site_bytes_per_company_period"] == sum(files.values()) / 2
    assert sizes["site_parts"] == {"companies": 4670, "pagefind": 500, "downloads": 400, "indicators": 50,
                                   "matrix": 30, "other": 1000}
    results = {"sizes": {"100": {"output": sizes}}, "periods": {"companies": 1, "periods": 2, "output": sizes}}
    text = bench_run.explain("site_per_period", results)
    assert "At N = 1 with 2 periods per company" in text["en"]
    assert "company pages (both languages' disclosure, company and redirect pages) 2 KB" in text["en"]
    assert "搜索索引（Pagefind）0 KB" in text["zh"]
    assert "没有按部分" in bench_run.explain("site_per_period", {"sizes": results["sizes"]})["zh"]


def test_a_missed_rebuild_target_is_explained_by_the_rebuilds_own_phases():
    log = ("INFO    -  csr: rendered the pages of zh, en into /tmp/x/.cache/csr/docs (1 written, 5 unchanged) (2.2 s)\n"
           "INFO    -  csr: built the zh pages: 20 pages, 19 reused from the previous build (7.4 s)\n"
           "INFO    -  csr: built the en pages: 20 pages, 18 reused from the previous build (8.1 s)\n"
           "INFO    -  csr: search index (Pagefind): en 2 pages, zh 2 pages; 15 KiB (17.3 s)\n")
    assert bench_run._reused_pages(log) == {"built_pages": 40, "reused_pages": 37}
    phases = bench_run._phases(log)
    assert phases[0] == ("rendered the pages of zh, en", 2.2) and ("search index (Pagefind)", 17.3) in phases
    results = {"sizes": {"1000": {"build": {"wall": 57.0, "cpu": 96.0},
                                  "rebuild": {"one_company": {"wall": 33.0, "phases": phases, "reused_pages": 37,
                                                              "built_pages": 40}}}}}
    text = bench_run.explain("rebuild_one", results)
    assert "“search index (Pagefind)” (17.3 s)" in text["en"] and "0.58×" in text["en"] and "37 of 40" in text["en"]
    assert "“search index (Pagefind)”（17.3 秒）" in text["zh"] and "/tmp" not in text["en"]
    assert "没有测量" in bench_run.explain("rebuild_none", results)["zh"]
