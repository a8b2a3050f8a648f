"""Headings of a Markdown body: their anchors, as the site will render them, and their text.

Anchors follow the site's Markdown configuration: an explicit attr_list id
(``## 开源回馈 {#open-source}``) wins; otherwise the heading text is slugified with
``pymdownx.slugs.slugify(case="lower")`` (which keeps Chinese characters), and repeated anchors
get ``_1``, ``_2`` suffixes like Python-Markdown's ``toc`` extension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pymdownx.slugs import slugify as _make_slugify

_slugify = _make_slugify(case="lower")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# one pass per line, no nested quantifiers: the closing #s and the attribute list are taken off
# the end in Python (see macros/limits.py for why every pattern here stays linear)
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?\Z")
_ATTR_ID = re.compile(r"\{[^{}]*?#([^\s{}]+)[^{}]*\}\Z")
_ATTR_ANY = re.compile(r"\{:?[^{}]*\}\Z")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_MARK = re.compile(r"[*_`~]+")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int
    line: int  # file line of the heading
    start: int  # index of the heading line in the body's lines
    end: int  # index one past the section's last line (next heading of the same or higher level)
    explicit: bool = False  # the anchor is written in the heading ({#anchor}), not made from its text


def slugify(text: str) -> str:
    return _slugify(text, "-")


def _plain(text: str) -> str:
    text = _INLINE_LINK.sub(r"\1", text)
    return _INLINE_MARK.sub("", text).strip()


def _unique(anchor: str, used: set[str]) -> str:
    while anchor in used or not anchor:
        match = _COUNTED.match(anchor)
        anchor = f"{match[1]}_{int(match[2]) + 1}" if match else f"{anchor}_1"
    return anchor


def parse(body: str, first_line: int = 1) -> list[Section]:
    """Every ATX heading outside fenced code, with its anchor and extent."""
    lines = body.split("\n")
    raw: list[tuple[int, int, str, str | None]] = []  # index, level, title, explicit id
    fence: str | None = None
    fenced = "```" in body or "~~~" in body  # otherwise no line opens a fence
    for index, line in enumerate(lines):
        fence_match = _FENCE.match(line) if fenced else None
        if fence_match:
            marker = fence_match[1]
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None or "#" not in line:  # a heading has a "#"
            continue
        match = _ATX.match(line)
        if not match:
            continue
        text = (match[2] or "").rstrip(" \t").rstrip("#").rstrip(" \t")
        explicit = None
        brace = text.rfind("{")
        tail = text[brace:].rstrip() if brace != -1 else ""
        id_match = _ATTR_ID.match(tail)
        if id_match:
            explicit = id_match[1]
            text = text[:brace].rstrip()
        elif _ATTR_ANY.match(tail):
            text = text[:brace].rstrip()
        raw.append((index, len(match[1]), _plain(text), explicit))

    used = {explicit for _, _, _, explicit in raw if explicit}
    sections: list[Section] = []
    for position, (index, level, title, explicit) in enumerate(raw):
        if explicit:
            anchor = explicit
        else:
            anchor = _unique(slugify(title), used)
            used.add(anchor)
        end = len(lines)
        for later_index, later_level, _, _ in raw[position + 1 :]:
            if later_level <= level:
                end = later_index
                break
        sections.append(Section(anchor, title, level, first_line + index, index, end, bool(explicit)))
    return sections


def section_text(body: str, section: Section) -> str:
    """The Markdown of one section, heading included."""
    return "\n".join(body.split("\n")[section.start : section.end]).rstrip() + "\n"
