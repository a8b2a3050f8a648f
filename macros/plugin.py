"""The MkDocs plugin: the one place where the project touches MkDocs.

* ``on_config``: load and validate the registry (an error fails the build with every problem,
  in Chinese and English), render the generated pages and stage them with ``docs/`` into the
  folder MkDocs builds from.
* ``on_page_markdown``: escape page titles and descriptions (theme templates print them raw);
  take generated tables out of the Markdown (:mod:`macros.site.deferred`).
* ``on_page_content``: sanitise HTML of pages built from disclosures.
* ``on_post_page``: put the generated tables back; point each language's pages at that
  language's search index.
* ``on_post_build``: split the merged search index per language; in the outermost build, check
  internal links (strict) and move the site, built in ``site.building/``, into place.
* ``on_build_error``: discard the half-built site; the previous ``site/`` stays as it was.

``CSR_ONLY=slug[,slug]`` in the environment limits the registry to some companies (used by the
focused preview, ``csr serve``).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from . import forking, report
from .registry import load_registry
from .site import atomic, deferred, exports, linkcheck, parallel, publish, sanitize, search, staging
from .site.pages import LANGS, SiteRenderer

log = logging.getLogger("mkdocs.plugins.csr")


class CsrConfig(Config):
    registry = c.Type(str, default="")  # registry root; default: the folder of mkdocs.yml
    templates = c.Type(str, default="overrides/csr")
    staging_dir = c.Type(str, default=".cache/csr/docs")
    default_language = c.Type(str, default="zh")
    languages = c.ListOfItems(c.Type(str), default=["zh", "en"])
    warnings_fail = c.Type(bool, default=False)
    split_search = c.Type(bool, default=True)


_BASE = re.compile(r'("base":\s*")([^"]*)(")')
_HEAD_ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="([a-zA-Z-]+)">)')


class CsrPlugin(BasePlugin[CsrConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._staged_config_id: int | None = None
        self.registry = None
        self.source_docs_dir: str | None = None
        self.command: str | None = None
        self.target_site_dir: str | None = None
        # generated tables kept out of Markdown and search until the page is written
        self._deferred_token = deferred.new_token()
        self._deferred: dict[str, bytes] = {}
        # languages built by forked children: lang -> (pid, folder); set in the parent only
        self._children: dict[str, tuple[int, Path]] = {}
        self._is_child = False
        self._templates_dir: Path | None = None

    def on_startup(self, *, command, dirty):
        self.command = command

    # -- configuration and generated pages ---------------------------------------------------

    @event_priority(100)  # before mkdocs-static-i18n reads the files
    def on_config(self, config):
        if self._staged_config_id == id(config):
            return config  # a nested per-language build of the same configuration
        self._deferred = {}
        project = Path(config.config_file_path or ".").resolve().parent
        root = (project / self.config.registry).resolve() if self.config.registry else project
        only = [slug for slug in os.environ.get("CSR_ONLY", "").split(",") if slug] or None
        registry = load_registry(root, only=only, parallel=self.command == "build" and forking.can_fork())
        for problem in registry.warnings:
            line = f"{problem.location()}: {problem.code} {problem.name}: {problem.message('en')} / {problem.message('zh')}"
            (log.warning if self.config.warnings_fail else log.info)("csr warning: %s", line)
        if registry.errors:
            raise PluginError(
                "csr: the disclosures have errors / 披露文件有错误:\n"
                + report.bilingual(registry.errors, registry.files_checked)
            )
        self.registry = registry
        publish.set_reproducible_date(root)
        if self.command != "serve":
            # build into a sibling folder; it replaces site/ only when the build succeeds
            self.target_site_dir = config.site_dir
            atomic.recover(Path(config.site_dir))
            config.site_dir = str(atomic.building_dir(Path(config.site_dir)))
        templates = project / self.config.templates
        self._templates_dir = templates.resolve()
        renderer = SiteRenderer(registry, templates if templates.is_dir() else None)
        self.source_docs_dir = config.docs_dir
        staging_dir = (project / self.config.staging_dir).resolve()
        try:
            # each language's pages are rendered and written side by side (fork shares the data)
            counts = staging.stage(Path(config.docs_dir), staging_dir,
                                   page_sources=[lambda lang=lang: renderer.pages([lang]) for lang in LANGS],
                                   assets=self._assets(registry, list(self.config.languages),
                                                       self.config.default_language),
                                   parallel=self.command == "build" and forking.can_fork())
        except staging.StagingConflict as error:
            raise PluginError(f"csr: {error}") from None
        log.info("csr: %d companies, %d disclosures; staged %s (%d written, %d unchanged, %d removed)",
                 len(registry.companies), len(registry.disclosures), staging_dir,
                 counts["written"], counts["unchanged"], counts["removed"])
        config.docs_dir = str(staging_dir)
        for watched in (self.source_docs_dir, str(root / "disclosures"), str(templates)):
            if Path(watched).exists() and watched not in config.watch:
                config.watch.append(watched)
        self._staged_config_id = id(config)
        return config

    @staticmethod
    def _assets(registry, languages: list[str], default: str):
        """Images and PDFs kept beside disclosures, published next to the company's pages.

        mkdocs-static-i18n gives a language build only that language's assets, so each file is
        also staged as ``name.<lang>.ext`` for the other languages (unless the company provides
        that localised file itself): ``logo.png`` works from the Chinese and the English page.
        """
        from .registry import ASSET_SUFFIXES

        assets = []
        for slug in registry.companies:
            folder = registry.root / "disclosures" / slug
            names = {path.name for path in folder.iterdir()}
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in ASSET_SUFFIXES and path.is_file() and not path.is_symlink():
                    assets.append((f"companies/{slug}/{path.name}", path))
                    if Path(path.stem).suffix.lstrip(".") in languages:
                        continue  # already a localised file (logo.en.png)
                    for lang in languages:
                        localised = f"{path.stem}.{lang}{path.suffix}"
                        if lang != default and localised not in names:
                            assets.append((f"companies/{slug}/{localised}", path))
        return assets

    # -- languages side by side ------------------------------------------------------------

    @event_priority(-200)  # after mkdocs-static-i18n has made this language's files (-100)
    def on_files(self, files, config):
        # the page templates live in the theme's custom_dir (overrides/csr/), which MkDocs
        # would publish as static files: they are sources, not part of the site
        if self._templates_dir is not None:
            for file in [f for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(self._templates_dir)]:
                files.remove(file)
        if self._can_fork(config):
            self._fork_languages(config)
        return files

    def _can_fork(self, config) -> bool:
        i18n = config.plugins.get("i18n")
        return (self.command == "build" and not self._is_child and not self._children
                and os.environ.get("CSR_PARALLEL", "1") != "0" and hasattr(os, "fork")
                and (os.cpu_count() or 1) > 1 and self.target_site_dir is not None
                and i18n is not None and not getattr(i18n, "building", True)
                and len(getattr(i18n, "build_languages", [])) > 1)

    def _fork_languages(self, config) -> None:
        """Build every other language in a child process while this one builds the default.

        Each child runs the build that mkdocs-static-i18n would run after this one, into a
        folder of its own (:mod:`macros.site.parallel`); ``on_post_build`` waits for it and
        merges its files.  ``CSR_PARALLEL=0`` builds the languages one after the other.
        """
        import gc

        from mkdocs.commands.build import build

        i18n = config.plugins.get("i18n")
        site_dir = Path(config.site_dir)
        search.load_segmenter()  # once, shared with the children, not once per process
        for lang in [lang for lang in i18n.build_languages if lang != i18n.current_language]:
            part = parallel.part_dir(site_dir, lang)
            atomic.discard(part)
            sys.stdout.flush()
            sys.stderr.flush()
            gc.freeze()  # keep pages shared with the child (copy-on-write)
            pid = os.fork()
            if pid == 0:  # the child: build ``lang`` only, then leave without returning
                code = 1
                try:
                    self._is_child, self._children, self.target_site_dir = True, {}, None
                    i18n.current_language, i18n.building = lang, True
                    config.site_dir = str(part)
                    build(config, dirty=False)
                    code = 0
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else 1
                except BaseException as error:  # noqa: BLE001 - reported, then the child exits
                    log.error("csr: building '%s' failed: %s", lang, error)
                finally:
                    logging.shutdown()
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            gc.unfreeze()
            self._children[lang] = (pid, part)
        # the children build the other languages: mkdocs-static-i18n must not build them again
        i18n.building = True

    def _join_children(self, config) -> list[dict]:
        """Wait for the children; merge their output; return their search entries."""
        children, self._children = self._children, {}
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            i18n.building = False
        failed = []
        for lang, (pid, _part) in children.items():
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(lang)
        docs: list[dict] = []
        for lang, (_pid, part) in children.items():
            if not failed:
                docs += parallel.merge_part(Path(config.site_dir), part)
            atomic.discard(part)
        if failed:
            raise PluginError(f"csr: building {', '.join(failed)} failed (see above) / 构建失败")
        return docs

    def _stop_children(self) -> None:
        import signal

        children, self._children = self._children, {}
        for _lang, (pid, part) in children.items():
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            atomic.discard(part)

    # -- pages -----------------------------------------------------------------------------

    def on_page_markdown(self, markdown, page, config, files):
        """Make the page's title and description HTML text before any theme template sees them.

        MkDocs renders theme templates without autoescape, and Material writes
        ``page.meta.title`` raw into ``<title>`` and the header and ``page.meta.description``
        into an attribute; generated pages take both from disclosures.
        """
        if not getattr(page, "_csr_text_escaped", False):
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = sanitize.theme_text(page.meta[key])
            page._csr_text_escaped = True
        kind = page.meta.get("csr_kind")
        if kind in search.SELF_INDEXED_KINDS or kind in search.UNINDEXED_KINDS:
            page.meta["search"] = {"exclude": True}  # indexed from the model in on_post_build
        if kind:
            markdown, blocks = deferred.extract(markdown, self._deferred_token)
            if blocks:
                self._deferred[page.file.src_uri] = deferred.pack(blocks)
        return markdown

    def on_page_content(self, html, page, config, files):
        if page.meta.get("csr_sanitize"):
            return sanitize.clean(html)
        return html

    @event_priority(-50)  # after mkdocs-static-i18n has set the switcher links (priority 50)
    def on_page_context(self, context, page, config, nav):
        """Language switcher links relative to the site, on every page (the home page included).

        Every page of this site exists in every language at the same path below the language's
        root, so the alternate of ``en/x/`` is ``x/`` and vice versa.  Relative links keep the
        switcher working when the site is served below a sub-path.
        """
        # mkdocs-static-i18n sets ``config.extra.alternate`` both as an item and as an attribute;
        # the theme reads the attribute.
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
        if not alternates:
            return context
        default = self.config.default_language
        lang = _page_language(page.file.dest_uri, self.config.languages, default)
        neutral = page.url[len(lang) + 1:] if lang != default else page.url
        relinked = []
        for alternate in alternates:
            alternate = dict(alternate)
            target = alternate.get("lang")
            if target in self.config.languages:
                alternate["link"] = (neutral or "./") if target == default else f"{target}/{neutral}"
            relinked.append(alternate)
        config.extra["alternate"] = relinked
        config.extra.alternate = relinked
        return context

    @event_priority(-50)  # after mkdocs-static-i18n (priority 50)
    def on_template_context(self, context, template_name, config):
        """The 404 page is served at any address: its language links go to each language's
        home, by absolute path (otherwise it keeps the links of the last page built)."""
        if template_name != "404.html":
            return context
        from urllib.parse import urlsplit

        base = urlsplit(config.site_url or "/").path or "/"
        base = base if base.endswith("/") else base + "/"
        default = self.config.default_language
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
        relinked = [dict(a, link=base + ("" if a.get("lang") == default else f"{a.get('lang')}/"))
                    if a.get("lang") in self.config.languages else dict(a) for a in alternates]
        if relinked:
            config.extra["alternate"] = relinked
            config.extra.alternate = relinked
        return context

    def on_post_page(self, output, page, config):
        packed = self._deferred.pop(page.file.src_uri, None)
        if packed:  # template-made tables only (see macros/site/deferred.py): not sanitised again
            output = deferred.restore(output, self._deferred_token, deferred.unpack(packed))
        output = self._head_alternates_to_language_roots(output, page)
        # Material's search dialog has no accessible name (axe: aria-dialog-name)
        lang = _page_language(page.file.dest_uri, self.config.languages, self.config.default_language)
        output = output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                                f'<div class="md-search" data-md-component="search" role="dialog" '
                                f'aria-label="{"搜索" if lang == "zh" else "Search"}">', 1)
        if not self.config.split_search:
            return output
        lang = _page_language(page.file.dest_uri, self.config.languages, self.config.default_language)
        if lang == self.config.default_language:
            return output
        return _BASE.sub(lambda m: m[1] + (m[2].rstrip("/") or ".") + f"/{lang}/" + m[3], output, count=1)

    def _head_alternates_to_language_roots(self, output: str, page) -> str:
        """Material reads ``<link rel=alternate>`` as language roots and fetches their sitemap.xml.

        The language selector keeps per-page links and sitemap.xml keeps per-page hreflang
        alternates; only the head links point at each language's root, whose sitemap exists.
        """
        to_root = "../" * page.url.count("/") or "./"
        default = self.config.default_language

        def root_of(match: re.Match) -> str:
            lang = match[4]
            if lang not in self.config.languages:
                return match[0]
            return match[1] + to_root + ("" if lang == default else f"{lang}/") + match[3]

        head, separator, rest = output.partition("</head>")
        return _HEAD_ALTERNATE.sub(root_of, head) + separator + rest

    @event_priority(-200)  # after mkdocs-static-i18n has built every language and merged the index
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        languages, default = list(self.config.languages), self.config.default_language
        if self._is_child:  # a language built by a child process: its search entries, then done
            if self.config.split_search and self.registry is not None:
                parallel.add_search_docs(Path(config.site_dir), search.registry_entries(
                    self.registry, [i18n.current_language], default, search.text_limit(self.registry)))
            return
        extra: list[dict] = []
        downloads_done = False
        if self._children:
            # this language's share and the downloads, while the children finish theirs
            entries = []
            if self.config.split_search and self.registry is not None:
                entries = search.registry_entries(self.registry, [default], default,
                                                  search.text_limit(self.registry))
            self._write_downloads(config)
            downloads_done = True
            # the children's pages first, as in the index of a build done in one process
            extra += self._join_children(config) + entries
        elif i18n is not None and getattr(i18n, "building", False):
            return  # a nested per-language build; the outer build finishes the job
        elif self.config.split_search and self.registry is not None:
            extra += search.registry_entries(self.registry, languages, default,
                                             search.text_limit(self.registry))
        if self.config.split_search:
            sizes = search.write_split_indexes(Path(config.site_dir), languages, default, extra)
            if sizes:
                log.info("csr: search index per language: %s",
                         ", ".join(f"{lang} {size / 1024:.0f} KiB" for lang, size in sizes.items()))
        site_dir = Path(config.site_dir)
        for lang in self.config.languages:
            # Material's language selector fetches <language root>/sitemap.xml
            if lang != self.config.default_language and (site_dir / "sitemap.xml").exists():
                for name in ("sitemap.xml", "sitemap.xml.gz"):
                    if (site_dir / name).exists():
                        (site_dir / lang / name).write_bytes((site_dir / name).read_bytes())
        if not downloads_done:
            self._write_downloads(config)
        if self.target_site_dir:
            site_dir = Path(config.site_dir)
            if config.strict:
                from urllib.parse import urlsplit

                broken = linkcheck.check_site(site_dir, urlsplit(config.site_url or "/").path or "/")
                if broken:
                    raise PluginError(
                        f"csr: {len(broken)} broken internal link(s) / 站内链接失效:\n"
                        + "\n".join(f"  {link}" for link in broken[:50])
                    )
                # MkDocs aborts a strict build on logged warnings only after on_post_build:
                # fail here, before the swap, so that such a build leaves the old site in place
                warnings = _strict_warning_count()
                if warnings:
                    raise PluginError(f"csr: {warnings} warning(s) in strict mode; {self.target_site_dir} "
                                      f"left unchanged / 严格模式下有 {warnings} 个警告，未发布")
            atomic.swap_into_place(site_dir, Path(self.target_site_dir))
            config.site_dir = self.target_site_dir
            self.target_site_dir = None
        self._finish(config)

    def _write_downloads(self, config) -> None:
        if self.registry is not None:
            written = exports.write_downloads(self.registry, Path(config.site_dir))
            log.info("csr: %d downloads written under downloads/", len(written))

    def on_build_error(self, error):
        """A failed build leaves the previous site untouched."""
        if self._is_child:
            return
        self._stop_children()
        if self.target_site_dir:
            atomic.discard(atomic.building_dir(Path(self.target_site_dir)))
            self.target_site_dir = None
        self._staged_config_id = None

    def _finish(self, config) -> None:
        """Point docs_dir back at docs/ so `mkdocs serve` watches sources, not the staging copy."""
        if self.source_docs_dir:
            config.docs_dir = self.source_docs_dir
        self._staged_config_id = None


def _strict_warning_count() -> int:
    """Warnings MkDocs has counted so far for its strict-mode abort (``mkdocs.utils.CountHandler``)."""
    from mkdocs.utils import CountHandler

    return sum(count for handler in logging.getLogger("mkdocs").handlers if isinstance(handler, CountHandler)
               for _, count in handler.get_counts())


def _page_language(dest_uri: str, languages: list[str], default: str) -> str:
    """The language a page is published in, from where it is published (``en/...``)."""
    for lang in languages:
        if lang != default and dest_uri.startswith(f"{lang}/"):
            return lang
    return default
