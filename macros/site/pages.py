"""Render the generated pages of the site from the registry.

Every page is Markdown with front matter, rendered from a Jinja2 template in
``macros/templates/`` (or a registry's own ``overrides/csr/``).  Disclosure text is passed to templates as data (never as template
source), escaped for the context it lands in; the narrative Markdown is inserted verbatim and
sanitised after rendering (see :mod:`macros.site.sanitize`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup, escape

from .. import catalogue, languages
from ..framework import Framework
from ..jsonschema import build_schemas
from ..model import Claim, Disclosure, Registry, Shown
from . import deferred, exports, history, matrix, redirects, stats, story, svg
from .strings import STRINGS, t

LANGS = languages.CODES
MATRIX_PAGE_SIZE = matrix.PAGE_SIZE
HOME_LATEST = 10  # disclosures listed on the home page (each company's latest, newest first)
REPORTS_INDICATOR = "disclosure-reports"  # 5.3.2: its statuses are the kinds of report (statistics page)
CONTENT_INDEX_ANCHOR = "csr-indicator-summary"  # the content index: a section of the disclosure page
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"  # package data


@dataclass(frozen=True)
class GeneratedPage:
    """A page to add to the site: ``src_uri`` is relative to the docs root (``x/y.zh.md``)."""

    src_uri: str
    content: str
    kind: str


# -- URLs --------------------------------------------------------------------------------

def page_dir(base: str) -> str:
    """The directory URL (relative to a language root) of a page base path like ``companies/x/2022``."""
    if base == "index":
        return ""
    if base.endswith("/index"):
        return base[: -len("index")]
    return base + "/"


def relative_url(from_base: str, to_base: str, anchor: str = "") -> str:
    # pure string work: posixpath.relpath looks up the working directory on every call, and
    # generated pages make tens of thousands of links
    source = page_dir(from_base).split("/")[:-1]
    target = page_dir(to_base).split("/")[:-1]
    common = 0
    while common < len(source) and common < len(target) and source[common] == target[common]:
        common += 1
    url = "/".join([".."] * (len(source) - common) + target[common:])
    url = url + "/" if url else "./"
    return url + (f"#{anchor}" if anchor else "")


# -- escaping ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>()#+!|~&\"']")


def md_inline(value: Any) -> Markup:
    """Escape text for a Markdown inline context (headings): no markup, no attr_list, no HTML."""
    return Markup(_MD_SPECIAL.sub(lambda m: f"&#{ord(m[0])};", str(value)))


def yaml_string(value: Any) -> Markup:
    """A YAML-safe scalar for front matter (JSON is YAML)."""
    return Markup(json.dumps(str(value), ensure_ascii=True))


generic_template = catalogue.generic  # a catalogue template with its placeholders shown as "…"


_CJK_RUN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
                      "(?:[\\s\"']*[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+)*")


def _breakable(text: str) -> Markup:
    """Escaped, with a line-break opportunity after each slash: a path wraps between its parts
    on a narrow screen instead of inside a word."""
    return Markup("/<wbr>").join(escape(part) for part in text.split("/"))


def mark_chinese(text: Any, lang: str) -> Markup:
    """``text`` escaped (paths breakable after their slashes); on a page not in Chinese, each run
    of Chinese marked ``lang="zh"`` (an English hint quoting a Chinese example, say)."""
    text = str(text)
    if lang == "zh":
        return _breakable(text)
    parts, at = [], 0
    for match in _CJK_RUN.finditer(text):
        parts += [_breakable(text[at:match.start()]), Markup('<span lang="zh">{}</span>').format(match[0])]
        at = match.end()
    parts.append(_breakable(text[at:]))
    return Markup("").join(parts)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


# -- the renderer ------------------------------------------------------------------------

class SiteRenderer:
    def __init__(self, registry: Registry, templates_dir: Path | None = None, cache=None,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        self.registry = registry
        self.cache = cache  # a macros.site.rendercache.RenderCache: companies' pages of an earlier build
        # a registry's own templates first, then the package's; "package/<name>" is always the
        # package's template, so that an override can extend it and replace single blocks:
        # {% extends "package/company.md.j2" %}{% block identity %}...{% endblock %}
        dirs = [str(templates_dir)] if templates_dir else []
        if str(PACKAGE_TEMPLATES) not in dirs:
            dirs.append(str(PACKAGE_TEMPLATES))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([
                jinja2.FileSystemLoader(dirs),
                jinja2.PrefixLoader({"package": jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES))})]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # ``{#id}`` is Markdown attr_list syntax for heading anchors, so Jinja comments
            # are written ``{## ... ##}`` instead.
            comment_start_string="{##",
            comment_end_string="##}",
            bytecode_cache=bytecode_cache,
        )
        self.env.filters["md"] = md_inline
        self.env.filters["yaml"] = yaml_string
        self.env.filters["percent"] = percent
        self.env.filters["generic"] = generic_template
        self.env.filters["mark_chinese"] = mark_chinese
        self.env.globals["url"] = relative_url
        self.env.globals["STRINGS"] = STRINGS
        self.env.globals["UNTRUSTED_MARK"] = Markup(deferred.UNTRUSTED_MARK)
        self.env.globals["TRUSTED_MARK"] = Markup(deferred.TRUSTED_MARK)
        self.env.globals["BOX_MARK"] = Markup(deferred.BOX_MARK)  # .format escapes the anchor
        self.env.globals["tx"] = shown_text
        self._levels = matrix.status_levels(list(registry.frameworks.values()))
        by_id = {id(status): level for status, level in self._levels.items()}  # hashing a Status is slow
        self.env.globals["level_of"] = lambda status: by_id.get(id(status)) or self._levels.get(status, "mid")
        badges: dict[tuple[int, str], Markup] = {}

        def badge(status, lang: str) -> Markup:
            """A status with its text label (colour only adds to it); made once per status."""
            key = (id(status), lang)  # statuses live as long as their framework
            if key not in badges:
                if status is None:
                    badges[key] = Markup('<span class="csr-status" data-csr-level="none">{}</span>').format(
                        STRINGS["not_addressed"][lang])
                else:  # the level colours it and sorts it (csr.css, csr.js); the label names it
                    badges[key] = Markup('<span class="csr-status" data-csr-level="{}">{}</span>').format(
                        self.env.globals["level_of"](status), status.label.get(lang))
            return badges[key]

        self.env.globals["badge"] = badge
        cells = matrix.CellRenderer(self._levels, STRINGS)
        self.env.globals["matrix_row"] = lambda d, indicators, lang: Markup(cells.row(d, indicators, lang))
        self.env.globals["matrix_cell"] = lambda level, lang: Markup(cells.span(level, lang))
        self.env.globals["matrix_labels"] = lambda indicators, first: Markup(matrix.matrix_labels(indicators, first))
        self.env.globals["card_labels"] = lambda table, labels: Markup(matrix.labels_style(table, labels.items()))
        self._matrix: list[matrix.MatrixPage] | None = None
        self._indicator_rows = self._status_by_indicator()

    # -- data prepared once ----------------------------------------------------------------

    def _status_by_indicator(self) -> dict[str, list[tuple[Disclosure, Claim | None]]]:
        rows: dict[str, list[tuple[Disclosure, Claim | None]]] = {}
        for disclosure in self.registry.latest_disclosures():
            for indicator_id in disclosure.framework.indicators:
                rows.setdefault(indicator_id, []).append((disclosure, disclosure.claim_for(indicator_id)))
        return rows

    def frameworks_in_use(self) -> list[Framework]:
        used = {d.framework.id for d in self.registry.disclosures}
        frameworks = [f for f in self.registry.frameworks.values() if f.id in used or not used]
        return sorted(frameworks, key=lambda f: f.id)

    # -- rendering ---------------------------------------------------------------------------

    def render(self, template: str, lang: str, base: str, **context: Any) -> str:
        def tr(key: str) -> str:
            return t(key, lang)

        def link(to_base: str, anchor: str = "") -> str:
            return relative_url(base, to_base, anchor)

        return self.env.get_template(template).render(lang=lang, base=base, t=tr, link=link,
                                                      site_root=site_root(base, lang), **context)

    def pages(self, langs: Iterable[str] = LANGS) -> Iterable[GeneratedPage]:
        """Every generated page, in each of ``langs`` (both languages by default)."""
        registry = self.registry
        by_company = registry.by_company()
        inputs = registry.inputs_fingerprint()
        for lang in langs:
            if self.cache is None:
                yield from self._registry_pages(lang)
            else:
                yield from self.cache.registry_pages(lang, inputs, lambda: self._registry_pages(lang))
            for slug, periods in by_company.items():
                if self.cache is None:
                    yield from self._company_pages(slug, periods, lang)
                else:
                    yield from self.cache.pages(slug, lang, registry.inputs.get(slug),
                                                lambda: self._company_pages(slug, periods, lang))

    def _registry_pages(self, lang: str) -> Iterable[GeneratedPage]:
        """The pages that list every company: home, indexes, indicator pages and the views."""
        registry = self.registry
        latest = registry.latest_disclosures()
        frameworks = self.frameworks_in_use()
        recent = sorted(latest, key=lambda d: (d.published, d.company.slug), reverse=True)[:HOME_LATEST]
        yield self._page("index", lang, "home.md.j2", "home", latest=latest, frameworks=frameworks,
                         registry=registry, coverage=coverage, recent=recent)
        yield self._page("companies/index", lang, "companies.md.j2", "companies", latest=latest,
                         registry=registry, coverage=coverage)
        yield self._page("indicators/index", lang, "indicators.md.j2", "indicators",
                         frameworks=frameworks, rows=self._indicator_rows)
        yield self._page("reference/errors", lang, "errors.md.j2", "errors", rules=catalogue.RULES)
        yield from self._views(lang, frameworks)
        for framework in frameworks:
            for topic in framework.topics:
                for indicator in topic.indicators:
                    yield self._page(f"indicators/{indicator.id}", lang, "indicator.md.j2", "indicator",
                                     framework=framework, topic=topic, indicator=indicator,
                                     rows=self._indicator_rows.get(indicator.id, []))

    def _company_pages(self, slug: str, periods: list[Disclosure], lang: str) -> Iterable[GeneratedPage]:
        """A company's page and its disclosure pages (made from the company's files alone)."""
        company = self.registry.companies[slug]
        yield self._page(f"companies/{slug}/index", lang, "company.md.j2", "company",
                         company=company, periods=periods, coverage=coverage)
        for disclosure in periods:
            rows = claim_rows(disclosure)
            before = history.previous(periods, disclosure)
            yield self._page(f"companies/{slug}/{disclosure.period}", lang, "disclosure.md.j2",
                             "disclosure", d=disclosure, company=company, periods=periods,
                             rows=rows, story=story.story(disclosure, lang),
                             glance=glance(rows, self._levels),
                             translation_state=translation_state(disclosure),
                             coverage=coverage, previous=before,
                             changes=history.compare(before, disclosure) if before else [])
            # the content index is a section of the disclosure page; its old URL redirects there
            yield GeneratedPage(f"companies/{slug}/{disclosure.period}-index/index.{lang}.html",
                                redirects.stub(f"../{disclosure.period}/#{CONTENT_INDEX_ANCHOR}", lang),
                                "redirect")

    def _views(self, lang: str, frameworks: list[Framework]) -> Iterable[GeneratedPage]:
        """Registry-wide views: coverage matrix (static views by type and period), statistics, downloads."""
        registry = self.registry
        framework = frameworks[0] if frameworks else None
        if self._matrix is None:  # the same views in every language
            self._matrix = matrix.matrix_pages(registry, frameworks, MATRIX_PAGE_SIZE)
        indicators = [i for topic in framework.topics for i in topic.indicators] if framework else []
        type_labels = {t: next((f.organisation_types[t].label.get(lang) for f in frameworks
                                if t in f.organisation_types), t)
                       for t in matrix.organisation_types(registry, frameworks)}
        legend = matrix_legend(frameworks, self._levels)
        for page in self._matrix:
            yield self._page(page.base, lang, "matrix.md.j2", "matrix", page=page, indicators=indicators,
                             legend=legend, type_labels=type_labels, page_size=MATRIX_PAGE_SIZE,
                             coverage=coverage)
        if framework is not None:
            latest = registry.latest_disclosures()
            items = stats.indicator_stats(latest, framework)
            summary = stats.summary(latest, framework)
            types = stats.organisation_types(latest, framework)
            reports = next((item for item in items if item.indicator.id == REPORTS_INDICATOR), None)
            yield self._page("statistics/index", lang, "statistics.md.j2", "statistics", framework=framework,
                             stats=items, summary=summary, charts=indicator_charts(items, framework, lang),
                             topic_chart=topic_chart(summary, framework, lang), types=types,
                             types_chart=share_chart(t("organisation_types", lang), [
                                 (framework.organisation_types[s.type].label.get(lang)
                                  if s.type in framework.organisation_types else s.type, s.percent, s.baseline)
                                 for s in types], lang),
                             reports=reports,
                             reports_chart=share_chart(t("report_types", lang), [
                                 (framework.statuses[c.baseline.status].label.get(lang), c.percent, c.baseline.percent)
                                 for c in reports.baselines], lang) if reports and reports.baselines else "",
                             disclosing_baseline=baseline_percent(framework, "disclosure-channels", "disclosed"),
                             governance_baseline=baseline_percent(framework, "governance-system", "system-and-team"))
        yield self._page("downloads/index", lang, "downloads.md.j2", "downloads",
                         schemas=sorted(build_schemas(registry.frameworks)), csv_columns=exports.CSV_COLUMNS)

    def _page(self, base: str, lang: str, template: str, kind: str, **context: Any) -> GeneratedPage:
        content = self.render(template, lang, base, **context)
        return GeneratedPage(f"{base}.{lang}.md", content, kind)


# -- view helpers (pure) -----------------------------------------------------------------

def site_root(base: str, lang: str) -> str:
    """Relative URL from a page to the site root (where downloads/ lives)."""
    depth = page_dir(base).count("/") + languages.root(lang).count("/")
    return "../" * depth or "./"


def baseline_percent(framework: Framework, indicator_id: str, status: str) -> float | None:
    indicator = framework.indicators.get(indicator_id)
    for b in indicator.baseline if indicator else ():
        if b.status == status:
            return b.percent
    return None


def _legend(lang: str) -> list[tuple[str, str]]:
    return [("registry", t("registry_share", lang)), ("baseline", t("survey_share", lang))]


def indicator_charts(items, framework: Framework, lang: str) -> dict[str, str]:
    charts = {}
    for item in items:
        groups = []
        for c in item.baselines:
            label = framework.statuses[c.baseline.status].label.get(lang)
            if c.baseline.match == "at-least":
                label = f"{label} ({t('at-least', lang)})"
            groups.append((label, [svg.Bar(label, c.percent, "registry"), svg.Bar(label, c.baseline.percent, "baseline")]))
        if groups:
            title = f"{item.indicator.code} {item.indicator.name.get(lang)}"
            charts[item.indicator.id] = svg.bar_chart(title, t("statistics_lead", lang), groups, _legend(lang))
    return charts


def share_chart(title: str, rows, lang: str) -> str:
    """Registry share beside the survey's for rows of (label, registry percent, survey percent)."""
    groups = [(label, [svg.Bar(label, mine, "registry"), svg.Bar(label, survey, "baseline")])
              for label, mine, survey in rows]
    return svg.bar_chart(title, title, groups, _legend(lang))


