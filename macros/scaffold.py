"""`csr new`: scaffold a company's disclosure pages with every indicator listed, ready to fill."""

from __future__ import annotations

import re
from pathlib import Path

from . import placeholders as ph
from .framework import Framework
from .registry import COMPANY_SLUG, DISCLOSURES_DIR


class ScaffoldError(Exception):
    pass


# Every text the user must replace is a placeholder of macros.placeholders: `csr check` reports
# each one left (CSR207, CSR409), so an untouched scaffold can never be published.

def company_yml(slug: str, framework: Framework) -> str:
    types = " | ".join(framework.organisation_types)
    return (
        "name:\n"
        f'  zh: "{ph.COMPANY_NAME_ZH.text}"\n'
        f'  en: "{ph.COMPANY_NAME_EN.text}"\n'
        f"type: private  # one of / 取值之一: {types}\n"
        '# website: "https://example.com"\n'
    )


def _claims_comment(framework: Framework) -> str:
    lines = [
        "claims: []",
        "# Replace [] with one claim per indicator / 把 [] 换成每个指标一条声明, e.g.:",
        "#   - indicator: developer-cultivation",
        "#     status: policy-and-action",
        "#     section: open-source          # anchor of a heading below / 正文标题的锚点",
        "#     evidence:",
        '#       - url: "https://example.com/report.pdf"',
        f'#         title: "{ph.EVIDENCE_TITLE.text}"',
        "#   - indicator: youth-online-addiction",
        "#     status: not-applicable       # or omitted / 或 omitted",
        "#     reason: not-applicable       # " + " | ".join(framework.reasons),
        f'#     explanation: "{ph.EXPLANATION.text}"',
        "#",
        "# Indicators of / 指标体系 " + framework.standard + ":",
    ]
    for topic in framework.topics:
        for indicator in topic.indicators:
            statuses = " | ".join(indicator.statuses)
            lines.append(f"#   {indicator.id:<32} {indicator.code:<7} {indicator.name.zh} / {indicator.name.en}")
            lines.append(f"#   {'':<32} statuses: {statuses}")
    return "\n".join(lines)


def chinese_page(period: str, framework: Framework) -> str:
    return (
        "---\n"
        f'title: "{period} 年度社会责任声明"\n'
        f'summary: "{ph.SUMMARY_ZH.text}"\n'
        f"framework: {framework.id}\n"
        f"published: {int(period) + 1}-01-31  # publication date / 发布日期\n"
        f"{_claims_comment(framework)}\n"
        "---\n\n"
        f"{ph.ABOUT_ZH.text}\n\n"
        "## 概述 {#overview}\n\n"
        f"{ph.SECTION_ZH.text}\n"
    )


def english_page(period: str) -> str:
    return (
        "---\n"
        f'title: "CSR statement {period}"\n'
        f'summary: "{ph.SUMMARY_EN.text}"\n'
        "# explanations:        # English explanation for each omitted claim, by indicator id\n"
        f'#   youth-online-addiction: "{ph.TRANSLATION.text}"\n'
        "# figure_labels:       # English label for each labelled figure, by figure name\n"
        f'#   rural-schools: "{ph.TRANSLATION.text}"\n'
        "# figure_units:        # English unit of each figure whose unit is Chinese, by figure name\n"
        '#   rural-schools: "schools"\n'
        "# evidence_titles:     # English title of each evidence whose title is Chinese, by its URL\n"
        f'#   "https://example.com/csr-2022.pdf": "{ph.TRANSLATION.text}"\n'
        "---\n\n"
        f"{ph.ABOUT_EN.text}\n\n"
        "## Overview {#overview}\n\n"
        f"{ph.SECTION_EN.text}\n"
    )


def scaffold(root: Path, slug: str, period: str, framework: Framework) -> list[Path]:
    """Write the pages of a new period (and company.yml if missing); never overwrite a file."""
    if not COMPANY_SLUG.match(slug):
        raise ScaffoldError(f"company id {slug!r} must be lowercase letters, digits and hyphens, e.g. example-soft")
    if not re.fullmatch(r"[0-9]{4}", period):
        raise ScaffoldError(f"--period must be a year like 2024, got {period!r}")
    folder = root / DISCLOSURES_DIR / slug
    files = {
        folder / f"{period}.zh.md": chinese_page(period, framework),
        folder / f"{period}.en.md": english_page(period),
    }
    if not (folder / "company.yml").exists():
        files[folder / "company.yml"] = company_yml(slug, framework)
    existing = [path for path in files if path.exists()]
    if existing:
        raise ScaffoldError("refusing to overwrite " + ", ".join(str(p.relative_to(root)) for p in existing))
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return sorted(files)
