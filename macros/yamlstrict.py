"""Strict, located YAML: plain data with the line and column of every key and value.

Built on libyaml's event parser (PyYAML's C ``CParser``) so that parsing is fast and never
recursive, and on our own typing rules instead of PyYAML's YAML 1.1 resolver:

* only mappings, sequences and scalars; anchors, aliases and explicit tags are rejected;
* duplicate keys are rejected with both positions;
* plain scalars follow the YAML 1.2 core schema (``true``/``false``, ``null``, ints, floats),
  plus ISO dates (``2023-01-16``) which must be real calendar dates;
* plain scalars that YAML 1.1 would read differently (``no``, ``on``, ``0123``, ``1_000``,
  ``1:30``, ``1e3``, timestamps) are rejected as ambiguous, so no parser can disagree;
* quoted and block scalars are always strings.

The result is ``(value, positions, diagnostics)``; ``positions`` maps a path such as
``("claims", 2, "status")`` to file coordinates.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import diagnostics as diag

try:  # libyaml is a declared requirement; the pure-Python parser is only a fallback.
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Parser = yaml.SafeLoader

MAX_DEPTH = 24
MAX_DIGITS = 15  # digits of a number: exact as a float, and far from Python's int-string limit

Path = tuple  # of str keys and int indexes


@dataclass
class Positions:
    """File coordinates (1-based line, column) of keys and values, by path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # values already reported as unreadable (ambiguous scalar, impossible date): kept as their
    # text, and checks that type them stay silent, so that one mistake gives one message
    reported: set[Path] = field(default_factory=set)

    def value(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` starts; falls back to the nearest known ancestor."""
        return self._lookup(self.values, path)

    def key(self, path: Path) -> tuple[int, int]:
        """Where the key of ``path`` is written (for list items: the item itself)."""
        if path in self.keys:
            return self.keys[path]
        return self.value(path)

    @staticmethod
    def _lookup(table: dict, path: Path) -> tuple[int, int]:
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            path = path[:-1]
        return table.get((), (1, 1))


_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF",
}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)\Z")
_FLOAT_SPECIAL = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_LOOSE_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_AMBIGUOUS_NUMBER = re.compile(
    r"[-+]?(?:0[0-9_]+|0b[01_]+|0o[0-7]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+)\Z"
)


class _Ambiguous(Exception):
    def __init__(self, meaning: str):
        self.meaning = meaning


class _BadDate(Exception):
    def __init__(self, problem: str):
        self.problem = problem


class _OutOfRange(Exception):
    pass


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)


def resolve_plain(text: str) -> Any:
    """Type a plain (unquoted) scalar; raise for values YAML 1.1 would read differently."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isalpha() and text not in _YAML11_BOOLS:
        return text  # fast path for ordinary words
    if text in _YAML11_BOOLS:
        raise _Ambiguous("true" if text.lower() in {"y", "yes", "on"} else "false")
    if _INT.match(text):
        if len(text.lstrip("+-")) > 1 and text.lstrip("+-").startswith("0"):
            raise _Ambiguous("an octal number")
        if _digits(text) > MAX_DIGITS:
            raise _OutOfRange()
        return int(text)
    if _HEX.match(text):
        if len(text) - 2 > MAX_DIGITS or int(text, 16) >= 10 ** MAX_DIGITS:
            raise _OutOfRange()
        return int(text, 16)
    if _FLOAT.match(text):
        if _digits(text) > MAX_DIGITS:
            raise _OutOfRange()
        return float(text)
    if text in _FLOAT_SPECIAL:
        return _FLOAT_SPECIAL[text]
    match = _DATE.match(text)
    if match:
        try:
            return _dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as error:
            raise _BadDate(str(error)) from None
    if _TIMESTAMP.match(text):
        raise _Ambiguous("a timestamp")
    if _LOOSE_DATE.match(text):
        raise _BadDate("month and day need two digits")
    if _SEXAGESIMAL.match(text):
        raise _Ambiguous("a base-60 number")
    if _AMBIGUOUS_NUMBER.match(text):
        raise _Ambiguous("a number")
    return text


_MEANING_ZH = {
    "true": "布尔值 true",
    "false": "布尔值 false",
    "an octal number": "八进制数",
    "a timestamp": "时间戳",
    "a base-60 number": "六十进制数",
    "a number": "数字",
    "null": "空值 null",
}


def _coords(mark, line_offset: int) -> tuple[int, int]:
    return mark.line + 1 + line_offset, mark.column + 1


def _describe_event(event) -> str:
    name = type(event).__name__
    return {"MappingStartEvent": "mapping", "SequenceStartEvent": "list"}.get(name, "value")


class _Frame:
    __slots__ = ("kind", "path", "container", "pending_key", "key_lines", "depth")

    def __init__(self, kind, path, container, depth):
        self.kind = kind  # "map" | "seq"
        self.path = path
        self.container = container
        self.pending_key = None
        self.key_lines: dict[str, int] = {}
        self.depth = depth


def parse(text: str, path: str, line_offset: int = 0) -> tuple[Any, Positions, list[diag.Diagnostic]]:
    """Parse one YAML document strictly.

    ``line_offset`` is added to every line (the number of file lines before ``text``).
    On a syntax error, the value is ``None`` and the diagnostics explain where and why.
    """
    positions = Positions()
    problems: list[diag.Diagnostic] = []
    stack: list[_Frame] = []
    root: Any = None
    have_root = False
    documents = 0

    def report(name: str, mark, **args):
        line, col = _coords(mark, line_offset)
        problems.append(diag.make(name, path, line, col, **args))

    def place(value: Any, mark, event_kind: str) -> tuple[bool, Path]:
        """Attach a finished value (or a new container) to its parent; return its path."""
        nonlocal root, have_root
        coords = (mark.line + 1 + line_offset, mark.column + 1)  # _coords, without the call
        if not stack:
            root, have_root = value, True
            positions.values[()] = coords
            return True, ()
        frame = stack[-1]
        if frame.kind == "seq":
            item_path = frame.path + (len(frame.container),)
            frame.container.append(value)
            positions.values[item_path] = coords
            positions.keys[item_path] = coords
            return True, item_path
        # mapping
        if frame.pending_key is None:
            # ``value`` is a key
            if event_kind != "scalar":
                report("yaml-syntax", mark, problem="mapping keys must be plain text, not a list or mapping")
                frame.pending_key = _InvalidKey
                return False, frame.path
            key = value
            if key in frame.key_lines:
                report("duplicate-key", mark, key=key, first_line=frame.key_lines[key])
                frame.pending_key = _InvalidKey
                return False, frame.path
            frame.key_lines[key] = coords[0]
            frame.pending_key = key
            positions.keys[frame.path + (key,)] = coords
            return False, frame.path
        key = frame.pending_key
        frame.pending_key = None
        if key is _InvalidKey:
            return False, frame.path
        frame.container[key] = value
        item_path = frame.path + (key,)
        positions.values[item_path] = coords
        return True, item_path

    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is yaml.ScalarEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    report("yaml-alias", mark, what=f"&{event.anchor}")
                if event.tag is not None:
                    report("yaml-tag", mark, tag=event.tag)
                raw = event.value
                style = event.style
                unreadable = False
                if style:  # quoted or block: always text
                    if style in ('"', "'", "|", ">"):
                        for name, problem_mark, args in _scalar_spec_problems(text, event):
                            report(name, problem_mark, **args)
                    if style == '"' and _CONTROL.search(raw):
                        # an escape ("\0", "\x07", "\ud800") decodes to what the file may not hold raw
                        code = ord(_CONTROL.search(raw)[0])
                        report("yaml-syntax", mark,
                               problem=f"control character U+{code:04X} is not allowed, not even written as an escape")
                    value = raw
                else:  # plain ("" or None)
                    if text[mark.index - 1 : mark.index] == "?":
                        # libyaml reads "?foo" as an explicit key "foo"; YAML 1.2 reads the text "?foo"
                        report("yaml-syntax", mark,
                               problem="'?' right before a value is read differently by YAML parsers; quote the text")
                    try:
                        value = resolve_plain(raw) if raw else None
                    except _Ambiguous as error:
                        report("ambiguous-scalar", mark, value=raw, meaning=error.meaning,
                               meaning_zh=meaning_zh(error.meaning), quoted=f'"{raw}"')
                        value, unreadable = raw, True
                    except _BadDate as error:
                        report("invalid-date", mark, value=raw, problem=error.problem)
                        value, unreadable = raw, True
                    except _OutOfRange:
                        report("number-out-of-range", mark, value=_shorten(raw), digits=MAX_DIGITS)
                        value, unreadable = raw, True
                    if stack and stack[-1].kind == "map" and stack[-1].pending_key is None:  # a key
                        if value is None or isinstance(value, bool):
                            meaning = "null" if value is None else str(value).lower()
                            report("ambiguous-scalar", mark, value=raw or "~", meaning=meaning,
                                   meaning_zh=meaning_zh(meaning), quoted=f'"{raw}"')
                        value = raw  # keys are always text
                attached, item_path = place(value, mark, "scalar")
                if unreadable and attached:
                    positions.reported.add(item_path)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None:
                    report("yaml-alias", event.start_mark, what=f"&{event.anchor}")
                if event.tag is not None:
                    report("yaml-tag", event.start_mark, tag=event.tag)
                if len(stack) >= MAX_DEPTH:
                    report("too-deep", event.start_mark, limit=MAX_DEPTH)
                    return None, positions, problems
                container: Any = {} if kind is yaml.MappingStartEvent else []
                attached, item_path = place(container, event.start_mark, "container")
                frame_path = item_path if attached else (stack[-1].path + ("<ignored>",) if stack else ())
                stack.append(_Frame("map" if kind is yaml.MappingStartEvent else "seq",
                                    frame_path, container, len(stack) + 1))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                report("yaml-alias", event.start_mark, what=f"*{event.anchor}")
                # keep the structure consistent: an alias stands for an unknown value
                place(None, event.start_mark, "scalar")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report("yaml-syntax", event.start_mark,
                           problem="only one YAML document is allowed here")
                    break
                if getattr(event, "version", None) or getattr(event, "tags", None):
                    report("yaml-tag", event.start_mark, tag="%YAML/%TAG")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "invalid YAML").strip()
        line, col = _coords(mark, line_offset) if mark else (line_offset + 1, 1)
        if "tab" in problem.lower() or _tab_at(text, mark):
            problems.append(diag.make("yaml-tab", path, line, col))
        else:
            problems.append(diag.make("yaml-syntax", path, line, col, problem=problem))
        return None, positions, problems
    except yaml.YAMLError as error:  # reader errors (control characters) carry a byte position
        line, col, problem = line_offset + 1, 1, str(error).strip()
        if isinstance(error, yaml.reader.ReaderError):
            before = text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore")
            line = before.count("\n") + 1 + line_offset
            col = len(before) - (before.rfind("\n") + 1) + 1
            code = ord(error.character) if isinstance(error.character, str) else error.character
            problem = f"control character U+{code:04X} is not allowed"
        problems.append(diag.make("yaml-syntax", path, line, col, problem=problem))
        return None, positions, problems
    finally:
        parser.dispose()
    if not have_root:
        return None, positions, problems
    return root, positions, problems


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:20]}…{text[-8:]} ({len(text)} characters)"


class _Mark:
    """A position computed from a text index (for problems libyaml does not report)."""

    def __init__(self, text: str, index: int):
        self.index = index
        self.line = text.count("\n", 0, index)
        self.column = index - (text.rfind("\n", 0, index) + 1)


_BLOCK_HEADER_COMMENT = re.compile(r"[|>][0-9+-]*#")


def _scalar_spec_problems(text: str, event):
    """YAML 1.2 rules that libyaml does not enforce for quoted and block scalars."""
    start, end = event.start_mark.index, event.end_mark.index
    if event.style in ('"', "'"):
        if text[end : end + 1] == "#":
            yield "yaml-syntax", _Mark(text, end), {"problem": "a comment needs a space before '#'"}
        if event.start_mark.line != event.end_mark.line:
            offset = text.index("\n", start) + 1
            while offset < end:
                if text[offset] == "\t":
                    yield "yaml-tab", _Mark(text, offset), {}
                    break
                next_newline = text.find("\n", offset)
                if next_newline == -1:
                    break
                offset = next_newline + 1
        return
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    header = text[start:line_end]
    if _BLOCK_HEADER_COMMENT.match(header):
        yield "yaml-syntax", _Mark(text, start + header.index("#")), {"problem": "a comment needs a space before '#'"}
    if any(c.isdigit() for c in header.split("#", 1)[0]):
        return  # explicit indentation indicator
    lines = text[line_end + 1 :].split("\n")
    leading = []
    for line in lines:
        if line.strip(" ") == "":
            leading.append(line)
            continue
        indent = len(line) - len(line.lstrip(" "))
        if any(len(empty) > indent for empty in leading):
            yield "yaml-syntax", _Mark(text, line_end + 1), {
                "problem": "leading empty lines of a block scalar are more indented than its first line"}
        break


def _tab_at(text: str, mark) -> bool:
    """True when the error is caused by a tab: at the error position or in the indentation."""
    if mark is None:
        return False
    lines = text.split("\n")
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indentation or line[mark.column : mark.column + 1] == "\t"


class _InvalidKeyType:
    def __repr__(self) -> str:
        return "<invalid key>"


_InvalidKey = _InvalidKeyType()


def meaning_zh(meaning: str) -> str:
    return _MEANING_ZH.get(meaning, meaning)
