"""Links and images in a disclosure's Markdown body, with their lines, and the safety rules.

A disclosure may link to the web (http, https, mailto), to anchors of its own page, and to
files inside ``disclosures/``.  Anything else is rejected before publication: script-like
schemes, local files, absolute paths, and relative paths that climb out of the registry.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Iterator
from urllib.parse import unquote, urlsplit

from . import diagnostics as diag

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_ATTR = re.compile(r"""\b(?:href|src|srcset|action|formaction|poster|data)\s*=\s*["']?([^"'\s>]+)""", re.I)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
SAFE_SCHEMES = {"http", "https", "mailto"}
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def _as_browser_reads(url: str) -> str:
    """The URL after Markdown escapes and HTML entities are undone and control characters and
    spaces dropped, as a browser would follow it (``jav&#x09;ascript:``, ``javascript\\:``)."""
    return _INVISIBLE.sub("", html.unescape(_ESCAPED.sub(r"\1", url)))


def links(body: str, first_line: int) -> Iterator[tuple[int, int, str]]:
    """(file line, column, url) of every link target outside fenced code."""
    fence = None
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if match:
            marker = match[1]
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        if "](" not in line and "]:" not in line and "=" not in line and "<" not in line:
            continue  # no pattern below can match: most prose lines
        for pattern in (_MD_LINK, _REF_DEF, _HTML_ATTR, _AUTOLINK):
            for found in pattern.finditer(line):
                yield first_line + index, found.start(1) + 1, found[1]


def check(body: str, first_line: int, path: str, company_dir: str) -> list[diag.Diagnostic]:
    problems = []
    for line, col, url in links(body, first_line):
        target = _as_browser_reads(url)
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        if scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive: a local path
            if scheme not in SAFE_SCHEMES:
                problems.append(diag.make("unsafe-url", path, line, col, url=target, scheme=scheme))
            continue
        if target.startswith("#") or not target:
            continue
        if target.startswith(("/", "\\")) or (scheme and len(scheme) == 1) or parts.netloc:
            problems.append(diag.make("link-outside-registry", path, line, col, url=target))
            continue
        resolved = posixpath.normpath(posixpath.join(company_dir, unquote(parts.path)))
        if not (resolved + "/").startswith("disclosures/"):
            problems.append(diag.make("link-outside-registry", path, line, col, url=target))
    return problems
