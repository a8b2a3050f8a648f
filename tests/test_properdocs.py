"""ProperDocs (the continuation of MkDocs 1.x) builds the registry into the same site as MkDocs.

ProperDocs runs the ``mkdocs.plugins`` entry points and maps ``mkdocs.*`` imports to its own
``properdocs.*`` modules, so the csr plugin's second build (the English translation, started
with ``mkdocs.config.load_config`` and ``mkdocs.commands.build.build`` in
:mod:`macros.site.translations`) runs on ProperDocs too.  The only difference allowed between
the two sites is the generator's name and version in Material's ``<meta name="generator">``.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from registry_builder import folders_left_beside_site

REPO = Path(__file__).resolve().parents[1]

# what Material prints as ``mkdocs-{{ mkdocs_version }}`` under each generator
GENERATORS = {
    "mkdocs": f"mkdocs-{version('mkdocs')}",
    "properdocs": f"mkdocs-ProperDocs {version('properdocs')}"
    if importlib.util.find_spec("properdocs") else "",
}
COMMANDS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
}


def generator_tag(generator: str) -> re.Pattern[bytes]:
    """Material's generator tag, with this generator's name and version and nothing else."""
    return re.compile(rb'(<meta name="generator" content=")' + re.escape(generator.encode())
                      + rb'(, mkdocs-material-[0-9.]+">)')


def build(project: Path, tool: str) -> dict[str, bytes]:
    project.mkdir()
    (project / "mkdocs.yml").write_bytes((REPO / "mkdocs.yml").read_bytes())
    for folder in ("docs", "disclosures"):
        subprocess.run(["cp", "-r", str(REPO / folder), str(project / folder)], check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(COMMANDS[tool], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{tool} build failed:\n{result.stderr[-3000:]}"
    assert folders_left_beside_site(project) == [], "no building or part folder is left behind"
    return {p.relative_to(project / "site").as_posix(): p.read_bytes()
            for p in sorted((project / "site").rglob("*")) if p.is_file()}


def normalised(site: dict[str, bytes], tool: str) -> tuple[dict[str, bytes], set[str]]:
    """The site with the generator tag's name and version replaced; and the pages that had it."""
    tag = generator_tag(GENERATORS[tool])
    files, tagged = {}, set()
    for rel, data in site.items():
        if rel.endswith(".html"):
            data, count = tag.subn(rb"\1GENERATOR\2", data)
            assert count <= 1, f"{rel}: {count} generator tags"
            if count:
                tagged.add(rel)
        files[rel] = data
    return files, tagged


@pytest.mark.build
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    assert GENERATORS["properdocs"], "properdocs is not installed: pip install -r requirements.lock"
    sites = {tool: build(tmp_path / tool, tool) for tool in ("mkdocs", "properdocs")}
    assert sites["mkdocs"].keys() == sites["properdocs"].keys()

    mkdocs_site, mkdocs_tagged = normalised(sites["mkdocs"], "mkdocs")
    properdocs_site, properdocs_tagged = normalised(sites["properdocs"], "properdocs")
    # each generator's own tag is on the same pages, both languages' included: the English
    # pages come from the plugin's second build, so that build ran on ProperDocs as well
    assert mkdocs_tagged == properdocs_tagged
    assert {"index.html", "404.html", "en/index.html", "en/404.html"} <= properdocs_tagged

    differ = [rel for rel in mkdocs_site if mkdocs_site[rel] != properdocs_site[rel]]
    detail = ""
    if differ:
        first = differ[0]
        detail = "\n".join(difflib.unified_diff(
            mkdocs_site[first].decode("utf-8", "replace").splitlines(),
            properdocs_site[first].decode("utf-8", "replace").splitlines(),
            f"mkdocs/{first}", f"properdocs/{first}", n=1, lineterm=""))[:3000]
    assert differ == [], detail
