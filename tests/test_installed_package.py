"""The package as ``pip install`` installs it, not the editable checkout.

A wheel is built from a clean copy of the source tree and installed (not editable) into a fresh
virtual environment with the pinned dependencies. Registries are then built in folders that hold
only what a registry holds (``mkdocs.yml``, ``docs/``, ``disclosures/``, optionally
``overrides/csr/``), with the environment's own ``csr`` and ``mkdocs``, from a working directory
outside this repository and without ``PYTHONPATH``: whatever the build needs from the package
(templates, theme partial, stylesheet, script, frameworks) must come from the wheel.

* this repository's registry: ``csr check`` and ``mkdocs build --strict``, both languages;
* a one-company registry with the minimal ``mkdocs.yml`` (:data:`MINIMAL_MKDOCS_YML`);
* a registry's own template that extends the package's and overrides one block.
"""

from __future__ import annotations

import fcntl
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

pytestmark = pytest.mark.build

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "macros"
DISTRIBUTION = "csr-disclosures"
REQUIREMENTS = REPO / "requirements-runtime.lock"  # what the deploy installs: no test tool
TIMEOUT = 300

# The minimal mkdocs.yml of a registry that publishes one company (here Websoft9, its own page
# only): next to it only docs/ (MkDocs requires the folder; it may hold no page) and
# disclosures/<company>/. The csr plugin adds the generated pages (home, companies, indicators,
# ...), the Markdown extensions they need, its theme partial, stylesheet and script; the i18n
# block is the one the plugin checks for (same as this repository's mkdocs.yml). Copy it into
# the README as it is: test_a_one_company_registry_* builds it with the installed package.
MINIMAL_MKDOCS_YML = """\
site_name: Websoft9 社会责任披露
site_url: https://csr.websoft9.example/
theme:
  name: material
  language: zh
plugins:
  - csr                                     # the search too (Pagefind): no `- search`
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_search: false
      # each language is built on its own: the csr plugin builds the translation with
      # CSR_LANGUAGE=en after this build of the source language
      build_only_locale: !ENV [CSR_LANGUAGE, zh]
      languages:
        - locale: zh
          name: 中文
          default: true
          build: true
        - locale: en
          name: English
          build: true
          site_name: Websoft9 CSR disclosures
"""

# A registry's own company template: the package's, with one block replaced (overrides/README.md)
OVERRIDE_MARKER = "Registry override: reviewed by the Websoft9 CSR team"
COMPANY_OVERRIDE = """\
{% extends "package/company.md.j2" %}
{% block identity %}
<p class="registry-override">""" + OVERRIDE_MARKER + """</p>
{{ super() }}
{% endblock %}
"""


# -- running things --------------------------------------------------------------------------

def run(command: list, *, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT)


