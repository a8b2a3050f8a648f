"""The staging docs folder: hand-written docs plus generated pages, written only when changed."""

from __future__ import annotations

import pytest

from macros.site.pages import GeneratedPage
from macros.site.staging import StagingConflict, stage


def source(lang: str, count: int = 3):
    return lambda: (GeneratedPage(f"companies/c{n}/index.{lang}.md", f"# {lang} {n}\n", "company") for n in range(count))


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "forked"])
def test_staging_holds_docs_and_every_generated_page_and_nothing_else(tmp_path, parallel):
    docs, staging = tmp_path / "docs", tmp_path / "staging"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide/index.zh.md").write_text("# 指南\n", encoding="utf-8")
    (staging / "companies/gone").mkdir(parents=True)
    (staging / "companies/gone/index.zh.md").write_text("stale", encoding="utf-8")

    counts = stage(docs, staging, page_sources=[source("zh"), source("en")], parallel=parallel)
    assert counts == {"written": 7, "unchanged": 0, "removed": 1}
    assert tree(staging) == {"guide/index.zh.md": "# 指南\n",
                             **{f"companies/c{n}/index.{lang}.md": f"# {lang} {n}\n" for lang in ("zh", "en") for n in range(3)}}
    again = stage(docs, staging, page_sources=[source("zh"), source("en", 2)], parallel=parallel)
    assert again == {"written": 0, "unchanged": 6, "removed": 1}  # companies/c2/index.en.md


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "forked"])
def test_a_hand_written_page_on_a_generated_path_is_refused(tmp_path, parallel):
    docs = tmp_path / "docs"
    (docs / "companies/c1").mkdir(parents=True)
    (docs / "companies/c1/index.en.md").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(StagingConflict, match="docs/companies/c1/index.en.md is reserved for a generated page"):
        stage(docs, tmp_path / "staging", page_sources=[source("zh"), source("en")], parallel=parallel)
