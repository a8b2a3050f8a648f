"""Sanitising HTML rendered from disclosures, with nh3 (the Ammonia sanitiser).

Disclosures arrive from outside companies.  Their Markdown may contain raw HTML or attr_list
attributes; after rendering, only an allow-list of tags, attributes and URL schemes survives.
No scripts, no event handlers, no ``javascript:``/``data:`` URLs, no iframes, no forms, no
styles; every link that may lead off the site gets ``rel="nofollow noopener noreferrer"``
(a fragment or a path relative to the page cannot: it stays on the site, unmarked, so crawlers
follow the registry's own links).
"""

from __future__ import annotations

import html
import re

import nh3

TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"} | {"tfoot", "input"}
_GLOBAL = {"class", "id", "title", "lang", "dir", "aria-label", "aria-current", "aria-hidden", "role"}
ATTRIBUTES: dict[str, set[str]] = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = _GLOBAL
ATTRIBUTES.setdefault("a", set()).update({"href", "hreflang"})
ATTRIBUTES["input"] = {"type", "checked", "disabled"}  # task lists render checkboxes
ATTRIBUTES["img"] = {"src", "alt", "width", "height"}
URL_SCHEMES = {"http", "https", "mailto"}
# elements removed with everything inside them (the search index drops them too)
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript",
                                  "textarea", "select", "svg", "math", "noembed", "noframes", "xmp",
                                  "plaintext", "title"})
LINK_REL = "nofollow noopener noreferrer"


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "input" and attribute == "type" and value != "checkbox":
        return None
    if attribute == "id" and value.startswith("__"):
        return None  # the theme's own elements (#__config holds Material's settings): no clobbering
    if tag == "img" and attribute == "src" and (":" in value.split("/", 1)[0] or value.startswith("//")):
        return None  # images come from the registry itself, never from another host
    return value


def clean(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        generic_attribute_prefixes={"data-csr-"},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # task-list checkboxes are the only inputs; nh3 has dropped any other type, so an <input>
    # left without type="checkbox" would be a text field (a phishing prompt): remove it
    cleaned = _NOT_A_CHECKBOX.sub("", cleaned)
    return _MARKED_LINK.sub(_unmark_internal, cleaned)


_NOT_A_CHECKBOX = re.compile(r'<input\b(?![^>]*\btype="checkbox")[^>]*>')
# a link as nh3 writes it: double-quoted attributes ('"' inside is &quot;), its rel added last
_MARKED_LINK = re.compile(r'<a((?: [a-z][a-z0-9-]*="[^"]*")*) rel="' + LINK_REL + '">')
_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)="([^"]*)"')
# a reference that stays on this site: a fragment, or a path relative to the page (no scheme,
# as a URL parser finds none without ':'; no leading '/' or '\\', which could start a host; no
# whitespace or control characters, which a browser strips or drops before parsing)
_SAME_PAGE = re.compile(r"#[^\x00-\x1f\x7f]*\Z")
_RELATIVE_PATH = re.compile(r"(?![/\\])[^\s\x00-\x1f\x7f\\:]+\Z")


def _unmark_internal(match: re.Match) -> str:
    """A link to the site's own pages without rel: its rel asks crawlers not to follow it."""
    href = dict(_ATTRIBUTE.findall(match[1])).get("href")  # the attributes one after another
    if href is None:
        return match[0]
    target = html.unescape(href)
    if _SAME_PAGE.match(target) or _RELATIVE_PATH.match(target):
        return f"<a{match[1]}>"
    return match[0]


def theme_text(text: str) -> str:
    """Plain text made safe for theme templates that print it without escaping (titles)."""
    return html.escape(text, quote=True)
