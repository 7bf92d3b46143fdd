"""What one sentence offers the rules, and the one way a rule turns a span into a claim."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..ingest import Article
from ..models import Claim
from ..quantities import Quantity
from ..registry import Mention
from ..text import Sentence
from ..timeexpr import Interval, TimeMention
from . import signals
from .subjects import Subjects


@dataclass
class Context:
    """One sentence of an article, with what was found in it."""

    article: Article
    sent: Sentence
    view: str  # the sentence, look-alike characters folded (same length)
    ref: date | None  # what relative time expressions were resolved against
    published: date | None  # the article's publication date: what "planned" is judged against
    mentions: list[Mention]
    times: list[TimeMention]
    quantities: list[Quantity]
    certainty: str
    scopes: list[tuple[int, int, str]]  # (start, end, source) of each attribution, outermost first
    subjects: Subjects
    vehicle: str | None = None  # the car the paragraph spoke of last
    article_vehicle: str | None = None  # the only car the whole article names, if it names one
    discourse: Discourse | None = None  # what earlier sentences of the article said
    claims: list[Claim] = field(default_factory=list)

    @property
    def previous(self) -> Said | None:
        """The sentence before this one in its paragraph, with the claims it yielded."""
        return self.discourse.before(self.sent.paragraph) if self.discourse else None

    # -- who the sentence is about -------------------------------------------------------

    def entities(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if not kinds or m.entity.kind in kinds]

    def is_family(self, m: Mention) -> bool:
        return self.subjects.is_family(m.entity)

    def mentions_family(self) -> bool:
        """The company, its car unit, plant or cars, or one of its people, is named in the sentence."""
        return any(
            self.subjects.is_family(m.entity) or self.subjects.is_family_person(m.entity)
            for m in self.mentions
        )

    def foreign_subject(self, before: int, lo: int = 0, hi: int | None = None) -> bool:
        """Is the statement in view[lo:hi] about another company?

        Yes when the first company named in it (before ``before``) is not ours
        ("Tesla, unlike Xiaomi, already has approval"), or when another automaker or
        company is named and ours is not.
        """
        hi = len(self.view) if hi is None else hi
        # what an aside names (", which BAIC licenses,") is not who the statement is about
        away = [a for a in signals.asides(self.view) if not (a[0] <= before < a[1])]
        inside = [
            m
            for m in self.mentions
            if lo <= m.start < hi and not any(a <= m.start < b for a, b in away)
        ]
        players = [
            m for m in inside if m.entity.kind in ("company", "automaker") or self.is_family(m)
        ]
        earlier = [m for m in players if m.start < before]
        if not earlier and self.discourse is not None:
            # "The company delivered 1.8 million cars": the clause opens with a stand-in for the
            # organisation an earlier sentence was about
            named = self.discourse.org_stand_in(self.view, lo)
            if named is not None and named not in self.subjects.family:
                return True
        first = earlier[0] if earlier else None
        if first is not None and not self.is_family(first):
            if first.entity.kind == "automaker" or not any(self.is_family(m) for m in inside):
                return True
        # "... below the Tesla Model 3, which starts at 245,900 yuan", "after Li Auto, whose L9
        # started deliveries in August": a relative clause belongs to the company just before it
        # (even one named inside an aside)
        named_before = [
            m
            for m in self.mentions
            if lo <= m.start < before
            and (m.entity.kind in ("company", "automaker") or self.is_family(m))
        ]
        last = named_before[-1] if named_before else None
        if last is not None and not self.is_family(last) and last.entity.kind == "automaker":
            if re.search(r",\s*(?:which|whose|who|that)\b", self.view[last.end : before]):
                return True
        return False

    def others_relative(self, pos: int, lo: int = 0) -> bool:
        """Is ``pos`` inside a ", whose ..." clause of a name not ours ("the district hosts Beijing
        Benz, whose plants produce 600,000 vehicles a year")? A clause of our company, our plant or
        a common noun ("the factory, whose first phase ...") is not."""
        found = list(re.finditer(r",\s*whose\b", self.view[lo:pos]))
        if not found:
            return False
        m = found[-1]
        start, end = lo + m.start(), lo + m.end()
        if re.search(r"[,;]", self.view[end:pos]):
            return False
        named = [x for x in self.mentions if x.start < start and start - x.end <= 1]
        if named:
            return not self.is_family(named[-1])
        words = re.findall(r"[\w'’-]+", self.view[lo:start])[-3:]
        return (
            bool(words)
            and words[-1][:1].isupper()
            and not any(w.lower() in _PLACE_NOUNS for w in words)
        )

    def other_actor(self, lo: int, pos: int) -> bool:
        """Does the clause from ``lo`` to ``pos`` open with another actor as its subject ("The
        zone's administration will put ...")?"""
        return bool(signals.common().other_actor.match(self.view[lo:pos]))

    def about_family(self, lo: int, hi: int) -> bool:
        """Does the statement concern us: named in the sentence, or a stand-in in the clause?"""
        return self.mentions_family() or bool(_STAND_IN.search(self.view, lo, hi))

    def vehicle_subject(self, before: int | None = None) -> str:
        """The car a statement is about: the last one named before ``before`` in the sentence,
        else the first named in it, else the one the paragraph spoke of, else the article's
        only car, else the car current at the article's date, else the company's car business."""
        cars = [m for m in self.mentions if self.subjects.is_vehicle(m.entity.canonical)]
        if before is not None:
            earlier = [m for m in cars if m.start < before]
            if earlier:
                return earlier[-1].entity.canonical
        if cars:
            return cars[0].entity.canonical
        stand_in = self.discourse.vehicle_stand_in(self.view) if self.discourse else None
        recent = self.discourse.recent_car() if self.discourse else None
        return (
            stand_in
            or self.vehicle
            or recent
            or self.article_vehicle
            or (self.discourse.cars[-1] if self.discourse and self.discourse.cars else None)
            or self.subjects.current_vehicle(self.published)
            or self.subjects.business
        )

    # -- times ----------------------------------------------------------------------------

    def usable_times(self, *, future: bool | None = None) -> list[TimeMention]:
        """Time mentions usable as an event's time (not "since X", not the date a statement was made)."""
        c = signals.common()
        out = []
        for t in self.times:
            if c.since_before.search(self.view[: t.start]) or c.speech_date.search(
                self.view[: t.start]
            ):
                continue  # "since 2017", and "said on Tuesday" dates the statement, not the event
            if future is not None and self.ref is not None:
                is_future = t.interval.end > self.ref or t.interval.granularity == "by"
                if future != is_future and not (t.interval.start <= self.ref <= t.interval.end):
                    continue
            out.append(t)
        return out

    # -- making a claim -------------------------------------------------------------------

    def add(
        self,
        *,
        topic: str,
        subject: str,
        prop: str,
        value: Any,
        value_kind: str,
        span: tuple[int, int],
        rule: str,
        at_least: str | None = None,
        interval: Interval | None = None,
        **kw: Any,
    ) -> Claim:
        """A claim over ``span`` of the sentence; ``at_least`` raises a weaker certainty to it."""
        s, e = signals.trim(self.view, *span)
        a = self.sent.start
        origin: list[str] = []
        for lo, hi, name in self.scopes:
            if lo <= e <= hi and name not in origin:
                origin.append(name)
        certainty = signals.certainty(self.view, (s, e), covered=bool(origin))
        previous = self.previous
        if (
            previous is not None
            and len(previous.view) < 40
            and signals.common().speculated_sentence.search(
                signals.case_fold_for_cues(previous.view)
            )
        ):
            certainty = "speculated"  # "My guess? It starts at around 300k yuan."
        if at_least and signals.strength(certainty) < signals.strength(at_least):
            certainty = at_least
        if interval is not None:
            kw.update(
                period_start=interval.start, period_end=interval.end, period_label=interval.label
            )
        claim = Claim(
            article_id=self.article.id,
            topic=topic,
            subject=subject,
            property=prop,
            value=value,
            value_kind=value_kind,
            quote=self.article.text[a + s : a + e],
            start=a + s,
            end=a + e,
            sentence=self.sent.text,
            sentence_start=self.sent.start,
            rule=rule,
            certainty=certainty,
            attributed_to=origin[-1] if origin else None,
            origin=origin,
            **kw,
        )
        self.claims.append(claim)
        return claim


@dataclass
class Said:
    """One body sentence as the discourse remembers it."""

    paragraph: int
    view: str
    mentions: list[Mention]
    claims: list[Claim] = field(default_factory=list)


class Discourse:
    """What the article said before the current sentence: the organisations and cars it named,
    in order, so that "the company", "the automaker" or "the new sedan" can be resolved, and
    the sentence just before, so that a claim can continue it ("The plant will be built in two
    phases. The first ... 150,000 units a year.")."""

    def __init__(self, subjects: Subjects):
        self.subjects = subjects
        self.orgs: list[str] = []  # canonical names, each sentence's first-named organisation last
        self.cars: list[str] = []  # the family's cars, in the order they were named
        self.said = 0  # body sentences so far
        self.car_said: int | None = None  # the sentence that named the last car
        self.current: Said | None = None
        self.previous: Said | None = None
        self.heads: dict[int, str] = {}  # each paragraph's first table row (a table's header)
        # what a rule keeps of the article so far (a dated heading, the last phase named), by rule name
        self.memory: dict[str, dict[str, Any]] = {}

    def advance(self, paragraph: int, view: str, mentions: list[Mention]) -> Said:
        """Move on to the next body sentence; what the current one named becomes history."""
        if self.current is not None:
            self.note(self.current.mentions)
            self.previous = self.current
        self.said += 1
        self.current = Said(paragraph, view, mentions)
        if "|" in view:
            self.heads.setdefault(paragraph, view)
        return self.current

    def table_head(self, paragraph: int) -> str | None:
        """The first row of the table (lines with "|") in this paragraph: its header."""
        return self.heads.get(paragraph)

    def before(self, paragraph: int) -> Said | None:
        """The sentence just before the current one, if it is in the same paragraph."""
        p = self.previous
        return p if p is not None and p.paragraph == paragraph else None

    def note(self, mentions: list[Mention]) -> None:
        """Record a sentence's mentions."""
        orgs = [
            m
            for m in mentions
            if m.entity.kind in ("company", "automaker") or self.subjects.is_family(m.entity)
        ]
        if orgs:
            self.orgs.append(orgs[0].entity.canonical)
        for m in mentions:
            if self.subjects.is_vehicle(m.entity.canonical):
                self.cars.append(m.entity.canonical)
                self.car_said = self.said

    def recent_car(self, within: int = 2) -> str | None:
        """The car named last, if it was named in the last ``within`` sentences ("Q: When did
        the YU7 launch? A: It went on sale on June 26")."""
        if self.car_said is None or self.said - self.car_said > within:
            return None
        return self.cars[-1]

    def org_stand_in(self, view: str, lo: int = 0) -> str | None:
        """The organisation a stand-in opening the clause at ``lo`` ("The company", "The
        automaker") refers to: the subject of the latest sentence that named one. ("It" is left
        alone: it is as often the car as the company.)"""
        m = _ORG_STAND_IN.match(view, lo)
        if not m or not self.orgs:
            return None
        return self.orgs[-1]

    def vehicle_stand_in(self, view: str) -> str | None:
        """The family car "the new sedan" / "the SUV" / "the car" refers to: by body type when
        the registry gives one, else the car named last."""
        m = _CAR_STAND_IN.search(view)
        if not m:
            return None
        body = m.group("body").lower()
        typed = [
            v.canonical for v in self.subjects.vehicles if (v.attr("body") or "").lower() == body
        ]
        if len(typed) == 1:
            return typed[0]
        return self.cars[-1] if self.cars else None


_ORG_STAND_IN = re.compile(
    r"\s*(?:the\s+(?:[\w-]+\s+){0,2}?(?:company|firm|group|automaker|carmaker|car\s*maker|ev\s+maker|smartphone\s+maker|"
    r"phone\s+maker|electronics\s+maker|tech\s+giant|giant|brand|start-?up))\b",
    re.I,
)
_CAR_STAND_IN = re.compile(
    r"\bthe\s+(?:new\s+|electric\s+|upcoming\s+|first\s+)?(?P<body>sedan|suv|saloon|car|vehicle|model)\b",
    re.I,
)


def nearest(items, pos: int):
    """The item (with .start and .end) closest to ``pos``."""
    best = None
    for it in items:
        d = min(abs(it.start - pos), abs(it.end - pos))
        if best is None or d < best[0]:
            best = (d, it)
    return best[1] if best else None


_STAND_IN = re.compile(
    r"\b(it|its|we|our|the\s+(?:[\w-]+\s+){0,2}?(?:company|venture|project|brand|automaker|carmaker|firm|group|smartphone\s+maker|phone\s+maker|"
    r"electronics\s+maker|car\s+unit|ev\s+unit|ev\s+arm|car\s+maker|factory|plant|car|sedan|suv))\b",
    re.I,
)

# the heads of an antecedent that make a ", whose" clause ours to read: "the Beijing Plant, whose ..."
_PLACE_NOUNS = frozenset(
    {
        "plant",
        "plants",
        "factory",
        "factories",
        "site",
        "base",
        "works",
        "facility",
        "phase",
        "stage",
        "e-town",
        "yizhuang",
    }
)
