"""`csr fmt`: normalise front matter with ruamel.yaml round-trip, keeping comments and the body.

Canonical form: keys in the order of the format reference (macros.schema), two-space
indentation with list dashes indented under their key, free text in double quotes,
identifiers, numbers and dates plain.  The Markdown body is kept byte for byte.  Files that do
not pass the strict reader are left alone and reported with the checker's diagnostics.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString

from . import frontmatter, yamlstrict
from .diagnostics import Diagnostic
from .schema import CHINESE_PAGE, COMPANY, ENGLISH_PAGE, Field

TEXT_KINDS = {"text", "url", "lang-text", "text-map", "url-text-map"}


@dataclass
class FormatResult:
    path: Path
    original: bytes
    formatted: bytes | None  # None when the file could not be formatted
    problems: list[Diagnostic]

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


def _scalar(value, quoted: bool):
    if not isinstance(value, str):
        return value
    if quoted:
        return DoubleQuotedScalarString(value)
    try:
        plain_is_same = yamlstrict.resolve_plain(value) == value if value else False
    except Exception:
        plain_is_same = False
    return PlainScalarString(value) if plain_is_same else DoubleQuotedScalarString(value)


def _normalise(node, fields: tuple[Field, ...] | None, quoted: bool = False):
    """Reorder mapping keys by ``fields`` (unknown keys keep their order, after known ones)."""
    if isinstance(node, CommentedMap):
        by_name = {f.name: f for f in fields or ()}
        order = [f.name for f in fields or () if f.name in node] + [k for k in node if k not in by_name]
        result = CommentedMap()
        for key in order:
            field_ = by_name.get(key)
            if field_ is not None and field_.kind in ("list",):
                value = _normalise(node[key], field_.fields)
            elif field_ is not None and field_.kind in ("lang-text", "text-map", "url-text-map"):
                value = _normalise(node[key], None, quoted=True)
            else:
                value = _normalise(node[key], None, quoted=quoted or (field_ is not None and field_.kind in TEXT_KINDS))
            result[key] = value
            if key in node.ca.items:
                result.ca.items[key] = node.ca.items[key]
        result.ca.comment = node.ca.comment
        if node.ca.end:
            result.ca.end = node.ca.end
        return result
    if isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            node[index] = _normalise(item, fields, quoted)
        return node
    return _scalar(node, quoted)


def _spec_for(path: Path):
    if path.name == "company.yml":
        return COMPANY
    return ENGLISH_PAGE if path.name.endswith(".en.md") else CHINESE_PAGE


def format_bytes(raw: bytes, path: Path, display: str) -> FormatResult:
    is_page = path.suffix == ".md"
    document = frontmatter.load_page(raw, display) if is_page else frontmatter.load_data(raw, display)
    errors = [p for p in document.problems if p.is_error]
    if errors or document.data is None:
        return FormatResult(path, raw, None, errors or document.problems)
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    if is_page:
        yaml_text, _, body, _, _ = frontmatter.split(text, display)
    else:
        yaml_text, body = text, None
    yaml = _yaml()
    data = yaml.load(yaml_text)
    data = _normalise(data, _spec_for(path).fields)
    out = io.StringIO()
    yaml.dump(data, out)
    dumped = out.getvalue()
    formatted = f"---\n{dumped}---\n{body}" if is_page else dumped
    return FormatResult(path, raw, formatted.encode("utf-8"), [])


def format_file(path: Path, display: str) -> FormatResult:
    return format_bytes(path.read_bytes(), path, display)
