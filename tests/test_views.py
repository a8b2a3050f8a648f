"""Registry views: statistics against the white paper, coverage matrix, company index, content
index, history and downloads.

Expected numbers are counted by the tests from the fixture's own tables
(:mod:`synthetic_registry`, the white paper's percentages), never taken from the code under test.
"""

from __future__ import annotations

import html
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

import synthetic_registry as syn
from macros.registry import load_registry
from macros.site import exports, matrix, stats
from macros.site.history import compare
from macros.site.pages import HOME_LATEST, SiteRenderer
from registry_builder import COMPANY_YML, write_tree
from synthetic_registry import COMPANIES, FRAMEWORK, INDICATORS, expected_status, half_up
from test_site_build import REPO, build

LABELS = {"zh": {s.label.zh: s.id for s in FRAMEWORK.statuses.values()} | {"未涉及": None},
          "en": {s.label.en: s.id for s in FRAMEWORK.statuses.values()} | {"Not addressed": None}}


# -- reading tables from built pages -----------------------------------------------------

class _Tables(HTMLParser):
    """Rows of every <table> in a page: each row a list of (text, attributes of the cell's first
    element with a data-csr-level, or of the cell itself)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._stack.append({"class": attrs.get("class", ""), "rows": [], "id": attrs.get("id")})
        elif tag == "tr" and self._stack:
            self._stack[-1]["rows"].append({"attrs": attrs, "cells": []})
        elif tag in ("td", "th") and self._stack and self._stack[-1]["rows"]:
            self._cell = ["", dict(attrs), []]
            self._stack[-1]["rows"][-1]["cells"].append(self._cell)
        elif self._cell is not None:
            if "data-csr-level" in attrs:
                self._cell[1].setdefault("level", attrs["data-csr-level"])
            if tag == "a":
                self._cell[2].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data


def tables(html: str, css_class: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return [t for t in parser.tables if css_class in t["class"].split()]


def body_rows(table: dict) -> list[list]:
    """Rows with <td> cells (skips header rows), each cell as [text, attrs, hrefs]."""
    return [r["cells"] for r in table["rows"] if any("scope" not in c[1] or c[1]["scope"] == "row" for c in r["cells"])
            and not all(c[1].get("scope") == "col" for c in r["cells"])]


def text(cell) -> str:
    return " ".join(cell[0].split())


# -- the white paper's distribution ------------------------------------------------------

def write_population(root: Path, n: int, statuses: dict[str, list[str | None]]) -> None:
    """n companies, company k claiming statuses[indicator][k] (None: not addressed)."""
    files = {}
    for number in range(n):
        claims = ""
        for indicator, column in statuses.items():
            status = column[number]
            if status is None:
                continue
            claims += f"  - indicator: {indicator}\n    status: {status}\n"
            if FRAMEWORK.statuses[status].omission:
                claims += "    reason: confidentiality\n    explanation: \"保密。\"\n"
            else:
                claims += "    section: s\n"
        slug = f"company-{number:04d}"
        files[f"disclosures/{slug}/company.yml"] = COMPANY_YML
        files[f"disclosures/{slug}/2022.zh.md"] = (
            f'---\ntitle: "企业 {number}"\nframework: tbsia-003-2022\npublished: 2023-01-01\nclaims:\n{claims}---\n\n'
            "## 章节 {#s}\n\n文字。\n")
    write_tree(root, files)


def statistics_page(registry, lang: str = "zh") -> str:
    """Only the statistics page (the generator is left before it renders company pages)."""
    for page in SiteRenderer(registry).pages():
        if page.src_uri == f"statistics/index.{lang}.md":
            return page.content
    raise AssertionError("no statistics page")


# The survey had 302 respondents, but not every percentage in the white paper is k/302 for a
# whole k (questions had fewer answers, or the text rounds differently): 41.3 % has no k with
# k/302 = 41.3 %.  These indicators are the ones the white paper reports consistently with 302
# companies; the counts are the test's own (k such that k/302 rounds to the published figure).
WHITE_PAPER_302 = {
    # indicator: [(status, companies)], the rest of the 302 as listed in REST_302
    "disclosure-channels": [("disclosed", 39), ("not-disclosed", 263)],
    "disclosure-reports": [("csr-report", 22), ("sustainability-report", 15), ("esg-report", 9),
                           ("self-declaration", 24), ("not-published", 232)],
    "green-development": [("policy-and-action", 114), ("action-only", 111), ("none", 70), ("omitted", 5), (None, 2)],
    "tech-ethics": [("policy-and-action", 204), ("none", 98)],
    # at-least baselines: companies at the floor or above, some of them above it
    "data-security": [("policy-and-action", 283), ("action-only", 15), ("none", 4)],
    "privacy-leak-prevention": [("policy-and-action", 229), ("action-only", 50), ("not-applicable", 23)],
    "community-development": [("policy-and-action", 20), ("action-only", 26), ("none", 250), (None, 6)],
    "flexible-employment": [("policy-and-action", 280), ("none", 22)],
}


def test_a_302_company_registry_built_to_the_white_paper_reproduces_its_percentages(tmp_path):
    columns = {}
    for indicator, parts in WHITE_PAPER_302.items():
        column = [status for status, count in parts for _ in range(count)]
        assert len(column) == 302, indicator
        columns[indicator] = column
    write_population(tmp_path, 302, columns)
    registry = load_registry(tmp_path)
    assert registry.errors == []
    computed = {s.indicator.id: s for s in stats.indicator_stats(registry.latest_disclosures(), FRAMEWORK)}
    page = statistics_page(registry, "zh")
    checked = 0
    for indicator_id, parts in WHITE_PAPER_302.items():
        counts = dict(parts)
        for baseline in FRAMEWORK.indicators[indicator_id].baseline:
            floor = FRAMEWORK.statuses[baseline.status].rank
            if baseline.match == "at-least":
                count = sum(c for s, c in parts if s and FRAMEWORK.statuses[s].rank is not None
                            and FRAMEWORK.statuses[s].rank >= floor)
            else:
                count = counts.get(baseline.status, 0)
            expected = half_up(count, 302)
            assert expected == f"{baseline.percent:.1f}", (indicator_id, baseline, count)  # the white paper's figure
            comparison = next(c for c in computed[indicator_id].baselines if c.baseline == baseline)
            assert (comparison.count, comparison.total, f"{comparison.percent:.1f}") == (count, 302, expected)
            assert f"{expected}% ({count} / 302)" in page.split(f"{{#stat-{indicator_id}}}", 1)[1].split("## ", 1)[0]
            checked += 1
    assert checked == 15  # every baseline of these eight indicators
    # the headline figure the white paper leads with: 12.9 % disclose publicly
    summary = page.split("{#csr-summary}", 1)[1].split("<figure", 1)[0]
    assert "12.9%" in summary and "39 / 302" in summary


N = 1000


def white_paper_statuses() -> dict[str, list[str]]:
    """For each indicator, N statuses in the white paper's proportions (every share k/1000)."""
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


