"""Reading disclosure files: bytes to text, front matter to located data, and the body.

Pure functions; nothing here knows about MkDocs or the disclosure schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import diagnostics as diag
from . import yamlstrict

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024

_OPEN = re.compile(r"---[ \t]*\Z")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")


@dataclass
class Document:
    """A parsed file: its data, where each datum was written, its Markdown body."""

    path: str
    data: Any = None
    positions: yamlstrict.Positions = field(default_factory=yamlstrict.Positions)
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    problems: list[diag.Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(problem.is_error for problem in self.problems)


def decode(raw: bytes, path: str) -> tuple[str | None, list[diag.Diagnostic]]:
    """UTF-8 bytes to text with LF line endings; a BOM and CRLF are accepted with a warning."""
    problems: list[diag.Diagnostic] = []
    if len(raw) > MAX_FILE_BYTES:
        return None, [diag.make("too-large", path, 1, 1, what="file", what_zh="文件", size=len(raw), limit=MAX_FILE_BYTES)]
    notes: list[tuple[str, str]] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append(("a byte-order mark (BOM)", "字节顺序标记（BOM）"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        offset = error.start + (3 if notes else 0)
        return None, [diag.make("not-utf8", path, line, column, offset=offset)]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append(("CRLF line endings", "CRLF 换行"))
    if notes:
        problems.append(diag.make("bom-or-crlf", path, 1, 1,
                                  what=" and ".join(en for en, _ in notes),
                                  what_zh="和".join(zh for _, zh in notes)))
    return text, problems


def split(text: str, path: str) -> tuple[str | None, int, str, int, list[diag.Diagnostic]]:
    """Split ``---`` front matter from the body.

    Returns ``(yaml_text, yaml_first_line, body, body_first_line, problems)``; line numbers are
    1-based file lines.  ``yaml_text`` is ``None`` when the page has no usable front matter.
    """
    lines = text.split("\n")
    if not lines or not _OPEN.match(lines[0]):
        return None, 1, text, 1, [diag.make("frontmatter-missing", path, 1, 1)]
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return yaml_text, 2, body, index + 2, []
    return None, 1, text, 1, [diag.make("frontmatter-unclosed", path, 1, 1)]


def load_page(raw: bytes, path: str) -> Document:
    """Parse a Markdown page with YAML front matter."""
    document = Document(path)
    text, problems = decode(raw, path)
    document.problems.extend(problems)
    if text is None:
        return document
    yaml_text, yaml_line, body, body_line, problems = split(text, path)
    document.problems.extend(problems)
    document.body, document.body_line = body, body_line
    if yaml_text is None:
        return document
    size = len(yaml_text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        document.problems.append(
            diag.make("too-large", path, 1, 1, what="front matter", what_zh="前言",
                      size=size, limit=MAX_FRONT_MATTER_BYTES)
        )
        return document
    _parse_into(document, yaml_text, yaml_line - 1, "front matter", "前言")
    return document


def load_data(raw: bytes, path: str) -> Document:
    """Parse a plain YAML data file (``company.yml``)."""
    document = Document(path)
    text, problems = decode(raw, path)
    document.problems.extend(problems)
    if text is None:
        return document
    if len(raw) > MAX_FRONT_MATTER_BYTES:
        document.problems.append(
            diag.make("too-large", path, 1, 1, what="data file", what_zh="数据文件",
                      size=len(raw), limit=MAX_FRONT_MATTER_BYTES)
        )
        return document
    _parse_into(document, text, 0, "the file", "文件")
    return document


def _parse_into(document: Document, yaml_text: str, line_offset: int, what_en: str, what_zh: str) -> None:
    data, positions, problems = yamlstrict.parse(yaml_text, document.path, line_offset)
    document.problems.extend(problems)
    document.positions = positions
    if any(problem.is_error for problem in problems) and data is None:
        return
    if not isinstance(data, dict):
        got = type_name(data)
        line, col = positions.value(())
        example_zh, example_en = _top_level_example(document.path)
        document.problems.append(
            diag.make("not-a-mapping", document.path, line if data is not None else line_offset + 1, col,
                      what=what_en, what_zh=what_zh, got=got["en"], got_zh=got["zh"],
                      example=example_en, example_zh=example_zh)
        )
        return
    document.data = data


# The first keys of each kind of file, for the hint of a file whose top level is not a mapping.
_EXAMPLES = {
    "company.yml": ('name:\n  zh: "某某软件有限公司"\n  en: "Example Software Co., Ltd."\ntype: private',) * 2,
    ".en.md": ('title: "CSR statement 2022"\nsummary: "We publish all our products as open source."',) * 2,
    ".zh.md": ('title: "年度社会责任声明"\nframework: tbsia-003-2022',
               'title: "CSR statement 2022"\nframework: tbsia-003-2022'),
}


def _top_level_example(path: str) -> tuple[str, str]:
    for ending, example in _EXAMPLES.items():
        if path.endswith(ending):
            return example
    return _EXAMPLES[".zh.md"]


_TYPE_NAMES = {
    "str": ("text", "文本"),
    "int": ("an integer", "整数"),
    "float": ("a number", "数字"),
    "bool": ("true/false", "布尔值"),
    "NoneType": ("nothing (empty)", "空值"),
    "list": ("a list", "列表"),
    "dict": ("a mapping", "映射"),
    "date": ("a date", "日期"),
}


def type_name(value: Any) -> dict[str, str]:
    en, zh = _TYPE_NAMES.get(type(value).__name__, (type(value).__name__, type(value).__name__))
    return {"en": en, "zh": zh}
