"""Consensus per comparison key: the value most independent origins back, and what dissents.

Wikidata's preferred rank is the model: nothing is deleted, one value is marked
preferred (most independent origins, then the most recent reporting) and the
others are listed as dissent with their own backing. Pure functions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .crosscheck import (
    _agree,
    _bounds,
    comparison_key,
    describe_key,
    format_period,
    format_quantity,
)
from .models import Claim, Source, evidence, published_on
from .origins import Corroboration, claim_origins, corroboration


@dataclass
class ValueGroup:
    """Claims that agree on one value, and how well they are backed."""

    value: str
    claims: list[Claim]
    backing: Corroboration
    latest: date | None

    def to_dict(self, sources: dict[str, Source]) -> dict[str, Any]:
        return {
            "value": self.value,
            "backing": self.backing.to_dict(),
            "latest": self.latest.isoformat() if self.latest else None,
            "evidence": [evidence(c, sources) for c in self.claims],
        }


@dataclass
class Consensus:
    topic: str
    subject: str
    property: str
    key: str
    preferred: ValueGroup
    dissent: list[ValueGroup] = field(default_factory=list)
    earlier: list[ValueGroup] = field(default_factory=list)  # a status reported before the current one: progress

    def to_dict(self, sources: dict[str, Source]) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "subject": self.subject,
            "property": self.property,
            "about": self.key,
            "preferred": self.preferred.to_dict(sources),
            "dissent": [d.to_dict(sources) for d in self.dissent],
            "earlier": [d.to_dict(sources) for d in self.earlier],
        }


def _value_text(c: Claim) -> str:
    if c.value_kind == "quantity":
        return format_quantity(c)
    if c.value_kind == "time":
        return format_period(c)
    if c.value_kind == "status":
        return f"{c.value}" + (f" ({format_period(c)})" if c.period_label else "")
    return str(c.entity or c.value)


def same_value(a: Claim, b: Claim) -> bool:
    """Do two claims of one comparison key state the same value (within rounding, overlapping periods)?"""
    if a.value_kind == "quantity":
        return _agree(a, b)
    if a.value_kind == "time":
        return a.period_start is not None and b.period_start is not None and (
            a.period_start <= b.period_end and b.period_start <= a.period_end
        )
    if a.value_kind == "status":
        if a.value != b.value:
            return False
        if a.period_start and b.period_start:
            return a.period_start <= b.period_end and b.period_start <= a.period_end
        return True
    return (a.entity or a.value) == (b.entity or b.value)


def build_consensus(
    claims: Iterable[Claim], sources: dict[str, Source], origins: dict[str, str] | None = None
) -> list[Consensus]:
    """One entry per comparison key: the preferred value and the dissenting ones."""
    claims = [c for c in claims if c.certainty != "speculated"]
    origins = origins if origins is not None else claim_origins(claims, sources)
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        key = comparison_key(c)
        if c.value_kind == "entity":
            key = (*key, c.entity or c.value)  # each named supplier is its own statement
        groups[key].append(c)
    out: list[Consensus] = []
    for members in groups.values():
        clusters = _same_value_clusters(sorted(members, key=lambda c: (published_on(sources, c), c.id)))
        ranked = []
        for cl in clusters:
            backing = corroboration(cl, origins)
            latest = max((published_on(sources, c) for c in cl if published_on(sources, c) != date.max), default=None)
            ranked.append(ValueGroup(_value_text(_most_precise(cl)), cl, backing, latest))
        first = members[0]
        if first.value_kind == "status":
            # a status changes over time: the most recent report is preferred, then backing
            ranked.sort(key=lambda g: (-(g.latest or date.min).toordinal(), -g.backing.origins, -g.backing.articles, g.value))
        else:
            # most independent origins, then the most recent reporting, then most articles
            ranked.sort(key=lambda g: (-g.backing.origins, -(g.latest or date.min).toordinal(), -g.backing.articles, g.value))
        entry = Consensus(first.topic, first.subject, first.property, describe_key(first), ranked[0], ranked[1:])
        if first.value_kind == "status":
            # pending (2022) then obtained (2023) is progress, not disagreement
            latest = ranked[0].latest or date.min
            entry.earlier = [g for g in ranked[1:] if (g.latest or date.min) < latest]
            entry.dissent = [g for g in ranked[1:] if g not in entry.earlier]
        out.append(entry)
    out.sort(key=lambda x: (x.topic, x.subject, x.property, x.key))
    return out


def _same_value_clusters(ordered: list[Claim]) -> list[list[Claim]]:
    """Each claim, in order, joins the first cluster whose every member has `same_value` with it.

    What a claim must meet is summed up per cluster, so joining costs one comparison per
    cluster, not one per member: for quantities the intersection of the members' intervals,
    for periods the intersection of the members' periods (and, for statuses, the value).
    """
    clusters: list[list[Claim]] = []
    if len({c.value_kind for c in ordered}) > 1:  # claims of different kinds: compare each pair
        for c in ordered:
            for cl in clusters:
                if all(same_value(c, o) for o in cl):
                    cl.append(c)
                    break
            else:
                clusters.append([c])
        return clusters
    state: list[list] = []  # per cluster: [joinable, value, latest low/start, earliest high/end]
    for c in ordered:
        low, high, value = _extent(c)
        target = None
        for n, (joinable, v, lo, hi) in enumerate(state):
            if not joinable or (c.value_kind in ("status", "entity") and not v == value):
                continue
            if low is None and c.value_kind == "status":
                target = n  # no period to compare
                break
            if low is not None and (lo is None or (lo <= high and low <= hi)):
                target = n
                break
        joinable = low is not None or c.value_kind in ("status", "entity")
        if target is None:
            clusters.append([c])
            state.append([joinable, value, low, high])
        else:
            clusters[target].append(c)
            st = state[target]
            if low is not None:
                st[2] = low if st[2] is None else max(st[2], low)
                st[3] = high if st[3] is None else min(st[3], high)
    return clusters


def _extent(c: Claim) -> tuple[Any, Any, Any]:
    """(low, high, value) that `same_value` compares: an interval for a quantity, a period for
    a time or status (None without one), and the value a status or entity must equal."""
    if c.value_kind == "quantity":
        low, high = _bounds(c)
        if math.isnan(low) or math.isnan(high):
            return None, None, None  # agrees with nothing
        return low, high, None
    if c.value_kind == "entity":
        return 0, 0, c.entity or c.value
    if c.period_start is None:
        return None, None, c.value
    return c.period_start, c.period_end, c.value


def _most_precise(cl: list[Claim]) -> Claim:
    """The claim that says most: an exact figure over an approximate one, a shorter period."""
    def width(c: Claim) -> int:
        if c.period_start and c.period_end:
            return (c.period_end - c.period_start).days
        return 1 << 30

    return min(cl, key=lambda c: (c.approx, c.bound is not None, width(c), c.id))
