"""Registry statistics like the white paper's tables: shares of companies per status.

The population is each company's latest disclosure against a framework.  Shares are
percentages of that population rounded half-up to one decimal, as the white paper reports
them.  A baseline with ``match: at-least`` counts companies at that status's rank or above
(e.g. "took action" includes "policy and action").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..framework import Baseline, Framework, Indicator
from ..model import Disclosure

NOT_ADDRESSED = "not-addressed"


def share(count: int, total: int) -> float | None:
    """Percentage with one decimal, rounded half up (``None`` when there is no population)."""
    if total == 0:
        return None
    value = Decimal(count) * 100 / Decimal(total)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class BaselineComparison:
    baseline: Baseline
    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return share(self.count, self.total)

    @property
    def difference(self) -> float | None:
        return None if self.percent is None else round(self.percent - self.baseline.percent, 1)


@dataclass
class IndicatorStats:
    indicator: Indicator
    total: int
    counts: dict[str, int] = field(default_factory=dict)  # status id (or not-addressed) -> companies
    baselines: list[BaselineComparison] = field(default_factory=list)

    def percent(self, status: str) -> float | None:
        return share(self.counts.get(status, 0), self.total)

    @property
    def reported(self) -> int:
        """Companies that addressed the indicator with a reported (non-omission) status."""
        return sum(count for status, count in self.counts.items()
                   if status in self.indicator.statuses)


def at_least(framework: Framework, status: str, floor: str) -> bool:
    """Whether ``status`` ranks at or above ``floor`` (omissions and "not addressed" never do)."""
    if status not in framework.statuses:
        return False
    rank, floor_rank = framework.statuses[status].rank, framework.statuses[floor].rank
    return rank is not None and floor_rank is not None and rank >= floor_rank


def _status_maps(population: list[Disclosure]) -> list[dict[str, str]]:
    """indicator -> status of each disclosure (one pass over the claims)."""
    return [{claim.indicator: claim.status for claim in d.claims} for d in population]


def indicator_stats(population: list[Disclosure], framework: Framework) -> list[IndicatorStats]:
    population = [d for d in population if d.framework.id == framework.id]
    maps = _status_maps(population)
    result = []
    for topic in framework.topics:
        for indicator in topic.indicators:
            statuses = [m.get(indicator.id, NOT_ADDRESSED) for m in maps]
            counts: dict[str, int] = {}
            for status in statuses:
                counts[status] = counts.get(status, 0) + 1
            comparisons = []
            for baseline in indicator.baseline:
                if baseline.match == "at-least":
                    count = sum(1 for s in statuses if at_least(framework, s, baseline.status))
                else:
                    count = counts.get(baseline.status, 0)
                comparisons.append(BaselineComparison(baseline, count, len(statuses)))
            result.append(IndicatorStats(indicator, len(statuses), counts, comparisons))
    return result


@dataclass
class Summary:
    companies: int
    disclosing: int  # companies whose latest disclosure reports public disclosure channels
    governance: int  # companies with a CSR governance system and team
    topic_coverage: dict[str, tuple[int, int]]  # topic id -> (companies acting on it, companies)

    def percent(self, count: int) -> float | None:
        return share(count, self.companies)


def summary(population: list[Disclosure], framework: Framework) -> Summary:
    """The figures the white paper leads with, computed on the registry."""
    population = [d for d in population if d.framework.id == framework.id]
    maps = _status_maps(population)
    disclosing = sum(1 for m in maps if m.get("disclosure-channels") == "disclosed")
    governance = sum(1 for m in maps if m.get("governance-system") == "system-and-team")
    acting_statuses = {s.id for s in framework.statuses.values() if s.rank is not None and s.rank >= 1}
    coverage = {}
    for topic in framework.topics:
        ids = [i.id for i in topic.indicators]
        acting = sum(1 for m in maps if any(m.get(i) in acting_statuses for i in ids))
        coverage[topic.id] = (acting, len(population))
    return Summary(len(population), disclosing, governance, coverage)


@dataclass
class TypeShare:
    """Companies of one organisation type among those counted, beside the survey's share."""

    type: str
    count: int
    total: int
    baseline: float | None

    @property
    def percent(self) -> float | None:
        return share(self.count, self.total)

    @property
    def difference(self) -> float | None:
        if self.percent is None or self.baseline is None:
            return None
        return round(self.percent - self.baseline, 1)


def organisation_types(population: list[Disclosure], framework: Framework) -> list[TypeShare]:
    """Each organisation type of the framework (then any other type in use), with its companies."""
    population = [d for d in population if d.framework.id == framework.id]
    counts: dict[str, int] = {}
    for disclosure in population:
        counts[disclosure.company.type] = counts.get(disclosure.company.type, 0) + 1
    types = list(framework.organisation_types) + sorted(set(counts) - set(framework.organisation_types))
    return [TypeShare(t, counts.get(t, 0), len(population),
                      framework.organisation_types[t].baseline if t in framework.organisation_types else None)
            for t in types]
