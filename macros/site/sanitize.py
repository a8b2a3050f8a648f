"""Sanitising HTML rendered from disclosures, with nh3 (the Ammonia sanitiser).

Disclosures arrive from outside companies.  Their Markdown may contain raw HTML or attr_list
attributes; after rendering, only an allow-list of tags, attributes and URL schemes survives.
No scripts, no event handlers, no ``javascript:``/``data:`` URLs, no iframes, no forms, no
styles; every link gets ``rel="nofollow noopener noreferrer"``.
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
    return _NOT_A_CHECKBOX.sub("", cleaned)


_NOT_A_CHECKBOX = re.compile(r'<input\b(?![^>]*\btype="checkbox")[^>]*>')


def theme_text(text: str) -> str:
    """Plain text made safe for theme templates that print it without escaping (titles)."""
    return html.escape(text, quote=True)
