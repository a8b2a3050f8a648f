"""What keeps a large registry's build fast: deferred tables and languages built side by side,
each giving the same site as the plain way; the search index's own files."""

from __future__ import annotations

import gzip
import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.site import deferred, merge, search, searchparts, sitemap
from macros.site.sitecache import SiteCache, file_digests
from registry_builder import folders_left_beside_site

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402

TABLE = '<div class="csr-table-wrap">\n<table class="csr-table">\n<tr><td>a</td></tr>\n</table>\n</div>'


def test_tables_are_taken_out_and_put_back_unchanged():
    markdown = f"# Title\n\nText.\n\n{TABLE}\n\n## Next {{#next}}\n\n{TABLE.replace('<td>a', '<td>b')}\n"
    stripped, blocks = deferred.extract(markdown, "t0k")
    assert blocks == [TABLE, TABLE.replace("<td>a", "<td>b")]
    assert "<table" not in stripped and "## Next {#next}" in stripped
    rendered = stripped.replace("# Title", "<h1>Title</h1>")
    assert deferred.restore(rendered, "t0k", blocks) == markdown.replace("# Title", "<h1>Title</h1>")


def test_nothing_below_the_untrusted_mark_is_taken_out():
    """A disclosure's narrative (below the mark) may imitate a generated table: it stays in the
    Markdown, where the sanitiser sees it, and is never put back unsanitised."""
    forged = TABLE.replace("<td>a", "<td><script>x()</script>")
    markdown = f"# Title\n\n{TABLE}\n\n{deferred.UNTRUSTED_MARK}\n\n{forged}\n\n{deferred.UNTRUSTED_MARK}\n"
    stripped, blocks = deferred.extract(markdown, "t0k")
    assert blocks == [TABLE]
    assert stripped.endswith(f"{deferred.UNTRUSTED_MARK}\n\n{forged}\n\n{deferred.UNTRUSTED_MARK}\n")


def test_blocks_are_kept_compressed_and_come_back_exactly():
    blocks = [TABLE, TABLE.replace("<td>a", "<td>\x00 \u2028 表格 \"q\"")]
    packed = deferred.pack(blocks)
    assert isinstance(packed, bytes) and deferred.unpack(packed) == blocks
    assert len(deferred.pack([TABLE * 50])) < len(TABLE * 50) / 5


def test_only_complete_table_blocks_are_taken_out():
    unclosed = '<div class="csr-table-wrap">\n<table>\n<tr><td>a</td></tr>\n'
    not_a_table = '<div class="csr-table-wrap">\n<p>x</p>\n</div>\n'
    for markdown in (unclosed, not_a_table, "plain text"):
        assert deferred.extract(markdown, "t") == (markdown, [])


def test_a_forged_placeholder_is_not_filled():
    stripped, blocks = deferred.extract(TABLE, deferred.new_token())
    forged = deferred.placeholder("0000000000000000", 0)
    assert deferred.restore(forged + stripped, "0000000000000001", blocks) == forged + stripped


def test_pagefind_lists_its_languages_in_a_fixed_order(tmp_path):
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text('{"version":"1.5.2","languages":{"zh":{"hash":"zh_1","page_count":3},'
                     '"en":{"hash":"en_1","wasm":"en","page_count":2}}}', encoding="utf-8")
    assert search.stable_entry(entry) == {"en": 2, "zh": 3}
    assert entry.read_text(encoding="utf-8").startswith('{"version":"1.5.2","languages":{"en":')


def _fragment(folder: Path, name: str, content: str) -> None:
    (folder / "fragment").mkdir(parents=True, exist_ok=True)
    data = json.dumps({"url": f"/{name}/", "content": content, "meta": {"title": name}}, ensure_ascii=False)
    (folder / "fragment" / f"{name}.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd" + data.encode()))


