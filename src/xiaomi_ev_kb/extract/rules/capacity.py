"""Capacity: how many vehicles a year a plant can make, and for what scope.

"a complete vehicle factory with an annual output of 300,000 vehicles" (the whole plant);
"the first phase ... 150,000 units a year" (phase I); "150,000 vehicles each" (per phase).
A target, a delivery figure or a line rate is not a capacity.
"""

from __future__ import annotations

import re

from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@register("capacity")
class CapacityRule:
    topic = "capacity"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        cap = d.capacity.search(view)
        if not cap:
            return
        vehicle_q = [
            q for q in ctx.quantities if q.unit == "vehicles" or (q.unit is None and q.amount >= 1000 and d.vehicle_noun_after.match(view, q.end))
        ]
        for q in vehicle_q:
            lo, hi = signals.region(view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            if d.line_rate.match(view[q.end : q.end + 60]):
                continue
            if signals.common().negated_before.search(view[max(0, q.start - 30) : q.start]):
                continue  # "100,000 vehicles, not the 300,000 widely reported"
            head = re.split(r"\bof\s+which\b|;", view[: q.start])[-1]
            per = q.per
            if per is None and (
                (re.search(r"-?units?$", q.text) and re.match(r"\s*(plant|factory|facility|base)", view[q.end :]))
                or (re.match(r"\s*each\b", view[q.end :], re.I) and re.search(r"\bphases\b", view, re.I))
                or re.match(r"[\d,.]+\s*-?(?:vehicle|unit|car)s?-a-year", view[q.start : q.end + 20], re.I)
            ):
                per = "year"  # "a 300,000-unit plant": a plant's size is its annual capacity
            if per is None and d.annual.search(view[: q.end + 25]):
                per = "year"  # "an annual output of 300,000 ..., of which each phase 150,000 respectively"
            if per not in ("year",):
                continue  # weekly or monthly output is trial output, handled by the production rule
            if d.target_words.search(view[max(0, q.start - 60) : q.start]) and not re.search(
                r"capacit", view[max(0, q.start - 60) : q.end + 20], re.I
            ):
                continue
            if not re.search(d.plant_words.pattern, view, re.I):
                continue
            scope = self.scope(view, q, head)
            qualifiers = {"scope": scope}
            fac = d.facility.search(view)
            if scope == "plant" and fac:
                qualifiers["facility"] = fac.group(0)
            start = min(q.start, cap.start()) if abs(cap.start() - q.start) < 60 else q.start
            ctx.add(
                topic=self.topic,
                subject=ctx.subjects.plant,
                prop="capacity.annual",
                value=q.amount,
                value_kind="quantity",
                span=(start, max(q.end, cap.end() if abs(cap.end() - q.end) < 60 else q.end)),
                rule=f"capacity.{scope.replace(' ', '_')}",
                unit="vehicles",
                per="year",
                value_high=q.high,
                approx=q.approx,
                bound=q.bound,
                qualifiers=qualifiers,
            )

    def scope(self, view: str, q, head: str) -> str:
        """plant / phase I / phase II / phase III / per phase, from the words around the figure."""
        d = self.d
        of_which = re.search(r"\bof\s+which\b", view[: q.start], re.I)
        each = re.search(r"\beach\b", view[max(0, q.start - 40) : q.start], re.I) and re.search(r"phases", view, re.I)
        if (
            (of_which and d.per_phase.search(view[q.start :]))
            or d.per_phase.search(view[q.end : q.end + 40])
            or each
            or (re.match(r"\s*each\b", view[q.end :], re.I) and re.search(r"phases", view, re.I))
        ):
            return "per phase"
        phase = None
        for m in d.phase.finditer(head):
            phase = m
        if phase is not None and not d.whole.search(head[phase.end() :]):
            word = (phase.group(1) or phase.group(2)).lower()
            return self.d.values["phase_scopes"].get(word, "phase I")
        return "plant"

