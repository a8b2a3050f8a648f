"""Validation rules: from parsed documents to model objects, reporting every problem.

Each function takes parsed :class:`~macros.frontmatter.Document` objects, appends diagnostics
to ``problems`` and returns model objects built from what is valid.  No I/O, no MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
from typing import Iterable

from . import bodylinks
from . import diagnostics as diag
from . import limits, placeholders
from . import sections as sections_mod
from .framework import Framework, Text
from .frontmatter import Document
from .model import Claim, Company, Disclosure, Evidence, Figure, PageText, Translation, WrittenClaim, has_cjk
from .schema import CHINESE_PAGE, COMPANY, ENGLISH_PAGE, FACT_KEYS, Checker, Field


def check_company(document: Document, slug: str, frameworks: dict[str, Framework],
                  problems: list[diag.Diagnostic]) -> Company | None:
    if document.data is None:
        return None
    org_types = tuple(dict.fromkeys(t for f in frameworks.values() for t in f.organisation_types))

    def choices(field_: Field) -> tuple[str, ...]:
        return org_types if field_.name == "type" else ()

    data = Checker(document.path, document.positions, problems).mapping(document.data, COMPANY, (), choices)
    _check_placeholders(document, problems)
    if {"name", "type"} - data.keys():
        return None
    return Company(slug=slug, name=Text(data["name"]["zh"], data["name"]["en"]), type=data["type"],
                   website=data.get("website", ""), path=document.path)


def _check_placeholders(document: Document, problems: list[diag.Diagnostic], body: bool = False) -> None:
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


def _page_text(document: Document, lang: str, data: dict, body_ok: bool = True) -> PageText:
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
    _check_placeholders(document, problems, body=True)
    body_ok = check_body(document, problems)
    page = _page_text(document, "zh", data, body_ok)
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


def check_translation(document: Document, disclosure: Disclosure | None, chinese: Document | None,
                      problems: list[diag.Diagnostic], files: set[str] | None = None) -> Translation | None:
    """Check the English page: text keys only, nothing that contradicts the Chinese page."""
    if document.data is None:
        return None
    checker = Checker(document.path, document.positions, problems)
    facts = {key: value for key, value in document.data.items() if key in FACT_KEYS}
    text_only = {key: value for key, value in document.data.items() if key not in FACT_KEYS}
    for key in facts:
        where_en = f"Facts belong in the Chinese page; remove {key!r} here."
        where_zh = f"事实只写在中文页；请在此删除 {key!r}。"
        if chinese is not None:
            zh_name = chinese.path.rsplit("/", 1)[-1]
            if chinese.data and key in chinese.data:
                zh_line = chinese.positions.key((key,))[0]
                where_en = f"{key!r} is already stated in {zh_name} line {zh_line}; remove it here."
                where_zh = f"{key!r} 已写在 {zh_name} 第 {zh_line} 行；请在此删除。"
            else:
                where_en = f"Move {key!r} to {zh_name}; the English page only translates it."
                where_zh = f"把 {key!r} 移到 {zh_name}；英文页只做翻译。"
        line, col = document.positions.key((key,))
        problems.append(diag.make("fact-in-translation", document.path, line, col, key=key,
                                  where=where_en, where_zh=where_zh))
    data = checker.mapping(text_only, ENGLISH_PAGE, ())
    _check_placeholders(document, problems, body=True)
    body_ok = check_body(document, problems)
    page = _page_text(document, "en", data, body_ok)
    if body_ok:  # the English page shows the Chinese sections it lacks: their anchors are there too
        check_links(document, page, files, problems, disclosure.zh.anchors() if disclosure else ())
    translation = Translation(page=page, explanations=data.get("explanations", {}),
                              figure_labels=data.get("figure_labels", {}),
                              figure_units=data.get("figure_units", {}),
                              evidence_titles=data.get("evidence_titles", {}))
    if disclosure is None:
        return translation

    omitted = disclosure.explained_indicators
    for indicator_id in translation.explanations:
        if indicator_id not in omitted:
            unclaimed = indicator_id not in disclosure.mentioned_indicators
            reason_en = "has no claim for it" if unclaimed else "gives it no explanation"
            reason_zh = "没有该指标的声明" if unclaimed else "没有为它写解释"
            line, col = document.positions.key(("explanations", indicator_id))
            problems.append(diag.make("translation-contradicts", document.path, line, col,
                                      indicator=indicator_id, what_zh="解释", what_en="an explanation",
                                      reason_zh=reason_zh, reason_en=reason_en))
    for table, names, what_zh, what_en, reason_zh, reason_en in (
        ("figure_labels", disclosure.labelled_figures, "数据标签", "a figure label",
         "没有带标签的同名数据", "has no labelled figure of that name"),
        ("figure_units", disclosure.unit_figures, "数据单位", "a figure unit",
         "没有带单位的同名数据", "has no figure of that name with a unit"),
        ("evidence_titles", disclosure.evidence_urls, "证据标题", "an evidence title",
         "没有链接到该地址的证据", "has no evidence with that URL"),
    ):
        for name in getattr(translation, table):
            if name not in names:
                line, col = document.positions.key((table, name))
                problems.append(diag.make("translation-contradicts", document.path, line, col,
                                          indicator=name, what_zh=what_zh, what_en=what_en,
                                          reason_zh=reason_zh, reason_en=reason_en))

    _check_anchors(disclosure, translation, problems)
    _check_untranslated(disclosure, translation, problems)
    return translation


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _short_text(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_anchors(disclosure: Disclosure, translation: Translation, problems: list[diag.Diagnostic]) -> None:
    """English headings pair with Chinese ones by anchor: an anchor of the English page that the
    Chinese page lacks is an error (with the heading it most likely translates); each Chinese
    section without an English one is reported where it is written in the Chinese page."""
    zh, en = disclosure.zh, translation.page
    zh_anchors = zh.anchors()
    zh_set, en_set = set(zh_anchors), set(en.anchors())
    untranslated = [s for s in zh.sections if s.anchor not in en_set]
    strays = [s for s in en.sections if s.anchor not in zh_set]
    paired: set[str] = set()  # Chinese sections an unknown English anchor is reported against
    for number, stray in enumerate(strays):
        guess = _likely_source(stray, number, zh.sections, en.sections, untranslated, zh_set)
        if guess is not None:
            paired.add(guess.anchor)
        if guess is None:
            suggestion = {"suggestion_zh": "", "suggestion_en": ""}
        else:
            suggestion = {
                "suggestion_zh": f"，是否应为 #{guess.anchor}（「{guess.title}」，{_name(zh.path)} 第 {guess.line} 行）？",
                "suggestion_en": f"; did you mean #{guess.anchor} (\u201c{guess.title}\u201d, {_name(zh.path)} "
                                 f"line {guess.line})?",
            }
        problems.append(diag.make("translation-anchor-unknown", en.path, stray.line, 1, anchor=stray.anchor,
                                  zh_name=_name(zh.path), expected=guess.anchor if guess else "…",
                                  heading="#" * stray.level + " " + stray.title,
                                  allowed=diag.allowed_list(zh_anchors) or "—", **suggestion))

    en_name = _name(en.path)
    missing = []
    if _introduction(zh) and not _introduction(en):
        missing.append("")
        line = zh.body_line + next(i for i, text in enumerate(zh.body.split("\n")) if text.strip())
        problems.append(diag.make("translation-incomplete", zh.path, line, 1, en_name=en_name,
                                  what_zh="开头一段（第一个标题之前的文字）",
                                  what_en="the introduction (the text before the first heading)",
                                  example_zh="在第一个标题之前写上英文的开头一段",
                                  example_en="the English introduction, before the first heading"))
    for section in untranslated:
        missing.append(section.anchor)
        if section.anchor in paired:  # one mistake, one message: the CSR504 above names this section
            continue
        heading = "#" * section.level + f" … {{#{section.anchor}}}"
        problems.append(diag.make("translation-incomplete", zh.path, section.line, 1, en_name=en_name,
                                  what_zh=f"章节 #{section.anchor}「{section.title}」",
                                  what_en=f"section #{section.anchor} \u201c{section.title}\u201d",
                                  example_zh=heading, example_en=heading))
    translation.missing_sections = missing


def _likely_source(stray, number: int, zh_sections, en_sections, untranslated, zh_set):
    """The Chinese heading an English heading with an unknown anchor most likely translates:
    the closest untranslated anchor by spelling, else the untranslated heading in its place."""
    if not untranslated:
        close = difflib.get_close_matches(stray.anchor, [s.anchor for s in zh_sections], n=1, cutoff=0.6)
        return next(s for s in zh_sections if s.anchor == close[0]) if close else None
    close = difflib.get_close_matches(stray.anchor, [s.anchor for s in untranslated], n=1, cutoff=0.6)
    if close:
        return next(s for s in untranslated if s.anchor == close[0])
    # in its place: the Chinese section after the one the previous known English heading translates
    before = [s.anchor for s in en_sections if s.line < stray.line and s.anchor in zh_set]
    order = [s.anchor for s in zh_sections]
    position = order.index(before[-1]) + 1 if before else 0
    for section in zh_sections[position:]:
        if section in untranslated:
            return section
    return untranslated[min(number, len(untranslated) - 1)]


def _introduction(page: PageText) -> bool:
    """Whether the page has text before its first heading."""
    first = min((s.start for s in page.sections), default=None)
    lines = page.body.split("\n")
    return any(line.strip() for line in (lines[:first] if first is not None else lines))


def _check_untranslated(disclosure: Disclosure, translation: Translation, problems: list[diag.Diagnostic]) -> None:
    """Every text of the Chinese front matter that an English page would show in Chinese."""
    zh_path, en_name = disclosure.zh.path, _name(translation.page.path)
    missing: list[str] = []

    def report(key: str, line: int, text: str, what_zh: str, what_en: str, example: str) -> None:
        missing.append(key)
        problems.append(diag.make("text-untranslated", zh_path, line, 1, en_name=en_name, text=_short_text(text),
                                  what_zh=what_zh, what_en=what_en, example=example))

    if has_cjk(disclosure.zh.summary) and not translation.page.summary:
        report("summary", disclosure.zh.summary_line, disclosure.zh.summary, "摘要", "the summary",
               'summary: "…"')
    for claim in disclosure.claims:
        if claim.explanation and has_cjk(claim.explanation) and claim.indicator not in translation.explanations:
            report(f"explanations.{claim.indicator}", claim.explanation_line, claim.explanation,
                   f"{claim.indicator} 的省略解释", f"the explanation for {claim.indicator}",
                   f'explanations:\n  {claim.indicator}: "…"')
        for figure in claim.figures:
            if figure.label and has_cjk(figure.label) and figure.name not in translation.figure_labels:
                report(f"figure_labels.{figure.name}", figure.label_line, figure.label,
                       f"数据 {figure.name} 的标签", f"the label of figure {figure.name}",
                       f'figure_labels:\n  {figure.name}: "…"')
            if figure.unit and has_cjk(figure.unit) and figure.name not in translation.figure_units:
                report(f"figure_units.{figure.name}", figure.unit_line, figure.unit,
                       f"数据 {figure.name} 的单位", f"the unit of figure {figure.name}",
                       f'figure_units:\n  {figure.name}: "…"')
        for evidence in claim.evidence:
            if has_cjk(evidence.title) and evidence.url not in translation.evidence_titles:
                report(f"evidence_titles.{evidence.url}", evidence.title_line, evidence.title,
                       "证据标题", f"the title of the evidence {evidence.url}",
                       f'evidence_titles:\n  "{evidence.url}": "…"')
    translation.missing_keys = list(dict.fromkeys(missing))
