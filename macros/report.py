"""Formatting diagnostics for people (text), GitHub Actions (annotations and a job summary),
code scanning (SARIF 2.1.0) and machines (JSON).

The text shape ``path:line:col: severity CODE name: message`` is the same in every language:
the severity word (``error``/``warning``), the code and the name are fixed, only the message
and the hint are translated, so that problem matchers and ``grep`` work whatever ``--lang``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable
from urllib.parse import quote

from . import __version__, catalogue
from .diagnostics import Diagnostic, count, counted

REPORT_VERSION = 1  # of the JSON report's shape (schema/check-report.schema.json); raised on a breaking change
MAX_ANNOTATIONS = 10  # GitHub shows at most 10 error and 10 warning annotations of a step
SUMMARY_PROBLEMS = 10  # problems listed in the job summary
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "csr"


def text(diagnostics: Iterable[Diagnostic], lang: str = "en", files: int | None = None) -> str:
    diagnostics = list(diagnostics)
    lines = []
    for d in diagnostics:
        lines.append(f"{d.location()}: {d.severity} {d.code} {d.name}: {d.message(lang)}")
        hint = d.hint(lang)
        if hint:
            label = "提示" if lang == "zh" else "hint"
            hint_lines = hint.split("\n")
            lines.append(f"    {label}: {hint_lines[0]}")
            lines.extend(f"        {extra}" for extra in hint_lines[1:])
    lines.append(summary(diagnostics, lang, files))
    return "\n".join(lines) + "\n"


def bilingual(diagnostics: Iterable[Diagnostic], files: int | None = None) -> str:
    """Each problem with its message and hint in Chinese and English (for build logs)."""
    diagnostics = list(diagnostics)
    lines = []
    for d in diagnostics:
        lines.append(f"{d.location()}: {d.severity} {d.code} {d.name}: {d.message('zh')} / {d.message('en')}")
        for lang, label in (("zh", "提示"), ("en", "hint")):
            hint = d.hint(lang).replace("\n", "\n        ")
            if hint:
                lines.append(f"    {label}: {hint}")
    lines.append(summary(diagnostics, "zh", files) + " / " + summary(diagnostics, "en", files))
    return "\n".join(lines) + "\n"


def summary(diagnostics: list[Diagnostic], lang: str, files: int | None) -> str:
    errors, warnings = count(diagnostics)
    checked_zh = f"（检查了 {files} 个文件）" if files is not None else ""
    checked_en = f" ({counted(files, 'file', 'files')} checked)" if files is not None else ""
    if not errors and not warnings:
        return f"ok: 没有问题{checked_zh}" if lang == "zh" else f"ok: no problems{checked_en}"
    if lang == "zh":
        return f"{errors} 个错误，{warnings} 个警告{checked_zh}"
    return f"{counted(errors, 'error', 'errors')}, {counted(warnings, 'warning', 'warnings')}{checked_en}"


# -- GitHub Actions ------------------------------------------------------------------------------

def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def most_useful_first(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors before warnings; within each, one problem of every file before a second one of any
    (files in path order, problems in the order of the file), so that a short list shows every
    file with a problem rather than the first file's many."""
    ordered: list[Diagnostic] = []
    for severity in ("error", "warning"):
        by_file: dict[str, list[Diagnostic]] = {}
        for d in sorted((d for d in diagnostics if d.severity == severity), key=Diagnostic.sort_key):
            by_file.setdefault(d.path, []).append(d)
        queues = [by_file[path] for path in sorted(by_file)]
        depth = 0
        while any(depth < len(queue) for queue in queues):
            ordered += [queue[depth] for queue in queues if depth < len(queue)]
            depth += 1
    return ordered


