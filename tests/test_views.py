"""Registry views: statistics against the white paper, matrix, history, content index, downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from macros.framework import load_frameworks
from macros.registry import load_registry
from macros.site.pages import SiteRenderer
from registry_builder import COMPANY_YML, EN_PAGE, ZH_PAGE, replace, write_tree
from test_site_build import build, make_project

FRAMEWORK = load_frameworks()["tbsia-003-2022"]
N = 1000


def white_paper_statuses() -> dict[str, list[str]]:
    """For each indicator, N statuses distributed as the white paper's survey reports."""
    assignment = {}
    for indicator in FRAMEWORK.indicators.values():
        statuses: list[str] = []
        for baseline in indicator.baseline:
            statuses += [baseline.status] * round(baseline.percent * N / 100)
        # everyone else: the lowest status that no exact baseline already counts
        exact = {b.status for b in indicator.baseline if b.match == "exactly"}
        rest = [s for s in indicator.statuses if s not in exact] or list(indicator.statuses)
        statuses += [min(rest, key=lambda s: FRAMEWORK.statuses[s].rank)] * (N - len(statuses))
        assignment[indicator.id] = statuses[:N]
    return assignment


def write_white_paper_registry(root: Path) -> None:
    statuses = white_paper_statuses()
    files = {}
    for number in range(N):
        slug = f"company-{number:04d}"
        claims = "".join(
            f"  - indicator: {indicator}\n    status: {statuses[indicator][number]}\n    section: s\n"
            for indicator in FRAMEWORK.indicators
        )
        files[f"disclosures/{slug}/company.yml"] = COMPANY_YML
        files[f"disclosures/{slug}/2022.zh.md"] = (
            f'---\ntitle: "企业 {number}"\nframework: tbsia-003-2022\npublished: 2023-01-01\nclaims:\n{claims}---\n\n## 章节 {{#s}}\n\n文字。\n'
        )
    write_tree(root, files)


def test_a_registry_built_to_the_white_paper_reproduces_its_percentages(tmp_path):
    write_white_paper_registry(tmp_path)
    registry = load_registry(tmp_path)
    assert registry.errors == []
    pages = {p.src_uri: p.content for p in SiteRenderer(registry).pages() if p.kind == "statistics"}
    statistics = pages["statistics/index.en.md"]
    checked = 0
    for indicator in FRAMEWORK.indicators.values():
        for baseline in indicator.baseline:
            count = round(baseline.percent * N / 100)
            if baseline.match == "at-least":  # the test's own count of companies at or above the floor
                floor = FRAMEWORK.statuses[baseline.status].rank
                count = sum(1 for s in white_paper_statuses()[indicator.id] if FRAMEWORK.statuses[s].rank >= floor)
            expected = f"{count * 100 / N:.1f}% ({count} / {N})"
            assert expected in statistics, (indicator.id, expected)
            assert f"{count * 100 / N:.1f}" == f"{baseline.percent:.1f}"
            checked += 1
    assert checked >= 30
    # the headline figures
    assert "12.9%" in statistics.split("csr-summary", 1)[1].split("</div>\n</div>", 1)[0]
    assert "41.3%" in statistics


def test_shares_are_rounded_half_up_to_one_decimal():
    from macros.site.stats import share

    assert share(1, 3) == 33.3 and share(2, 3) == 66.7 and share(1, 8) == 12.5 and share(1, 16) == 6.3
    assert share(0, 0) is None


PERIODS = {
    "disclosures/acme/2021.zh.md": replace(replace(replace(ZH_PAGE, "2023-01-16", "2022-01-10"), "Acme 2022", "Acme 2021"),
                                           "status: policy-and-action", "status: action-only").replace("value: 12", "value: 5"),
    "disclosures/acme/2021.en.md": EN_PAGE.replace("2022", "2021"),
    "disclosures/beta/company.yml": COMPANY_YML.replace("private", "state-owned").replace("Acme Software", "Beta"),
    "disclosures/beta/2022.zh.md": replace(ZH_PAGE, "status: policy-and-action", "status: none"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("views"), PERIODS)
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


@pytest.mark.build
def test_matrix_has_one_row_per_disclosure_with_text_labels_and_filters(site):
    page = read(site, "en/matrix/index.html")
    rows = page.split('<table class="csr-table csr-matrix"', 1)[1].split("</tbody>", 1)[0].count("<tr data-csr-type=")
    assert rows == 5  # acme 2022 + 2021, beta 2022, beta-soft 2021 + 2022
    assert 'data-csr-type="state-owned" data-csr-period="2022"' in page
    assert ">Full</span>" in page and ">Part</span>" in page and ">n/a</span>" in page
    assert 'data-csr-filter="type"' in page and 'class="csr-sticky"' in page
    assert "Legend" in page


@pytest.mark.build
def test_history_block_lists_changes_since_the_previous_period(site):
    page = read(site, "en/companies/acme/2022/index.html")
    assert "Changes since the previous period (2021)" in page
    block = page.split('id="csr-changes"', 1)[1].split("</ul>", 1)[0]
    assert "Developer and industry cultivation" in block and "improved" in block
    assert "Action without policy → Policy and action" in block
    assert "repos: 5 → 12" in block
    assert "Changes since" not in read(site, "en/companies/acme/2021/index.html")


@pytest.mark.build
def test_content_index_lists_every_indicator_with_location_and_omission(site):
    page = read(site, "en/companies/acme/2022-index/index.html")
    assert page.count("csr-status csr-status--") == len(FRAMEWORK.indicators)
    assert 'href="../2022/#open-source"' in page
    assert "We only serve business customers." in page
    assert "GRI" in page and "404-2" in page


@pytest.mark.build
def test_downloads_csv_json_and_schema(site):
    raw = (site / "downloads/registry.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 * len(FRAMEWORK.indicators)
    acme = [r for r in rows if r["company"] == "acme" and r["period"] == "2022"]
    by_indicator = {r["indicator"]: r for r in acme}
    assert by_indicator["developer-cultivation"]["status"] == "policy-and-action"
    assert by_indicator["developer-cultivation"]["figures"] == "repos=12 个"
    assert by_indicator["youth-online-addiction"]["explanation_en"] == "We only serve business customers."
    assert by_indicator["anti-monopoly"]["status"] == "not-addressed"
    assert acme[0]["company_name_zh"] == "艾克米软件有限公司"

    dataset = json.loads(read(site, "downloads/registry.json"))
    assert [c["id"] for c in dataset["companies"]] == ["acme", "beta", "beta-soft"]
    company = json.loads(read(site, "downloads/companies/acme.json"))
    assert [d["period"] for d in company["disclosures"]] == ["2021", "2022"]

    schema = json.loads(read(site, "downloads/schema/disclosure-zh.schema.json"))
    front = yaml.safe_load(ZH_PAGE.split("---\n")[1])
    front["published"] = front["published"].isoformat()
    jsonschema.validate(front, schema)
    front["claims"][0]["status"] = "sort-of"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(front, schema)
    downloads_page = read(site, "en/downloads/index.html")
    assert 'href="../../downloads/registry.csv"' in downloads_page


@pytest.mark.build
def test_statistics_page_exists_in_both_languages_with_svg_charts(site):
    for rel in ("statistics/index.html", "en/statistics/index.html"):
        page = read(site, rel)
        assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="csr-chart" role="img"') > 10
        assert "<title>" in page.split('class="csr-chart"', 1)[1][:400]
