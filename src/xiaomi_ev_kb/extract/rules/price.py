"""Prices: what a car costs, per trim.

"The SU7 starts at 215,900 yuan" (starting price); "the top-of-the-range Max costs 299,900
yuan" (upper limit); "the Pro is priced at 245,900 yuan" (a trim's price). A parenthesised
conversion is the same price in another currency; a difference ("30,000 yuan less than a
Model 3") is not a price.
"""

from __future__ import annotations

from ...quantities import Quantity
from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@register("price")
class PriceRule:
    topic = "price"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.currencies = set(data.values["currencies"])
        self.low, self.high = data.values["range"]

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        triggers = list(d.price.finditer(view))
        if not triggers:
            return
        previous: Quantity | None = None
        for q in ctx.quantities:
            if q.unit not in self.currencies or not self.low <= q.amount < self.high:
                continue
            if d.difference_after.match(view, q.end) or d.difference_before.search(view[: q.start]):
                continue
            before = [t for t in triggers if t.end() <= q.start and q.start - t.end() <= 100]
            if not before:
                continue
            trig = before[-1]
            lo, hi = signals.region(view, trig.start(), q.end)
            if ctx.foreign_subject(before=trig.start(), lo=lo, hi=hi):
                continue
            window = view[max(lo, trig.start() - 40) : q.start]
            converted = signals.in_parenthesis(view, q.start) and previous is not None and previous.unit != q.unit
            variant = signals.variant(view[lo : q.start])
            if d.upper.search(window) or q.bound == "max":
                prop = "price.upper_limit"
            elif d.starting.search(window):
                prop = "price.starting"
            else:
                prop = "price.stated"
            qualifiers: dict = {}
            if variant:
                qualifiers["variant"] = variant
            if converted:
                qualifiers["converted"] = True
            ctx.add(
                topic=self.topic,
                subject=ctx.vehicle_subject(before=q.start),
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(trig.start(), q.end),
                rule=prop,
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers=qualifiers,
            )
            previous = q
