"""A synthetic registry of ten companies with a known distribution of statuses.

Tests of the registry views and downloads write it, build it, and compare what the site and
the downloads show with numbers they count themselves from :data:`COMPANIES` and
:func:`expected_status` — never with the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.framework import load_frameworks

from registry_builder import write_tree

FRAMEWORK = load_frameworks()["tbsia-003-2022"]
INDICATORS = [i for topic in FRAMEWORK.topics for i in topic.indicators]  # framework order


@dataclass(frozen=True)
class Company:
    slug: str
    zh: str
    en: str
    type: str
    periods: tuple[str, ...]
    translated: bool = True


COMPANIES = [
    Company("alpha", "阿尔法软件有限公司", "Alpha Software", "private", ("2021", "2022")),
    Company("bravo", "布拉沃科技", "Bravo Tech", "private", ("2021", "2022")),
    Company("charlie", "查理数据集团", "Charlie Data Group", "state-owned", ("2021", "2022")),
    Company("delta", "德尔塔网络", "Delta Networks", "state-owned", ("2022",)),
    Company("echo", "回声信息技术", "Echo IT", "foreign-invested", ("2022",)),
    Company("foxtrot", "狐步云计算", "Foxtrot Cloud", "foreign-invested", ("2022",)),
    Company("golf", "高尔夫智能", "Golf AI", "private", ("2022",)),
    Company("hotel", "酒店软件", "Hotel Soft", "private", ("2022",), translated=False),
    Company("india", "印度洋数据", "India Ocean Data", "private", ("2022",)),
    Company("juliet", "朱丽叶公益科技", "Juliet Civic Tech", "social-organisation", ("2021",)),
]
BY_SLUG = {c.slug: c for c in COMPANIES}

# Hand-set statuses (company, period, indicator) -> status, None = not addressed.  Everything
# else follows the rotation in expected_status().
FIXED: dict[tuple[str, str, str], str | None] = {}
# disclosure-channels in the latest period: 3 of 10 disclose publicly; alpha only since 2022
for slug, status in [("alpha", "disclosed"), ("bravo", "disclosed"), ("charlie", "not-disclosed"),
                     ("delta", "not-disclosed"), ("echo", "disclosed"), ("foxtrot", "not-disclosed"),
                     ("golf", "not-disclosed"), ("hotel", "not-disclosed"), ("india", "omitted"), ("juliet", None)]:
    FIXED[(slug, BY_SLUG[slug].periods[-1], "disclosure-channels")] = status
FIXED[("alpha", "2021", "disclosure-channels")] = "not-disclosed"
# green-development in the latest period: 4 policy and action, 3 action only, 1 none,
# 1 omitted, 1 not addressed; alpha improves from action only (2021)
for slug, status in [("alpha", "policy-and-action"), ("bravo", "policy-and-action"), ("charlie", "action-only"),
                     ("delta", "policy-and-action"), ("echo", "action-only"), ("foxtrot", "none"),
                     ("golf", "policy-and-action"), ("hotel", "action-only"), ("india", "omitted"), ("juliet", None)]:
    FIXED[(slug, BY_SLUG[slug].periods[-1], "green-development")] = status
FIXED[("alpha", "2021", "green-development")] = "action-only"
# governance-system: 2 system and team, 5 team only, 3 no system
for slug, status in [("alpha", "system-and-team"), ("bravo", "team-only"), ("charlie", "system-and-team"),
                     ("delta", "team-only"), ("echo", "team-only"), ("foxtrot", "no-system"), ("golf", "team-only"),
                     ("hotel", "no-system"), ("india", "team-only"), ("juliet", "no-system")]:
    FIXED[(slug, BY_SLUG[slug].periods[-1], "governance-system")] = status
# history of alpha: anti-monopoly dropped, tech-ethics added, integrity now omitted
FIXED[("alpha", "2021", "anti-monopoly")] = "none"
FIXED[("alpha", "2022", "anti-monopoly")] = None
FIXED[("alpha", "2021", "tech-ethics")] = None
FIXED[("alpha", "2022", "tech-ethics")] = "policy-and-action"
FIXED[("alpha", "2021", "integrity")] = "action-only"
FIXED[("alpha", "2022", "integrity")] = "omitted"
FIXED[("alpha", "2021", "youth-online-addiction")] = "not-applicable"  # one omission for another
FIXED[("alpha", "2022", "youth-online-addiction")] = "omitted"
# alpha's developer-cultivation keeps its status; its figure changes (see FIGURES)
FIXED[("alpha", "2021", "developer-cultivation")] = "policy-and-action"
FIXED[("alpha", "2022", "developer-cultivation")] = "policy-and-action"
FIGURES = {("alpha", "2021"): 5, ("alpha", "2022"): 12}
VOLUNTEERS = {("alpha", "2021"): 40}  # a figure given in 2021 only: its change is named by its 2021 label
# foxtrot omits youth-online-addiction with an explanation that looks like a formula
FIXED[("foxtrot", "2022", "youth-online-addiction")] = "omitted"

# an explanation a spreadsheet would run as a formula if the CSV did not escape it
HOSTILE_EXPLANATION = '=HYPERLINK("https://evil.example/","点这里")'


def expected_status(company: Company, period: str, indicator_id: str) -> str | None:
    """The status the fixture gives ``company`` for ``indicator_id`` in ``period`` (None: not addressed)."""
    key = (company.slug, period, indicator_id)
    if key in FIXED:
        return FIXED[key]
    index = [i.id for i in INDICATORS].index(indicator_id)
    indicator = INDICATORS[index]
    options = list(indicator.statuses) + ["omitted", "not-applicable", None]
    number = COMPANIES.index(company)
    return options[(number * 2 + index * 5 + (0 if period == "2022" else 1)) % len(options)]


def explanation(company: Company, indicator_id: str) -> str:
    if (company.slug, indicator_id) == ("foxtrot", "youth-online-addiction"):
        return HOSTILE_EXPLANATION
    return f"{company.zh}暂不披露该指标。"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def zh_page(company: Company, period: str) -> str:
    lines = ["---", f"title: {_q(f'{company.zh} {period} 年度社会责任声明')}", f"summary: {_q(company.zh + '的社会责任。')}",
             "framework: tbsia-003-2022", f"published: {int(period) + 1}-03-01", "claims:"]
    for indicator in INDICATORS:
        status = expected_status(company, period, indicator.id)
        if status is None:
            continue
        lines += [f"  - indicator: {indicator.id}", f"    status: {status}"]
        if FRAMEWORK.statuses[status].omission:
            reason = "not-applicable" if status == "not-applicable" else "information-unavailable"
            lines += [f"    reason: {reason}", f"    explanation: {_q(explanation(company, indicator.id))}"]
        else:
            lines.append("    section: practice")
        if indicator.id == "developer-cultivation" and (company.slug, period) in FIGURES:
            lines += ["    evidence:", "      - url: \"https://example.com/oss\"", "        title: \"开源仓库\"",
                      "    figures:", "      - name: repos", f"        value: {FIGURES[(company.slug, period)]}",
                      "        unit: \"个\"", "        label: \"开源项目数\""]
            if (company.slug, period) in VOLUNTEERS:
                lines += ["      - name: volunteers", f"        value: {VOLUNTEERS[(company.slug, period)]}",
                          "        label: \"志愿者人数\""]
    lines += ["---", "", f"{company.zh}的介绍。", "", "## 实践 {#practice}", "", "我们的做法。", ""]
    return "\n".join(lines)


def en_page(company: Company, period: str) -> str:
    omitted = [i.id for i in INDICATORS
               if (s := expected_status(company, period, i.id)) is not None and FRAMEWORK.statuses[s].omission]
    lines = ["---", f"title: {_q(f'{company.en} CSR statement {period}')}", f"summary: {_q(company.en + ' and CSR.')}"]
    if omitted:
        lines.append("explanations:")
        lines += [f"  {i}: {_q(f'{company.en} does not disclose this yet.')}" for i in omitted]
    if (company.slug, period) in FIGURES:
        lines += ["figure_labels:", "  repos: \"Open-source projects\""]
        lines += ["  volunteers: \"Volunteers\""] if (company.slug, period) in VOLUNTEERS else []
        lines += ["figure_units:", "  repos: \"projects\"",
                  "evidence_titles:", "  \"https://example.com/oss\": \"Open-source repositories\""]
    lines += ["---", "", f"About {company.en}.", "", "## Practice {#practice}", "", "What we do.", ""]
    return "\n".join(lines)


def company_yml(company: Company) -> str:
    return (f"name:\n  zh: {_q(company.zh)}\n  en: {_q(company.en)}\ntype: {company.type}\n"
            f"website: \"https://{company.slug}.example\"\n")


def files() -> dict[str, str]:
    result = {}
    for company in COMPANIES:
        result[f"disclosures/{company.slug}/company.yml"] = company_yml(company)
        for period in company.periods:
            result[f"disclosures/{company.slug}/{period}.zh.md"] = zh_page(company, period)
            if company.translated:
                result[f"disclosures/{company.slug}/{period}.en.md"] = en_page(company, period)
    return result


def write(root: Path) -> Path:
    return write_tree(root, files())


# -- what the tests expect, counted here ---------------------------------------------------

def latest() -> list[tuple[Company, str]]:
    return [(c, c.periods[-1]) for c in COMPANIES]


def all_disclosures() -> list[tuple[Company, str]]:
    return [(c, p) for c in sorted(COMPANIES, key=lambda c: c.slug) for p in c.periods]


def half_up(count: int, total: int) -> str:
    """count/total as a percentage with one decimal, rounded half up, by integer arithmetic."""
    tenths = (count * 1000 * 2 + total) // (2 * total)
    return f"{tenths // 10}.{tenths % 10}"
