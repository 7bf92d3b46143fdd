"""Specs: a car's figures by unit (battery energy, range, top speed, voltage platform, power,
0-100 km/h time), per trim.

"the Max gets a 101 kWh pack" (battery energy, Max); "a CLTC range of 800 km"; "an 871-volt
platform"; "265 km/h top speed for the Max"; a table row "YU7 Pro (AWD) | 96.3 kWh | 770 km"
(its header says which column is the range). A charging rate ("add 510 km in 15 minutes") or
a difference ("130 km more range") is not a range.
"""

from __future__ import annotations

import re

from ...quantities import Quantity
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
        self.names = data.values["variant_names"]

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        qs = [q for q in ctx.quantities if q.unit in self.units]
        head = ctx.discourse.table_head(ctx.sent.paragraph) if ctx.discourse and "|" in view else None
        if not qs or not (d.gate.search(view) or (head and d.gate.search(head))):
            return
        context = view + (" " + head if head else "")
        for q in qs:
            lo, hi = signals.region(view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            prop = self.property(view, context, q)
            if prop is None:
                continue
            variant = self.variant(ctx, q, lo)
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

    def property(self, view: str, context: str, q: Quantity) -> str | None:
        d = self.d
        if q.unit == "V":
            before = view[max(0, q.start - 40) : q.start]
            if d.platform_after.match(view, q.end) or d.platform_before.search(before):
                return "spec.voltage_platform"
            if d.battery_voltage_before.search(before) and d.battery_words.search(view):
                return "spec.battery_voltage"
            return None
        prop, check = self.by_unit[q.unit]
        if check is not None and not check.search(context):
            return None
        if q.unit == "km/h" and (d.not_top_speed.match(view, q.end) or d.not_top_speed_before.search(view[max(0, q.start - 20) : q.start])):
            return None
        if q.unit == "km":
            if q.amount < d.values["shortest_range_km"]:
                return None
            if d.added_range.search(view[max(0, q.start - 30) : q.start]) or d.range_after_not.match(view, q.end):
                return None
        return prop

    def variant(self, ctx: Context, q: Quantity, lo: int) -> str | None:
        """The trim: named right after the figure ("for the Max"), else the closest trim word
        before it in its statement, else a trim in the car's name as written ("SU7 Ultra")."""
        d = self.d
        view = ctx.view
        m = d.variant_after.match(view, q.end)
        if m is None:
            found = None
            for w in d.variant_word.finditer(view, lo, q.start):
                found = w
            m = found
        if m is not None:
            word = re.sub(r"\s+", " ", m.group("v").lower())
            return self.names.get(word, word)
        cars = [c for c in ctx.mentions if c.start < q.start and ctx.subjects.is_vehicle(c.entity.canonical)]
        return signals.variant(cars[-1].surface) if cars else None

    def span(self, view: str, q) -> tuple[int, int]:
        head = view[max(0, q.start - 50) : q.start]
        m = self.d.span_head.search(head)
        start = q.start - (len(head) - m.start()) if m else q.start
        return start, q.end
