"""Measure what the worst pages just inside the body limits cost the build (issue 14).

    PYTHONPATH=. python bench/limits.py [--repeat N]

For every page of ``tests/page_cost.py``'s ``WORST_PAGES`` (each at one limit of
``macros/limits.py``, filled up to the body size limit), prints the time of ``csr check``'s
body rules and of the build's work on it (Markdown with the site's extensions for both
language pages, the sanitiser, the search entries): the best of N runs.  The threat model
page records the results.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import page_cost  # noqa: E402

from macros import bodylinks, limits, sections  # noqa: E402


def check_cost(body: str) -> float:
    started = time.perf_counter()
    over = limits.check(body, 1, "page")
    assert over == [], [(d.code, d.line) for d in over]
    sections.parse(body)
    bodylinks.check(body, 1, "disclosures/a/2022.zh.md", "disclosures/a", set(), set())
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    page_cost.build_cost("预热")
    print(f"| page | characters | `csr check` body rules | build |\n|---|---:|---:|---:|")
    worst = 0.0
    for name, make in page_cost.WORST_PAGES.items():
        body = make()
        check = min(check_cost(body) for _ in range(args.repeat))
        build = min(page_cost.build_cost(body) for _ in range(args.repeat))
        worst = max(worst, build)
        print(f"| {name} | {len(body):,} | {check * 1000:.0f} ms | {build:.2f} s |", flush=True)
    print(f"\nworst: {worst:.2f} s (bound {page_cost.BOUND_SECONDS} s)")
    return 0 if worst <= page_cost.BOUND_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
