"""Publishing a built site: what happens once every language is built.

In order: each translation is merged below its root (:mod:`macros.site.merge`), the sitemaps
are joined (:mod:`macros.site.sitemap`), the downloads are written; a strict build then checks
every internal link and fails on any warning logged during the build; only then is the new
site moved into place (:mod:`macros.site.atomic`), so a failed build leaves the old one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .. import environment
from ..diagnostics import counted
from . import atomic, exports, language_links, linkcheck, merge, sitemap


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


@dataclass
class Publication:
    """One build's way to publication."""

    built: Path  # where the site is built (site.building/, or mkdocs serve's folder)
    target: Path | None  # where it is published; None: in place (mkdocs serve)
    site_url: str | None
    strict: bool
    warnings: WarningCounter = field(default_factory=WarningCounter)


def begin(site_dir: Path, *, strict: bool, site_url: str | None, in_place: bool) -> Publication:
    """Prepare publishing into ``site_dir``: return where to build (see :class:`Publication`)."""
    site_dir = Path(site_dir)
    if in_place:
        return Publication(site_dir, None, site_url, strict, WarningCounter().attach())
    atomic.recover(site_dir)
    return Publication(atomic.building_dir(site_dir), site_dir, site_url, strict, WarningCounter().attach())


def publish(publication: Publication, registry, translations: dict[str, Path], log: logging.Logger) -> None:
    """Complete the built site and move it into place (raise :class:`PublicationRefused`)."""
    built = publication.built
    try:
        for code, part in translations.items():
            merge.merge_translation(built, part, code)
        if publication.site_url:
            epoch = environment.source_date_epoch()
            sitemap.write_combined(built, publication.site_url, int(epoch) if epoch and epoch.isdigit() else 0)
        if registry is not None:
            written = exports.write_downloads(registry, built, publication.site_url)
            log.info("csr: %s written under downloads/", counted(len(written), "download", "downloads"))
        if publication.target is None:
            return
        if publication.strict:
            broken = linkcheck.check_site(built, language_links.base_path(publication.site_url))
            if broken:
                raise PublicationRefused(
                    f"{counted(len(broken), 'broken internal link', 'broken internal links')} / 站内链接失效:\n"
                    + "\n".join(f"  {link}" for link in broken[:50]))
            if publication.warnings.count:
                count = publication.warnings.count
                raise PublicationRefused(f"{counted(count, 'warning', 'warnings')} in strict mode; {publication.target} left "
                                         f"unchanged / 严格模式下有 {count} 个警告，未发布")
        atomic.swap_into_place(built, publication.target)
    finally:
        publication.warnings.detach()


def abandon(publication: Publication, translations: dict[str, Path]) -> None:
    """A failed build: remove what it wrote; the published site stays as it was."""
    publication.warnings.detach()
    for part in translations.values():
        atomic.discard(part)
    if publication.target is not None:
        atomic.discard(publication.built)
