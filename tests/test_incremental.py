"""Incremental builds: a rebuild reuses what did not change and gives the same bytes as a cold
build of the same sources (macros/site/page_reuse.py, pagecache.py, sitecache.py,
macros/registrycache.py, macros/site/rendercache.py)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.fingerprint import digest, stable_json
from macros.registry import load_registry
from macros.site.pagecache import Entry, PageCache, link_targets
from macros.site.sitecache import SiteCache, site_digest
from registry_builder import COMPANY_YML, EN_PAGE, ZH_PAGE, replace, write_tree
from test_site_build import MKDOCS, SECOND_COMPANY, make_project


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(root: Path, *args: str, cache: bool = True, epoch: str = "1700000000") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch,
           "CSR_CACHE": "1" if cache else "0"}
    return subprocess.run([*MKDOCS, "build", "--strict", *args], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)


def reused(log: str) -> int:
    return sum(int(n) for n in re.findall(r"(\d+) reused from the previous build", log))


def assert_same_as_cold(root: Path, epoch: str = "1700000000") -> str:
    """Rebuild ``root`` (with its cache), build it cold elsewhere, compare every file."""
    warm = run_build(root, epoch=epoch)
    assert warm.returncode == 0, warm.stdout + warm.stderr
    cold = run_build(root, "-d", "cold", cache=False, epoch=epoch)
    assert cold.returncode == 0, cold.stdout + cold.stderr
    warm_tree, cold_tree = tree(root / "site"), tree(root / "cold")
    assert warm_tree.keys() == cold_tree.keys()
    assert [name for name in warm_tree if warm_tree[name] != cold_tree[name]] == []
    shutil.rmtree(root / "cold")
    return warm.stdout + warm.stderr


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.build
def test_every_kind_of_change_rebuilds_to_the_bytes_of_a_cold_build(tmp_path):
    root = make_project(tmp_path)
    first = run_build(root)
    assert first.returncode == 0, first.stderr
    assert reused(first.stdout + first.stderr) == 0

    log = assert_same_as_cold(root)  # nothing changed: every page with a title is reused
    assert reused(log) > 0
    assert "the previous build's, no page changed" in log and "no page changed since the last check" in log
    assert any((root / ".cache/csr/jinja").iterdir()), "compiled templates are kept"
    written = {"csr-words", "csr-parts.json"}  # made from every part's words and names by each build
    joined = root / "site/pagefind/pagefind-entry.json"  # the first part's entries joined by each build
    bundle = [p for p in (root / "site/pagefind").rglob("*") if p.is_file() and not written & set(p.parts) and p != joined]
    assert bundle and all(p.stat().st_nlink == 2 for p in bundle), "the stored search index, not a copy"

    # one company's narrative and one of its claims
    edit(root, "disclosures/acme/2022.zh.md", "我们开源了 12 个项目", "我们开源了 13 个项目")
    edit(root, "disclosures/acme/2022.zh.md", "value: 12", "value: 13")
    log = assert_same_as_cold(root)
    assert 0 < reused(log)
    assert "the previous build's" not in log  # a page changed: the search index is built again

    # the title of a page in the navigation (every page shows it in its navigation)
    edit(root, "docs/about.zh.md", "\n# ", "\n# 关于（修订）")
    assert_same_as_cold(root)

    # a new company, then a company removed
    write_tree(root, {"disclosures/gamma/company.yml": COMPANY_YML.replace("艾克米软件有限公司", "伽马软件")
                      .replace("Acme Software", "Gamma Soft"),
                      "disclosures/gamma/2022.zh.md": replace(ZH_PAGE, "Acme 2022", "伽马 2022"),
                      "disclosures/gamma/2022.en.md": EN_PAGE.replace("Acme", "Gamma")})
    log = assert_same_as_cold(root)
    assert reused(log) > 0, "the other companies' pages do not depend on the new one"
    assert "companies/gamma/2022/index.html" in tree(root / "site")
    shutil.rmtree(root / "disclosures/beta-soft")
    assert_same_as_cold(root)
    assert not any(name.startswith("companies/beta-soft/") for name in tree(root / "site"))

    # a registry's own page template, then the configuration
    write_tree(root, {"overrides/csr/company.md.j2": '{% extends "package/company.md.j2" %}'
                      "{% block periods %}\n覆盖的报告期列表\n{% endblock %}\n"})
    assert_same_as_cold(root)
    assert "覆盖的报告期列表" in (root / "site/companies/acme/index.html").read_text(encoding="utf-8")
    edit(root, "mkdocs.yml", "    - navigation.footer\n", "")
    log = assert_same_as_cold(root)
    assert reused(log) == 0

    # a new commit (the build date comes from it): pages are reused, the sitemap has the new date
    log = assert_same_as_cold(root, epoch="1800000000")
    assert reused(log) > 0 and "<lastmod>2027-01-15</lastmod>" in (root / "site/sitemap.xml").read_text()

    # a checkout elsewhere (another CI workspace) with the cache restored reuses it
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    shutil.move(root, moved)
    log = assert_same_as_cold(moved)
    assert reused(log) > 0 and "the previous build's, no page changed" in log

    # the cache may be deleted at any time
    shutil.rmtree(moved / ".cache/csr/pages")
    shutil.rmtree(moved / ".cache/csr/registry")
    assert_same_as_cold(moved)


@pytest.mark.build
def test_a_reused_page_still_fails_on_an_anchor_that_disappeared(tmp_path):
    """A page reused as it is keeps its links to other pages' anchors, which MkDocs checks."""
    root = make_project(tmp_path)
    edit(root, "docs/about.zh.md", "\n# ", "\n[开源](companies/acme/2022.md#open-source)\n\n# ")
    assert run_build(root).returncode == 0
    edit(root, "disclosures/acme/2022.zh.md", "{#open-source}", "{#oss}")
    edit(root, "disclosures/acme/2022.zh.md", "section: open-source", "section: oss")
    edit(root, "disclosures/acme/2022.en.md", "{#open-source}", "{#oss}")
    warm, cold = run_build(root), run_build(root, "-d", "cold", cache=False)
    assert cold.returncode != 0 and warm.returncode != 0
    assert "#open-source" in cold.stdout + cold.stderr and "#open-source" in warm.stdout + warm.stderr
    assert not list((root / ".cache/csr").glob("pages/*.pending"))


