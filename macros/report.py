"""Formatting diagnostics for people (text), GitHub Actions (annotations) and machines (JSON)."""

from __future__ import annotations

import json
from typing import Iterable

from .diagnostics import Diagnostic, count

_SEVERITY = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}


def text(diagnostics: Iterable[Diagnostic], lang: str = "en", files: int | None = None) -> str:
    diagnostics = list(diagnostics)
    lines = []
    for d in diagnostics:
        lines.append(f"{d.location()}: {_SEVERITY[lang][d.severity]} {d.code} {d.name}: {d.message(lang)}")
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
    checked_en = f" ({files} files checked)" if files is not None else ""
    if not errors and not warnings:
        return f"ok: 没有问题{checked_zh}" if lang == "zh" else f"ok: no problems{checked_en}"
    if lang == "zh":
        return f"{errors} 个错误，{warnings} 个警告{checked_zh}"
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}{checked_en}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Iterable[Diagnostic], lang: str = "en") -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per problem."""
    lines = []
    for d in diagnostics:
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
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(diagnostics: Iterable[Diagnostic], files: int | None = None) -> str:
    diagnostics = list(diagnostics)
    errors, warnings = count(diagnostics)
    payload = {
        "errors": errors,
        "warnings": warnings,
        "files_checked": files,
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
