"""What one disclosure body costs the build, measured with the site's own Markdown setup.

:func:`build_cost` runs a body through what the build does with it: Python-Markdown with the
extensions of this repository's ``mkdocs.yml`` plus those the csr plugin adds
(:data:`macros.site.theme.REQUIRED_EXTENSIONS`), the English page's wrapping of an untranslated
section in a note, and the sanitiser (search is indexed from the built HTML by Pagefind).
Used by the limit tests (tests/test_limits.py) and by ``bench/limits.py``, which measures
the worst-case pages just inside each limit for the threat model.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import markdown
import yaml

from macros.site import sanitize, theme

REPO = Path(__file__).resolve().parents[1]


class _Loader(yaml.SafeLoader):
    pass


def _apply(loader, suffix, node):  # mkdocs.yml's `!!python/object/apply:pymdownx.slugs.slugify`
    module, _, name = suffix.rpartition(".")
    kwds = loader.construct_mapping(node, deep=True).get("kwds", {})
    return getattr(__import__(module, fromlist=[name]), name)(**kwds)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)
_Loader.add_constructor("!ENV", lambda loader, node: None)


def extensions(config_file: Path = REPO / "mkdocs.yml") -> tuple[list[str], dict]:
    """The Markdown extensions and their settings, as the build configures them."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    names, settings = [], {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            [(name, options)] = entry.items()
            settings[name] = options or {}
        else:
            name = entry
        names.append(name)
    for name in theme.REQUIRED_EXTENSIONS:
        if name not in names:
            names.append(name)
    settings.setdefault("toc", {}).setdefault("permalink", True)
    return names, settings


EXTENSIONS, SETTINGS = extensions()


def render(body: str) -> str:
    """The HTML the build publishes for a body: Markdown, then the sanitiser."""
    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs=SETTINGS)
    return sanitize.clean(converter.convert(body))


def as_untranslated_note(body: str) -> str:
    """The body as the English page shows an untranslated Chinese section: inside a note."""
    return '!!! note "Not yet translated"\n\n' + "".join(
        ("    " + line if line.strip() else line) for line in body.splitlines(keepends=True))


def build_cost(body: str) -> float:
    """CPU seconds the build spends on ``body``: both language pages (the English one with the
    body as an untranslated note), rendered in this process (CPU time, so that other work on a
    shared machine does not count).  The search index is made from the built HTML by Pagefind's
    binary, per language over the whole site (macros/site/search.py)."""
    started = time.process_time()
    render(body)
    render(as_untranslated_note(body))
    return time.process_time() - started


if __name__ == "__main__":  # python tests/page_cost.py FILE: the cost of one body
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    print(f"{build_cost(text):.3f} s")


# -- the worst pages just inside each limit (measured by bench/limits.py) ---------------------------

from macros import limits as _limits  # noqa: E402

BOUND_SECONDS = 4.0  # what a page within the limits may cost the build (see the threat model)


def _fill(unit: str, size: int = _limits.MAX_BODY_CHARS) -> str:
    """``unit`` repeated up to ``size`` characters, cut at a line end."""
    text = unit * (size // len(unit))
    return text[: text.rfind("\n") + 1] if "\n" in text else text


def _scan_page(opener: str, filler: str = "中文字") -> str:
    """Paragraphs opening with ``opener`` runs as often as the scan limit allows, each then
    running on to the paragraph's end: every opener scans the whole paragraph."""
    line = (filler * (_limits.MAX_LINE_CHARS // len(filler)))[: _limits.MAX_LINE_CHARS - 1]
    paragraph_lines = 4
    length = paragraph_lines * (len(line) + 1)
    openers_per_unit = sum(opener.count(c) for c in _limits.SCAN_CHARACTERS)
    paragraphs = _limits.MAX_BODY_CHARS // (length + 2)
    units = max(1, int(_limits.MAX_SCAN * 0.98) // (paragraphs * length * openers_per_unit))
    head = (opener + " ") * units
    out = []
    for _ in range(paragraphs):
        first = (head + line)[: _limits.MAX_LINE_CHARS]
        out.append("\n".join([first] + [line] * (paragraph_lines - 1)) + "\n")
    page = "\n".join(out)
    while len(page) > _limits.MAX_BODY_CHARS:
        page = page[: page.rfind("\n\n", 0, len(page) - 1) + 1]
    return page


def _nested(levels: int, line: str) -> str:
    return "".join("    " * i + line for i in range(levels))


WORST_PAGES = {
    "body: plain prose": lambda: _fill("我们坚持开源，服务社区和开发者。" * 20 + "\n\n"),
    "lines: each at the length limit": lambda: _fill(("开源 **强调** 与 _斜体_ " * 400)[: _limits.MAX_LINE_CHARS] + "\n"),
    "nesting: lists": lambda: _fill(_nested(_limits.MAX_NESTING - 1, "- 项目\n") + "\n"),
    "nesting: quotes": lambda: _fill("> " * _limits.MAX_NESTING + "引用\n\n"),
    "nesting: quotes and lists": lambda: _fill(
        "".join("> " * (i // 2) + "    " * 0 + "- " * (i - i // 2) + "项\n" for i in range(1, _limits.MAX_NESTING + 1))
        + "\n"),
    "nesting: notes": lambda: _fill(_nested(_limits.MAX_NESTING - 1, '!!! note "注"\n\n')
                                      + "    " * (_limits.MAX_NESTING - 1) + "正文\n\n"),
    "nesting: HTML": lambda: _fill("<div>" * _limits.MAX_NESTING + "x" + "</div>" * _limits.MAX_NESTING + "\n\n"),
    "runs: emphasis *": lambda: _fill(("*" * _limits.MAX_RUN + "a ") * 40 + "\n"),
    "runs: emphasis _": lambda: _fill(("_" * _limits.MAX_RUN + "a ") * 40 + "\n"),
    "runs: mixed * and _": lambda: _fill("***a___b**c__d*e_f " * 60 + "\n"),
    "scan: unclosed [": lambda: _scan_page("["),
    "scan: unclosed <": lambda: _scan_page("<a b="),
    "scan: <![CDATA[": lambda: _scan_page("<![CDATA["),
    "scan: reference links [a][": lambda: _scan_page("[a]["),
    "scan: autolinks <http://": lambda: _scan_page("<http://a"),
    "headings: the limit, all the same text": lambda: "## 标题\n\n" * _limits.MAX_HEADINGS
    + _fill("正文。" * 100 + "\n\n", _limits.MAX_BODY_CHARS - 10 * _limits.MAX_HEADINGS),
    "definitions: the limit per paragraph": lambda: _fill("术语\n" + ": 定义\n" * _limits.MAX_DEFINITIONS + "\n"),
    "blocks: fenced code": lambda: _fill("```\ncode\n```\n\n"),
    "blocks: quotes": lambda: _fill("> 引用\n\n"),
    "blocks: ordered list": lambda: _fill("1. 项目\n"),
    "blocks: tables": lambda: _fill("| a | b |\n|---|---|\n" + "| [x](y.png) | *b* |\n" * 40 + "\n"),
    "blocks: emphasis": lambda: _fill("*强调* **加粗** _x_ " * 50 + "\n"),
    "blocks: attribute lists": lambda: _fill("段落\n{: .x }\n\n"),
    "blocks: links": lambda: _fill("[链接](https://example.com/a) " * 20 + "\n\n"),
}
