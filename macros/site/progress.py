"""What a long build says while it works: one line per phase, with counts and its time.

Lines go through MkDocs' logger for the csr plugin (``mkdocs.plugins.csr``), so they look like
MkDocs' own (``INFO - csr: ...``) and ``mkdocs build -q`` hides them.  Third-party libraries
that print their own progress (jieba) are quietened here.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from typing import Iterator

log = logging.getLogger("mkdocs.plugins.csr")


class Phase:
    """A phase being timed; ``done`` sets what is logged when it ends (``{seconds}`` is filled in)."""

    def __init__(self, what: str):
        self.message = what

    def done(self, message: str) -> None:
        self.message = message


@contextmanager
def phase(what: str) -> Iterator[Phase]:
    """Time a phase and log ``csr: <message> (<seconds> s)`` once it has ended without error."""
    current = Phase(what)
    start = time.perf_counter()
    yield current
    log.info("csr: %s (%.1f s)", current.message, time.perf_counter() - start)


def quieten_third_parties() -> None:
    """jieba logs its dictionary loading to stderr at DEBUG level: only its warnings remain."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


class DropLine(logging.Filter):
    """Drops records whose message starts with ``prefix`` (a translation build's own
    "Documentation built in" line: the build started by the user prints the final one)."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)
