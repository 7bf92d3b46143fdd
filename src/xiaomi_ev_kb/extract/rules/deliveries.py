"""Deliveries, orders and targets: how many cars the company aims to make or deliver, and
trial output.

"Xiaomi aims to deliver 100,000 vehicles this year" (a delivery target for the year);
"raised its 2024 delivery target to 120,000" (a revised target); "about 50 prototype cars a
week" (trial output).
"""

from __future__ import annotations

import re

from .. import signals
from ..context import Context, nearest
from ..ruledata import RuleData
from . import Environment, register


@register("deliveries")
class DeliveriesRule:
    topic = "production"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env

    def __call__(self, ctx: Context) -> None:
        self.rates(ctx)
        self.targets(ctx)

    def rates(self, ctx: Context) -> None:
        """Trial output (a rate of prototypes) and output rates."""
        d = self.d
        for q in ctx.quantities:
            lo, hi = signals.region(ctx.view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            vehicle_rate = q.per in ("week", "month", "day") and (
                q.unit == "vehicles" or (q.unit is None and d.vehicle_words_before.search(ctx.view[max(0, q.start - 80) : q.start]))
            )
            if not vehicle_rate:
                continue
            if d.trial.search(ctx.view):
                prop, scope = "production.trial_output", "trial production"
            elif d.producing.search(ctx.view):
                prop, scope = "production.output", "output"
            else:
                continue
            when = ctx.published or ctx.ref
            ctx.add(
                topic="production",
                subject=ctx.subjects.business,
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(q.start, q.end),
                rule=prop,
                unit="vehicles",
                per=q.per,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                # a rate changes as production ramps up: it is compared within its month
                qualifiers={"scope": scope, "as_of_month": when.strftime("%Y-%m") if when else None},
            )

    def targets(self, ctx: Context) -> None:
        d = self.d
        for m in d.produce_target.finditer(ctx.view):
            # the target is the first vehicle count after its trigger, not a consensus or
            # old figure later in the sentence
            q = next((q for q in ctx.quantities if q.start >= m.end() and q.start - m.end() < 60), None)
            if q is None or q.unit not in ("vehicles", None) or q.amount < 100:
                continue
            if q.unit is None and not d.vehicle_noun_after.match(ctx.view[q.end : q.end + 30]):
                continue
            lo, hi = signals.region(ctx.view, m.start(), q.end)
            if ctx.foreign_subject(before=m.start(), lo=lo, hi=hi):
                continue
            word = (m.group("verb") or m.group("noun") or m.group("verb2") or m.group("noun2") or "").lower()
            if not word:
                word = ctx.view[m.end() : q.start].lower()
            prop = "delivery.target" if re.search(d.delivery_word.pattern, word) else "production.target"
            times = [
                t
                for t in ctx.usable_times()
                if lo <= t.start < hi and t.interval.granularity in ("year", "half", "quarter", "part", "month", "by")
            ]
            time = nearest(times, q.end) if times else None
            span_pts = [m.start(), q.end] + ([time.start, time.end] if time else [])
            ctx.add(
                topic="production",
                subject=ctx.subjects.business,
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(min(span_pts), max(span_pts)),
                rule=prop,
                unit="vehicles",
                per=q.per,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers={"scope": "target", **({"revised": True} if signals.common().revised.search(ctx.view) else {})},
                at_least="expected",
                interval=time.interval if time else None,
            )