def test_every_white_paper_percentage_is_reproduced_by_a_1000_company_registry(tmp_path):
    assignment = white_paper_statuses()
    write_population(tmp_path, N, assignment)
    registry = load_registry(tmp_path)
    assert registry.errors == []
    statistics = statistics_page(registry, "zh")
    checked = 0
    for indicator in FRAMEWORK.indicators.values():
        for baseline in indicator.baseline:
            floor = FRAMEWORK.statuses[baseline.status].rank
            if baseline.match == "at-least":
                count = sum(1 for s in assignment[indicator.id] if FRAMEWORK.statuses[s].rank >= floor)
            else:
                count = assignment[indicator.id].count(baseline.status)
            assert half_up(count, N) == f"{baseline.percent:.1f}"
            assert f"{half_up(count, N)}% ({count} / {N})" in statistics, (indicator.id, baseline)
            checked += 1
    assert checked == sum(len(i.baseline) for i in FRAMEWORK.indicators.values()) >= 30
    summary = statistics.split("{#csr-summary}", 1)[1].split("<figure", 1)[0]
    assert "12.9%" in summary and "41.3%" in summary


def test_shares_are_rounded_half_up_to_one_decimal():
    assert stats.share(1, 3) == 33.3 and stats.share(2, 3) == 66.7 and stats.share(1, 8) == 12.5
    assert stats.share(1, 16) == 6.3 and stats.share(1, 400) == 0.3  # 6.25 and 0.25 round up, not to even
    assert stats.share(0, 0) is None


