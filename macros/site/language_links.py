"""Links between the languages of the site: the switcher, the head alternates, the 404 page.

Every page of the site exists in every language at the same path below the language's root
(``companies/x/`` and ``en/companies/x/``).  The head ``<link rel="alternate">`` and the 404
page point at each language's home by absolute path below ``site_url`` (Material reads the
head links as language roots and fetches their ``sitemap.xml``); the switcher on a page links
to the same page in each language, relatively, so that it works under any sub-path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import languages


def base_path(site_url: str | None) -> str:
    """The path of ``site_url`` (``/registry/``), always ending with ``/``."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def roots(site_url: str | None) -> list[dict[str, str]]:
    """``extra.alternate`` for Material: each language's home by absolute path."""
    base = base_path(site_url)
    return [{"name": language.name, "lang": language.code, "link": base + languages.root(language.code)}
            for language in languages.LANGUAGES]


def language_url(site_url: str | None, code: str) -> str | None:
    """The URL of a language's root: ``site_url`` itself for the source, ``site_url + "en/"``."""
    if not site_url:
        return site_url
    return (site_url if site_url.endswith("/") else site_url + "/") + languages.root(code)


def page_links(page_url: str, lang: str) -> list[dict[str, str]]:
    """The same page in each language, relative to the page at ``page_url`` (its URL below the
    root of ``lang``, as MkDocs gives it: ``companies/x/``, ``""`` for the home page)."""
    up = "../" * (page_url.count("/") + languages.root(lang).count("/"))
    return [{"name": language.name, "lang": language.code,
             "link": (up + languages.root(language.code) + page_url) or "./"}
            for language in languages.LANGUAGES]
