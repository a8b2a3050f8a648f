"""Text-level comparison of two versions of a disclosure page, for `csr diff`.

A page's body is cut into sections at its headings (matched across versions by anchor; the
text before the first heading is the *introduction*, anchor ``""``), each section into
sentences (after 。！？； and, followed by a space or the end, after . ! ? ;; and at line
breaks), and changed sentences into tokens for an inline diff: one token per CJK character
(Chinese has no spaces, and a changed character is the smallest honest unit), one per run of
letters and digits (``100`` → ``50`` is one change, not two), one per space run or
punctuation mark.  Everything here is plain data; :mod:`macros.diffreport` renders it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .model import PageText
from .sections import parse as parse_sections

INTRODUCTION = ""  # the anchor of the text before the first heading

_SENTENCE_END = re.compile(r"[。！？；]+[”’」』）》]*|[.!?;]+[\"')\]]*(?=\s|$)")
_TOKEN = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[.,'][0-9A-Za-z]+)*|\s+|.", re.S)
# Enough to pair sentences that are edits of each other; below it a sentence was replaced.
PAIR_RATIO = 0.4
_MAX_TOKENS = 1000  # tokens per side of one sentence diffed token by token (after common ends)
_MAX_SENTENCES = 2000  # sentences per side of one section aligned (after common ends)
_MAX_PAIRING = 400  # sentences per side of one changed run paired by similarity; more: in order


@dataclass(frozen=True)
class Segment:
    """One piece of an inline diff: ``op`` is ``equal``, ``delete`` or ``insert``."""

    op: str
    text: str


@dataclass
class SentenceChange:
    kind: str  # added | removed | changed
    before: str = ""
    after: str = ""

    def segments(self) -> list[Segment]:
        if self.kind == "added":
            return [Segment("insert", self.after)]
        if self.kind == "removed":
            return [Segment("delete", self.before)]
        return inline_diff(self.before, self.after)


@dataclass
class SectionChange:
    anchor: str  # INTRODUCTION for the text before the first heading
    kind: str  # added | removed | changed
    title_before: str | None = None
    title_after: str | None = None
    sentences: list[SentenceChange] = field(default_factory=list)

    @property
    def retitled(self) -> bool:
        return self.kind == "changed" and self.title_before != self.title_after

    @property
    def title(self) -> str:
        return (self.title_after if self.title_after is not None else self.title_before) or ""


@dataclass
class FieldChange:
    """A translatable front-matter text: title, summary, an explanation or a figure label."""

    key: str  # e.g. "title", "explanations.youth-online-addiction"
    before: str | None
    after: str | None

    def sentence(self) -> SentenceChange:
        if self.before is None:
            return SentenceChange("added", after=self.after or "")
        if self.after is None:
            return SentenceChange("removed", before=self.before)
        return SentenceChange("changed", self.before, self.after)


@dataclass
class PageChange:
    """What changed in one language's page of one disclosure."""

    lang: str
    fields: list[FieldChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.fields and not self.sections


# -- sentences and tokens -----------------------------------------------------------------------

def sentences(text: str) -> list[str]:
    """The sentences of ``text``: split at line breaks and sentence ends, stripped, none empty."""
    result = []
    for line in text.splitlines():
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start : match.end()].strip()
            if piece:
                result.append(piece)
            start = match.end()
        rest = line[start:].strip()
        if rest:
            result.append(rest)
    return result


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def similarity(before: str, after: str) -> float:
    """How alike two sentences are (0 to 1), judged on their first 300 tokens."""
    return difflib.SequenceMatcher(None, tokens(before)[:300], tokens(after)[:300], autojunk=False).ratio()


def inline_diff(before: str, after: str) -> list[Segment]:
    """Token-level diff of two versions of a sentence, as equal/delete/insert segments.

    Runs of one or two unchanged characters between two changes are folded into the changes
    (a deletion then an insertion reads better than confetti), and a sentence rewritten
    beyond recognition is one deletion and one insertion.
    """
    old, new = tokens(before), tokens(after)
    prefix, suffix = _common_ends(old, new)
    middle_old, middle_new = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    raw: list[tuple[str, str, str]] = []  # (equal text) or (deleted, inserted)
    equal = prefix + suffix  # tokens unchanged
    if len(middle_old) > _MAX_TOKENS or len(middle_new) > _MAX_TOKENS:  # quadratic beyond: shown whole
        raw.append(("change", "".join(middle_old), "".join(middle_new)))
    else:
        matcher = difflib.SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                raw.append(("equal", "".join(middle_old[i1:i2]), ""))
                equal += i2 - i1
            else:
                raw.append(("change", "".join(middle_old[i1:i2]), "".join(middle_new[j1:j2])))
    if 2 * equal / max(len(old) + len(new), 1) < PAIR_RATIO:  # rewritten beyond recognition
        return [Segment("delete", before), Segment("insert", after)]
    if prefix:
        raw.insert(0, ("equal", "".join(old[:prefix]), ""))
    if suffix:
        raw.append(("equal", "".join(old[len(old) - suffix :]), ""))
    # fold short equal runs sandwiched between changes
    folded: list[list[str]] = []
    for index, (kind, first, second) in enumerate(raw):
        sandwiched = (kind == "equal" and 0 < index < len(raw) - 1 and len(first) <= 2
                      and raw[index - 1][0] == "change" and raw[index + 1][0] == "change")
        if kind == "change" or sandwiched:
            deleted, inserted = (first, first) if sandwiched else (first, second)
            if folded and folded[-1][0] == "change":
                folded[-1][1] += deleted
                folded[-1][2] += inserted
            else:
                folded.append(["change", deleted, inserted])
        else:
            folded.append(["equal", first, ""])
    segments = []
    for kind, first, second in folded:
        if kind == "equal":
            segments.append(Segment("equal", first))
            continue
        if first:
            segments.append(Segment("delete", first))
        if second:
            segments.append(Segment("insert", second))
    return segments


