"""Work spread over forked processes gives the same results as done in one process."""

from __future__ import annotations

import os

import pytest

from macros import forking as parallel
from macros.site.linkcheck import check_site


def test_fork_map_returns_results_in_order_from_other_processes():
    results = parallel.fork_map([lambda: ("first", os.getpid()), lambda: ("second", os.getpid()),
                                 lambda: ("third", os.getpid())], parallel=True)
    assert [name for name, _ in results] == ["first", "second", "third"]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3


def test_fork_map_raises_a_childs_error_with_its_traceback():
    def broken():
        raise ValueError("bad input in the child")

    with pytest.raises(parallel.TaskFailed, match="ValueError: bad input in the child"):
        parallel.fork_map([lambda: 1, broken], parallel=True)


def test_fork_map_without_parallelism_runs_here():
    assert parallel.fork_map([lambda: os.getpid(), lambda: os.getpid()], parallel=False) == [os.getpid()] * 2


def test_csr_parallel_0_turns_forking_off(monkeypatch):
    monkeypatch.setenv("CSR_PARALLEL", "0")
    assert not parallel.can_fork()


def test_link_check_split_over_processes_finds_the_same_problems(tmp_path):
    for number in range(300):  # enough pages to be split between two processes
        folder = tmp_path / f"p{number}"
        folder.mkdir()
        links = f'<h2 id="s{number}">s</h2><a href="../p{(number + 1) % 300}/#s{(number + 1) % 300}">next</a>'
        if number % 97 == 0:
            links += f'<a href="../p{number + 1}/#nope">bad anchor</a><a href="../gone{number}/">gone</a>'
        (folder / "index.html").write_text(links)
    together = check_site(tmp_path, parallel=False)
    split = check_site(tmp_path, parallel=True)
    assert split == together
    assert {(b.page, b.problem) for b in split} == {
        (f"p{n}/index.html", problem) for n in (0, 97, 194, 291) for problem in ("no anchor #nope", "no such page")}


def test_a_large_registry_read_in_two_processes_equals_one_read_here(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import generate

    from macros.registry import PARALLEL_MIN_COMPANIES, load_registry

    slugs = sorted(generate.generate(tmp_path, PARALLEL_MIN_COMPANIES + 10, seed=5))  # read in this order
    for slug in (slugs[3], slugs[-3]):  # one broken company in each half
        page = tmp_path / "disclosures" / slug / "2022.zh.md"
        page.write_text(page.read_text(encoding="utf-8").replace("framework:", "framework: [oops]\nx:", 1),
                        encoding="utf-8")
    together = load_registry(tmp_path, parallel=False)
    split = load_registry(tmp_path, parallel=True)

    def summary(registry):
        return (sorted(registry.companies), [d.key for d in registry.disclosures],
                [(p.code, p.path, p.line, p.col) for p in registry.problems], registry.files_checked)

    assert summary(split) == summary(together)
    assert {p.path.split("/")[1] for p in split.errors} == {slugs[3], slugs[-3]}
    # disclosures read by the child point at this process's framework objects
    assert all(d.framework is split.frameworks[d.framework.id] for d in split.disclosures)
    assert all(d.company is split.companies[d.company.slug] for d in split.disclosures)
