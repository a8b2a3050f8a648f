"""Downloads: the dataset as JSON and CSV, per-company JSON and the front-matter schemas.

The expected rows and values come from the fixture's own tables (:mod:`synthetic_registry`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import synthetic_registry as syn
from macros.registry import load_registry
from macros.site import exports
from synthetic_registry import COMPANIES, FRAMEWORK, INDICATORS, expected_status


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return syn.write(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def registry(root):
    loaded = load_registry(root)
    assert loaded.errors == []
    return loaded


def spreadsheet_rows(data: bytes) -> list[dict[str, str]]:
    """Read the CSV the way a spreadsheet does: UTF-8 because of the BOM, CRLF rows."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_company_period_and_indicator_including_unaddressed_ones(registry):
    data = exports.csv_text(registry).encode("utf-8")
    rows = spreadsheet_rows(data)
    expected_keys = [(c.slug, p, i.id) for c, p in syn.all_disclosures() for i in INDICATORS]
    assert [(r["company"], r["period"], r["indicator"]) for r in rows] == expected_keys  # 13 disclosures × 23
    assert len(rows) == 13 * 23
    for row in rows:
        company = syn.BY_SLUG[row["company"]]
        status = expected_status(company, row["period"], row["indicator"])
        assert row["status"] == (status or "not-addressed")
        rank = FRAMEWORK.statuses[status].rank if status else None
        assert row["status_rank"] == ("" if rank is None else str(rank))
        assert row["indicator_code"] == FRAMEWORK.indicators[row["indicator"]].code
        assert row["company_name_zh"] == company.zh and row["company_name_en"] == company.en  # Chinese intact
        assert row["organisation_type"] == company.type
        assert row["published"] == f"{int(row['period']) + 1}-03-01"
        omitted = bool(status) and FRAMEWORK.statuses[status].omission
        assert bool(row["reason"]) == omitted and bool(row["explanation_zh"]) == omitted
        assert row["section"] == ("practice" if status and not omitted else "")
        assert row["translation"] == ("complete" if company.translated else "missing")
    lines = data.split(b"\r\n")
    assert len(lines) == 1 + 13 * 23 + 1 and lines[-1] == b""  # header, rows, final CRLF
    assert lines[0].decode("utf-8-sig").split(",") == exports.CSV_COLUMNS


def test_csv_values_figures_evidence_and_translations(registry):
    rows = {(r["company"], r["period"], r["indicator"]): r for r in spreadsheet_rows(exports.csv_text(registry).encode())}
    alpha = rows[("alpha", "2022", "developer-cultivation")]
    assert alpha["figures"] == "repos=12 个" and alpha["evidence_urls"] == "https://example.com/oss"
    assert rows[("alpha", "2021", "developer-cultivation")]["figures"] == "repos=5 个; volunteers=40"
    omitted = [r for r in rows.values() if r["reason"]]
    translated = [r for r in omitted if syn.BY_SLUG[r["company"]].translated]
    assert translated and all(r["explanation_en"] == f"{syn.BY_SLUG[r['company']].en} does not disclose this yet."
                              for r in translated)
    # hotel has no English page: its English explanation is empty, not the Chinese text
    hotel = [r for r in omitted if r["company"] == "hotel"]
    assert hotel and all(r["explanation_en"] == "" and r["explanation_zh"] for r in hotel)


def test_csv_text_that_looks_like_a_formula_is_shown_as_text(registry):
    rows = spreadsheet_rows(exports.csv_text(registry).encode())
    row = next(r for r in rows if (r["company"], r["indicator"]) == ("foxtrot", "youth-online-addiction"))
    assert row["explanation_zh"] == "'" + syn.HOSTILE_EXPLANATION
    assert not any(value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())
    # the JSON keeps the text as written
    record = json.loads(exports.json_bytes(exports.dataset(registry)))
    foxtrot = next(c for c in record["companies"] if c["id"] == "foxtrot")
    claim = next(c for c in foxtrot["disclosures"][0]["claims"] if c["indicator"] == "youth-online-addiction")
    assert claim["explanation"]["zh"] == syn.HOSTILE_EXPLANATION
    assert exports.spreadsheet_text("-5") == "'-5" and exports.spreadsheet_text("5-") == "5-"


