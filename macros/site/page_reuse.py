"""Incremental builds: the plugin's page events, reusing pages of the previous build.

:mod:`macros.site.pagecache` stores and keys entries; this module moves them in and out of
MkDocs' pages through their public attributes (``markdown``, ``content``, ``toc``, ``meta``,
``present_anchor_ids``, ``links_to_anchors``):

* ``choose`` (``on_files``, once the file list is final): a page outside the configured
  navigation whose content key is stored becomes a :class:`ReusedPage`, which MkDocs reads but
  does not render from Markdown;
* ``note_front_matter`` (``on_page_markdown``, before other plugins): the front matter as read,
  stored with the page;
* ``markdown`` (``on_page_markdown``): any other page whose content key is stored
  gets empty Markdown (MkDocs renders nothing); the rest are noted to be stored;
* ``restore`` (``on_env``, every page read): stored pages get their content, table of contents
  and anchors back (MkDocs checks links to their anchors as usual); one whose
  navigation key matches too is given :data:`REUSED_TEMPLATE`, a one-line theme template,
  instead of the theme's page template;
* ``stored_page`` and ``store`` (``on_post_page``, after every other plugin): a fully reused
  page becomes its stored bytes; a page made in this build is stored as it is written;
* ``finish`` (``on_post_build`` or the build's error): keep the entries if no warning was
  logged, else drop this build's new ones.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .. import environment
from ..fingerprint import code_fingerprint, digest, stable_json
from .pagecache import Entry, PageCache, link_targets, templates_fingerprint
from .publication import WarningCounter

REUSED_TEMPLATE = "csr-reused.html"  # in macros/theme/
_UNSTABLE_CONFIG = {"plugins", "docs_dir", "site_dir", "watch", "config_file_path"}
_OWN_META = {"template"}  # set here on reused pages


def _toc_items(items) -> list:
    return [[item.title, item.id, item.level, _toc_items(item.children)] for item in items]


def _anchor_links(items: list) -> list[AnchorLink]:
    links = []
    for title, anchor, level, children in items:
        link = AnchorLink(title, anchor, level)
        link.children = _anchor_links(children)
        links.append(link)
    return links


def _nav_items(items) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append(["section", item.title, _nav_items(item.children)])
        elif isinstance(item, Link):
            out.append(["link", item.title, item.url])
        elif isinstance(item, Page):
            meta = {k: v for k, v in item.meta.items() if k not in _OWN_META}
            out.append(["page", item.title, item.url, meta])
    return out


def config_signature(config) -> str:
    """Everything in the configuration that can shape a page (plugins with their options); the
    project's folder is left out of paths, so a checkout elsewhere (CI) reuses the same pages."""
    values = {key: config[key] for key in config if key not in _UNSTABLE_CONFIG}
    plugins = [[name, type(plugin).__module__, type(plugin).__qualname__, dict(plugin.config)]
               for name, plugin in config.plugins.items()]
    text = stable_json([values, plugins])
    if config.config_file_path:
        text = text.replace(str(Path(config.config_file_path).resolve().parent), "<project>")
    return digest(text)


def exact_meta(meta: dict) -> dict | None:
    """A copy of ``meta`` that JSON keeps exactly (strings, numbers, lists...), else ``None``
    (a date, a key that is not a string)."""
    try:
        copy = json.loads(json.dumps(meta, ensure_ascii=False))
    except (TypeError, ValueError):
        return None
    return copy if copy == meta else None


