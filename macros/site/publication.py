"""Publishing a built site: what happens once every language is built.

In order: each translation is merged below its root (:mod:`macros.site.merge`), the sitemaps
are joined (:mod:`macros.site.sitemap`), the downloads are written; the whole site is indexed for
search in parts (:mod:`macros.site.searchparts`, Pagefind; not by ``mkdocs serve``); a strict build then checks
every internal link and fails on any warning logged during the build; only then is the new
site moved into place (:mod:`macros.site.atomic`), so a failed build leaves the old one.  When
no page of the site changed since the last build, its link check is reused, and each part of the
search index whose pages did not change (:mod:`macros.site.sitecache`).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import environment, fingerprint
from ..diagnostics import counted
from . import atomic, exports, language_links, linkcheck, merge, progress, search, searchparts, sitemap
from .sitecache import SiteCache, file_digests, site_digest


class PublicationRefused(Exception):
    """The build is complete but must not be published (broken links, strict warnings)."""


class WarningCounter(logging.Handler):
    """Counts the warnings logged by MkDocs and its plugins (the ``mkdocs`` logger) during a
    build, so that a strict build fails before its site replaces the published one."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def attach(self) -> "WarningCounter":
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


class BuildLock:
    """One build at a time per project: an exclusive ``flock`` on ``lock_path`` (released by the
    system if the build dies).  A second build waits up to ``wait`` seconds, then stops with a
    message naming the process that holds the lock; neither touches the other's files."""

    def __init__(self, lock_path: Path, wait: float = 30.0):
        self.path = Path(lock_path)
        self.wait = wait
        self.handle = None

    def acquire(self) -> "BuildLock":
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        deadline, announced = time.monotonic() + self.wait, False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    handle.close()
                    raise PublicationRefused(
                        f"another build of this project is running ({holder}; lock {self.path}); "
                        f"nothing was changed: build again when it has finished / 另一个构建正在进行，未作任何改动")
                if not announced:
                    logging.getLogger("mkdocs.plugins.csr").info(
                        "csr: waiting for another build to finish (%s; lock %s)", holder, self.path)
                    announced = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        self.handle = handle
        return self

    def release(self) -> None:
        if self.handle is not None:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


@dataclass
class Publication:
    """One build's way to publication."""

    built: Path  # where the site is built (site.building/, or mkdocs serve's folder)
    target: Path | None  # where it is published; None: in place (mkdocs serve)
    site_url: str | None
    strict: bool
    lock: BuildLock
    warnings: WarningCounter = field(default_factory=WarningCounter)
    cache: SiteCache = field(default_factory=lambda: SiteCache(None))  # search index and link check of an unchanged site
    search_part_companies: int = searchparts.COMPANIES_PER_PART  # see macros.site.searchparts

    def close(self) -> None:
        self.warnings.detach()
        self.lock.release()


def begin(site_dir: Path, *, strict: bool, site_url: str | None, in_place: bool, lock_path: Path,
          lock_wait: float = 30.0, cache_dir: Path | None = None,
          search_part_companies: int = searchparts.COMPANIES_PER_PART) -> Publication:
    """Prepare publishing into ``site_dir``: take the project's build lock, check that the site
    can be written, and return where to build (see :class:`Publication`)."""
    site_dir = Path(site_dir)
    if isinstance(search_part_companies, bool) or search_part_companies < 1:
        raise PublicationRefused(f"search_part_companies must be a whole number of at least 1, not "
                                 f"{search_part_companies!r} (mkdocs.yml, plugins: csr) / 须为不小于 1 的整数")
    lock = BuildLock(lock_path, lock_wait).acquire()
    if in_place:
        return Publication(site_dir, None, site_url, strict, lock, WarningCounter().attach())
    building = atomic.building_dir(site_dir)
    try:
        atomic.recover(site_dir)
        atomic.throw_away(building, site_dir)  # left by a build that died
        atomic.empty_trash(site_dir)  # what a deleting process that died left there
        building.mkdir(parents=True)
        probe = building / ".csr-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        lock.release()
        raise PublicationRefused(
            f"cannot write the site beside {site_dir} ({error.strerror or error}: {error.filename or building}); "
            f"the site is built in {building.name} and moved into place / 无法写入网站目录") from None
    return Publication(building, site_dir, site_url, strict, lock, WarningCounter().attach(), SiteCache(cache_dir),
                       search_part_companies)


