"""Capacity: how many vehicles a plant can make a year (or a month), and for what scope.

"a complete vehicle factory with an annual output of 300,000 vehicles" (the whole plant);
"the first phase ... 150,000 units a year" (phase I); "two phases of 150,000 units each"
(per phase); "phase II will add another 150,000 units a year" (phase II); "a second phase
would take the site's capacity to 300,000" (the whole plant). A sentence can continue the
one before it: "The plant will be built in two phases. The first will make 150,000 cars a
year." A target, a delivery figure, orders or a line rate is not a capacity.
"""

from __future__ import annotations

import re

from ...quantities import Quantity
from .. import signals
from ..context import Context, nearest
from ..ruledata import RuleData
from . import Environment, register


@register("capacity")
class CapacityRule:
    topic = "capacity"
    once_ok = True  # "Once both phases are running, the site can make 300,000 a year"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.phase_scopes = data.values["phase_scopes"]
        self.shift_numbers = data.values["shift_numbers"]
        self.smallest = float(data.values["smallest"])

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        previous = ctx.previous
        # a sentence continues a capacity statement of the one before ("The first ...")
        continuing = previous is not None and (
            any(c.topic == self.topic for c in previous.claims)
            or (
                d.previous_phases.search(previous.view)
                and bool(
                    d.ordinal_opening.match(view) or re.match(r"\s*(?:each|both)\b", view, re.I)
                )
            )
        )
        cues = list(d.capacity.finditer(view))
        plant_said = bool(d.plant_words.search(view))
        if not plant_said and not continuing:
            return
        for q in ctx.quantities:
            if not self.vehicle_figure(view, q):
                continue
            lo, hi = signals.region(view, q.start, q.end)
            cue = _nearest_before(cues, q.start, lo)
            if (
                cue is None
                and not continuing
                and not (q.per == "year" and d.plant_words.search(view, lo, hi))
            ):
                continue  # "Phase I: 150,000 units/year" needs no other cue
            per = self.rate(view, q, lo, hi, continuing, ctx.quantities)
            if per not in ("year", "month"):
                continue
            if per == "month" and not d.monthly_capacity.search(view, lo, hi):
                continue  # "produced 20,000 a month" is output, not what the plant can make
            if d.line_rate.match(view, q.end) or signals.common().negated_before.search(
                view[max(0, q.start - 30) : q.start]
            ):
                continue
            said = max(
                _last(d.capacity_word, view, lo, q.start),
                cue.start() if cue is not None and cue.start() < q.start else -1,
            )
            if _last(d.target_word, view, lo, q.start) > said:
                continue  # "aims to produce 100,000 vehicles a year", "a delivery target of 350,000" are targets
            if d.if_before.search(view, lo, q.start):
                continue  # a figure on a condition
            if d.period_after.match(view, q.end) or _last(d.not_capacity, view, lo, q.start) > said:
                continue  # a month's output, a pace or a delivery figure
            if d.target_after.match(view, q.end):
                continue  # "a 100,000-unit annual delivery target"
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi) or ctx.others_relative(q.start):
                continue  # another company's plant ("Beijing Benz, whose plants produce ...")
            scope = self.scope(ctx, q, lo)
            qualifiers: dict = {"scope": scope}
            shifts = self.shifts(view, lo, hi)
            if shifts:
                qualifiers["shifts"] = shifts
            fac = d.facility.search(view)
            if scope == "plant" and fac:
                qualifiers["facility"] = fac.group(0)
            # the quote runs from the capacity cue when it is in the figure's clause
            start = (
                cue.start()
                if cue is not None
                and q.start - cue.end() < 60
                and not re.search(r"[,;]", view[cue.end() : q.start])
                else q.start
            )
            prop = "capacity.annual" if per == "year" else "capacity.monthly"
            # when the figure applies ("by 4Q25", "from 2027"), if its statement says
            when = [t for t in ctx.usable_times() if lo <= t.start and t.end <= hi]
            time = nearest(when, q.end) if when else None
            ctx.add(
                topic=self.topic,
                subject=self.plant(ctx),
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(min(start, q.start), q.end),
                rule=f"{prop}.{scope.replace(' ', '_')}",
                unit="vehicles",
                per=per,
                value_high=q.high,
                approx=q.approx,
                bound=q.bound,
                qualifiers=qualifiers,
                interval=time.interval if time else None,
            )

    def vehicle_figure(self, view: str, q: Quantity) -> bool:
        """A number of vehicles: with its unit, or a large bare figure ("tops out at 300,000", "150k")."""
        if q.unit == "vehicles":
            return q.amount >= self.smallest
        return (
            q.unit is None
            and q.amount >= self.smallest
            and not re.match(r"\s*(?:%|percent|per\s*cent|yuan|dollars)", view[q.end :], re.I)
        )

    def rate(
        self, view: str, q: Quantity, lo: int, hi: int, continuing: bool, others: list[Quantity]
    ) -> str | None:
        """year / month: the figure's own rate, else what its statement says ("an annual
        capacity of", "a 300,000-unit plant"), else (continuing an annual statement) a year."""
        if q.per is not None:
            return q.per
        head = view[lo : q.start]
        if self.d.annual_words.search(view, lo, hi):
            return "year"
        if any(o.per == "year" and o.unit == "vehicles" for o in others):
            return "year"  # "Each makes 150,000 cars a year, so the full site tops out at 300,000"
        if re.search(r"\bmonthly\b|\ba\s+month\b|\bper\s+month\b", view[lo:hi], re.I):
            return "month"
        if re.search(r"-?units?$|-vehicles?$|-cars?$", q.text) and re.match(
            r"(?:-a-year)?\s*(?:plant|factory|facility|base|site)", view[q.end :], re.I
        ):
            return "year"  # "a 300,000-unit plant": a plant's size is its annual capacity
        if self.d.per_phase_after.match(view, q.end) and re.search(r"\bphases\b", view, re.I):
            return "year"  # "two phases of 150,000 units each"
        if re.search(r"\bcapacit", head, re.I) or continuing:
            return "year"  # "capacity of 150,000 vehicles"; "... the full site tops out at 300,000"
        return None

    def scope(self, ctx: Context, q: Quantity, lo: int) -> str:
        """plant / phase I / phase II / phase III / per phase, from the words around the figure."""
        d = self.d
        view = ctx.view
        head = view[lo : q.start]
        upto = min([o.start for o in ctx.quantities if o.start >= q.end] + [len(view)])
        if d.per_phase_before.search(head) or d.per_phase_after.match(view, q.end, upto):
            return "per phase"  # (the words after a figure up to the next figure only)
        if d.whole_after.match(view, q.end):
            return "plant"
        # the last phase word and the last whole-plant word of the figure's clause: the later wins
        restart = max((m.end() for m in d.clause_restart.finditer(view, lo, q.start)), default=lo)
        phase = _last_match(d.phase, view, restart, q.start)
        whole = _last_match(d.whole, view, restart, q.start)
        if whole is not None and (
            phase is None or whole.start() > phase.start() or whole.end() >= phase.end()
        ):
            return "plant"
        if phase is not None:
            word = (phase.group("ord") or phase.group("num")).lower()
            return self.phase_scopes.get(word, "phase I")
        opening = d.ordinal_opening.match(view)
        previous = ctx.previous
        if opening and previous is not None and d.previous_phases.search(previous.view):
            return self.phase_scopes.get(opening.group("ord").lower(), "phase I")  # "The first ..."
        if (
            re.match(r"\s*(?:each|both)\b", view[lo:], re.I)
            and previous is not None
            and d.previous_phases.search(previous.view)
        ):
            return "per phase"  # "Each is meant to produce 150,000 cars a year."
        if previous is not None and d.pronoun_opening.match(view):
            head = d.phase_opening.match(previous.view)
            named = d.phase.match(previous.view, head.end()) if head else None
            if (
                named is not None
            ):  # "The second phase ... will be finished by June. It adds 150,000 a year"
                return self.phase_scopes.get(
                    (named.group("ord") or named.group("num")).lower(), "phase I"
                )
        return "plant"

    def shifts(self, view: str, lo: int, hi: int) -> int | None:
        m = self.d.shifts.search(view, lo, hi)
        if not m:
            return None
        return self.shift_numbers.get((m.group("n") or m.group("n2")).lower())

    def plant(self, ctx: Context) -> str:
        """The family plant named in the sentence, else the family's (first) plant."""
        named = [
            m.entity.canonical
            for m in ctx.mentions
            if m.entity.kind == "plant" and ctx.is_family(m)
        ]
        return named[0] if named else ctx.subjects.plant


def _last_match(rx: re.Pattern, view: str, lo: int, hi: int) -> re.Match | None:
    found = None
    for m in rx.finditer(view, lo, hi):
        found = m
    return found


def _last(rx: re.Pattern, view: str, lo: int, hi: int) -> int:
    """Where the last match of ``rx`` in view[lo:hi] starts; -1 if none."""
    m = _last_match(rx, view, lo, hi)
    return m.start() if m else -1


def _nearest_before(cues: list[re.Match], pos: int, lo: int) -> re.Match | None:
    """The capacity cue of the figure's statement: the last before it, else the first after it."""
    before = [m for m in cues if lo <= m.start() < pos]
    if before:
        return before[-1]
    after = [m for m in cues if m.start() >= pos and m.start() - pos < 60]
    return after[0] if after else None