def test_the_index_words_are_written_by_first_character(tmp_path):
    """Pagefind stores each page's text segmented (zero-width spaces between words): those words,
    lower-cased and without punctuation, grouped by their first character's shard."""
    _fragment(tmp_path, "zh_a", "所有\u200b客户\u200b适用\u200b同一\u200b价目\u200b表\u200b。 T/BSIA 003")
    _fragment(tmp_path, "zh_b", "价目表\u200b在\u200b网上")
    _fragment(tmp_path, "en_a", "Not Chinese")
    assert search.indexed_words(tmp_path, "zh") == {"所有", "客户", "适用", "同一", "价目", "表", "tbsia", "003",
                                                   "价目表", "在", "网上"}
    assert search.write_vocabulary(tmp_path, "zh", search.indexed_words(tmp_path, "zh")) == 9  # ASCII-first left out
    shards = sorted((tmp_path / search.VOCABULARY / "zh").glob("*.json"))
    assert len(shards) == search.SHARDS
    shard = json.loads((tmp_path / search.VOCABULARY / "zh" / f"{ord('价') % search.SHARDS}.json").read_text("utf-8"))
    assert shard["价"] == ["价目", "价目表"]
    assert not (tmp_path / search.VOCABULARY / "en").exists()


def test_the_languages_sitemaps_are_combined_with_hreflang_alternates():
    def one_language(url, paths):
        entries = "".join(f"<url><loc>{url}{p}</loc><lastmod>2024-01-02</lastmod></url>" for p in paths)
        return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'

    site = "https://example.github.io/registry/"
    pages = {"zh": sitemap.read_entries(one_language(site, ["", "about/", "only-zh/"]), site),
             "en": sitemap.read_entries(one_language(site + "en/", ["", "about/"]), site + "en/")}
    assert [e.path for e in pages["zh"]] == ["", "about/", "only-zh/"]
    combined = sitemap.combine(site, pages)
    assert combined.count("<url>") == 5 and combined.count("<lastmod>2024-01-02</lastmod>") == 5
    assert ('<loc>https://example.github.io/registry/en/about/</loc>' in combined
            and '<xhtml:link rel="alternate" hreflang="zh" href="https://example.github.io/registry/about/"/>' in combined)
    only_zh = combined[combined.index("only-zh/</loc>"):]
    assert 'hreflang="en"' not in only_zh[:only_zh.index("</url>")]  # no alternate where there is no page


def test_a_translation_is_merged_below_its_root_and_never_over_files(tmp_path):
    site, part = tmp_path / "site", tmp_path / "site.en-part"
    (part / "about").mkdir(parents=True)
    (part / "about" / "index.html").write_text("en")
    site.mkdir()
    assert merge.part_dir(site, "en") == part
    merge.merge_translation(site, part, "en")
    assert (site / "en" / "about" / "index.html").read_text() == "en" and not part.exists()
    (part / "x").mkdir(parents=True)
    with pytest.raises(merge.MergeConflict):
        merge.merge_translation(site, part, "en")


@pytest.mark.build
def test_building_the_languages_side_by_side_writes_the_same_site(tmp_path):
    """The parallel build (default) and CSR_PARALLEL=0 give the same files, byte for byte."""
    sites = {}
    for mode in ("1", "0"):
        project = tmp_path / f"p{mode}"
        project.mkdir()
        (project / "mkdocs.yml").write_bytes((REPO / "mkdocs.yml").read_bytes())
        for folder in ("docs",):
            subprocess.run(["cp", "-r", str(REPO / folder), str(project / folder)], check=True)
        generate.generate(project, 3)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CSR_PARALLEL": mode, "SOURCE_DATE_EPOCH": "1700000000"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        assert not list(tmp_path.glob(f"p{mode}/site.*")), "no building or part folder is left behind"
        sites[mode] = {p.relative_to(project / "site").as_posix(): p.read_bytes()
                       for p in sorted((project / "site").rglob("*")) if p.is_file()}
    parallel_site, sequential_site = sites["1"], sites["0"]
    assert parallel_site.keys() == sequential_site.keys()
    differ = [rel for rel in parallel_site if parallel_site[rel] != sequential_site[rel]]
    assert differ == []
    # the 404 page (served at any address) links each language's home by absolute path
    assert re.findall(r'<a href="([^"]*)" hreflang="[a-z]+" lang="[a-z]+" class="md-select__link"',
                      parallel_site["404.html"].decode("utf-8")) == ["/", "/en/"]
    # the search index of both languages is part of it (Pagefind's, below pagefind/)
    entry = json.loads(parallel_site["pagefind/pagefind-entry.json"])
    assert list(entry["languages"]) == ["en", "zh"]
    assert any(rel.startswith("pagefind/fragment/zh_") for rel in parallel_site)


