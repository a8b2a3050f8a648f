"""Limits on a disclosure's Markdown body, so that no accepted page can cost the build much.

Python-Markdown (with the site's extensions) recurses once per level of nesting, and it scans
from every ``[`` and ``<`` forward to the end of the paragraph when nothing closes them: a page
of a few hundred nested list levels crashes it, a paragraph of a few thousand unclosed brackets
keeps it busy for minutes.  :func:`check` enforces the documented limits below on the raw
text, line by line, in one linear pass that never recurses; every problem is located.  The
values were set by measuring the build's Markdown, sanitiser and search on the worst pages just
inside each limit (``bench/limits.py``; the threat model page lists the times).

Everything is counted on the raw text, code blocks included, and a paragraph is a run of lines
up to the next blank line: Markdown never makes larger units than these, so the counts are
upper bounds of what it sees, however the text is nested or escaped.
"""

from __future__ import annotations

import re
import unicodedata

from . import diagnostics as diag

MAX_BODY_CHARS = 50_000  # characters of one page's body
MAX_LINE_CHARS = 4_000  # characters of one line
MAX_NESTING = 8  # levels of lists, quotes and indented blocks at a line; open HTML elements
MAX_RUN = 32  # the same character of RUN_CHARACTERS in a row
RUN_CHARACTERS = "*_[](<{#"
MAX_SCAN = 1_000_000  # characters scanned from `[` and `<` to the end of their paragraphs, summed
SCAN_CHARACTERS = "[<"
MAX_HEADINGS = 200  # headings in one body
MAX_DEFINITIONS = 32  # definition-list entries (`: ` lines) in one paragraph

