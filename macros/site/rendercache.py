"""Generated pages reused while what they are made from is unchanged.

A company's page and its disclosure pages are made from the company's own files, the
frameworks, the page templates and this package alone.  The registry read with a cache gives
each company the fingerprint of its files (:attr:`macros.model.Registry.inputs`); with the
fingerprint of the registry's own page templates it keys the company's rendered Markdown, one
JSON file per company and language under ``.cache/csr/render``.  The registry-wide pages (home,
indexes, indicator, matrix and statistics pages, which list every company) are kept per language
too, keyed by every company's fingerprint: reused only when no company changed.  Safe to delete.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

from ..fingerprint import code_fingerprint, digest, files_digest, write_atomically
from .pages import GeneratedPage


def templates_key(templates_dir: Path | None) -> str:
    return files_digest(templates_dir) if templates_dir is not None and Path(templates_dir).is_dir() else ""


class RenderCache:
    def __init__(self, folder: Path, templates_dir: Path | None):
        self.folder = Path(folder)
        self.base = digest(code_fingerprint(), templates_key(templates_dir))

    def pages(self, slug: str, lang: str, inputs: str | None,
              make: Callable[[], Iterable[GeneratedPage]]) -> list[GeneratedPage]:
        """The company's pages in ``lang``: stored ones if made from the same ``inputs``, else
        ``make()``'s (stored)."""
        if not inputs:
            return list(make())
        return self._kept(self.folder / lang / f"{slug}.json", digest(self.base, slug, lang, inputs), make)

    def registry_pages(self, lang: str, inputs: list | None,
                       make: Callable[[], Iterable[GeneratedPage]]) -> list[GeneratedPage]:
        """The registry-wide pages in ``lang``: stored ones if made from the same companies
        (``inputs``: :meth:`macros.model.Registry.inputs_fingerprint`, ``None``: made)."""
        if inputs is None:
            return list(make())
        # beside the companies' folders (forget_others looks inside those)
        return self._kept(self.folder / f"registry-pages.{lang}.json", digest(self.base, lang, inputs), make)

    def _kept(self, path: Path, key: str, make: Callable[[], Iterable[GeneratedPage]]) -> list[GeneratedPage]:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored["key"] == key:
                return [GeneratedPage(*page) for page in stored["pages"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        pages = list(make())
        write_atomically(path, json.dumps({"key": key, "pages": [[p.src_uri, p.content, p.kind] for p in pages]},
                                          ensure_ascii=False).encode("utf-8"))
        return pages

    def forget_others(self, slugs: set[str]) -> None:
        for path in self.folder.glob("*/*.json"):
            if path.stem not in slugs:
                path.unlink(missing_ok=True)
