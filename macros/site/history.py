"""Changes between two disclosures of one company, indicator by indicator."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Claim, Disclosure


@dataclass
class IndicatorChange:
    indicator: str
    before: str | None  # status id, or None when the indicator was not addressed
    after: str | None
    # up | down | same | added | dropped | omitted | unomitted; "same" with before != after is
    # one omission status replaced by another (not applicable <-> omitted)
    direction: str
    figures: list[tuple[str, object, object]] = field(default_factory=list)  # name, before, after
    evidence_added: list[str] = field(default_factory=list)
    evidence_removed: list[str] = field(default_factory=list)
    reasons: tuple[str, str] | None = None  # (before, after) when an omission's reason changed

    @property
    def is_change(self) -> bool:
        return (self.direction != "same" or self.before != self.after or self.reasons is not None
                or bool(self.figures or self.evidence_added or self.evidence_removed))


def _direction(old: Disclosure, new: Disclosure, before: Claim | None, after: Claim | None) -> str:
    if before is None and after is None:
        return "same"
    if before is None:
        return "added"
    if after is None:
        return "dropped"
    old_status, new_status = old.framework.statuses[before.status], new.framework.statuses[after.status]
    if old_status.omission and not new_status.omission:
        return "unomitted"
    if new_status.omission and not old_status.omission:
        return "omitted"
    if old_status.rank is None or new_status.rank is None or old_status.rank == new_status.rank:
        return "same"
    return "up" if new_status.rank > old_status.rank else "down"


def compare(old: Disclosure, new: Disclosure) -> list[IndicatorChange]:
    """Every indicator of the newer disclosure's framework whose claim changed."""
    changes = []
    for indicator_id in new.framework.indicators:
        before, after = old.claim_for(indicator_id), new.claim_for(indicator_id)
        change = IndicatorChange(indicator_id, before.status if before else None,
                                 after.status if after else None, _direction(old, new, before, after))
        if before and after:
            old_figures = {f.name: f.value for f in before.figures}
            new_figures = {f.name: f.value for f in after.figures}
            for name in sorted(old_figures.keys() | new_figures.keys()):
                if old_figures.get(name) != new_figures.get(name):
                    change.figures.append((name, old_figures.get(name), new_figures.get(name)))
            old_urls, new_urls = {e.url for e in before.evidence}, {e.url for e in after.evidence}
            change.evidence_added = sorted(new_urls - old_urls)
            change.evidence_removed = sorted(old_urls - new_urls)
            if before.reason and after.reason and before.reason != after.reason:
                change.reasons = (before.reason, after.reason)
        if change.is_change:
            changes.append(change)
    return changes


def previous(periods: list[Disclosure], current: Disclosure) -> Disclosure | None:
    earlier = [d for d in periods if d.period < current.period]
    return earlier[-1] if earlier else None
