"""Specs: a car's figures by unit (battery energy, range, voltage platform, power, 0-100 time).

"the Max gets a 101 kWh pack" (battery energy, Max trim); "a CLTC range of 800 km"; "an
871-volt platform" (voltage platform). A charging rate ("add 620 km in 15 minutes") is not
a range.
"""

from __future__ import annotations

import re

from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@register("spec")
class SpecRule:
    topic = "spec"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.by_unit = {
            unit: (prop, re.compile(check, re.I) if check else None) for unit, (prop, check) in data.values["by_unit"].items()
        }
        self.units = set(self.by_unit) | {"V"}

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        qs = [q for q in ctx.quantities if q.unit in self.units]
        if not qs or not d.gate.search(view):
            return
        for q in qs:
            lo, hi = signals.region(view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            if q.unit == "km" and d.added_range.search(view[max(0, q.start - 30) : q.start]):
                continue
            if q.unit == "V":
                before = view[max(0, q.start - 40) : q.start]
                after = view[q.end : q.end + 40]
                if d.platform_after.match(after) or d.platform_before.search(before):
                    prop = "spec.voltage_platform"
                elif d.battery_voltage_before.search(before) and d.battery_words.search(view):
                    prop = "spec.battery_voltage"
                else:
                    continue
                check = None
            else:
                prop, check = self.by_unit[q.unit]
            if check is not None and not check.search(view):
                continue
            if q.unit == "km" and q.amount < d.values["shortest_range_km"]:
                continue
            variant = signals.variant(view[lo : q.start])
            ctx.add(
                topic=self.topic,
                subject=ctx.vehicle_subject(before=q.start),
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=self.span(view, q),
                rule=prop,
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers={"variant": variant} if variant else {},
            )

    def span(self, view: str, q) -> tuple[int, int]:
        head = view[max(0, q.start - 50) : q.start]
        m = self.d.span_head.search(head)
        start = q.start - (len(head) - m.start()) if m else q.start
        return start, q.end