def test_json_dataset_holds_every_disclosure_and_claim(registry):
    data = json.loads(exports.json_bytes(exports.dataset(registry)))
    assert data["format"] == "csr-disclosures/1" and data["frameworks"] == ["tbsia-003-2022"]
    assert [c["id"] for c in data["companies"]] == sorted(c.slug for c in COMPANIES)
    for record in data["companies"]:
        company = syn.BY_SLUG[record["id"]]
        assert record["name"] == {"zh": company.zh, "en": company.en} and record["type"] == company.type
        assert [d["period"] for d in record["disclosures"]] == list(company.periods)
        for disclosure in record["disclosures"]:
            assert [c["indicator"] for c in disclosure["claims"]] == [i.id for i in INDICATORS]
            assert [c["status"] for c in disclosure["claims"]] == [
                expected_status(company, disclosure["period"], i.id) or "not-addressed" for i in INDICATORS]
            assert disclosure["title"]["zh"] == f"{company.zh} {disclosure['period']} 年度社会责任声明"
            if company.translated:
                assert disclosure["title"]["en"] == f"{company.en} CSR statement {disclosure['period']}"
            else:
                assert disclosure["title"]["en"] is None and disclosure["translation"] == "missing"
    alpha = data["companies"][0]["disclosures"][1]
    figure = next(c for c in alpha["claims"] if c["indicator"] == "developer-cultivation")["figures"][0]
    assert figure == {"name": "repos", "value": 12, "unit": "个", "unit_en": "projects",
                      "label": {"zh": "开源项目数", "en": "Open-source projects"}}
    evidence = next(c for c in alpha["claims"] if c["indicator"] == "developer-cultivation")["evidence"][0]
    assert evidence == {"url": "https://example.com/oss", "title": "开源仓库", "title_en": "Open-source repositories"}


def test_downloads_are_written_deterministically_at_their_stable_paths(registry, root, tmp_path):
    first = exports.write_downloads(registry, tmp_path / "a")
    second = exports.write_downloads(load_registry(root), tmp_path / "b")  # loaded again from the files
    assert first == second == sorted(
        ["downloads/registry.json", "downloads/registry.csv"]
        + [f"downloads/companies/{c.slug}.json" for c in COMPANIES]
        + [f"downloads/schema/{name}.schema.json" for name in ("company", "disclosure-en", "disclosure-zh")])
    for rel in first:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    whole = json.loads((tmp_path / "a/downloads/registry.json").read_text(encoding="utf-8"))
    for record in whole["companies"]:
        single = json.loads((tmp_path / f"a/downloads/companies/{record['id']}.json").read_text(encoding="utf-8"))
        assert single == record
    assert whole == json.loads(exports.json_bytes(exports.dataset(registry)))
    # Chinese is written as UTF-8 text, not \\u escapes
    assert "阿尔法软件有限公司" in (tmp_path / "a/downloads/registry.json").read_text(encoding="utf-8")


def front_matter(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    if "published" in data:
        data["published"] = data["published"].isoformat()
    return data


def test_published_schemas_accept_the_fixture_and_reject_mistakes(registry, root, tmp_path):
    exports.write_downloads(registry, tmp_path)
    schema_dir = tmp_path / "downloads" / "schema"
    schemas = {name: json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))
               for name in ("company", "disclosure-zh", "disclosure-en")}
    checked = 0
    for company in COMPANIES:
        folder = root / "disclosures" / company.slug
        jsonschema.validate(yaml.safe_load((folder / "company.yml").read_text(encoding="utf-8")), schemas["company"])
        for period in company.periods:
            jsonschema.validate(front_matter(folder / f"{period}.zh.md"), schemas["disclosure-zh"])
            if company.translated:
                jsonschema.validate(front_matter(folder / f"{period}.en.md"), schemas["disclosure-en"])
            checked += 1
    assert checked == 13
    bad = front_matter(root / "disclosures/alpha/2022.zh.md")
    bad["claims"][0]["status"] = "sort-of"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schemas["disclosure-zh"])
