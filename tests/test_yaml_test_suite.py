"""Every case of the YAML test suite, placed as a disclosure's front matter.

Each case must give either a parse or an error with a location; none may crash or hang, and
no case the suite marks as an error may be accepted.  Valid YAML may still be rejected by the
project's documented strictness (anchors, tags, non-mapping front matter, ...) or by known
gaps of libyaml; the counts are asserted so that a change in either direction is noticed.
"""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import pytest

from macros import frontmatter

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite"
CASES = sorted(p.parent for p in SUITE.rglob("in.yaml")) if SUITE.is_dir() else []

pytestmark = pytest.mark.skipif(not CASES, reason=f"yaml-test-suite corpus not found at {SUITE}")


def as_page(raw: bytes) -> bytes:
    return b"---\n" + raw + (b"" if raw.endswith(b"\n") or not raw else b"\n") + b"---\nbody\n"


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def load_with_timeout(page: bytes, name: str, seconds: int = 2):
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return frontmatter.load_page(page, name)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_every_case_parses_or_fails_with_a_location_and_no_error_case_is_accepted():
    outcomes: Counter = Counter()
    accepted_errors, unlocated, crashed = [], [], []
    for case in CASES:
        name = case.relative_to(SUITE).as_posix()
        expects_error = (case / "error").exists()
        try:
            document = load_with_timeout(as_page((case / "in.yaml").read_bytes()), f"{name}.zh.md")
        except Exception as error:  # a hang surfaces as Timeout
            crashed.append((name, repr(error)))
            continue
        errors = [p for p in document.problems if p.is_error]
        outcomes["error" if expects_error else "valid", "rejected" if errors else "accepted"] += 1
        if expects_error and not errors:
            accepted_errors.append(name)
        unlocated += [(name, p.code) for p in errors if p.line < 1 or p.col < 1]
    assert crashed == []
    assert accepted_errors == []
    assert unlocated == []
    # 94 error cases, 308 valid cases in the corpus as shipped
    assert outcomes["error", "rejected"] == sum(1 for c in CASES if (c / "error").exists())
    assert outcomes["valid", "accepted"] >= 60, outcomes
