"""Investment: money the company commits to, or has put into, its car business, and which sum
it is.

"Xiaomi will invest US$10 billion over the next ten years" (the pledge); "an initial
investment of 10 billion yuan" (initial); "registered capital of 10 billion yuan" (registered
capital); "has spent more than 10 billion yuan on R&D so far" (R&D to date); "the first-phase
investment in autonomous driving is 3.3 billion yuan" (a programme's budget). A parenthesised
currency conversion, revenue, a land price or a quarter's operating spending is not an
investment.
"""

from __future__ import annotations

import re

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
        self.programmes = {name: re.compile(rx, re.I) for name, rx in data.values["programmes"].items()}

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        triggers = list(d.invest.finditer(view))
        if not triggers:
            return
        for q in ctx.quantities:
            if q.unit not in self.currencies or q.amount < self.smallest:
                continue
            if signals.in_parenthesis(view, q.start):
                continue  # "USD10 billion (RM46,435,000,000)": a conversion of the figure before it
            lo, hi = signals.region(view, q.start, q.end)
            inv = self.trigger(view, triggers, q, lo, hi)
            if inv is None:
                continue
            if ctx.foreign_subject(before=min(q.start, inv.start()), lo=lo, hi=hi) or ctx.other_actor(lo, inv.start()):
                continue
            if d.not_investment.search(view[max(0, q.start - 40) : q.start]) or d.acquisition_after.match(view, q.end):
                continue
            clause_lo, clause_hi = signals.clause_window(view, min(q.start, inv.start()), q.end)
            if d.period_spending.search(view, lo, hi):
                continue  # "spending on new initiatives rose to RMB829mn in the quarter"
            scope = self.scope(view, q, inv, lo, hi, clause_lo, clause_hi)
            over = d.over.search(view[clause_lo : clause_hi + 40])
            qualifiers: dict = {"scope": scope}
            if over:
                qualifiers["over"] = over.group(1)
            ctx.add(
                topic=self.topic,
                subject=ctx.subjects.business,
                prop="investment.total",
                value=q.amount,
                value_kind="quantity",
                span=(min(q.start, inv.start()), max(q.end, inv.end())),
                rule=f"investment.{scope.replace(' ', '_')}",
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers=qualifiers,
            )

    def trigger(self, view: str, triggers: list[re.Match], q, lo: int, hi: int) -> re.Match | None:
        """The investment word of the figure's statement: the nearest before it in its clause,
        else one right after it ("10 billion yuan in registered capital"). A figure coordinated
        with an earlier one shares its word ("invest 10 billion yuan now, and $10 billion over a
        decade"); a new clause with its own verb does not."""
        before = [t for t in triggers if lo <= t.start() and t.end() <= q.start and q.start - t.end() <= 90]
        for t in reversed(before):
            between = view[t.end() : q.start]
            split = list(re.finditer(r",\s*(?:and|while|but)\b|;", between))
            if not split or len(between[split[-1].end() :].split()) <= 3:
                return t
        after = [t for t in triggers if t.start() >= q.end and t.start() - q.end <= 25 and t.end() <= hi]
        return after[0] if after else None

    def scope(self, view: str, q, inv: re.Match, lo: int, hi: int, clause_lo: int, clause_hi: int) -> str:
        """The scope whose words stand closest to the figure in its statement (a tie goes to the
        more specific): registered capital, a programme, initial, pledge, spending to date."""
        d = self.d
        markers: list[tuple[re.Pattern, str]] = [(d.registered, "registered capital")]
        markers += [(rx, name) for name, rx in self.programmes.items()]
        markers += [(d.initial, "initial"), (d.pledge, "pledge"), (d.to_date, "R&D to date")]
        best: tuple[int, int, str] | None = None
        for rank, (rx, name) in enumerate(markers):
            for m in rx.finditer(view, lo, min(len(view), hi + 40)):
                gap = max(0, q.start - m.end(), m.start() - q.end)
                if best is None or (gap, rank) < best[:2]:
                    best = (gap, rank, name)
        if best is not None and best[0] <= 60:
            return best[2]
        if d.future.search(view, lo, hi):
            return "pledge"  # "will invest", "plans to invest": a promise
        return "total"