# -- pure view logic on the synthetic registry ------------------------------------------

@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    root = syn.write(tmp_path_factory.mktemp("synthetic"))
    loaded = load_registry(root)
    assert loaded.errors == []
    return loaded


def expected_level(status: str | None, indicator) -> str:
    if status is None:
        return "none"
    if FRAMEWORK.statuses[status].omission:
        return "omission"
    ranks = [FRAMEWORK.statuses[s].rank for s in indicator.statuses]
    rank = FRAMEWORK.statuses[status].rank
    return "top" if rank == max(ranks) else "low" if rank == min(ranks) else "mid"


def test_status_levels_are_places_on_the_indicators_own_scale():
    levels = {s.id: level for s, level in matrix.status_levels([FRAMEWORK]).items()}
    assert levels["disclosed"] == "top" and levels["not-disclosed"] == "low"  # rank 1 is the best here
    assert levels["policy-and-action"] == "top" and levels["action-only"] == "mid" and levels["none"] == "low"
    assert levels["aware"] == "mid" and levels["omitted"] == "omission" and levels["not-applicable"] == "omission"


def test_matrix_views_paginate_filter_and_stay_linear(registry):
    pages = matrix.matrix_pages(registry, [FRAMEWORK], page_size=3)
    by_base = {p.base: p for p in pages}
    first = pages[0]
    assert first.base == "matrix/index" and (first.type, first.period) == ("all", "latest")
    assert first.pages == 4 and first.total_rows == 10  # 10 companies, 3 a page
    assert [d.company.slug for p in pages if (p.type, p.period) == ("all", "latest") for d in p.rows] == \
        sorted(c.slug for c in COMPANIES)
    assert [base for _, base in first.pager] == ["matrix/index", "matrix/all/latest/2", "matrix/all/latest/3",
                                                 "matrix/all/latest/4"]
    # the filter choices: counts of the view each leads to, the current one marked
    assert [(f.value, f.count, f.target, f.current) for f in first.type_facets] == [
        ("all", 10, "matrix/index", True), ("state-owned", 2, "matrix/state-owned/latest/index", False),
        ("foreign-invested", 2, "matrix/foreign-invested/latest/index", False),
        ("private", 5, "matrix/private/latest/index", False),
        ("social-organisation", 1, "matrix/social-organisation/latest/index", False)]
    assert [(f.value, f.count, f.target) for f in first.period_facets] == [
        ("latest", 10, "matrix/index"), ("2022", 9, "matrix/all/2022/index"), ("2021", 4, "matrix/all/2021/index")]
    period_2021 = by_base["matrix/all/2021/index"]
    assert [(d.company.slug, d.period) for d in period_2021.rows] == [("alpha", "2021"), ("bravo", "2021"),
                                                                      ("charlie", "2021")]
    facets = {f.value: f for f in period_2021.type_facets}
    assert facets["foreign-invested"].count == 0 and facets["foreign-invested"].target is None
    # juliet's only period is 2021: that view equals social-organisation × latest and is not generated twice
    assert facets["social-organisation"].target == "matrix/social-organisation/latest/index"
    assert "matrix/social-organisation/2021/index" not in by_base
    social = by_base["matrix/social-organisation/latest/index"]
    assert {f.value: f.current for f in social.period_facets} == {"latest": True, "2022": False, "2021": True}
    # every row is in at most two type views and two period views
    rows = sum(len(p.rows) for p in pages)
    assert rows <= 2 * (len(registry.companies) + len(registry.disclosures))


def test_history_compares_consecutive_periods(registry):
    alpha = registry.periods("alpha")
    changes = {c.indicator: c for c in compare(alpha[0], alpha[1])}
    expected = {i.id for i in INDICATORS
                if expected_status(COMPANIES[0], "2021", i.id) != expected_status(COMPANIES[0], "2022", i.id)}
    assert set(changes) == expected | {"developer-cultivation"}
    assert changes["green-development"].direction == "up"
    assert changes["anti-monopoly"].direction == "dropped" and changes["tech-ethics"].direction == "added"
    assert changes["integrity"].direction == "omitted"
    assert changes["developer-cultivation"].direction == "same"
    assert changes["developer-cultivation"].figures == [("repos", 5, 12), ("volunteers", 40, None)]
    swapped = changes["youth-online-addiction"]  # not applicable -> omitted: no rank to compare
    assert (swapped.direction, swapped.before, swapped.after) == ("same", "not-applicable", "omitted")
    assert swapped.reasons == ("not-applicable", "information-unavailable")


