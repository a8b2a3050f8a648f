"""Browser test fixtures: the example site built once, served on 127.0.0.1, Chromium via Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CSR_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# One page of every type, as (name, path below the language root).
PAGE_TYPES = [
    ("home", ""),
    ("companies", "companies/"),
    ("company", "companies/websoft9/"),
    ("disclosure", "companies/websoft9/2022/"),
    ("content-index", "companies/websoft9/2022-index/"),
    ("indicators", "indicators/"),
    ("indicator", "indicators/anti-monopoly/"),
    ("matrix", "matrix/"),
    ("statistics", "statistics/"),
    ("downloads", "downloads/"),
    ("errors", "reference/errors/"),
]
LANG_ROOTS = {"zh": "", "en": "en/"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, port) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run tests/browser/setup.sh", pytrace=False)
    out = tmp_path_factory.mktemp("browser") / "site"
    # site_url must be where the site is served: Material's language selector maps pages
    # through the <loc> URLs of sitemap.xml (it keeps their port)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CSR_SITE_URL": f"http://127.0.0.1:{port}/"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir, port) -> str:
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Guard:
    """Records console errors, failed requests and requests leaving 127.0.0.1."""

    def __init__(self, page):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: self.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)
        page.on("request", self._request)

    def _request(self, request):
        from urllib.parse import urlsplit

        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host != "127.0.0.1":
            self.external.append(request.url)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    # nothing may leave the machine: block and record any other host
    context.route("**/*", lambda route: route.continue_() if "://127.0.0.1" in route.request.url
                  or route.request.url.startswith(("data:", "blob:")) else route.abort())
    tab = context.new_page()
    tab.guard = Guard(tab)
    yield tab
    context.close()
