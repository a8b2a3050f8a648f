"""The coverage matrix (companies × indicators) as static views, paginated.

A *view* is one organisation type (or every type) crossed with one period (or each company's
latest disclosure).  Every view is its own set of pages, so a reader filters by following a
link: it works without JavaScript and across pages, which a script filtering the rows of one
page cannot do.  URLs:

* ``matrix/`` — every type, each company's latest disclosure (page 2: ``matrix/all/latest/2/``);
* ``matrix/<type>/<period>/`` with ``<type>`` an organisation type or ``all`` and ``<period>`` a
  year or ``latest``; page *n* > 1 at ``matrix/<type>/<period>/<n>/``.

A period view holding exactly the rows of the latest view of the same type (a registry with one
period) is not generated again: its link goes to the latest view.  Each row is in at most two
views per dimension (all types and its own type; latest and its own period), so the matrix pages
hold at most 2 × (companies + disclosures) rows in all — linear in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..framework import Framework, Status
from ..model import Disclosure, Registry

ALL_TYPES = "all"
LATEST = "latest"
PAGE_SIZE = 200


def page_base(type_: str, period: str, number: int = 1) -> str:
    """The page base (see :func:`macros.site.pages.relative_url`) of page ``number`` of a view."""
    if (type_, period, number) == (ALL_TYPES, LATEST, 1):
        return "matrix/index"
    return f"matrix/{type_}/{period}/" + ("index" if number == 1 else str(number))


@dataclass(frozen=True)
class Facet:
    """One choice of the filter bar: a type or period, its row count, and where it leads."""

    value: str
    count: int
    target: str | None  # page base of the view's first page; None when the view has no rows
    current: bool


@dataclass
class MatrixPage:
    type: str
    period: str
    number: int
    pages: int
    base: str
    rows: list[Disclosure]
    total_rows: int  # rows of the whole view
    pager: list[tuple[int, str]]  # (page number, page base) of the view
    type_facets: list[Facet]
    period_facets: list[Facet]


def _views(registry: Registry, types: list[str]) -> dict[tuple[str, str], list[Disclosure]]:
    latest = registry.latest_disclosures()  # sorted by company
    everything = sorted(registry.disclosures, key=lambda d: (d.company.slug, d.period))
    periods = sorted({d.period for d in everything}, reverse=True)
    views: dict[tuple[str, str], list[Disclosure]] = {}
    for type_ in [ALL_TYPES, *types]:
        def keep(d: Disclosure) -> bool:
            return type_ == ALL_TYPES or d.company.type == type_
        views[(type_, LATEST)] = [d for d in latest if keep(d)]
        for period in periods:
            views[(type_, period)] = [d for d in everything if d.period == period and keep(d)]
    return views


def organisation_types(registry: Registry, frameworks: list[Framework]) -> list[str]:
    """Types used by the registry's companies, in framework order (unknown ones last, sorted)."""
    used = {d.company.type for d in registry.disclosures}
    ordered = [t for f in frameworks for t in f.organisation_types if t in used]
    ordered = list(dict.fromkeys(ordered))
    return ordered + sorted(used - set(ordered))


