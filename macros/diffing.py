"""`csr diff`: what changed in the disclosures between two git refs, claim by claim.

The registries at both refs are read with the same checker as the site, matched company by
company (renamed or moved folders are followed using git's rename detection and the
company's name), and compared period by period with :mod:`macros.site.history`.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import Disclosure, Registry
from .registry import DISCLOSURES_DIR, load_registry
from .site.history import IndicatorChange, compare


class GitError(Exception):
    pass


def git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def resolve(root: Path, ref: str) -> str:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown git ref {ref!r}") from None


def materialise(root: Path, ref: str, dest: Path) -> Path:
    """Extract ``disclosures/`` (and ``frameworks/``) as they are at ``ref`` into ``dest``."""
    commit = resolve(root, ref)
    present = git(root, "ls-tree", "--name-only", commit).decode().split()
    paths = [p for p in (DISCLOSURES_DIR, "frameworks") if p in present]
    dest.mkdir(parents=True, exist_ok=True)
    if paths:
        archive = git(root, "archive", "--format=tar", commit, "--", *paths)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    return dest


def renamed_companies(root: Path, base: str, head: str | None) -> dict[str, str]:
    """Company folders git sees as renamed between ``base`` and ``head`` (None: working tree)."""
    args = ["diff", "-M", "--name-status", "-z", resolve(root, base)]
    if head:
        args.append(resolve(root, head))
    fields = git(root, *args, "--", DISCLOSURES_DIR).decode("utf-8").split("\0")
    mapping: dict[str, str] = {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")):
            old, new = fields[index + 1], fields[index + 2]
            index += 3
            old_parts, new_parts = old.split("/"), new.split("/")
            if len(old_parts) > 2 and len(new_parts) > 2 and old_parts[1] != new_parts[1]:
                mapping[old_parts[1]] = new_parts[1]
        else:
            index += 2
    return mapping


@dataclass
class PeriodChange:
    period: str
    kind: str  # added | removed | changed
    indicators: list[IndicatorChange] = field(default_factory=list)
    translation: tuple[str, str] | None = None  # (before, after)
    title: tuple[str, str] | None = None


@dataclass
class CompanyChange:
    slug: str
    name: str
    kind: str  # added | removed | changed | renamed
    old_slug: str | None = None
    periods: list[PeriodChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.kind in ("changed",) and not self.periods


def translation_state(d: Disclosure) -> str:
    if d.en is None:
        return "missing"
    return "complete" if d.en.complete else "incomplete"


def compare_registries(old: Registry, new: Registry, renames: dict[str, str]) -> list[CompanyChange]:
    renames = dict(renames)
    old_names = {slug: c.name.zh for slug, c in old.companies.items()}
    new_by_name = {c.name.zh: slug for slug, c in new.companies.items()}
    for slug, name in old_names.items():  # a folder moved without git noticing: match by name
        candidate = new_by_name.get(name)
        if slug not in new.companies and slug not in renames and candidate and candidate not in old.companies:
            renames[slug] = candidate
    changes: list[CompanyChange] = []
    matched_new = set()
    old_periods, new_periods = old.by_company(), new.by_company()
    for slug in sorted(old.companies):
        target = renames.get(slug, slug)
        if target in new.companies or target in new_periods:
            matched_new.add(target)
            change = CompanyChange(target, _name(new, target), "renamed" if target != slug else "changed",
                                   old_slug=slug if target != slug else None)
            change.periods = _compare_periods(old_periods.get(slug, []), new_periods.get(target, []))
            if not change.empty:
                changes.append(change)
        else:
            changes.append(CompanyChange(slug, _name(old, slug), "removed",
                                         periods=[PeriodChange(d.period, "removed") for d in old_periods.get(slug, [])]))
    for slug in sorted(set(new.companies) - matched_new):
        if slug in renames.values():
            continue
        changes.append(CompanyChange(slug, _name(new, slug), "added",
                                     periods=[PeriodChange(d.period, "added") for d in new_periods.get(slug, [])]))
    return sorted(changes, key=lambda c: c.slug)


def _name(registry: Registry, slug: str) -> str:
    company = registry.companies.get(slug)
    return f"{company.name.zh} / {company.name.en}" if company else slug


def _compare_periods(before: list[Disclosure], after: list[Disclosure]) -> list[PeriodChange]:
    old_by_period = {d.period: d for d in before}
    new_by_period = {d.period: d for d in after}
    result = []
    for period in sorted(old_by_period.keys() | new_by_period.keys()):
        old, new = old_by_period.get(period), new_by_period.get(period)
        if old is None:
            result.append(PeriodChange(period, "added"))
        elif new is None:
            result.append(PeriodChange(period, "removed"))
        else:
            change = PeriodChange(period, "changed", indicators=compare(old, new))
            states = (translation_state(old), translation_state(new))
            if states[0] != states[1]:
                change.translation = states
            if old.zh.title != new.zh.title:
                change.title = (old.zh.title, new.zh.title)
            if change.indicators or change.translation or change.title:
                result.append(change)
    return result


def diff(root: Path, base: str, head: str | None) -> tuple[list[CompanyChange], Registry, Registry]:
    """Compare the registry at ``base`` with ``head`` (a ref, or None for the working tree)."""
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="csr-diff-") as tmp:
        old = load_registry(materialise(root, base, Path(tmp) / "base"))
        new = load_registry(materialise(root, head, Path(tmp) / "head")) if head else load_registry(root)
        renames = renamed_companies(root, base, head)
    return compare_registries(old, new, renames), old, new
