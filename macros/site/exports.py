"""Machine-readable downloads: the whole dataset as JSON and CSV, per-company JSON, schemas.

Files and URLs (below the site root, the same for every language):

* ``downloads/registry.json`` — every company and disclosure (:func:`dataset`);
* ``downloads/registry.csv`` — one row per company × period × indicator, indicators a
  disclosure does not address included with status ``not-addressed`` (:data:`CSV_COLUMNS`);
* ``downloads/companies/<id>.json`` — one company (the same record as in ``registry.json``);
* ``downloads/schema/<name>.schema.json`` — JSON Schemas of the front matter
  (:func:`macros.jsonschema.build_schemas`).

Deterministic: companies by id, periods oldest first, indicators in framework order, no
timestamps, so the same registry gives the same bytes.  English text is given only where the
English page provides it (``null`` in JSON, empty in CSV otherwise), never the Chinese text
under an English key.

The CSV is UTF-8 with a byte-order mark and CRLF line ends, so Excel and WPS open it with the
Chinese text intact.  Disclosures are untrusted: a text cell that starts with ``=``, ``+``,
``-``, ``@``, tab or carriage return is prefixed with an apostrophe, so that a spreadsheet
shows it as text instead of running it as a formula ("CSV injection").  ``registry.json`` keeps
every value exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..jsonschema import build_schemas
from ..model import Claim, Disclosure, Registry
from .stats import NOT_ADDRESSED

FORMAT = "csr-disclosures/1"

CSV_COLUMNS = [
    "company", "company_name_zh", "company_name_en", "organisation_type", "period", "published", "framework",
    "translation", "indicator_code", "indicator", "status", "status_rank", "section", "reason",
    "explanation_zh", "explanation_en", "evidence_urls", "figures",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def translation_state(d: Disclosure) -> str:
    if d.en is None:
        return "missing"
    return "complete" if d.en.complete else "incomplete"


def _explanation_en(d: Disclosure, claim: Claim) -> str | None:
    return d.en.explanations.get(claim.indicator) if d.en is not None else None


def disclosure_record(d: Disclosure) -> dict[str, Any]:
    claims = []
    en = d.en
    by_indicator = {claim.indicator: claim for claim in d.claims}
    for topic in d.framework.topics:
        for indicator in topic.indicators:
            claim = by_indicator.get(indicator.id)
            record: dict[str, Any] = {"indicator": indicator.id, "code": indicator.code,
                                      "status": claim.status if claim else NOT_ADDRESSED}
            if claim:
                if claim.section:
                    record["section"] = claim.section
                if claim.reason:
                    record["reason"] = claim.reason
                    record["explanation"] = {"zh": claim.explanation, "en": _explanation_en(d, claim)}
                if claim.evidence:  # title_en: the English page's translation (evidence_titles), if any
                    record["evidence"] = [{"url": e.url, "title": e.title,
                                           "title_en": en.evidence_titles.get(e.url) if en is not None else None}
                                          for e in claim.evidence]
                if claim.figures:  # unit_en: the English page's translation (figure_units), if any
                    record["figures"] = [{"name": f.name, "value": f.value, "unit": f.unit,
                                          "unit_en": en.figure_units.get(f.name) if en is not None else None,
                                          "label": {"zh": f.label,
                                                    "en": en.figure_labels.get(f.name) if en is not None else None}}
                                         for f in claim.figures]
            claims.append(record)
    return {
        "period": d.period,
        "published": d.published.isoformat(),
        "framework": d.framework.id,
        "title": {"zh": d.zh.title, "en": en.page.title if en is not None else None},
        "summary": {"zh": d.zh.summary, "en": en.page.summary if en is not None else None},
        "translation": translation_state(d),
        "claims": claims,
    }


def company_record(registry: Registry, slug: str, periods: list[Disclosure] | None = None) -> dict[str, Any]:
    company = registry.companies[slug]
    return {
        "id": slug,
        "name": {"zh": company.name.zh, "en": company.name.en},
        "type": company.type,
        "website": company.website,
        "disclosures": [disclosure_record(d) for d in (registry.periods(slug) if periods is None else periods)],
    }


def dataset(registry: Registry) -> dict[str, Any]:
    """The whole registry: companies with at least one disclosure, by id."""
    return {
        "format": FORMAT,
        "frameworks": sorted({d.framework.id for d in registry.disclosures}),
        "companies": [company_record(registry, slug, periods) for slug, periods in registry.by_company().items()],
    }


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character is escaped with ``'``."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_rows(registry: Registry) -> list[list[str]]:
    rows = []
    for slug, periods in registry.by_company().items():
        company = registry.companies[slug]
        for d in periods:
            translation = translation_state(d)
            by_indicator = {claim.indicator: claim for claim in d.claims}
            for topic in d.framework.topics:
                for indicator in topic.indicators:
                    claim = by_indicator.get(indicator.id)
                    status = claim.status if claim else NOT_ADDRESSED
                    rank = d.framework.statuses[status].rank if status in d.framework.statuses else None
                    explanation_en = (_explanation_en(d, claim) or "") if claim and claim.reason else ""
                    figures = "; ".join(f"{f.name}={f.value}{(' ' + f.unit) if f.unit else ''}"
                                        for f in claim.figures) if claim else ""
                    rows.append([
                        slug, spreadsheet_text(company.name.zh), spreadsheet_text(company.name.en), company.type,
                        d.period, d.published.isoformat(), d.framework.id, translation, indicator.code,
                        indicator.id, status, "" if rank is None else str(rank),
                        claim.section if claim else "", claim.reason if claim else "",
                        spreadsheet_text(claim.explanation) if claim else "", spreadsheet_text(explanation_en),
                        " ".join(e.url for e in claim.evidence) if claim else "", spreadsheet_text(figures),
                    ])
    return rows


def csv_text(registry: Registry) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(registry))
    return "\ufeff" + buffer.getvalue()


def json_bytes(data: Any, pretty: bool = False) -> bytes:
    """UTF-8 JSON (Chinese as text).  Data files are compact: with ``indent`` the json module
    falls back to its pure-Python encoder, several times slower on a large registry."""
    if pretty:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def download_files(registry: Registry, site_url: str | None = None) -> dict[str, bytes]:
    """Every download: path below ``downloads/`` -> bytes (schemas identified by their
    address below ``site_url``)."""
    whole = dataset(registry)
    files = {f"companies/{record['id']}.json": json_bytes(record) for record in whole["companies"]}
    files["registry.json"] = json_bytes(whole)
    files["registry.csv"] = csv_text(registry).encode("utf-8")
    for name, schema in build_schemas(registry.frameworks, site_url).items():
        files[f"schema/{name}.schema.json"] = json_bytes(schema, pretty=True)
    return dict(sorted(files.items()))


def write_downloads(registry: Registry, site_dir: Path, site_url: str | None = None,
                    files: dict[str, bytes] | None = None) -> list[str]:
    """Write every download (``files``, default :func:`download_files`) under
    ``site_dir/downloads``; return their site-relative paths."""
    out = site_dir / "downloads"
    files = download_files(registry, site_url) if files is None else files
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return [f"downloads/{rel}" for rel in files]