# -- the built site -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("views")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs",):
        shutil.copytree(REPO / folder, root / folder)
    syn.write(root)
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def lang_root(lang: str) -> str:
    return "" if lang == "zh" else "en/"


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_page_counts_every_status_of_every_indicator(site, lang):
    page = read(site, f"{lang_root(lang)}statistics/index.html")
    latest = syn.latest()
    total = len(latest)
    for indicator in INDICATORS:
        section = page.split(f'id="stat-{indicator.id}"', 1)[1].split("<h2", 1)[0]
        table = tables(section, "csr-stats")[0]
        shown = {}
        for row in table["rows"][1:]:
            label, count, share = (text(c) for c in row["cells"])
            if label == ("分母" if lang == "zh" else "Denominator"):
                assert count == str(total)
                continue
            shown[LABELS[lang][label]] = (count, share)
        statuses = list(indicator.statuses) + FRAMEWORK.omission_statuses() + [None]
        counts = {s: sum(1 for c, p in latest if expected_status(c, p, indicator.id) == s) for s in statuses}
        assert sum(counts.values()) == total
        assert shown == {s: (str(n), f"{half_up(n, total)}%") for s, n in counts.items()}, indicator.id
        # beside the white paper's survey share, with the difference in points
        compare_table = tables(section, "csr-baseline-compare")
        assert bool(compare_table) == bool(indicator.baseline)
        for row, baseline in zip(compare_table[0]["rows"][1:] if compare_table else [], indicator.baseline):
            floor = FRAMEWORK.statuses[baseline.status].rank
            if baseline.match == "at-least":
                count = sum(n for s, n in counts.items() if s and FRAMEWORK.statuses[s].rank is not None
                            and FRAMEWORK.statuses[s].rank >= floor)
            else:
                count = counts[baseline.status]
            difference = Decimal(half_up(count, total)) - Decimal(str(baseline.percent))
            assert [text(c) for c in row["cells"][1:]] == [
                f"{half_up(count, total)}% ({count} / {total})", f"{baseline.percent:.1f}%", f"{difference:+.1f}"]
    # the headline figures: 3 of 10 disclose publicly, 2 of 10 have a governance system and team
    summary = page.split('id="csr-summary"', 1)[1].split("<figure", 1)[0]
    assert "30.0%" in summary and "(3 / 10;" in summary and "12.9%" in summary
    assert "20.0%" in summary and "(2 / 10;" in summary and "41.3%" in summary
    # coverage per topic: companies acting (or better) on any of the topic's indicators
    rows = tables(page, "csr-topic-coverage")[0]["rows"][1:]
    for topic, row in zip(FRAMEWORK.topics, rows, strict=True):
        acting = sum(1 for c, p in latest if any(
            (s := expected_status(c, p, i.id)) and FRAMEWORK.statuses[s].rank is not None
            and FRAMEWORK.statuses[s].rank >= 1 for i in topic.indicators))
        assert [text(c) for c in row["cells"][1:]] == [f"{acting} / {total}", f"{half_up(acting, total)}%"]


