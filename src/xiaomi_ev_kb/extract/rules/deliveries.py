"""Deliveries, orders and targets, and production figures.

Every count of cars in a sentence is read by the cue nearest to it in its statement:
"88,898 locked orders in the first 24 hours" (``orders.count``, locked, window 24 hours);
"delivered 7,058 units in April" (``delivery.volume`` for April); "had handed over 212,723
vehicles by the end of March" (``delivery.cumulative`` as of then); "raised its 2025 delivery
target to 350,000 from 300,000" (``delivery.target`` for 2025, revised, and the superseded
300,000); "the 100,000th vehicle rolled off the line" (``production.cumulative``); "plans to
produce 50,000 cars in 2024" (``production.target``); "about 50 test cars a week"
(``production.trial_output``). A figure nearer to a cue of another kind ("capacity of",
"revenue of", "smartphones") is not ours, and neither is one of another automaker, one inside
a condition, or an analyst's forecast read as a plan (it is a volume, speculated).

Some statements need what earlier sentences said, kept per article: the year a target is for
("lifted that goal twice"), the car a paragraph is about ("the 10,000-unit sales goal for the
model"), the figure a sentence takes up again ("the figure surpassed 289,000"), and the
caption above a flattened table or list ("Figure 1: quarterly EV deliveries" then "2Q24:
27,307 | 3Q24: 39,790").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ...models import claim_id
from ...quantities import Quantity
from ...timeexpr import Interval, TimeMention, find_time_expressions, label_interval
from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register

_PERIOD_GRAINS = ("month", "quarter", "half", "year", "range", "part", "day", "by")


@dataclass(frozen=True)
class Figure:
    """A count of cars in a sentence (offsets into the sentence's view)."""

    start: int
    end: int
    amount: float
    high: float | None = None
    approx: bool = False
    bound: str | None = None
    per: str | None = None
    unit: str | None = None
    ordinal: bool = False


@dataclass(frozen=True)
class Cue:
    kind: str  # order | delivery | production | target | other
    start: int
    end: int
    after: bool  # the cue follows the figure ("88,898 locked orders")


@dataclass
class Frame:
    """What a figure is: the property, its subject and the qualifiers that come with it."""

    prop: str
    subject: str
    variant: str | None = None
    order_kind: str | None = None


@dataclass
class _Memo:
    """What the earlier sentences of the article said that later ones lean on."""

    article: str = ""
    year: Interval | None = None  # the last year a figure or a delivery statement was for
    period: Interval | None = None  # the last period named in the previous sentence
    period_sentence: int = -1
    sentence: int = 0  # how many sentences of the article the rule has seen
    frame: Frame | None = None  # the last figure's frame
    frame_paragraph: int = -1
    caption: str | None = None  # the kind of figure a caption line announced ("deliveries")
    caption_paragraph: int = -1
    car: tuple[str, str | None] | None = None  # the last car (and trim) the paragraph named
    car_paragraph: int = -1
    asked_paragraph: int = -1  # the last paragraph that ended with a question
    family_sentence: int = -1  # the index of the last sentence that named the company or its cars
    claim_sentence: int = -1  # the index of the last sentence the rule made a claim of


@register("deliveries")
class DeliveriesRule:
    topic = "deliveries"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.v = data.values
        self.memo = _Memo()
        self._cache: dict[tuple, object] = {}  # per sentence: its times and cues

    # -- entry ----------------------------------------------------------------------------

    def __call__(self, ctx: Context) -> None:
        if self.memo.article != ctx.article.id:
            self.memo = _Memo(article=ctx.article.id)
        self._cache = {}
        if self.d.comment_line.search(ctx.view) or self.in_link_list(ctx):
            return  # a reader's comment, or the headlines of other articles
        # "PTR: Did you expect to sell 137,000 cars?": a question asserts nothing (but is
        # remembered, like every sentence)
        question = bool(self.d.labelled_question.match(ctx.view))
        if not question:
            self.rates(ctx)
        figures = self.figures(ctx)
        if question:
            pass
        elif self.period_row(ctx):
            pass  # "2Q24A | 27,307 | 6.4 | 15.4%" under "Year | Deliveries | EV revenue"
        elif not self.table_row(ctx, figures):
            for f in figures:
                if self.figure(ctx, f, figures):
                    self.matching_goal(ctx, f, figures)
        self.remember(ctx, figures)

    def in_link_list(self, ctx: Context) -> bool:
        """Is the sentence one of the links a page lists under "Related", "Also read",
        "Recommended" (other articles' headlines, often about other makers)?"""
        d, text = self.d, ctx.article.text
        line_start = text.rfind("\n", 0, ctx.sent.start) + 1
        line = text[line_start : ctx.sent.end]
        if d.link_heading_inline.match(line):
            return True  # "Recommended: Ideal automobile April delivery 33,939 units"

        def heading(ln: str) -> bool:
            return bool(d.link_list.match(ln)) and (
                len(ln.strip()) <= 40 or ln.rstrip().endswith(":")
            )

        if len(line) > self.v["max_link"]:
            return False  # prose, not a headline
        above = text[max(0, line_start - 2000) : line_start].splitlines()
        # the short lines of the same block, up to a heading ("Related articles:" then one
        # headline a line); a line of prose ends the list
        for ln in reversed(above):
            if not ln.strip() or len(ln) > self.v["max_link"]:
                break
            if heading(ln):
                return True
        if not d.list_item.match(line):
            return False
        # a list ("- ...") after a blank line under its heading
        while above and (d.list_item.match(above[-1]) or not above[-1].strip()):
            above.pop()
        return bool(above) and heading(above[-1])

    # -- the counts of cars in a sentence --------------------------------------------------

    def figures(self, ctx: Context) -> list[Figure]:
        d, view = self.d, ctx.view
        out: list[Figure] = []
        for q in ctx.quantities:
            if q.unit not in ("vehicles", None) or q.amount != int(q.amount):
                continue
            if q.unit is None and (
                q.amount < self.v["min_count"] or not d.bare_after.match(view[q.end :])
            ):
                continue
            if d.not_cars_after.match(view, q.end):
                continue  # "219 car-selling stores"
            if q.per in ("year",) and q.unit is None:
                continue
            start, bound = q.start, q.bound
            over = re.match(r"over\s+", view[q.start : q.end], re.I)
            if over and re.search(
                r"\bhand(?:ed|s|ing)?\s+$", view[max(0, q.start - 12) : q.start], re.I
            ):
                # "handed over 212,723 vehicles": "over" belongs to the verb ("40,000+" keeps its bound)
                start = q.start + over.end()
                bound = "min" if re.search(r"\d\+|\bor\s+more\b", q.text) else None
            bound = bound or (
                "min" if d.bound_verb_before.search(view[max(0, start - 30) : start]) else None
            )
            out.append(
                Figure(
                    start,
                    q.end,
                    q.amount,
                    q.high,
                    q.approx or self._approx_words(view, start),
                    bound,
                    q.per,
                    q.unit,
                )
            )
        for m in d.ordinal_number.finditer(view):
            # "Car No. 100,000": the number is the car's, not a count
            out = [f for f in out if not m.start() <= f.start < m.end()]
        for m in [*d.ordinal.finditer(view), *d.ordinal_number.finditer(view)]:
            if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in out):
                continue
            amount = float(m.group("num").replace(",", ""))
            out.append(Figure(m.start(), m.end(), amount, unit="vehicles", ordinal=True))
        return sorted(out, key=lambda f: f.start)

    @staticmethod
    def _approx_words(view: str, start: int) -> bool:
        return bool(
            re.search(
                r"\b(?:something\s+like|some|roughly|around|about|c\.)\s*$",
                view[max(0, start - 16) : start],
                re.I,
            )
        )

    # -- one figure -------------------------------------------------------------------------

    def figure(self, ctx: Context, f: Figure, figures: list[Figure]) -> int:
        """Read one figure; the number of claims made."""
        d, view = self.d, ctx.view
        lo, hi = signals.region(view, f.start, f.end)
        if d.conditional.search(view, lo, f.start):
            return 0
        if d.increment_after.match(view, f.end) or d.increment_before.search(
            view[max(0, f.start - 25) : f.start]
        ):
            return 0
        if d.counterfactual.search(view, max(lo, f.start - 50), f.start):
            return 0  # "deliveries should have topped 20,000": what did not happen
        if d.requirement_governs.search(view, max(lo, f.start - 70), f.start):
            return 0  # "will need roughly 20,000 deliveries in December to get there"
        if d.withdrawn.search(view, max(0, f.start - 120), f.start):
            return 0  # "which an earlier version of this story gave as 300,000"
        if not self.ours(ctx, f, lo, hi):
            return 0
        if f.ordinal:
            return self.ordinal(ctx, f)
        again = self._milestone_again(ctx, f)
        if again is not None:
            return again
        if f.per is None and any(
            not d.reporting_after_rate.match(view, m.end())
            for m in d.rate_before.finditer(view, max(lo, f.start - 40), f.start)
        ):
            return 0  # "every week ... about 50 vehicles": a rate, read by rates()
        kind, target = self.kind(ctx, f, figures, lo, hi)
        if (
            kind is None
            and d.record_period_after.match(view, f.end)
            and ctx.previous is not None
            and any(c.property == "delivery.volume" for c in ctx.previous.claims)
        ):
            kind = "delivery"  # "... 108,796 cars in the third quarter. That's the first time it topped 100,000 in a single quarter."
        if kind is None:
            kind = self._share_of_previous(ctx, f)
        if kind is None:
            kind, target = self._asked(ctx)
        if kind is None:
            made = self.after_previous(ctx, f, figures, lo, hi)
            if made is not None:
                return made
            frame = self.taken_up(ctx, f, lo)
            if frame is None:
                return 0
            return self.add_frame(ctx, f, figures, frame, lo, hi)
        if kind == "other":
            return 0
        if kind == "order":
            return self.order(ctx, f, figures, lo, hi)
        record = d.record_period_after.match(view, f.end)
        if record:
            # "crossed the 20,000 mark in a single month": a record; the period must be named
            # before it ("its third-quarter results ... more than 100,000 vehicles in a single quarter")
            grain = record.group("grain").lower()
            _, before = self.owned_times(ctx, f, figures, 0, hi)
            named = [t for t in before if t.interval.granularity == grain]
            if kind != "delivery" or target:
                return 0
            if named:
                when = (
                    _in_the_past(named[0].interval, ctx.published or ctx.ref)
                    if named[0].relative
                    else named[0].interval
                )
            else:
                # "Xiaomi delivered more than 20,000 vehicles in October. It was the first time
                # ... it has crossed the 20,000 mark in a single month": the month the sentence
                # before gave its figure for
                when = self._record_period_before(ctx, grain)
                if when is None:
                    return 0
            return self.emit(
                ctx, f, "delivery.volume", *self.car_of(ctx, f, lo, hi, orders=False), when
            )
        forecast = self.forecast(ctx, f, lo)
        stop = re.compile(r"[.!?]\s").search(view, f.end, hi)
        if (target or forecast) and d.conditional.search(view, f.end, stop.start() if stop else hi):
            return 0  # "could sell more than 400,000 cars in 2026 if it secured land": a condition
        if kind in ("delivery", "production") and d.mark_after.match(view, f.end):
            # "expects to hit the 100,000 mark in November": the total by then
            return self.actual(ctx, f, figures, kind, lo, hi, forecast=forecast, expected=target)
        if target and not forecast:
            if f.per is not None and not (
                f.per == "year"
                and d.annual_target_before.search(view, max(lo, f.start - 40), f.start)
            ):
                # "targets 300,000 cars a year": a plant's size, not a target for a period ("2025
                # annual delivery target 350,000 vehicles" is the year's target)
                return 0
            return self.target(ctx, replace(f, per=None), figures, kind, lo, hi)
        if kind == "production" and f.per in ("week", "month", "day"):
            return 0  # an output rate: rates() reads it
        return self.actual(ctx, f, figures, kind, lo, hi, forecast=forecast)

    def _share_of_previous(self, ctx: Context, f: Figure) -> str | None:
        """The kind of the figure before it in the sentence, when this one is the share of it in a
        period of its own ("delivered 75,869 vehicles in the quarter, with more than 29,000 of
        them in March")."""
        m = self.d.share_in_period_after.match(ctx.view, f.end)
        if m is None or not any(t.start == m.end() for t in ctx.times):
            return None
        whole = [
            c
            for c in ctx.claims
            if c.end <= ctx.sent.start + f.start
            and c.property in ("delivery.volume", "production.output")
        ]
        if not whole:
            return None
        return "delivery" if whole[-1].property == "delivery.volume" else "production"

    def _asked(self, ctx: Context) -> tuple[str | None, bool]:
        """The kind of figure the question just before asks for, when this sentence answers it
        with a bare figure ("How many cars has Xiaomi sold? More than 135,000 in 2024")."""
        d = self.d
        asked = ctx.discourse.previous if ctx.discourse else None
        if asked is None or not asked.view.rstrip().endswith("?"):
            return None, False
        players = [
            m
            for m in asked.mentions
            if m.entity.kind in ("company", "automaker") or ctx.is_family(m)
        ]
        if any(not ctx.is_family(m) for m in players):
            return None, False  # a question about another maker
        view = asked.view
        target = bool(d.target_noun.search(view))
        if d.order_cue.search(view):
            return "order", False
        if d.delivery_cue.search(view):
            return "delivery", target
        if d.production_cue.search(view):
            return "production", target
        return None, False

    def _record_period_before(self, ctx: Context, grain: str) -> Interval | None:
        """The period of the grain the sentence before gave a delivery figure for, when this
        sentence names no time."""
        previous = ctx.previous
        if ctx.times or previous is None:
            return None
        periods = [
            label_interval(c.period_label)
            for c in previous.claims
            if c.property == "delivery.volume" and c.period_label
        ]
        periods = [p for p in periods if p is not None and p.granularity == grain]
        return periods[-1] if periods else None

    def matching_goal(self, ctx: Context, f: Figure, figures: list[Figure]) -> int:
        """ "The Ultra blew past 10,000 orders within two hours, matching the sales goal Xiaomi
        had set for the Ultra for the whole of this year": the goal is the figure's value."""
        view = ctx.view
        lo, hi = signals.region(view, f.start, f.end)
        m = self.d.matching_goal.search(view, f.end, hi)
        if m is None or f.ordinal or self.d.conditional.search(view, lo, m.end()):
            return 0
        if any(f.end <= g.start < m.end() for g in figures if g is not f):
            return 0  # "matching its target of 100,000": the goal has its own figure
        a, b = m.start("goal"), m.end()
        if self.d.rate_goal.search(view, a, b):
            return 0  # "the same as the monthly goal": a rate, not the period's target
        variant = self.variant(view[a:b])
        cars = [c for c in self.cars(ctx) if a <= c[0] < b]
        if cars:
            car = cars[0][2]
        elif variant:
            memo = self.memo.car if self.memo.car_paragraph == ctx.sent.paragraph else None
            car = memo[0] if memo else ctx.vehicle_subject(before=f.start)
        else:
            car = ctx.subjects.business
        if not ctx.subjects.is_vehicle(car) or (
            variant is None and ctx.subjects.current_vehicle(ctx.published)
        ):
            car = ctx.subjects.business
        times = [t for t in self.times(ctx) if a <= t.start and t.end <= b]
        period = times[0].interval if times else self._target_year(ctx, view[a:b])
        prop = (
            "production.target" if self.d.production_cue.search(view, a, b) else "delivery.target"
        )
        goal = Figure(f.start, b, f.amount, None, f.approx, None, None, "vehicles")
        return self.emit(
            ctx,
            goal,
            prop,
            car,
            variant,
            period,
            qualifiers={"scope": "target"},
            at_least="expected",
        )

    def after_previous(
        self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int
    ) -> int | None:
        """A figure with no cue of its own, governed by a word of plan or of forecast, after a
        sentence that gave a target: "Xiaomi's delivery goal for 2025 is 350,000 cars. The
        company started the year aiming for 300,000" (a target of the same kind); "Management
        has set a 2025 delivery target of 300,000 units. We think this is conservative and
        model 330,000" (a forecast of the deliveries of the target's period)."""
        d, view, previous = self.d, ctx.view, ctx.previous
        if previous is None:
            return None
        targets = [c for c in previous.claims if c.property.endswith(".target") and c.period_label]
        if not targets:
            return None
        head = view[max(lo, f.start - 40) : f.start]
        if d.plan_governs.search(head) and not d.requirement.search(head):
            kind = "production" if targets[-1].property.startswith("production") else "delivery"
            hint = label_interval(targets[-1].period_label)
            return self.target(ctx, f, figures, kind, lo, hi, period_hint=hint)
        if d.forecast_governs.search(head) and (
            d.forecaster.search(view[max(lo, f.start - 80) : f.start])
            or signals.common().speculated_sentence.search(view)
        ):
            if any(lo <= t.start < hi for t in ctx.times):
                return None  # a period of its own: not the target's
            c = targets[-1]
            return self.emit(
                ctx,
                f,
                c.property.replace(".target", ".volume"),
                c.subject,
                c.qualifiers.get("variant"),
                label_interval(c.period_label),
                forecast=True,
            )
        return None

    def _milestone_again(self, ctx: Context, f: Figure) -> int | None:
        """ "The 100,000th SU7 rolled off the line. ... it took less than 230 days to achieve the
        milestone of 100,000 vehicles": a milestone of the figure the sentence before made a
        running total of is that total again (its property, car and date)."""
        view, previous = ctx.view, ctx.previous
        if previous is None or not (
            self.d.milestone_before.search(view[max(0, f.start - 30) : f.start])
            or self.d.mark_after.match(view, f.end)
        ):
            return None
        same = [
            c
            for c in previous.claims
            if c.property.endswith(".cumulative") and c.value == f.amount and c.period_label
        ]
        if not same:
            return None
        c = same[-1]
        interval = label_interval(c.period_label)
        return self.emit(ctx, f, c.property, c.subject, c.qualifiers.get("variant"), interval)

    def ours(self, ctx: Context, f: Figure, lo: int, hi: int) -> bool:
        """Is the figure about the company (not another automaker in the sentence)?"""
        players = [
            m
            for m in ctx.mentions
            if m.entity.kind in ("company", "automaker", "supplier") or ctx.is_family(m)
        ]
        before = [m for m in players if lo <= m.start and m.end <= f.start]
        unknown = self.unknown_maker(ctx, f, lo)
        if unknown is not None and not any(m.start >= unknown for m in before):
            return False  # "Beijing Benz last year production nearly 600,000 vehicles"
        if before:
            return ctx.is_family(before[-1])  # "Nio 20,575, Xiaomi over 20,000": the nearest name
        if ctx.foreign_subject(before=f.start, lo=lo, hi=hi):
            return False
        if any(ctx.is_family(m) for m in players) or ctx.about_family(lo, hi):
            return True
        if players:
            return False  # only other companies named
        # nothing named: the article's own subject, unless the sentence before spoke of another
        if ctx.discourse is None or not ctx.discourse.orgs:
            return True
        # ("A Model 3 costs 245,900, so the SU7 undercuts it. Orders: 50,000 in 27 minutes.")
        memo = self.memo
        return ctx.discourse.orgs[-1] in ctx.subjects.family or memo.sentence - 1 in (
            memo.family_sentence,
            memo.claim_sentence,
        )

    def unknown_maker(self, ctx: Context, f: Figure, lo: int) -> int | None:
        """Where a name the registry does not know stands as the subject of a figure
        ("Beijing Benz last year production nearly 600,000", "Ideal car January delivery
        31,165"): a capitalised name right before the figure's cue, or None."""
        view = ctx.view
        if signals.case_fold_for_cues(view) != view[:1].lower() + view[1:]:
            return None  # a headline in Title Case: every word is capitalised
        head = view[max(lo, f.start - 70) : f.start]
        base = max(lo, f.start - 70)
        for m in self.d.maker_then_cue.finditer(head):
            start = base + m.start("name")
            end = base + m.end("name")
            if any(x.start < end and start < x.end for x in ctx.mentions):
                continue
            if any(t.start < end and start < t.end for t in ctx.times):
                continue
            if self.d.not_a_maker.fullmatch(m.group("name")):
                continue
            return start
        return None

    # -- what kind of figure ----------------------------------------------------------------

    def cues(self, ctx: Context, lo: int, hi: int) -> list[Cue]:
        key = ("cues", lo, hi)
        if key not in self._cache:
            self._cache[key] = self._cues(ctx, lo, hi)
        return self._cache[key]  # type: ignore[return-value]

    def _cues(self, ctx: Context, lo: int, hi: int) -> list[Cue]:
        d, view = self.d, ctx.view
        found: list[Cue] = []
        for kind, pattern in (
            ("order", d.order_cue),
            ("delivery", d.delivery_cue),
            ("production", d.production_cue),
            ("target", d.target_cue),
            ("other", d.other_cue),
        ):
            for m in pattern.finditer(view, lo, hi):
                if kind == "other" and d.names_the_maker.match(view, m.end()):
                    continue  # "the smartphone maker's car unit": the company, not its phones
                found.append(Cue(kind, m.start(), m.end(), False))
        # a longer cue covers a shorter one inside it ("smartphone shipments", "order book")
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for c in found:
            if any(
                k.start <= c.start
                and c.end <= k.end
                and (k.end - k.start) > (c.end - c.start)
                and k.kind in ("other", c.kind)
                for k in kept
            ):
                continue
            kept.append(c)
        return kept

    def kind(
        self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int
    ) -> tuple[str | None, bool]:
        """The figure's kind from the nearest cue, and whether it is a target."""
        view = ctx.view
        cues = self.cues(ctx, lo, hi)
        after = [
            Cue(c.kind, c.start, c.end, True)
            for c in cues
            if c.start >= f.end
            and c.start - f.end <= self.v["cue_after"]
            and re.fullmatch(r"[\s\w-]*", view[f.end : c.start])
            and len(view[f.end : c.start].split()) <= 3
            # "136,854 beat the original goal": a figure measured against the cue's, not its own
            and not self.d.measured_against.search(view, f.end, c.start)
        ]
        before = [
            c
            for c in cues
            if c.end <= f.start
            and f.start - c.end <= self.v["cue_before"]
            and self.linked(ctx, c.end, f, figures)
        ]
        kinds = ("order", "delivery", "production", "other")
        head = next((c for c in after if c.kind in kinds), None)
        if head is None:
            near = [c for c in before if c.kind in kinds]
            head = near[-1] if near else None
        targets = [c for c in after if c.kind == "target"] + [
            c for c in before if c.kind == "target"
        ]
        if head is None:
            t = [c for c in before if c.kind == "target"]
            if [c for c in after if c.kind == "target"]:
                return "delivery", True  # "the 100,000 target"
            if (
                t
                and self.d.target_noun.fullmatch(view, t[-1].start, t[-1].end)
                and not self.d.requirement.search(view, t[-1].start, f.start)
            ):
                return "delivery", True  # "the target from 300,000 to 350,000"
            # "this year delivery target 100,000 vehicles, strive 120,000 vehicles": a word of plan
            # right before the figure, in a statement whose cue is further back
            anywhere = [
                c for c in cues if c.kind in ("delivery", "production") and c.end <= f.start
            ]
            if (
                t
                and anywhere
                and len(view[t[-1].end : f.start].split()) <= 2
                and not self.d.requirement.search(view, t[-1].start, f.start)
            ):
                return anywhere[-1].kind, True
            if self.d.mark_after.match(view, f.end):
                # "expects to hit 100,000 mark in Nov": a total of what the statement counts
                return (anywhere[-1].kind if anywhere else "delivery"), False
            return None, False
        if head.kind in ("other", "order"):
            return head.kind, False
        reach = self.v["target_reach"]
        target = any(
            (c.after and head.after)
            or (not c.after and head.start - reach <= c.start and c.end <= f.start)
            or (c.after and c.start >= head.end)
            for c in targets
        )
        if target and self.d.requirement.search(view, max(lo, head.start - reach), f.start):
            target = False  # "will need to deliver 30,000 a month": a requirement
        if target and head.kind == "production" and not head.after:
            # "the 100,000th vehicle rolls off the line, Lei Jun: annual target again raised to
            # 130,000": a target noun after a colon starts a statement of its own, and a target
            # that names no kind is a delivery target
            nouns = [
                c
                for c in targets
                if not c.after
                and c.start > head.end
                and self.d.target_noun.fullmatch(view, c.start, c.end)
            ]
            if nouns and re.search(r"[:;]|\s[-–—]\s", view[head.end : nouns[0].start]):
                return "delivery", True
        return head.kind, target

    def linked(self, ctx: Context, pos: int, f: Figure, figures: list[Figure]) -> bool:
        """Does a cue ending at ``pos`` reach the figure: no other figure between them, or that
        figure and this one are items of one list ("7,058 in April and 8,630 in May",
        "to 120,000 in July and then to 130,000")?"""
        between = [g for g in figures if pos <= g.start and g.end <= f.start]
        if not between:
            return True
        gap = ctx.view[between[-1].end : f.start]
        for t in ctx.times:
            if between[-1].end <= t.start and t.end <= f.start:
                gap = gap.replace(t.text, " ")
        for m in ctx.mentions:
            if between[-1].end <= m.start and m.end <= f.start:
                gap = gap.replace(
                    m.surface, " "
                )  # "Nio 20,575, Xiaomi over 20,000": a list by maker
        if (
            re.fullmatch(r"[\s,;|():]*(?:and\s+)?", gap)
            and len(ctx.view[between[-1].end : f.start]) < 40
        ):
            return True  # "(1Q25: 75,869)", "| FY26E: 600k": a list of labelled figures
        if self.d.list_continues.search(gap):
            return len(gap.split()) <= 7 or bool(self.d.list_continues_far.search(gap))
        if self._maker_clauses(ctx, pos, between[-1].end, f.start):
            return (
                True  # "November deliveries: ..., Leapmotor tops 40,000, Xiaomi stays above 20,000"
            )
        # "Q2 deliveries were 27,307, Q3 deliveries were 39,790, and Q4 (our estimate) was
        # 69,757": the next item names only its period
        return bool(self.d.parallel_item.fullmatch(re.sub(r"\([^()]*\)", " ", gap)))

    def forecast(self, ctx: Context, f: Figure, lo: int) -> bool:
        """An analyst's or an outlet's forecast: "we forecast 3Q25 deliveries of 105k",
        "analysts expect Xiaomi to deliver 60,000", "3Q25E: 105,000"."""
        d, view = self.d, ctx.view
        head = view[max(0, f.start - 160) : f.start]
        for m in self.d.estimate_label.finditer(
            view, max(lo, f.start - 40), min(len(view), f.end + 20)
        ):
            between = view[m.end() : f.start] if m.end() <= f.start else view[f.end : m.start()]
            if re.search(r"(?<![A-Za-z])\d", between.replace(view[f.start : f.end], "")):
                continue  # another figure between (a car's name, "SU7", is not one)
            if "|" not in between:
                return True  # "3Q25E: 105,000", "2025E deliveries of 380k": an analyst's estimate
            if (
                m.end() <= f.start
                and between.count("|") == 1
                and re.fullmatch(r"\s*\|?[^|]*", view[: m.start()])
                and re.fullmatch(r"[^|]*\|\s*", between)
            ):
                return True  # "| 2024E SU7 deliveries (HLS) | 125,000 |": the row's label says so
        if d.forecast_verb.search(head) and d.forecaster.search(
            view[max(0, f.start - 200) : f.start]
        ):
            return True
        if re.search(
            r"\b(?:expect|expects|expected|think|thinks|believe|believes|reckon|reckons)\b", head
        ) and re.search(
            rf"\b(?:{self.d.forecaster.pattern})\b\s+(?:\w+\s+){{0,4}}?(?:expect|think|believe|reckon|forecast|estimate|see)",
            head,
            re.I,
        ):
            return True
        if re.search(r"\b(?:could|may|might|likely)\b", view[max(lo, f.start - 60) : f.start]):
            return True
        # "..., according to Citi", "..., analysts say": the source is a forecaster
        return any(
            a <= f.start <= b and d.forecaster.fullmatch(source) for a, b, source in ctx.scopes
        )

    # -- subjects -------------------------------------------------------------------------

    def cars(self, ctx: Context) -> list[tuple[int, int, str]]:
        """The family's cars the sentence names, plurals too ("25,000 SU7s"): (start, end, name)."""
        subjects = ctx.subjects
        out = [
            (m.start, m.end, m.entity.canonical)
            for m in ctx.mentions
            if subjects.is_vehicle(m.entity.canonical)
        ]
        for m in self.d.plural_car.finditer(ctx.view):
            e = self.env.registry.resolve(m.group("name"))
            if (
                e is not None
                and subjects.is_vehicle(e.canonical)
                and not any(a <= m.start() < b for a, b, _ in out)
            ):
                out.append((m.start(), m.end(), e.canonical))
        return sorted(out)

    def car_of(
        self, ctx: Context, f: Figure, lo: int, hi: int, *, orders: bool
    ) -> tuple[str, str | None]:
        """The car a figure is about, and its trim; the company's car business when none.

        A car named before the figure (nearer than the company) or right after it ("27,307
        SU7 sedans", "25,000 SU7s"); for orders, and for a trim or "the model" without a
        name, the car the paragraph (else the article) spoke of last."""
        view, subjects = ctx.view, ctx.subjects
        if self.d.whole_of_before.search(view[max(0, f.start - 40) : f.start]):
            return subjects.business, None  # "the YU7 accounted for 25,000 of the 40,000 cars"
        cars = self.cars(ctx)
        fam = [
            (m.start, m.end, m.entity.canonical)
            for m in ctx.mentions
            if ctx.is_family(m) and m.entity.kind != "person"
        ]
        named = sorted({*fam, *cars})
        # "cumulative deliveries since the SU7 went on sale ... above 400,000": a car named in a
        # clause of time is not what the figure counts
        named = [
            c for c in named if not self.d.time_clause_before.search(view[max(0, c[0] - 30) : c[0]])
        ]
        before = [c for c in named if c[1] <= f.start and c[0] >= lo - 60]
        after = [
            c
            for c in cars
            if c[0] >= f.end and c[0] - f.end <= 40 and not re.search(r"[.;]", view[f.end : c[0]])
        ]
        # a trim named after the figure is its trim only in the same phrase ("6,000 SU7 Ultras",
        # "orders for the SU7 Ultra"), not in the next item of a list ("on the 350,000 target,
        # the SU7 Ultra and the YU7") or the next clause
        variant = self.variant(view[lo : f.start]) or (
            self.variant(view[f.end : after[0][1] + 12])
            if after and not re.search(r"[,;:]|\s[-–—]\s", view[f.end : after[0][0]])
            else None
        )
        car = None
        if orders:
            # "The YU7 launched on June 26, and Xiaomi says it took 240,000 orders": the car the
            # sentence names before the figure, even with the company nearer
            before = [c for c in cars if c[1] <= f.start] or before
        new_subject = bool(before) and bool(self.d.new_subject.search(view, before[-1][1], f.start))
        if (
            new_subject
            and not orders
            and (
                self.d.cars_in_general.match(view, f.end)
                or self.d.cars_in_general.search(view[f.start : f.end])
            )
        ):
            # "started selling cars with the SU7, and they've already handed over 300,000 cars in
            # total": the company's cars, not the one named in the clause before
            before = []
        if before and subjects.is_vehicle(before[-1][2]):
            car = before[-1][2]
            variant = variant or self.variant(view[before[-1][0] : before[-1][1] + 12])
        elif after and (
            orders or re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", view[f.end : after[0][0]])
        ):
            car = after[0][2]  # "27,307 SU7 sedans", "orders for its SU7"
        # the car of the paragraph, or of the question just before it (an interview's answer is
        # about what was asked: "Let's talk about the SU7 Ultra. Was 529,900 yuan a risk?")
        memo = self.memo
        asked = memo.car_paragraph == memo.asked_paragraph == ctx.sent.paragraph - 1
        memo_car = memo.car if memo.car_paragraph == ctx.sent.paragraph or asked else None
        if car is None and (orders or variant or self.d.car_stand_in.search(view, lo, hi)):
            if memo_car is not None:
                car, variant = memo_car[0], variant or memo_car[1]
            else:
                car = ctx.vehicle_subject(before=f.start)
                if not subjects.is_vehicle(car):
                    car = ctx.discourse.cars[-1] if ctx.discourse and ctx.discourse.cars else None
        if car is None or not subjects.is_vehicle(car):
            return subjects.business, None
        if variant is None and self._is_heading(view):
            # "### 2. 10,000 orders in two hours" over "The Ultra blew past 10,000 orders ...": a
            # heading restating the figure of the paragraph under it is about that paragraph's trim
            variant = self._variant_below(ctx, f)
        return car, variant

    def _variant_below(self, ctx: Context, f: Figure) -> str | None:
        text = ctx.article.text
        number = re.search(r"\d[\d,.]*[kK]?", ctx.view[f.start : f.end])
        if number is None:
            return None
        start = text.find("\n", ctx.sent.end)
        if start < 0:
            return None
        below = text[start : start + 400].strip()
        below = below.split("\n\n")[0] if below else ""
        if not re.search(rf"(?<![\d,.]){re.escape(number.group())}(?![\d,])", below):
            return None
        first = re.split(r"(?<=[.!?])\s", below, maxsplit=1)[0]
        return self.variant(first)

    def variant(self, text: str) -> str | None:
        found = None
        for m in self.d.variant.finditer(text):
            found = next(g for g in m.groups() if g)
        if found is None:
            return None
        return signals.common().values["variant_names"].get(found.lower(), found.lower())

    # -- times ----------------------------------------------------------------------------

    def owned_times(
        self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int
    ) -> tuple[list[TimeMention], list[TimeMention]]:
        """The times a figure is for: those right after it ("7,058 units in April") and, when
        none, those before it that no other figure took ("In the third quarter, Xiaomi
        delivered 39,790"); each list nearest first."""
        view = ctx.view
        times = [
            t
            for t in self.times(ctx)
            if lo <= t.start and t.end <= hi and t.interval.granularity in _PERIOD_GRAINS
        ]

        def after_of(g: Figure) -> list[TimeMention]:
            out: list[TimeMention] = []
            pos = g.end
            for t in times:
                if t.start < g.end:
                    continue
                gap = view[pos : t.start]
                joined = self.d.time_after_figure if not out else self.d.time_list_joint
                labels_next = any(
                    h is not g and re.fullmatch(r"\s*(?:of|:)\s*", view[t.end : h.start])
                    for h in figures
                )
                if labels_next:
                    break  # "105k and FY25 of 390k": FY25 is the next figure's
                if joined.fullmatch(gap) and not any(
                    pos <= h.start < t.start for h in figures if h is not g
                ):
                    out.append(t)
                    pos = t.end
                else:
                    break
            return out

        mine_after = after_of(f)
        taken = {id(t) for g in figures if g is not f for t in after_of(g)}
        before = [
            t
            for t in times
            if t.end <= f.start
            and id(t) not in taken
            and (
                not any(t.end <= g.start and g.end <= f.start for g in figures if g is not f)
                or self._list_from(ctx, t, f, figures)
            )
            and not self._said_when(view, t)
            # "began selling cars in 2024 with the SU7, and it has handed over 300,000 cars": 2024
            # is another statement's
            and not self.d.new_subject.search(view, t.end, f.start)
        ]
        return mine_after, list(reversed(before))

    def _said_when(self, view: str, t: TimeMention) -> bool:
        """A month or day that dates a statement ("the annual report released in March", "said
        on Tuesday"), not the period of a figure ("reported second-quarter deliveries")."""
        return (
            t.interval.granularity in ("month", "day")
            and bool(self.d.statement_time_before.search(view[max(0, t.start - 60) : t.start]))
            and not self._names_figure(view, t)
        )

    def _names_figure(self, view: str, t: TimeMention) -> bool:
        """Does the time name what a figure counts: "July deliveries", "its 2025 delivery
        target", "deliveries in August would exceed 10,000"?"""
        return bool(
            self.d.time_names_figure.match(view, t.end)
            or self.d.figure_noun_before_time.search(view[max(0, t.start - 30) : t.start])
        )

    def _list_from(self, ctx: Context, t: TimeMention, f: Figure, figures: list[Figure]) -> bool:
        """Is the figure the last item of a list by maker headed by the time ("Nov deliveries:
        Li Auto 48,740, Nio 20,575, Xiaomi over 20,000")?"""
        inner = [g for g in figures if t.end <= g.start and g.end <= f.start]
        items = inner + [f]
        for a, b in zip(items, items[1:], strict=False):
            gap = ctx.view[a.end : b.start]
            for m in ctx.mentions:
                if a.end <= m.start and m.end <= b.start:
                    gap = gap.replace(m.surface, " ")
            if not re.fullmatch(r"[\s,;|]*(?:and\s+)?", gap) and not self._maker_clauses(
                ctx, t.end, a.end, b.start
            ):
                return False
        return True

    def _maker_clauses(self, ctx: Context, head: int, a_end: int, b_start: int) -> bool:
        """Are two figures in clauses by maker under a caption that ends before ``head`` ("November
        deliveries: Li Auto leads, Leapmotor tops 40,000 for the first time, Xiaomi stays above
        20,000"): the first figure's clause ends at a comma, and the next one is a maker and a
        few words of verb before its figure?"""
        view = ctx.view
        colon = view.find(": ")
        if colon < 0 or colon > 60 or head > colon + 1 or colon > a_end:
            return False
        m = re.fullmatch(
            r"[^,;:.|\d]{0,40}[,;]\s*(?:and\s+)?(?P<rest>.*)", view[a_end:b_start], re.S
        )
        if m is None:
            return False
        start = a_end + m.start("rest")
        maker = next(
            (
                x
                for x in ctx.mentions
                if x.start == start
                and (x.entity.kind in ("company", "automaker") or ctx.is_family(x))
            ),
            None,
        )
        return maker is not None and bool(
            re.fullmatch(r"\s+(?-i:[a-z']+\s+){1,3}", view[maker.end : b_start])
        )

    def times(self, ctx: Context, *, usable: bool = True) -> list[TimeMention]:
        """The sentence's times; in a list of periods, one named without its year takes the year
        of the one before it ("27,307 in the second quarter of 2024, 39,790 in the third
        quarter")."""
        key = ("times", usable)
        if key in self._cache:
            return self._cache[key]  # type: ignore[return-value]
        out: list[TimeMention] = []
        for t in ctx.usable_times() if usable else ctx.times:
            if t.relative and t.interval.granularity in ("quarter", "half", "month"):
                named = [
                    p
                    for p in out
                    if p.interval.granularity == t.interval.granularity and not p.relative
                ]
                if named and named[-1].interval.start.year != t.interval.start.year:
                    year = named[-1].interval.start.year
                    iv = label_interval(re.sub(r"^\d{4}", str(year), t.interval.label))
                    if iv is not None:
                        t = TimeMention(t.start, t.end, t.text, iv, False)
            out.append(t)
        self._cache[key] = out
        return out

    # -- actual figures: deliveries and production in a period, or so far -------------------

    def actual(
        self,
        ctx: Context,
        f: Figure,
        figures: list[Figure],
        kind: str,
        lo: int,
        hi: int,
        *,
        forecast: bool,
        expected: bool = False,
    ) -> int:
        d, view = self.d, ctx.view
        car, variant = self.car_of(ctx, f, lo, hi, orders=False)
        noun = "delivery" if kind == "delivery" else "production"
        after, before = self.owned_times(ctx, f, figures, lo, hi)
        after = [t for t in after if not self._said_when(view, t)]
        # the figure's own clause and what follows it up to the next figure: "as of May end
        # cumulative delivery already break 10,000" is cumulative, "May month delivery exceed
        # 8,630" in the same sentence is not
        clause_lo, clause_hi = signals.clause_window(view, f.start, f.end)
        nxt = min([g.start for g in figures if g.start >= f.end] + [hi, clause_hi])
        statement = view[max(lo, clause_lo) : f.start] + " " + view[f.end : nxt]
        strong_cumulative = bool(d.strong_cumulative.search(statement))
        mark = bool(d.mark_after.match(view, f.end))
        as_of = [t for t in after + before if self._as_of(view, t)]
        periods = [t for t in after + before if not self._as_of(view, t)]
        each_month = bool(d.every_month_after.match(view, f.end))
        cumulative = (
            strong_cumulative
            or mark
            or bool(as_of)
            or (
                not periods
                and f.per is None
                and not each_month
                and bool(d.cumulative_cue.search(statement) or d.perfect_tense.search(statement))
            )
        )
        run = None if forecast or expected else self._run(ctx, f, figures, after, before, lo, hi)
        if run:
            # "has delivered over 10,000 units for the second month in a row": each month of the run
            return sum(
                self.emit(ctx, f, f"{noun}.volume", car, variant, iv, per=None) for iv in run
            )
        if (f.per == "month" or each_month) and not cumulative:
            return self.monthly(ctx, f, noun, car, variant, after, before, lo, hi, forecast)
        if f.per is not None:
            return 0
        if cumulative:
            # as of the date the text gives, or the time right after the figure ("expects to hit
            # 100,000 mark in Nov"), else the article's date ("Deliveries began on April 3, and it
            # has handed over 5,700 cars so far" is as of the article)
            attached = [t for t in after if not self._as_of(view, t)]
            when = self._as_of_interval(
                view,
                (as_of or self._as_of_elsewhere(ctx, f, figures) or attached or [None])[0],
                ctx,
                future=forecast,
            )
            return self.emit(
                ctx,
                f,
                f"{noun}.cumulative",
                car,
                variant,
                when,
                forecast=forecast,
                at_least="expected" if expected else None,
            )
        chosen = self._periods(ctx, f, after, before)
        if not chosen:
            chosen = self._shared_period(ctx, f, figures, lo, hi)
        if not chosen:
            chosen = self._ellipsis(ctx, f, figures, lo)
        if not chosen:
            chosen = self._inherited_period(ctx, f)
        if not chosen and not forecast:
            chosen = self._latest_period(ctx, f, lo)
        if not chosen:
            return 0
        relative = [t for t in after + before if t.relative]
        if not forecast and not expected:
            chosen = [
                _in_the_past(iv, ctx.published or ctx.ref)
                if any(t.interval.contains(iv) for t in relative)
                else iv
                for iv in chosen
            ]
        elif relative:
            # "Q2 deliveries were 27,307, Q3 ... 39,790, and Q4 (our estimate) was 69,757": a
            # period of a list without its year takes the year of the item before it
            chosen = [self._year_of_list(ctx, iv) for iv in chosen]
        made = 0
        for iv in chosen:
            made += self.emit(ctx, f, f"{noun}.volume", car, variant, iv, forecast=forecast)
        return made

    def monthly(
        self,
        ctx: Context,
        f: Figure,
        noun: str,
        car: str,
        variant: str | None,
        after: list[TimeMention],
        before: list[TimeMention],
        lo: int,
        hi: int,
        forecast: bool,
    ) -> int:
        """ "more than 10,000 vehicles a month since June": one claim per month; "as many as
        30,000 vehicles a month in the second half" (a rate, kept with its period)."""
        view = ctx.view
        times = [t for t in ctx.times if lo <= t.start and t.end <= hi and t.start >= f.end]
        for t in times:
            if (
                re.search(r"\bsince\s+$", view[max(0, t.start - 10) : t.start])
                and t.interval.granularity == "month"
            ):
                ref = ctx.published or ctx.ref
                if ref is None:
                    return 0
                return sum(
                    self.emit(
                        ctx, f, f"{noun}.volume", car, variant, iv, forecast=forecast, per=None
                    )
                    for iv in _months(t.interval.start, ref, complete=True)
                )
        chosen = self._periods(ctx, f, after, before)
        if chosen and forecast:
            return sum(
                self.emit(ctx, f, f"{noun}.volume", car, variant, iv, forecast=True, per="month")
                for iv in chosen
            )
        if chosen and all(iv.granularity == "month" for iv in chosen):
            return sum(
                self.emit(ctx, f, f"{noun}.volume", car, variant, iv, forecast=forecast, per=None)
                for iv in chosen
            )
        if not chosen and not forecast:
            # "Lei Jun's EV Crosses 10,000 Monthly Deliveries Again": the latest month
            return sum(
                self.emit(ctx, f, f"{noun}.volume", car, variant, iv, per=None)
                for iv in self._latest_period(ctx, f, lo)
            )
        return 0

    def _run(
        self,
        ctx: Context,
        f: Figure,
        figures: list[Figure],
        after: list[TimeMention],
        before: list[TimeMention],
        lo: int,
        hi: int,
    ) -> list[Interval]:
        """ "delivered over 10,000 units for the second month in a row": the months (quarters) of
        the run, ending with the one the figure names, else with the latest one over."""
        view = ctx.view
        m = self.d.run_of_periods.search(view, lo, hi)
        if m is None or ctx.published is None:
            return []
        # the run is this figure's: no other figure between them, none right after the run
        # ("the third straight month above 20,000" is said of 20,000)
        a, b = (f.end, m.start()) if m.start() >= f.end else (m.end(), f.start)
        if any(a <= g.start < b for g in figures if g is not f):
            return []
        if any(m.end() <= g.start < m.end() + 25 for g in figures if g is not f):
            return []
        groups = m.groupdict()
        grain = next(groups[k] for k in ("grain", "grain2", "grain3", "grain4") if groups[k])
        grain = grain.lower().rstrip("s")
        word = (groups["nth"] or groups["nth2"] or groups["count"]).lower()
        n = _NUMBER_WORDS.get(word) or int(re.sub(r"\D", "", word))
        named = [t.interval for t in (after or before[:1])]
        if named:
            if len(named) != 1 or named[0].granularity != grain:
                return []
            end = (
                _in_the_past(named[0], ctx.published) if (after or before)[0].relative else named[0]
            )
        elif ctx.times:
            # "delivered 40,000 in October, ..., topping 30,000 for a third straight month": the
            # one period of the sentence
            labels = {t.interval.label for t in self.times(ctx)}
            same = [t for t in self.times(ctx) if t.interval.granularity == grain]
            if len(labels) != 1 or not same:
                return []
            end = (
                _in_the_past(same[0].interval, ctx.published)
                if same[0].relative
                else same[0].interval
            )
        else:
            end = _latest(grain, ctx.published)
        if end is None:
            return []
        return [iv for k in range(n - 1, -1, -1) if (iv := _step_back(end, k)) is not None]

    def _latest_period(self, ctx: Context, f: Figure, lo: int) -> list[Interval]:
        """A monthly or quarterly figure reported in the present tense, with no time in the
        sentence: the latest month (quarter) over ("Xiaomi tops 100,000 quarterly deliveries")."""
        d, view = self.d, ctx.view
        if ctx.published is None or ctx.times:
            return []
        head = view[max(lo, f.start - 60) : f.start]
        after = d.latest_grain_after.match(view[f.end :])
        before = d.latest_grain_before.search(head)
        grain = (
            "month"
            if f.per == "month"
            else (after or before).group("grain").lower()
            if (after or before)
            else None
        )
        if grain is None:
            return []
        grain = {"monthly": "month", "quarterly": "quarter"}.get(grain, grain)
        verb = d.latest_verb.search(head)
        if verb is None or d.not_a_report_before.search(head[: verb.start()]):
            return []
        end = _latest(grain, ctx.published)
        return [end] if end is not None else []

    def _periods(
        self, ctx: Context, f: Figure, after: list[TimeMention], before: list[TimeMention]
    ) -> list[Interval]:
        """The periods a volume is for; one per month for "in each month from June through
        September", "in each of January and February"."""
        view = ctx.view
        if after and before and all(t.interval.granularity == "day" for t in after):
            after = []  # "second-quarter deliveries of 81,302 vehicles on August 19": reported then
        times = after or before[:1]
        if (
            after
            and len(after) > 1
            and re.search(r"\beach\s+of\b|\band\b", view[after[0].end : after[-1].start])
        ):
            times = after
        elif not after and before:
            # "January and February each exceed 20,000": the run of times just before "each"
            run = [before[0]]
            for t in before[1:]:
                if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", view[t.end : run[-1].start]):
                    run.append(t)
                else:
                    break
            if len(run) > 1 and self.d.each_month.search(view, run[0].end, f.start):
                times = list(reversed(run))
        out: list[Interval] = []
        each = (
            self.d.each_month.search(
                view[max(0, f.start - 40) : (times[-1].end if times else f.end) + 5]
            )
            if times
            else None
        )
        for t in times:
            iv = self._month_end(view, t)
            if (
                iv.granularity == "range"
                and each
                and re.search(
                    r"\b(?:each|every)\s+month|monthly", view[max(0, f.start - 40) : t.end], re.I
                )
            ):
                out.extend(_months(iv.start, iv.end, complete=False))
            elif iv.granularity in ("month", "quarter", "half", "year", "range", "part", "day"):
                out.append(iv)
        return out

    @staticmethod
    def _month_end(view: str, t: TimeMention) -> Interval:
        """ "As of March end", "May end", "April first week" (machine translation): the end or
        the start of the month."""
        if t.interval.granularity == "month" and re.match(r"\s+end\b", view[t.end :], re.I):
            return label_interval(f"{t.interval.label}-END") or t.interval
        if t.interval.granularity == "month" and re.match(
            r"(?:'s)?\s+first\s+(?:week|days|ten\s+days)\b", view[t.end :], re.I
        ):
            return label_interval(f"{t.interval.label}-START") or t.interval
        return t.interval

    def _as_of(self, view: str, t: TimeMention) -> bool:
        return bool(
            self.d.as_of_before.search(view[max(0, t.start - 20) : t.start])
            or t.interval.granularity == "by"
            or (t.interval.granularity in ("part",) and t.interval.label.endswith("-END"))
            or re.match(r"\s+end\b", view[t.end :], re.I)
        )

    def _as_of_elsewhere(self, ctx: Context, f: Figure, figures: list[Figure]) -> list[TimeMention]:
        """ "75,723 locked-in orders - those backed by non-refundable deposits - as of April 24":
        an as-of date later in the sentence, with no other figure between."""
        view = ctx.view
        return [
            t
            for t in self.times(ctx)
            if t.start >= f.end
            and re.search(
                r"\bas\s+(?:of|at)\s+(?:the\s+)?$", view[max(0, t.start - 12) : t.start], re.I
            )
            and not any(f.end <= g.start < t.start for g in figures)
            and not re.search(r"[.;]\s", view[f.end : t.start])
        ][:1]

    def _as_of_interval(
        self, view: str, t: TimeMention | None, ctx: Context, *, future: bool
    ) -> Interval | None:
        if t is None:
            when = ctx.published
            return Interval(when, when, when.isoformat(), "day") if when else None
        iv = self._month_end(view, t)
        if iv.granularity == "by" and not future and iv.label.startswith("by "):
            inner = label_interval(iv.label[3:])
            return inner or iv
        return iv

    def _shared_period(
        self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int
    ) -> list[Interval]:
        """ "sold 13,120 SU7s and 1,000 SU7 Ultras in August": two figures joined by "and"
        share the period after the second."""
        nxt = next((g for g in figures if g.start >= f.end), None)
        if nxt is None:
            return []
        gap = ctx.view[f.end : nxt.start]
        for a, b, _ in self.cars(ctx):
            if f.end <= a and b <= nxt.start:
                gap = gap.replace(ctx.view[a:b], " ")
        if not self.d.figures_joined.fullmatch(gap):
            return []
        after, _ = self.owned_times(ctx, nxt, figures, lo, hi)
        return [t.interval for t in after[:1] if t.interval.granularity != "day"]

    def _ellipsis(self, ctx: Context, f: Figure, figures: list[Figure], lo: int) -> list[Interval]:
        """ "27,307 in the second quarter of 2024, 39,790 in the third quarter and 69,697 in the
        fourth": the quarter (or half) of the list, with the list's year."""
        m = re.match(
            r"\s+in\s+the\s+(first|second|third|fourth)\b(?![\s-]+(?:quarter|half))",
            ctx.view[f.end :],
            re.I,
        )
        if not m:
            return []
        prior = [
            t.interval
            for t in self.times(ctx, usable=False)
            if lo <= t.start < f.start and t.interval.granularity in ("quarter", "half")
        ]
        memo = self.memo
        if (
            not prior
            and memo.period is not None
            and memo.period_sentence == memo.sentence - 1
            and memo.period.granularity in ("quarter", "half")
        ):
            prior = [
                memo.period
            ]  # "... in the second quarter. This was up from 75,869 in the first."
        if not prior:
            return []
        iv = prior[-1]
        n = ("first", "second", "third", "fourth").index(m.group(1).lower()) + 1
        kind = "Q" if iv.granularity == "quarter" else "H"
        if kind == "H" and n > 2:
            return []
        found = label_interval(f"{iv.start.year}-{kind}{n}")
        return [found] if found else []

    def _year_of_list(self, ctx: Context, iv: Interval) -> Interval:
        """A quarter (half, month) named without its year, after items of the same list in the
        sentence: the year that keeps the list in order after the item before it."""
        items = [
            c
            for c in ctx.claims
            if c.property.endswith(".volume") and c.period_label and c.period_start is not None
        ]
        if not items or iv.granularity not in ("quarter", "half", "month"):
            return iv
        prev = label_interval(items[-1].period_label)
        if prev is None or prev.granularity != iv.granularity:
            return iv
        year = (
            prev.start.year
            if iv.start.replace(year=prev.start.year) > prev.start
            else prev.start.year + 1
        )
        moved = label_interval(re.sub(r"^\d{4}", str(year), iv.label))
        return moved or iv

    def _inherited_period(self, ctx: Context, f: Figure) -> list[Interval]:
        """A results sentence without a period ("revenue of 6.4 billion yuan on deliveries of
        27,307 SU7 sedans") is about the period the sentence before it named; "that month"
        is the month the sentence named last."""
        view = ctx.view
        if re.search(r"\b(?:that|the\s+same)\s+month\b", view[f.end : f.end + 40], re.I):
            months = [
                t for t in ctx.times if t.interval.granularity == "month" and t.start < f.start
            ]
            if months:
                return [months[-1].interval]
        memo = self.memo
        if self.d.the_year.search(view, max(0, f.start - 60), f.end + 40) and memo.year is not None:
            return [memo.year]  # "It ended the year with 136,854 deliveries"
        if (
            memo.period is not None
            and memo.period_sentence == memo.sentence - 1
            and not ctx.times
            and not re.search(r"\b(?:has|have|'ve)\s+", view[: f.start])
        ):
            return [memo.period]
        return []

    # -- targets ----------------------------------------------------------------------------

    def target(
        self,
        ctx: Context,
        f: Figure,
        figures: list[Figure],
        kind: str,
        lo: int,
        hi: int,
        *,
        period_hint: Interval | None = None,
    ) -> int:
        d, view = self.d, ctx.view
        prop = "production.target" if kind == "production" else "delivery.target"
        car, variant = self.car_of(ctx, f, lo, hi, orders=False)
        if variant is None and ctx.subjects.current_vehicle(ctx.published) is not None:
            # while the company sells one car, a target for it is the company's target ("raised
            # its delivery goal for the SU7 to 120,000"); a trim's target stays the car's
            car = ctx.subjects.business
        statement = view[lo:hi]
        revised = bool(d.revision.search(statement)) or bool(
            signals.common().revised.search(statement)
        )
        head = view[max(lo, f.start - 60) : f.start]
        superseded = revised and bool(d.earlier_value.search(head))

        # "350,000 units (previously 300,000)", "versus 300,000 before": a value the statement
        # marks as the earlier one is replaced, and the other one is a revision
        def marked_earlier(g: Figure) -> bool:
            return bool(
                d.earlier_marked_before.search(view[max(lo, g.start - 30) : g.start])
                or d.earlier_marked_after.match(view, g.end)
            )

        if marked_earlier(f):
            revised = superseded = True
        elif any(marked_earlier(g) for g in figures if g is not f and lo <= g.start < hi):
            revised = True
        # "the original target of 100,000, lifted to 120,000": the plan word is the first
        # figure's, not the ones after it
        plan_head = view[max(lo, f.start - 80) : f.start]
        earlier = [g for g in figures if g.end <= f.start and g.start >= max(lo, f.start - 80)]
        if earlier:
            plan_head = view[earlier[-1].end : f.start]
        past_plan = bool(d.past_plan.search(plan_head)) or bool(
            signals.common().past_plan.search(plan_head if earlier else statement)
        )
        # "raised twice (100k → 120k → 130k)": every value but the last was replaced, every
        # value but the first is a revision
        arrow_next = any(
            g.start >= f.end and d.chain_link.fullmatch(view[f.end : g.start]) for g in figures
        )
        arrow_prev = any(
            g.end <= f.start and d.chain_link.fullmatch(view[g.end : f.start]) for g in figures
        )
        # "lifted to 120,000 in July and to 130,000 in November": each "to" value but the last
        # was replaced, and each is a revision of its own (with its own date)
        to_before = d.revised_to_before.search(view, max(lo, f.start - 12), f.start)
        to_next = bool(
            revised
            and to_before
            and any(
                g.start >= f.end
                and g.end <= hi
                and d.revised_to_before.search(view, max(f.end, g.start - 12), g.start)
                for g in figures
            )
        )
        revised = revised or arrow_next or arrow_prev  # a chain of values is a revision
        revision_of_its_own = revised and not superseded
        if (
            revised
            and past_plan
            and not d.revision.search(view, lo, f.start)
            and not signals.common().revised.search(view[lo : f.start])
        ):
            # "had started the year aiming for 100,000 and lifted that goal twice": the plan
            # the revision replaced
            superseded, revision_of_its_own = True, False
        if revised and (arrow_next or to_next):
            superseded = True
        if arrow_next or arrow_prev:
            revision_of_its_own = revised and arrow_prev
        elif to_next:
            revision_of_its_own = True
        period, announced = self._target_times(
            ctx,
            f,
            figures,
            lo,
            hi,
            revised=revised,
            superseded=superseded and not to_next,
            history=superseded or past_plan,
            period_hint=period_hint,
        )
        if period is None:
            period = self._target_year(ctx, statement)
        # "this year delivery target 100,000 vehicles, strive 120,000": a stretch goal beside
        # the target, not a second value of it
        stretch = bool(d.stretch.search(view, max(lo, f.start - 40), f.start))
        qualifiers: dict = {"scope": "stretch target" if stretch else "target"}
        if revision_of_its_own:
            qualifiers["revised"] = True
        if superseded:
            qualifiers["superseded"] = True
        if past_plan:
            qualifiers["past_plan"] = True
        if announced:
            qualifiers["announced"] = announced
        made = self.emit(
            ctx, f, prop, car, variant, period, qualifiers=qualifiers, at_least="expected"
        )
        # "expects to reach its 100,000-unit annual delivery target in November": the total
        # expected by then
        reach = d.reach_target.search(view, max(lo, f.start - 40), min(hi, f.end + 60))
        if reach and prop == "delivery.target":
            after = [
                t
                for t in self.times(ctx)
                if f.end <= t.start < hi and t.interval.granularity == "month"
            ]
            if after:
                made += self.emit(
                    ctx,
                    f,
                    "delivery.cumulative",
                    car,
                    variant,
                    after[0].interval,
                    at_least="expected",
                )
        return made

    def _target_times(
        self,
        ctx: Context,
        f: Figure,
        figures: list[Figure],
        lo: int,
        hi: int,
        *,
        revised: bool,
        superseded: bool,
        history: bool = False,
        period_hint: Interval | None = None,
    ) -> tuple[Interval | None, str | None]:
        """The period a target is for, and the date it was set (when the text gives it).

        A time that names the deliveries ("July deliveries", "its 2025 delivery target") is the
        period; so is one right after the figure ("exceed 13,000 in August"), unless the
        statement is a revision or says when the target was set ("raised ... to 120,000 in
        July", "set the 100,000 target in April": that is when it was set); else the year the
        statement names, else the year the article spoke of."""
        d, view = self.d, ctx.view
        plain = [g for g in figures if not g.ordinal]
        after, before = self.owned_times(ctx, f, plain, lo, hi)
        statement = [t for t in self.times(ctx) if lo <= t.start and t.end <= hi]
        set_verb = bool(re.search(r"\b(?:set|announced|unveiled)\b", view[lo:hi], re.I))

        def names(t: TimeMention) -> bool:
            return self._names_figure(view, t)

        period = None

        def own(t: TimeMention) -> bool:
            # "deliveries in August would exceed 10,000, and reaffirmed the 120,000 goal": a time
            # after the noun of what is counted is the next figure's, not a later one's
            if d.time_names_figure.match(view, t.end):
                return True
            a, b = (t.end, f.start) if t.end <= f.start else (f.end, t.start)
            return not any(a <= g.start < b for g in plain if g is not f)

        named = [t for t in statement if names(t) and own(t) and not self._said_when(view, t)]
        if named:
            period = self._ahead(ctx, min(named, key=lambda t: _distance(t, f)), history)
        if period is None and not revised:
            attached = [
                t
                for t in after
                if not self._said_when(view, t)
                and not (set_verb and t.interval.granularity in ("month", "day"))
            ]
            if attached:
                period = self._ahead(ctx, attached[0], history)
        if period is None:
            years = [
                t
                for t in statement
                if t.interval.granularity in ("year", "half", "quarter", "by")
                and not self._said_when(view, t)
            ]
            if years:
                period = min(years, key=lambda t: _distance(t, f)).interval
        if period is None:
            period = period_hint or self._target_year(ctx, view[lo:hi])
        announced = None
        if (revised or set_verb) and not superseded:
            dates = [
                t
                for t in after + before
                if t.interval.granularity in ("month", "day")
                and not names(t)
                and t.interval != period
            ]
            if not dates:
                # "raised ... to 350,000 from 300,000 on March 18", "In March ... raised the target
                # from 300,000 to 350,000": the revision's date, wherever the statement puts it
                others = [
                    g
                    for g in plain
                    if g is not f
                    and not d.earlier_value.search(view[max(lo, g.start - 60) : g.start])
                ]
                taken = {id(t) for g in others for t in self.owned_times(ctx, g, plain, lo, hi)[0]}
                dates = [
                    t
                    for t in statement
                    if t.interval.granularity in ("month", "day")
                    and not names(t)
                    and id(t) not in taken
                    and t.interval != period
                ]
            if dates:
                announced = dates[0].interval.label
        return period, announced

    @staticmethod
    def _ahead(ctx: Context, t: TimeMention, history: bool) -> Interval:
        """A target's month or quarter named without its year that would already be over is
        next year's ("said on Tuesday that sales in December should top 30,000", in August);
        not a plan the article gives as history ("had aimed to deliver 10,000 in March")."""
        iv, ref = t.interval, ctx.published
        if (
            history
            or not t.relative
            or ref is None
            or iv.end >= ref
            or iv.granularity not in ("month", "quarter", "half")
            or re.search(r"\b(?:last|previous|past|earlier|ago)\b", t.text, re.I)
        ):
            return iv
        moved = label_interval(re.sub(r"^(\d{4})", lambda m: str(int(m.group(1)) + 1), iv.label))
        return moved or iv

    def _target_year(self, ctx: Context, statement: str) -> Interval | None:
        """The year a target without one is for: the year the article spoke of last when the
        statement refers back ("that goal", "the target it set for the year"), else the
        article's year."""
        memo = self.memo
        if self.d.unresolved_period.search(statement):
            return None  # "in its first year", "within three years": not a calendar period
        # "delivered 136,854 in 2024, beating a target of 130,000", "The full-year total of
        # 136,854 compares with the original target of 100,000": the year of the volume it is
        # measured against
        years = [
            c
            for c in ctx.claims
            if c.property == "delivery.volume"
            and c.period_label
            and re.fullmatch(r"\d{4}", c.period_label)
        ]
        if years:
            return label_interval(years[-1].period_label)
        if memo.year is not None and re.search(
            r"\bthe\s+year\b|\bthat\s+(?:goal|target)\b|\bthe\s+(?:\w+\s+)?(?:goal|target)\b",
            statement,
            re.I,
        ):
            return memo.year
        when = ctx.published or ctx.ref
        return label_interval(str(when.year)) if when else None

    # -- orders -----------------------------------------------------------------------------

    def order(self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int) -> int:
        view = ctx.view
        car, variant = self.car_of(ctx, f, lo, hi, orders=True)
        kind = self.order_kind(ctx, f, figures, lo, hi)
        qualifiers: dict = {"order_kind": kind}
        window = self.window(ctx, f, figures, lo, hi)
        interval = None
        after, before = self.owned_times(ctx, f, figures, lo, hi)
        dated = [t for t in after + before if t.interval.granularity in ("day", "month", "part")]
        if window:
            qualifiers["window"] = window
            if dated:
                interval = (
                    dated[0].interval
                )  # "the March 2024 debut ... drew 88,898 firm orders in its first 24 hours"
        else:
            # orders so far: as of the date the text gives ("as of April 24"); orders taken in a
            # period its own clause names ("the SU7 in April first week the locked single only
            # about 6,000"); else as of the article's date
            # ("By April 24 it was still sitting on 75,723 locked orders": a "by" date too)
            as_of = [
                t
                for t in after + before
                if t.interval.granularity in ("day", "month", "part", "by") and self._as_of(view, t)
            ] or self._as_of_elsewhere(ctx, f, figures)
            clause_lo, _ = signals.clause_window(view, f.start, f.end)
            own = [
                t
                for t in after + before
                if t.start >= clause_lo
                and t.interval.granularity in ("day", "month", "part", "range")
            ]
            if as_of:
                interval = self._as_of_interval(view, as_of[0], ctx, future=False)
            elif own:
                interval = self._month_end(view, own[0])
            else:
                interval = self._as_of_interval(view, None, ctx, future=False)
        return self.emit(ctx, f, "orders.count", car, variant, interval, qualifiers=qualifiers)

    def order_kind(self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int) -> str:
        """locked / pre-order / order, from the figure's own words (not its neighbour's: "200,000
        orders in 3 minutes, and 240,000 were locked in"); "refundable" anywhere in the
        statement makes plain orders pre-orders."""
        view = ctx.view
        prev = max([g.end for g in figures if g.end <= f.start] + [lo, f.start - 60])
        nxt = min([g.start for g in figures if g.start >= f.end] + [hi, f.end + 60])
        near = view[prev:nxt]
        if self.d.locked_order.search(near):
            return "locked"
        if self.d.pre_order.search(near) or self.d.pre_order.search(view):
            return "pre-order"  # "..., though that tally included refundable reservations"
        return "order"

    def window(
        self, ctx: Context, f: Figure, figures: list[Figure], lo: int, hi: int
    ) -> str | None:
        """ "in the first 24 hours", "within 27 minutes", "2 hours big set exceeded 10,000"."""
        view = ctx.view
        spans = []
        for q in ctx.quantities:
            if q.unit in ("h", "min", "day") and lo <= q.start and q.end <= hi:
                spans.append((q, q.start >= f.end))
        best = None
        if any(is_after and self._window_after(view, f, q, figures) for q, is_after in spans):
            spans = [(q, a) for q, a in spans if a]  # "240,000 were locked in within 18 hours"
        for q, is_after in spans:
            if is_after:
                gap = view[f.end : q.start]
                if any(f.end <= g.start < q.start for g in figures):
                    continue
                if not re.search(
                    r"\b(?:in|within|during)\s+(?:the\s+|its\s+)?(?:first\s+)?$", gap, re.I
                ):
                    continue
            else:
                gap = view[q.end : f.start]
                if any(q.end <= g.start < f.start for g in figures):
                    continue
                if len(gap) > 60:
                    continue
            dist = abs(q.start - f.end) if is_after else abs(f.start - q.end)
            if best is None or dist < best[0]:
                best = (dist, q)
        if best is not None:
            q = best[1]
            n = int(q.amount) if q.amount == int(q.amount) else q.amount
            word = {"h": "hour", "min": "minute", "day": "day"}[q.unit]
            return f"{n} {word}{'s' if n != 1 else ''}"
        m = self.d.first_hour.search(view, f.end, min(hi, f.end + 60))
        if m and not any(f.end <= g.start < m.start() for g in figures):
            return f"1 {m.group('unit').lower()}"
        return None

    @staticmethod
    def _window_after(view: str, f: Figure, q: Quantity, figures: list[Figure]) -> bool:
        gap = view[f.end : q.start]
        return not any(f.end <= g.start < q.start for g in figures) and bool(
            re.search(r"\b(?:in|within|during)\s+(?:the\s+|its\s+)?(?:first\s+)?$", gap, re.I)
        )

    # -- production: "the 100,000th vehicle rolled off the line" -----------------------------

    def ordinal(self, ctx: Context, f: Figure) -> int:
        view = ctx.view
        prop = (
            "delivery.cumulative"
            if self.d.ordinal_delivered.match(view, f.end)
            else "production.cumulative"
        )
        if prop == "production.cumulative" and not self.d.ordinal_production.search(
            view if not self._is_heading(view) else self._block(ctx)
        ):
            return 0  # "November 18, 2024: Car No. 100,000" heads a block that says it came off the line
        car = next(
            (name for a, _, name in self.cars(ctx) if f.start <= a < f.end), ctx.subjects.business
        )
        after, before = self.owned_times(ctx, f, [f], 0, len(view))
        days = [t for t in after + before if t.interval.granularity == "day"]
        when = days[0].interval if days else self._heading_date(ctx) or self._date_elsewhere(ctx, f)
        if when is None and ctx.published:
            when = Interval(ctx.published, ctx.published, ctx.published.isoformat(), "day")
        return self.emit(ctx, f, prop, car, None, when)

    @staticmethod
    def _is_heading(view: str) -> bool:
        return len(view) <= 90 and not view.rstrip().endswith((".", "!", "?"))

    @staticmethod
    def _block(ctx: Context) -> str:
        """The lines from the sentence to the next blank line (what a heading heads)."""
        text = ctx.article.text
        end = text.find("\n\n", ctx.sent.start)
        return text[ctx.sent.start : end if end >= 0 else len(text)]

    def _date_elsewhere(self, ctx: Context, f: Figure) -> Interval | None:
        """The day another sentence of the article gives the same numbered car ("Millet car the
        100,000th vehicle rolls off the line" over "Yesterday (November 18), ... the 100,000th
        Millet SU7 officially rolled off the production line")."""
        text = ctx.article.text
        m = re.match(r"[\d,]+", ctx.view[f.start : f.end])
        if m is None:
            return None
        number = re.escape(m.group())
        for other in re.finditer(rf"(?<![\d,.]){number}(?:st|nd|rd|th)\b", text):
            if (
                ctx.sent.start <= other.start() < ctx.sent.end
                or other.start() < ctx.article.body_start
            ):
                continue
            lo = max(text.rfind(". ", 0, other.start()) + 2, text.rfind("\n", 0, other.start()) + 1)
            stops = [
                i for i in (text.find(". ", other.end()), text.find("\n", other.end())) if i >= 0
            ]
            hi = min(stops) if stops else len(text)
            sentence = text[lo:hi]
            if not self.d.ordinal_production.search(sentence):
                continue
            days = [
                t
                for t in find_time_expressions(sentence, ctx.published)
                if t.interval.granularity == "day"
                and not signals.common().speech_date.search(sentence[: t.start])
            ]
            if days:
                return days[0].interval
        return None

    def _heading_date(self, ctx: Context) -> Interval | None:
        """The date a dated heading gives its paragraph ("11. November 18, 2024: Car No. 100,000")."""
        text = ctx.article.text
        start = text.rfind("\n\n", 0, ctx.sent.start)
        start = 0 if start < 0 else start + 2
        first = text[start : text.find("\n", start) if text.find("\n", start) >= 0 else len(text)]
        if start >= ctx.sent.start:
            return None
        m = re.match(r"\s*(?:\d{1,2}[.)]\s*)?(.{4,40}?):\s", first)
        if not m:
            return None
        found = find_time_expressions(m.group(1), ctx.published)
        return found[0].interval if found and found[0].interval.granularity == "day" else None

    # -- tables and lists ---------------------------------------------------------------------

    def table_row(self, ctx: Context, figures: list[Figure]) -> bool:
        """ "Xiaomi >20,000 >20,000 n/a n/a" under "Brand Nov 2024 Oct 2024 MoM YoY": each cell
        under a period column is a figure for that period. True when the sentence was a row."""
        d, view = self.d, ctx.view
        if (
            len(view) > self.v["max_row"]
            or len(ctx.quantities) + view.count("n/a") < 2
            and view.count("|") < 2
        ):
            return False  # a row is short and holds figures
        # a note beside an empty cell ("n/a (first deliveries April 2024)") is not a cell: blanked
        # out, the positions kept; a note with a figure other than a year in it is left, so the
        # row does not read
        view = re.sub(
            rf"(?<=[\s|])(?:{d.empty_cell.pattern})\s*\((?:[^()|\d]|(?<!\d)(?:19|20)\d\d(?!\d)){{1,60}}\)",
            lambda n: re.sub(r"\(.*", lambda r: " " * len(r.group()), n.group()),
            view,
            flags=re.I,
        )
        m = d.table_row.match(view)
        if not m:
            return False
        label = m.group("label")
        fam = [x for x in ctx.mentions if x.start < m.end("label")]
        # a row named by what it counts ("Deliveries | 27,307 | 39,790" under "Metric | 2Q24 |
        # 3Q24"): the company's, when the table is
        measure = d.measure_label.fullmatch(label.strip())
        if measure is None and (not fam or not ctx.is_family(fam[0]) or len(label.split()) > 4):
            return True  # another maker's row, or no name: nothing of ours
        header = self._table_header(ctx)
        if header is None:
            return True
        columns, kind, marks = header
        if measure is not None:
            kind = "production" if measure.group("production") else "delivery"
            if not self._table_is_ours(ctx, label):
                return True
        cells = list(d.table_cell.finditer(view, m.start("cells"), m.end("cells")))
        if len(cells) != len(columns) or kind is None:
            return True
        car, variant = (
            (fam[0].entity.canonical, None)
            if fam and ctx.subjects.is_vehicle(fam[0].entity.canonical)
            else (ctx.subjects.business, None)
        )
        for cell, col, estimate in zip(cells, columns, marks, strict=True):
            if col is None:
                continue
            q = next(
                (
                    q
                    for q in ctx.quantities
                    if q.start <= cell.start() < q.end or cell.start() <= q.start < cell.end()
                ),
                None,
            )
            if q is None or q.unit not in (None, "vehicles") or q.amount < self.v["min_count"]:
                continue
            fig = Figure(q.start, q.end, q.amount, q.high, q.approx, q.bound, None, q.unit)
            self.emit(ctx, fig, f"{kind}.volume", car, variant, col, forecast=estimate)
        return True

    def period_row(self, ctx: Context) -> bool:
        """A row of a flattened table whose first cell is a period ("2Q24A | 27,307 | 6.4 |
        15.4%", "Q2 2024 | 27,307 | SU7", "FY25E | 330,000") under a header that names the
        column of deliveries or production ("Year | Deliveries | EV revenue (RMBbn)"): the
        cell in that column is the volume for the period; an estimate mark ("4Q24E") makes it
        speculated. True when the sentence was such a row (of ours or not)."""
        d, view = self.d, ctx.view
        if len(view) > self.v["max_row"]:
            return False
        cells = _cells(view)
        if len(cells) < 2:
            return False
        first = cells[0]
        period = self._cell_period(ctx, first)
        if period is None:
            return False
        iv, estimate = period
        header = self._period_header(ctx, len(cells))
        if header is None:
            return False
        line, head_cells = header
        columns = []
        for n, (a, b) in enumerate(head_cells[1:], start=1):
            text = line[a:b]
            if d.not_a_count_column.search(text) or d.strong_cumulative.search(text):
                continue  # "Deliveries YoY (%)", "Cumulative deliveries"
            if d.other_cue.search(text):
                continue  # "Smartphone sales (m)", "Revenue"
            if d.delivery_cue.search(text) and not d.order_cue.search(text):
                columns.append((n, "delivery", text))
            elif d.production_cue.search(text):
                columns.append((n, "production", text))
        if not columns or not self._table_is_ours(ctx, line):
            return True  # a row of another kind of table, or another maker's: nothing of ours
        for n, kind, heading in columns:
            a, b = cells[n]
            q = next((q for q in ctx.quantities if a <= q.start and q.end <= b), None)
            if (
                q is None
                or q.unit not in (None, "vehicles")
                or q.amount != int(q.amount)
                or q.amount < self.v["min_count"]
                or re.search(r"[^\d\s,.<>~≈+kK]", view[a:b].replace(q.text, ""))
            ):
                continue
            # the claim's quote runs from the period to the figure ("2Q24A | 27,307")
            fig = Figure(first[0], q.end, q.amount, q.high, q.approx, q.bound, None, q.unit)
            marked = estimate or bool(d.estimate_mark.search(heading))
            self.emit(
                ctx,
                fig,
                f"{kind}.volume",
                self._column_car(ctx, heading),
                None,
                iv,
                forecast=marked,
            )
        return True

    def _cell_period(self, ctx: Context, cell: tuple[int, int]) -> tuple[Interval, bool] | None:
        """The period a table's first cell names, and whether it is marked as an estimate
        ("4Q24E", "FY25E", "2025E", "Q4 2024 (E)"); None when the cell is not just a period."""
        a, b = cell
        inside = [t for t in ctx.times if a <= t.start and t.end <= b]
        if len(inside) != 1:
            return None
        t = inside[0]
        rest = ctx.view[a : t.start] + " " + ctx.view[t.end : b]
        mark = self.d.period_cell_rest.fullmatch(rest.strip())
        if mark is None or t.interval.granularity not in ("month", "quarter", "half", "year"):
            return None
        text = ctx.view[t.start : b]
        estimate = bool(mark.group("e")) or bool(re.match(r"[^|]*?\d\dE\b", text))
        iv = t.interval
        if t.relative and not estimate:
            iv = _in_the_past(iv, ctx.published or ctx.ref)
        return iv, estimate

    def _period_header(self, ctx: Context, width: int) -> tuple[str, list[tuple[int, int]]] | None:
        """The header line above a row of periods, in the row's block: the nearest line with as
        many cells whose first cell is not a period ("Quarter | Deliveries | Models on sale")."""
        text = ctx.article.text
        block_start = text.rfind("\n\n", 0, ctx.sent.start)
        block_start = 0 if block_start < 0 else block_start + 2
        for line in reversed(text[block_start : ctx.sent.start].splitlines()):
            if re.fullmatch(r"[\s|:+=-]*", line) and "-" in line:
                continue  # a Markdown table's rule line ("|---|---|")
            cells = _cells(line)
            if len(cells) != width:
                if line.strip():
                    return None  # prose between: not a table
                continue
            first = line[cells[0][0] : cells[0][1]]
            times = find_time_expressions(first, ctx.published)
            if times and self.d.period_cell_rest.fullmatch(
                (first[: times[0].start] + " " + first[times[0].end :]).strip()
            ):
                continue  # another row
            return line, cells
        return None

    def _table_is_ours(self, ctx: Context, header: str) -> bool:
        """Is a table about the company: its header or caption names the company (and no other
        maker), or, naming none, the article spoke of the company last?"""
        text = ctx.article.text
        block_start = text.rfind("\n\n", 0, ctx.sent.start)
        block_start = 0 if block_start < 0 else block_start + 2
        prev_start = text.rfind("\n\n", 0, max(0, block_start - 2))
        prev_start = 0 if prev_start < 0 else prev_start + 2
        caption = text[prev_start : ctx.sent.start]
        caption = caption if len(caption) <= 400 else header
        named = self.env.registry.find(caption)
        players = [
            m
            for m in named
            if m.entity.kind in ("company", "automaker") or ctx.subjects.is_family(m.entity)
        ]
        if any(not ctx.subjects.is_family(m.entity) for m in players):
            return False
        if players:
            return True
        if any(
            m.entity.kind in ("company", "automaker") and not ctx.is_family(m) for m in ctx.mentions
        ):
            return False  # a row naming another maker
        orgs = ctx.discourse.orgs if ctx.discourse else []
        return not orgs or orgs[-1] in ctx.subjects.family

    def _column_car(self, ctx: Context, heading: str) -> str:
        """The car a column's heading names ("SU7 deliveries"), else the company's car business."""
        cars = [
            m.entity.canonical
            for m in self.env.registry.find(heading)
            if ctx.subjects.is_vehicle(m.entity.canonical)
        ]
        return cars[0] if len(cars) == 1 else ctx.subjects.business

    def _table_header(
        self, ctx: Context
    ) -> tuple[list[Interval | None], str | None, list[bool]] | None:
        """The header row above a table row in the same block, as one period (or None) per
        column after the name column, the kind of figure its caption names, and whether each
        column is an analyst's estimate ("2025E", "4Q24E")."""
        text = ctx.article.text
        block_start = text.rfind("\n\n", 0, ctx.sent.start)
        block_start = 0 if block_start < 0 else block_start + 2
        lines = text[block_start : ctx.sent.start].splitlines()
        header = None
        for line in reversed(lines):
            # the name column's heading ("Brand") is not a word before a month ("Brand Nov 2024")
            line = re.sub(r"^\s*[A-Za-z][\w/&.-]*", lambda m: " " * len(m.group()), line)
            times = find_time_expressions(line, ctx.published)
            if len(times) >= 2 and not find_numbers(line, times):
                header = (line, times)
                break
        if header is None:
            return None
        line, times = header
        columns: list[Interval | None] = []
        marks: list[bool] = []

        def estimate(t: TimeMention) -> bool:
            return bool(re.match(r"E\b|\s*\((?:E|est\.?)\)", line[t.end :])) or t.text.endswith("E")

        if "|" in line:
            # "Brand | Nov 2024 | Oct 2024 | MoM": one column per cell after the name's
            pos = line.index("|") + 1
            for cell in line[pos:].split("|"):
                inside = [t for t in times if pos <= t.start and t.end <= pos + len(cell)]
                if cell.strip():
                    columns.append(inside[0].interval if len(inside) == 1 else None)
                    marks.append(len(inside) == 1 and estimate(inside[0]))
                pos += len(cell) + 1
        else:
            # "Brand Nov 2024 Oct 2024 MoM YoY": a period or a word per column
            pos = times[0].start
            for t in times:
                words = len(line[pos : t.start].split())
                columns.extend([None] * words)
                marks.extend([False] * words)
                columns.append(t.interval)
                marks.append(estimate(t))
                pos = t.end
            words = len(line[pos:].split())
            columns.extend([None] * words)
            marks.extend([False] * words)
        # the caption: the lines of this block and the paragraph before it
        prev_start = text.rfind("\n\n", 0, max(0, block_start - 2))
        prev_start = 0 if prev_start < 0 else prev_start + 2
        around = text[
            prev_start : text.find("\n\n", ctx.sent.end)
            if text.find("\n\n", ctx.sent.end) >= 0
            else len(text)
        ]
        kind = None
        if self.d.delivery_cue.search(around):
            kind = "delivery"
        elif self.d.production_cue.search(around):
            kind = "production"
        return columns, kind, marks

    def taken_up(self, ctx: Context, f: Figure, lo: int) -> Frame | None:
        """A figure without a cue of its own that takes up an earlier one: "the figure
        surpassed 289,000", a list line under a caption ("2Q24: 27,307 | 3Q24: 39,790")."""
        memo, view = self.memo, ctx.view
        if (
            self.d.anaphor.search(view, max(lo, f.start - 60), f.start)
            and memo.frame
            and memo.frame_paragraph in (ctx.sent.paragraph, ctx.sent.paragraph - 1)
        ):
            return memo.frame
        if (
            # "Xiaomi delivered 75,869 vehicles in the first quarter. That's up 8.9 percent from
            # the 69,697 units in the fourth quarter": the figure compared with is of the same kind
            self.d.comparison_anaphor.match(view[: f.start])
            and memo.frame
            and memo.frame.prop.endswith(".volume")
            and memo.claim_sentence == memo.sentence - 1
        ):
            return memo.frame
        if (
            self.d.list_line.match(view)
            and memo.caption
            and memo.caption_paragraph == ctx.sent.paragraph
        ):
            return Frame(f"{memo.caption}.volume", ctx.subjects.business)
        return None

    def add_frame(
        self, ctx: Context, f: Figure, figures: list[Figure], frame: Frame, lo: int, hi: int
    ) -> int:
        prop = frame.prop
        if prop == "orders.count":
            qualifiers = {"order_kind": frame.order_kind or "order"}
            window = self.window(ctx, f, figures, lo, hi)
            if window:
                qualifiers["window"] = window
            interval = None if window else self._as_of_interval(ctx.view, None, ctx, future=False)
            return self.emit(
                ctx, f, prop, frame.subject, frame.variant, interval, qualifiers=qualifiers
            )
        if prop.endswith(".volume"):
            after, before = self.owned_times(ctx, f, figures, lo, hi)
            chosen = (
                self._periods(ctx, f, after, before)
                or self._ellipsis(ctx, f, figures, lo)
                or self._inherited_period(ctx, f)
            )
            forecast = self.forecast(ctx, f, lo)
            return sum(
                self.emit(ctx, f, prop, frame.subject, frame.variant, iv, forecast=forecast)
                for iv in chosen
            )
        return 0

    # -- making claims ----------------------------------------------------------------------

    def emit(
        self,
        ctx: Context,
        f: Figure,
        prop: str,
        subject: str,
        variant: str | None,
        interval: Interval | None,
        *,
        qualifiers: dict | None = None,
        forecast: bool = False,
        at_least: str | None = None,
        per: str | None = "keep",
    ) -> int:
        if (
            prop.endswith((".volume", ".cumulative"))
            and interval is None
            and prop != "delivery.cumulative"
        ):
            return 0
        if (
            prop in ("delivery.volume", "delivery.cumulative")
            and variant is None
            and ctx.subjects.is_vehicle(subject)
        ):
            # while the company sells one car, that car's deliveries are the company's ("Xiaomi
            # delivered 27,307 SU7s in 2Q24" and "27,307 vehicles"), as its target is
            on = interval.end if interval is not None else ctx.published
            if ctx.subjects.current_vehicle(on) == subject:
                subject = ctx.subjects.business
        topic = "production" if prop.startswith("production.") else "deliveries"
        q = dict(qualifiers or {})
        if variant:
            q["variant"] = variant
        self.memo.frame = Frame(prop, subject, variant, q.get("order_kind"))
        self.memo.claim_sentence = self.memo.sentence
        self.memo.frame_paragraph = ctx.sent.paragraph
        if interval is not None and prop.startswith("delivery"):
            if interval.granularity == "year":
                self.memo.year = interval
            elif prop == "delivery.volume" and interval.granularity in ("quarter", "half", "month"):
                # "Q2 deliveries were 27,307, ... The full-year total of 136,854": the quarters' year
                self.memo.year = label_interval(str(interval.start.year)) or self.memo.year
        extra = {}
        if any(
            c.property == prop
            and c.start - ctx.sent.start == signals.trim(ctx.view, f.start, f.end)[0]
            for c in ctx.claims
        ):
            # one span, several periods ("in each of January and February"): one claim each
            extra["id"] = claim_id(
                ctx.article.id,
                prop,
                ctx.sent.start + f.start,
                ctx.sent.start + f.end,
                f"{f.amount}@{interval.label if interval else ''}",
            )
        claim = ctx.add(
            topic=topic,
            subject=subject,
            prop=prop,
            value=f.amount,
            value_kind="quantity",
            span=(f.start, f.end),
            rule=f"deliveries.{prop}",
            unit="vehicles",
            per=f.per if per == "keep" else per,
            approx=f.approx,
            bound=f.bound,
            value_high=f.high,
            qualifiers=q,
            at_least="speculated" if forecast else at_least,
            interval=interval,
            **extra,
        )
        if claim.certainty == "expected" and not forecast and at_least is None:
            # a figure of what happened is not a plan because a target is named in the same
            # clause ("the 100,000th vehicle rolled off the line and it lifted its target")
            masked = self.d.target_noun.sub(lambda m: " " * len(m.group()), ctx.view)
            claim.certainty = signals.certainty(
                masked, signals.trim(ctx.view, f.start, f.end), covered=bool(claim.origin)
            )
        return 1

    def remember(self, ctx: Context, figures: list[Figure]) -> None:
        """Note what later sentences may lean on."""
        memo, view = self.memo, ctx.view
        cars = [m for m in ctx.mentions if ctx.subjects.is_vehicle(m.entity.canonical)]
        if cars:
            last = cars[-1]
            memo.car = (
                last.entity.canonical,
                self.variant(view[last.start : last.end + 14]) or self.variant(view),
            )
            memo.car_paragraph = ctx.sent.paragraph
        if view.rstrip(" *_").endswith("?"):
            memo.asked_paragraph = ctx.sent.paragraph
        elif memo.asked_paragraph == ctx.sent.paragraph:
            memo.asked_paragraph = -1
        if ctx.mentions_family():
            memo.family_sentence = memo.sentence
        periods = [
            t
            for t in ctx.usable_times()
            if t.interval.granularity in ("month", "quarter", "half", "range")
        ]
        memo.period = periods[-1].interval if periods else None
        memo.period_sentence = memo.sentence
        memo.sentence += 1
        if not figures and (self.d.delivery_cue.search(view) or self.d.production_cue.search(view)):
            memo.caption = "delivery" if self.d.delivery_cue.search(view) else "production"
            memo.caption_paragraph = ctx.sent.paragraph
        if figures or self.d.delivery_cue.search(view) or self.d.target_cue.search(view):
            years = [t for t in self.times(ctx) if t.interval.granularity == "year"]
            if years:
                memo.year = years[-1].interval

    # -- trial output and output rates (kept) ------------------------------------------------

    def rates(self, ctx: Context) -> None:
        """Trial output (a rate of prototypes) and output rates, dated by the month they were
        said in (or the month the sentence names: "as of September")."""
        d = self.d
        for q in ctx.quantities:
            lo, hi = signals.region(ctx.view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            per = q.per
            if per is None:
                # "every week ... about 50 vehicles", "weekly production about 50 test cars"
                rate = [
                    m
                    for m in d.rate_before.finditer(ctx.view, max(lo, q.start - 40), q.start)
                    if not d.reporting_after_rate.match(ctx.view, m.end())
                ]
                if rate:
                    m = rate[-1]
                    per = (
                        m.group("per")
                        or {"weekly": "week", "monthly": "month", "daily": "day"}[
                            m.group("adv").lower()
                        ]
                    )
            vehicle_rate = per in ("week", "month", "day") and (
                q.unit == "vehicles"
                or (
                    q.unit is None
                    and d.vehicle_words_before.search(ctx.view[max(0, q.start - 80) : q.start])
                )
            )
            if not vehicle_rate or q.amount >= 10_000:
                continue
            if d.trial.search(ctx.view):
                prop, scope = "production.trial_output", "trial production"
            elif d.producing.search(ctx.view):
                prop, scope = "production.output", "output"
            else:
                continue
            when = ctx.published or ctx.ref
            month = None
            for t in ctx.usable_times():
                if t.interval.granularity == "month" and (
                    t.interval.end <= (when or t.interval.end)
                ):
                    month = t.interval
            if month is None and when is not None:
                month = label_interval(when.strftime("%Y-%m"))
            ctx.add(
                topic="production",
                subject=ctx.subjects.business,
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(q.start, q.end),
                rule=prop,
                unit="vehicles",
                per=per,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                # a rate changes as production ramps up: it is compared within its month
                qualifiers={"scope": scope, "as_of_month": month.label if month else None},
                interval=month,
            )


def _cells(line: str) -> list[tuple[int, int]]:
    """The cells of a flattened table row, as spans: split at "|", tabs, or runs of two or more
    spaces; the empty cells of a Markdown row's edges dropped."""
    if "|" in line:
        sep = r"\|"
    elif "\t" in line:
        sep = r"\t"
    elif re.search(r"\S {2,}\S", line):
        sep = r" {2,}"
    else:
        return []
    out, pos = [], 0
    for m in [*re.finditer(sep, line), None]:
        end = m.start() if m else len(line)
        a, b = pos, end
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        out.append((a, b))
        pos = m.end() if m else len(line)
    while out and out[0][0] == out[0][1]:
        out.pop(0)
    while out and out[-1][0] == out[-1][1]:
        out.pop()
    return out


def find_numbers(line: str, times: list[TimeMention]) -> bool:
    """Does a line hold numbers other than its times (a data row, not a header)?"""
    rest = line
    for t in times:
        rest = rest.replace(t.text, " ")
    return bool(re.search(r"\d", rest))


def _in_the_past(iv: Interval, ref: date | None) -> Interval:
    """What was delivered was delivered before the article: a quarter or half named without
    its year that would lie after the article's date ("Fourth-quarter deliveries came to
    69,697", in March 2025) is last year's."""
    if ref is None or iv.start <= ref or iv.granularity not in ("quarter", "half", "month"):
        return iv
    label = re.sub(r"^(\d{4})", lambda m: str(int(m.group(1)) - 1), iv.label)
    earlier = label_interval(label)
    return earlier if earlier is not None and earlier.end <= ref else iv


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "second": 2, "third": 3}
_NUMBER_WORDS |= {"fourth": 4, "fifth": 5, "sixth": 6}