# -- the stores, one by one ---------------------------------------------------------------------

def test_stable_json_names_functions_and_hides_addresses():
    def slugify(text):
        return text

    class Opaque:
        pass

    text = stable_json({"b": [slugify, {2, 1}], "a": Opaque()})
    assert "0x" not in text and "slugify" in text and text.index('"a"') < text.index('"b"')
    assert digest("a", "bc") != digest("ab", "c")


def test_link_targets_include_every_relative_link_a_page_may_resolve():
    markdown = """[a](../acme/2022.md#x "title") ![i](logo.png) [b](<with space.md>) [c](x(1).md)
[ref]: ../../docs/guide.md
<a href="raw.md">r</a> <img src='pic.jpg'> [d](y.md){: href=attr.md } [e](%E5%BC%80.md)
[ext](https://example.org/a.md) [abs](/root.md) [self](#anchor) [amp](a&amp;b.md)"""
    targets = link_targets(markdown, "companies/beta/2022.md")
    for expected in ("companies/acme/2022.md", "companies/beta/logo.png", "companies/beta/with space.md",
                     "companies/beta/x(1).md", "docs/guide.md", "companies/beta/raw.md", "companies/beta/pic.jpg",
                     "companies/beta/y.md", "companies/beta/attr.md", "companies/beta/开.md", "companies/beta/a&b.md"):
        assert expected in targets, expected
    assert not [t for t in targets if "example.org" in t or t.endswith("root.md") or "anchor" in t]


def test_page_cache_keeps_only_what_the_last_build_used(tmp_path):
    folder = tmp_path / "pages" / "zh-build"
    first = PageCache(folder)
    for key in ("a" * 40, "b" * 40):
        first.store(Entry(key, [["a.md", "a.zh.md"]], [["T", "t", 1, []]], ["t"], {}, "nav"), f"<p>{key[0]}</p>",
                    f"<html>{key[0]}")
    assert first.find("a" * 40) is None  # pending until committed
    first.commit()
    second = PageCache(folder)
    found = second.find("a" * 40)
    assert found is not None and found.targets == [["a.md", "a.zh.md"]] and found.nav_key == "nav"
    assert second.read(found) == ("<p>a</p>", "<html>a")
    second.commit()  # b was not used by this build
    assert PageCache(folder).find("b" * 40) is None and PageCache(folder).find("a" * 40) is not None


def test_page_cache_drops_a_failed_builds_entries_and_ignores_a_damaged_one(tmp_path):
    folder = tmp_path / "pages" / "zh-build"
    cache = PageCache(folder)
    cache.store(Entry("c" * 40, [], [], [], {}), "", "x")
    cache.discard()
    assert PageCache(folder).find("c" * 40) is None
    cache = PageCache(folder)
    cache.store(Entry("d" * 40, [], [], [], {}), "", "x")
    cache.commit()
    (folder / "dd" / ("d" * 40)).write_bytes(b"\xff\xff\xff\xffgarbage")
    assert PageCache(folder).find("d" * 40) is None