_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_HEADING = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^<>]*?)(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_NESTING_STARTS = frozenset(" \t>-*+0123456789")  # the characters a nested line can start with
_RUNS = re.compile("|".join(f"{re.escape(c)}{{{MAX_RUN + 1},}}" for c in RUN_CHARACTERS))


def is_blank(line: str) -> bool:
    """A blank line as Python-Markdown sees it: nothing but spaces and tabs."""
    return not line.strip(" \t")


def _columns(prefix: str) -> int:
    column = 0
    for char in prefix:
        column = (column // 4 + 1) * 4 if char == "\t" else column + 1
    return column


def nesting(line: str) -> int:
    """Containers a line is nested in: each quote marker ``>`` and each list marker at its
    start, and each 4 columns of indentation (lists, notes and code nest by 4 columns).  The
    space after a marker belongs to the marker."""
    if not line or line[0] not in _NESTING_STARTS:
        return 0  # neither indentation, a quote nor a list marker: the common case, at once
    depth = 0
    columns = 0
    position = 0
    length = len(line)
    while position < length:
        start = position
        while position < length and line[position] in " \t":
            position += 1
        columns += _columns(line[start:position])
        if position < length and line[position] == ">":
            depth += 1
            position += 1
            if position < length and line[position] in " \t":
                position += 1
            continue
        marker = _LIST_MARKER.match(line, position)
        if marker and marker.end() > position:
            depth += 1
            position = marker.end()
            spaces = 0
            while position < length and line[position] == " " and spaces < 4:
                position += 1
                spaces += 1
            continue
        break
    return depth + columns // 4


def control_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character that is never allowed in text: C0 and C1 controls
    except tab and line feed, DEL, surrogates and the non-characters U+FFFE and U+FFFF."""
    return [(match.start(), match[0]) for match in _CONTROL.finditer(text)]


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_control_character(text: str) -> bool:
    return _CONTROL.search(text) is not None


# characters that show nothing: format characters (zero-width space, joiners, bidi marks, BOM),
# combining marks on their own, and the fillers that fonts draw as blanks
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def is_invisible(text: str) -> bool:
    """True when ``text`` shows nothing: only white space and invisible characters."""
    for char in text:
        if not (char.isspace() or char in _FILLERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES):
            return False
    return True


def check(body: str, first_line: int, path: str) -> list[diag.Diagnostic]:
    """Every limit the body breaks, each at its line (the file line of the body's first line
    is ``first_line``).  Linear in the size of the body."""
    problems: list[diag.Diagnostic] = []
    if len(body) > MAX_BODY_CHARS:
        problems.append(diag.make("body-too-large", path, first_line, 1, size=len(body), limit=MAX_BODY_CHARS))
        return problems  # nothing else is read: the limits below assume a body of this size
    lines = body.split("\n")
    reported: set[str] = set()

    def once(rule: str, line: int, col: int, **args) -> None:
        if rule not in reported:  # the first place of each kind: one fix usually fixes the rest
            reported.add(rule)
            problems.append(diag.make(rule, path, line, col, **args))

    headings = 0
    scan_total = 0
    paragraph_start = None  # index of the paragraph's first line
    paragraph_openers: list[int] = []  # offsets of `[` and `<` from the body start
    paragraph_definitions = 0
    offset = 0
    offsets = []
    # the first control character and the first long run, found in the whole body at once (only
    # the first of each is reported; a run never spans lines): the line index of each, or -1
    control = _CONTROL.search(body)
    control_line = body.count("\n", 0, control.start()) if control else -1
    run = _RUNS.search(body) if any(c * (MAX_RUN + 1) in body for c in RUN_CHARACTERS) else None
    run_line = body.count("\n", 0, run.start()) if run else -1
    for index, line in enumerate(lines):
        offsets.append(offset)
        number = first_line + index
        if index == control_line:
            once("body-control-character", number, control.start() - offset + 1, code=f"U+{ord(control[0]):04X}")
        if len(line) > MAX_LINE_CHARS:
            once("line-too-long", number, MAX_LINE_CHARS + 1, length=len(line), limit=MAX_LINE_CHARS)
        depth = nesting(line)
        if depth > MAX_NESTING:
            once("body-too-deep", number, 1, depth=depth, limit=MAX_NESTING, what="lists, quotes or indentation",
                 what_zh="列表、引用或缩进")
        if index == run_line:
            once("character-run-too-long", number, run.start() - offset + 1, char=run[0][0], length=len(run[0]),
                 limit=MAX_RUN)
        if _HEADING.match(line):
            headings += 1
            if headings > MAX_HEADINGS:
                once("too-many-headings", number, 1, limit=MAX_HEADINGS)
        if is_blank(line):
            scan_total = _close_paragraph(paragraph_openers, offset, scan_total, paragraph_start,
                                          first_line, lines, offsets, once)
            paragraph_start, paragraph_openers, paragraph_definitions = None, [], 0
        else:
            if paragraph_start is None:
                paragraph_start = index
            for char in SCAN_CHARACTERS:
                start = line.find(char)
                while start != -1:
                    paragraph_openers.append(offset + start)
                    start = line.find(char, start + 1)
            if line.lstrip(" \t>").startswith(":") and paragraph_start != index:
                paragraph_definitions += 1
                if paragraph_definitions > MAX_DEFINITIONS:
                    once("too-many-definitions", number, 1, limit=MAX_DEFINITIONS)
        offset += len(line) + 1
    _close_paragraph(paragraph_openers, offset, scan_total, paragraph_start, first_line, lines, offsets, once)

    stack: list[str] = []
    for match in _HTML_TAG.finditer(body):
        closing, name, self_closing = match[1], match[2].lower(), match[3]
        if name in _VOID or self_closing:
            continue
        if closing:
            if name in stack:  # an end tag closes its element and any left open inside it
                while stack.pop() != name:
                    pass
            continue
        stack.append(name)
        if len(stack) > MAX_NESTING:
            line = body.count("\n", 0, match.start())
            once("body-too-deep", first_line + line, match.start() - body.rfind("\n", 0, match.start()),
                 depth=len(stack), limit=MAX_NESTING, what="HTML elements", what_zh="HTML 元素")
            break
    return problems


def _close_paragraph(openers: list[int], end: int, total: int, start: int | None, first_line: int,
                     lines: list[str], offsets: list[int], once) -> int:
    """Add a finished paragraph's scan (from each opener to the paragraph's end) to ``total``."""
    if not openers:
        return total
    end -= 1  # the paragraph ends before the newline that ended its last line
    scan = sum(end - position for position in openers)
    total += scan
    if total > MAX_SCAN:
        once("markup-too-dense", first_line + start, 1, limit=MAX_SCAN, chars=SCAN_CHARACTERS_TEXT)
    return total


SCAN_CHARACTERS_TEXT = " ".join(f"'{c}'" for c in SCAN_CHARACTERS)
