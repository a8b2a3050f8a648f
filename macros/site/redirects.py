"""Small redirect pages for URLs the site no longer serves as pages of their own.

A disclosure's content index was a page (``companies/<slug>/<period>-index/``); it is now a
section of the disclosure page.  Bookmarks keep working: the old URL holds a page of a few
hundred bytes (a meta refresh, a canonical link and a plain link for readers without
refresh), written as a static file of the staging folder, so it never goes through Markdown
nor the theme.  Everything in it comes from the registry's checked names (slugs, periods),
escaped anyway.
"""

from __future__ import annotations

from html import escape

from .strings import t


def stub(target: str, lang: str) -> str:
    """The redirect page to ``target`` (a URL relative to the old page) in ``lang``."""
    url = escape(target, quote=True)
    label = escape(t("content_index", lang))
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<title>{label}</title><meta name="robots" content="noindex">'
            f'<link rel="canonical" href="{url}"><meta http-equiv="refresh" content="0; url={url}">'
            f'</head><body><p><a href="{url}">{label}</a></p></body></html>\n')
