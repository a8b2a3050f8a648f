"""The one place that reads (and, for a translation build, sets) the environment.

========================  ===================================================================
``CSR_ONLY``              ``slug[,slug]``: build only these companies (``csr serve COMPANY``)
``CSR_PARALLEL``          ``0``: never fork (languages and registry reading one after the other)
``CSR_CACHE``             ``0``: build every page from scratch (no reuse of the previous build's
                          pages, :mod:`macros.site.page_reuse`)
``CSR_LANGUAGE``          set by the build for the process that builds one translation; the
                          site's ``mkdocs.yml`` hands it to mkdocs-static-i18n as
                          ``build_only_locale: !ENV [CSR_LANGUAGE, zh]``
``CSR_SITE_URL``          read by ``mkdocs.yml`` itself (``site_url: !ENV [CSR_SITE_URL, ...]``);
                          ``csr check --format sarif`` resolves that ``!ENV`` tag the same way
                          to link its rules to the site's error catalogue
``SOURCE_DATE_EPOCH``     build date of the pages (set from the last commit when absent)
``CSR_LANG``, ``LC_ALL``, language of ``csr`` messages (:func:`message_language`)
``LC_MESSAGES``, ``LANG``
``GITHUB_STEP_SUMMARY``   set by GitHub Actions: the Markdown file of the job summary, which
                          ``csr check --format github`` appends a short report to
========================  ===================================================================
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

ONLY = "CSR_ONLY"
PARALLEL = "CSR_PARALLEL"
CACHE = "CSR_CACHE"
LANGUAGE = "CSR_LANGUAGE"
SITE_URL = "CSR_SITE_URL"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def only_companies() -> list[str] | None:
    """The companies a focused build is limited to, or ``None`` for the whole registry."""
    return [slug for slug in os.environ.get(ONLY, "").split(",") if slug.strip()] or None


def parallel_allowed() -> bool:
    return os.environ.get(PARALLEL, "1") != "0"


def page_reuse_allowed() -> bool:
    return os.environ.get(CACHE, "1") != "0"


def building_language() -> str | None:
    """The translation this process builds (``CSR_LANGUAGE``), or ``None`` in the main build."""
    return os.environ.get(LANGUAGE) or None


@contextmanager
def language_build(code: str) -> Iterator[None]:
    """Set ``CSR_LANGUAGE`` while a translation's configuration is loaded and built here."""
    before = os.environ.get(LANGUAGE)
    os.environ[LANGUAGE] = code
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LANGUAGE, None)
        else:
            os.environ[LANGUAGE] = before


def source_date_epoch() -> str | None:
    return os.environ.get(SOURCE_DATE_EPOCH) or None


def set_source_date_epoch(stamp: str) -> None:
    os.environ[SOURCE_DATE_EPOCH] = stamp


def message_language() -> str:
    """The language of ``csr`` messages: ``CSR_LANG``, else the locale (``zh*`` → zh), else en."""
    for var in ("CSR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def github_step_summary() -> Path | None:
    """The job summary file of a GitHub Actions step (``GITHUB_STEP_SUMMARY``), or ``None``."""
    value = os.environ.get(STEP_SUMMARY, "")
    return Path(value) if value.strip() else None


def first_set(names: Sequence[str]) -> str | None:
    """The value of the first of ``names`` that is set (an ``!ENV`` tag of a configuration
    file, resolved as MkDocs' pyyaml_env_tag resolves it), or ``None``."""
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return None


def for_focused_preview(slug: str) -> dict[str, str]:
    """The environment of the ``mkdocs serve`` that ``csr serve COMPANY`` starts."""
    return {**os.environ, ONLY: slug, "NO_MKDOCS_2_WARNING": "1"}
