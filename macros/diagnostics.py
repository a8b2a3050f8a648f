"""Diagnostics: one problem found in one place, with its rule from the catalogue."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable

from .catalogue import Rule, rule as lookup_rule
from .languages import CODES as LANGS


@dataclass(frozen=True)
class Diagnostic:
    """A problem at ``path:line:col`` (1-based; 0 means "the whole file")."""

    rule: Rule
    path: str
    line: int = 0
    col: int = 0
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def is_error(self) -> bool:
        return self.rule.severity == "error"

    def message(self, lang: str = "en") -> str:
        return _fill(self.rule.message[lang], self.args)

    def hint(self, lang: str = "en") -> str:
        return _fill(self.rule.hint[lang], self.args)

    def why(self, lang: str = "en") -> str:
        return self.rule.why[lang]

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.col,
            "message": {lang: self.message(lang) for lang in LANGS},
            "hint": {lang: self.hint(lang) for lang in LANGS},
        }


def make(rule_name: str, path: str, line: int = 0, col: int = 0, /, **args: Any) -> Diagnostic:
    """Create a diagnostic for the catalogue rule ``rule_name`` (a name or a code)."""
    return Diagnostic(lookup_rule(rule_name), path, line, col, args)


class _Defaulting(dict):
    """Template arguments; a missing one is empty, and ``{count|file|files}`` is a count with
    its noun in the singular or the plural ("1 file", "3 files")."""

    def __missing__(self, key: str) -> str:
        if "|" in key:
            name, singular, plural = key.split("|", 2)
            return counted(self.get(name, 0), singular, plural)
        return ""


def counted(number: int, singular: str, plural: str) -> str:
    """``1 file``, ``0 files``, ``3 files``: a count with its English noun (Chinese has no plural)."""
    return f"{number} {singular if number == 1 else plural}"


def _fill(template: str, args: dict[str, Any]) -> str:
    return template.format_map(_Defaulting(args))


def suggestion_args(value: Any, choices: Iterable[str]) -> dict[str, str]:
    """``suggestion_zh`` / ``suggestion_en`` arguments: a "did you mean" or nothing."""
    if not isinstance(value, str):
        return {"suggestion_zh": "", "suggestion_en": ""}
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    if not close:
        return {"suggestion_zh": "", "suggestion_en": ""}
    return {
        "suggestion_zh": f"，是否想写 {close[0]!r}？",
        "suggestion_en": f"; did you mean {close[0]!r}?",
    }


def allowed_list(choices: Iterable[str], limit: int = 30) -> str:
    items = list(choices)
    text = ", ".join(items[:limit])
    return text + (", …" if len(items) > limit else "")


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    errors = warnings = 0
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
