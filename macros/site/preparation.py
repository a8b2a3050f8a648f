"""What every language's build needs first: the registry, read and checked, and the staging
folder, holding ``docs/`` and the generated pages of every language.

The build of the source language prepares; the build of a translation started from it (in a
forked child or, one after the other, in the same process) finds the preparation here and
reuses it instead of reading the registry and rendering the pages again.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import jinja2

from .. import forking, languages
from ..diagnostics import counted
from ..model import Registry
from ..registry import ASSET_SUFFIXES, load_registry
from . import progress, staging, templatecache
from .pages import GeneratedPage, SiteRenderer
from .rendercache import RenderCache


class TemplateProblem(forking.Reported):
    """A page template (a registry's override, most likely) cannot be rendered."""

    def __init__(self, error: jinja2.TemplateError):
        where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if where is None:  # an error while rendering: the innermost template frame of the traceback
            for frame, frame_line in traceback.walk_tb(error.__traceback__):
                if frame.f_code.co_filename.endswith(".j2"):
                    where, line = frame.f_code.co_filename, frame_line
        super().__init__(f"{where or 'a page template'}{f':{line}' if line else ''}: "
                         f"{type(error).__name__}: {error.message or error}")


def _rendered(pages: Iterable[GeneratedPage]) -> Iterator[GeneratedPage]:
    """``pages``, with a template error turned into a :class:`TemplateProblem` (file and line)."""
    try:
        yield from pages
    except jinja2.TemplateError as error:
        raise TemplateProblem(error) from None


class RegistryErrors(Exception):
    """The registry has errors: nothing may be built from it."""

    def __init__(self, registry: Registry):
        super().__init__(f"{len(registry.errors)} error(s) in the disclosures")
        self.registry = registry


@dataclass(frozen=True)
class Prepared:
    root: Path  # the registry's root (the folder holding disclosures/)
    only: tuple[str, ...] | None
    registry: Registry
    staging_dir: Path
    counts: dict[str, int]


_current: Prepared | None = None


def prepare(root: Path, docs_dir: Path, staging_dir: Path, templates_dir: Path | None, *,
            only: list[str] | None = None, parallel: bool = False, cache_dir: Path | None = None) -> Prepared:
    """Read the registry under ``root`` and stage ``docs_dir`` with every generated page.

    Raises :class:`RegistryErrors` if the registry has errors (its warnings are on the result).
    With ``parallel`` the registry is read and each language's pages are rendered in forked
    processes (:mod:`macros.forking`).  With ``cache_dir``, companies unchanged since the last
    build there are neither read (:mod:`macros.registrycache`) nor rendered again
    (:mod:`macros.site.rendercache`).
    """
    global _current
    with progress.phase("reading the registry") as reading:
        registry = load_registry(root, only=only, parallel=parallel,
                                 cache_dir=cache_dir / "registry" if cache_dir else None)
        if registry.errors:
            raise RegistryErrors(registry)
        reading.done(f"read {counted(len(registry.companies), 'company', 'companies')}, "
                     f"{counted(len(registry.disclosures), 'disclosure', 'disclosures')}")
    with progress.phase("rendering the pages") as rendering:
        cache = RenderCache(cache_dir / "render", templates_dir) if cache_dir else None
        renderer = SiteRenderer(registry, templates_dir, cache,
                                templatecache.bytecode_cache(cache_dir / "jinja") if cache_dir else None)
        counts = staging.stage(docs_dir, staging_dir,
                               page_sources=[lambda code=code: _rendered(renderer.pages([code]))
                                             for code in languages.CODES],
                               assets=disclosure_files(registry), parallel=parallel)
        if cache is not None and not only:
            cache.forget_others(set(registry.companies))
        rendering.done(f"rendered the pages of {', '.join(languages.CODES)} into {staging_dir} "
                       f"({counts['written']} written, {counts['unchanged']} unchanged, {counts['removed']} removed)")
    _current = Prepared(root, tuple(only) if only else None, registry, staging_dir, counts)
    return _current


def warning_lines(prepared: Prepared) -> list[str]:
    """The registry's warnings, one line each, in both languages (for the build log)."""
    return [f"{p.location()}: {p.code} {p.name}: {p.message('en')} / {p.message('zh')}"
            for p in prepared.registry.warnings]


def reuse(root: Path, staging_dir: Path, only: list[str] | None) -> Prepared | None:
    """The preparation made in this process (or before it forked) for the same registry."""
    if _current is not None and (_current.root, _current.staging_dir, _current.only) == (
            root, staging_dir, tuple(only) if only else None):
        return _current
    return None


def release() -> None:
    global _current
    _current = None


def disclosure_files(registry: Registry) -> list[tuple[str, Path]]:
    """Images and PDFs kept beside disclosures, published next to the company's pages.

    Each language is built on its own with itself as the default language, so a file without a
    language suffix (``logo.png``) is published in every language and ``logo.en.png``, if the
    company provides it, replaces it on the English pages.
    """
    files = []
    for slug in registry.companies:
        folder = registry.root / "disclosures" / slug
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in ASSET_SUFFIXES and path.is_file() and not path.is_symlink():
                files.append((f"companies/{slug}/{path.name}", path))
    return files
