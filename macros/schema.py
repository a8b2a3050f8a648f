"""The disclosure format: every key, its type, whether it is a fact, and what it means.

One declarative description drives type checking (:func:`check`), the JSON Schema export
(:mod:`macros.jsonschema`) and the format reference in the README.  Allowed values that come
from the framework (indicators, statuses, reasons) are checked in :mod:`macros.validate`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from . import diagnostics as diag
from .frontmatter import type_name
from .limits import is_invisible
from .yamlstrict import MAX_DIGITS
from .yamlstrict import Positions

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ANCHOR = re.compile(r"[^\s#{}<>\"']+\Z")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | slug | anchor | date | url | number | choice | mapping | list | text-map | lang-text
    required: bool = False
    fact: bool = True
    zh: str = ""
    en: str = ""
    example: str = ""
    fields: tuple["Field", ...] = ()  # for mapping, and for list items (a mapping)
    choices: tuple[str, ...] = ()  # for fixed vocabularies known without a framework


@dataclass(frozen=True)
class Spec:
    """A mapping: its fields by name."""

    name: str
    fields: tuple[Field, ...]

    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


EVIDENCE = (
    Field("url", "url", True, zh="证据的完整 http(s) 链接", en="full http(s) link to the evidence",
          example='url: "https://example.com/csr-2022.pdf"'),
    Field("title", "text", True, zh="证据标题；英文标题写在英文页 evidence_titles",
          en="title of the evidence; the English one goes in the English page's evidence_titles",
          example='title: "2022 年社会责任报告"'),
)

FIGURE = (
    Field("name", "slug", True, zh="数据名（小写字母、数字、连字符；跨报告期比较用）",
          en="figure name (lowercase slug; compared across periods)", example="name: rural-schools"),
    Field("value", "number", True, zh="数值（整数或小数）", en="value (integer or decimal)", example="value: 100"),
    Field("unit", "text", False, zh="单位，例如 %、所、吨；中文单位的英文写在英文页 figure_units",
          en="unit, e.g. %, 所, t; the English for a Chinese unit goes in the English page's figure_units",
          example='unit: "所"'),
    Field("label", "text", False, zh="中文标签；英文标签写在英文页 figure_labels",
          en="Chinese label; the English one goes in the English page's figure_labels", example='label: "受助乡村小学"'),
)

CLAIM = (
    Field("indicator", "slug", True, zh="指标 id（见指标列表）", en="indicator id (see the indicator list)",
          example="indicator: developer-cultivation"),
    Field("status", "slug", True, zh="该指标允许的状态之一", en="one of the statuses the indicator allows",
          example="status: policy-and-action"),
    Field("section", "anchor", False, zh="讲述此声明的正文标题锚点；已披露状态必填",
          en="anchor of the body heading that tells the story; required for reported statuses",
          example="section: open-source"),
    Field("reason", "slug", False, zh="省略理由（仅 not-applicable / omitted）",
          en="reason for omission (only with not-applicable / omitted)", example="reason: not-material"),
    Field("explanation", "text", False, zh="省略的中文解释（与 reason 同时出现）",
          en="Chinese explanation of the omission (goes with reason)", example='explanation: "我们不面向个人用户。"'),
    Field("evidence", "list", False, zh="证据链接列表", en="list of evidence links", fields=EVIDENCE,
          example='evidence:\n  - url: "https://github.com/example"\n    title: "源代码"'),
    Field("figures", "list", False, zh="数据列表", en="list of figures", fields=FIGURE,
          example="figures:\n  - name: rural-schools\n    value: 100\n    unit: \"所\""),
)

CHINESE_PAGE = Spec("Chinese page", (
    Field("title", "text", True, fact=False, zh="页面标题", en="page title", example='title: "2022 年度社会责任声明"'),
    Field("summary", "text", False, fact=False, zh="一两句摘要", en="one or two sentence summary",
          example='summary: "我们坚持开源……"'),
    Field("framework", "slug", True, zh="所依据的指标体系及版本", en="framework and version reported against",
          example="framework: tbsia-003-2022"),
    Field("published", "date", True, zh="发布日期 YYYY-MM-DD", en="publication date YYYY-MM-DD",
          example="published: 2023-01-16"),
    Field("claims", "list", True, zh="对各指标的声明", en="claims, one per indicator", fields=CLAIM,
          example="claims:\n  - indicator: developer-cultivation\n    status: policy-and-action\n    section: open-source"),
))

ENGLISH_PAGE = Spec("English page", (
    Field("title", "text", True, fact=False, zh="英文标题", en="English title", example='title: "CSR statement 2022"'),
    Field("summary", "text", False, fact=False, zh="英文摘要", en="English summary", example='summary: "..."'),
    Field("explanations", "text-map", False, fact=False, zh="省略解释的英文译文，按指标 id",
          en="English explanations of omissions, by indicator id",
          example='explanations:\n  youth-online-addiction: "We have no consumer products."'),
    Field("figure_labels", "text-map", False, fact=False, zh="数据标签的英文译文，按数据名",
          en="English figure labels, by figure name",
          example='figure_labels:\n  rural-schools: "Rural primary schools supported"'),
    Field("figure_units", "text-map", False, fact=False, zh="含中文的数据单位的英文译文，按数据名",
          en="English units of figures whose unit is Chinese, by figure name",
          example='figure_units:\n  rural-schools: "schools"'),
    Field("evidence_titles", "url-text-map", False, fact=False, zh="含中文的证据标题的英文译文，按证据链接",
          en="English titles of evidence whose title is Chinese, by the evidence's URL",
          example='evidence_titles:\n  "https://example.com/csr-2022.pdf": "CSR report 2022"'),
))

COMPANY = Spec("company.yml", (
    Field("name", "lang-text", True, zh="公司名称（zh 与 en）", en="company name (zh and en)",
          example='name:\n  zh: "某某软件有限公司"\n  en: "Example Software Co., Ltd."'),
    Field("type", "choice", True, zh="组织性质（白皮书 5.1）", en="organisation type (white paper 5.1)",
          example="type: private"),
    Field("website", "url", False, zh="官方网站", en="official website", example='website: "https://example.com"'),
))

_KIND_NAMES = {
    "text": ("text", "文本"),
    "slug": ("an identifier (lowercase letters, digits, hyphens)", "标识（小写字母、数字、连字符）"),
    "anchor": ("a heading anchor", "标题锚点"),
    "date": ("a date YYYY-MM-DD", "日期 YYYY-MM-DD"),
    "url": ("an http(s) URL", "http(s) 链接"),
    "number": ("a number", "数字"),
    "choice": ("one of the allowed values", "允许值之一"),
    "mapping": ("a mapping", "映射"),
    "list": ("a list", "列表"),
    "text-map": ("a mapping of identifiers to text", "标识到文本的映射"),
    "url-text-map": ("a mapping of http(s) URLs to text", "http(s) 链接到文本的映射"),
    "lang-text": ("a mapping with zh and en text", "含 zh 与 en 文本的映射"),
}


class Checker:
    """Type-checks located data against a spec, collecting diagnostics."""

    def __init__(self, path: str, positions: Positions, problems: list[diag.Diagnostic]):
        self.path = path
        self.positions = positions
        self.problems = problems

    def report(self, rule_name: str, at: tuple, /, *, at_key: bool = False, **args: Any) -> None:
        line, col = self.positions.key(at) if at_key else self.positions.value(at)
        self.problems.append(diag.make(rule_name, self.path, line, col, **args))

    def mapping(self, data: Any, spec: Spec | tuple[Field, ...], at: tuple,
                choices: Callable[[Field], tuple[str, ...]] | None = None) -> dict[str, Any]:
        """Check a mapping; return only its well-typed entries."""
        fields = spec.fields if isinstance(spec, Spec) else spec
        by_name = {f.name: f for f in fields}
        result: dict[str, Any] = {}
        if not isinstance(data, dict):
            got = type_name(data)
            self.report("wrong-type", at, key=".".join(map(str, at)) or "front matter",
                        expected_en="a mapping", expected_zh="映射", got_en=got["en"], got_zh=got["zh"],
                        example=fields[0].example if fields else "")
            return result
        for key, value in data.items():
            field_ = by_name.get(key)
            if field_ is None:
                self.report("unknown-key", at + (key,), at_key=True, key=key,
                            allowed=diag.allowed_list(by_name), **diag.suggestion_args(key, by_name))
                continue
            checked = self.value(value, field_, at + (key,), choices)
            if checked is not _INVALID:
                result[key] = checked
        for field_ in fields:
            if field_.required and field_.name not in data:
                self.report("missing-key", at, key=field_.name, example=field_.example)
        return result

    def value(self, value: Any, field_: Field, at: tuple, choices=None) -> Any:
        if at in self.positions.reported:  # unreadable, and already reported by the YAML reader
            return _INVALID
        kind = field_.kind
        if value is None and kind not in ("list",):
            self.report("empty-value", at, key=field_.name)
            return _INVALID
        if kind == "text":
            if not isinstance(value, str):
                return self._wrong(field_, value, at)
            if is_invisible(value):  # white space, zero-width and bidi characters show nothing
                self.report("empty-value", at, key=field_.name)
                return _INVALID
            return value
        if kind in ("slug", "choice"):
            if not isinstance(value, str):
                return self._wrong(field_, value, at)
            if kind == "slug" and not SLUG.match(value):
                self.report("invalid-slug", at, key=field_.name, value=value)
                return _INVALID
            allowed = (choices(field_) if choices else ()) or field_.choices
            if kind == "choice" and allowed and value not in allowed:
                self.report("invalid-value", at, key=field_.name, value=value,
                            allowed=diag.allowed_list(allowed), **diag.suggestion_args(value, allowed))
                return _INVALID
            return value
        if kind == "anchor":
            if not isinstance(value, str) or not ANCHOR.match(value):
                return self._wrong(field_, value, at)
            return value
        if kind == "date":
            if not isinstance(value, _dt.date):
                return self._wrong(field_, value, at)
            return value
        if kind == "url":
            if not isinstance(value, str):
                return self._wrong(field_, value, at)
            if not is_http_url(value):
                self.report("invalid-url", at, key=field_.name, value=value)
                return _INVALID
            return value
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return self._wrong(field_, value, at)
            if isinstance(value, float) and not math.isfinite(value):
                self.report("figure-not-finite", at, value=str(value))
                return _INVALID
            if abs(value) >= 10 ** MAX_DIGITS:
                self.report("number-out-of-range", at, value=f"{value:.6g}", digits=MAX_DIGITS)
                return _INVALID
            return value
        if kind == "list":
            if value is None:
                return []
            if not isinstance(value, list):
                return self._wrong(field_, value, at)
            items = []
            for index, item in enumerate(value):
                items.append(self.mapping(item, field_.fields, at + (index,), choices))
            return items
        if kind == "text-map":
            if not isinstance(value, dict):
                return self._wrong(field_, value, at)
            result = {}
            for key, text in value.items():
                if not SLUG.match(key):
                    self.report("invalid-slug", at + (key,), at_key=True, key=f"{field_.name}.{key}", value=key)
                    continue
                if not isinstance(text, str):
                    self._wrong(Field(f"{field_.name}.{key}", "text"), text, at + (key,))
                    continue
                if is_invisible(text):
                    self.report("empty-value", at + (key,), key=f"{field_.name}.{key}")
                    continue
                result[key] = text
            return result
        if kind == "url-text-map":
            if not isinstance(value, dict):
                return self._wrong(field_, value, at)
            result = {}
            for key, text in value.items():
                if not isinstance(key, str) or not is_http_url(key):
                    self.report("invalid-url", at + (key,), at_key=True, key=f"{field_.name} key", value=str(key))
                    continue
                if not isinstance(text, str) or not text.strip():
                    self._wrong(Field(f"{field_.name}.{key}", "text"), text, at + (key,))
                    continue
                result[key] = text
            return result
        if kind == "lang-text":
            lang_fields = (
                Field("zh", "text", True, example='zh: "某某软件有限公司"'),
                Field("en", "text", True, example='en: "Example Software Co., Ltd."'),
            )
            checked = self.mapping(value, lang_fields, at)
            return checked if len(checked) == 2 else _INVALID
        raise AssertionError(f"unknown field kind {kind}")

    def _wrong(self, field_: Field, value: Any, at: tuple):
        expected_en, expected_zh = _KIND_NAMES[field_.kind]
        got = type_name(value)
        self.report("wrong-type", at, key=field_.name, expected_en=expected_en, expected_zh=expected_zh,
                    got_en=f"{got['en']} ({_short(value)})", got_zh=f"{got['zh']}（{_short(value)}）",
                    example=field_.example)
        return _INVALID


def _short(value: Any) -> str:
    text = repr(value.isoformat() if isinstance(value, _dt.date) else value)
    return text if len(text) <= 40 else text[:37] + "…"


def is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _SPACE.search(value)


_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts


class _InvalidType:
    pass


_INVALID = _InvalidType()

FACT_KEYS = tuple(f.name for f in CHINESE_PAGE.fields if f.fact)
