"""`csr diff`: what changed in the disclosures between two git refs, claim by claim and text
by text.

The registries at both refs are read with the same checker as the site, matched company by
company (renamed or moved folders are followed using git's rename detection and the
company's name), and compared period by period: claims with :mod:`macros.site.history`, the
text of each language's page section by section with :mod:`macros.textdiff`.  What the head
writes but the checker rejects (a claim, a page, a company) is reported as invalid with the
checker's diagnostics, never as dropped or removed.
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .model import Disclosure, Registry, WrittenClaim
from .registry import DISCLOSURES_DIR, load_registry
from .site.history import IndicatorChange, compare
from .textdiff import PageChange, compare_pages


_PAGE_PATH = re.compile(rf"{DISCLOSURES_DIR}/(?P<slug>[^/]+)/(?P<period>[0-9]{{4}})\.zh\.md")


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
class TranslationChange:
    """The English page's state (missing | invalid | incomplete | complete) before and after,
    and the Chinese sections it newly lacks or now translates: (anchor, Chinese heading)."""

    before: str
    after: str
    now_missing: list[tuple[str, str]] = field(default_factory=list)
    now_translated: list[tuple[str, str]] = field(default_factory=list)
    keys_now_missing: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # why it is invalid


@dataclass
class PeriodChange:
    period: str
    kind: str  # added | removed | changed | invalid (the head's page cannot be read) | fixed (now it can)
    indicators: list[IndicatorChange] = field(default_factory=list)
    translation: TranslationChange | None = None
    texts: list[PageChange] = field(default_factory=list)  # zh, then en
    # The checker's diagnostics by indicator: for claims the head's page writes but the checker
    # rejects (IndicatorChange.direction "invalid"), for claims the base's page had invalid that
    # are valid now ("fixed"), and for valid claims with errors in their lines (a figure or a
    # link left out).
    claim_problems: dict[str, list[Diagnostic]] = field(default_factory=dict)
    written_as: dict[str, str] = field(default_factory=dict)  # indicator -> unknown id written instead
    problems: list[Diagnostic] = field(default_factory=list)  # other errors new at head

    @property
    def empty(self) -> bool:
        return not (self.indicators or self.translation or self.problems
                    or any(not text.empty for text in self.texts))


@dataclass
class CompanyChange:
    slug: str
    name: str
    kind: str  # added | removed | invalid (the head's company cannot be read) | changed | renamed
    old_slug: str | None = None
    periods: list[PeriodChange] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # for kind "invalid"

    @property
    def empty(self) -> bool:
        return self.kind in ("changed",) and not self.periods


def translation_state(d: Disclosure, registry: Registry | None = None) -> str:
    if d.en is None:
        if registry is not None and _errors(registry, _en_path(d)):
            return "invalid"
        return "missing"
    return "complete" if d.en.complete else "incomplete"


def _en_path(d: Disclosure) -> str:
    return d.zh.path[: -len(".zh.md")] + ".en.md" if d.zh.path.endswith(".zh.md") else d.zh.path


def _errors(registry: Registry, path: str, first: int = 0, last: int | None = None) -> list[Diagnostic]:
    """The errors reported on ``path`` (a file, or a folder ending in ``/``), optionally only
    those on lines ``first`` to ``last``."""
    index = _problem_index(registry)
    found = index.get(path, []) if not path.endswith("/") else [
        problem for key, problems in index.items() if key.startswith(path) for problem in problems]
    if last is None:
        return found
    return [problem for problem in found if first <= problem.line <= last]


def _problem_index(registry: Registry) -> dict[str, list[Diagnostic]]:
    cached = getattr(registry, "_csr_diff_errors", None)
    if cached is None or cached[0] != len(registry.problems):
        index: dict[str, list[Diagnostic]] = {}
        for problem in registry.problems:
            if problem.is_error:
                index.setdefault(problem.path, []).append(problem)
        cached = (len(registry.problems), index)
        registry._csr_diff_errors = cached  # type: ignore[attr-defined]
    return cached[1]


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
            change.periods = _compare_periods(old, new, slug, target, old_periods.get(slug, []),
                                              new_periods.get(target, []))
            if not change.empty:
                changes.append(change)
        elif problems := _errors(new, f"{DISCLOSURES_DIR}/{target}/"):
            matched_new.add(target)
            changes.append(CompanyChange(target, _name(old, slug), "invalid",
                                         old_slug=slug if target != slug else None, problems=problems))
        else:
            changes.append(CompanyChange(slug, _name(old, slug), "removed",
                                         periods=[PeriodChange(d.period, "removed") for d in old_periods.get(slug, [])]))
    for slug in sorted(set(new.companies) - matched_new):
        if slug in renames.values():
            continue
        periods = [PeriodChange(d.period, "added") for d in new_periods.get(slug, [])]
        periods += [PeriodChange(period, "invalid", problems=problems)
                    for period, problems in _unreadable_pages(new, slug, new_periods.get(slug, [])).items()]
        changes.append(CompanyChange(slug, _name(new, slug), "added", periods=sorted(periods, key=lambda p: p.period)))
    # company folders the head cannot read that the base did not have (or read the same way)
    prefix = f"{DISCLOSURES_DIR}/"
    unreadable = {path[len(prefix):].split("/", 1)[0] for path in _problem_index(new) if path.startswith(prefix)}
    for slug in sorted(unreadable - set(new.companies) - matched_new - set(renames.values()) - set(old.companies)):
        problems = _errors(new, f"{prefix}{slug}/")
        if not _same_errors(_errors(old, f"{prefix}{slug}/"), problems):
            changes.append(CompanyChange(slug, slug, "invalid", problems=problems))
    return sorted(changes, key=lambda c: c.slug)


def _same_errors(before: list[Diagnostic], after: list[Diagnostic]) -> bool:
    return [(p.code, p.message("en")) for p in before] == [(p.code, p.message("en")) for p in after]


def _unreadable_pages(registry: Registry, slug: str, read: list[Disclosure]) -> dict[str, list[Diagnostic]]:
    """Chinese pages of a company folder that have errors and gave no disclosure, by period."""
    periods = {d.period for d in read}
    result = {}
    for path, problems in _problem_index(registry).items():
        match = _PAGE_PATH.fullmatch(path)
        if match and match["slug"] == slug and match["period"] not in periods:
            result[match["period"]] = problems
    return dict(sorted(result.items()))


def _name(registry: Registry, slug: str) -> str:
    company = registry.companies.get(slug)
    return f"{company.name.zh} / {company.name.en}" if company else slug


def _compare_periods(old_registry: Registry, new_registry: Registry, old_slug: str, slug: str,
                     before: list[Disclosure], after: list[Disclosure]) -> list[PeriodChange]:
    """``old_slug``, ``slug``: the company's folder at base and at head."""
    old_by_period = {d.period: d for d in before}
    new_by_period = {d.period: d for d in after}
    base_unreadable = _unreadable_pages(old_registry, old_slug, before)
    head_unreadable = _unreadable_pages(new_registry, slug, after)
    result = []
    for period in sorted(old_by_period.keys() | new_by_period.keys() | head_unreadable.keys()):
        old, new = old_by_period.get(period), new_by_period.get(period)
        if old is None and new is None:
            if not _same_errors(base_unreadable.get(period, []), head_unreadable[period]):
                result.append(PeriodChange(period, "invalid", problems=head_unreadable[period]))
        elif old is None:
            result.append(PeriodChange(period, "fixed" if period in base_unreadable else "added"))
        elif new is None:
            problems = _errors(new_registry, f"{DISCLOSURES_DIR}/{slug}/{period}.zh.md")
            result.append(PeriodChange(period, "invalid" if problems else "removed", problems=problems))
        else:
            change = _compare_disclosures(old_registry, new_registry, old, new)
            if not change.empty:
                result.append(change)
    return result