@pytest.mark.build
def test_statistics_charts_are_static_accessible_svg(site):
    for lang in ("zh", "en"):
        page = read(site, f"{lang_root(lang)}statistics/index.html")
        charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="csr-chart".*?</svg>', page, flags=re.S)
        indicators_with_baseline = sum(1 for i in INDICATORS if i.baseline)
        # one per indicator with a baseline, topics, organisation types, report types
        assert len(charts) == indicators_with_baseline + 3
        for chart in charts:
            assert 'role="img"' in chart and "<title>" in chart and "<desc>" in chart
            assert "<script" not in chart and "@import" not in chart and "href" not in chart
            assert re.findall(r"https?://[^\"]+", chart) == ["http://www.w3.org/2000/svg"]
        green = next(c for c in charts if "5.4 " in c.split("</title>")[0])
        assert green.count("40.0%") == 1 and green.count("37.7%") == 1 and green.count("36.8%") == 1
    assert "<script" not in page.split('class="md-content"', 1)[1].split("</article>", 1)[0]


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_matrix_shows_each_companys_latest_status_with_text_labels(site, lang):
    page = read(site, f"{lang_root(lang)}matrix/index.html")
    table = tables(page, "csr-matrix")[0]
    rows = body_rows(table)
    companies = sorted(COMPANIES, key=lambda c: c.slug)
    assert len(rows) == len(companies) == 10
    short = {"zh": {"top": "全", "mid": "部分", "low": "无", "omission": "省略", "none": "未涉及"},
             "en": {"top": "Full", "mid": "Part", "low": "None", "omission": "Omit", "none": "n/a"}}[lang]
    for row, company in zip(rows, companies):
        period = company.periods[-1]
        name, shown_period, coverage, *cells = row
        assert text(name) == (company.zh if lang == "zh" else company.en)
        assert name[2] == [f"../companies/{company.slug}/{period}/"]
        assert text(shown_period) == period
        statuses = [expected_status(company, period, i.id) for i in INDICATORS]
        reported = sum(1 for s in statuses if s and not FRAMEWORK.statuses[s].omission)
        assert text(coverage) == f"{reported}/{len(INDICATORS)}"
        levels = [expected_level(s, i) for s, i in zip(statuses, INDICATORS)]
        assert [c[1]["level"] for c in cells] == levels
        assert [text(c) for c in cells] == [short[level] for level in levels]  # text, not colour alone
    # the company column stays when the table scrolls; the legend explains every label
    assert 'class="csr-sticky"' in page and "csr-matrix-wrap" in page
    legend = page.split('class="csr-legend"', 1)[1].split("</ul>", 1)[0]
    for label in short.values():
        assert f">{label}</span>" in legend
    assert ("Publicly disclosed" if lang == "en" else "已公开披露") in legend