def _common_ends(old: list, new: list) -> tuple[int, int]:
    """How many items ``old`` and ``new`` share at the start, and then at the end."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def _pair(old: list[str], new: list[str]) -> list[SentenceChange]:
    """Align two runs of differing sentences: pairs of edits, the rest removed or added.

    An order-keeping alignment maximising the summed similarity of the pairs (pairs below
    :data:`PAIR_RATIO` are not pairs).
    """
    if len(old) * len(new) > _MAX_PAIRING:
        pairs = [SentenceChange("changed", a, b) for a, b in zip(old, new)]
        pairs += [SentenceChange("removed", before=a) for a in old[len(new):]]
        return pairs + [SentenceChange("added", after=b) for b in new[len(old):]]
    scores = [[similarity(a, b) for b in new] for a in old]
    best = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            paired = scores[i][j] + best[i + 1][j + 1] if scores[i][j] >= PAIR_RATIO else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    result, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        if scores[i][j] >= PAIR_RATIO and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            result.append(SentenceChange("changed", old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            result.append(SentenceChange("removed", before=old[i]))
            i += 1
        else:
            result.append(SentenceChange("added", after=new[j]))
            j += 1
    result += [SentenceChange("removed", before=a) for a in old[i:]]
    return result + [SentenceChange("added", after=b) for b in new[j:]]


def sentence_changes(before: str, after: str) -> list[SentenceChange]:
    old, new = sentences(before), sentences(after)
    prefix, suffix = _common_ends(old, new)
    old, new = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    if len(old) > _MAX_SENTENCES or len(new) > _MAX_SENTENCES:  # quadratic beyond: what went, what came
        old_set, new_set = set(old), set(new)
        return ([SentenceChange("removed", before=s) for s in old if s not in new_set]
                + [SentenceChange("added", after=s) for s in new if s not in old_set])
    changes: list[SentenceChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            changes += [SentenceChange("removed", before=s) for s in old[i1:i2]]
        elif tag == "insert":
            changes += [SentenceChange("added", after=s) for s in new[j1:j2]]
        else:
            changes += _pair(old[i1:i2], new[j1:j2])
    return changes


# -- sections -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    anchor: str
    title: str
    text: str  # the section's own lines, up to the next heading of any level


def parts(page: PageText) -> dict[str, _Part]:
    """The page's body by section, the introduction first; a repeated anchor gets ``~2``, ``~3``."""
    lines = page.body.split("\n")
    headings = parse_sections(page.body, page.body_line)
    first = headings[0].start if headings else len(lines)
    result = {INTRODUCTION: _Part(INTRODUCTION, "", "\n".join(lines[:first]))}
    for position, heading in enumerate(headings):
        end = headings[position + 1].start if position + 1 < len(headings) else len(lines)
        key, count = heading.anchor, 1
        while key in result:
            count += 1
            key = f"{heading.anchor}~{count}"
        result[key] = _Part(key, heading.title, "\n".join(lines[heading.start + 1 : end]))
    return result


def compare_pages(lang: str, before: PageText, after: PageText,
                  fields_before: dict[str, str], fields_after: dict[str, str]) -> PageChange:
    """Sections added, removed, retitled and changed between two versions of one page, and the
    translatable front-matter texts (``fields_*``: key -> text) that changed."""
    change = PageChange(lang)
    for key in sorted(fields_before.keys() | fields_after.keys(), key=_field_order):
        old, new = fields_before.get(key), fields_after.get(key)
        if old != new:
            change.fields.append(FieldChange(key, old, new))
    if before.body == after.body:
        return change
    old_parts, new_parts = parts(before), parts(after)
    order = list(new_parts) + [anchor for anchor in old_parts if anchor not in new_parts]
    for anchor in order:
        old, new = old_parts.get(anchor), new_parts.get(anchor)
        if old is None:
            change.sections.append(SectionChange(anchor, "added", None, new.title,
                                                 [SentenceChange("added", after=s) for s in sentences(new.text)]))
        elif new is None:
            change.sections.append(SectionChange(anchor, "removed", old.title, None,
                                                 [SentenceChange("removed", before=s) for s in sentences(old.text)]))
        else:
            sentences_changed = sentence_changes(old.text, new.text) if old.text != new.text else []
            if sentences_changed or old.title != new.title:
                change.sections.append(SectionChange(anchor, "changed", old.title, new.title, sentences_changed))
    return change


def _field_order(key: str) -> tuple[int, str]:
    head = key.split(".", 1)[0]
    return ({"title": 0, "summary": 1, "explanations": 2, "figure_labels": 3}.get(head, 4), key)
