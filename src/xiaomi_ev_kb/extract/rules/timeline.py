"""Timeline: milestones of the car business and when they happened or are planned.

The milestones of docs/claims.md: the company's entry announced, its EV company registered,
the Beijing plant and headquarters deal (subject the car business); construction start and
completion of the plant (subject the plant, scope the phase); first engineering vehicle,
trial and mass production, unveiling (first shown, no price), launch (price announced, on
sale) and first deliveries (subject the car).

Per sentence: the triggers of ``data/rules/timeline.toml``, each checked for what it needs
(a car, a plant, Beijing) and what rules it out (a phone's launch event, the 100,000th car
off the line, a denial, a condition, another company); then each trigger is paired with the
nearest time expression of its statement; a time serves one trigger, unless two triggers are
joined ("mass production and deliveries in the first half"). A trigger without a time of
its own takes the date of a heading over its paragraph ("4. April 2022: Construction
begins"); a state ("has entered trial production") is dated by the article. A future,
hedged or past-plan statement is a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ...models import Claim
from ...timeexpr import Interval, TimeMention, label_interval, parse_period
from .. import signals
from ..context import Context
from ..headlines import headlines, in_front
from ..ruledata import RuleData
from . import Environment, register

# milestones of the company itself: the announcement, registration or deal is the event, so a
# "will" in the sentence does not make it a plan
_COMPANY_EVENTS = frozenset({"entry_announced", "company_registered", "settled_beijing"})
_MAX_DISTANCE = 140  # characters between a trigger and its time


@dataclass(frozen=True)
class _Trigger:
    name: str
    start: int
    end: int


def _compile(templates: list[str], fragments: dict[str, str]) -> re.Pattern:
    out = []
    for t in templates:
        for key, value in fragments.items():
            t = t.replace(f"<{key}>", value)
        out.append(f"(?:{t})")
    return re.compile("|".join(out), re.I)


@register("timeline")
class TimelineRule:
    topic = "timeline"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        v = data.values
        self.triggers = {
            name: _compile(v["triggers"][name], v["fragments"]) for name in v["milestones"]
        }
        self.vehicle_milestones = frozenset(v["vehicle_milestones"])
        self.plant_milestones = frozenset(v["plant_milestones"])
        self.start_milestones = frozenset(v["start_milestones"])
        self.phase_names: dict[str, str] = v["phase_names"]

    def __call__(self, ctx: Context) -> None:
        memory = _memory(ctx)
        times = self.times(ctx, memory)
        self.remember_heading(ctx, times, memory)
        triggers = self.find(ctx)
        if triggers:
            self.claim(ctx, triggers, times, memory)
        self.remember(ctx, times, memory)

    # -- triggers -------------------------------------------------------------------------

    def find(self, ctx: Context) -> list[_Trigger]:
        """The milestone triggers of the sentence that hold; of overlapping ones the longest."""
        found = []
        for name, rx in self.triggers.items():
            for m in rx.finditer(ctx.view):
                if m.end() > m.start():
                    name_now = self.holds(ctx, name, m)
                    if name_now:
                        found.append(_Trigger(name_now, m.start(), m.end()))
        kept: list[_Trigger] = []
        for t in sorted(found, key=lambda t: (t.start - t.end, t.start)):
            if all(t.end <= k.start or k.end <= t.start for k in kept):
                kept.append(t)
        return sorted(kept, key=lambda t: t.start)

    def holds(self, ctx: Context, name: str, m: re.Match) -> str | None:
        """The milestone a trigger match stands for (an unveiling with a price is a launch), or
        None when the statement around it rules it out."""
        d, view = self.d, ctx.view
        lo, hi = signals.region(view, m.start(), m.end())
        clause, _ = signals.clause_window(view, m.start(), m.end())
        if d.conditional.search(view, lo, m.start()):
            return None  # "If SOP slips into 2H24"
        start = max(clause, m.start() - 50)
        for sub in d.subordinate.finditer(view, start, m.start()):
            start = sub.end()  # "YoY not applicable as Xiaomi began deliveries in April 2024"
        neg = d.negated.search(view[start : m.end()])
        if neg and not d.not_until.search(view, m.end(), min(hi, m.end() + 40)):
            return None  # "has not confirmed any unveiling date", "not on sale yet"
        if ctx.foreign_subject(before=m.start(), lo=lo, hi=hi):
            return None
        if d.denied_after.search(view, m.end()):
            return None  # "Reports that Xiaomi would start mass production in 2023 are false"
        check = getattr(self, f"holds_{name}", None)
        if check is None:
            return name
        return check(ctx, m, lo, hi)

    def holds_company_registered(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d, view = self.d, ctx.view
        if d.registered_not.match(view, m.start()) or d.founded_since.search(
            view, max(0, m.start() - 12), m.end()
        ):
            return None  # "registered capital", "registered with regulators as a BAIC product"
        text = m.group().lower()
        if re.match(
            r"(?:registered|incorporated|set\s+up|established|founded)\s+(?:its|the|a|an)\s", text
        ):
            # "Xiaomi set up its EV subsidiary": the object is the unit, the subject must be ours
            # (not "Baidu set up its EV unit", whether or not the registry knows Baidu)
            ours = any(lo <= x.start < m.start() and ctx.is_family(x) for x in ctx.mentions)
            ours = ours or bool(
                re.search(
                    r"\b(?:it|the\s+(?:company|group))\s+$",
                    view[max(lo, m.start() - 20) : m.start()],
                    re.I,
                )
            )
            return "company_registered" if ours else None
        if "registration" in text:
            ours = self.ours_before(ctx, m.start(), lo, 80)
            return "company_registered" if ours is not False else None
        # "Xiaomi EV Inc. was registered", "Millet car limited company registered establish",
        # "registered Xiaomi EV Inc.", "The company was registered in 2021 under the name Xiaomi EV"
        after = [x for x in ctx.mentions if m.end() <= x.start <= m.end() + 3]
        if after and after[0].entity.canonical == ctx.subjects.business:
            return "company_registered"
        named = [x for x in ctx.mentions if m.end() <= x.start < min(hi, m.end() + 60)]
        if any(
            x.entity.canonical == ctx.subjects.business for x in named
        ) and d.registered_as.search(view, m.end(), min(hi, m.end() + 60)):
            return "company_registered"
        aux = bool(
            re.match(r"(?:was|were|is|be|been|being|got|get|gets|officially|formally)\b", text)
        )
        who = self.ours_before(ctx, m.start(), lo, 120 if aux else 30)
        return "company_registered" if who else None

    def ours_before(self, ctx: Context, pos: int, lo: int, reach: int) -> bool | None:
        """Is the organisation just before ``pos`` the car business (True), another one or the
        parent company itself (False), or is none named (None)?"""
        d, view = self.d, ctx.view
        start = max(lo, pos - reach)
        orgs = [
            x
            for x in ctx.mentions
            if start <= x.start
            and x.end <= pos
            and x.entity.kind in ("company", "automaker")  # not a car or a plant of ours
        ]
        generic = list(d.registered_subject.finditer(view, start, pos))
        last_org = orgs[-1] if orgs else None
        last_generic = generic[-1] if generic else None
        if last_generic is not None and (last_org is None or last_generic.start() >= last_org.end):
            if re.match(r"the\s+(?:company|unit|venture)", last_generic.group(), re.I):
                if last_org is not None and last_org.entity.canonical == ctx.subjects.business:
                    return (
                        True  # "Xiaomi EV Inc, the unit set up to run the business, was registered"
                    )
                told = ctx.discourse.orgs if ctx.discourse else []
                return bool(told) and told[-1] == ctx.subjects.business
            return last_org is None or ctx.is_family(last_org)
        if last_org is None:
            return None
        return last_org.entity.canonical == ctx.subjects.business

    def holds_settled_beijing(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d, view = self.d, ctx.view
        clause, clause_end = signals.clause_window(view, m.start(), m.end())
        if d.settled_not.search(view, clause, clause_end):
            return None  # land for the second phase is not the first deal
        text = m.group().lower()
        if text.startswith("settle"):
            area = d.beijing_area.search(view, m.end(), min(hi, m.end() + 80))
            return (
                "settled_beijing" if area and not area.group().lower().startswith("the") else None
            )
        if text.startswith(("signed", "signs", "inked", "sealed")):
            return "settled_beijing" if d.beijing_area.search(view, lo, hi) else None
        return "settled_beijing"

    def holds_construction_start(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d = self.d
        text = m.group()
        if re.search(r"\b(?:of|on)\b", text) and not (
            d.plant_words.search(text) or d.phase.search(text)
        ):
            return None  # "construction of its flagship store began"
        return "construction_start"

    def holds_plant_completion(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d, view = self.d, ctx.view
        text = m.group().lower()
        after = view[m.end() : min(hi, m.end() + 30)]
        if text == "completion":
            obj = re.match(r"\s+of\s+(?:the\s+)?([^,;.]{0,40})", after)
            if obj:
                return (
                    "plant_completion"
                    if d.plant_words.search(obj.group(1)) or d.phase.search(obj.group(1))
                    else None
                )
        elif "construction" not in text and re.match(r"(?:complet|finish)\w*$", text):
            if re.match(
                r"\s+(?:the|its|a|an|all|their|his|her)\b", after
            ) and d.completion_not.search(after):
                return None  # "completed the industrial and commercial registration"
        if re.search(r"\b(?:ready|running|added|adds)\b", text):
            return self.plant_is_subject(ctx, m, lo)
        reach = 30 if text == "done" else 220  # machine-translated sentences run long
        if text == "completion" and not d.plant_words.search(
            view, max(lo, m.start() - reach), m.start()
        ):
            # "until Phase II comes online; we now assume completion around mid-2025": a bare
            # completion after a statement on a phase, in the same sentence
            lo = 0
        before = view[max(lo, m.start() - reach) : m.start()]
        last_plant = None
        for x in d.plant_words.finditer(before):
            last_plant = x
        for x in d.phase.finditer(before):
            if last_plant is None or x.end() > last_plant.end():
                last_plant = x
        if last_plant is None:
            # a sentence cut after its subject ("Phase I ... (150k units p.a.) | broke ground in
            # April and is on course to be completed in mid-2023") continues the one before
            phase = _memory(ctx).get("phase")
            if not (re.match(r"\s*[a-z]", view) and phase and phase[0] == ctx.sent.paragraph):
                return None
        if d.completion_not.search(before[-25:]):
            return None  # "the acquisition was completed"
        return "plant_completion"

    def plant_is_subject(self, ctx: Context, m: re.Match, lo: int) -> str | None:
        """ "Phase 2 ... is expected to be ready by mid-2025", "once it is up and running" (it: the
        phase the statement names), "the Beijing plant added a second phase": a plant or its
        phase is the subject, named just before with no car in between ("the car will be ready
        by March" is no plant's)."""
        d, view = self.d, ctx.view
        near = view[max(lo, m.start() - 80) : m.start()]
        if m.group().lower().startswith(("added", "adds", "has", "have")):
            return "plant_completion" if d.plant_words.search(near[-40:]) else None
        if re.search(r"\bit\s+(?:[\w-]+\s+){0,3}$", near):
            named = d.phase.search(view, lo, m.start()) or d.plant_words.search(view, lo, m.start())
            return "plant_completion" if named else None
        subject = None
        for x in d.plant_words.finditer(near):
            subject = x
        for x in d.phase.finditer(near):
            if subject is None or x.end() > subject.end():
                subject = x
        if subject is None or d.launch_car.search(near, subject.end()):
            return None
        return "plant_completion"

    def holds_first_engineering_vehicle(
        self, ctx: Context, m: re.Match, lo: int, hi: int
    ) -> str | None:
        if "first" in m.group().lower() or self.d.rolled_off.search(ctx.view, lo, hi):
            return "first_engineering_vehicle"
        return None

    def holds_mass_production(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d, view = self.d, ctx.view
        if d.mass_not.search(view[max(0, m.start() - 14) : m.start()]):
            return None  # trial mass production
        if d.ordinal_car.search(view, lo, hi):
            return None  # "the 100,000th vehicle rolled off the production line"
        clause, _ = signals.clause_window(view, m.start(), m.end())
        part = d.component.search(view, max(clause, m.start() - 60), m.start())
        if part and not self.car_near(ctx, clause, part.start()):
            # "Hesai's AT128 lidar entered mass production", not "the car with CATL cells"
            return None
        if d.mass_adjective.match(view, m.start()):
            return None  # "its first mass-produced car went on sale"
        if d.not_series.search(m.group()):
            return None  # "the first engineering vehicles rolled off the line"
        if d.other_product.match(view, m.end()):
            return None  # "began production of the Xiaomi 14 phone"
        if m.group().lower().startswith("produc") and (
            d.permission_before.search(view, lo, m.start())
            or d.permission_to.search(view, max(0, m.start() - 200), m.start())
        ):
            # "won approval to produce electric vehicles earlier this month": the approval's date
            return None
        return "mass_production" if not self.other_car(ctx, m, lo, hi) else None

    def holds_trial_production(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        return None if self.other_car(ctx, m, lo, hi) else "trial_production"

    def holds_unveiling(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d, view = self.d, ctx.view
        text = m.group().lower()
        if re.match(r"(?:tech|technology|public|world)\b", text):
            return "unveiling"
        if self.other_car(ctx, m, lo, hi):
            return None
        if re.match(r"(?:show|shown|showed|shows|showing|presented|displayed)\b", text):
            if d.show_not.search(text):
                return None  # "showed a video of a test car"
            if not (
                d.launch_car.search(text) or self.car_near(ctx, max(lo, m.start() - 80), m.start())
            ):
                return None
            first = re.search(r"\bfirst\s+$", view[max(0, m.start() - 8) : m.start()])
            if not (first or d.first_showing.search(view, lo, hi)):
                return None  # "showed the SU7 at the Beijing auto show" is not its first showing
        elif text.startswith("unveil"):
            obj = view[m.end() : min(hi, m.end() + 45)]
            if re.match(
                r"\s+(?:its|a|the|an)?\s*(?:[\w-]+\s+)?(?:plans?|strategy|vision|roadmap|results|logo|brand|name)\b",
                obj,
            ):
                return None  # "unveiled its plans", "unveiled the brand"
            if not (
                self.car_near(ctx, m.end(), m.end() + 45)
                or self.car_near(ctx, max(lo, m.start() - 60), m.start())
                or self.car_pronoun(ctx, m.start())
            ):
                return None  # "It was unveiled on May 22" after a sentence on the YU7
        if (
            d.unveil_is_launch.search(view, lo, hi)
            and not d.debut_unveiling.search(view, lo, hi)
            and not self.triggers["launch"].search(view, lo, hi)
        ):
            return "launch"  # "unveiled the SU7, priced from 215,900 yuan, on March 28"
        return "unveiling"

    def holds_launch(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        d, view = self.d, ctx.view
        text = m.group().lower()
        a, b = lo, hi
        if (
            "|" in view
        ):  # a fact box's cell is its own statement ("Launch: February 2024 | India launch: ...")
            a, b = (
                max(lo, view.rfind("|", 0, m.start()) + 1),
                min(hi, view.find("|", m.end()) % (len(view) + 1)),
            )
        around = view[max(a, m.start() - 40) : min(b, m.end() + 40)]
        if d.launch_not.search(around):
            return None  # "spring launch event", "newly launched", "an India launch", "pre-sales"
        label = d.launch_label.match(view, a)
        if (
            label
            and label.end() >= m.end()
            and (ctx.vehicle or (ctx.discourse and ctx.discourse.cars))
        ):
            return "launch"  # a fact box's "Launch: February 2024 (expected)" under "## Xiaomi SU7 key specs"
        if self.other_car(ctx, m, lo, hi):
            return None
        if "release" in text:
            clause, _ = signals.clause_window(view, m.start(), m.end())
            other = d.release_not.search(
                view, m.end(), min(hi, m.end() + 40)
            ) or d.release_not.search(view, clause, m.start())
            if other or not self.car_near(ctx, max(lo, m.start() - 60), min(hi, m.end() + 40)):
                return None  # "released its results", "a video of the SU7 was released"
            return "launch"
        if "listed" in text or "listing" in text:
            near = view[max(lo, m.start() - 40) : min(hi, m.end() + 40)]
            return (
                None if d.listing_not.search(near) else "launch"
            )  # "MIIT listing", "Hong Kong-listed"
        if text.startswith("sales") and re.search(r"\b(?:open|opens|opened|live)\b", text):
            # "after sales opened on Thursday evening": the car named in the sentence, or the one
            # before ("Xiaomi's flagship store opened ... and sales opened too" is no car's launch)
            cars = any(ctx.subjects.is_vehicle(x.entity.canonical) for x in ctx.mentions)
            recent = ctx.discourse.recent_car(1) if ctx.discourse else None
            return (
                "launch"
                if cars
                or recent
                or self.car_near(ctx, max(lo, m.start() - 60), min(hi, m.end() + 60))
                else None
            )
        if re.search(r"\barriv", text):
            if d.test_cars.search(view, lo, hi):
                return None  # "the SUV arrived in Heihe for winter testing"
            return "launch"
        if text.startswith("debut"):
            if d.debut_adjective.match(view, m.start()):
                return None  # "its debut sedan", "the debut edition"
            if d.debut_unveiling.search(view, lo, hi):
                return "unveiling"
            if not self.car_near(ctx, lo, hi):
                return None
            # a debut with prices or sales is the launch; else the first showing ("The YU7 made its
            # debut on May 22", "Xiaomi SU7 debut set for December 28")
            return "launch" if d.launch_sale.search(view) else "unveiling"
        if text.startswith("launch"):
            if re.match(r"\s+(?:event|conference|night|ceremony)", view[m.end() : m.end() + 12]):
                ok = self.car_near(
                    ctx, max(lo, m.start() - 60), min(hi, m.end() + 60)
                ) or d.launch_sale.search(view)
                return "launch" if ok else None
        if self.car_near(ctx, max(lo, m.start() - 60), min(hi, m.end() + 60)):
            return "launch"
        if d.launch_subject.match(view) and ctx.discourse is not None and ctx.discourse.cars:
            return "launch"  # "Launch was last Thursday (28 March)" in an article on the SU7
        # "A formal launch with pricing is expected early next year"
        return (
            "launch"
            if d.launch_formal.search(view, max(0, m.start() - 20), m.end())
            or d.launch_sale.search(view, lo, hi)
            else None
        )

    def holds_deliveries_start(self, ctx: Context, m: re.Match, lo: int, hi: int) -> str | None:
        a, b = signals.clause_window(ctx.view, m.start(), m.end())
        if self.d.deliveries_not.search(
            ctx.view, max(a, m.start() - 25), min(b, m.end() + 25)
        ) or self.other_car(ctx, m, lo, hi):
            return None  # "October deliveries", "the delivery target", "delivery date is June"
        return "deliveries_start"

    def car_near(self, ctx: Context, a: int, b: int) -> bool:
        """A car (ours by name, or a car noun) in view[a:b]."""
        if any(
            a <= x.start < b and ctx.subjects.is_vehicle(x.entity.canonical) for x in ctx.mentions
        ):
            return True
        return bool(self.d.launch_car.search(ctx.view, max(0, a), b))

    def car_pronoun(self, ctx: Context, pos: int) -> bool:
        """ "It was unveiled": a pronoun subject just before ``pos``, with a car named earlier."""
        cars = ctx.discourse.cars if ctx.discourse else []
        return bool(cars or ctx.vehicle) and bool(
            self.d.pronoun_subject.search(ctx.view, max(0, pos - 30), pos)
        )

    def other_car(self, ctx: Context, m: re.Match, lo: int, hi: int) -> bool:
        """ "launch at least one more model in 2026": a car the registry cannot name."""
        if any(
            lo <= x.start < hi and ctx.subjects.is_vehicle(x.entity.canonical) for x in ctx.mentions
        ):
            return False
        return bool(self.d.other_car.match(ctx.view, m.end()))

    # -- times ----------------------------------------------------------------------------

    def times(self, ctx: Context, memory: dict[str, Any]) -> list[TimeMention]:
        """The sentence's time expressions, with "that year" / "that summer" / "the same year"
        read as the year the article spoke of last."""
        d, view = self.d, ctx.view
        out: list[TimeMention] = []
        for t in ctx.times:
            year = None
            if d.anaphoric_year.match(view, t.end) or d.anaphoric_year_before.search(
                view[max(0, t.start - 20) : t.start]
            ):
                year = self.story_year(ctx, t.start, memory)
            if year is not None and t.interval.start.year != year and t.relative:
                t = _in_year(t, year)
            out.append(t)
        for m in d.anaphoric_season.finditer(view):
            year = self.story_year(ctx, m.start(), memory)
            interval = parse_period(f"{m.group('season')} {year}", None) if year else None
            if interval is not None and not any(t.start <= m.start() < t.end for t in out):
                out.append(TimeMention(m.start(), m.end(), m.group(), interval, True))
        for m in d.anaphoric_alone.finditer(view):
            year = self.story_year(ctx, m.start(), memory)
            if year and not any(t.start < m.end() and m.start() < t.end for t in out):
                interval = Interval(date(year, 1, 1), date(year, 12, 31), str(year), "year")
                out.append(
                    TimeMention(m.start(), m.end(), m.group(), interval, True)
                )  # "later that year"
        out.sort(key=lambda t: t.start)
        out = self.later_times(view, out)
        # a chronicle: "2021 year March 30, ... | Same year September 1, ... | November 27, Millet
        # car settled ...": a date opening the sentence without a year continues the year of
        # the one before it in the paragraph
        story = memory.get("narrative")
        if (
            out
            and story
            and story[0] == ctx.sent.paragraph
            and story[1] == memory.get("seen", 0) - 1
            and out[0].start <= 3
            and out[0].relative
            and not d.year_word.search(out[0].text)
            and out[0].interval.start.year != story[2]
        ):
            out[0] = _in_year(out[0], story[2])
        return out

    def later_times(self, view: str, times: list[TimeMention]) -> list[TimeMention]:
        """ "unveiled in May and launched a month later", "three days after": counted from the
        time named before it in the sentence, at that time's granularity (a month from a month,
        days from a day)."""
        out = list(times)
        for m in self.d.time_later.finditer(view):
            if any(t.start < m.end() and m.start() < t.end for t in out):
                continue
            before = [t for t in out if t.end <= m.start()]
            if not before:
                continue
            anchor = before[-1].interval
            n = _NUM_WORDS.get(m.group("n").lower()) or (
                int(m.group("n")) if m.group("n").isdigit() else 0
            )
            sign = -1 if m.group("dir").lower() in ("earlier", "before") else 1
            shifted = _shift(anchor, m.group("unit").lower(), sign * n)
            if shifted is not None:
                out.append(TimeMention(m.start(), m.end(), m.group(), shifted, True))
        return sorted(out, key=lambda t: t.start)

    def story_year(self, ctx: Context, pos: int, memory: dict[str, Any]) -> int | None:
        """The year of the last absolute date before ``pos`` in the sentence, else in the article."""
        for t in reversed(ctx.times):
            if t.end <= pos and not t.relative and re.search(r"\b(?:19|20)\d\d\b", t.text):
                return t.interval.end.year
        return memory.get("year")

    def usable(self, ctx: Context, trig: _Trigger, t: TimeMention) -> bool:
        """Can ``t`` date the milestone of ``trig``? Not the date a statement was made ("told
        investors last month that"), unless the statement is the milestone ("announced its
        entry on ...", "first revealed the YU7 on ..."); "since X" only dates a start."""
        c, d, view = signals.common(), self.d, ctx.view
        head = view[: t.start]
        if trig.name != "entry_announced":
            said = c.speech_date.search(head)
            if said and not trig.start <= said.start() < trig.end:
                return False
            if d.speech_before.search(head) and d.speech_after.match(view, t.end):
                return False
            said = d.speech_after_time.match(view, t.end)
            if (
                said
                and said.end() <= trig.start
                and d.reported_plan.search(view, said.end(), trig.end)
            ):
                return False  # "On Thursday, Lei Jun said the SU7 would go on sale soon": when it was said
        if (
            c.since_before.search(head)
            and trig.name not in self.start_milestones
            and not view[trig.start : t.start].rstrip().lower().endswith("since")
        ):
            return False  # "since 2024", unless the milestone says so: "online since June"
        return not d.as_of.search(head)  # "294k vehicles since launch as of end-June"

    def pair(
        self, ctx: Context, triggers: list[_Trigger], times: list[TimeMention]
    ) -> dict[_Trigger, TimeMention]:
        """Triggers and times, closest pairs first; each time serves one trigger, except that
        joined triggers ("mass production and deliveries") share theirs."""
        view = ctx.view
        pairs = []
        for t in times:
            for trig in triggers:
                if not self.usable(ctx, trig, t):
                    continue
                if signals.in_quotes(view, t.start) != signals.in_quotes(view, trig.start):
                    continue
                lo, hi = signals.region(view, trig.start, trig.end)
                if not (lo <= t.start and t.end <= hi):
                    continue  # "MASS PRODUCTION IN Q1; DELIVERIES FROM FEBRUARY": one time per statement
                if t.end <= trig.start and re.search(
                    r",\s*(?:which|who)\b", view[t.end : trig.start]
                ):
                    continue  # "granted around mid-2023, ..., which would leave time for pilot production"
                if t.end <= trig.start and self.d.then_step.search(view, t.end, trig.start):
                    continue  # "obtain production qualification in June, then start trial production"
                if t.end <= trig.start and self.d.offset_event.match(view, t.end, trig.start):
                    continue  # "by the end of March, a year after the SU7 went on sale"
                if trig.end <= t.start and self.d.new_predicate.search(view, trig.end, t.start):
                    continue  # "picks Beijing's E-Town for first EV factory, eyes 2024 output"
                gap = view[t.end : trig.start] if t.end <= trig.start else view[trig.end : t.start]
                if t.end <= trig.start and self.d.opening.fullmatch(view, 0, t.start):
                    dist = len(
                        gap
                    )  # "On the evening of September 1, ... has completed the registration"
                else:
                    dist = len(gap) + 15 * len(re.findall(r"[,:(](?!\d)", gap))  # not "529,900"
                    if t.end <= trig.start and not re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", gap):
                        # "X in TIME" binds tighter than "TIME, ... X", unless TIME opens the sentence
                        # or modifies X ("next year early mass production", "the March 2024 debut")
                        dist += 40
                if dist <= _MAX_DISTANCE:
                    pairs.append((dist, t.start, trig, t))
        assigned: dict[_Trigger, TimeMention] = {}
        taken: set[int] = set()
        for _dist, start, trig, t in sorted(pairs, key=lambda p: (p[0], p[1], p[2].start)):
            if trig not in assigned and start not in taken:
                assigned[trig] = t
                taken.add(start)
        for trig in triggers:
            if trig in assigned:
                continue
            for other, t in list(assigned.items()):
                a, b = sorted((trig, other), key=lambda x: x.start)
                if other.name != trig.name and re.fullmatch(
                    r"\s*(?:and|&|/|,)?\s*", view[a.end : b.start]
                ):
                    assigned[trig] = t  # "realize mass production delivery in the first half"
                    break
        for trig in triggers:
            if trig in assigned:
                continue
            for t in times:
                if t.end <= trig.start and self.d.same_day.fullmatch(view, t.end, trig.start):
                    assigned[trig] = t  # "on March 28, the same day as the launch event"
        for trig in triggers:
            if trig not in assigned:
                said = self.said_on(ctx, trig, times, taken)
                if said is not None:
                    assigned[trig] = said
        return assigned

    def said_on(
        self, ctx: Context, trig: _Trigger, times: list[TimeMention], taken: set[int]
    ) -> TimeMention | None:
        """The day a statement was made, for a milestone it reports as done and dates no
        other way: "Xiaomi said on Saturday it had signed an agreement with the zone" (the
        wire's news is the day's). Not a plan, nor a done thing with a time of its own."""
        c, d, view = signals.common(), self.d, ctx.view
        now = ctx.published or ctx.ref
        lo, hi = signals.region(view, trig.start, trig.end)
        if now is None or any(lo <= t.start < hi and self.usable(ctx, trig, t) for t in times):
            return None
        for t in times:
            if (
                t.start in taken
                or t.end > trig.start
                or t.interval.granularity != "day"
                or t.interval.end > now
                or not c.speech_date.search(view[: t.start])
            ):
                continue
            # the reported clause: from the day to just after the milestone's words
            end = min(hi, trig.end + 25)
            between = view[t.end : end]
            if (
                trig.start - t.end > 60
                or re.search(r"[;.]", view[t.end : trig.start])
                or d.reported_plan.search(between)
                or c.future_tense.search(between)
                or d.negated.search(between)
                or re.search(r"\b(?:whether|if)\b", between, re.I)
                or not d.done_report.search(between)
            ):
                continue
            return t
        return None

    # -- claims ---------------------------------------------------------------------------

    def claim(
        self,
        ctx: Context,
        triggers: list[_Trigger],
        times: list[TimeMention],
        memory: dict[str, Any],
    ) -> None:
        d = self.d
        assigned = self.pair(ctx, triggers, times)
        heading = memory.get("heading")
        for trig in triggers:
            time = assigned.get(trig)
            pts = [trig.start, trig.end]
            since_when = True  # False: achieved by the article's date, started who knows when
            lo, hi = signals.region(ctx.view, trig.start, trig.end)
            if time is not None:
                interval = self.on_heading_day(
                    ctx, self.past_if_told_so(ctx, trig, time).interval, memory
                )
                pts += [time.start, time.end]
            elif (
                heading
                and heading[0] == ctx.sent.paragraph
                and not any(
                    lo <= t.start < hi
                    and self.usable(ctx, trig, t)
                    and t
                    not in assigned.values()  # "..., and trial production started over the summer"
                    for t in times
                )
            ):
                interval = heading[
                    1
                ]  # "4. April 2022: Construction begins" / "Work on ... started"
            elif ctx.published and d.state_now.search(
                ctx.view, max(0, trig.start - 40), trig.start
            ):
                # "the factory has entered trial production stage": so far, as of the article's date;
                # "... and this has been carried out for less than one month": since then
                p = ctx.published
                interval = Interval(p.replace(day=1), p, f"by {p.year:04d}-{p.month:02d}", "by")
                since_when = False
                dur = d.duration.search(ctx.view, trig.end)
                if dur and ctx.ref is not None:
                    interval = _ongoing_interval(dur, ctx.ref)
                    pts += [dur.start(), dur.end()]
                    since_when = True
            elif ctx.published is not None and (live := self.live(ctx, trig)) is not None:
                # "welcome to our live coverage of the Xiaomi SU7 launch": the article's day
                p = ctx.published
                interval = Interval(p, p, p.isoformat(), "day")
                pts += list(live)
            elif ctx.published is not None and in_front(ctx):
                self.hold_headline(ctx, trig, (min(pts), max(pts)), memory)
                continue
            else:
                continue
            span = (min(pts), max(pts))
            planned = self.planned(ctx, trig, interval, span)
            subject = self.subject(ctx, trig, interval, planned)
            qualifiers = self.qualifiers(ctx, trig, planned, memory)
            if subject is None or qualifiers is None:
                continue
            claim = self.make(ctx, trig, subject, qualifiers, interval, span, planned)
            if not since_when:
                claim.period_start = (
                    None  # a state as of the article's date does not say when it began
                )
            elif not planned:
                key = (trig.name, subject, qualifiers.get("scope"), qualifiers.get("variant"))
                headlines(ctx, self.name).confirm(ctx, key, interval)

    def on_heading_day(self, ctx: Context, interval: Interval, memory: dict[str, Any]) -> Interval:
        """A month (or longer) under a heading that names one day inside it is that day: "14. May
        22 and June 26, 2025: The YU7 | The SUV was unveiled in May and launched a month later"."""
        held = memory.get("heading_days")
        if (
            not held
            or held[0] != ctx.sent.paragraph
            or interval.granularity in ("day", "by", "range")
        ):
            return interval
        inside = [day for day in held[1] if interval.start <= day.start and day.end <= interval.end]
        return inside[0] if len(inside) == 1 else interval

    def live(self, ctx: Context, trig: _Trigger) -> tuple[int, int] | None:
        """Where the statement says it is a live blog of a launch or unveiling ("Xiaomi SU7 launch
        live", "LIVE: Xiaomi SU7 technology event", "our live coverage of the Xiaomi SU7 launch")."""
        if trig.name not in ("launch", "unveiling"):
            return None
        d, view = self.d, ctx.view
        after = d.live_after.match(view, trig.end)
        if after:
            return after.span()
        lo = max(0, trig.start - 80)
        before = d.live_before.search(view[lo : trig.start])
        return (lo + before.start(), lo + before.end()) if before else None

    def qualifiers(
        self, ctx: Context, trig: _Trigger, planned: bool, memory: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Status, and the trim of a car milestone or the phase of a plant one (None: a plant
        milestone whose phase is not said)."""
        qualifiers: dict[str, Any] = {"status": "planned" if planned else "achieved"}
        if trig.name in self.vehicle_milestones:
            trim = self.variant_of(ctx, trig, memory)
            if trim:
                qualifiers["variant"] = trim  # the SU7 Ultra's launch is not the SU7's
        if trig.name in self.plant_milestones:
            scope = self.phase_of(ctx, trig, memory)
            if (
                scope is None
                and trig.name == "construction_start"
                and not self.d.later_works.search(ctx.view)
            ):
                # "broke ground on its EV factory in April 2022": a plant's construction
                # starts with its first phase (not "construction of the expansion began")
                scope = "phase I"
            if scope is None:
                return None  # which phase was completed is not said: no guess
            qualifiers["scope"] = scope
        return qualifiers

    def make(
        self,
        ctx: Context,
        trig: _Trigger,
        subject: str,
        qualifiers: dict[str, Any],
        interval: Interval,
        span: tuple[int, int],
        planned: bool,
    ) -> Claim:
        return ctx.add(
            topic=self.topic,
            subject=subject,
            prop=f"milestone.{trig.name}",
            value=interval.label,
            value_kind="time",
            span=span,
            rule=f"milestone.{trig.name}",
            qualifiers=dict(qualifiers),
            at_least="expected" if planned else None,
            interval=interval,
        )

    def hold_headline(
        self, ctx: Context, trig: _Trigger, span: tuple[int, int], memory: dict[str, Any]
    ) -> None:
        """A headline or deck stating a milestone as done, without a date ("Xiaomi picks
        Beijing's E-Town for first EV factory", "Xiaomi SU7 Deliveries Begin"): kept until the
        body confirms it on or just before the publication date (headlines.py)."""
        p = ctx.published
        assert p is not None
        today = Interval(p, p, p.isoformat(), "day")
        lo, _ = signals.clause_window(ctx.view, trig.start, trig.end)
        if self.d.headline_plan.search(ctx.view, lo, min(len(ctx.view), trig.end + 20)):
            return  # "Xiaomi to launch SU7", "SU7 debut set for ...", "Xiaomi eyes ..."
        if self.planned(ctx, trig, today, span):
            return
        subject = self.subject(ctx, trig, today, False)
        qualifiers = self.qualifiers(ctx, trig, False, memory)
        if subject is None or qualifiers is None:
            return
        key = (trig.name, subject, qualifiers.get("scope"), qualifiers.get("variant"))
        headlines(ctx, self.name).hold(
            ctx,
            key,
            lambda interval: self.make(ctx, trig, subject, qualifiers, interval, span, False),
        )

    def past_if_told_so(self, ctx: Context, trig: _Trigger, t: TimeMention) -> TimeMention:
        """A month named without a year in a statement in the past tense is the last one, not
        the coming one ("having handed the first SU7s to customers in April", said in March)."""
        now = ctx.published or ctx.ref
        if (
            now is None
            or not t.relative
            or t.interval.start <= now
            or self.d.year_word.search(t.text)
        ):
            return t
        clause, _ = signals.clause_window(ctx.view, trig.start, trig.end)
        if not self.d.past_tense.search(ctx.view, max(clause, trig.start - 25), trig.end):
            return t
        # the milestone's clause up to it: "will be shown" is no past; of an announcement, what
        # was announced is not its tense ("announced its plan to enter the EV market in March")
        said = ctx.view[clause : trig.start if trig.name in _COMPANY_EVENTS else trig.end]
        if signals.common().future_tense.search(said) or self.d.not_past.search(said):
            return t
        return _in_year(t, t.interval.start.year - 1)

    def planned(
        self, ctx: Context, trig: _Trigger, interval: Interval, span: tuple[int, int]
    ) -> bool:
        """A plan: after the article's date, or hedged, or a plan that was (a past plan)."""
        view = ctx.view
        now = ctx.published or ctx.ref
        lo, _hi = signals.region(view, trig.start, trig.end)
        if signals.common().past_plan.search(view, lo, _hi):
            return True  # "had originally planned to start in 2023"
        if now is not None and interval.start > now:
            return True
        if trig.name in _COMPANY_EVENTS:
            return False  # the announcement, registration or deal is itself the event
        if self.d.plan_after.match(view, trig.end):
            return True  # "First deliveries are promised for the end of June"
        certainty = signals.certainty(view, span)
        if certainty == "speculated":
            return True
        if now is None or interval.end >= now:
            if certainty == "expected" or now is None:
                return certainty == "expected"
            if interval.granularity == "by" and interval.end > now:
                return True
            # "Management has guided to an official launch in the first quarter"
            if self.d.plan_cue.search(view[max(lo, trig.start - 50) : trig.start]):
                return True
            return self.scheduled(ctx, trig, interval, now)
        # the period is over: a plan only when the milestone itself was one ("mass production
        # would begin in the first half of 2024", said back then), not for a "will" elsewhere
        return bool(self.d.plan_cue.search(view[max(lo, trig.start - 50) : trig.start]))

    def scheduled(self, ctx: Context, trig: _Trigger, interval: Interval, now: date) -> bool:
        """A period still running for a month or more, and nothing said of the milestone as done
        ("Xiaomi says deliveries start in the first half of 2024", "Lei Jun has been saying mass
        production in the first half of 2024", both said in January): a schedule, not a fact.
        "Deliveries began this year", "is now in trial production" are done."""
        if interval.granularity == "day" or (interval.end - now).days <= 31:
            return False
        view = ctx.view
        lo, hi = signals.region(view, trig.start, trig.end)
        start = max(lo, trig.start - 40)
        for m in self.d.speech_verb.finditer(view, start, trig.start):
            start = (
                m.end()
            )  # what was said, not the saying: "has been saying mass production in ..."
        return not self.d.done_now.search(view, start, min(hi, trig.end + 30))

    def subject(
        self, ctx: Context, trig: _Trigger, interval: Interval, planned: bool
    ) -> str | None:
        subjects = ctx.subjects
        if trig.name in self.plant_milestones:
            return subjects.plant
        if trig.name not in self.vehicle_milestones:
            return subjects.business
        named = [x for x in ctx.mentions if subjects.is_vehicle(x.entity.canonical)]
        car = ctx.vehicle_subject(before=trig.start)
        lo, _ = signals.region(ctx.view, trig.start, trig.end)
        place = self.d.ordinal_model.search(ctx.view, lo, trig.end)
        apposed = place is not None and any(0 <= place.start() - x.end <= 3 for x in named)
        by_type = place is not None and re.search(r"(?:SUV|sedan)$", place.group(), re.I)
        if (
            place is not None
            and not apposed
            and not by_type
            and any(x.start < place.start() or x.start >= trig.end for x in named)
        ):
            # "its second model" names the car, not the SU7 of another clause ("125,000 SU7
            # deliveries in 2024 (Xiaomi has said its second model, an SUV, will launch in 2025)");
            # not "the YU7, its first SUV" (an apposition, and an ordinal among SUVs only)
            if not any(place.end() <= x.start < trig.start for x in named):
                named = []
        if named:
            return car
        if place is not None:
            # "Xiaomi's second model": the registry's second car, or none when it has no such car
            index = _ORDINALS[place.group("o").lower()]
            return subjects.vehicles[index].canonical if index < len(subjects.vehicles) else None
        # not named: the car of the event's time when the one the article would give was not
        # announced yet ("April 3, 2024: First deliveries" in a 2025 article on two cars)
        at_event = subjects.current_vehicle(interval.end)
        if car == subjects.business:
            # "It was launched on June 26": the car of the event's time, else the last one named
            told = ctx.discourse.cars if ctx.discourse else []
            return at_event or (told[-1] if told else None)
        announced = next(
            (v.attr("announced") for v in subjects.vehicles if v.canonical == car), None
        )
        if not planned and announced and at_event and date.fromisoformat(announced) > interval.end:
            return at_event
        return car

    def variant_of(self, ctx: Context, trig: _Trigger, memory: dict[str, Any]) -> str | None:
        """The trim a car milestone is about ("the SU7 Ultra", "deliveries of the Pro"), from its
        statement, else from the sentence before in the paragraph when this one names no car."""
        view = ctx.view
        lo, hi = signals.region(view, trig.start, trig.end)
        best = None
        for m in self.d.milestone_variant.finditer(view, lo, hi):
            dist = abs(m.start() - trig.start)
            if best is None or dist < best[0]:
                best = (dist, m)
        if best is not None:
            word = next(g for g in best[1].groups() if g)
            return word.lower()
        last = memory.get("variant")
        named = any(ctx.subjects.is_vehicle(x.entity.canonical) for x in ctx.mentions)
        if (
            last
            and last[0] == ctx.sent.paragraph
            and last[1] == memory.get("seen", 0) - 1
            and not named
        ):
            return last[2]
        return None

    def phase_of(self, ctx: Context, trig: _Trigger, memory: dict[str, Any]) -> str | None:
        """The phase a plant statement names (nearest to the trigger in its statement), else
        the one its paragraph named last."""
        view = ctx.view
        lo, hi = signals.region(view, trig.start, trig.end)
        best = None
        for m in self.d.phase.finditer(view, lo, hi):
            dist = abs(m.start() - trig.start) + (0 if m.start() < trig.start else 30)
            if best is None or dist < best[0]:
                best = (dist, m)
        if best is not None:
            return self.phase_name(best[1])
        named = {self.phase_name(m) for m in self.d.phase.finditer(view)} - {None}
        if len(named) == 1:
            return named.pop()  # "Phase I: 150,000 units/year; construction began in April 2022"
        last = memory.get("phase")
        if last and last[0] == ctx.sent.paragraph:
            return last[1]
        return None

    def phase_name(self, m: re.Match) -> str | None:
        word = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        return self.phase_names.get(word)

    # -- what later sentences need ----------------------------------------------------------

    def remember_heading(
        self, ctx: Context, times: list[TimeMention], memory: dict[str, Any]
    ) -> None:
        """A line that opens with a date and a colon dates the paragraph under it."""
        heading = signals.heading_date(ctx.view, times)
        if heading is not None:
            memory["heading"] = (ctx.sent.paragraph, heading)
            colon = ctx.view.find(":")
            days = [t.interval for t in times if t.end <= colon and t.interval.granularity == "day"]
            memory["heading_days"] = (
                ctx.sent.paragraph,
                days,
            )  # "May 22 and June 26, 2025: The YU7"

    def remember(self, ctx: Context, times: list[TimeMention], memory: dict[str, Any]) -> None:
        heading = memory.get("heading")
        if heading and heading[0] != ctx.sent.paragraph:
            memory.pop("heading")
        phases = list(self.d.phase.finditer(ctx.view))
        if phases:
            name = self.phase_name(phases[-1])
            if name:
                memory["phase"] = (ctx.sent.paragraph, name)
        for t in times:
            if not t.relative and re.search(r"\b(?:19|20)\d\d\b", t.text):
                memory["year"] = t.interval.end.year
        first = times[0] if times else None
        if first is not None and first.start <= 40:
            named = re.search(r"\b(?:19|20)\d\d\b", first.text)
            same = self.d.anaphoric_year_before.search(
                ctx.view[max(0, first.start - 20) : first.start]
            )
            if named or same:
                memory["narrative"] = (
                    ctx.sent.paragraph,
                    memory.get("seen", 0),
                    first.interval.start.year,
                )
        trims = list(self.d.milestone_variant.finditer(ctx.view))
        seen = memory.get("seen", 0)
        memory["variant"] = (
            (ctx.sent.paragraph, seen, next(g for g in trims[-1].groups() if g).lower())
            if trims
            else None
        )
        memory["seen"] = seen + 1


def _memory(ctx: Context) -> dict[str, Any]:
    if ctx.discourse is None:
        return {}
    return ctx.discourse.memory.setdefault("timeline", {})


def _in_year(t: TimeMention, year: int) -> TimeMention:
    """``t`` moved to ``year`` ("September 1 that year")."""
    n = year - t.interval.start.year

    def move(d: date) -> date:
        try:
            return d.replace(year=d.year + n)
        except ValueError:  # 29 February
            return d.replace(year=d.year + n, day=28)

    label = re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group()) + n), t.interval.label)
    iv = t.interval
    return TimeMention(
        t.start,
        t.end,
        t.text,
        Interval(move(iv.start), move(iv.end), label, iv.granularity),
        t.relative,
    )


_ORDINALS = {"first": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
_NUM_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _shift(iv: Interval, unit: str, n: int) -> Interval | None:
    """``iv`` moved by ``n`` days, weeks, months or years, at its own granularity: a day by
    days or weeks, a month by months, a year by years (other pairs: None)."""
    if iv.granularity == "day" and unit in ("day", "week"):
        day = iv.start + timedelta(days=n * (7 if unit == "week" else 1))
        return Interval(day, day, day.isoformat(), "day")
    if iv.granularity == "month" and unit == "month":
        index = iv.start.year * 12 + iv.start.month - 1 + n
        year, month = divmod(index, 12)
        label = f"{year:04d}-{month + 1:02d}"
        return label_interval(label)
    if iv.granularity == "year" and unit == "year":
        return label_interval(f"{iv.start.year + n:04d}")
    return None


def _ongoing_interval(dur: re.Match, ref: date) -> Interval:
    """'now in trial production ... for less than one month' -> from ref minus the duration to ref."""
    word = dur.group(2).lower()
    n = int(word) if word.isdigit() else _NUM_WORDS.get(word, 1)
    days = n * {"day": 1, "week": 7, "month": 31}[dur.group(3).lower()]
    start = ref - timedelta(days=days)
    if (start.year, start.month) == (ref.year, ref.month):
        return Interval(start.replace(day=1), ref, f"{ref.year}-{ref.month:02d}", "month")
    label = f"{start.year}-{start.month:02d}/{ref.year}-{ref.month:02d}"
    return Interval(start.replace(day=1), ref, label, "range")