@pytest.mark.build
def test_matrix_filters_are_static_pages_by_type_and_period(site):
    page = read(site, "en/matrix/index.html")
    facets = page.split('class="csr-facets"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'<strong aria-current="page">All <span class="csr-facets__count">10</span></strong>', facets)
    assert re.search(r'<a href="private/latest/">Private <span class="csr-facets__count">5</span></a>', facets)
    assert re.search(r'<a href="all/2021/">2021 <span class="csr-facets__count">4</span></a>', facets)
    # 2021: alpha, bravo, charlie (who also have 2022) and juliet (2021 only)
    rows = body_rows(tables(read(site, "en/matrix/all/2021/index.html"), "csr-matrix")[0])
    assert [(text(r[0]), text(r[1])) for r in rows] == [
        ("Alpha Software", "2021"), ("Bravo Tech", "2021"), ("Charlie Data Group", "2021"), ("Juliet Civic Tech", "2021")]
    private = read(site, "matrix/private/latest/index.html")
    shown = {text(r[0]) for r in body_rows(tables(private, "csr-matrix")[0])}
    assert shown == {c.zh for c in COMPANIES if c.type == "private"} and len(shown) == 5
    # every private company's latest period is 2022: that choice leads to the same page, not a copy
    assert not (site / "matrix/private/2022").exists()
    assert re.search(r'<strong aria-current="page">2022 <span class="csr-facets__count">5</span></strong>', private)
    # no foreign-invested company reported for 2021: no page, the choice is plain text
    assert not (site / "matrix/foreign-invested/2021").exists()
    page_2021 = read(site, "en/matrix/all/2021/index.html").split('class="csr-facets"', 1)[1].split("</nav>", 1)[0]
    assert '<span class="csr-facets__empty">Foreign-invested <span class="csr-facets__count">0</span></span>' in page_2021
    # filtering needs no script: the page has no inline script of its own
    content = page.split('class="md-content"', 1)[1].split("</article>", 1)[0]
    assert "<script" not in content and "data-csr-sortable" in content


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_company_index_lists_type_latest_period_and_coverage(site, lang):
    table = tables(read(site, f"{lang_root(lang)}companies/index.html"), "csr-companies")[0]
    rows = table["rows"][1:]
    assert len(rows) == 10
    shown = {text(r["cells"][0]): [text(c) for c in r["cells"][1:]] for r in rows}
    for company in COMPANIES:
        period = company.periods[-1]
        reported = sum(1 for i in INDICATORS if (s := expected_status(company, period, i.id))
                       and not FRAMEWORK.statuses[s].omission)
        name = company.zh if lang == "zh" else company.en
        assert shown[name] == [FRAMEWORK.organisation_types[company.type].label.get(lang), period,
                               f"{reported} / {len(INDICATORS)}"]


@pytest.mark.build
def test_content_index_is_a_section_of_the_disclosure_page(site):
    """Every indicator with its GRI references, status, location or omission, and evidence; the
    old URL of the content index is a small redirect to that section, in both languages."""
    page = read(site, "en/companies/foxtrot/2022/index.html")
    assert '<h2 id="csr-indicator-summary">Content index' in page
    rows = tables(page, "csr-claims")[0]["rows"][1:]
    assert len(rows) == len(INDICATORS)
    company = syn.BY_SLUG["foxtrot"]
    for row, indicator in zip(rows, INDICATORS):
        status = expected_status(company, "2022", indicator.id)
        name, shown_status, location = row["cells"]
        gri = ", ".join(ref.id for ref in indicator.gri)
        assert text(name) == f"{indicator.code} {indicator.name.en}" + (f" GRI {gri}" if gri else "")
        assert LABELS["en"][text(shown_status)] == status
        if status and not FRAMEWORK.statuses[status].omission:
            assert location[2] == ["#practice"]
        elif status:
            assert location[2] == [f"#csr-omit-{indicator.id}"]
            omitted = page.split(f'<dt id="csr-omit-{indicator.id}">', 1)[1].split("</dd>", 1)[0]
            assert omitted.endswith("Foxtrot Cloud does not disclose this yet.")
        else:
            assert text(location) == ""
    # the Chinese page shows the formula-like explanation as text
    zh = read(site, "companies/foxtrot/2022/index.html")
    assert '=HYPERLINK("https://evil.example/","点这里")</dd>' in html.unescape(zh) and 'href="https://evil.example/' not in zh
    # evidence titles in each language (the English page translates them: evidence_titles)
    alpha = read(site, "en/companies/alpha/2022/index.html")
    assert re.search(r'<a href="https://example.com/oss" rel="nofollow[^"]*">Open-source repositories</a>', alpha)
    assert alpha.count('href="https://example.com/oss"') == 1  # in the box under its section, not twice
    alpha_zh = read(site, "companies/alpha/2022/index.html")
    assert re.search(r'<a href="https://example.com/oss" rel="nofollow[^"]*">开源仓库</a>', alpha_zh)
    for root, lang in (("", "zh"), ("en/", "en")):
        stub = read(site, f"{root}companies/foxtrot/2022-index/index.html")
        assert len(stub.encode()) < 600 and f'<html lang="{lang}">' in stub
        assert stub.count('"../2022/#csr-indicator-summary"') == 2  # canonical and the plain link
        assert 'http-equiv="refresh" content="0; url=../2022/#csr-indicator-summary"' in stub


@pytest.mark.build
def test_history_switches_periods_and_lists_changes_since_the_previous_one(site):
    page = read(site, "en/companies/alpha/2022/index.html")
    switcher = page.split("<dt>Period</dt>", 1)[1].split("</dd>", 1)[0]
    assert re.fullmatch(r'<dd><a href="\.\./2021/"[^>]*>2021</a> · <strong aria-current="page">2022</strong>', switcher)
    assert "Changes since the previous period (2021)" in page
    block = page.split('id="csr-changes"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li .*?</li>", block, flags=re.S)
    expected = {i.id for i in INDICATORS
                if expected_status(COMPANIES[0], "2021", i.id) != expected_status(COMPANIES[0], "2022", i.id)}
    assert len(items) == len(expected | {"developer-cultivation"})
    by_indicator = {re.search(r'href="#csr-([a-z-]+)"', item)[1]: re.sub(r"<[^>]+>", "", item) for item in items}
    assert "improved (Action without policy → Policy and action)" in by_indicator["green-development"]
    assert "improved (Not disclosed → Publicly disclosed)" in by_indicator["disclosure-channels"]
    assert "claim dropped (Neither policy nor action → Not addressed)" in by_indicator["anti-monopoly"]
    assert "claim added (Not addressed → Policy and action)" in by_indicator["tech-ethics"]
    assert "now omitted (Action without policy → Omitted)" in by_indicator["integrity"]
    assert ("same status (Policy and action); Open-source projects: 5 → 12; Volunteers: 40 → —"
            in by_indicator["developer-cultivation"])  # a figure gone is named by its label of 2021
    assert ("omission changed (Not applicable → Omitted); Reason for omission: Not applicable → "
            "Information unavailable or incomplete") in by_indicator["youth-online-addiction"]
    assert "Changes since" not in read(site, "en/companies/alpha/2021/index.html")
    assert "Changes since" not in read(site, "en/companies/delta/2022/index.html")  # one period only


@pytest.mark.build
def test_nav_lists_sections_never_companies_and_company_pages_stay_small(site):
    home = read(site, "en/index.html")
    nav = home.split('<nav class="md-nav md-nav--primary', 1)[1]
    for section in ("matrix/", "statistics/", "downloads/", "companies/"):
        assert f'<a href="{section}" class="md-nav__link">' in nav
    assert not any(f"companies/{c.slug}/" in nav.split('class="md-content"', 1)[0] for c in COMPANIES)
    # the home page lists the latest disclosures, newest first, never more than HOME_LATEST
    latest = home.split('<ul class="csr-latest">', 1)[1].split("</ul>", 1)[0]
    listed = re.findall(r'<a class="csr-latest__title" href="companies/([a-z]+)/(\d{4})/">', latest)
    assert 0 < len(listed) <= HOME_LATEST and len(listed) == min(len(COMPANIES), HOME_LATEST)
    assert listed == [(c.slug, c.periods[-1]) for c in sorted(COMPANIES, key=lambda c: (
        f"{int(c.periods[-1]) + 1}-03-01", c.slug), reverse=True)][:HOME_LATEST]
    outside = home.replace(latest, "")
    assert not any(f"companies/{c.slug}/" in outside for c in COMPANIES)
    for company in COMPANIES:
        page = read(site, f"en/companies/{company.slug}/index.html")
        others = [c for c in COMPANIES if c is not company]
        assert not any(f"companies/{c.slug}/" in page for c in others)  # no list of other companies
        assert len(page.encode()) < 40_000


@pytest.mark.build
def test_downloads_are_linked_from_both_languages_at_stable_urls(site, registry):
    for lang, prefix in (("zh", ""), ("en", "../")):
        page = read(site, f"{lang_root(lang)}downloads/index.html")
        for rel in ("registry.json", "registry.csv", "schema/disclosure-zh.schema.json",
                    "schema/disclosure-en.schema.json", "schema/company.schema.json"):
            assert f'href="{prefix}../downloads/{rel}"' in page
            assert (site / "downloads" / rel).is_file()
        company = read(site, f"{lang_root(lang)}companies/alpha/index.html")
        assert f'href="{prefix}../../downloads/companies/alpha.json"' in company
    assert not (site / "en" / "downloads" / "registry.csv").exists()  # one copy, for every language
    # the site publishes exactly what the exporter makes of the registry
    files = exports.download_files(registry, "https://csr-disclosures.example.org/")  # mkdocs.yml's default
    published = {p.relative_to(site / "downloads").as_posix() for p in (site / "downloads").rglob("*") if p.is_file()}
    assert published == set(files) | {"index.html"}  # index.html: the downloads page itself
    for rel, data in files.items():
        assert (site / "downloads" / rel).read_bytes() == data, rel


def test_a_registry_template_overrides_single_blocks_of_the_package_template(registry, tmp_path):
    (tmp_path / "company.md.j2").write_text(
        '{% extends "package/company.md.j2" %}\n{% block identity %}OWN-IDENTITY{% endblock %}\n', encoding="utf-8")
    company = next(p for p in SiteRenderer(registry, tmp_path).pages(["en"]) if p.src_uri == "companies/alpha/index.en.md")
    plain = next(p for p in SiteRenderer(registry).pages(["en"]) if p.src_uri == "companies/alpha/index.en.md")
    assert "OWN-IDENTITY" in company.content and 'class="csr-identity"' not in company.content
    assert 'class="csr-identity"' in plain.content
    # everything outside the block is the package's template
    assert company.content.split("OWN-IDENTITY")[0] == plain.content.split('<dl class="csr-identity">')[0]


@pytest.mark.parametrize("template, line, kind", [
    ('{% extends "package/company.md.j2" %}\n{% block identity %}\n{{ nosuch.attr }}{% endblock %}\n', 3,
     "UndefinedError"),
    ('{% extends "package/company.md.j2" %}\n{% block identity %}{{ unclosed\n', 2, "TemplateSyntaxError")])
@pytest.mark.parametrize("parallel", [False, True])
def test_a_broken_registry_template_is_reported_with_its_file_and_line(registry, tmp_path, template, line, kind,
                                                                        parallel):
    from macros.site import preparation

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "company.md.j2").write_text(template, encoding="utf-8")
    with pytest.raises(preparation.TemplateProblem) as raised:
        preparation.prepare(registry.root, tmp_path / "docs-missing", tmp_path / "staging", tmp_path / "templates",
                            parallel=parallel)
    assert str(raised.value).startswith(f"{tmp_path / 'templates' / 'company.md.j2'}:{line}: {kind}")


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_page_shows_organisation_types_and_report_types_beside_the_survey(site, lang):
    page = read(site, f"{lang_root(lang)}statistics/index.html")
    latest = syn.latest()
    total = len(latest)
    rows = tables(page, "csr-organisation-types")[0]["rows"][1:]
    survey = {"state-owned": "6.7%", "foreign-invested": "3.9%", "private": "85.0%", "social-organisation": "4.4%"}
    assert [text(r["cells"][0]) for r in rows] == [FRAMEWORK.organisation_types[t].label.get(lang) for t in survey]
    for row, (type_, baseline) in zip(rows, survey.items()):
        count = sum(1 for c, _ in latest if c.type == type_)
        difference = Decimal(half_up(count, total)) - Decimal(baseline[:-1])
        assert [text(c) for c in row["cells"][1:]] == [f"{count} / {total}", f"{half_up(count, total)}%", baseline,
                                                       f"{difference:+.1f}"]
    indicator = FRAMEWORK.indicators["disclosure-reports"]
    rows = tables(page, "csr-report-types")[0]["rows"][1:]
    survey = {"csr-report": "7.3%", "sustainability-report": "5.0%", "esg-report": "3.0%",
              "self-declaration": "7.9%", "published": "—", "not-published": "76.8%"}
    assert [LABELS[lang][text(r["cells"][0])] for r in rows] == list(indicator.statuses) == list(survey)
    for row, (status, baseline) in zip(rows, survey.items()):
        count = sum(1 for c, p in latest if expected_status(c, p, "disclosure-reports") == status)
        assert [text(c) for c in row["cells"][1:4]] == [f"{count} / {total}", f"{half_up(count, total)}%", baseline]


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_periods_of_a_company_are_listed_by_year_newest_first(site, lang):
    rows = tables(read(site, f"{lang_root(lang)}companies/alpha/index.html"), "csr-periods")[0]["rows"][1:]
    company = syn.BY_SLUG["alpha"]
    assert [(text(r["cells"][0]), r["cells"][0][2]) for r in rows] == [
        (period, [f"{period}/"]) for period in reversed(company.periods)]
    name = company.zh if lang == "zh" else company.en
    assert [text(r["cells"][1]) for r in rows] == [
        f"{name} {p} 年度社会责任声明" if lang == "zh" else f"{name} CSR statement {p}" for p in reversed(company.periods)]


def test_matrix_labels_are_written_once_per_table_as_css_strings():
    """On a phone each matrix cell shows its indicator's code: one rule per column (not a
    data-label on every cell); a code is written as a CSS string that cannot end the style."""
    from types import SimpleNamespace

    style = matrix.matrix_labels([SimpleNamespace(code="5.1"), SimpleNamespace(code='5.2"}</style><b>')], 4)
    assert style.startswith(f"<style>@media {matrix.PHONE}{{") and style.endswith("}</style>")
    assert '#csr-matrix td:nth-child(4)::before{content:"5.1"}' in style
    assert '#csr-matrix td:nth-child(5)::before{content:"5.2\\22 \\7d \\3c \\2f style\\3e \\3c b\\3e "}' in style
    assert style.count("<") == 2 and style.count('"') == 4