@pytest.mark.build
def test_a_failing_language_fails_the_parallel_build_and_keeps_the_old_site(tmp_path):
    project = tmp_path
    (project / "mkdocs.yml").write_bytes((REPO / "mkdocs.yml").read_bytes())
    for folder in ("docs",):
        subprocess.run(["cp", "-r", str(REPO / folder), str(project / folder)], check=True)
    generate.generate(project, 1)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    first = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    about = project / "docs" / "about.en.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[broken](nowhere.md)\n", encoding="utf-8")
    second = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert second.returncode == 1
    assert "nowhere.md" in second.stderr and "building the en translation failed" in second.stderr
    assert (project / "site" / "en" / "about" / "index.html").exists()
    assert "nowhere" not in (project / "site" / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert folders_left_beside_site(project) == []


def test_the_search_field_knows_its_bundle_and_says_when_a_preview_has_no_index():
    from types import SimpleNamespace

    from macros.site import theme

    def config():
        return SimpleNamespace(theme=SimpleNamespace(dirs=[], custom_dir=None), extra_css=[], extra_javascript=[],
                               markdown_extensions=[], mdx_configs={}, extra={})

    built, served = config(), config()
    theme.add_theme_files(built, "en")
    theme.add_theme_files(served, "zh", serving=True)
    assert built.extra["csr_search"]["bundle"] == "../pagefind/" and built.extra["csr_search"]["unavailable"] == ""
    assert served.extra["csr_search"]["bundle"] == "pagefind/" and "mkdocs build" in served.extra["csr_search"]["unavailable"]
    assert [str(s) for s in built.extra_javascript] == [theme.SCRIPT, theme.SEARCH_SCRIPT]


def _tiny_site(root: Path, english_at_root: bool = False, companies=("a",)) -> Path:
    pages = {"index.html": "zh", "404.html": "zh", "e/x.html": "zh", "eng/y.html": "zh", "en/index.html": "en",
             "about/index.html": "en" if english_at_root else "zh", "companies/index.html": "zh"}
    for slug in companies:
        pages |= {f"companies/{slug}/index.html": "zh", f"companies/{slug}/2022/index.html": "zh",
                  f"en/companies/{slug}/index.html": "en"}
    for rel, lang in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        words = "开源软件 社会责任" if lang == "zh" else "open source responsibility"
        path.write_text(f'<!doctype html><html lang="{lang}"><head><title>{rel}</title></head><body>'
                        f'<main data-pagefind-body><p>{words} {rel}</p></main></body></html>', encoding="utf-8")
    return root


def _bundle(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / search.BUNDLE).rglob("*"))
            if p.is_file()}


def _whole_run(site: Path) -> Path:
    """One Pagefind run over the whole site, as the first search index was made."""
    subprocess.run(search.command(site), check=True, capture_output=True)
    search.stable_entry(site / search.BUNDLE / "pagefind-entry.json")
    return site


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if search.BUNDLE not in p.parts)


