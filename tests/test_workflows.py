"""The GitHub workflows and the requirement files they install.

Actions are pinned to full commits, every job has a time limit, the deploy builds with the
Pages address, the pull request workflow keeps its trust model and hands reviewers the built
site, and the deploy installs only the runtime pins. (That no workflow runs on
pull_request_target or workflow_run, and that the pull request's code is never executed, is
tested in test_tools.py.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github/workflows"
RUNTIME_LOCK = "requirements-runtime.lock"

# `uses: owner/repo[/path]@<40 hex> # vX.Y.Z`: a commit cannot be moved as a tag can, and the
# comment says which release it is (what Dependabot and reviewers read).
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s*(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s*(?P<version>v\d+\.\d+\.\d+)\s*$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")


def workflow_paths() -> list[Path]:
    paths = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {p.name for p in paths} >= {"pages.yml", "pr.yml"}
    return paths


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_using(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


def step_running(workflow: dict, command: str) -> dict:
    found = [s for s in steps(workflow) if command in s.get("run", "")]
    assert len(found) == 1, f"one step runs {command!r}"
    return found[0]


def pins(path: Path) -> list[tuple[str, str]]:
    """(name, exact version) of every pin in a requirement file, following `-r` includes."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(("-r ", "--requirement ")):
            found += pins(path.parent / line.split(None, 1)[1])
            continue
        assert not line.startswith("-"), f"{path.name}: only pins and -r includes: {line}"
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: not an exact pin: {line}"
        found.append((canonicalize_name(req.name), specs[0].version))
    return found


# -- actions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", workflow_paths(), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment(path: Path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if USES_LINE.match(line)]
    assert lines, f"{path.name} uses no action"
    unpinned = [line.strip() for line in lines if not PINNED_USES.match(line)]
    assert not unpinned, f"{path.name}: not pinned as owner/repo@<commit> # vX.Y.Z: {unpinned}"
    # every `uses:` the YAML holds is one of the lines read above (none hides in a flow mapping)
    parsed = sorted(s["uses"] for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
                    for s in job.get("steps", []) if "uses" in s)
    assert parsed == sorted(f"{m['action']}@{m['sha']}" for m in map(PINNED_USES.match, lines))


def test_an_action_is_pinned_to_one_commit_and_release_everywhere():
    seen: dict[str, set[tuple[str, str]]] = {}
    for path in workflow_paths():
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := PINNED_USES.match(line):
                seen.setdefault(m["action"], set()).add((m["sha"], m["version"]))
    assert seen
    assert {action: refs for action, refs in seen.items() if len(refs) > 1} == {}


@pytest.mark.parametrize("path", workflow_paths(), ids=lambda p: p.name)
def test_every_job_has_a_time_limit(path: Path):
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    assert jobs
    for name, job in jobs.items():
        minutes = job.get("timeout-minutes")
        assert isinstance(minutes, int) and 0 < minutes <= 60, f"{path.name}: job {name}: {minutes!r}"


# -- the deploy --------------------------------------------------------------------------------------

