"""A disclosure's narrative as a page shows it: the author's sections in the author's order, each
with the claims that point to it.

The narrative is cut into *pieces*: the introduction (the text before the first heading) and
one piece per heading (the heading and its own text, up to the next heading of any level).  On
the Chinese page the pieces are the Chinese page's.  On the English page they follow the order
of the Chinese page: each section the translation has is shown in English; each one it lacks is
shown in Chinese, in its place, once, and marked as Chinese (a run of such pieces is wrapped in
one element with ``lang="zh"``).  English sections whose anchor the Chinese page lacks (an error,
CSR504) stay after the English section before them, so no text is lost.

Pieces hold the disclosure's Markdown as data; templates insert it verbatim below
:data:`macros.site.deferred.UNTRUSTED_MARK` and the sanitiser cleans the rendered page.  A piece
never ends inside an open code fence: a fence left open by the author is closed, so that it
cannot swallow the pieces after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Claim, Disclosure, PageText

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class Piece:
    heading: str  # the Markdown heading line; "" for the introduction
    text: str  # the Markdown below the heading, up to the next heading
    anchor: str  # "" for the introduction
    lang: str  # the language the piece is written in
    claims: list[Claim] = field(default_factory=list)  # claims whose section is this anchor
    opens: bool = False  # the first of a run of pieces in another language than the page
    closes: bool = False  # the last of such a run


def _close_fences(text: str) -> str:
    fence = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if not match:
            continue
        marker = match[1]
        if fence is None:
            fence = marker
        elif marker[0] == fence[0] and len(marker) >= len(fence):
            fence = None
    text = text.strip("\n")
    return text + ("\n" + fence if fence else "")


def _pieces(page: PageText, lang: str) -> tuple[Piece, list[Piece]]:
    """The introduction and one piece per heading of ``page``."""
    lines = page.body.split("\n")
    sections = sorted(page.sections, key=lambda s: s.start)
    first = sections[0].start if sections else len(lines)
    intro = Piece("", _close_fences("\n".join(lines[:first])), "", lang)
    pieces = []
    for number, section in enumerate(sections):
        end = sections[number + 1].start if number + 1 < len(sections) else len(lines)
        pieces.append(Piece(lines[section.start].strip(), _close_fences("\n".join(lines[section.start + 1: end])),
                            section.anchor, lang))
    return intro, pieces


def _mark_runs(pieces: list[Piece], lang: str) -> list[Piece]:
    for number, piece in enumerate(pieces):
        if piece.lang == lang:
            continue
        piece.opens = number == 0 or pieces[number - 1].lang != piece.lang
        piece.closes = number + 1 == len(pieces) or pieces[number + 1].lang != piece.lang
    return pieces


def story(disclosure: Disclosure, lang: str) -> list[Piece]:
    """The pieces of the narrative shown on the ``lang`` page, with their claims."""
    zh_intro, zh_pieces = _pieces(disclosure.zh, "zh")
    translation = disclosure.en if lang != "zh" else None
    if translation is None:  # the Chinese page, or no English page: the Chinese text (marked as such)
        ordered = [zh_intro, *zh_pieces]
    else:
        en_intro, en_pieces = _pieces(translation.page, lang)
        known = {piece.anchor for piece in zh_pieces}
        english: dict[str, Piece] = {}
        followers: dict[str, list[Piece]] = {}  # anchor of the piece before -> English pieces without a pair
        before = ""
        for piece in en_pieces:
            if piece.anchor in known and piece.anchor not in english:
                english[piece.anchor] = piece
                before = piece.anchor
            else:
                followers.setdefault(before, []).append(piece)
        ordered = [en_intro if en_intro.text.strip() else zh_intro, *followers.get("", [])]
        for piece in zh_pieces:
            if piece.anchor in english:
                ordered += [english[piece.anchor], *followers.get(piece.anchor, [])]
            else:
                ordered.append(piece)
    ordered = [piece for piece in ordered if piece.heading or piece.text.strip()]
    by_anchor: dict[str, list[Claim]] = {}
    for indicator in disclosure.framework.indicators:
        claim = disclosure.claim_for(indicator)
        if claim is not None and claim.section:
            by_anchor.setdefault(claim.section, []).append(claim)
    for piece in ordered:
        if piece.heading:
            piece.claims = by_anchor.pop(piece.anchor, [])  # once, under the first heading with the anchor
    return _mark_runs(ordered, lang)
