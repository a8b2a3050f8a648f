"""The registry's data model: companies, their disclosures per period, and claims."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .diagnostics import Diagnostic
from .framework import Framework, Text
from .sections import Section


# Chinese (and other CJK) characters and punctuation: text holding any of them is shown to
# English readers as Chinese, so it needs a translation
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese (CJK) characters or punctuation."""
    return bool(_CJK.search(text))


class Shown(NamedTuple):
    """A text as a page shows it, and the language it is in (``zh`` where a translation is
    missing on an English page, so that the page can mark it ``lang="zh"``)."""

    text: str
    lang: str


@dataclass(frozen=True)
class Evidence:
    url: str
    title: str
    line: int = 0
    title_line: int = 0  # where the title is written (the line of a translation warning)


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | float
    unit: str = ""
    label: str = ""
    line: int = 0
    unit_line: int = 0
    label_line: int = 0


@dataclass(frozen=True)
class Claim:
    indicator: str
    status: str
    section: str = ""
    reason: str = ""
    explanation: str = ""
    evidence: tuple[Evidence, ...] = ()
    figures: tuple[Figure, ...] = ()
    line: int = 0
    explanation_line: int = 0

    @property
    def is_omission(self) -> bool:
        return bool(self.reason)


@dataclass(frozen=True)
class WrittenClaim:
    """A claim as written on the Chinese page, valid or not, and the lines it spans: lets a
    report say that a claim missing from :attr:`Disclosure.claims` is invalid (and why, from
    the diagnostics in its lines) rather than dropped."""

    indicator: str  # as written; "" when missing or not text
    status: str  # as written; "" when missing or not text
    line: int  # the list item's first line
    end_line: int  # its last line (the line before the next item or key)
    valid: bool


@dataclass(frozen=True)
class Company:
    slug: str
    name: Text
    type: str
    website: str
    path: str


@dataclass
class PageText:
    """The translatable side of one language's page."""

    lang: str
    path: str
    title: str
    summary: str
    body: str
    body_line: int
    sections: list[Section]
    summary_line: int = 0

    def anchors(self) -> list[str]:
        return [section.anchor for section in self.sections]

    def section(self, anchor: str) -> Section | None:
        for section in self.sections:
            if section.anchor == anchor:
                return section
        return None


@dataclass
class Translation:
    """The English page: text only, plus what is missing compared with the Chinese page."""

    page: PageText
    explanations: dict[str, str] = field(default_factory=dict)
    figure_labels: dict[str, str] = field(default_factory=dict)
    figure_units: dict[str, str] = field(default_factory=dict)  # figure name -> English unit
    evidence_titles: dict[str, str] = field(default_factory=dict)  # evidence URL -> English title
    missing_sections: list[str] = field(default_factory=list)  # anchors ("" for the introduction)
    missing_keys: list[str] = field(default_factory=list)  # untranslated texts of the front matter

    @property
    def complete(self) -> bool:
        return not self.missing_sections and not self.missing_keys