def test_site_cache_reuses_work_only_for_the_same_pages(tmp_path):
    site = tmp_path / "site"
    write_tree(site, {"index.html": "<p>a</p>", "data.json": "{}"})
    cache = SiteCache(tmp_path / "cache")
    calls = []

    def work():
        calls.append(1)
        (site / "bundle").mkdir(exist_ok=True)
        (site / "bundle" / "index.js").write_text(f"built {len(calls)}")
        return {"pages": len(calls)}

    before = site_digest(site, skip="bundle")
    assert cache.reuse("search", before, work, site=site, output="bundle") == ({"pages": 1}, False)
    shutil.rmtree(site / "bundle")
    assert cache.reuse("search", before, work, site=site, output="bundle") == ({"pages": 1}, True)
    assert (site / "bundle" / "index.js").read_text() == "built 1" and len(calls) == 1
    assert site_digest(site, skip="bundle") == before  # the copied bundle is not part of the pages
    (site / "index.html").write_text("<p>b</p>")
    assert site_digest(site, skip="bundle") != before
    (site / "index.html").write_text("<p>a</p>")
    (site / "new.pdf").write_bytes(b"%PDF")
    assert site_digest(site, skip="bundle") != before
    assert SiteCache(None).reuse("links", before, lambda: ["broken"]) == (["broken"], False)
    assert cache.reuse("links", before, lambda: ["broken"], keep=lambda found: not found) == (["broken"], False)
    assert cache.reuse("links", before, lambda: [], keep=lambda found: not found) == ([], False)


def _summary(registry):
    # the disclosures themselves (dataclass equality: their sets of indicators, figures and URLs
    # compare as sets, while repr() shows a set in an order an unpickled copy need not keep)
    return (sorted(registry.companies), list(registry.disclosures),
            [(p.code, p.path, p.line, p.col) for p in registry.problems], registry.files_checked)


def test_registry_read_with_a_cache_equals_a_fresh_read(tmp_path):
    root = tmp_path
    write_tree(root, {"disclosures/acme/company.yml": COMPANY_YML, "disclosures/acme/2022.zh.md": ZH_PAGE,
                      "disclosures/acme/2022.en.md": EN_PAGE, **SECOND_COMPANY})
    cache = tmp_path / ".cache" / "registry"
    fresh = load_registry(root, parallel=False)
    assert fresh.problems, "the second company has warnings to carry over"
    first = load_registry(root, parallel=False, cache_dir=cache)
    again = load_registry(root, parallel=False, cache_dir=cache)
    assert _summary(first) == _summary(again) == _summary(fresh)
    assert all(d.framework is again.frameworks[d.framework.id] for d in again.disclosures)
    assert all(d.company is again.companies[d.company.slug] for d in again.disclosures)
    assert sorted(again.inputs) == ["acme", "beta-soft"]

    # a changed file is read again; a removed company is forgotten
    edit(root, "disclosures/acme/2022.zh.md", "framework:", "framework: [oops]\nx:")
    changed = load_registry(root, parallel=False, cache_dir=cache)
    assert _summary(changed) == _summary(load_registry(root, parallel=False))
    assert any(p.path == "disclosures/acme/2022.zh.md" and p.is_error for p in changed.problems)
    shutil.rmtree(root / "disclosures/beta-soft")
    load_registry(root, parallel=False, cache_dir=cache)
    assert sorted(p.stem for p in cache.glob("*.pickle")) == ["acme"]


@pytest.mark.build
def test_a_reused_page_fails_when_a_file_it_links_to_is_gone(tmp_path):
    """A page is reused only while the files its links name still exist (and those that did not
    still do not): its own bytes are unchanged, the link is now broken."""
    root = make_project(tmp_path)
    edit(root, "docs/about.zh.md", "\n# ", "\n[贝塔](companies/beta-soft/2021.md)\n\n# ")
    assert run_build(root).returncode == 0
    shutil.rmtree(root / "disclosures/beta-soft")
    warm, cold = run_build(root), run_build(root, "-d", "cold", cache=False)
    assert cold.returncode != 0 and warm.returncode != 0
    for result in (warm, cold):
        assert "companies/beta-soft/2021.md" in result.stdout + result.stderr


