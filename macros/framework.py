"""Indicator frameworks as data: loading and consistency checks.

A framework is a YAML file in ``macros/frameworks/`` (or in a registry's own ``frameworks/``
folder).  Adding a framework is adding a file; no code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import yamlstrict

BUILTIN_DIR = Path(__file__).parent / "frameworks"


class FrameworkError(Exception):
    """A framework data file is malformed; carries the file and every problem found."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Status:
    id: str
    rank: int | None
    omission: bool
    label: Text
    description: Text


@dataclass(frozen=True)
class Reason:
    id: str
    label: Text
    description: Text


@dataclass(frozen=True)
class OrganisationType:
    id: str
    label: Text
    baseline: float | None


@dataclass(frozen=True)
class Baseline:
    status: str
    percent: float
    match: str  # "exactly" | "at-least"


@dataclass(frozen=True)
class GriRef:
    id: str
    title: str


@dataclass(frozen=True)
class Indicator:
    id: str
    code: str
    name: Text
    description: Text
    statuses: tuple[str, ...]
    baseline: tuple[Baseline, ...]
    gri: tuple[GriRef, ...]
    topic_id: str = ""


@dataclass(frozen=True)
class Topic:
    id: str
    code: str
    name: Text
    description: Text
    indicators: tuple[Indicator, ...]


@dataclass
class Framework:
    id: str
    standard: str
    version: str
    name: Text
    source: dict[str, Any]
    survey: dict[str, Any]
    statuses: dict[str, Status]
    reasons: dict[str, Reason]
    organisation_types: dict[str, OrganisationType]
    topics: tuple[Topic, ...]
    indicators: dict[str, Indicator] = field(default_factory=dict)
    path: str = ""

    def __post_init__(self) -> None:
        if not self.indicators:
            self.indicators = {
                indicator.id: indicator for topic in self.topics for indicator in topic.indicators
            }

    def omission_statuses(self) -> list[str]:
        return [status.id for status in self.statuses.values() if status.omission]

    def allowed_statuses(self, indicator_id: str) -> list[str]:
        return list(self.indicators[indicator_id].statuses) + self.omission_statuses()

    def topic_of(self, indicator_id: str) -> Topic:
        for topic in self.topics:
            if any(indicator.id == indicator_id for indicator in topic.indicators):
                return topic
        raise KeyError(indicator_id)


def _text(value: Any, where: str, problems: list[str]) -> Text:
    if not isinstance(value, dict) or not isinstance(value.get("zh"), str) or not isinstance(value.get("en"), str):
        problems.append(f"{where}: expected a mapping with 'zh' and 'en' text, got {value!r}")
        return Text("", "")
    return Text(value["zh"], value["en"])


