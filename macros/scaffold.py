"""`csr new`: scaffold a company's disclosure pages with every indicator listed, ready to fill."""

from __future__ import annotations

import re
from pathlib import Path

from .framework import Framework
from .registry import COMPANY_SLUG, DISCLOSURES_DIR


class ScaffoldError(Exception):
    pass


def company_yml(slug: str, framework: Framework) -> str:
    types = " | ".join(framework.organisation_types)
    return (
        "name:\n"
        '  zh: "（公司中文全称）"\n'
        f'  en: "{slug}"\n'
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
        '#         title: "证据标题"',
        "#   - indicator: youth-online-addiction",
        "#     status: not-applicable       # or omitted / 或 omitted",
        "#     reason: not-applicable       # " + " | ".join(framework.reasons),
        '#     explanation: "说明理由"',
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
        'summary: "（一两句摘要）"\n'
        f"framework: {framework.id}\n"
        f"published: {int(period) + 1}-01-31  # publication date / 发布日期\n"
        f"{_claims_comment(framework)}\n"
        "---\n\n"
        "（公司简介）\n\n"
        "## 概述 {#overview}\n\n"
        "（在这里讲述你们做了什么；每条声明的 section 指向一个标题锚点。）\n"
    )


def english_page(period: str) -> str:
    return (
        "---\n"
        f'title: "CSR statement {period}"\n'
        'summary: "(one or two sentences)"\n'
        "# explanations:        # English explanation for each omitted claim, by indicator id\n"
        '#   youth-online-addiction: "..."\n'
        "# figure_labels:       # English label for each labelled figure, by figure name\n"
        '#   rural-schools: "..."\n'
        "# figure_units:        # English unit of each figure whose unit is Chinese, by figure name\n"
        '#   rural-schools: "schools"\n'
        "# evidence_titles:     # English title of each evidence whose title is Chinese, by its URL\n"
        '#   "https://example.com/csr-2022.pdf": "..."\n'
        "---\n\n"
        "(About the company)\n\n"
        "## Overview {#overview}\n\n"
        "(The English text of each section, with the same anchors as the Chinese page.)\n"
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