def matrix_legend(frameworks: list[Framework], levels: dict) -> list[tuple[str, list]]:
    """(level, statuses at that level on their indicators' scale) for the matrix legend."""
    used = [f.statuses[s] for f in frameworks for i in f.indicators.values() for s in i.statuses]
    used += [s for f in frameworks for s in f.statuses.values() if s.omission]
    legend = []
    for level in ("top", "mid", "low", "omission"):
        legend.append((level, list(dict.fromkeys(s for s in used if levels.get(s) == level))))
    return legend + [("none", [])]


def topic_chart(summary, framework: Framework, lang: str) -> str:
    groups = [(f"{topic.code} {topic.name.get(lang)}",
               [svg.Bar(topic.name.get(lang), stats.share(*summary.topic_coverage[topic.id]))])
              for topic in framework.topics]
    return svg.bar_chart(t("topic_coverage", lang), t("topic_coverage", lang), groups)


def coverage(disclosure: Disclosure) -> tuple[int, int]:
    """(indicators with a reported status, indicators in the framework)."""
    reported = sum(1 for claim in disclosure.claims if not disclosure.framework.statuses[claim.status].omission)
    return reported, len(disclosure.framework.indicators)


def claim_rows(disclosure: Disclosure) -> list[dict[str, Any]]:
    """One row per framework indicator, in framework order, claimed or not."""
    rows = []
    for topic in disclosure.framework.topics:
        for indicator in topic.indicators:
            claim = disclosure.claim_for(indicator.id)
            rows.append({"topic": topic, "indicator": indicator, "claim": claim,
                         "status": disclosure.framework.statuses[claim.status] if claim else None})
    return rows


def glance(rows: list[dict[str, Any]], levels: dict) -> list[tuple[str, int]]:
    """How many indicators are at each level of their own scale (and omitted, not addressed)."""
    counts = dict.fromkeys(("top", "mid", "low", "omission", "none"), 0)
    for row in rows:
        counts["none" if row["status"] is None else levels.get(row["status"], "mid")] += 1
    return list(counts.items())


def shown_text(shown: Shown, lang: str) -> Markup:
    """A text of a disclosure, escaped, marked with its language where it is not the page's."""
    if shown.lang == lang:
        return escape(shown.text)
    return Markup('<span lang="{}">{}</span>').format(shown.lang, shown.text)


def translation_state(disclosure: Disclosure) -> str:
    if disclosure.en is None:
        return "missing"
    return "complete" if disclosure.en.complete else "incomplete"


def escape_attr(value: str) -> Markup:
    return escape(value)
