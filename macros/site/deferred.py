"""Generated HTML tables kept out of Markdown rendering and out of the search index.

Generated pages carry their data tables as raw HTML blocks (``<div class="csr-table-wrap">``
around a ``<table>``).  Python-Markdown would parse every tag of them with ``html.parser`` only
to pass them through unchanged, and Material's search plugin would parse them again and index
their cells: at thousands of companies that is most of the build time and most of the search
index.  :func:`extract` swaps each table for an empty placeholder before rendering;
:func:`restore` puts the tables back into the finished page.  The page reads exactly as before;
readers search titles, headings and prose, not table cells.

Placeholders carry a random token per build, so text in a disclosure cannot forge one.  Only
blocks written by the page templates are taken out: a template puts :data:`UNTRUSTED_MARK` on
a line of its own before it includes text from a disclosure (the narrative), and nothing after
the first such line is ever taken out.  Blocks that are taken out were made by autoescaping
templates from validated values; everything after the mark stays in the Markdown and goes
through the sanitiser with the rest of the page.

A disclosure page's *trailer* (the template's HTML after the narrative, :func:`split_trailer`)
never meets Python-Markdown nor the sanitiser; it also carries the *boxes* of indicators each
narrative section addresses (:func:`split_boxes`), which the plugin puts under their headings
once the narrative has been rendered and sanitised (:func:`place_boxes`).
"""

from __future__ import annotations

import json
import re
import secrets
import zlib

_OPEN = re.compile(r'<div class="csr-table-wrap[^"<>]*">\Z')
UNTRUSTED_MARK = "<!-- csr:untrusted-below -->"
TRUSTED_MARK = "<!-- csr:trusted-below -->"
_HEADING = re.compile(r'<h2 id="([a-z0-9-]+)">([^<]*)<')


def new_token() -> str:
    return secrets.token_hex(8)


def placeholder(token: str, index: int) -> str:
    return f'<div data-csr-deferred="{token}-{index}"></div>'


def extract(markdown: str, token: str) -> tuple[str, list[str]]:
    """Replace each table block with a placeholder; return the new Markdown and the blocks.

    A block is a line ``<div class="csr-table-wrap…">``, a line starting with ``<table``, and
    everything up to the first line ``</table>`` followed by a line ``</div>``, all of it above
    the first line :data:`UNTRUSTED_MARK`.
    """
    if "csr-table-wrap" not in markdown:
        return markdown, []
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    index = 0
    count = lines.index(UNTRUSTED_MARK) if UNTRUSTED_MARK in lines else len(lines)
    while index < count:
        line = lines[index]
        if index + 1 < count and _OPEN.match(line) and lines[index + 1].startswith("<table"):
            end = index + 2
            while end + 1 < count and not (lines[end] == "</table>" and lines[end + 1] == "</div>"):
                end += 1
            if end + 1 < count:
                out.append(placeholder(token, len(blocks)))
                blocks.append("\n".join(lines[index : end + 2]))
                index = end + 2
                continue
        out.append(line)
        index += 1
    return "\n".join(out + lines[count:]), blocks


def restore(html: str, token: str, blocks: list[str]) -> str:
    """Put ``blocks`` back in place of their placeholders."""
    for index, block in enumerate(blocks):
        html = html.replace(placeholder(token, index), block, 1)
    return html


def pack(blocks: list[str]) -> bytes:
    """``blocks`` compressed for the time between Markdown rendering and writing the page.

    MkDocs renders every page before it writes any, so a large registry would hold every
    page's tables at once; compressed, they take about a tenth of the memory.
    """
    return zlib.compress(json.dumps(blocks, ensure_ascii=False).encode("utf-8"), 1)


def unpack(packed: bytes) -> list[str]:
    return json.loads(zlib.decompress(packed).decode("utf-8"))


# -- the trailer: a page's own HTML after the disclosure's text ---------------------------------

def split_trailer(markdown: str) -> tuple[str, str]:
    """The page without its trailer, and the trailer: the HTML after the last line
    :data:`TRUSTED_MARK`.

    A template that sets ``csr_trailer`` in a page's front matter writes the mark once, after
    the last text taken from a disclosure, and only autoescaped HTML after it (which cannot
    hold the mark).  A disclosure may write the mark in its own text, but always before the
    template's, so the last one is the template's.  The trailer never meets Python-Markdown
    (nothing in the narrative, such as a block left open, can swallow it) nor the sanitiser; the
    plugin adds it to the page's HTML after both.
    """
    marker = "\n" + TRUSTED_MARK + "\n"
    at = markdown.rfind(marker)
    if at < 0:
        return markdown, ""
    return markdown[: at + 1], markdown[at + len(marker):]


def trailer_headings(trailer: str) -> list[tuple[str, str]]:
    """(id, text) of the trailer's ``<h2>`` headings, for the page's table of contents."""
    return _HEADING.findall(trailer)


# -- boxes: the template's HTML placed under the narrative's headings ---------------------------

BOX_MARK = "<!-- csr:box {anchor} -->"
_BOX = re.compile(r"^<!-- csr:box ([^\s<>\"']+) -->\n(.*)\n", re.MULTILINE)


def split_boxes(trailer: str) -> tuple[str, list[tuple[str, str]]]:
    """The trailer without its boxes, and the boxes as (anchor, HTML).

    A box is a line :data:`BOX_MARK` in the trailer followed by one line of HTML: the template's
    own markup for the heading with that anchor (the indicators a section addresses).  The
    template writes the anchor HTML-escaped (it cannot end the comment), as it appears in an
    ``id`` attribute of the rendered page.  Boxes
    travel in the trailer, so they never meet Python-Markdown nor the sanitiser either; only
    the trailer is searched for them, never the narrative.
    """
    if "<!-- csr:box " not in trailer:
        return trailer, []
    boxes = [(match[1], match[2]) for match in _BOX.finditer(trailer)]
    return _BOX.sub("", trailer), boxes


def place_boxes(html: str, boxes: list[tuple[str, str]]) -> str:
    """``html`` (the rendered, sanitised narrative) with each box right after the end of the
    first heading whose ``id`` is its anchor.

    Nothing is taken out of ``html``: the narrative can at most move a box (by writing a
    heading with the same id before the template's), never change what it holds.  A box whose
    heading is not found goes at the end, so that nothing the template made is lost.
    """
    missing = []
    for anchor, box in boxes:
        start = re.search(rf'<h([1-6])(?:\s[^<>]*?)?\sid="{re.escape(anchor)}"[^<>]*>', html)
        end = html.find(f"</h{start[1]}>", start.end()) if start else -1
        if end < 0:
            missing.append(box)
            continue
        end += len("</h1>")
        html = f"{html[:end]}\n{box}{html[end:]}"
    return html + "".join(f"\n{box}" for box in missing)
