"""The product's two languages, defined once.

Disclosures are written in Chinese (the source) and translated into English; the site
publishes the source language at its root and the translation below ``en/``.  Every
per-language list in the project (pages, search indexes, schemas, messages, language links)
is derived from :data:`LANGUAGES`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 tag and file suffix (2022.zh.md)
    name: str  # the language's name in itself, for the language switcher


SOURCE = Language("zh", "中文")
TRANSLATION = Language("en", "English")
LANGUAGES: tuple[Language, ...] = (SOURCE, TRANSLATION)
CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)


def get(code: str) -> Language:
    for language in LANGUAGES:
        if language.code == code:
            return language
    raise KeyError(f"unknown language {code!r}; the languages are {', '.join(CODES)}")


def root(code: str) -> str:
    """Path of a language's root below the site root: ``""`` for the source, ``"en/"``."""
    return "" if code == SOURCE.code else f"{code}/"


def of_path(path: str) -> str:
    """The language a site-relative path is published in (``en/companies/`` → ``en``)."""
    for language in LANGUAGES:
        if language is not SOURCE and path.startswith(root(language.code)):
            return language.code
    return SOURCE.code
