"""Timeline: milestones (entry announced, company registered, plant deal, trial and mass
production, launch, first deliveries, plant completion) and when they happened or are planned.

Each trigger is paired with the nearest time expression of its statement; a time serves
one trigger. A period in the future, or a hedged one, is a plan.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...timeexpr import Interval, TimeMention
from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@register("timeline")
class TimelineRule:
    topic = "timeline"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.milestones = {name: data.words[name] for name in data.values["milestones"]}
        self.any = re.compile("|".join(f"(?:{p.pattern})" for p in self.milestones.values()), re.I)
        self.vehicle_milestones = set(data.values["vehicle_milestones"])
        self.plant_milestones = set(data.values["plant_milestones"])

    def __call__(self, ctx: Context) -> None:
        """A milestone trigger and the time expression nearest to it (each time serves one trigger)."""
        d = self.d
        if not self.any.search(ctx.view) or ctx.foreign_subject(before=len(ctx.view)):
            return
        triggers: list[tuple[str, re.Match]] = []
        for name, rx in self.milestones.items():
            m = rx.search(ctx.view)
            if m and self.applies(name, ctx.view, m):
                triggers.append((name, m))
        if not triggers:
            return
        # Pair triggers and time expressions greedily, closest pairs first: each serves once.
        pairs = []
        for t in ctx.usable_times():
            for name, m in triggers:
                if signals.in_quotes(ctx.view, t.start) != signals.in_quotes(ctx.view, m.start()):
                    continue
                lo, hi = signals.region(ctx.view, m.start(), m.end())
                if not (lo <= t.start and t.end <= hi):
                    continue  # "MASS PRODUCTION IN Q1; DELIVERIES FROM FEBRUARY": one time per statement
                dist = max(0, t.start - m.end(), m.start() - t.end)
                if t.end <= m.start() and t.start > 3:
                    dist += 40  # "X in TIME" binds tighter than "TIME, ... X" unless TIME opens the sentence
                if dist <= 140:
                    pairs.append((dist, t.start, name, t))
        assigned: dict[str, TimeMention] = {}
        taken: set[int] = set()
        for _d, start, name, t in sorted(pairs, key=lambda p: (p[0], p[1])):
            if name not in assigned and start not in taken:
                assigned[name] = t
                taken.add(start)
        for name, m in triggers:
            time = assigned.get(name)
            interval = time.interval if time else None
            pts = [m.start(), m.end()]
            if time is not None:
                pts += [time.start, time.end]
            elif name == "trial_production" and ctx.ref is not None and d.now_in.search(ctx.view):
                # "now in trial production, for less than one month": ongoing, from the
                # stated duration before the reference date until it
                dur = d.duration.search(ctx.view)
                if dur:
                    interval = _ongoing_interval(dur, ctx.ref)
                    pts += [dur.start(), dur.end()]
            if interval is None:
                continue
            now = ctx.published or ctx.ref
            span = (min(pts), max(pts))
            certainty = signals.certainty(ctx.view, span)
            lo, hi = signals.region(ctx.view, m.start(), m.end())
            past_plan = signals.common().past_plan.search(ctx.view, lo, hi)  # "had originally planned to start in 2023"
            planned = bool(past_plan) or (
                now is not None
                and (
                    interval.start > now
                    or (interval.end > now and (certainty in ("expected", "speculated") or interval.granularity == "by"))
                )
            )
            subject = ctx.subjects.business
            if name in self.vehicle_milestones:
                subject = ctx.vehicle_subject()
            elif name in self.plant_milestones:
                subject = ctx.subjects.plant
            ctx.add(
                topic=self.topic,
                subject=subject,
                prop=f"milestone.{name}",
                value=interval.label,
                value_kind="time",
                span=span,
                rule=f"milestone.{name}",
                qualifiers={"status": "planned" if planned else "achieved"},
                at_least="expected" if planned else None,
                interval=interval,
            )

    def applies(self, name: str, view: str, m: re.Match) -> bool:
        """Checks a bare trigger word needs before it counts as that milestone."""
        d = self.d
        if name == "company_registered":
            return bool(d.registered_needs.search(view))
        if name == "deliveries_start":
            return bool(d.deliveries_needs.search(view)) and not d.deliveries_not.search(view)
        if name == "launch":
            if d.bare_launch.fullmatch(m.group()):
                # a bare "launch" needs a car nearby ("launched the SU7", "the YU7 will launch"),
                # not "launched its EV unit" or "a launch event"
                near = view[max(0, m.start() - 60) : m.end() + 60]
                return bool(d.launch_car_near.search(near)) and not d.launch_not.search(view)
            return bool(d.launch_needs.search(view))
        if name == "plant_completion":
            return bool(d.plant_needs.search(view)) and not d.plant_not.search(view)
        if name == "settled_beijing":
            return bool(d.settled_needs.search(view))
        if name == "mass_production":
            return not d.not_mass.search(view[max(0, m.start() - 12) : m.start()])
        return True


_NUM_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4}


def _ongoing_interval(dur: re.Match, ref: date) -> Interval:
    """'now in trial production ... for less than one month' -> from ref minus the duration to ref."""
    word = dur.group(2).lower()
    n = int(word) if word.isdigit() else _NUM_WORDS.get(word, 1)
    days = n * {"day": 1, "week": 7, "month": 31}[dur.group(3).lower()]
    start = ref - timedelta(days=days)
    if (start.year, start.month) == (ref.year, ref.month):
        label = f"{ref.year}-{ref.month:02d}"
        return Interval(start.replace(day=1), ref, label, "month")
    label = f"{start.year}-{start.month:02d}/{ref.year}-{ref.month:02d}"
    return Interval(start.replace(day=1), ref, label, "range")
