"""What keeps a large registry's build fast: deferred tables, model-built search entries, and
languages built side by side, each giving the same site as the plain way."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.registry import load_registry
from macros.site import deferred, merge, search, sitemap

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


def test_search_text_is_plain_escaped_short_and_segmented():
    text = search.plain_text("Some **bold** [link](https://x.example) <b>tag</b> `code` {#id}\n\n- item &amp; more")
    assert text == "Some bold link tag code item & more"
    assert search.snippet("word " * 30, 20).endswith("…") and len(search.snippet("word " * 30, 20)) <= 21
    assert search.snippet("short", 20) == "short"
    assert search.segment("我们开源了项目") == "我们\u200b开源\u200b了\u200b项目"
    entry = search._entry("x/", "<script>alert(1)</script>", "a < b")
    assert entry["title"] == "&lt;script&gt;alert(1)&lt;/script&gt;" and entry["text"] == "<p>a &lt; b</p>"


def test_disclosures_get_one_entry_per_heading_in_each_language(tmp_path):
    generate.generate(tmp_path, 2)
    registry = load_registry(tmp_path)
    disclosure = registry.disclosures[0]
    slug = disclosure.company.slug
    zh = [e for e in search.registry_entries(registry, "zh") if e["location"].startswith(f"companies/{slug}/2022/")]
    en = [e for e in search.registry_entries(registry, "en") if e["location"].startswith(f"companies/{slug}/2022/")]
    assert len(zh) == len(en) == 1 + len(disclosure.zh.sections)
    assert [e["location"].split("#")[-1] for e in zh[1:]] == disclosure.zh.anchors()
    assert "\u200b" in zh[0]["title"] and disclosure.en.page.title == en[0]["title"]
    assert all(len(e["text"]) <= search.SNIPPET_CHARS * 2 + 10 for e in en[1:])


def test_a_small_registry_is_indexed_in_full_a_large_one_by_section_openings(tmp_path):
    generate.generate(tmp_path, 2)
    registry = load_registry(tmp_path)
    size = sum(len(d.zh.body) + len(d.en.page.body) for d in registry.disclosures)
    assert search.text_limit(registry, budget=size) is None
    assert search.text_limit(registry, budget=size - 1) == search.SNIPPET_CHARS
    disclosure = registry.disclosures[0]
    section = disclosure.zh.sections[0]
    lines = [line for line in disclosure.zh.body.split("\n")[section.start + 1:section.end] if line.strip()]
    words = search.plain_text(lines[-1])[-12:]
    assert len(words) == 12
    located = f"companies/{disclosure.company.slug}/2022/#{section.anchor}"

    def indexed(limit):
        entry = next(e for e in search.registry_entries(registry, "zh", limit) if e["location"] == located)
        return entry["text"].replace("\u200b", "")

    assert words in indexed(None)  # the end of the section: found only with the whole text
    assert words not in indexed(search.SNIPPET_CHARS)


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
    index = json.loads(parallel_site["en/search/search_index.json"])
    assert any(doc["location"].startswith("companies/") for doc in index["docs"])


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
    assert not list(project.glob("site.*"))
