"""Validation rules of the English page (the translation): text keys only, nothing that
contradicts the Chinese page, section anchors that match it, and what is left untranslated.

Like :mod:`macros.validate` (whose body, link and placeholder checks it shares): parsed
documents in, diagnostics appended to ``problems``, model objects out.  No I/O, no MkDocs.
"""

from __future__ import annotations

import difflib

from . import diagnostics as diag
from .frontmatter import Document
from .model import Disclosure, PageText, Translation, has_cjk
from .schema import ENGLISH_PAGE, FACT_KEYS, Checker
from .validate import check_body, check_links, check_placeholders, page_text


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
    check_placeholders(document, problems, body=True)
    body_ok = check_body(document, problems)
    page = page_text(document, "en", data, body_ok)
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
