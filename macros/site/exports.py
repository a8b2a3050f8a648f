"""Machine-readable downloads: the whole dataset as JSON and CSV, per-company JSON, schemas.

Deterministic: companies, periods and indicators in a fixed order, no timestamps.  The CSV is
UTF-8 with a byte-order mark so that spreadsheet programs open the Chinese text correctly.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..jsonschema import build_schemas
from ..model import Disclosure, Registry
from .stats import NOT_ADDRESSED

CSV_COLUMNS = [
    "company", "company_name_zh", "company_name_en", "organisation_type", "period", "published", "framework",
    "indicator_code", "indicator", "status", "status_rank", "section", "reason", "explanation_zh",
    "explanation_en", "evidence_urls", "figures",
]


def disclosure_record(d: Disclosure) -> dict[str, Any]:
    claims = []
    for topic in d.framework.topics:
        for indicator in topic.indicators:
            claim = d.claim_for(indicator.id)
            record: dict[str, Any] = {"indicator": indicator.id, "code": indicator.code,
                                      "status": claim.status if claim else NOT_ADDRESSED}
            if claim:
                if claim.section:
                    record["section"] = claim.section
                if claim.reason:
                    record["reason"] = claim.reason
                    record["explanation"] = {"zh": claim.explanation, "en": d.explanation(claim, "en")}
                if claim.evidence:
                    record["evidence"] = [{"url": e.url, "title": e.title} for e in claim.evidence]
                if claim.figures:
                    record["figures"] = [{"name": f.name, "value": f.value, "unit": f.unit,
                                          "label": {"zh": f.label, "en": d.figure_label(f, "en")}}
                                         for f in claim.figures]
            claims.append(record)
    return {
        "period": d.period,
        "published": d.published.isoformat(),
        "framework": d.framework.id,
        "title": {"zh": d.title("zh"), "en": d.title("en")},
        "summary": {"zh": d.summary("zh"), "en": d.summary("en")},
        "translation": "missing" if d.en is None else ("complete" if d.en.complete else "incomplete"),
        "claims": claims,
    }


def company_record(registry: Registry, slug: str) -> dict[str, Any]:
    company = registry.companies[slug]
    return {
        "id": slug,
        "name": {"zh": company.name.zh, "en": company.name.en},
        "type": company.type,
        "website": company.website,
        "disclosures": [disclosure_record(d) for d in registry.periods(slug)],
    }


def dataset(registry: Registry) -> dict[str, Any]:
    slugs = [slug for slug in sorted(registry.companies) if registry.periods(slug)]
    return {
        "format": "csr-disclosures/1",
        "frameworks": sorted({d.framework.id for d in registry.disclosures}),
        "companies": [company_record(registry, slug) for slug in slugs],
    }


def csv_rows(registry: Registry) -> list[list[str]]:
    rows = []
    for slug in sorted(registry.companies):
        company = registry.companies[slug]
        for d in registry.periods(slug):
            for topic in d.framework.topics:
                for indicator in topic.indicators:
                    claim = d.claim_for(indicator.id)
                    status = claim.status if claim else NOT_ADDRESSED
                    rank = d.framework.statuses[status].rank if status in d.framework.statuses else None
                    rows.append([
                        slug, company.name.zh, company.name.en, company.type, d.period, d.published.isoformat(),
                        d.framework.id, indicator.code, indicator.id, status, "" if rank is None else str(rank),
                        claim.section if claim else "", claim.reason if claim else "",
                        claim.explanation if claim else "", d.explanation(claim, "en") if claim and claim.reason else "",
                        " ".join(e.url for e in claim.evidence) if claim else "",
                        "; ".join(f"{f.name}={f.value}{(' ' + f.unit) if f.unit else ''}" for f in claim.figures)
                        if claim else "",
                    ])
    return rows


def csv_text(registry: Registry) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(registry))
    return "\ufeff" + buffer.getvalue()


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_downloads(registry: Registry, site_dir: Path) -> list[str]:
    """Write every download under ``site_dir/downloads``; return their site-relative paths."""
    out = site_dir / "downloads"
    files: dict[str, bytes] = {
        "registry.json": _json(dataset(registry)),
        "registry.csv": csv_text(registry).encode("utf-8"),
    }
    for slug in sorted(registry.companies):
        if registry.periods(slug):
            files[f"companies/{slug}.json"] = _json(company_record(registry, slug))
    for name, schema in build_schemas(registry.frameworks).items():
        files[f"schema/{name}.schema.json"] = _json(schema)
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sorted(f"downloads/{rel}" for rel in files)
