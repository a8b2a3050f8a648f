"""Links and images in a disclosure's Markdown body, with their lines, and the safety rules.

A disclosure may link to the web (http, https, mailto), to anchors of its own page, and to
files inside ``disclosures/``.  Anything else is rejected before publication: script-like
schemes, local files, absolute paths, and relative paths that climb out of the registry.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from typing import Iterator
from urllib.parse import unquote, urlsplit

from . import diagnostics as diag

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Every form a URL can take in a body, matched over the whole text (outside fenced code), so a
# target written on the line after its link, its definition or its attribute is found too:
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")  # [text](url), ![alt](url), url on the next line
# reference definitions, also inside quotes and list items, the URL possibly on the next line
_REF_DEF = re.compile(r"^[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)*\[[^\[\]\n]*\]:[ \t]*(?:\n[ \t>]*)?<?([^\s<>]+)",
                      re.MULTILINE)
_HTML_ATTR = re.compile(r"""\b(?:href|src|srcset|action|formaction|poster|data|xlink:href|background|cite|ping)"""
                        r"""\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
# each pattern, in order, with text that every match of it contains
_PATTERNS = ((_MD_LINK, "]("), (_REF_DEF, "]:"), (_HTML_ATTR, "="), (_AUTOLINK, "<"))
SAFE_SCHEMES = {"http", "https", "mailto"}
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")
_NEWLINE = re.compile("\n")


def _as_browser_reads(url: str) -> str:
    """The URL after Markdown escapes and HTML entities are undone and control characters and
    spaces dropped, as a browser would follow it (``jav&#x09;ascript:``, ``javascript\\:``)."""
    return _INVISIBLE.sub("", html.unescape(_ESCAPED.sub(r"\1", url)))


def _outside_fences(body: str) -> str:
    """The body with the lines of fenced code blanked (same length, same line breaks)."""
    if "```" not in body and "~~~" not in body:
        return body  # no fence can open
    lines = body.split("\n")
    fence = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if match:
            marker = match[1]
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            lines[index] = ""
            continue
        if fence is not None:
            lines[index] = ""
    return "\n".join(lines)


def links(body: str, first_line: int) -> Iterator[tuple[int, int, str, bool]]:
    """(file line, column, url, is Markdown) of every link target outside fenced code, in body
    order; the last is false for a raw HTML attribute (which may also be text that only looks
    like one: ``\\<img src=x>``, ``&lt;img src=x&gt;``)."""
    text = _outside_fences(body)
    found: dict[int, tuple[str, bool]] = {}  # by offset: "[r]: <url>" is a definition and an autolink
    for pattern, needed in _PATTERNS:
        if needed not in text:  # the pattern cannot match: skip its (slower) scan
            continue
        for match in pattern.finditer(text):
            found.setdefault(match.start(1), (match[1], pattern is not _HTML_ATTR))
    line_starts = [0]
    line_starts += [match.end() for match in _NEWLINE.finditer(text)]
    for offset, (url, markdown) in sorted(found.items()):
        line = bisect.bisect_right(line_starts, offset) - 1
        yield first_line + line, offset - line_starts[line] + 1, url, markdown


_ID = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)|\{[^{}\n]*?#([^\s{}]+)""", re.IGNORECASE)
GENERATED_ID_PREFIX = "csr-"  # ids of the parts the site adds to a disclosure page (indicator summary)


def check(body: str, first_line: int, path: str, company_dir: str, files: set[str] | None = None,
          anchors: set[str] | None = None) -> list[diag.Diagnostic]:
    """Problems with the link targets of a body.  With ``files`` (the names of the publishable
    files in the company's folder) and ``anchors`` (the page's heading anchors), links to a file
    or an anchor that the built site will not have are reported too (CSR613), as the build's
    link check would otherwise find them; for Markdown links only: what raw HTML links to is
    left to the build's link check (reported at the disclosure file, CSR612)."""
    problems = []
    known_ids = None
    if anchors is not None:
        known_ids = set(anchors) | {a or b for a, b in _ID.findall(body)}
    for line, col, url, markdown in links(body, first_line):
        target = _as_browser_reads(url)
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        if scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive: a local path
            if scheme not in SAFE_SCHEMES:
                problems.append(diag.make("unsafe-url", path, line, col, url=target, scheme=scheme))
            continue
        if not target:
            continue
        if target.startswith("#"):
            fragment = unquote(parts.fragment)
            if known_ids is not None and markdown and fragment and fragment not in known_ids \
                    and not fragment.startswith(GENERATED_ID_PREFIX):
                problems.append(diag.make("link-target-missing", path, line, col, url=target,
                                          what="anchor", what_zh="锚点",
                                          allowed=diag.allowed_list(sorted(anchors)) or "—"))
            continue
        if target.startswith(("/", "\\")) or (scheme and len(scheme) == 1) or parts.netloc:
            problems.append(diag.make("link-outside-registry", path, line, col, url=target))
            continue
        resolved = posixpath.normpath(posixpath.join(company_dir, unquote(parts.path)))
        if not (resolved + "/").startswith("disclosures/"):
            problems.append(diag.make("link-outside-registry", path, line, col, url=target))
            continue
        if files is not None and markdown and (posixpath.dirname(resolved) != company_dir
                                  or posixpath.basename(resolved) not in files):
            problems.append(diag.make("link-target-missing", path, line, col, url=target,
                                      what="file", what_zh="文件",
                                      allowed=diag.allowed_list(sorted(files)) or "—"))
    return problems