def _compare_disclosures(old_registry: Registry, new_registry: Registry,
                         old: Disclosure, new: Disclosure) -> PeriodChange:
    change = PeriodChange(new.period, "changed")
    change.indicators, change.claim_problems, change.written_as = _compare_claims(old_registry, new_registry, old, new)
    change.translation = _compare_translation(old_registry, new_registry, old, new)
    # an explanation or label of a claim with errors on either side is not text that changed:
    # the claim table shows the errors
    rejected = _flawed(old_registry, old) | _flawed(new_registry, new) | {
        c.indicator for c in change.indicators if c.direction in ("invalid", "fixed")}
    change.texts = [compare_pages("zh", old.zh, new.zh, _zh_fields(old, rejected), _zh_fields(new, rejected))]
    if old.en is not None and new.en is not None:
        change.texts.append(compare_pages("en", old.en.page, new.en.page, _en_fields(old), _en_fields(new)))
    shown = {id(problem) for problems in change.claim_problems.values() for problem in problems}
    if change.translation:
        shown |= {id(problem) for problem in change.translation.problems}
    known = {(p.code, p.message("en")) for path in (old.zh.path, _en_path(old)) for p in _errors(old_registry, path)}
    change.problems = [p for path in (new.zh.path, _en_path(new)) for p in _errors(new_registry, path)
                       if id(p) not in shown and (p.code, p.message("en")) not in known]
    return change


