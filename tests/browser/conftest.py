"""Browser test fixtures: the example site built once per session, served on 127.0.0.1 by a
thread of this process, and Debian's Chromium driven by Playwright.

``tests/browser/setup.sh`` installs Chromium, pdftotext, CJK fonts and axe-core (``make test``
runs it).  ``CSR_CHROMIUM`` points at another Chromium binary; ``CSR_BROWSER_PROJECT`` at
another project folder (mkdocs.yml, docs/, overrides/, disclosures/) to build and browse
instead of this repository, e.g. a copy with a deliberate breakage.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from browsing import CHROMIUM_ARGS, REPO, visit

CHROMIUM = os.environ.get("CSR_CHROMIUM", "/usr/bin/chromium")
PROJECT = Path(os.environ.get("CSR_BROWSER_PROJECT") or REPO).resolve()


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    """The example registry's site (disclosures/ + mkdocs.yml), built once and served."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run tests/browser/setup.sh", pytrace=False)
    out = tmp_path_factory.mktemp("browser") / "site"
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    # site_url is where the site is served, as in production: Material's language selector
    # maps pages through the <loc> URLs of each language's sitemap.xml (port included)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CSR_SITE_URL": url}
    env.pop("CSR_ONLY", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"mkdocs build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}", pytrace=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def visited(browser, base_url):
    """``visited(lang, name, viewport="desktop")``: the one recorded visit of that page on that
    screen (see browsing.visit; axe runs on the desktop visits)."""
    cache = {}

    def get(lang: str, name: str, viewport: str = "desktop"):
        key = (lang, name, viewport)
        if key not in cache:
            try:
                cache[key] = visit(browser, base_url, lang, name, viewport=viewport,
                                   axe=viewport == "desktop", switch=viewport == "desktop")
            except Exception as error:  # noqa: BLE001 - every test of this page reports it
                cache[key] = error
        if isinstance(cache[key], Exception):
            raise cache[key]
        return cache[key]

    return get


@pytest.fixture(scope="session")
def registry():
    from macros.registry import load_registry

    return load_registry(PROJECT)
