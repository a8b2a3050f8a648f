"""Static, accessible SVG bar charts drawn at build time (no JavaScript, no web fonts).

Each label stands on its own line(s) above its bars and uses the chart's whole width; labels are
wrapped at word boundaries (Chinese between characters) by an estimate of their width that errs
on the wide side, so no label runs past the chart's edge whatever sans-serif font the reader has.
A label that still could not fit (one very long word) is squeezed to the width with
``textLength``.  Bars of one group (this registry and the white paper's survey) share a label
and are told apart by a legend, colour and the value written beside each bar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 420  # viewBox width; the stylesheet shows charts at most this wide, so 1 unit = 1 CSS px
FONT = 13  # px, label and value text (the stylesheet sets the same size)
LINE = 17  # label line height
BAR = 14
GAP = 12  # between groups
VALUE_WIDTH = 56  # room for "100.0%" right of the bars
INSET = 2  # labels start this far in: some glyphs reach a little left of their origin


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float | None
    kind: str = "registry"  # registry | baseline


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_NARROW = set("iljtfr.,;:!|'`()[]{} ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = FONT) -> float:
    """An upper estimate of ``text``'s width in px at ``size`` in a common sans-serif font
    (DejaVu Sans, the widest of the usual ones, is the reference)."""
    width = 0.0
    for char in text:
        if _CJK.match(char):
            width += 1.0
        elif char in _WIDE:
            width += 1.0
        elif char in _NARROW:
            width += 0.4
        elif char.isupper():
            width += 0.78
        elif char.isdigit():
            width += 0.66
        elif char.isascii():
            width += 0.64
        else:
            width += 0.8
    return width * size


def _tokens(text: str) -> list[str]:
    """Pieces a line may break after: a word with its trailing space, or one Chinese character."""
    return re.findall(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+\s*|\s+", text)


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """``text`` in lines no wider than ``width`` (by :func:`text_width`), broken between words."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def bar_chart(title: str, description: str, groups: list[tuple[str, list[Bar]]],
              legend: list[tuple[str, str]] = ()) -> str:
    """Horizontal bars from 0 to 100 %, in groups under a label; every bar carries its value.

    ``legend``: (kind, text) pairs explaining the bar colours, drawn above the groups.
    """
    plot = WIDTH - VALUE_WIDTH
    parts: list[str] = []
    y = 4.0
    if legend:
        x = float(INSET)
        for kind, text in legend:
            if x > INSET and x + BAR + 6 + text_width(text) > WIDTH - INSET:
                x, y = float(INSET), y + LINE
            parts.append(f'<rect x="{x:g}" y="{y + 2:g}" width="{BAR - 2}" height="{BAR - 2}" '
                         f'class={quoteattr("csr-chart__bar csr-chart__bar--" + kind)}/>')
            parts.append(_text(x + BAR + 2, y + FONT, text, "csr-chart__legend", WIDTH - INSET - x - BAR - 2))
            x += BAR + 6 + text_width(text) + 16
        y += LINE + 6
    for label, bars in groups:
        for line in wrap(label, WIDTH - 2 * INSET):
            y += LINE
            parts.append(_text(INSET, y - 4, line, "csr-chart__label", WIDTH - 2 * INSET))
        y += 2
        for bar in bars:
            value = 0.0 if bar.percent is None else max(0.0, min(100.0, bar.percent))
            length = round(plot * value / 100, 1)
            shown = "—" if bar.percent is None else f"{bar.percent:.1f}%"
            parts.append(f'<rect x="0" y="{y:g}" width="{plot}" height="{BAR}" class="csr-chart__track"/>')
            parts.append(f'<rect x="0" y="{y:g}" width="{length:g}" height="{BAR}" '
                         f'class={quoteattr("csr-chart__bar csr-chart__bar--" + bar.kind)}/>')
            parts.append(_text(plot + 6, y + BAR - 2, shown, "csr-chart__value", VALUE_WIDTH - 6 - INSET))
            y += BAR + 3
        y += GAP
    height = round(y)
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="csr-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
        *parts,
        "</svg>",
    ])


def _text(x: float, y: float, text: str, css_class: str, room: float) -> str:
    """A line of text at (x, baseline y); squeezed into ``room`` if it could be wider."""
    squeeze = f' textLength="{room:g}" lengthAdjust="spacingAndGlyphs"' if text_width(text) > room else ""
    return f'<text x="{x:g}" y="{y:g}" class="{css_class}"{squeeze}>{escape(text)}</text>'