def parse_framework(data: Any, path: str) -> Framework:
    """Build a :class:`Framework` from loaded YAML, checking internal consistency."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FrameworkError(path, ["expected a mapping at the top level"])
    for key in ("id", "standard", "version", "name", "statuses", "omission_reasons", "topics"):
        if key not in data:
            problems.append(f"missing key {key!r}")
    if problems:
        raise FrameworkError(path, problems)

    statuses: dict[str, Status] = {}
    for index, item in enumerate(data["statuses"]):
        where = f"statuses[{index}]"
        status = Status(
            id=str(item.get("id")),
            rank=item.get("rank"),
            omission=bool(item.get("omission", False)),
            label=_text(item.get("label"), where + ".label", problems),
            description=_text(item.get("description"), where + ".description", problems),
        )
        if status.id in statuses:
            problems.append(f"{where}: duplicate status id {status.id!r}")
        if status.omission != (status.rank is None):
            problems.append(f"{where}: omission statuses have rank null, reported statuses a number")
        statuses[status.id] = status

    reasons: dict[str, Reason] = {}
    for index, item in enumerate(data["omission_reasons"]):
        where = f"omission_reasons[{index}]"
        reason = Reason(str(item.get("id")), _text(item.get("label"), where + ".label", problems),
                        _text(item.get("description"), where + ".description", problems))
        if reason.id in reasons:
            problems.append(f"{where}: duplicate reason id {reason.id!r}")
        reasons[reason.id] = reason

    org_types: dict[str, OrganisationType] = {}
    for index, item in enumerate(data.get("organisation_types") or []):
        where = f"organisation_types[{index}]"
        org = OrganisationType(str(item.get("id")), _text(item.get("label"), where + ".label", problems),
                               item.get("baseline"))
        org_types[org.id] = org

    topics: list[Topic] = []
    seen_ids: dict[str, str] = {}
    seen_codes: set[str] = set()
    for t_index, topic_data in enumerate(data["topics"]):
        where = f"topics[{t_index}]"
        indicators = []
        for i_index, item in enumerate(topic_data.get("indicators") or []):
            i_where = f"{where}.indicators[{i_index}]"
            allowed = tuple(item.get("statuses") or ())
            for status_id in allowed:
                if status_id not in statuses:
                    problems.append(f"{i_where}: unknown status {status_id!r}")
                elif statuses[status_id].omission:
                    problems.append(f"{i_where}: omission status {status_id!r} is always allowed; do not list it")
            baseline = []
            for b_index, entry in enumerate(item.get("baseline") or []):
                b = Baseline(str(entry.get("status")), float(entry.get("percent")), str(entry.get("match", "exactly")))
                if b.status not in allowed:
                    problems.append(f"{i_where}.baseline[{b_index}]: status {b.status!r} is not among the indicator's statuses")
                if b.match not in ("exactly", "at-least"):
                    problems.append(f"{i_where}.baseline[{b_index}]: match must be 'exactly' or 'at-least'")
                if not 0 <= b.percent <= 100:
                    problems.append(f"{i_where}.baseline[{b_index}]: percent must be within 0..100")
                baseline.append(b)
            gri = tuple(GriRef(str(ref.get("id")), str(ref.get("title"))) for ref in item.get("gri") or [])
            indicator = Indicator(
                id=str(item.get("id")),
                code=str(item.get("code")),
                name=_text(item.get("name"), i_where + ".name", problems),
                description=_text(item.get("description"), i_where + ".description", problems),
                statuses=allowed,
                baseline=tuple(baseline),
                gri=gri,
                topic_id=str(topic_data.get("id")),
            )
            if not allowed:
                problems.append(f"{i_where}: no statuses")
            if indicator.id in seen_ids:
                problems.append(f"{i_where}: duplicate indicator id {indicator.id!r}")
            seen_ids[indicator.id] = i_where
            if indicator.code in seen_codes:
                problems.append(f"{i_where}: duplicate code {indicator.code!r}")
            seen_codes.add(indicator.code)
            indicators.append(indicator)
        if not indicators:
            problems.append(f"{where}: a topic needs at least one indicator")
        topics.append(Topic(
            id=str(topic_data.get("id")),
            code=str(topic_data.get("code")),
            name=_text(topic_data.get("name"), where + ".name", problems),
            description=_text(topic_data.get("description"), where + ".description", problems),
            indicators=tuple(indicators),
        ))
    if problems:
        raise FrameworkError(path, problems)
    return Framework(
        id=str(data["id"]),
        standard=str(data["standard"]),
        version=str(data["version"]),
        name=_text(data["name"], "name", problems),
        source=dict(data.get("source") or {}),
        survey=dict(data.get("survey") or {}),
        statuses=statuses,
        reasons=reasons,
        organisation_types=org_types,
        topics=tuple(topics),
        path=path,
    )


def load_framework_file(path: Path) -> Framework:
    value, _positions, problems = yamlstrict.parse(path.read_text(encoding="utf-8"), str(path))
    errors = [f"line {p.line}: {p.message('en')}" for p in problems if p.is_error]
    if errors:
        raise FrameworkError(str(path), errors)
    framework = parse_framework(value, str(path))
    if framework.id != path.stem:
        raise FrameworkError(str(path), [f"id {framework.id!r} must equal the file name {path.stem!r}"])
    return framework


def framework_dirs(root: Path | None) -> list[Path]:
    dirs = [BUILTIN_DIR]
    if root is not None and (root / "frameworks").is_dir():
        dirs.append(root / "frameworks")
    return dirs


@lru_cache(maxsize=8)
def _load_all(dirs: tuple[str, ...]) -> dict[str, Framework]:
    frameworks: dict[str, Framework] = {}
    for directory in dirs:
        for path in sorted(Path(directory).glob("*.yml")):
            framework = load_framework_file(path)
            frameworks[framework.id] = framework
    return frameworks


def load_frameworks(root: Path | None = None) -> dict[str, Framework]:
    """All frameworks: the built-in ones plus those in ``<root>/frameworks/``."""
    return _load_all(tuple(str(d) for d in framework_dirs(root)))
