"""A site deployed below a sub-path (GitHub project pages: ``https://owner.github.io/repo/``):
every absolute link the project writes stays below that path."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.github.io/registry/"
_ABSOLUTE_PATH = re.compile(r'\b(?:href|src|action)="(/[^"]*)"')
_URL = re.compile(r'https?://[^\s"\'<>)\\]+')
_OFF_SITE_ALLOWED = ("https://example.github.io/registry/",)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("subpath")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "disclosures"):
        shutil.copytree(REPO / folder, root / folder)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CSR_SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def _text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".js") and path.is_file():
            yield path, path.read_text(encoding="utf-8", errors="replace")


def test_no_absolute_path_leaves_the_sub_path(site):
    wrong = []
    for path, text in _text_files(site):
        if path.suffix == ".html":
            wrong += [(path.relative_to(site).as_posix(), link) for link in _ABSOLUTE_PATH.findall(text)
                      if not link.startswith("/registry/")]
    assert wrong == []


def test_every_url_of_the_site_itself_is_below_the_sub_path(site):
    """Canonical links, sitemap locations and alternates, downloads: the site's own host is
    only ever written with the sub-path, and the placeholder host never appears."""
    wrong = []
    for path, text in _text_files(site):
        for url in _URL.findall(text):
            if ("example.github.io" in url and not url.startswith(_OFF_SITE_ALLOWED)) \
                    or "csr-disclosures.example.org" in url:
                wrong.append((path.relative_to(site).as_posix(), url))
    assert wrong == []


def test_canonical_links_and_sitemaps_name_each_page_below_the_sub_path(site):
    page = (site / "en/companies/websoft9/2022/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.github.io/registry/en/companies/websoft9/2022/">' in page
    for root in ("", "en/"):
        xml = (site / root / "sitemap.xml").read_text(encoding="utf-8")
        assert gzip.decompress((site / root / "sitemap.xml.gz").read_bytes()).decode("utf-8") == xml
        assert "<loc>https://example.github.io/registry/companies/websoft9/2022/</loc>" in xml
        assert ('hreflang="en" href="https://example.github.io/registry/en/companies/websoft9/2022/"' in xml)
        locations = re.findall(r"<loc>([^<]*)</loc>", xml)
        assert locations and all(loc.startswith(SITE_URL) for loc in locations)


def test_downloaded_schemas_are_identified_by_their_address_on_the_site(site):
    schema = json.loads((site / "downloads/schema/company.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == SITE_URL + "downloads/schema/company.schema.json"


@pytest.mark.parametrize("page", ["404.html", "en/404.html"])
def test_the_404_page_links_each_language_home_below_the_sub_path(site, page):
    text = (site / page).read_text(encoding="utf-8")
    switcher = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"[^>]*class="md-select__link"', text)
    assert switcher == [("/registry/", "zh"), ("/registry/en/", "en")]
    head = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([a-z]+)">', text)
    assert head == [("/registry/", "zh"), ("/registry/en/", "en")]
