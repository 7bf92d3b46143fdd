"""Approvals: which approval a statement speaks of, and its status.

- ``approval.ndrc``: "Xiaomi won approval from the state planner" (obtained), "obtained the
  National Development and Reform Commission record" (machine translation);
- ``approval.miit``: "still awaits the MIIT's approval" (pending), and the car listed in the
  MIIT catalogue ("the SU7 appeared in the latest declaration catalogue": obtained);
- ``approval.production_qualification``: Xiaomi's own licence ("expected to obtain its
  production qualification in June-July", "has no production licence of its own"); buying
  another maker's plant for its licence names that maker (``entity``: "a report that it was in
  talks to buy a plant owned by Beijing Baowo": expected, speculated);
- ``approval.contract_manufacturing``: the car made under another maker's licence
  ("built by Xiaomi but under BAIC's production license", "BAIC named as manufacturer",
  "Beijing Automobile Works generation work"), with ``partner`` and ``entity`` the partner.

Status: obtained / pending / expected / denied. "Denied reports that it had won NDRC approval"
is the NDRC approval denied; a denied report of a *plan* ("denied a report that it would buy
Baowo's plant to get a licence") is that report's speculation, marked ``denied``, not a status.
Not claims: other companies' approvals, how approvals work in general ("a new BEV maker needs
NDRC approval"), conditionals, questions. Words and patterns: ``data/rules/approval.toml``.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from ...errors import KBError
from ...registry import Mention
from ...timeexpr import Interval, TimeMention
from .. import signals
from ..context import Context, nearest
from ..headlines import headlines, in_front
from ..ruledata import RuleData
from . import Environment, register


@dataclasses.dataclass
class Target:
    """What a statement says is (or is not) approved."""

    prop: str
    span: tuple[int, int]
    entity: str | None = None  # the partner, or the maker whose licence would be bought
    mention: Mention | None = None
    status: str | None = None  # set by the cue itself (a listing is obtained)
    cue: tuple[int, int] | None = None
    denied_by: tuple[int, int] | None = None  # a denial of the reported plan
    listed_with: tuple[int, int] | None = None  # a catalogue entry's contents named with it
    listing_only: bool = False  # a filing that is the MIIT's only when the car turns up in it
    interval: Interval | None = None  # its date, when an earlier sentence gave it


@register("approval")
class ApprovalRule:
    topic = "approval"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.regulators = tuple(data.values["regulators"])
        for name in self.regulators:
            if env.registry.resolve(name) is None:
                raise KBError(
                    f"data/rules/approval.toml: regulator {name!r} is not in data/entities.tsv"
                )
        family = env.subjects.family
        names = sorted(
            {
                n
                for e in env.registry.entities.values()
                if e.kind == "automaker" and e.canonical not in family
                for n in (e.canonical, *e.aliases)
            },
            key=len,
            reverse=True,
        )
        partner = r"(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names) + r")(?:\s+(?:Group|Co\.?|Ltd\.?|Motor|Corp\.?))*"
        self.contract_cue = re.compile(data.contract_cue.pattern.replace("{partner}", partner), re.I)
        # every contract cue names the partner: a sentence naming no automaker of the registry is
        # not scanned with the whole cue (one scan for the names costs a twentieth of it)
        self.partner = re.compile(r"\b" + partner, re.I)
        self.acquisition = re.compile(data.acquisition.pattern.replace("{partner}", partner), re.I)
        # (article, paragraph, what the last sentence approved, the paragraph's dated heading)
        self._last: tuple | None = None
        self._partner_view: str | None = None
        self._partner_found = False

    # -- the sentence ---------------------------------------------------------------------

    def names_partner(self, view: str) -> bool:
        """Does the sentence name an automaker that could be the partner (and so hold a contract
        cue)? Cached for the sentence the rule is on."""
        if self._partner_view is not view:
            self._partner_view, self._partner_found = view, bool(self.partner.search(view))
        return self._partner_found


    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        previous = self.remember(ctx)
        entry = self.catalogue_entry(ctx)
        if entry is None and (
            not (d.approval.search(view) or self.names_partner(view) or d.government_listing.search(view))
            or d.no_news.search(view)
            or view.rstrip().endswith("?")
        ):
            return
        segments = [
            (lo, hi)
            for lo, hi in self.segments(view)
            if not (d.conditional.search(view, lo, hi) or d.generic.search(view, lo, hi))
        ]
        found = [(t, lo, hi) for lo, hi in segments for t in self.targets(ctx, lo, hi)]
        if entry is not None and not any(t.prop == "approval.miit" for t, _, _ in found):
            found.append((entry, 0, len(view)))
        if not found and previous:
            # "One of the people said the company hoped to clear that step by the end of the year."
            for lo, hi in segments:
                for m in d.anaphor.finditer(view, lo, hi):
                    found += [
                        (Target(prop, m.span(), entity), lo, hi) for prop, entity in previous[:1]
                    ]
        self._last = (
            ctx.article.id,
            ctx.sent.paragraph,
            [(t.prop, t.entity) for t, _, _ in found],
            self._last[3] if self._last else None,
        )
        denials = self.denials(view, found)
        emitted: set[tuple[str, str | None, str]] = set()
        for t, lo, hi in found:
            if self.foreign(ctx, t, lo, hi) or self.about_others(ctx, t, lo, hi):
                continue
            rivals = [x for x, a, _ in found if a == lo and x.status is None]
            for status, cue, at_least in self.readings(view, t, lo, hi, denials.get(id(t)), rivals):
                if (t.prop, t.entity, status) not in emitted:
                    emitted.add((t.prop, t.entity, status))
                    self.emit(ctx, t, status, cue, lo, hi, at_least, rivals)

    def readings(
        self, view: str, t: Target, lo: int, hi: int, denial: re.Match | None, rivals: list[Target]
    ) -> list[tuple[str, tuple[int, int] | None, str | None]]:
        """(status, cue, certainty at least) the statement gives the target."""
        d = self.d
        if denial is not None and t.status is None:
            plan = d.plan_report.search(view, denial.end(), t.span[0])
            if not plan:
                return [
                    ("denied", denial.span(), None)
                ]  # "denied reports that it had obtained a licence"
            # "denied reports that it planned to buy a stake in an automaker to obtain a licence":
            # the report's plan, a speculation marked as denied; not a status of the approval
            t.denied_by = denial.span()
            return [("expected", plan.span(), "speculated")]
        status, cue = self.status(view, lo, hi, t, rivals)
        if status is None:
            return []
        if denial is not None:  # "denied a report that it would buy Baowo's plant"
            t.denied_by = denial.span()
            return [("expected", cue, "speculated")]
        talks = (
            status == "expected"
            and t.status is not None
            and d.talks.search(view, lo, t.cue[1] if t.cue else hi)
        )
        return [(status, cue, "speculated" if talks else None)]

    def about_others(self, ctx: Context, t: Target, lo: int, hi: int) -> bool:
        """Does the statement name other companies (not the partner) or others' approvals, and not
        ours ("The NDRC approved 12 new EV projects")?"""
        if ctx.about_family(lo, hi):
            return False
        return self.d.others_approved.search(ctx.view, lo, hi) is not None or any(
            m.entity.kind in ("company", "automaker")
            and m is not t.mention
            and self.partner_of(m) != t.entity
            for m in ctx.mentions
            if lo <= m.start < hi
        )

    def remember(self, ctx: Context) -> list[tuple[str, str | None]]:
        """What the previous sentence of the paragraph approved (for "that step"), and record a
        dated heading ("November 2023: The name leaks") for the sentences under it."""
        last = self._last
        key = (ctx.article.id, ctx.sent.paragraph)
        previous = last[2] if last and last[:2] == key else []
        heading = last[3] if last and last[:2] == key else None
        t0 = ctx.times[0] if ctx.times else None
        if (
            t0 is not None
            and self.d.dated_heading.match(ctx.view[: t0.start])
            and re.match(r"\s*:", ctx.view[t0.end :])
        ):
            heading = t0.interval
        self._last = (*key, previous, heading)
        return previous

    def catalogue_entry(self, ctx: Context) -> Target | None:
        """ "On Wednesday the MIIT released its latest batch of new-vehicle declarations. Among the
        entries: a four-door sedan called the Xiaomi SU7": a car of ours among what the sentence
        before said the MIIT published is listed, on the day that sentence gave."""
        memory = (
            ctx.discourse.memory.setdefault("approval", {}) if ctx.discourse is not None else {}
        )
        view, d = ctx.view, self.d
        released = memory.get("release")
        said = memory.get("said", 0)
        memory["said"] = said + 1
        miit = any(
            m.entity.canonical == "MIIT" for m in ctx.entities("regulator")
        ) or d.miit_listing.search(view)
        if miit and d.catalogue_release.search(view):
            past = [t for t in ctx.usable_times() if ctx.ref is None or t.interval.end <= ctx.ref]
            memory["release"] = (ctx.sent.paragraph, said, past[0].interval if past else None)
        if not released or released[:2] != (ctx.sent.paragraph, said - 1):
            return None
        among = d.among_entries.match(view)
        car = (
            next((m for m in ctx.mentions if ctx.subjects.is_vehicle(m.entity.canonical)), None)
            if among
            else None
        )
        if among is None or car is None:
            return None
        return Target(
            "approval.miit",
            (among.start(), car.end),
            status="obtained",
            cue=among.span(),
            interval=released[2],
        )

    def segments(self, view: str) -> list[tuple[int, int]]:
        out, lo = [], 0
        for m in self.d.segment_break.finditer(view):
            out.append((lo, m.start()))
            lo = m.end()
        out.append((lo, len(view)))
        return [(a, b) for a, b in out if b > a]

    def denials(self, view: str, found: list[tuple[Target, int, int]]) -> dict[int, re.Match]:
        """Which targets a denial in the sentence covers: what follows "denied reports that",
        or the statement before "..., but Xiaomi denied the reports" / "Millet then denied"."""
        d = self.d
        out: dict[int, re.Match] = {}
        for rx in (d.denied, d.denied_report, d.untrue):
            for m in rx.finditer(view):
                for t, _, _ in found:
                    if t.span[0] >= m.start() and id(t) not in out:
                        out[id(t)] = m
        for m in d.denied_before.finditer(view):
            before = [t for t, _, _ in found if t.span[1] <= m.start() and id(t) not in out]
            if before:
                last = max(before, key=lambda t: t.span[1])
                for t in before:
                    if t.span == last.span or (
                        t.status is None and last.status is None and t.span[1] > last.span[0] - 60
                    ):
                        out[id(t)] = (
                            m  # "reports said it would get NDRC and MIIT approval, but Xiaomi denied them"
                        )
        return out

    # -- what is approved -----------------------------------------------------------------

    def targets(self, ctx: Context, lo: int, hi: int) -> list[Target]:
        d = self.d
        view = ctx.view
        out: list[Target] = []
        # "a licence of its own ..., a process that involves both the state planner and the
        # industry ministry": regulators describing the licence are no approvals of their own
        asides = [
            a.span()
            for p in d.production_approval.finditer(view, lo, hi)
            for a in [d.licence_aside.search(view, p.end(), hi)]
            if a is not None and a.start() - p.end() <= 80
        ]
        for m in ctx.entities("regulator"):
            if any(a <= m.start < b for a, b in asides):
                continue
            if lo <= m.start < hi and m.entity.canonical in self.regulators:
                out.append(
                    Target(f"approval.{m.entity.canonical.lower()}", (m.start, m.end), mention=m)
                )
        for m in d.miit_listing.finditer(view, lo, hi):
            if not any(t.prop == "approval.miit" and abs(t.span[0] - m.start()) < 60 for t in out):
                out.append(Target("approval.miit", m.span()))
        for m in d.government_listing.finditer(view, lo, hi):
            # "Xiaomi SU7 shows up in a government filing": the MIIT's, when a car of ours turns up in it
            listed = list(d.listed.finditer(view, max(lo, m.start() - 40), m.start()))
            if not listed or any(
                t.prop == "approval.miit" and abs(t.span[0] - m.start()) < 60 for t in out
            ):
                continue
            cue = listed[-1]
            if any(
                lo <= x.start < cue.start() and ctx.subjects.is_vehicle(x.entity.canonical)
                for x in ctx.mentions
            ):
                out.append(
                    Target(
                        "approval.miit",
                        (cue.start(), m.end()),
                        status="obtained",
                        cue=cue.span(),
                        listing_only=True,
                    )
                )
        # contract manufacturing: the partner named with the cue, or by a stand-in
        contract: list[Target] = []
        for m in self.contract_cue.finditer(view, lo, hi) if self.names_partner(view) else ():
            partner = self.partner_in(ctx, m.start(), m.end())
            if (
                partner is not None
                and not d.contract_negated.search(view[max(lo, m.start() - 30) : m.start()])
                and not self.made_for_others(ctx, m.end(), hi)
            ):
                contract.append(
                    Target(
                        "approval.contract_manufacturing",
                        m.span(),
                        partner[0],
                        partner[1],
                        "obtained",
                        m.span(),
                    )
                )
        for m in d.partner_stand_in.finditer(view, lo, hi):
            earlier = [
                x for x in ctx.mentions if x.end <= m.start() and self.partner_of(x) is not None
            ]
            if earlier:
                p = earlier[-1]
                contract.append(
                    Target(
                        "approval.contract_manufacturing",
                        (p.start, m.end()),
                        self.partner_of(p),
                        p,
                        "obtained",
                        m.span(),
                    )
                )
        if not contract:
            generic = d.contract_generic.search(view, lo, hi)
            partners = [
                x for x in ctx.mentions if lo <= x.start < hi and self.partner_of(x) is not None
            ]
            if generic and partners:
                p = min(partners, key=lambda x: abs(x.start - generic.start()))
                span = (min(p.start, generic.start()), max(p.end, generic.end()))
                contract.append(
                    Target(
                        "approval.contract_manufacturing",
                        span,
                        self.partner_of(p),
                        p,
                        "obtained",
                        generic.span(),
                    )
                )
        out += contract
        for t in out:
            if t.prop == "approval.miit":
                named = [c for c in contract if c.status == "obtained"]
                t.listed_with = named[0].cue if named else None
        # the company's own production licence; or another maker's, bought with its plant
        bought = [m for m in self.acquisition.finditer(view, lo, hi)]
        taken = [t.span for t in contract]
        productions = [
            m
            for m in d.production_approval.finditer(view, lo, hi)
            if not any(a <= m.start() < b for a, b in taken)
        ]
        production = productions[0] if productions else None
        if bought and (
            production or re.search(r"\b(?:licen[cs]e|qualification|permit)", view[lo:hi], re.I)
        ):
            for m in bought:
                partner = self.partner_in(ctx, m.start(), m.end())
                if partner is not None:
                    out.append(
                        Target(
                            "approval.production_qualification",
                            m.span(),
                            partner[0],
                            partner[1],
                            "expected",
                            m.span(),
                        )
                    )
        elif production and not any(
            abs(production.start() - t.span[0]) < 80
            for t in out
            if t.prop in ("approval.ndrc", "approval.miit")
        ):
            out += [Target("approval.production_qualification", m.span()) for m in productions]
        return out

    def made_for_others(self, ctx: Context, pos: int, hi: int) -> bool:
        """ "names BAIC as the manufacturer of the Arcfox Alpha S": what the partner makes, named
        after the cue, is a name that is not ours."""
        of = self.d.made_of.match(ctx.view, pos, hi)
        if of is None:
            return False
        ours = any(of.start() <= x.start < of.end() + 2 and ctx.is_family(x) for x in ctx.mentions)
        return not ours and bool(re.search(r"(?-i:[A-Z])", of.group("what")))

    def partner_of(self, m: Mention) -> str | None:
        """The automaker a mention names, or its parent automaker ("Beijing Automobile Works": BAIC)."""
        e = m.entity
        if e.kind != "automaker" or e.canonical in self.env.subjects.family:
            return None
        while (
            e.parent
            and e.parent in self.env.registry.entities
            and self.env.registry.entities[e.parent].kind == "automaker"
        ):
            e = self.env.registry.entities[e.parent]
        return e.canonical

    def partner_in(self, ctx: Context, a: int, b: int) -> tuple[str, Mention] | None:
        for m in ctx.mentions:
            if a <= m.start < b + 2:
                partner = self.partner_of(m)
                if partner is not None:
                    return partner, m
        return None

    # -- the status -------------------------------------------------------------------------

    _KINDS = (
        ("denied", "refused"),
        ("pending", "failed"),
        ("pending", "pending"),
        ("expected", "expected_approval"),
        ("obtained", "obtained"),
    )

    def status(
        self, view: str, lo: int, hi: int, t: Target, others: list[Target]
    ) -> tuple[str | None, tuple[int, int] | None]:
        """The status a target's statement gives it: from the cues it owns (a cue between two
        targets governs the one it is not cut off from by a comma, else the next one)."""
        d = self.d
        if (
            t.status is not None
        ):  # a contract arrangement or a purchase: its own cue, unless planned
            # a plan before the cue, or a modal inside it ("BAIC will serve as the manufacturer")
            end = (
                t.cue[1]
                if t.cue and t.prop == "approval.contract_manufacturing"
                else (t.cue[0] if t.cue else t.span[0])
            )
            plan = [m for m in d.planned.finditer(view, lo, end)]
            if (
                plan
                and t.prop == "approval.contract_manufacturing"
                and d.filing_source.search(view, lo, t.span[0])
            ):
                return (
                    "obtained",
                    t.cue,
                )  # "As per the car's MIIT listing, the SU7 will be manufactured by BAIC"
            if plan and (t.status == "expected" or t.prop == "approval.contract_manufacturing"):
                return "expected", plan[-1].span()
            if t.status == "obtained" and t.prop == "approval.contract_manufacturing":
                return "obtained", t.cue
            if t.status == "obtained" and t.prop == "approval.miit":
                # a car turned up in a filing, or among a catalogue's entries: not when it will
                return (None, None) if plan else ("obtained", t.cue)
        kinds = self._KINDS if t.status is None else ()
        for status, name in kinds:
            for m in getattr(d, name).finditer(view, lo, hi):
                if _same(self.owner(view, m.span(), others), t) and signals.linked(
                    view, t.span, m.span()
                ):
                    if name == "refused" and d.refusal_dismissed.search(view, lo, m.start()):
                        return (
                            None,
                            None,
                        )  # "dismissed as untrue posts claiming its application had been turned down"
                    return status, m.span()
        if (
            t.prop == "approval.miit"
            and t.status is None
            and not d.other_catalogue.search(view, lo, hi)
        ):
            miit = [x for x in others if x.prop == "approval.miit"]
            for m in d.listed.finditer(view, lo, hi):
                if _same(self.owner(view, m.span(), miit), t):
                    return "obtained", m.span()  # "the SU7 appeared in the MIIT catalogue"
            if d.miit_listing.search(view, lo, hi) and t.listed_with is not None:
                return (
                    "obtained",
                    t.listed_with,
                )  # "according to the declaration catalogue, the SU7's manufacturer is BAIC"
        if t.status == "expected":
            return "expected", t.cue
        return None, None

    @staticmethod
    def owner(view: str, cue: tuple[int, int], targets: list[Target]) -> Target | None:
        """The approval a cue (or a date) belongs to: the one it overlaps; else, between two, the
        one no comma cuts it off from ("wins state planner's nod, still awaits industry ministry
        approval"), and the next one when neither or both are."""
        inside = [t for t in targets if t.span[0] < cue[1] and cue[0] < t.span[1]]
        if inside:
            return inside[0]
        before = [t for t in targets if t.span[1] <= cue[0]]
        after = [t for t in targets if t.span[0] >= cue[1]]
        if not before or not after:
            return (before[-1] if before else after[0]) if (before or after) else None
        a, b = before[-1], after[0]
        cut_a = bool(re.search(r"[,;:]", view[a.span[1] : cue[0]]))
        cut_b = bool(re.search(r"[,;:]", view[cue[1] : b.span[0]]))
        return a if cut_b and not cut_a else b

    def foreign(self, ctx: Context, t: Target, lo: int, hi: int) -> bool:
        """Is the statement about another company's approval? The partner or the maker whose
        plant would be bought is not "another company" here."""
        keep = [
            m
            for m in ctx.mentions
            if m is not t.mention and not (t.entity and self.partner_of(m) == t.entity)
        ]
        view = dataclasses.replace(ctx, mentions=keep, claims=[])
        cue = t.cue[0] if t.cue else t.span[0]
        return view.foreign_subject(before=max(cue, t.span[0]), lo=lo, hi=hi)

    # -- the claim ------------------------------------------------------------------------

    def emit(
        self,
        ctx: Context,
        t: Target,
        status: str,
        cue: tuple[int, int] | None,
        lo: int,
        hi: int,
        at_least: str | None,
        rivals: list[Target],
    ) -> None:
        ps, pe = t.span
        anchor = cue if cue else (ps, pe)
        time = (
            self.period(ctx, t, status, anchor, lo, hi, rivals)
            if status in ("obtained", "expected")
            else None
        )
        points = [ps, pe, *anchor]
        if isinstance(time, TimeMention):
            points += [time.start, time.end]
            time = time.interval
        regulator = (
            t.prop.split(".")[1].upper() if t.prop in ("approval.ndrc", "approval.miit") else None
        )
        qualifiers = {"status": status, "regulator": regulator}
        extra: dict = {}
        if t.prop == "approval.contract_manufacturing":
            qualifiers["partner"] = t.entity
        if t.denied_by is not None:
            qualifiers["denied"] = True
        if t.entity:
            extra["entity"] = t.entity
            if t.mention is not None:
                extra["surface"] = ctx.article.text[
                    ctx.sent.start + t.mention.start : ctx.sent.start + t.mention.end
                ]
        claim = ctx.add(
            topic=self.topic,
            subject=ctx.subjects.business,
            prop=t.prop,
            value=status,
            value_kind="status",
            span=(min(points), max(points)),
            rule=f"approval.{status}",
            qualifiers=qualifiers,
            at_least=at_least or ("expected" if status == "expected" else None),
            interval=time,
            **extra,
        )
        if (
            status == "obtained"
            and claim.certainty == "expected"
            and t.prop == "approval.contract_manufacturing"
        ):
            if self.d.filing_source.search(ctx.view, lo, ps):
                claim.certainty = (
                    "reported"  # what a filing names, not a plan ("will be manufactured by")
                )
        if status == "obtained" and claim.certainty != "speculated":
            # a headline's approval ("Xiaomi SU7 shows up in a government filing") takes the date
            # the body gives it on or just before the publication date (headlines.py)
            key = (t.prop, t.entity)
            store = headlines(ctx, self.name)
            if time is None and in_front(ctx):
                store.date_later(ctx, key, claim)
            elif time is not None:
                store.confirm(ctx, key, time)

    def period(
        self,
        ctx: Context,
        t: Target,
        status: str,
        anchor: tuple[int, int],
        lo: int,
        hi: int,
        rivals: list[Target],
    ) -> TimeMention | Interval | None:
        """When the approval was obtained (a past time of the statement, or the paragraph's dated
        heading), or when it is expected (a future one). A time that dates a report or a
        dateline ("Aug 24 (Reuters) -", "November 16 report") is not the event's."""
        d = self.d
        view = ctx.view
        times = [
            tm
            for tm in ctx.usable_times() + self.deictic_days(ctx, lo, hi)
            if lo <= tm.start
            and tm.end <= hi
            and signals.in_quotes(view, tm.start) == signals.in_quotes(view, anchor[0])
            and not signals.in_relative_clause(view, tm.start, anchor[1])
            and not (tm.end <= anchor[0] and d.report_time.match(view[tm.end : anchor[0]]))
            # "said in a note this month that it expects ...": when it was said
            and not (
                d.said_when.search(view, max(lo, tm.start - 40), tm.start)
                and d.said_that.match(view, tm.end)
            )
            and (
                t not in rivals or _same(self.owner(view, (tm.start, tm.end), rivals), t)
            )  # not another approval's date
            and not d.other_event.search(view[min(tm.end, anchor[1]) : max(tm.start, anchor[0])])
        ]
        if status == "obtained":
            past = [tm for tm in times if ctx.ref is None or tm.interval.start <= ctx.ref]
            if past:
                return nearest(past, anchor[0])
            if t.interval is not None:
                return (
                    t.interval
                )  # the day the sentence before gave ("On Wednesday the MIIT released ...")
            heading = self._last[3] if self._last else None
            return (
                heading
                if heading is not None and (ctx.ref is None or heading.start <= ctx.ref)
                else None
            )
        fut = [
            tm
            for tm in times
            if ctx.ref is None or tm.interval.end > ctx.ref or tm.interval.granularity == "by"
        ]
        # "... about producing under BAIC's licence, as it races to get the car on sale next year": not its date
        fut = [tm for tm in fut if tm.start < anchor[0] or "," not in view[anchor[1] : tm.start]]
        return nearest(fut, anchor[1]) if fut else None

    def deictic_days(self, ctx: Context, lo: int, hi: int) -> list[TimeMention]:
        """ "today", "yesterday": the reference date or the day before it."""
        if ctx.ref is None:
            return []
        out = []
        for m in self.d.deictic_day.finditer(ctx.view, lo, hi):
            day = ctx.ref - timedelta(days=1) if m.group().lower() == "yesterday" else ctx.ref
            out.append(
                TimeMention(
                    m.start(), m.end(), m.group(), Interval(day, day, day.isoformat(), "day"), True
                )
            )
        return out


def _same(a: Target | None, b: Target) -> bool:
    """The same approval (one regulator named twice: "the National Development and Reform
    Commission (NDRC)")."""
    return a is not None and a.prop == b.prop and a.entity == b.entity