def test_each_language_is_indexed_on_its_own_into_the_bundle_of_one_run(tmp_path):
    site = _tiny_site(tmp_path / "split")
    (part,) = searchparts.plan(site, _pages(site))  # one company: one part
    assert part.name == "p1-0" and part.primary and part.globs() == {
        "zh": "{404.html,about/**/*.html,companies/*.html,companies/a/**/*.html,e/**/*.html,eng/**/*.html,index.html}",
        "en": "{en/companies/*.html,en/companies/a/**/*.html,en/index.html}"}
    assert part.pages == {"zh": [p for p in _pages(site) if not p.startswith("en/")],
                          "en": [p for p in _pages(site) if p.startswith("en/")]}
    assert [(run.name, run.output, run.primary) for run in searchparts.runs([part])] == [
        ("p1-0-zh", "pagefind.first-zh", True), ("p1-0-en", "pagefind.first-en", True)]
    globs = {"zh": "{404.html,about/**/*.html,companies/**/*.html,e/**/*.html,eng/**/*.html,index.html}",
             "en": "en/**/*.html"}
    indexed = search.index_pages(site, search.BUNDLE, globs)  # one run per language
    assert indexed["languages"] == {"en": 2, "zh": 8}
    assert _bundle(site) == _bundle(_whole_run(_tiny_site(tmp_path / "whole")))


def test_a_page_in_another_languages_folder_is_indexed_in_one_run(tmp_path):
    site = _tiny_site(tmp_path / "mixed", english_at_root=True, companies=())  # an English page outside en/
    (main,) = searchparts.plan(site, _pages(site))
    assert search.index_pages(site, search.BUNDLE, main.globs())["languages"] == {"en": 2, "zh": 5}
    assert _bundle(site) == _bundle(_whole_run(_tiny_site(tmp_path / "whole", english_at_root=True, companies=())))


def test_parts_grow_in_powers_of_two_and_keep_each_company_in_its_part(monkeypatch):
    assert [searchparts.part_count(n, 400) for n in (0, 1, 400, 401, 800, 801, 1000, 1600, 1601, 3000, 9000)] == [
        1, 1, 1, 2, 2, 4, 4, 4, 4, 4, 4]  # at most MAX_PARTS: what a query downloads grows with the parts
    assert searchparts.part_count(3, 1) == 4 and searchparts.part_count(40, 1) == searchparts.MAX_PARTS
    monkeypatch.setattr(searchparts.os, "cpu_count", lambda: 2)
    assert [searchparts.runs_at_once(n, searchparts.part_count(n), 400) for n in (300, 1000, 1600)] == [2, 2, 2]
    assert searchparts.runs_at_once(3000, searchparts.part_count(3000), 400) == 1  # 750 companies a part
    monkeypatch.setenv("CSR_PARALLEL", "0")
    assert searchparts.runs_at_once(300, 1, 400) == 1
    assert {searchparts.bucket(f"c{n}", 4) for n in range(40)} == {0, 1, 2, 3}
    # a registry that doubles splits each part in two: a company moves only to its half
    assert all(searchparts.bucket(f"c{n}", 8) % 4 == searchparts.bucket(f"c{n}", 4) for n in range(40))


