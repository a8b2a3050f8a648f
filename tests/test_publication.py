"""Publication properties: all-or-nothing output, reproducible bytes, checked internal links."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from macros.site import atomic
from macros.site.linkcheck import check_site
from registry_builder import ZH_PAGE, replace
from test_site_build import MKDOCS, build, make_project

def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def git_commit(root: Path, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "registry"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


@pytest.mark.build
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    root = make_project(tmp_path)
    assert build(root).returncode == 0
    before = tree_digest(root / "site")
    assert "companies/acme/2022/index.html" in before
    (root / "disclosures/acme/2022.zh.md").write_text(replace(ZH_PAGE, "framework:", "framwork:"), encoding="utf-8")
    result = build(root)
    assert result.returncode == 1 and "CSR200" in result.stdout + result.stderr
    assert tree_digest(root / "site") == before
    assert not (root / "site.building").exists()


@pytest.mark.build
def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    root = make_project(tmp_path)
    git_commit(root, "2023-05-04T10:00:00+00:00")
    env_free = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    first = subprocess.run([*MKDOCS, "build", "--strict", "-d", "one"], cwd=root,
                           env={**env_free, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    second = subprocess.run([*MKDOCS, "build", "--strict", "-d", "two"], cwd=root,
                            env={**env_free, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    one, two = tree_digest(root / "one"), tree_digest(root / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert "<lastmod>2023-05-04</lastmod>" in (root / "one/sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_build_failing_after_its_pages_are_written_leaves_the_previous_site(tmp_path):
    root = make_project(tmp_path)
    assert build(root).returncode == 0
    before = tree_digest(root / "site")
    page = root / "disclosures/acme/2022.zh.md"
    # a broken anchor: found by the link check of the finished site, before the swap
    page.write_text(ZH_PAGE + '\n<p><a href="#no-such-section">见下文</a></p>\n', encoding="utf-8")
    result = build(root)
    assert result.returncode == 1
    # located in the disclosure the page is made from, with its code (not only the built file)
    line = ZH_PAGE.count("\n") + 2
    assert re.search(rf"disclosures/acme/2022\.zh\.md:{line}:1: error CSR612 broken-link-at-build: .*"
                     r"companies/acme/2022/index\.html.*#no-such-section", result.stdout + result.stderr)
    assert tree_digest(root / "site") == before and not (root / "site.building").exists()
    # a logged warning in strict mode: MkDocs itself aborts only after every on_post_build
    page.write_text(ZH_PAGE + "\n新的一段，不应发布。\n", encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(replace(config, "  - csr\n", "  - csr:\n      warnings_fail: true\n"),
                                     encoding="utf-8")
    result = build(root)
    assert result.returncode == 1
    assert tree_digest(root / "site") == before and not (root / "site.building").exists()
    assert re.search(r"\b(1 warning|[02-9] warnings|\d\d+ warnings) in strict mode", result.stdout + result.stderr)


def test_swap_replaces_the_site_and_recovers_an_interrupted_swap(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    built = atomic.building_dir(target)
    built.mkdir()
    (built / "new.html").write_text("new")
    atomic.swap_into_place(built, target)
    assert [p.name for p in target.iterdir()] == ["new.html"] and not built.exists()
    assert not atomic.previous_dir(target).exists()
    # a process that died between the two renames left only site.previous
    target.rename(atomic.previous_dir(target))
    assert atomic.recover(target) and (target / "new.html").read_text() == "new"
    assert not atomic.recover(target)  # nothing to do when the site is there
    with pytest.raises(FileNotFoundError):
        atomic.swap_into_place(built, target)  # nothing built: the site stays
    assert (target / "new.html").exists()


def _site(folder: Path, page: str) -> Path:
    folder.mkdir()
    (folder / "sub").mkdir()
    (folder / "sub" / f"{page}.html").write_text(page)
    (folder / f"{page}.html").write_text(page)
    return folder


def _gone_soon(path: Path) -> bool:
    """Whether ``path`` disappears within a minute (a detached process deletes it)."""
    for _ in range(600):
        if not path.exists():
            return True
        time.sleep(0.1)
    return False


def test_the_swap_renames_the_old_site_away_and_deletes_it_in_a_detached_process(tmp_path):
    target = _site(tmp_path / "site", "old")
    built = _site(atomic.building_dir(target), "new")
    atomic.swap_into_place(built, target)  # returns at once; the old site is deleted beside
    assert sorted(p.name for p in target.iterdir()) == ["new.html", "sub"]
    assert not built.exists() and not atomic.previous_dir(target).exists()
    assert _gone_soon(atomic.trash_dir(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_deletes_here_when_asked(tmp_path):
    target = _site(tmp_path / "site", "old")
    atomic.swap_into_place(_site(atomic.building_dir(target), "new"), target, background=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_what_a_dead_process_left_is_never_published_and_is_deleted_by_the_next_swap(tmp_path):
    target = _site(tmp_path / "site", "current")
    # a build died after its swap: its old site is still at site.previous; a deleting process
    # died too: the trash holds a half-deleted site
    _site(atomic.previous_dir(target), "older")
    _site(atomic.trash_dir(target), "half-deleted")  # loose files and a half-deleted site
    _site(atomic.trash_dir(target) / "site.previous-1-2", "half-deleted")
    assert not atomic.recover(target)  # the site is there: site.previous is never put back
    atomic.swap_into_place(_site(atomic.building_dir(target), "new"), target, background=False)
    assert sorted(p.name for p in target.iterdir()) == ["new.html", "sub"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_that_cannot_go_to_the_trash_is_deleted_at_once(tmp_path):
    target = tmp_path / "site"
    trash = atomic.trash_dir(target)
    trash.write_text("a file where the trash folder goes")  # renaming into it fails
    leftover = _site(atomic.building_dir(target), "left")
    atomic.throw_away(leftover, target)
    assert not leftover.exists() and trash.is_file()


@pytest.mark.build
def test_a_rebuild_leaves_only_the_new_site(tmp_path):
    root = make_project(tmp_path)
    assert build(root).returncode == 0
    (root / "disclosures/acme/2022.zh.md").write_text(
        replace(ZH_PAGE, "欢迎使用开源软件。", "欢迎使用开源软件，也回馈社区。"), encoding="utf-8")
    assert build(root).returncode == 0
    assert "回馈社区" in (root / "site/companies/acme/2022/index.html").read_text(encoding="utf-8")
    assert _gone_soon(atomic.trash_dir(root / "site"))
    assert not (root / "site.previous").exists() and not (root / "site.building").exists()


def test_link_checker_finds_missing_pages_anchors_and_escapes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<h2 id="x">x</h2><a href="a/">a</a><a href="#x">x</a>'
                                         '<a href="b/">b</a><a href="a/#y">y</a><a href="../../etc/">e</a>'
                                         '<a href="https://example.org/">ext</a><a href="/a/">abs</a>'
                                         '<img alt="" src="a/logo.png"><img src="missing.png">')
    (tmp_path / "a/logo.png").write_bytes(b"png")
    (tmp_path / "a/index.html").write_text('<p id="z">z</p><a href="../#x">back</a><p\nid="w">w</p><a href="#w">w</a>')
    problems = {(b.href, b.problem) for b in check_site(tmp_path)}
    assert problems == {("b/", "no such page"), ("a/#y", "no anchor #y"), ("../../etc/", "points outside the site"),
                        ("missing.png", "no such file")}


def _target_by_definition(page: str, href: str, base_path: str) -> tuple[str, str]:
    """linkcheck._target as first written: posixpath and urllib at every call."""
    import posixpath
    from urllib.parse import unquote, urlsplit
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return "", parts.fragment
    if path.startswith("/"):
        base = base_path if base_path.endswith("/") else base_path + "/"
        if not path.startswith(base):
            return "../" + path, parts.fragment
        joined = posixpath.normpath(path[len(base):] or ".")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or joined in (".", ""):
        joined = posixpath.join(joined, "index.html") if joined not in (".", "") else "index.html"
    return joined, parts.fragment


def test_link_targets_resolve_as_by_their_definition():
    from macros.site import linkcheck
    pages = ["index.html", "404.html", "en/index.html", "companies/acme/2022/index.html", "a/b/c/d.html"]
    hrefs = ["", "#x", "?q=1", "./", "../", "../../", "../../../../x/", "x", "x/", "x/../y", "./x#f", "%2e%2e/x",
             "/", "/en/", "/en/x/#a", "/sub/", "/sub/x", "/sub", "a/./b//c/", "..", ".", "x?y#z", "/other/x"]
    for base in ("/", "/sub/", "/sub"):
        for page in pages:
            for href in hrefs:
                assert linkcheck._target(page, href, base) == _target_by_definition(page, href, base), (page, href)


def test_ids_after_any_white_space_are_found_when_one_is_not_a_space():
    from macros.site import linkcheck
    for text in ['<p id="a">', '<p\tid="a">', '<p\nid="a"> <b id="b">', 'id="x"', '\rid="y" <i id="z">',
                 '<p\fid="a">', '<p\vid="a">', '<p\xa0id="a"> <b\nid="b">', '<p\xa0id="a">', 'xid= \nid']:
        other = any(f"{space}id=" in text for space in "\t\n\r\f\v")
        assert linkcheck._id_after_other_space(text) is other, repr(text)
        assert linkcheck._ids(text) == set((linkcheck._ID if other else linkcheck._ID_AFTER_SPACE).findall(text))


def test_a_link_check_reads_again_only_changed_pages_and_finds_what_a_full_check_finds(tmp_path, monkeypatch):
    """Recorded scans stand for pages whose bytes did not change while the site keeps its files;
    anchors in other pages are checked against every page's ids each time, so a changed page
    that drops an anchor breaks an unchanged page's link to it."""
    from macros.site import linkcheck
    from macros.site.sitecache import file_digests

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<h2 id="x">x</h2><a href="a/#y">y</a><a href="b/">b</a>')
    (tmp_path / "a/index.html").write_text('<p id="y">y</p><a href="../#x">back</a>')
    digests = lambda: {path: d for path, d in file_digests(tmp_path).items() if d}  # noqa: E731
    broken, record = linkcheck.check_pages(tmp_path, digests=digests())
    assert [(b.page, b.href) for b in broken] == [("index.html", "b/")]
    read = []
    scan = linkcheck._scan
    monkeypatch.setattr(linkcheck, "_scan", lambda site, rels, *rest: read.extend(rels) or scan(site, rels, *rest))
    assert linkcheck.check_pages(tmp_path, digests=digests(), previous=record)[0] == broken and read == []

    (tmp_path / "a/index.html").write_text('<p id="moved">y</p><a href="../#x">back</a>')  # the anchor y is gone
    again, record = linkcheck.check_pages(tmp_path, digests=digests(), previous=record)
    assert read == ["a/index.html"]
    assert again == check_site(tmp_path) and {(b.page, b.href) for b in again} == {("index.html", "b/"),
                                                                                     ("index.html", "a/#y")}
    (tmp_path / "index.html").write_text('<h2 id="x">x</h2><a href="a/#y">y</a><a href="b/">b</a>'
                                         '<a href="bundle/x.js">search</a>')
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle/x.js").write_text("")
    read.clear()
    _, record = linkcheck.check_pages(tmp_path, digests=digests(), previous=record, unkeyed="bundle")
    (tmp_path / "bundle/x.js").rename(tmp_path / "bundle/y.js")  # files below "bundle" are not the key
    read.clear()
    moved, record = linkcheck.check_pages(tmp_path, digests=digests(), previous=record, unkeyed="bundle")
    assert read == ["index.html"], "only the page that links into the bundle is read again"
    assert ("index.html", "bundle/x.js") in {(b.page, b.href) for b in moved}
    (tmp_path / "index.html").write_text('<h2 id="x">x</h2><a href="a/#y">y</a><a href="b/">b</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b/index.html").write_text("<p>b</p>")  # a new file: every page is read again
    read.clear()
    final, _ = linkcheck.check_pages(tmp_path, digests=digests(), previous=record, unkeyed="bundle")
    assert sorted(read) == ["a/index.html", "b/index.html", "index.html"]
    assert final == check_site(tmp_path) and [(b.page, b.href) for b in final] == [("index.html", "a/#y")]


@pytest.mark.parametrize("value", [0, -3, True])
def test_a_search_part_size_below_one_is_refused_before_anything_is_written(tmp_path, value):
    from macros.site import publication

    with pytest.raises(publication.PublicationRefused, match="search_part_companies must be a whole number"):
        publication.begin(tmp_path / "site", strict=True, site_url=None, in_place=False,
                          lock_path=tmp_path / "build.lock", search_part_companies=value)
    assert not (tmp_path / "site.building").exists() and not (tmp_path / "build.lock").exists()