def check(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    if result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {' '.join(result.args)}\n"
                             f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}")
    return result


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that ``make`` fills once per test session, even when pytest-xdist runs this
    module's tests in several workers (they share the session's temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder, done = base / name, base / f"{name}.done"
    with locked(base / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


# -- the installed package -------------------------------------------------------------------

@dataclass(frozen=True)
class Installed:
    venv: Path
    source: Path  # the copy of the source tree the wheel was built from
    wheel: Path
    site_packages: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def package(self) -> Path:
        return self.site_packages / PACKAGE

    def env(self) -> dict[str, str]:
        """The environment of a registry's build: this venv first on PATH, no PYTHONPATH (nor
        any PYTHON* setting), no user site-packages, no CSR_* settings from outside."""
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("PYTHON", "CSR_")) and key != "VIRTUAL_ENV"}
        env.update(PATH=f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}", VIRTUAL_ENV=str(self.venv),
                   PYTHONNOUSERSITE="1", NO_MKDOCS_2_WARNING="1", CSR_LANG="en")
        return env

    def run(self, executable: str, *args, cwd: Path) -> subprocess.CompletedProcess:
        return run([self.bin / executable, *args], cwd=cwd, env=self.env())


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What a clean checkout does not have (build/ and *.egg-info would put stale files into the
    wheel: setuptools reuses them), or what building the wheel does not read."""
    top = {".git", ".venv", "build", "dist", "site", ".cache", ".pytest_cache", "tests", "bench"}
    return {name for name in names
            if (Path(folder) == REPO and (name in top or name.startswith("site.")))
            or name in ("__pycache__", "node_modules") or name.endswith((".egg-info", ".pyc"))}


def _install(work: Path) -> None:
    source, dist, venv = work / "source", work / "dist", work / "venv"
    shutil.copytree(REPO, source, ignore=_not_source)
    check(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
               "-w", dist, source], cwd=work))
    check(run([sys.executable, "-m", "venv", venv], cwd=work))
    pip = [venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check"]
    check(run([*pip, "install", "-q", "-r", REQUIREMENTS], cwd=work))
    (wheel,) = dist.glob("*.whl")
    check(run([*pip, "install", "-q", "--no-deps", wheel], cwd=work))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    work = once(tmp_path_factory, "installed-package", _install)
    venv = work / "venv"
    site_packages = check(run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              cwd=work)).stdout.strip()
    (wheel,) = (work / "dist").glob("*.whl")
    return Installed(venv=venv, source=work / "source", wheel=wheel, site_packages=Path(site_packages))


def test_the_wheel_holds_every_file_of_the_package(installed):
    expected = {path.relative_to(installed.source).as_posix()
                for path in (installed.source / PACKAGE).rglob("*")
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}
    with zipfile.ZipFile(installed.wheel) as wheel:
        in_wheel = set(wheel.namelist())
    assert sorted(expected - in_wheel) == [], "add these to [tool.setuptools.package-data] in pyproject.toml"
    assert all((installed.site_packages / name).is_file() for name in expected)


def test_macros_is_imported_from_the_installed_wheel(installed, tmp_path):
    # run as a registry's build runs: from a folder outside the repository, without PYTHONPATH
    probe = installed.run("python", "-c", "import json, macros, importlib.metadata as m; print(json.dumps("
                          "[macros.__file__, m.distribution('csr-disclosures').read_text('direct_url.json')]))",
                          cwd=tmp_path)
    location, direct_url = json.loads(check(probe).stdout)
    assert Path(location).resolve().is_relative_to(installed.package.resolve()), location
    assert not Path(location).resolve().is_relative_to(REPO), location
    assert "archive_info" in json.loads(direct_url), direct_url  # a wheel, not an editable install
    # the pinned dependencies satisfy the package's declared ones
    check(installed.run("python", "-m", "pip", "check", "--disable-pip-version-check", cwd=tmp_path))
    for script in ("csr", "mkdocs"):
        assert (installed.bin / script).is_file(), script


# -- helpers on a built site ------------------------------------------------------------------

def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def target(url: str, href: str) -> str:
    """Where a relative ``href`` on the page at ``url`` (relative to the site root) points."""
    return posixpath.normpath(posixpath.join(url, href))


def published_templates(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.name.endswith(".j2"))


def copy_company(registry: Path, slug: str) -> None:
    shutil.copytree(REPO / "disclosures" / slug, registry / "disclosures" / slug)


def build(installed: Installed, registry: Path) -> None:
    check(installed.run("mkdocs", "build", "--strict", cwd=registry))


# -- this repository's registry -----------------------------------------------------------------

REGISTRY_FILES = ["disclosures", "docs", "mkdocs.yml"]


@pytest.fixture(scope="module")
def repo_registry(tmp_path_factory) -> Path:
    def make(registry: Path) -> None:
        shutil.copy2(REPO / "mkdocs.yml", registry / "mkdocs.yml")
        for folder in ("docs", "disclosures"):
            shutil.copytree(REPO / folder, registry / folder)
        assert sorted(os.listdir(registry)) == REGISTRY_FILES  # no macros/, no overrides/

    return once(tmp_path_factory, "repo-registry", make)


@pytest.fixture(scope="module")
def repo_site(installed, repo_registry, tmp_path_factory) -> Path:
    once(tmp_path_factory, "repo-registry-build", lambda _: build(installed, repo_registry))
    return repo_registry / "site"


def test_csr_check_passes_on_this_registry(installed, repo_registry):
    result = installed.run("csr", "check", cwd=repo_registry)
    assert result.returncode == 0, result.stdout + result.stderr  # warnings allowed
    assert re.search(r"^0 errors, \d+ warnings? \(\d+ files checked\)$", result.stdout, re.M), result.stdout


@pytest.mark.parametrize("url", ["", "companies/", "companies/websoft9/", "companies/websoft9/2022/",
                                 "companies/lanshan-data/2022/", "indicators/", "about/"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_this_registry_is_published_in_both_languages(repo_site, url, lang):
    url = url if lang == "zh" else f"en/{url}"
    assert f'<html lang="{lang}"' in html(repo_site, url)


@pytest.mark.parametrize("root", ["", "en/"])
def test_the_package_stylesheet_and_script_are_published_and_referenced(installed, repo_site, root):
    for name in ("csr.css", "csr.js"):
        published = repo_site / root / "assets" / "csr" / name
        assert published.is_file(), published
        assert published.read_bytes() == (installed.package / "theme" / "assets" / "csr" / name).read_bytes()
    url = f"{root}companies/websoft9/2022/"
    page = html(repo_site, url)
    stylesheets = re.findall(r'<link[^>]*\bhref="([^"]*assets/csr/csr\.css)"', page)
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]*assets/csr/csr\.js)"', page)
    assert [target(url, href) for href in stylesheets] == [f"{root}assets/csr/csr.css"], stylesheets
    assert [target(url, src) for src in scripts] == [f"{root}assets/csr/csr.js"], scripts


@pytest.mark.parametrize("url, other", [("companies/websoft9/2022/", "en/companies/websoft9/2022"),
                                        ("en/companies/websoft9/2022/", "companies/websoft9/2022")])
def test_the_package_language_switcher_links_the_same_page(repo_site, url, other):
    # the package's partial (theme/partials/alternate.html); Material's own links the homes
    links = dict((lang, href) for href, lang in re.findall(
        r'<a href="([^"]*)" hreflang="(zh|en)"[^>]*class="md-select__link"', html(repo_site, url)))
    assert {lang: target(url, href) for lang, href in links.items()} == {
        "zh": other if url.startswith("en/") else url.rstrip("/"),
        "en": url.rstrip("/") if url.startswith("en/") else other}


def test_no_template_is_published(repo_site):
    assert published_templates(repo_site) == []


# -- a one-company registry with the minimal mkdocs.yml ---------------------------------------------

@pytest.fixture(scope="module")
def one_company_site(installed, tmp_path_factory) -> Path:
    def make(registry: Path) -> None:
        (registry / "mkdocs.yml").write_text(MINIMAL_MKDOCS_YML, encoding="utf-8")
        (registry / "docs").mkdir()
        (registry / "docs" / "about.zh.md").write_text("# 关于\n\nWebsoft9 自己发布的披露。\n", encoding="utf-8")
        (registry / "docs" / "about.en.md").write_text("# About\n\nPublished by Websoft9 itself.\n", encoding="utf-8")
        copy_company(registry, "websoft9")
        build(installed, registry)

    return once(tmp_path_factory, "one-company-registry", make) / "site"


@pytest.mark.parametrize("url", ["", "companies/websoft9/", "companies/websoft9/2021/", "companies/websoft9/2022/",
                                 "indicators/", "about/"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_one_company_registry_is_published_in_both_languages(one_company_site, url, lang):
    url = url if lang == "zh" else f"en/{url}"
    assert f'<html lang="{lang}"' in html(one_company_site, url)


def test_a_one_company_registry_has_only_its_company_and_the_package_files(one_company_site):
    for root in ("", "en/"):
        companies = sorted(p.name for p in (one_company_site / root / "companies").iterdir() if p.is_dir())
        assert companies == ["websoft9"], companies
        for name in ("csr.css", "csr.js"):
            assert (one_company_site / root / "assets" / "csr" / name).is_file()
    assert re.search(r"<title>[^<]* - Websoft9 CSR disclosures</title>", html(one_company_site, "en/"))
    assert published_templates(one_company_site) == []


# -- a registry's own template --------------------------------------------------------------------

@pytest.fixture(scope="module")
def override_site(installed, tmp_path_factory) -> Path:
    def make(registry: Path) -> None:
        (registry / "mkdocs.yml").write_text(MINIMAL_MKDOCS_YML, encoding="utf-8")
        (registry / "docs").mkdir()  # no page of its own
        (registry / "overrides" / "csr").mkdir(parents=True)
        (registry / "overrides" / "csr" / "company.md.j2").write_text(COMPANY_OVERRIDE, encoding="utf-8")
        copy_company(registry, "websoft9")
        build(installed, registry)

    return once(tmp_path_factory, "override-registry", make) / "site"


@pytest.mark.parametrize("root", ["", "en/"])
def test_a_registry_template_overrides_one_block_of_the_package_template(override_site, root):
    page = html(override_site, f"{root}companies/websoft9/")
    assert f'<p class="registry-override">{OVERRIDE_MARKER}</p>' in page
    # the block's own content (super()) and the rest of the package's template are still there
    assert 'class="csr-identity"' in page and 'id="csr-periods"' in page
    assert OVERRIDE_MARKER not in html(override_site, f"{root}companies/websoft9/2022/")


def test_a_registry_template_is_not_published(override_site):
    assert published_templates(override_site) == []
    assert not (override_site / "overrides").exists() and not (override_site / "csr").exists()
