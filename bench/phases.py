"""Where one build spends its time: phases of the csr plugin and MkDocs' work per page kind.

    python bench/phases.py PROJECT OUT.json

Runs ``mkdocs build --strict`` of PROJECT in this process with both languages built one after
the other (``CSR_PARALLEL=0``), so that every second is counted once, and wraps the functions
that make up a build with timers (no profiler: the figures are the build's own speed):

* the csr plugin's phases: reading and validating the registry, rendering the generated
  pages, writing the staging folder, the search entries of disclosures, the downloads, the
  link check and the swap into place;
* MkDocs' work per page, by kind of page: Markdown rendering (``_populate_page``) and the
  theme with every plugin's page events (``_build_page``).

Whatever is left (starting up, reading files, copying theme assets, mkdocs-static-i18n's file
handling, writing the search index and the sitemap) is reported as "other".
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

KINDS = [
    ("disclosure", re.compile(r"companies/[^/]+/\d{4}\.(zh|en)\.md\Z")),
    ("company", re.compile(r"companies/[^/]+/index\.(zh|en)\.md\Z")),
    ("indicator", re.compile(r"indicators/(?!index\.)[^/]+\.(zh|en)\.md\Z")),
    ("matrix", re.compile(r"matrix/")),
]


def page_kind(src_uri: str) -> str:
    return next((name for name, pattern in KINDS if pattern.search(src_uri)), "other pages")


_running: list[list[float]] = []  # per timed call in progress: time spent in timed calls inside it


def _timed(owner, name: str, key, seconds: dict, counts: dict) -> None:
    """Replace ``owner.name`` with a wrapper adding its self time (without the time of timed
    calls made inside it) to ``seconds[key(...)]``."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        _running.append([0.0])
        try:
            return original(*args, **kwargs)
        finally:
            inner = _running.pop()[0]
            elapsed = time.perf_counter() - start
            if _running:
                _running[-1][0] += elapsed
            label = key(*args, **kwargs)
            seconds[label] += elapsed - inner
            counts[label] += 1

    setattr(owner, name, wrapper)


def measure(project: Path) -> dict:
    os.environ["CSR_PARALLEL"] = "0"
    os.chdir(project)
    import mkdocs.commands.build as build
    from mkdocs.config import load_config

    from macros.site import atomic, exports, linkcheck, pages, preparation, searchparts, staging

    seconds: dict = defaultdict(float)
    counts: dict = defaultdict(int)
    phase = {
        (preparation, "load_registry"): "read and validate the registry",
        (staging, "stage"): "write the staging folder",
        (searchparts, "index_site"): "search index (Pagefind)",
        (exports, "write_downloads"): "downloads (JSON, CSV)",
        (linkcheck, "check_site"): "link check",
        (atomic, "swap_into_place"): "swap the new site into place",
    }
    for (owner, name), label in phase.items():
        _timed(owner, name, lambda *a, _label=label, **k: ("csr", _label), seconds, counts)

    render_pages = pages.SiteRenderer.pages

    def timed_pages(self, *args, **kwargs):  # a generator: time the making of each page
        pages_made = render_pages(self, *args, **kwargs)
        while True:
            start = time.perf_counter()
            try:
                page = next(pages_made)
            except StopIteration:
                return
            finally:
                elapsed = time.perf_counter() - start
                seconds[("csr", "render the generated pages")] += elapsed
                if _running:  # made while the staging folder is written: not the writing's time
                    _running[-1][0] += elapsed
            counts[("csr", "render the generated pages")] += 1
            yield page

    pages.SiteRenderer.pages = timed_pages
    _timed(build, "_populate_page", lambda page, *a, **k: ("markdown", page_kind(page.file.src_uri)),
           seconds, counts)
    _timed(build, "_build_page", lambda page, *a, **k: ("theme", page_kind(page.file.src_uri)), seconds, counts)

    start = time.perf_counter()
    config = load_config("mkdocs.yml", strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build.build(config)
    total = time.perf_counter() - start

    rows = [{"part": part, "what": what, "seconds": value, "count": counts[(part, what)]}
            for (part, what), value in seconds.items()]
    rows.sort(key=lambda row: -row["seconds"])
    counted = sum(row["seconds"] for row in rows)
    rows.append({"part": "other", "what": "everything else", "seconds": max(0.0, total - counted), "count": 0})
    return {"total": total, "rows": rows}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    result = measure(Path(argv[0]).resolve())
    Path(argv[1]).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
