"""Whitespace the browser ignores, taken out of a finished page.

Material's templates and the page templates indent their HTML; on a disclosure page that is
about a tenth of the bytes.  In HTML text (outside elements that keep their whitespace), a run
of spaces, tabs and newlines renders as one space, so a run that holds a newline can become one
newline without changing what the reader sees.  Tags are left as they are (attribute values
keep their whitespace), and so is everything inside ``<pre>``, ``<textarea>``, ``<script>``,
``<style>`` and ``<code>``.
"""

from __future__ import annotations

import re

# an element that keeps its whitespace, whole; one tag (quoted attribute values may hold ">" and
# newlines); or a run of whitespace that holds a newline (never \s: a no-break space is text)
_TOKEN = re.compile(r"<(pre|textarea|script|style|code)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
                    r"|<[a-zA-Z!/?](?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
                    r"|([ \t\r\f]*\n[ \t\n\r\f]*)", re.DOTALL | re.IGNORECASE)


def _keep_or_collapse(match: re.Match) -> str:
    return match[0] if match[2] is None else "\n"


def collapse_whitespace(html: str) -> str:
    """``html`` with each run of whitespace that holds a newline, outside tags and outside
    elements that keep their whitespace, made one newline."""
    return _TOKEN.sub(_keep_or_collapse, html)
