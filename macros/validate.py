"""Validation rules of company.yml and the Chinese page (the facts): from parsed documents to
model objects, reporting every problem.  The English page's rules: :mod:`macros.translation_rules`.

Each function takes parsed :class:`~macros.frontmatter.Document` objects, appends diagnostics
to ``problems`` and returns model objects built from what is valid.  No I/O, no MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Iterable

from . import bodylinks
from . import diagnostics as diag
from . import limits, placeholders
from . import sections as sections_mod
from .framework import Framework, Text
from .frontmatter import Document
from .model import Claim, Company, Disclosure, Evidence, Figure, PageText, WrittenClaim
from .schema import CHINESE_PAGE, COMPANY, Checker, Field


def check_company(document: Document, slug: str, frameworks: dict[str, Framework],
                  problems: list[diag.Diagnostic]) -> Company | None:
    if document.data is None:
        return None
    org_types = tuple(dict.fromkeys(t for f in frameworks.values() for t in f.organisation_types))

    def choices(field_: Field) -> tuple[str, ...]:
        return org_types if field_.name == "type" else ()

    data = Checker(document.path, document.positions, problems).mapping(document.data, COMPANY, (), choices)
    check_placeholders(document, problems)
    if {"name", "type"} - data.keys():
        return None
    return Company(slug=slug, name=Text(data["name"]["zh"], data["name"]["en"]), type=data["type"],
                   website=data.get("website", ""), path=document.path)


def check_placeholders(document: Document, problems: list[diag.Diagnostic], body: bool = False) -> None:
    """Every placeholder of `csr new` still in the file: in a value (CSR207), in the body (CSR409)."""
    for at, placeholder in placeholders.in_values(document.data):
        line, col = document.positions.value(at)
        problems.append(diag.make("placeholder-value", document.path, line, col, key=placeholders.key_path(at),
                                  value=placeholder.text, what_zh=placeholder.what_zh, what_en=placeholder.what_en))
    if body:
        for line, col, placeholder in placeholders.in_body(document.body, document.body_line):
            problems.append(diag.make("placeholder-in-body", document.path, line, col, value=placeholder.text,
                                      what_zh=placeholder.what_zh, what_en=placeholder.what_en))


FIRST_YEAR = 1990  # the earliest period and publication year a disclosure may have
DATE_MARGIN = _dt.timedelta(days=1)  # "today" somewhere on Earth may be tomorrow in UTC


def today() -> _dt.date:
    """The check's "today": the current UTC date (not the build's reproducible date, which is
    the last commit's: a pull request's publication date may be later than its base commit)."""
    return _dt.datetime.now(_dt.timezone.utc).date()


def _check_dates(checker: Checker, data: dict, period: str, now: _dt.date) -> None:
    """The period (from the file name) and the publication date lie between
    :data:`FIRST_YEAR` and the build date; publication not before the period begins."""
    last = now + DATE_MARGIN
    if period.isdigit() and not FIRST_YEAR <= int(period) <= last.year:
        checker.problems.append(diag.make(
            "date-out-of-range", checker.path, 1, 1, what="the period", what_zh="报告期", value=period,
            first=str(FIRST_YEAR), last=str(last.year)))
        period = ""
    published = data.get("published")
    if not isinstance(published, _dt.date):
        return
    first = _dt.date(FIRST_YEAR, 1, 1)
    if not first <= published <= last:
        checker.report("date-out-of-range", ("published",), what="the publication date", what_zh="发布日期",
                       value=published.isoformat(), first=first.isoformat(), last=last.isoformat())
    elif period.isdigit() and published < _dt.date(int(period), 1, 1):
        checker.report("period-mismatch", ("published",), value=published.isoformat(), period=period)


def check_body(document: Document, problems: list[diag.Diagnostic]) -> bool:
    """The body's limits; ``False`` when it is over one (then nothing else reads it: the other
    rules are only bounded for bodies within the limits)."""
    over = limits.check(document.body, document.body_line, document.path)
    problems.extend(over)
    return not over


def check_links(document: Document, page: PageText, files: set[str] | None,
                problems: list[diag.Diagnostic], more_anchors: Iterable[str] = ()) -> None:
    """The body's links: safe schemes, inside the registry, and (with ``files``, the names of
    the publishable files beside the page) to files and anchors the built page will have."""
    anchors = set(page.anchors()) | set(more_anchors) if files is not None else None
    problems.extend(bodylinks.check(document.body, document.body_line, document.path, _folder(document.path),
                                    files, anchors))


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else "."


def page_text(document: Document, lang: str, data: dict, body_ok: bool = True) -> PageText:
    return PageText(
        lang=lang,
        path=document.path,
        title=data.get("title", ""),
        summary=data.get("summary", ""),
        body=document.body,
        body_line=document.body_line,
        sections=sections_mod.parse(document.body, document.body_line) if body_ok else [],
        summary_line=document.positions.value(("summary",))[0] if "summary" in data else 0,
    )


def check_chinese_page(document: Document, company: Company | None, period: str,
                       frameworks: dict[str, Framework], problems: list[diag.Diagnostic],
                       now: _dt.date | None = None, files: set[str] | None = None,
                       english: Document | None = None) -> Disclosure | None:
    """Check the page that carries the facts; return the disclosure if it is usable.

    ``now`` is the date dates are checked against (default :func:`today`); ``files`` the names
    of the publishable files in the company's folder (links to others are errors); ``english``
    (the translation, if there is one) only helps to find the heading a claim's missing section
    anchor belongs to."""
    if document.data is None:
        return None
    checker = Checker(document.path, document.positions, problems)
    data = checker.mapping(document.data, CHINESE_PAGE, ())
    check_placeholders(document, problems, body=True)
    body_ok = check_body(document, problems)
    page = page_text(document, "zh", data, body_ok)
    if body_ok:
        check_links(document, page, files, problems)

    framework = None
    if "framework" in data:
        framework = frameworks.get(data["framework"])
        if framework is None:
            checker.report("unknown-framework", ("framework",), value=data["framework"],
                           allowed=diag.allowed_list(sorted(frameworks)),
                           **diag.suggestion_args(data["framework"], frameworks))
    published = data.get("published")
    _check_dates(checker, data, period, now or today())

    claims: list[Claim] = []
    valid_items: list[bool] = []
    if framework is not None:
        english_sections = sections_mod.parse(english.body, english.body_line) if english is not None else None
        claims = _check_claims(data.get("claims", []), document, framework, page, checker, valid_items,
                               english_sections, body_ok)
    if framework is None or company is None or "published" not in data or "title" not in data:
        return None
    raw_claims = [c for c in data.get("claims", []) if isinstance(c, dict)]
    disclosure = Disclosure(
        company=company, period=period, framework=framework, published=published, zh=page, claims=claims,
        mentioned_indicators={c["indicator"] for c in raw_claims if c.get("indicator") in framework.indicators},
        explained_indicators={c["indicator"] for c in raw_claims if "indicator" in c and "explanation" in c},
        labelled_figures={f["name"] for c in raw_claims for f in c.get("figures", [])
                          if isinstance(f, dict) and "name" in f and "label" in f},
        written_claims=_written_claims(document, valid_items),
        unit_figures={f["name"] for c in raw_claims for f in c.get("figures", [])
                      if isinstance(f, dict) and "name" in f and "unit" in f},
        evidence_urls={e["url"] for c in raw_claims for e in c.get("evidence", [])
                       if isinstance(e, dict) and isinstance(e.get("url"), str)},
    )
    _check_coverage(disclosure, document, problems)
    return disclosure


def _written_claims(document: Document, valid_items: list[bool]) -> list[WrittenClaim]:
    """Each claim as written, with the lines it spans (for reports; see :class:`WrittenClaim`)."""
    raw = document.data.get("claims") if isinstance(document.data, dict) else None
    if not isinstance(raw, list):
        return []
    starts = [document.positions.key(("claims", index))[0] for index in range(len(raw))]
    key_lines = sorted(document.positions.key((key,))[0] for key in document.data)
    front_end = max(document.body_line - 2, max(starts, default=1))  # the line before the closing ---
    written = []
    for index, item in enumerate(raw):
        later = [line for line in starts[index + 1 :] + key_lines if line > starts[index]]
        end = min(later) - 1 if later else front_end
        fields = item if isinstance(item, dict) else {}
        written.append(WrittenClaim(
            indicator=fields.get("indicator") if isinstance(fields.get("indicator"), str) else "",
            status=fields.get("status") if isinstance(fields.get("status"), str) else "",
            line=starts[index], end_line=max(end, starts[index]),
            valid=index < len(valid_items) and valid_items[index]))
    return written


def _headings_lacking_anchors(page: PageText, missing: list[str],
                              english: list[sections_mod.Section] | None) -> dict[str, sections_mod.Section]:
    """The heading each missing section anchor was meant for, where that is clear: a heading
    written without ``{#anchor}`` (its anchor made from its text, e.g. ``开源回馈``) that stands
    where the English page has a heading with that anchor, or the one such heading left for the
    one anchor left."""
    candidates = [section for section in page.sections if not section.explicit]
    found: dict[str, sections_mod.Section] = {}
    if not candidates or not missing:
        return found
    if english and len(english) == len(page.sections):
        for value in missing:
            for zh_section, en_section in zip(page.sections, english):
                if en_section.anchor == value and not zh_section.explicit and zh_section.level == en_section.level:
                    found[value] = zh_section
    left = [value for value in missing if value not in found]
    unused = [section for section in candidates if section not in found.values()]
    if len(left) == 1 and len(unused) == 1:
        found[left[0]] = unused[0]
    return found


def _check_claims(raw_claims: list[dict], document: Document, framework: Framework, page: PageText,
                  checker: Checker, valid_items: list[bool],
                  english_sections: list[sections_mod.Section] | None = None, body_ok: bool = True) -> list[Claim]:
    claims: list[Claim] = []
    first_claim_line: dict[str, int] = {}
    first_figure_line: dict[str, int] = {}
    anchors = page.anchors()
    missing = list(dict.fromkeys(item["section"] for item in raw_claims
                                 if "section" in item and item["section"] not in anchors))
    lacking = _headings_lacking_anchors(page, missing, english_sections)
    reported_headings: set[str] = set()
    omission_statuses = set(framework.omission_statuses())
    reasons = list(framework.reasons)
    for index, item in enumerate(raw_claims):
        at = ("claims", index)
        line = document.positions.key(at)[0]
        indicator_id = item.get("indicator")
        status = item.get("status")
        valid = True
        if indicator_id is not None and indicator_id not in framework.indicators:
            checker.report("unknown-indicator", at + ("indicator",), value=indicator_id, framework=framework.id,
                           **diag.suggestion_args(indicator_id, framework.indicators))
            valid = False
        elif indicator_id is not None:
            if indicator_id in first_claim_line:
                checker.report("duplicate-claim", at + ("indicator",), indicator=indicator_id,
                               first_line=first_claim_line[indicator_id])
                valid = False
            else:
                first_claim_line[indicator_id] = line
            allowed = framework.allowed_statuses(indicator_id)
            if status is not None and status not in allowed:
                checker.report("status-not-allowed", at + ("status",), indicator=indicator_id, value=status,
                               allowed=diag.allowed_list(allowed), **diag.suggestion_args(status, allowed))
                valid = False
        if indicator_id is None or status is None:
            valid = False

        is_omission = status in omission_statuses
        if status is not None and valid:
            if is_omission:
                if "reason" not in item and ("claims", index, "reason") not in document.positions.values:
                    checker.report("reason-required", at, status=status, allowed=diag.allowed_list(reasons))
                    valid = False
                if "explanation" not in item and ("claims", index, "explanation") not in document.positions.values:
                    checker.report("explanation-required", at, status=status)
                    valid = False
            else:
                for key in ("reason", "explanation"):
                    if key in item:
                        checker.report("omission-key-on-reported-claim", at + (key,), status=status, key=key)
                        valid = False
                if "section" not in item and ("claims", index, "section") not in document.positions.values:
                    checker.report("section-required", at, status=status)
                    valid = False
        if "reason" in item and item["reason"] not in framework.reasons:
            checker.report("invalid-value", at + ("reason",), key="reason", value=item["reason"],
                           allowed=diag.allowed_list(reasons), **diag.suggestion_args(item["reason"], reasons))
            valid = False
        if "section" in item and item["section"] in lacking:
            # one mistake, one message: at the heading that lacks the anchor, not at the claim
            heading, value = lacking[item["section"]], item["section"]
            if value not in reported_headings:
                reported_headings.add(value)
                claim_line = document.positions.value(at + ("section",))[0]
                checker.problems.append(diag.make(
                    "heading-anchor-missing", document.path, heading.line, 1, title=heading.title, value=value,
                    claim_line=claim_line, heading=f"{'#' * heading.level} {heading.title}"))
            valid = False
        elif "section" in item and body_ok and item["section"] not in anchors:  # an unread body: no anchors
            checker.report("section-not-found", at + ("section",), value=item["section"],
                           allowed=diag.allowed_list(anchors) or "—",
                           **diag.suggestion_args(item["section"], anchors))
            valid = False

        figures = []
        for f_index, figure in enumerate(item.get("figures", [])):
            f_at = at + ("figures", f_index)
            if "name" not in figure or "value" not in figure:
                continue
            f_line = document.positions.key(f_at)[0]
            if figure["name"] in first_figure_line:
                checker.report("duplicate-figure", f_at + ("name",), name=figure["name"],
                               first_line=first_figure_line[figure["name"]])
                continue
            first_figure_line[figure["name"]] = f_line
            figures.append(Figure(figure["name"], figure["value"], figure.get("unit", ""),
                                  figure.get("label", ""), f_line,
                                  document.positions.value(f_at + ("unit",))[0] if "unit" in figure else 0,
                                  document.positions.value(f_at + ("label",))[0] if "label" in figure else 0))
        evidence = tuple(
            Evidence(e["url"], e["title"], document.positions.key(at + ("evidence", e_index))[0],
                     document.positions.value(at + ("evidence", e_index, "title"))[0])
            for e_index, e in enumerate(item.get("evidence", []))
            if "url" in e and "title" in e
        )
        valid_items.append(valid)
        if valid:
            claims.append(Claim(
                indicator=indicator_id, status=status, section=item.get("section", ""),
                reason=item.get("reason", ""), explanation=item.get("explanation", ""),
                evidence=evidence, figures=tuple(figures), line=line,
                explanation_line=document.positions.value(at + ("explanation",))[0] if "explanation" in item else 0,
            ))
    # the headings found above have the anchor their claims meant (for the translation's check)
    for value, heading in lacking.items():
        page.sections[page.sections.index(heading)] = dataclasses.replace(heading, anchor=value)
    return claims


def _check_coverage(disclosure: Disclosure, document: Document, problems: list[diag.Diagnostic]) -> None:
    missing = [i for i in disclosure.framework.indicators if i not in disclosure.mentioned_indicators]
    if missing:
        line, col = document.positions.key(("claims",))
        problems.append(diag.make("indicator-not-addressed", document.path, line, col,
                                  count=len(missing), indicators=", ".join(missing)))
