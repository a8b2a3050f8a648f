"""Real MkDocs builds of a small fixture registry: pages, languages, switcher, failures."""

from __future__ import annotations

import json
import posixpath
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry_builder import COMPANY_YML, EN_PAGE, ZH_PAGE, replace, write_tree

pytestmark = pytest.mark.build

REPO = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]

SECOND_COMPANY = {
    "disclosures/beta-soft/company.yml": COMPANY_YML.replace("艾克米软件有限公司", "贝塔软件").replace(
        "Acme Software", "Beta Soft").replace("private", "state-owned"),
    "disclosures/beta-soft/2021.zh.md": replace(replace(ZH_PAGE, "2023-01-16", "2022-02-01"),
                                                "Acme 2022", "贝塔 2021"),
    "disclosures/beta-soft/2022.zh.md": replace(ZH_PAGE, "Acme 2022", "贝塔 2022")
    + "\n<script>alert(1)</script>\n",
    # 2021 is translated, 2022 is not: the English site must show the Chinese text with a notice
    "disclosures/beta-soft/2021.en.md": EN_PAGE.replace("Acme", "Beta"),
}


def make_project(root: Path, extra: dict | None = None) -> Path:
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for folder in ("docs",):
        shutil.copytree(REPO / folder, root / folder)
    files = {
        "disclosures/acme/company.yml": COMPANY_YML,
        "disclosures/acme/2022.zh.md": ZH_PAGE,
        "disclosures/acme/2022.en.md": EN_PAGE,
        **SECOND_COMPANY,
        **(extra or {}),
    }
    write_tree(root, files)
    return root


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*MKDOCS, "build", "--strict", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("project"))
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


PAGES = [
    "", "companies/", "companies/acme/", "companies/acme/2022/", "companies/beta-soft/2021/",
    "indicators/", "indicators/developer-cultivation/", "indicators/anti-monopoly/", "reference/errors/",
    "about/", "guide/",
]


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_exists_in_both_languages_with_the_right_html_lang(site, url):
    assert re.search(r'<html lang="zh"', html(site, url))
    assert re.search(r'<html lang="en"', html(site, "en/" + url))


@pytest.mark.parametrize("url", PAGES)
def test_the_language_switcher_pairs_each_page_with_its_translation(site, url):
    for lang, other, here in (("zh", "en", url), ("en", "zh", "en/" + url)):
        page = html(site, here)
        links = {m[2]: m[1] for m in re.finditer(r"<a href=\"([^\"]*)\" hreflang=\"([a-z]+)\"", page)}
        target = (site / here / links[other]).resolve()
        expected = (site / (url if other == "zh" else "en/" + url)).resolve()
        assert target == expected, f"{here}: switcher to {other} goes to {links[other]}"


def test_disclosure_page_has_the_summary_table_and_the_narrative(site):
    zh = html(site, "companies/acme/2022/")
    assert "内容索引" in zh and "我们开源了 12 个项目" in zh
    assert '<span class="csr-status" data-csr-level="top">有制度措施且有行动</span>' in zh  # acme's open-source claim
    assert 'href="https://example.com/oss"' in zh and 'rel="nofollow noopener noreferrer"' in zh
    en = html(site, "en/companies/acme/2022/")
    assert "Content index" in en and "We released 12 projects" in en
    assert "We only serve business customers." in en  # the English explanation of the omission
    assert "Open-source projects" in en  # the English figure label


def test_missing_translation_shows_chinese_with_a_notice(site):
    en = html(site, "en/companies/beta-soft/2022/")
    assert "has not been translated into English yet" in en
    assert "我们开源了 12 个项目" in en


