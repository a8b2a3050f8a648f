"""The registry's data model: companies, their disclosures per period, and claims."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .framework import Framework, Text
from .sections import Section


@dataclass(frozen=True)
class Evidence:
    url: str
    title: str
    line: int = 0


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | float
    unit: str = ""
    label: str = ""
    line: int = 0


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
    missing_sections: list[str] = field(default_factory=list)
    missing_keys: list[str] = field(default_factory=list)

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


@dataclass
class Registry:
    root: Path
    frameworks: dict[str, Framework]
    companies: dict[str, Company] = field(default_factory=dict)
    disclosures: list[Disclosure] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0

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