@pytest.mark.build
def test_a_page_that_warned_is_never_reused_so_every_build_warns_again(tmp_path):
    """Entries are kept only from builds that logged no warning: a non-strict build that warns
    about a page warns again the next time instead of reusing it silently."""
    root = make_project(tmp_path)
    edit(root, "docs/about.zh.md", "\n# ", "\n[断链](nowhere.md)\n\n# ")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    for _ in range(2):
        result = subprocess.run([*MKDOCS, "build", "--no-strict"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and "nowhere.md" in result.stdout + result.stderr


def test_front_matter_is_stored_only_when_json_keeps_it_exactly():
    import datetime

    from macros.site.page_reuse import exact_meta

    meta = {"title": "披露 <b>", "hide": ["navigation"], "weight": 2, "ratio": 0.5, "draft": False, "x": None}
    kept = exact_meta(meta)
    assert kept == meta and kept is not meta and kept["hide"] is not meta["hide"]
    assert exact_meta({"title": "t", "date": datetime.date(2023, 1, 1)}) is None  # read back as a string
    assert exact_meta({1: "a key that is a number"}) is None  # read back as "1"
    assert exact_meta({"t": ("a", "tuple")}) is None  # read back as a list


def test_kept_files_are_reused_for_the_same_key_only(tmp_path):
    cache = SiteCache(tmp_path / "cache")
    made = []

    def make(text: str):
        def files():
            made.append(text)
            return {"registry.json": text.encode(), "companies/a.json": b"{}", "empty.csv": b""}
        return files

    first, reused = cache.kept_files("downloads", "k1", make("one"))
    assert not reused and first["registry.json"] == b"one"
    again, reused = cache.kept_files("downloads", "k1", make("two"))
    assert reused and again == first and made == ["one"]
    other, reused = cache.kept_files("downloads", "k2", make("three"))
    assert not reused and other["registry.json"] == b"three"
    stored = tmp_path / "cache" / "downloads.files"
    stored.write_bytes(stored.read_bytes()[:-3])  # damaged: made again
    assert cache.kept_files("downloads", "k2", make("four")) == ({"registry.json": b"four", "companies/a.json": b"{}",
                                                                 "empty.csv": b""}, False)
    assert cache.kept_files("downloads", None, make("five"))[1] is False  # no key: always made
    assert SiteCache(None).kept_files("downloads", "k2", make("six"))[1] is False


def test_stored_pages_outside_the_navigation_skip_markdown_and_front_matter(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from macros.site.page_reuse import PageReuse, ReusedPage

    write_tree(tmp_path, {"mkdocs.yml": "site_name: t\nnav:\n  - b.md\n",
                          "docs/a.md": "---\ntitle: A\n---\n# A\n", "docs/b.md": "---\ntitle: B\n---\n# B\n",
                          "docs/c.md": "---\ntitle: C\n---\n# C\n"})

    def project():
        config = load_config(str(tmp_path / "mkdocs.yml"))
        return config, get_files(config)

    folder = tmp_path / "pages" / "zh-build"
    config, files = project()
    first = PageReuse(folder, config)
    for name in ("a.md", "b.md", "c.md"):
        file = files.get_file_from_path(name)
        first.cache.store(Entry(first._content_key(file, files), [], [], [], {}, "nav", meta={"title": name[0].upper()},
                                files_key=first._files_key(files)), "", "<html>")
    first.finish(succeeded=True)
    (tmp_path / "docs/c.md").write_text("---\ntitle: C\n---\n# C, edited\n", encoding="utf-8")

    config, files = project()
    second = PageReuse(folder, config)
    second.choose(files, config)
    second.finish(succeeded=True)
    page = files.get_file_from_path("a.md").page
    assert isinstance(page, ReusedPage)
    (tmp_path / "docs/a.md").unlink()  # its front matter comes from the cache, its HTML in on_env
    page.read_source(config)
    page.render(config, files)
    assert (page.meta, page.markdown, page.content, page.title) == ({"title": "A"}, "", "", "A")
    assert files.get_file_from_path("b.md").page is None  # in the nav: MkDocs makes it (nav title)
    assert files.get_file_from_path("c.md").page is None  # its source changed


def test_registry_wide_pages_are_reused_only_while_no_company_changed(tmp_path):
    from macros.site.pages import GeneratedPage
    from macros.site.rendercache import RenderCache

    cache = RenderCache(tmp_path / "render", None)
    made = []

    def make(text):
        def pages():
            made.append(text)
            return [GeneratedPage("index.zh.md", text, "home")]
        return pages

    inputs = [["acme", "k1"], ["beta", "k2"]]
    assert cache.registry_pages("zh", inputs, make("one"))[0].content == "one"
    assert cache.registry_pages("zh", inputs, make("two"))[0].content == "one" and made == ["one"]
    assert cache.registry_pages("en", inputs, make("three"))[0].content == "three"  # per language
    assert cache.registry_pages("zh", [["acme", "k1"], ["beta", "k3"]], make("four"))[0].content == "four"
    assert cache.registry_pages("zh", None, make("five"))[0].content == "five"  # a company without a fingerprint
    cache.forget_others({"acme"})  # companies' entries only
    assert cache.registry_pages("zh", [["acme", "k1"], ["beta", "k3"]], make("six"))[0].content == "four"