def test_raw_script_in_a_disclosure_is_not_published(site):
    page = html(site, "companies/beta-soft/2022/")
    body = page.split('<article', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body and "alert(1)" not in body


def test_indicator_page_lists_each_company_status_and_baseline(site):
    page = html(site, "en/indicators/developer-cultivation/")
    assert "Acme Software" in page and "Beta Soft" in page
    assert "72.1%" in page  # the white paper's baseline
    assert "GRI" in page


def test_home_counts_companies_and_disclosures(site):
    page = html(site, "en/")
    counts = re.findall(r'csr-count__value">(\d+)</span> <span class="csr-count__label">([a-z]+)', page)
    assert ("2", "companies") in counts and ("3", "disclosures") in counts


def test_page_templates_and_sources_are_not_published(site):
    published = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert [p for p in published if p.endswith((".j2", ".md", ".yml", ".py"))] == []
    assert not (site / "csr").exists()


def test_companies_are_not_in_the_navigation(site):
    page = html(site, "")
    nav = page.split('<nav class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert "acme" not in nav and "beta-soft" not in nav


def test_sitemap_links_languages_with_hreflang(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="en" href="https://csr-disclosures.example.org/en/companies/acme/2022/"' in sitemap
    assert 'hreflang="zh" href="https://csr-disclosures.example.org/companies/acme/2022/"' in sitemap


def test_search_index_is_split_per_language_and_segments_chinese(site):
    """One Pagefind bundle at the site root with an index per language; Chinese is segmented."""
    from macros.site import search

    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "zh"]
    pages = {lang: {fragment["url"]: fragment for _id, fragment in search.fragments(site / "pagefind", lang)}
             for lang in ("zh", "en")}
    assert all(url.startswith("/en/") for url in pages["en"]) and not any(u.startswith("/en/") for u in pages["zh"])
    zh = pages["zh"]["/companies/acme/2022/"]
    assert "\u200b开源\u200b" in zh["content"]  # word boundaries
    assert "¶" not in zh["meta"]["title"] and "¶" not in zh["content"]  # heading permalinks left out
    assert "We released 12 projects" in pages["en"]["/en/companies/acme/2022/"]["content"]
    assert "我们开源了" not in pages["en"]["/en/companies/acme/2022/"]["content"]
    assert any(anchor["element"] == "h2" and anchor["id"] for anchor in zh["anchors"])  # results link sections
    # what is indexed: narratives, company and indicator pages, hand-written pages; not the
    # tables of generated index pages, nor the header, navigation and footer
    for lang, root in (("zh", "/"), ("en", "/en/")):
        urls = set(pages[lang])
        assert {f"{root}companies/acme/", f"{root}indicators/anti-monopoly/", f"{root}about/",
                f"{root}reference/errors/", f"{root}"} <= urls
        assert not urls & {f"{root}companies/", f"{root}companies/acme/2022-index/", f"{root}matrix/",
                           f"{root}statistics/", f"{root}indicators/"}
    assert "贝塔软件" not in pages["zh"]["/indicators/anti-monopoly/"]["content"]  # the companies' table
    assert "浏览企业" not in zh["content"]  # navigation
    assert "开源" in search.indexed_words(site / "pagefind", "zh")
    assert (site / "pagefind" / search.VOCABULARY / "zh" / f"{ord('开') % search.SHARDS}.json").exists()
    # every page of each language finds the bundle at the site root, and is searched in its language
    for page, lang in (("en/companies/acme/2022/", "en"), ("companies/acme/2022/", "zh")):
        text = html(site, page)
        bundle = re.search(r'data-csr-bundle="([^"]*)"', text)[1]
        assert posixpath.normpath(posixpath.join(page, bundle)) == "pagefind"
        assert f'<html lang="{lang}"' in text and 'role="dialog" aria-label="' in text
    assert "data-pagefind-body" in html(site, "companies/acme/2022/")
    assert "data-pagefind-body" not in html(site, "matrix/")
    assert not (site / "search").exists() and not (site / "en/search").exists()  # no Material index


def test_a_registry_that_still_lists_materials_search_builds_with_a_note(tmp_path):
    root = make_project(tmp_path)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - csr\n", "  - csr\n  - search\n", 1), encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "remove `- search` from the plugins" in result.stderr
    site = root / "site"
    assert (site / "pagefind/pagefind-entry.json").exists()
    page = html(site, "companies/acme/2022/")
    assert page.count('class="md-search"') == 1 and 'name="search"' not in page  # one field: ours


def test_an_invalid_disclosure_fails_the_build_with_every_problem_in_both_languages(tmp_path):
    broken = replace(replace(ZH_PAGE, "status: policy-and-action", "status: polcy-and-action"),
                     "summary:", "sumary:")
    root = make_project(tmp_path, {"disclosures/acme/2022.zh.md": broken})
    result = build(root)
    assert result.returncode == 1
    log = result.stdout + result.stderr
    assert "disclosures/acme/2022.zh.md:8:13: error CSR302 status-not-allowed" in log
    assert "disclosures/acme/2022.zh.md:3:1: error CSR200 unknown-key" in log
    assert "did you mean 'policy-and-action'" in log and "是否想写 'policy-and-action'" in log
    assert "Traceback" not in log


def test_a_disclosure_reads_story_first_and_what_follows_survives_a_broken_narrative(tmp_path):
    """The narrative comes first, in the author's order, each section with its indicators; the
    English page shows a missing section in Chinese in its place, once, marked lang="zh"; what
    follows the narrative (omissions, indicator table) is the template's own HTML, which neither
    an unclosed code fence nor a forged mark in the narrative can swallow or imitate."""
    zh = (ZH_PAGE + "\n## 多元用工 {#hiring}\n\n远程协作。\n\n## 供应链 {#supply}\n\n"
          "<!-- csr:trusted-below -->\n<script>alert(1)</script>\n\n```\n没有结束的代码块\n")
    en = EN_PAGE + "\n## Supply chain {#supply}\n\nWe maintain upstream.\n"
    root = make_project(tmp_path, {"disclosures/acme/2022.zh.md": zh, "disclosures/acme/2022.en.md": en})
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    for lang, prefix in (("zh", ""), ("en", "en/")):
        article = html(root / "site", prefix + "companies/acme/2022/").split("<article", 1)[1].split("</article>", 1)[0]
        order = [article.index(f'id="{anchor}"') for anchor in
                 ("open-source", "hiring", "supply", "csr-omissions", "csr-indicator-summary")]
        assert order == sorted(order), lang
        section = article.split('id="open-source"', 1)[1].split("<h2", 1)[0]
        assert 'class="csr-addresses"' in section and "indicators/developer-cultivation/" in section
        assert 'id="csr-developer-cultivation"' in article  # the table's row, after the narrative
        assert "<script" not in article and "alert(1)" not in article
        assert article.count('id="hiring"') == 1
    en_article = html(root / "site", "en/companies/acme/2022/").split("<article", 1)[1].split("</article>", 1)[0]
    fallback = en_article.split('<div class="csr-untranslated" lang="zh">', 1)[1].split('id="supply"', 1)[0]
    assert 'id="hiring"' in fallback and "远程协作。" in fallback
    assert en_article.count('class="csr-untranslated"') == 1
    assert "We maintain upstream." in en_article and "持续" not in en_article