def matrix_pages(registry: Registry, frameworks: list[Framework], page_size: int = PAGE_SIZE) -> list[MatrixPage]:
    """Every page of every view, the first page of every-type × latest first."""
    types = organisation_types(registry, frameworks)
    views = _views(registry, types)
    periods = [p for (t, p) in views if t == ALL_TYPES and p != LATEST]

    # a period view with the latest view's rows links there instead of being generated
    target: dict[tuple[str, str], tuple[str, str] | None] = {}
    for (type_, period), rows in views.items():
        if not rows and (type_, period) != (ALL_TYPES, LATEST):
            target[(type_, period)] = None
        elif period != LATEST and [d.key for d in rows] == [d.key for d in views[(type_, LATEST)]]:
            target[(type_, period)] = (type_, LATEST)
        else:
            target[(type_, period)] = (type_, period)

    def first_page(key: tuple[str, str]) -> str | None:
        where = target[key]
        return page_base(*where) if where else None

    pages: list[MatrixPage] = []
    for key, rows in views.items():
        if target[key] != key:
            continue
        type_, period = key
        type_facets = [Facet(t, len(views[(t, period)]), first_page((t, period)),
                             target[(t, period)] == key) for t in [ALL_TYPES, *types]]
        period_facets = [Facet(p, len(views[(type_, p)]), first_page((type_, p)),
                               target[(type_, p)] == key) for p in [LATEST, *periods]]
        count = max(1, -(-len(rows) // page_size))
        pager = [(n, page_base(type_, period, n)) for n in range(1, count + 1)]
        for number, base in pager:
            pages.append(MatrixPage(type_, period, number, count, base,
                                    rows[(number - 1) * page_size: number * page_size], len(rows), pager,
                                    type_facets, period_facets))
    return pages


# -- cell levels ---------------------------------------------------------------------------

def status_levels(frameworks: list[Framework]) -> dict[Status, str]:
    """Each reported status's place on its indicators' scale: ``top``, ``mid`` or ``low``.

    Ranks compare within an indicator, not across indicators: "publicly disclosed" has rank 1
    but is the best a company can do on its indicator, so it is ``top`` like "policy and
    action" (rank 2).  Omission statuses are ``omission``.
    """
    levels: dict[Status, str] = {}
    for framework in frameworks:
        top: dict[str, int] = {}
        bottom: dict[str, int] = {}
        for indicator in framework.indicators.values():
            ranks = [framework.statuses[s].rank for s in indicator.statuses]
            ranks = [r for r in ranks if r is not None]
            for status_id in indicator.statuses:
                if ranks:
                    top[status_id] = max(top.get(status_id, ranks[0]), max(ranks))
                    bottom[status_id] = min(bottom.get(status_id, ranks[0]), min(ranks))
        for status in framework.statuses.values():
            if status.rank is None:
                level = "omission"
            elif status.rank >= top.get(status.id, status.rank):
                level = "top"
            elif status.rank <= bottom.get(status.id, status.rank):
                level = "low"
            else:
                level = "mid"
            levels.setdefault(status, level)
    return levels


LEVEL_ORDER = {"top": 3, "mid": 2, "low": 1, "omission": 0, "none": -1}


class CellRenderer:
    """The HTML of matrix cells, made once per status and language and joined per row.

    A cell is ``<td><span class="csr-cell" data-csr-level=…>short label</span></td>``: a short text
    for the level (colour only adds to it), the status's own label as tooltip.  Rendering the
    cells in Python rather than with a template macro per cell keeps a matrix of thousands of
    rows cheap to build.
    """

    def __init__(self, levels: dict[Status, str], strings: dict[str, dict[str, str]]):
        self.levels = levels
        self.strings = strings
        self._cells: dict[tuple[int, str], str] = {}  # (id of the status object, lang) -> html

    def cell(self, status: Status | None, lang: str) -> str:
        key = (id(status), lang)  # statuses live as long as their framework; hashing them is slow
        html = self._cells.get(key)
        if html is None:
            if status is None:
                level, title = "none", self.strings["not_addressed"][lang]
            else:
                level, title = self.levels.get(status, "mid"), status.label.get(lang)
            html = self.span(level, lang, title)
            self._cells[key] = html
        return html

    def span(self, level: str, lang: str, title: str | None = None) -> str:
        title_attr = f' title="{escape(title, quote=True)}"' if title else ""
        return (f'<span class="csr-cell" data-csr-level="{level}"{title_attr}>'
                f'{escape(self.strings["short_" + level][lang])}</span>')

    def row(self, disclosure: Disclosure, indicators: list, lang: str) -> str:
        """The ``<td>`` cells of one disclosure's row, in the order of ``indicators`` (a phone
        labels each with its indicator's code from :func:`labels_style`, once per table)."""
        statuses = disclosure.framework.statuses
        by_indicator = {claim.indicator: claim for claim in disclosure.claims}
        parts = []
        for indicator in indicators:
            claim = by_indicator.get(indicator.id)
            parts.append("<td>" + self.cell(statuses[claim.status] if claim else None, lang) + "</td>")
        return "".join(parts)


# the width below which csr.css shows the matrix as one card per row (its @media rule)
PHONE = "screen and (max-width:44.9375em)"


def css_string(text: str) -> str:
    """``text`` as a CSS string: letters, digits and a few safe marks as they are, everything
    else (quotes, backslashes, ``<``, newlines) as a hexadecimal escape."""
    return '"' + "".join(char if char.isalnum() or char in " .-_()" else f"\\{ord(char):x} "
                         for char in text) + '"'


def labels_style(table: str, labels) -> str:
    """A ``<style>`` that labels, on a phone (where a table is shown as cards), the cells of each
    ``(column, text)`` in ``labels`` (1 for the first column) of the table ``table`` (a CSS
    selector the template writes, never text from a disclosure) with ``text``.  Written once
    per table instead of a ``data-label`` on every cell (a fifth of a matrix page's bytes)."""
    rules = "".join(f"{table} td:nth-child({column})::before{{content:{css_string(text)}}}"
                    for column, text in labels)
    return f"<style>@media {PHONE}{{{rules}}}</style>"


def matrix_labels(indicators: list, first: int) -> str:
    """The matrix's phone labels: each indicator's code, from column ``first`` onwards."""
    return labels_style("#csr-matrix", [(first + number, indicator.code) for number, indicator in enumerate(indicators)])