@dataclass
class Disclosure:
    company: Company
    period: str
    framework: Framework
    published: _dt.date
    zh: PageText
    claims: list[Claim]
    en: Translation | None = None
    # What the Chinese page mentions, valid or not: cross-checks use these so that one
    # mistake in a claim is reported once, not again by every rule that depends on it.
    mentioned_indicators: set[str] = field(default_factory=set)
    explained_indicators: set[str] = field(default_factory=set)
    labelled_figures: set[str] = field(default_factory=set)
    written_claims: list[WrittenClaim] = field(default_factory=list)
    unit_figures: set[str] = field(default_factory=set)
    evidence_urls: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.company.slug}/{self.period}"

    def claim_for(self, indicator_id: str) -> Claim | None:
        for claim in self.claims:
            if claim.indicator == indicator_id:
                return claim
        return None

    def title(self, lang: str) -> str:
        if lang == "en" and self.en is not None:
            return self.en.page.title
        return self.zh.title

    def summary(self, lang: str) -> str:
        if lang == "en" and self.en is not None:
            return self.en.page.summary
        return self.zh.summary

    def explanation(self, claim: Claim, lang: str) -> str:
        if lang == "en" and self.en is not None and claim.indicator in self.en.explanations:
            return self.en.explanations[claim.indicator]
        return claim.explanation

    def figure_label(self, figure: Figure, lang: str) -> str:
        if lang == "en" and self.en is not None and figure.name in self.en.figure_labels:
            return self.en.figure_labels[figure.name]
        return figure.label or figure.name

    # -- texts as a page in ``lang`` shows them, with the language they are in ------------------

    def _shown(self, chinese: str, english: str | None, lang: str) -> Shown:
        if lang == "zh":
            return Shown(chinese, "zh")
        if english is not None:
            return Shown(english, lang)
        return Shown(chinese, "zh" if has_cjk(chinese) else lang)

    def _translation(self, table: str, key: str) -> str | None:
        return getattr(self.en, table).get(key) if self.en is not None else None

    def shown_title(self, lang: str) -> Shown:
        return self._shown(self.zh.title, self.en.page.title if self.en is not None else None, lang)

    def shown_summary(self, lang: str) -> Shown:
        english = self.en.page.summary if self.en is not None and self.en.page.summary else None
        return self._shown(self.zh.summary, english, lang)

    def shown_explanation(self, claim: Claim, lang: str) -> Shown:
        return self._shown(claim.explanation, self._translation("explanations", claim.indicator), lang)

    def shown_figure_label(self, figure: Figure, lang: str) -> Shown:
        if not figure.label:
            return Shown(figure.name, lang)
        return self._shown(figure.label, self._translation("figure_labels", figure.name), lang)

    def shown_figure_unit(self, figure: Figure, lang: str) -> Shown:
        return self._shown(figure.unit, self._translation("figure_units", figure.name), lang)

    def shown_evidence_title(self, evidence: Evidence, lang: str) -> Shown:
        return self._shown(evidence.title, self._translation("evidence_titles", evidence.url), lang)

    def shown_section_title(self, anchor: str, lang: str) -> Shown:
        """The heading of the section ``anchor`` (the anchor itself if there is no such heading)."""
        section = self.zh.section(anchor)
        english = self.en.page.section(anchor) if lang != "zh" and self.en is not None else None
        if section is None and english is None:
            return Shown(anchor, lang)
        return self._shown(section.title if section else "", english.title if english else None, lang)


@dataclass
class Registry:
    root: Path
    frameworks: dict[str, Framework]
    companies: dict[str, Company] = field(default_factory=dict)
    disclosures: list[Disclosure] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    # company slug -> fingerprint of the files it was read from (only when read with a cache:
    # macros.registrycache); pages made from a company alone are reused while it is the same
    inputs: dict[str, str] = field(default_factory=dict)

    def inputs_fingerprint(self) -> list[list[str]] | None:
        """Every company's fingerprint, in order, if each company has one: what pages and files
        made from the whole registry depend on (``None``: they must be made)."""
        if not set(self.inputs) >= set(self.companies):
            return None
        return sorted([slug, key] for slug, key in self.inputs.items() if slug in self.companies)

    @property
    def errors(self) -> list[Diagnostic]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [problem for problem in self.problems if not problem.is_error]

    def periods(self, slug: str) -> list[Disclosure]:
        """A company's disclosures, oldest period first (one pass over the registry: for one
        company; :meth:`by_company` groups them all at once)."""
        return sorted((d for d in self.disclosures if d.company.slug == slug), key=lambda d: d.period)

    def by_company(self) -> dict[str, list[Disclosure]]:
        """Each company's disclosures, oldest period first, companies by id; companies without
        a disclosure are left out.  One pass over the registry: linear in its size."""
        groups: dict[str, list[Disclosure]] = {}
        for disclosure in self.disclosures:
            groups.setdefault(disclosure.company.slug, []).append(disclosure)
        return {slug: sorted(groups[slug], key=lambda d: d.period) for slug in sorted(groups)}

    def latest(self, slug: str) -> Disclosure | None:
        periods = self.periods(slug)
        return periods[-1] if periods else None

    def latest_disclosures(self) -> list[Disclosure]:
        latest: dict[str, Disclosure] = {}
        for disclosure in self.disclosures:
            current = latest.get(disclosure.company.slug)
            if current is None or disclosure.period > current.period:
                latest[disclosure.company.slug] = disclosure
        return [latest[slug] for slug in sorted(latest)]
