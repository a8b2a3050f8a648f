"""Static, accessible SVG bar charts drawn at build time (no JavaScript, no web fonts)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float | None
    kind: str = "registry"  # registry | baseline


def bar_chart(title: str, description: str, bars: list[Bar], width: int = 640, label_width: int = 260) -> str:
    """Horizontal bars from 0 to 100 %; every bar carries its value as text."""
    value_width, bar_height, gap = 56, 18, 8
    plot = width - label_width - value_width
    height = len(bars) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="csr-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]
    for index, bar in enumerate(bars):
        y = gap + index * (bar_height + gap)
        value = 0.0 if bar.percent is None else max(0.0, min(100.0, bar.percent))
        length = round(plot * value / 100, 1)
        text = "—" if bar.percent is None else f"{bar.percent:.1f}%"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end" class="csr-chart__label">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(f'<rect x="{label_width}" y="{y}" width="{plot}" height="{bar_height}" class="csr-chart__track"/>')
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'class={quoteattr("csr-chart__bar csr-chart__bar--" + bar.kind)}/>'
        )
        parts.append(
            f'<text x="{label_width + plot + 6}" y="{y + bar_height - 5}" class="csr-chart__value">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
