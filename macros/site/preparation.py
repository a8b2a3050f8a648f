"""What every language's build needs first: the registry, read and checked, and the staging
folder, holding ``docs/`` and the generated pages of every language.

The build of the source language prepares; the build of a translation started from it (in a
forked child or, one after the other, in the same process) finds the preparation here and
reuses it instead of reading the registry and rendering the pages again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import languages
from ..diagnostics import counted
from ..model import Registry
from ..registry import ASSET_SUFFIXES, load_registry
from . import staging
from .pages import SiteRenderer


class RegistryErrors(Exception):
    """The registry has errors: nothing may be built from it."""

    def __init__(self, registry: Registry):
        super().__init__(f"{counted(len(registry.errors), 'error', 'errors')} in the disclosures")
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
            only: list[str] | None = None, parallel: bool = False) -> Prepared:
    """Read the registry under ``root`` and stage ``docs_dir`` with every generated page.

    Raises :class:`RegistryErrors` if the registry has errors (its warnings are on the result).
    With ``parallel`` the registry is read and each language's pages are rendered in forked
    processes (:mod:`macros.forking`).
    """
    global _current
    registry = load_registry(root, only=only, parallel=parallel)
    if registry.errors:
        raise RegistryErrors(registry)
    renderer = SiteRenderer(registry, templates_dir)
    counts = staging.stage(docs_dir, staging_dir,
                           page_sources=[lambda code=code: renderer.pages([code]) for code in languages.CODES],
                           assets=disclosure_files(registry), parallel=parallel)
    _current = Prepared(root, tuple(only) if only else None, registry, staging_dir, counts)
    return _current


def warning_lines(prepared: Prepared) -> list[str]:
    """The registry's warnings, one line each, in both languages (for the build log)."""
    return [f"{p.location()}: {p.code} {p.name}: {p.message('en')} / {p.message('zh')}"
            for p in prepared.registry.warnings]


def summary(prepared: Prepared) -> str:
    registry, counts = prepared.registry, prepared.counts
    return (f"{counted(len(registry.companies), 'company', 'companies')}, "
            f"{counted(len(registry.disclosures), 'disclosure', 'disclosures')}; staged "
            f"{prepared.staging_dir} ({counts['written']} written, {counts['unchanged']} unchanged, "
            f"{counts['removed']} removed)")


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
