"""Investment: money the company commits to its car business.

"Xiaomi will invest US$10 billion over the next ten years" (with the period it covers);
"an initial investment of 10 billion yuan". Registered capital, revenue, R&D spending and a
parenthesised currency conversion are not the investment.
"""

from __future__ import annotations

from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@register("investment")
class InvestmentRule:
    topic = "investment"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.currencies = set(data.values["currencies"])
        self.smallest = float(data.values["smallest"])

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        triggers = list(d.invest.finditer(view))
        if not triggers:
            return
        for q in ctx.quantities:
            if q.unit not in self.currencies or q.amount < self.smallest:
                continue
            inv = min(triggers, key=lambda t: max(0, t.start() - q.end, q.start - t.end()))
            if max(0, inv.start() - q.end, q.start - inv.end()) > 100:
                continue
            lo, hi = signals.region(view, min(q.start, inv.start()), max(q.end, inv.end()))
            if ctx.foreign_subject(before=min(q.start, inv.start()), lo=lo, hi=hi):
                continue
            if d.not_investment.search(view[max(0, q.start - 40) : q.start]) or d.research_after.match(view[q.end : q.end + 40]):
                continue  # R&D spending, registered capital or revenue is not the investment pledge
            if signals.in_parenthesis(view, q.start):
                continue  # "USD10 billion (RM46,435,000,000)": a conversion of the figure before it
            clause_lo, clause_hi = signals.clause_window(view, q.start, q.end)
            over = d.over.search(view[clause_lo : clause_hi + 40])
            initial = d.initial.search(view[max(0, q.start - 50) : q.start])
            prop = "investment.initial" if initial else "investment.total"
            ctx.add(
                topic=self.topic,
                subject=ctx.subjects.business,
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(min(q.start, inv.start()), max(q.end, inv.end())),
                rule="investment.amount",
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers={"over": over.group(1)} if over else {},
            )