def _zh_fields(d: Disclosure, rejected: set[str]) -> dict[str, str]:
    fields = {"title": d.zh.title, "summary": d.zh.summary}
    claims = [c for c in d.claims if c.indicator not in rejected]
    fields.update({f"explanations.{c.indicator}": c.explanation for c in claims if c.explanation})
    fields.update({f"figure_labels.{f.name}": f.label for c in claims for f in c.figures if f.label})
    return {key: text for key, text in fields.items() if text}


def _en_fields(d: Disclosure) -> dict[str, str]:
    assert d.en is not None
    fields = {"title": d.en.page.title, "summary": d.en.page.summary}
    fields.update({f"explanations.{key}": text for key, text in d.en.explanations.items()})
    fields.update({f"figure_labels.{key}": text for key, text in d.en.figure_labels.items()})
    return {key: text for key, text in fields.items() if text}


def _compare_translation(old_registry: Registry, new_registry: Registry,
                         old: Disclosure, new: Disclosure) -> TranslationChange | None:
    states = translation_state(old, old_registry), translation_state(new, new_registry)
    change = TranslationChange(*states)
    if states[1] == "invalid":
        change.problems = _errors(new_registry, _en_path(new))
    if new.en is not None:
        titles = {section.anchor: section.title for section in new.zh.sections}
        missing_before = set(old.en.missing_sections) if old.en is not None else None
        missing_after = new.en.missing_sections
        if missing_before is not None:
            change.now_missing = [(a, titles.get(a, "")) for a in missing_after if a not in missing_before]
            change.now_translated = [(a, titles.get(a, "")) for a in sorted(missing_before - set(missing_after))
                                     if a in titles]
            keys_before = set(old.en.missing_keys)
            change.keys_now_missing = [key for key in new.en.missing_keys if key not in keys_before]
        elif states[0] == "invalid":
            change.now_missing = [(a, titles.get(a, "")) for a in missing_after]
            change.keys_now_missing = list(new.en.missing_keys)
    if states[0] == states[1] and not (change.now_missing or change.now_translated or change.keys_now_missing):
        return None
    return change


def _flawed(registry: Registry, d: Disclosure) -> set[str]:
    """Indicators whose claim as written has errors (rejected, or with a figure or link dropped)."""
    return {w.indicator for w in d.written_claims if not w.valid or _claim_errors(registry, d, w)}


def _claim_errors(registry: Registry, d: Disclosure, written: WrittenClaim) -> list[Diagnostic]:
    return _errors(registry, d.zh.path, written.line, written.end_line)