def annotated(diagnostics: Iterable[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(shown, left out): at most :data:`MAX_ANNOTATIONS` errors and as many warnings, the most
    useful first; GitHub drops the annotations of a step beyond those."""
    shown: list[Diagnostic] = []
    left_out: list[Diagnostic] = []
    per_severity: dict[str, int] = {}
    for d in most_useful_first(diagnostics):
        if per_severity.get(d.severity, 0) < MAX_ANNOTATIONS:
            per_severity[d.severity] = per_severity.get(d.severity, 0) + 1
            shown.append(d)
        else:
            left_out.append(d)
    return shown, left_out


def github(diagnostics: Iterable[Diagnostic], lang: str = "en") -> str:
    """GitHub Actions workflow commands: an ``::error``/``::warning`` annotation for at most 10
    problems of each severity (errors first, most useful first), then one ``::notice`` saying
    how many more there are."""
    shown, left_out = annotated(diagnostics)
    lines = []
    for d in shown:
        props = [f"file={_escape_property(d.path)}"]
        if d.line:
            props.append(f"line={d.line}")
            props.append(f"col={d.col or 1}")
        props.append(f"title={_escape_property(d.code + ' ' + d.name)}")
        message = d.message(lang)
        hint = d.hint(lang)
        if hint:
            message += "\n" + hint
        lines.append(f"::{d.severity} {','.join(props)}::{_escape_data(message)}")
    if left_out:
        lines.append(f"::notice title={_escape_property('csr check')}::{_escape_data(_left_out_note(left_out, lang))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _left_out_note(left_out: list[Diagnostic], lang: str) -> str:
    errors, warnings = count(left_out)
    if lang == "zh":
        return (f"另有 {len(left_out)} 个问题（{errors} 个错误，{warnings} 个警告）没有显示为注释："
                f"GitHub 每一步最多显示 {MAX_ANNOTATIONS} 个错误和 {MAX_ANNOTATIONS} 个警告。"
                "运行 csr check 查看全部问题。")
    return (f"{counted(len(left_out), 'more problem is', 'more problems are')} not shown as annotations "
            f"({counted(errors, 'error', 'errors')}, {counted(warnings, 'warning', 'warnings')}): GitHub shows "
            f"at most {MAX_ANNOTATIONS} errors and {MAX_ANNOTATIONS} warnings of a step. "
            "Run csr check to see every problem.")


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>|#!~&])")


def _markdown_cell(value: str) -> str:
    """Plain text in a Markdown table cell: no markup, link or HTML from a disclosure gets through."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", value).replace("\r", " ").replace("\n", " ")


_SUMMARY_HEADINGS = {
    "zh": ("位置", "严重性", "规则", "说明"),
    "en": ("location", "severity", "rule", "message"),
}


def step_summary(diagnostics: Iterable[Diagnostic], lang: str = "en", files: int | None = None) -> str:
    """A short Markdown report for the job summary: the counts and the first problems."""
    ordered = most_useful_first(diagnostics)
    lines = ["### csr check", ""]
    errors, _ = count(ordered)
    mark = "❌" if errors else ("⚠️" if ordered else "✅")
    lines.append(f"{mark} {summary(ordered, lang, files)}")
    if ordered:
        headings = _SUMMARY_HEADINGS[lang]
        lines += ["", "| " + " | ".join(headings) + " |", "|---|---|---|---|"]
        for d in ordered[:SUMMARY_PROBLEMS]:
            lines.append(f"| {_markdown_cell(d.location())} | {d.severity} | {d.code} {d.name} | "
                         f"{_markdown_cell(d.message(lang))} |")
        more = len(ordered) - SUMMARY_PROBLEMS
        if more > 0:
            lines.append("")
            lines.append(f"另有 {more} 个问题未列出；运行 csr check 查看全部。" if lang == "zh"
                         else f"{counted(more, 'more problem', 'more problems')} not listed; run csr check to see all.")
    return "\n".join(lines) + "\n\n"


# -- JSON ----------------------------------------------------------------------------------------

def as_json(diagnostics: Iterable[Diagnostic], files: int | None = None) -> str:
    diagnostics = list(diagnostics)
    errors, warnings = count(diagnostics)
    payload = {
        "version": REPORT_VERSION,
        "errors": errors,
        "warnings": warnings,
        "files_checked": files,
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def report_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of :func:`as_json`'s report (``schema/check-report.schema.json``)."""
    bilingual_text = {
        "type": "object",
        "required": ["zh", "en"],
        "additionalProperties": False,
        "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "csr check --format json report",
        "description": "Every problem `csr check` found, with its location and its message and hint in both "
                       "languages. `version` is raised when the shape changes incompatibly.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "errors", "warnings", "files_checked", "diagnostics"],
        "properties": {
            "version": {"const": REPORT_VERSION, "description": "version of this report shape"},
            "errors": {"type": "integer", "minimum": 0, "description": "number of errors"},
            "warnings": {"type": "integer", "minimum": 0, "description": "number of warnings"},
            "files_checked": {"type": ["integer", "null"], "minimum": 0,
                              "description": "files read (company.yml and pages)"},
            "diagnostics": {
                "type": "array",
                "description": "the problems, by path, line and column",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "name", "severity", "path", "line", "column", "message", "hint"],
                    "properties": {
                        "code": {"enum": [rule.code for rule in catalogue.RULES],
                                 "description": "permanent code of the error catalogue"},
                        "name": {"enum": [rule.name for rule in catalogue.RULES],
                                 "description": "permanent name of the error catalogue"},
                        "severity": {"enum": ["error", "warning"]},
                        "path": {"type": "string", "description": "relative to the registry root, with /"},
                        "line": {"type": "integer", "minimum": 0, "description": "1-based; 0: the whole file"},
                        "column": {"type": "integer", "minimum": 0, "description": "1-based; 0: the whole file"},
                        "message": bilingual_text,
                        "hint": bilingual_text,
                    },
                },
            },
        },
    }