class ReusedPage(Page):
    """A page whose content comes from the cache: MkDocs does not read its front matter again
    (it is stored with the page, when JSON keeps it exactly) and :meth:`render` sets up no
    Markdown converter (most of what a page costs MkDocs); its content, contents and anchors
    are given back in ``on_env``."""

    stored_meta: dict | None = None

    def read_source(self, config) -> None:
        if self.stored_meta is None:
            super().read_source(config)
        else:
            self.meta = self.stored_meta
        self.markdown = ""

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = ""
        self.toc = TableOfContents([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def _nav_paths(items) -> set[str]:
    """The files the configured navigation names (MkDocs gives them their nav titles)."""
    found: set[str] = set()
    for item in items or ():
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, (list, dict)):
                found |= _nav_paths(value if isinstance(value, list) else [value])
    return found


class PageReuse:
    """One language build's use of the page cache in ``folder``."""

    def __init__(self, folder: Path, config) -> None:
        self.cache = PageCache(folder)
        self.config = config
        self.build_key: str | None = None
        self.resolved: dict[str, str | None] = {}  # a link target -> the src_uri of the file it names
        self.fresh: dict[str, tuple] = {}  # src_uri -> (content key, link targets, front matter), made in this build
        self.found: dict[str, Entry] = {}  # src_uri -> stored entry
        self.whole: dict[str, Entry] = {}  # src_uri -> entry whose finished page is used
        self.nav_key = ""
        self.files_key: str | None = None
        self.front_matter: dict[str, dict | None] = {}  # src_uri -> front matter as read (note_front_matter)
        self.reused_whole = 0  # pages used as they were stored
        self.warnings = WarningCounter().attach()

    def _build_key(self, files) -> str:
        if self.build_key is None:
            templates, dated = templates_fingerprint(self.config.theme.dirs)
            self.build_key = digest(code_fingerprint(), templates, config_signature(self.config),
                                    environment.source_date_epoch() if dated else "")
        return self.build_key

    def _resolve(self, target: str, files) -> str | None:
        """The file a link to ``target`` names, as MkDocs finds it (mkdocs-static-i18n's files
        find ``x.md`` as ``x.zh.md``), or ``None``."""
        if target not in self.resolved:
            found = files.get_file_from_path(target)
            self.resolved[target] = found.src_uri if found is not None else None
        return self.resolved[target]

    def _content_key(self, file, files) -> str:
        """The page's source (front matter and Markdown, which the build key's code and
        configuration turn into its content) and path."""
        return digest(self._build_key(files), file.src_uri, file.content_bytes)

    def _files_key(self, files) -> str:
        """The file list: in the same list, each link target names the same file as before."""
        if self.files_key is None:
            self.files_key = digest(sorted(file.src_uri for file in files))
        return self.files_key

    def _stored(self, file, files) -> Entry | None:
        entry = self.cache.find(self._content_key(file, files))
        if entry is not None and (entry.files_key == self._files_key(files) or all(
                self._resolve(target, files) == named for target, named in entry.targets)):
            return entry
        return None

    def choose(self, files, config) -> None:
        """Make the stored pages outside the configured navigation :class:`ReusedPage` (a page
        in it is made by MkDocs with its navigation title, and reused in :meth:`markdown`)."""
        in_nav = _nav_paths(config.nav)
        for file in files.documentation_pages():
            if file.page is None and file.src_uri not in in_nav and file.src_path not in in_nav:
                entry = self._stored(file, files)
                if entry is not None:
                    ReusedPage(None, file, config).stored_meta = entry.meta
                    self.found[file.src_uri] = entry

    def markdown(self, page, markdown: str, files) -> bool:
        """Note the page; ``True`` if it is stored (then it needs no Markdown).

        Only pages with a title in their front matter are reused: the theme tells a title taken
        from the first heading from one in the front matter, and only MkDocs' rendering of the
        Markdown sets the former (hand-written pages without one are few and always rendered).
        """
        src_uri = page.file.src_uri
        if src_uri in self.found:
            return True  # a ReusedPage
        front_matter = self.front_matter.pop(src_uri, None)
        if "title" not in page.meta:
            return False
        entry = self._stored(page.file, files)
        if entry is not None:
            self.found[src_uri] = entry
            return True
        self.fresh[src_uri] = (self._content_key(page.file, files),
                               [[target, self._resolve(target, files)] for target in link_targets(markdown, src_uri)],
                               front_matter)
        return False

    def note_front_matter(self, page) -> None:
        """Keep the page's front matter as MkDocs read it, before any plugin's page events."""
        if page.file.src_uri not in self.found:
            self.front_matter[page.file.src_uri] = exact_meta(page.meta)

    def restore(self, nav, files) -> None:
        """Give stored pages their content back; choose those used as they are."""
        for src_uri, entry in self.found.items():
            page = files.get_file_from_path(src_uri).page
            page.toc = TableOfContents(_anchor_links(entry.toc))
            page.present_anchor_ids = set(entry.anchors)
            page.links_to_anchors = {target: links for uri, links in entry.links.items()
                                     if (target := files.get_file_from_path(uri)) is not None}
        self.nav_key = digest(_nav_items(nav.items))
        for src_uri, entry in self.found.items():
            page = files.get_file_from_path(src_uri).page
            if entry.nav_key == self.nav_key:
                self.whole[src_uri] = entry
                page.meta["template"] = REUSED_TEMPLATE
                page.content = ""
            else:
                page.content, _ = self.cache.read(entry)
        self.reused_whole = len(self.whole)

    def stored_page(self, page) -> str | None:
        """The stored finished page, if ``page`` is used whole."""
        entry = self.whole.pop(page.file.src_uri, None)
        return self.cache.read(entry)[1] if entry is not None else None

    def store(self, page, output: str, content: str | None = None) -> None:
        """Keep ``page``, finished as ``output``, with ``content`` as the theme received it
        (default: the page's)."""
        src_uri = page.file.src_uri
        fresh = self.fresh.pop(src_uri, None)
        found = self.found.get(src_uri)
        if fresh is None and found is None:
            return  # not a page this build may reuse (no title in its front matter)
        key, targets, meta = fresh if fresh is not None else (found.content_key, found.targets, found.meta)
        links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
        entry = Entry(key, targets, _toc_items(page.toc.items), sorted(page.present_anchor_ids or ()), links,
                      self.nav_key, meta=meta, files_key=self.files_key or "")
        self.cache.store(entry, (page.content or "") if content is None else content, output)

    def finish(self, succeeded: bool) -> dict[str, int]:
        self.warnings.detach()
        if succeeded and not self.warnings.count:
            self.cache.commit()
        else:
            self.cache.discard()
        return {"reused": self.reused_whole, "content": len(self.found), "made": self.cache.written}
