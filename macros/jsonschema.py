"""JSON Schema (2020-12) of the disclosure format, generated from macros.schema and the frameworks.

Editors use it for completion and inline errors; the site publishes it under downloads/schema/.
The checker (``csr check``) stays the authority: it also checks what a schema cannot say
(sections that must exist in the body, translations that must match, YAML 1.1 ambiguities).
"""

from __future__ import annotations

from typing import Any

from .languages import CODES
from .framework import Framework
from .schema import CHINESE_PAGE, COMPANY, ENGLISH_PAGE, Field, Spec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = "downloads/schema/"  # where a site publishes them (macros.site.exports)


def _field_schema(field_: Field, enums: dict[str, list[str]]) -> dict[str, Any]:
    description = f"{field_.en} / {field_.zh}"
    kind = field_.kind
    schema: dict[str, Any]
    if kind == "text":
        schema = {"type": "string", "minLength": 1, "pattern": r"\S"}
    elif kind == "slug":
        schema = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
    elif kind == "choice":
        schema = {"type": "string"}
    elif kind == "anchor":
        schema = {"type": "string", "pattern": r"^[^\s#{}<>\"']+$"}
    elif kind == "date":
        schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif kind == "url":
        schema = {"type": "string", "format": "uri", "pattern": r"^https?://\S+$"}
    elif kind == "number":
        schema = {"type": "number"}
    elif kind == "list":
        schema = {"type": "array", "items": _object_schema(field_.fields, enums)}
    elif kind == "text-map":
        schema = {"type": "object", "propertyNames": {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                  "additionalProperties": {"type": "string", "minLength": 1}}
    elif kind == "url-text-map":
        schema = {"type": "object", "propertyNames": {"pattern": r"^https?://\S+$"},
                  "additionalProperties": {"type": "string", "minLength": 1}}
    elif kind == "lang-text":
        schema = {"type": "object", "required": list(CODES), "additionalProperties": False,
                  "properties": {code: {"type": "string", "minLength": 1} for code in CODES}}
    else:  # pragma: no cover - every kind is listed above
        raise AssertionError(kind)
    if field_.name in enums:
        schema["enum"] = enums[field_.name]
    schema["description"] = description
    return schema


def _object_schema(fields: tuple[Field, ...], enums: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _field_schema(f, enums) for f in fields},
    }


def _document(spec: Spec, name: str, title: str, enums: dict[str, list[str]], site_url: str | None) -> dict[str, Any]:
    """A schema; its ``$id`` is its address on the site at ``site_url`` (none without a site)."""
    schema = _object_schema(spec.fields, enums)
    identity = {"$id": site_url.rstrip("/") + f"/{SCHEMA_PATH}{name}.schema.json"} if site_url else {}
    return {"$schema": DRAFT, **identity, "title": title, **schema}


def build_schemas(frameworks: dict[str, Framework], site_url: str | None = None) -> dict[str, dict[str, Any]]:
    """Schemas by name: ``disclosure-zh``, ``disclosure-en``, ``company``; with ``site_url``,
    each carries its published address as ``$id``."""
    ordered = [frameworks[key] for key in sorted(frameworks)]
    enums = {
        "framework": [f.id for f in ordered],
        "indicator": sorted({i for f in ordered for i in f.indicators}),
        "status": sorted({s for f in ordered for s in f.statuses}),
        "reason": sorted({r for f in ordered for r in f.reasons}),
        "type": sorted({t for f in ordered for t in f.organisation_types}),
    }
    return {
        "disclosure-zh": _document(CHINESE_PAGE, "disclosure-zh", "CSR disclosure, Chinese page (facts)", enums,
                                   site_url),
        "disclosure-en": _document(ENGLISH_PAGE, "disclosure-en", "CSR disclosure, English page (translation)",
                                   {}, site_url),
        "company": _document(COMPANY, "company", "CSR registry company identity (company.yml)", enums,
                              site_url),
    }