def _latest(grain: str, ref: date) -> Interval | None:
    """The latest month (or quarter) over on ``ref``: the one before ``ref``'s."""
    if grain == "month":
        y, m = (ref.year - 1, 12) if ref.month == 1 else (ref.year, ref.month - 1)
        return label_interval(f"{y:04d}-{m:02d}")
    if grain == "quarter":
        q = (ref.month - 1) // 3 + 1
        y, q = (ref.year - 1, 4) if q == 1 else (ref.year, q - 1)
        return label_interval(f"{y:04d}-Q{q}")
    return None


def _step_back(iv: Interval, k: int) -> Interval | None:
    """The month (quarter) ``k`` before ``iv``."""
    if iv.granularity == "month":
        n = iv.start.year * 12 + iv.start.month - 1 - k
        return label_interval(f"{n // 12:04d}-{n % 12 + 1:02d}")
    if iv.granularity == "quarter":
        n = iv.start.year * 4 + (iv.start.month - 1) // 3 - k
        return label_interval(f"{n // 4:04d}-Q{n % 4 + 1}")
    return None


def _distance(t: TimeMention, f: Figure) -> int:
    return min(abs(t.start - f.end), abs(f.start - t.end))


def _months(start: date, end: date, *, complete: bool) -> list[Interval]:
    """The months from ``start``'s to ``end``'s; with ``complete``, only those over by ``end``."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        iv = label_interval(f"{y:04d}-{m:02d}")
        if iv is not None and (not complete or iv.end < end):
            out.append(iv)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
