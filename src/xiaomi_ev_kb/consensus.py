"""Consensus per comparison key: the value most independent origins back, and what dissents.

Wikidata's preferred rank is the model: nothing is deleted, one value is marked
preferred (most independent origins, then the most recent reporting) and the
others are listed as dissent with their own backing. Pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import values
from .crosscheck import (
    announcement_order,
    compared_groups,
    describe_key,
    format_period,
    format_quantity,
    is_compared,
    revision_sequence,
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
    earlier: list[ValueGroup] = field(default_factory=list)  # a status reported before the current one, a target before its revision

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


def build_consensus(
    claims: Iterable[Claim], sources: dict[str, Source], origins: dict[str, str] | None = None
) -> list[Consensus]:
    """One entry per comparison key: the preferred value and the dissenting ones.

    The values are the clusters of agreeing claims `values.clusters` splits the key's claims
    into, as the cross-check, backing and provenance have them. A status changes over time: the
    most recently reported one is preferred and earlier ones are history. So is a target: the
    last value of its revisions (as the cross-check's target revisions name them) is preferred
    and the values it replaced are history. Otherwise the value with most independent origins
    is preferred, then the most recently reported one.
    """
    claims = [c for c in claims if is_compared(c)]
    origins = origins if origins is not None else claim_origins(claims, sources)
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for key, members in compared_groups(claims).items():
        if members[0].value_kind == "entity":  # each named supplier is its own statement
            for c in members:
                groups[(*key, values.entity_name(c))].append(c)
        else:
            groups[key] = members
    out: list[Consensus] = []
    for members in groups.values():
        clusters = values.clusters(members)
        ranked = []
        for cl in clusters:
            backing = corroboration(cl, origins)
            latest = max((published_on(sources, c) for c in cl if published_on(sources, c) != date.max), default=None)
            shown = sorted(cl, key=lambda c: (published_on(sources, c), c.id))  # evidence in the order it was published
            ranked.append(ValueGroup(_value_text(values.representative(cl)), shown, backing, latest))
        first = members[0]
        history: list[ValueGroup] = []
        if first.value_kind == "status":
            # a status changes over time: the most recent report is preferred, then backing
            ranked.sort(key=lambda g: (-(g.latest or date.min).toordinal(), -g.backing.origins, -g.backing.articles, g.value))
            # pending (2022) then obtained (2023) is progress, not disagreement
            latest = ranked[0].latest or date.min
            history = [g for g in ranked[1:] if (g.latest or date.min) < latest]
        elif first.property.endswith(".target") and first.value_kind == "quantity":
            steps = revision_sequence(clusters, announcement_order(members, sources))
            if len(steps) > 1:  # raised or cut: the last value holds, the ones before are history
                order = [n for n, _when, _c in steps]
                history = [ranked[n] for n in reversed(order[:-1])]
                rest = [g for n, g in enumerate(ranked) if n not in order]
                rest.sort(key=lambda g: (-g.backing.origins, -(g.latest or date.min).toordinal(), -g.backing.articles, g.value))
                ranked = [ranked[order[-1]], *history, *rest]
            else:
                ranked.sort(key=lambda g: (-g.backing.origins, -(g.latest or date.min).toordinal(), -g.backing.articles, g.value))
        else:
            # most independent origins, then the most recent reporting, then most articles
            ranked.sort(key=lambda g: (-g.backing.origins, -(g.latest or date.min).toordinal(), -g.backing.articles, g.value))
        entry = Consensus(first.topic, first.subject, first.property, describe_key(first), ranked[0])
        entry.earlier = history
        entry.dissent = [g for g in ranked[1:] if not any(g is h for h in history)]
        out.append(entry)
    out.sort(key=lambda x: (x.topic, x.subject, x.property, x.key))
    return out