def _compare_claims(old_registry: Registry, new_registry: Registry, old: Disclosure,
                    new: Disclosure) -> tuple[list[IndicatorChange], dict[str, list[Diagnostic]], dict[str, str]]:
    """Claim by claim (:func:`macros.site.history.compare`), with claims the checker rejects
    shown as invalid with its diagnostics instead of as dropped."""
    changes = compare(old, new)
    problems: dict[str, list[Diagnostic]] = {}
    written: dict[str, str] = {}  # indicator -> the unknown indicator id written instead
    old_invalid = _invalid_claims(old)
    new_invalid = _invalid_claims(new)
    handled: set[str] = set()
    for change in changes:
        if change.direction == "dropped":
            written_as = _written_as(change.indicator, new_invalid, new, handled)
            if written_as is not None:
                handled.add(written_as)
                change.direction = "invalid"
                change.after = new_invalid[written_as].status or None
                problems[change.indicator] = _claim_errors(new_registry, new, new_invalid[written_as])
        elif change.direction == "added":
            written_as = _written_as(change.indicator, old_invalid, old, set())
            if written_as is not None:
                change.direction = "fixed"
                problems[change.indicator] = _claim_errors(old_registry, old, old_invalid[written_as])
        else:
            continue
        if written_as is not None and written_as != change.indicator:
            written[change.indicator] = written_as
    head_claims = {w.indicator: w for w in new.written_claims if w.valid}
    for change in changes:  # a valid claim with errors in its lines (a figure or link dropped)
        if change.direction not in ("invalid", "fixed") and change.indicator in head_claims:
            errors = _claim_errors(new_registry, new, head_claims[change.indicator])
            if errors:
                problems[change.indicator] = errors
    reported = {change.indicator for change in changes}
    for indicator, claim_written in new_invalid.items():
        if indicator in handled or indicator in reported:
            continue
        after_errors = _claim_errors(new_registry, new, claim_written)
        before = old_invalid.get(indicator)
        if before is not None:
            before_errors = _claim_errors(old_registry, old, before)
            if [(p.code, p.message("en")) for p in before_errors] == [(p.code, p.message("en")) for p in after_errors]:
                continue  # invalid before and after, the same way: not a change
        claim = old.claim_for(indicator)
        changes.append(IndicatorChange(indicator or "?", claim.status if claim else None,
                                       claim_written.status or None, "invalid"))
        problems[indicator or "?"] = after_errors
    return changes, problems, written


def _written_as(indicator: str, invalid: dict[str, WrittenClaim], d: Disclosure, taken: set[str]) -> str | None:
    """The rejected claim that stands for ``indicator``: one for that very indicator, or one
    whose indicator is not in the framework but close to it (a typo)."""
    if indicator in invalid:
        return indicator
    unknown = [key for key in invalid if key and key not in d.framework.indicators and key not in taken]
    close = difflib.get_close_matches(indicator, unknown, 1, 0.6)
    return close[0] if close else None


def _invalid_claims(d: Disclosure) -> dict[str, WrittenClaim]:
    """The claims as written that the checker rejected, by indicator as written (the first of
    each), leaving out indicators that also have a valid claim (a duplicate)."""
    valid = {claim.indicator for claim in d.claims}
    invalid: dict[str, WrittenClaim] = {}
    for written in d.written_claims:
        if not written.valid and written.indicator not in valid:
            invalid.setdefault(written.indicator, written)
    return invalid


def diff(root: Path, base: str, head: str | None) -> tuple[list[CompanyChange], Registry, Registry]:
    """Compare the registry at ``base`` with ``head`` (a ref, or None for the working tree)."""
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="csr-diff-") as tmp:
        old = load_registry(materialise(root, base, Path(tmp) / "base"))
        new = load_registry(materialise(root, head, Path(tmp) / "head")) if head else load_registry(root)
        renames = renamed_companies(root, base, head)
    return compare_registries(old, new, renames), old, new