def test_the_index_in_parts_finds_what_one_run_finds_and_a_change_indexes_one_part_again(tmp_path):
    """Company parts (one company per part here) hold the same pages as one whole run; the
    bundle lists them per language; a part keeps no scripts; a changed company's part alone
    is indexed again, and the result is the bundle of a fresh build."""
    companies = ("alpha", "beta", "gamma")
    site = _tiny_site(tmp_path / "parts", companies=companies)
    cache = SiteCache(tmp_path / "cache")
    indexed = searchparts.index_site(site, file_digests(site, skip=search.BUNDLE), cache, 1)
    assert (site / search.BUNDLE / "wasm.en.pagefind").is_file() and (site / search.BUNDLE / "wasm.unknown.pagefind").is_file()
    whole = _whole_run(_tiny_site(tmp_path / "whole", companies=companies))
    assert indexed["languages"] == {"en": 4, "zh": 12} == search.stable_entry(whole / search.BUNDLE / "pagefind-entry.json")

    def contents(site, lang):
        return sorted((fragment["url"], fragment["content"]) for _, fragment in search.fragments(site / search.BUNDLE, lang))

    for lang in ("zh", "en"):
        assert contents(site, lang) == contents(whole, lang)
    parts = json.loads((site / search.BUNDLE / searchparts.PARTS_LIST).read_text(encoding="utf-8"))
    folders = sorted(p.name for p in (site / search.BUNDLE / searchparts.PARTS).iterdir())
    assert indexed["runs"] == 2 + len(folders) == 2 * indexed["parts"] and len(folders) >= 2
    assert parts == {lang: [f"parts/{name}/" for name in folders if name.endswith("-" + lang)] for lang in ("en", "zh")}
    assert not list(site.glob(searchparts.FIRST + "*"))  # the first part's runs joined into the bundle
    for name in folders:
        kept = {p.name for p in (site / search.BUNDLE / searchparts.PARTS / name).iterdir()}
        assert "pagefind.js" not in kept and not any(n.startswith("wasm.") for n in kept) and "fragment" in kept
    assert (site / search.BUNDLE / "pagefind.js").is_file()
    assert search.indexed_words(site / search.BUNDLE, "zh") >= {"开源", "社会"}
    first = _bundle(site)

    again = searchparts.index_site(site, file_digests(site, skip=search.BUNDLE), cache, 1)
    assert again["reused"] == again["runs"] and _bundle(site) == first

    page = site / "companies" / "beta" / "2022" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("社会责任", "乡村振兴"), encoding="utf-8")
    changed = searchparts.index_site(site, file_digests(site, skip=search.BUNDLE), cache, 1)
    assert changed["reused"] == changed["runs"] - 1  # beta's Chinese pages
    fresh = _tiny_site(tmp_path / "fresh", companies=companies)
    (fresh / "companies" / "beta" / "2022" / "index.html").write_bytes(page.read_bytes())
    searchparts.index_site(fresh, file_digests(fresh, skip=search.BUNDLE), SiteCache(None), 1)
    assert _bundle(site) == _bundle(fresh)
    assert {"乡村", "振兴"} <= search.indexed_words(site / search.BUNDLE, "zh") or "乡村振兴" in search.indexed_words(site / search.BUNDLE, "zh")


def test_pages_left_out_of_the_index_do_not_index_a_part_again(tmp_path):
    """A page without ``data-pagefind-body`` (the matrix, say) beside pages with it: Pagefind
    leaves it out, so a change to it reuses every run."""
    site = _tiny_site(tmp_path / "site", companies=("alpha", "beta"))
    matrix = site / "matrix" / "index.html"
    matrix.parent.mkdir()
    matrix.write_text('<!doctype html><html lang="zh"><body><main><p>矩阵 1</p></main></body></html>', encoding="utf-8")
    cache = SiteCache(tmp_path / "cache")

    def index() -> dict:
        marked: set[str] = set()
        digests = file_digests(site, skip=search.BUNDLE, marker=search.BODY_MARKER, marked=marked)
        assert "matrix/index.html" not in marked and "index.html" in marked
        return searchparts.index_site(site, {p: d for p, d in digests.items() if d}, cache, 1, marked)

    first = index()
    assert first["reused"] == 0 and first["languages"] == {"en": 3, "zh": 10}  # the matrix left out
    matrix.write_text(matrix.read_text(encoding="utf-8").replace("矩阵 1", "矩阵 2"), encoding="utf-8")
    assert index()["reused"] == first["runs"]


def test_the_first_part_with_a_page_in_another_languages_folder_is_indexed_in_one_run(tmp_path):
    site = _tiny_site(tmp_path / "mixed", english_at_root=True, companies=("alpha", "beta", "gamma"))
    indexed = searchparts.index_site(site, file_digests(site, skip=search.BUNDLE), SiteCache(None), 1)
    whole = _whole_run(_tiny_site(tmp_path / "whole", english_at_root=True, companies=("alpha", "beta", "gamma")))
    assert indexed["languages"] == search.stable_entry(whole / search.BUNDLE / "pagefind-entry.json") == {"en": 5, "zh": 11}
    assert not list(site.glob(searchparts.FIRST + "*"))
    entry = json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "zh"]
