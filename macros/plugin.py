"""The MkDocs plugin: it only adapts MkDocs' events to the modules that do the work.  Besides
this file, MkDocs is touched only by :mod:`macros.site.theme` (what the plugin adds to the
configuration), :mod:`macros.site.translations` (its public ``load_config`` and ``build``) and
:mod:`macros.site.page_reuse` (pages of the previous build: the public attributes of MkDocs' pages).

One ``mkdocs build`` builds the source language (zh) at the site root and starts one more build
per translation (en) of the same ``mkdocs.yml``, with ``CSR_LANGUAGE`` set
(:mod:`macros.site.translations`); mkdocs-static-i18n builds the one language it is told to
(``build_only_locale: !ENV [CSR_LANGUAGE, zh]``).

* ``on_config``: read and check the registry, render and stage the pages
  (:mod:`macros.site.preparation`, which reuses unchanged companies); add the package's theme files, stylesheet and script;
  language roots for the switcher (:mod:`macros.site.language_links`); in the source build,
  begin publication (:mod:`macros.site.publication`) and start the translations.
* incremental builds (unless ``CSR_CACHE=0``): a page whose inputs did not change since the last
  build is not rendered again (:mod:`macros.site.page_reuse`: ``on_files``, ``on_page_markdown``,
  ``on_env``, ``on_post_page``), compiled templates are kept (:mod:`macros.site.templatecache`), the search index and link check of an unchanged site are reused
  (:mod:`macros.site.sitecache`); everything lives under ``.cache/csr``.
* page events: escape theme text, set generated tables and a disclosure page's trailer aside
  (:mod:`macros.site.deferred`), sanitise disclosure HTML (:mod:`macros.site.sanitize`), add
  the trailer, per-page language links.
* ``on_post_build``: in the source build, wait for the translations and publish (which builds the
  search index of the merged site: :mod:`macros.site.search`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.toc import AnchorLink

from . import environment, fingerprint, forking, languages, report
from .diagnostics import counted
from .site import (compact, deferred, icons, language_links, merge, page_reuse, preparation, progress, publication,
                   publish, sanitize, searchparts, templatecache, translations)
from .site.theme import add_theme_files, check_i18n

log = logging.getLogger("mkdocs.plugins.csr")


class CsrConfig(Config):
    registry = c.Type(str, default="")  # registry root; default: the folder of mkdocs.yml
    templates = c.Type(str, default="overrides/csr")  # a registry's own page templates, if any
    staging_dir = c.Type(str, default=".cache/csr/docs")
    warnings_fail = c.Type(bool, default=False)  # registry warnings fail a strict build
    # companies per part of the search index, about: fewer means less memory per Pagefind run and
    # quicker rebuilds, more means fewer parts for a query to download (macros/site/searchparts.py)
    search_part_companies = c.Type(int, default=searchparts.COMPANIES_PER_PART)


class CsrPlugin(BasePlugin[CsrConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.language = languages.SOURCE.code  # the language this build publishes
        self.prepared: preparation.Prepared | None = None
        self.publication: publication.Publication | None = None
        self.translations: list[translations.TranslationBuild] = []
        self.templates_dir: Path | None = None
        self.source_docs_dir: str | None = None
        self.deferred_token = deferred.new_token()
        self.deferred: dict[str, bytes] = {}
        self.pages_built = 0
        self.pages_started = 0.0
        self.trailers: dict[str, bytes] = {}
        self.reuse: page_reuse.PageReuse | None = None
        self._nav = None

    def on_startup(self, *, command, dirty):
        self.command = command

    @event_priority(100)  # before mkdocs-static-i18n reads the files
    def on_config(self, config):
        progress.quieten_third_parties()
        self.language = environment.building_language() or languages.SOURCE.code
        check_i18n(config, self.language)
        project = Path(config.config_file_path or ".").resolve().parent
        root = (project / self.config.registry).resolve() if self.config.registry else project
        self.templates_dir = (project / self.config.templates).resolve()
        staging_dir = (project / self.config.staging_dir).resolve()
        only = environment.only_companies()
        self.source_docs_dir = self.source_docs_dir or config.docs_dir
        self.deferred, self.trailers = {}, {}
        if not self.is_translation:  # one build at a time; counts warnings from here on (strict builds)
            try:
                self.publication = publication.begin(Path(config.site_dir), strict=config.strict,
                                                     site_url=config.site_url, in_place=self.command == "serve",
                                                     lock_path=staging_dir.with_name("build.lock"),
                                                     cache_dir=staging_dir.with_name("site")
                                                     if environment.page_reuse_allowed() else None,
                                                     search_part_companies=self.config.search_part_companies)
            except publication.PublicationRefused as error:
                raise PluginError(f"csr: {error}") from None
        self.prepared = preparation.reuse(root, staging_dir, only) if self.is_translation else None
        if self.prepared is None:
            self.prepared = self._prepare(root, staging_dir, only)
        config.docs_dir = str(self.prepared.staging_dir)
        config.extra["alternate"] = language_links.roots(config.site_url)
        add_theme_files(config, self.language, serving=self.command == "serve")
        self.reuse = None
        if environment.page_reuse_allowed():
            profile = f"{self.language}-{self.command}" + (f"-{fingerprint.digest(sorted(only))[:12]}" if only else "")
            self.reuse = page_reuse.PageReuse(staging_dir.with_name("pages") / profile, config)
        self.pages_built, self.pages_started = 0, time.perf_counter()
        if self.is_translation:
            config.site_url = language_links.language_url(config.site_url, self.language)
            return config
        publish.set_reproducible_date(root)
        config.site_dir = str(self.publication.built)
        for watched in (self.source_docs_dir, str(root / "disclosures"), str(self.templates_dir)):
            if Path(watched).exists() and watched not in config.watch:
                config.watch.append(watched)
        fork = self.command == "build" and forking.can_fork()
        if "search" in config.plugins or "material/search" in config.plugins:
            log.info("csr: Material's search plugin is listed in mkdocs.yml, but the site is searched with "
                     "Pagefind, which the csr plugin builds: remove `- search` from the plugins; it only "
                     "slows the build / 网站搜索由 csr 插件用 Pagefind 构建，可从 plugins 中删除 search")
        self.translations = translations.start_all(
            Path(config.config_file_path), self.publication.built,
            {"strict": config.strict, "use_directory_urls": config.use_directory_urls}, fork=fork,
            command=self.command)
        return config

    @property
    def is_translation(self) -> bool:
        return self.language != languages.SOURCE.code

    def _prepare(self, root: Path, staging_dir: Path, only) -> preparation.Prepared:
        try:
            prepared = preparation.prepare(root, Path(self.source_docs_dir), staging_dir,
                                           self.templates_dir if self.templates_dir.is_dir() else None, only=only,
                                           parallel=self.command == "build" and forking.can_fork(),
                                           cache_dir=staging_dir.parent if environment.page_reuse_allowed() else None)
        except preparation.RegistryErrors as failed:
            raise PluginError("csr: the disclosures have errors / 披露文件有错误:\n"
                              + report.bilingual(failed.registry.errors, failed.registry.files_checked)) from None
        except (preparation.staging.StagingConflict, preparation.TemplateProblem) as error:
            raise PluginError(f"csr: {error}") from None
        for line in preparation.warning_lines(prepared):
            (log.warning if self.config.warnings_fail else log.info)("csr warning: %s", line)
        return prepared

    def _drop_templates(self, files, config):
        """A registry's page templates are sources, never published (even under custom_dir)."""
        for file in [f for f in files if f.abs_src_path and self.templates_dir
                     and Path(f.abs_src_path).is_relative_to(self.templates_dir)]:
            files.remove(file)
        return files

    @event_priority(-150)  # the file list as mkdocs-static-i18n leaves it (its on_files: -100)
    def _choose_reused(self, files, config):
        if self.reuse is not None:
            self.reuse.choose(files, config)
        return files

    on_files = CombinedEvent(_drop_templates, _choose_reused)

    @event_priority(100)  # before the other plugins' page events: the front matter as read
    def _note_front_matter(self, markdown, page, config, files):
        if self.reuse is not None:
            self.reuse.note_front_matter(page)
        return markdown

    def _page_markdown(self, markdown, page, config, files):
        """Theme templates print ``page.meta`` title and description raw: make them HTML text;
        set generated tables aside until the page is written."""
        stored = self.reuse is not None and self.reuse.markdown(page, markdown, files)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = sanitize.theme_text(page.meta[key])
        if stored:
            return ""  # its content comes back in on_env
        kind = page.meta.get("csr_kind")
        if kind and page.meta.get("csr_trailer"):
            markdown, trailer = deferred.split_trailer(markdown)
            if trailer:
                self.trailers[page.file.src_uri] = deferred.pack([trailer])
        if kind:
            markdown, blocks = deferred.extract(markdown, self.deferred_token)
            if blocks:
                self.deferred[page.file.src_uri] = deferred.pack(blocks)
        return markdown

    on_page_markdown = CombinedEvent(_note_front_matter, _page_markdown)

    def on_page_content(self, html, page, config, files):
        if html and page.meta.get("csr_sanitize"):
            html = sanitize.clean(html)
        chinese = set(str(page.meta.get("csr_zh_anchors") or "").split())
        if chinese:  # sections an English page shows in Chinese: their entries in the contents too
            _mark_chinese(page.toc.items, chinese)
        packed = self.trailers.pop(page.file.src_uri, None)
        if packed:  # the template's own HTML after the narrative (see deferred.split_trailer)
            [trailer] = deferred.unpack(packed)
            trailer, boxes = deferred.split_boxes(trailer)
            html = deferred.place_boxes(html, boxes) + trailer  # boxes under their headings
            # the theme lists the children of the page's <h1> when the contents start with it
            items = page.toc.items
            if items and items[0].level == 1:
                items = items[0].children
            for anchor, title in deferred.trailer_headings(trailer):
                items.append(AnchorLink(title, anchor, 2))
        return html

    def on_env(self, env, config, files):
        # `tojson` (Material's #__config on every page) writes Chinese as UTF-8, not \uXXXX (a
        # third of the bytes), without spaces; still HTML-safe (Jinja escapes <, >, & and ' anyway)
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False,
                                            "separators": (",", ":")}
        if self.reuse is not None:
            env.bytecode_cache = templatecache.bytecode_cache(self.prepared.staging_dir.with_name("jinja"))
            self.reuse.restore(self._nav, files)
        return env

    @event_priority(-200)  # the navigation as the theme gets it (mkdocs-static-i18n replaces it)
    def on_nav(self, nav, config, files):
        self._nav = nav
        return nav

    def on_page_context(self, context, page, config, nav):
        context["csr_language_links"] = language_links.page_links(page.url, self.language)
        return context

    @event_priority(-200)  # after the other plugins: the page as it is written
    def on_post_page(self, output, page, config):
        self.pages_built += 1
        stored = self.reuse.stored_page(page) if self.reuse is not None else None
        if stored is not None:  # the page of the previous build, as it was written
            return stored
        packed = self.deferred.pop(page.file.src_uri, None)
        content = None
        if packed:  # template-made tables only (see macros/site/deferred.py): not sanitised again
            blocks = deferred.unpack(packed)
            output = deferred.restore(output, self.deferred_token, blocks)
            content = deferred.restore(page.content, self.deferred_token, blocks) if self.reuse else None
        output = compact.collapse_whitespace(output)  # what the browser ignores
        output = icons.share_repeated(output)  # an icon shown twice (logo, magnifier) drawn once
        if self.reuse is not None:
            self.reuse.store(page, output, content)
        return output

    @event_priority(-200)  # after the other plugins have written their files
    def on_post_build(self, config):
        reused = ""
        if self.reuse is not None:
            counts, self.reuse = self.reuse.finish(succeeded=True), None
            reused = f", {counts['reused']} reused from the previous build"
        log.info("csr: built the %s pages: %s%s (%.1f s)", self.language, counted(self.pages_built, "page", "pages"),
                 reused, time.perf_counter() - self.pages_started)
        registry = self.prepared.registry
        if self.is_translation:
            return
        try:
            parts = {}
            for job in self.translations:
                translations.finish(job)
                parts[job.code] = job.part
            publication.publish(self.publication, registry, parts)
        except (translations.TranslationFailed, publication.PublicationRefused, merge.MergeConflict) as error:
            raise PluginError(f"csr: {error}") from None
        config.site_dir = str(self.publication.target or self.publication.built)
        self._reset(config)

    def on_build_error(self, error):
        """A failed build leaves the previous site untouched."""
        if self.reuse is not None:
            self.reuse.finish(succeeded=False)
            self.reuse = None
        for job in self.translations:
            translations.stop(job)
        if self.publication is not None:
            publication.abandon(self.publication, {job.code: job.part for job in self.translations})
        self.translations, self.publication = [], None

    def _reset(self, config) -> None:
        """Point docs_dir back at docs/ so that `mkdocs serve` watches sources, not staging."""
        config.docs_dir = self.source_docs_dir
        self.translations, self.publication = [], None


def _mark_chinese(items, anchors: set[str]) -> None:
    """Mark the table-of-contents entries of ``anchors`` as Chinese (their titles are HTML)."""
    for item in items:
        if item.id in anchors:
            item.title = f'<span lang="zh">{item.title}</span>'
        _mark_chinese(item.children, anchors)