def test_pages_build_takes_the_site_url_from_configure_pages():
    workflow = load("pages.yml")
    build_steps = workflow["jobs"]["build"]["steps"]
    configure = [i for i, s in enumerate(build_steps) if s.get("uses", "").startswith("actions/configure-pages@")]
    assert len(configure) == 1 and build_steps[configure[0]].get("id") == "pages"
    build = step_running(workflow, "mkdocs build --strict")
    assert build_steps.index(build) > configure[0], "the site URL is known before the build"
    # base_url has no trailing slash and site_url must end with one
    assert build["env"]["CSR_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build["env"]["NO_MKDOCS_2_WARNING"] == "1"
    checkout = step_using(workflow, "actions/checkout")
    assert [s["with"]["fetch-depth"] for s in checkout] == [0], "the build date comes from git history"


def test_mkdocs_reads_the_site_url_from_the_environment():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[CSR_SITE_URL, \"[^\"]+/\"\]$", text, re.M)


# -- pull requests -------------------------------------------------------------------------------------

def test_pull_request_runs_are_one_per_pull_request():
    concurrency = load("pr.yml")["concurrency"]
    assert "${{ github.event.pull_request.number }}" in concurrency["group"]
    assert concurrency["cancel-in-progress"] is True


def test_pull_request_site_is_uploaded_for_reviewers():
    workflow = load("pr.yml")
    review = workflow["jobs"]["review"]["steps"]
    uploads = step_using(workflow, "actions/upload-artifact")
    assert len(uploads) == 1
    upload = uploads[0]
    assert upload["with"]["name"] == "site-pr-${{ github.event.pull_request.number }}"
    assert upload["with"]["path"] == "base/site"
    assert upload["with"]["retention-days"] == 7
    assert upload["with"].get("if-no-files-found") == "error"
    build = step_running(workflow, "mkdocs build --strict")
    assert build.get("working-directory") == "base" and review.index(upload) > review.index(build)
    # the checks and the summary stay
    assert step_running(workflow, "csr check --format github").get("working-directory") == "base"
    assert '>> "$GITHUB_STEP_SUMMARY"' in step_running(workflow, "csr diff ")["run"]


def test_pull_request_problems_go_to_code_scanning_and_the_job_summary():
    workflow = load("pr.yml")
    review = workflow["jobs"]["review"]
    # the only write permission of the run: code scanning alerts (upload-sarif needs it)
    assert review["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    assert all(level == "read" for name, level in review["permissions"].items() if name != "security-events")
    sarif = step_running(workflow, "csr check --format sarif > csr.sarif")
    assert sarif.get("working-directory") == "base"
    assert sarif["run"].strip() == "csr check --format sarif > csr.sarif || [ $? -eq 1 ]"  # problems still upload
    [upload] = step_using(workflow, "github/codeql-action/upload-sarif")
    assert upload["with"]["sarif_file"] == "base/csr.sarif"
    assert upload["with"]["checkout_path"] == "${{ github.workspace }}/pr"  # the pull request's files and commit
    assert upload["with"]["category"] == "csr-check"
    annotations = step_running(workflow, "csr check --format github")
    order = [review["steps"].index(step) for step in (sarif, upload, annotations)]
    assert order == sorted(order), "SARIF written, uploaded, then the annotations step that fails on errors"
    # --format github appends the summary itself where GitHub sets GITHUB_STEP_SUMMARY
    assert annotations["run"].strip() == "csr check --format github"
    assert "security-events" not in yaml.safe_dump(load("pages.yml"))


def test_pull_request_checkout_provides_only_data():
    workflow = load("pr.yml")
    assert workflow["permissions"] == {"contents": "read"}
    checkouts = {s["with"]["path"]: s["with"] for s in step_using(workflow, "actions/checkout")}
    assert set(checkouts) == {"base", "pr"}
    assert checkouts["base"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkouts["pr"]["persist-credentials"] is False
    copy = step_running(workflow, "cp -r pr/disclosures base/disclosures")["run"]
    assert [line.strip() for line in copy.strip().splitlines()] == [
        "rm -rf base/disclosures", "cp -r pr/disclosures base/disclosures"]


# -- installs ------------------------------------------------------------------------------------------

PIP_INSTALL = re.compile(r"pip install (?P<args>.+)$")


@pytest.mark.parametrize("name, root, package", [("pages.yml", "", "."), ("pr.yml", "base/", "./base")])
def test_workflows_install_the_runtime_pins_and_the_package_without_deps(name: str, root: str, package: str):
    workflow = load(name)
    installs = [m["args"].split() for s in steps(workflow) for line in s.get("run", "").splitlines()
                if (m := PIP_INSTALL.search(line.strip()))]
    assert installs == [["-r", f"{root}{RUNTIME_LOCK}"], ["--no-deps", package]]
    assert not any(arg in ("-e", "--editable") for args in installs for arg in args)
    setups = step_using(workflow, "actions/setup-python")
    assert len(setups) == 1
    assert setups[0]["with"]["cache"] == "pip"
    assert setups[0]["with"]["cache-dependency-path"] == f"{root}{RUNTIME_LOCK}"


def test_requirements_lock_includes_the_runtime_pins_once():
    lines = [line.strip() for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()]
    assert f"-r {RUNTIME_LOCK}" in lines
    runtime = pins(REPO / RUNTIME_LOCK)
    everything = pins(REPO / "requirements.lock")
    names = [name for name, _ in everything]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    assert set(runtime) < set(everything)
    # the test tools are not deployed
    assert not {name for name, _ in runtime} & {"pytest", "pytest-xdist", "jsonschema", "playwright"}


def test_runtime_pins_satisfy_the_package_dependencies():
    """What `pip install --no-deps .` leaves out, the runtime file must bring, at versions the
    package accepts."""
    runtime = dict(pins(REPO / RUNTIME_LOCK))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dependencies"]
    for dependency in map(Requirement, project["dependencies"]):
        name = canonicalize_name(dependency.name)
        assert name in runtime, f"{name} is not in {RUNTIME_LOCK}"
        assert dependency.specifier.contains(runtime[name]), f"{name}=={runtime[name]} not in {dependency}"


# -- the build cache (incremental builds) -------------------------------------------------------------

def test_pages_saves_the_build_cache_and_pull_requests_only_restore_it():
    pages, pr = load("pages.yml"), load("pr.yml")
    [saved] = step_using(pages, "actions/cache")
    [restored] = step_using(pr, "actions/cache/restore")
    assert step_using(pr, "actions/cache") == [], "a pull request never saves a cache main could read"
    paths = [line.strip() for line in saved["with"]["path"].splitlines() if line.strip()]
    assert paths == [".cache/csr", "!.cache/csr/docs", "!.cache/csr/build.lock"]
    assert [line.strip() for line in restored["with"]["path"].splitlines() if line.strip()] == [
        "base/" + p if not p.startswith("!") else "!base/" + p[1:] for p in paths]
    # the same prefix: a pull request restores main's newest cache
    prefix = saved["with"]["restore-keys"].replace("'requirements-runtime.lock'", "LOCK")
    assert prefix == restored["with"]["restore-keys"].replace("'base/requirements-runtime.lock'", "LOCK")
    assert saved["with"]["key"].startswith(saved["with"]["restore-keys"])
    assert restored["with"]["key"].startswith(restored["with"]["restore-keys"])
    for workflow, step in ((pages, saved), (pr, restored)):
        build = step_running(workflow, "mkdocs build --strict")
        assert steps(workflow).index(step) < steps(workflow).index(build)