# -- SARIF 2.1.0 -----------------------------------------------------------------------------------

_WHAT_TO_DO = {"zh": "怎么做：", "en": "What to do: "}


def _sarif_rule(rule: catalogue.Rule, lang: str, catalogue_url: str | None) -> dict[str, Any]:
    why, hint, label = rule.why[lang], catalogue.generic(rule.hint[lang]), _WHAT_TO_DO[lang]
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": catalogue.generic(rule.message[lang])},
        "fullDescription": {"text": why},
        "help": {"text": f"{why}\n\n{label}{hint}",
                 "markdown": f"{why}\n\n**{label.strip()}** {hint}".replace("\n", "  \n")},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": ["csr-disclosures"]},
    }
    if catalogue_url:
        entry["helpUri"] = f"{catalogue_url}#{rule.code.lower()}"
    return entry


def sarif(diagnostics: Iterable[Diagnostic], lang: str = "en", catalogue_url: str | None = None) -> str:
    """A SARIF 2.1.0 log with one run: every rule of the catalogue (its description, and help
    from its "why" and "what to do"), and a result per problem with its region, all in one
    language, ``lang`` (English by default, as code scanning shows it).  ``catalogue_url`` is
    the error catalogue page of the registry's site, if known."""
    index = {rule.code: position for position, rule in enumerate(catalogue.RULES)}
    results = []
    for d in diagnostics:
        message = d.message(lang)
        hint = d.hint(lang)
        location: dict[str, Any] = {"artifactLocation": {"uri": quote(d.path, safe="/")}}
        if d.line:
            location["region"] = {"startLine": d.line, "startColumn": d.col or 1}
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": d.severity,
            "message": {"text": message + (f"\n{hint}" if hint else "")},
            "locations": [{"physicalLocation": location}],
        })
    driver: dict[str, Any] = {
        "name": TOOL_NAME,
        "fullName": "csr check (csr-disclosures)",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_sarif_rule(rule, lang, catalogue_url) for rule in catalogue.RULES],
    }
    if catalogue_url:
        driver["informationUri"] = catalogue_url
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "language": "zh-CN" if lang == "zh" else "en-US",
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