def publish(publication: Publication, registry, translations: dict[str, Path]) -> None:
    """Complete the built site and move it into place (raise :class:`PublicationRefused`)."""
    built = publication.built
    try:
        with progress.phase("merging") as merging:
            for code, part in translations.items():
                merge.merge_translation(built, part, code)
            pages = 0
            if publication.site_url:
                epoch = environment.source_date_epoch()
                pages = sitemap.write_combined(built, publication.site_url,
                                               int(epoch) if epoch and epoch.isdigit() else 0)
            written = []
            if registry is not None:
                inputs = registry.inputs_fingerprint()  # made from the companies alone: kept while none changed
                key = fingerprint.digest(publication.site_url, inputs) if inputs is not None else None
                files, _ = publication.cache.kept_files(
                    "downloads", key, lambda: exports.download_files(registry, publication.site_url))
                written = exports.write_downloads(registry, built, publication.site_url, files)
            merging.done(f"merged {', '.join(translations) or 'nothing'}; sitemap of "
                         f"{counted(pages, 'page', 'pages')}; {counted(len(written), 'download', 'downloads')}")
        if publication.target is None:
            return  # mkdocs serve: no search index (the search field says so)
        searchable: set[str] = set()  # the pages marked for the search index
        files = file_digests(built, skip=search.BUNDLE, marker=search.BODY_MARKER, marked=searchable)
        digest = site_digest(built, files=files)
        pages_digests = {path: page for path, page in files.items() if page}
        with progress.phase("search index") as indexing:
            try:
                indexed = searchparts.index_site(built, pages_digests, publication.cache,
                                                 publication.search_part_companies, searchable)
            except search.SearchIndexFailed as error:
                raise PublicationRefused(f"{error} / 搜索索引构建失败") from None
            pages = ", ".join(f"{lang} {counted(count, 'page', 'pages')}" for lang, count in indexed["languages"].items())
            runs, reused = indexed["runs"], indexed["reused"]
            indexing.done(f"search index (Pagefind): {pages or 'no pages'}; {indexed['bytes'] // 1024} KiB in "
                          f"{counted(indexed['parts'], 'part', 'parts')}"
                          + ("; the previous build's, no page changed" if reused == runs else
                             f"; {reused} of {runs} runs the previous build's, their pages unchanged" if reused else ""))
        if publication.strict:
            with progress.phase("checking links") as checking:
                base = language_links.base_path(publication.site_url)
                def check() -> list:
                    found, record = linkcheck.check_pages(built, base, digests=pages_digests, unkeyed=search.BUNDLE,
                                                          previous=publication.cache.record("link-pages"))
                    publication.cache.keep_record("link-pages", record)  # each page's links, for the next check
                    return found

                broken, reused = publication.cache.reuse("links", f"{digest} {base}", check, keep=lambda found: not found)
                checking.done(f"checked the internal links: {counted(len(broken), 'broken link', 'broken links')}"
                              + ("; no page changed since the last check" if reused else ""))
            if broken:
                raise PublicationRefused(broken_links_report(broken, registry))
            if publication.warnings.count:
                count = publication.warnings.count
                raise PublicationRefused(f"{counted(count, 'warning', 'warnings')} in strict mode; {publication.target} "
                                         f"left unchanged / 严格模式下有 {count} 个警告，未发布")
        with progress.phase(f"published {publication.target}"):
            try:
                atomic.swap_into_place(built, publication.target)
            except OSError as error:
                raise PublicationRefused(
                    f"cannot move the new site into {publication.target} ({error.strerror or error}: "
                    f"{error.filename or publication.target}); the previous site stays / 无法发布，原网站保持不变") from None
    finally:
        publication.close()


def broken_links_report(broken: list, registry) -> str:
    """The broken links a build found: each located in the disclosure its page comes from
    (``path:line:col: error CSR612 ...``, see :func:`macros.site.linkcheck.diagnostic_for`), or,
    for pages no disclosure makes, by the built page."""
    lines = []
    for link in broken[:50]:
        found = linkcheck.diagnostic_for(link, registry.root) if registry is not None else None
        lines.append(f"  {found.location()}: {found.severity} {found.code} {found.name}: {found.message('en')} / "
                     f"{found.message('zh')}" if found is not None else f"  {link}")
    more = f"\n  … {len(broken) - 50} more" if len(broken) > 50 else ""
    return (f"{counted(len(broken), 'broken internal link', 'broken internal links')} / 站内链接失效:\n"
            + "\n".join(lines) + more)


def abandon(publication: Publication, translations: dict[str, Path]) -> None:
    """A failed build: remove what it wrote; the published site stays as it was."""
    publication.close()
    for part in translations.values():
        atomic.discard(part)
    if publication.target is not None:
        atomic.throw_away(publication.built, publication.target)
        atomic.empty_trash(publication.target)
