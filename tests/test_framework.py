"""The T/BSIA 003-2022 framework data: loads, is consistent, matches the white paper."""

from pathlib import Path

import pytest

from macros.framework import FrameworkError, load_frameworks, parse_framework
from macros.readme_tables import render_block

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def framework():
    return load_frameworks()["tbsia-003-2022"]


def test_eighteen_topics_in_order(framework):
    assert [topic.code for topic in framework.topics] == [f"5.{n}" for n in range(1, 19)]
    assert framework.standard == "T/BSIA 003-2022" and framework.version == "2022"


def test_indicators_have_unique_ids_codes_and_both_languages(framework):
    indicators = list(framework.indicators.values())
    assert len(indicators) == 23
    assert len({i.code for i in indicators}) == 23
    for indicator in indicators:
        assert indicator.name.zh and indicator.name.en and indicator.description.zh and indicator.description.en
        assert indicator.statuses and all(s in framework.statuses for s in indicator.statuses)
        assert indicator.code.startswith(framework.topic_of(indicator.id).code)
        for ref in indicator.gri:
            assert ref.id and ref.title


def test_omission_statuses_and_reasons(framework):
    assert set(framework.omission_statuses()) == {"not-applicable", "omitted"}
    assert set(framework.reasons) == {"not-applicable", "legal-prohibition", "confidentiality",
                                      "information-unavailable", "not-material"}
    assert set(framework.organisation_types) == {"state-owned", "foreign-invested", "private", "social-organisation"}


@pytest.mark.parametrize("indicator_id, status, percent", [
    ("csr-engagement", "practising", 43.4), ("governance-system", "system-and-team", 41.3),
    ("disclosure-channels", "disclosed", 12.9), ("data-security", "policy-and-action", 93.7),
    ("privacy-leak-prevention", "policy-and-action", 75.8), ("anti-monopoly", "policy-and-action", 52.9),
    ("youth-online-addiction", "policy-and-action", 48.6), ("rural-revitalisation", "action-only", 21.8),
    ("flexible-employment", "policy-and-action", 92.7), ("ai-replacement-protection", "policy-and-action", 62.2),
    ("developer-cultivation", "policy-and-action", 72.1),
])
def test_baselines_are_the_white_papers_figures(framework, indicator_id, status, percent):
    baseline = {b.status: b.percent for b in framework.indicators[indicator_id].baseline}
    assert baseline[status] == percent


def test_exact_baselines_of_one_indicator_never_exceed_100_percent(framework):
    for indicator in framework.indicators.values():
        exact = sum(b.percent for b in indicator.baseline if b.match == "exactly")
        assert exact <= 100.05, indicator.id


def test_inconsistent_framework_data_is_rejected_with_every_problem():
    data = {
        "id": "x", "standard": "X", "version": "1", "name": {"zh": "x", "en": "x"},
        "statuses": [{"id": "a", "rank": 1, "label": {"zh": "a", "en": "a"}, "description": {"zh": "a", "en": "a"}}],
        "omission_reasons": [],
        "topics": [{"id": "t", "code": "1", "name": {"zh": "t", "en": "t"}, "description": {"zh": "t", "en": "t"},
                    "indicators": [{"id": "i", "code": "1", "name": {"zh": "i"}, "description": {"zh": "i", "en": "i"},
                                    "statuses": ["a", "b"], "baseline": [{"status": "c", "percent": 120}]}]}],
    }
    with pytest.raises(FrameworkError) as error:
        parse_framework(data, "x.yml")
    problems = " | ".join(error.value.problems)
    assert "unknown status 'b'" in problems
    assert "status 'c' is not among" in problems
    assert "within 0..100" in problems
    assert "name: expected a mapping with 'zh' and 'en'" in problems


def test_readme_indicator_list_is_generated_from_the_data(framework):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert render_block(framework) in readme, "run: python -m macros.readme_tables"
