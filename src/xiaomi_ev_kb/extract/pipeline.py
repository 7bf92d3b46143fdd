"""The extractor: sentences in, claims out.

Per sentence: a cheap gate first, then entity mentions (registry), quantities and time
expressions, certainty and attribution, then each registered rule in turn. Every claim
keeps the exact span it came from (``article.text[start:end] == quote``), the sentence, the
rule that made it, its certainty and to whom the article attributes it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from ..ingest import Article
from ..models import Claim
from ..quantities import find_quantities
from ..registry import Registry, load_registry
from ..text import Sentence, split_sentences
from ..timeexpr import Interval, TimeMention, find_time_expressions
from . import signals
from .context import Context, Discourse
from .rules import DEFAULT_RULES, Environment, Rule, make_rule
from .subjects import Subjects, build_subjects


class Extractor:
    """The rule set, built once; ``extract(article)`` returns its claims."""

    def __init__(self, registry: Registry | None = None, rules: Iterable[str] = DEFAULT_RULES):
        self.registry = registry or load_registry()
        self.subjects: Subjects = build_subjects(self.registry)
        env = Environment(self.registry, self.subjects)
        self.rules: list[Rule] = [make_rule(name, env) for name in rules]

    def warm(self) -> None:
        """Build everything extraction needs up front (worker processes then start warm)."""
        split_sentences("Warm up.")

    def main_vehicle(self, article: Article, sentences: list, found: list) -> str | None:
        """The car the article is about: the only one it names; else the only one its title (or
        first line) names; else the one it names most, if that is most of its car mentions."""
        named = [
            [m.entity.canonical for m in ms if self.subjects.is_vehicle(m.entity.canonical)]
            for ms in found
        ]
        counts = Counter(c for ms in named for c in ms)
        if len(counts) <= 1:
            return next(iter(counts), None)
        title = {
            m.entity.canonical
            for m in self.registry.find(article.title or "")
            if self.subjects.is_vehicle(m.entity.canonical)
        }
        if not title:  # no title given: the headline, the first line of the body
            title = set(
                next(
                    (
                        ms
                        for (sent, _), ms in zip(sentences, named, strict=True)
                        if sent.start >= article.body_start
                    ),
                    [],
                )
            )
        if len(title) == 1:
            return next(iter(title))
        (top, n), (_, second) = counts.most_common(2)
        return top if n >= 2 * second else None

    def extract(self, article: Article) -> list[Claim]:
        c = signals.common()
        claims: list[Claim] = []
        anchors: dict[int, date] = {}
        last_attribution: str | None = None
        paragraph, vehicle = -1, None
        section_vehicle: str | None = (
            None  # the car a heading or a question line named ("What is the YU7?")
        )
        # One registry pass per sentence, kept for the rules; the article's only car (if it
        # names exactly one, front matter included) comes from the same mentions.
        sentences = [(sent, sent.view) for sent in split_sentences(article.text)]
        found = [self.registry.find(view) for _, view in sentences]
        article_vehicle = self.main_vehicle(article, sentences, found)
        published = article.published
        # an article dated only to the year may be from any day of it: a dated heading of that
        # year ("12. February 27, 2025: the Ultra") still dates the paragraph under it
        anchor_cap = published
        if published is not None and article.published_precision == "year":
            anchor_cap = date(published.year, 12, 31)
        discourse = Discourse(self.subjects)
        links_from: int | None = (
            None  # the paragraph a "Related reading:" line heads: other stories' headlines
        )
        for (sent, view), mentions in zip(sentences, found, strict=True):
            if sent.paragraph == links_from:
                continue
            if c.link_list_head.match(view):
                links_from = sent.paragraph
                continue
            if sent.start < article.body_start or c.skip_line.match(view):
                continue
            said = discourse.advance(sent.paragraph, view, mentions)
            if _HEADING.fullmatch(view):
                heading_cars = {
                    m.entity.canonical
                    for m in mentions
                    if self.subjects.is_vehicle(m.entity.canonical)
                }
                if len(heading_cars) == 1:
                    section_vehicle = next(iter(heading_cars))
            hint = signals.might_hold_claim(view)
            if not hint and not (published and c.report_anchor.search(view)):
                continue  # no claim, and no dated report that later sentences count from
            ref = anchors.get(sent.paragraph, published)
            times = _with_weekdays(
                view, _prefer_future(view, find_time_expressions(view, ref), ref), ref
            )
            if article.published_precision in ("month", "year"):
                times = [t for t in times if not _needs_finer_date(t, article.published_precision)]
            _update_anchor(anchors, sent, view, times, anchor_cap)
            if not hint:
                continue
            if sent.paragraph != paragraph:
                paragraph, vehicle = sent.paragraph, section_vehicle
            scopes = signals.attribution(view, mentions, last_attribution)
            if scopes:
                last_attribution = scopes[-1][2]
            ctx = Context(
                article=article,
                sent=sent,
                view=view,
                ref=ref,
                # a paragraph under a dated heading of an article dated only to the year is
                # told as of that heading's day
                published=ref
                if (anchor_cap != published and sent.paragraph in anchors)
                else published,
                mentions=mentions,
                times=times,
                quantities=find_quantities(view),
                certainty=signals.certainty(view),
                scopes=scopes,
                subjects=self.subjects,
                vehicle=vehicle,
                article_vehicle=article_vehicle,
                discourse=discourse,
            )
            vehicle = next(
                (
                    m.entity.canonical
                    for m in mentions
                    if self.subjects.is_vehicle(m.entity.canonical)
                ),
                vehicle,
            )
            if not (
                c.conditional.search(view)
                or c.question.search(view)
                or c.generic_subject.search(view)
            ):
                once = bool(c.once_opening.match(view))
                for rule in self.rules:
                    if not once or getattr(rule, "once_ok", False):
                        rule(ctx)
                claims.extend(ctx.claims)
                said.claims = ctx.claims
        return _dedupe(claims)


_DAY_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night|weekend|weeks?|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|days?)\b",
    re.I,
)
_MONTH_RELATIVE = re.compile(
    r"\b(?:this|last|next|previous|past|coming)\s+(?:month|quarter)\b|\bmonths?\s+(?:ago|later|earlier)\b",
    re.I,
)


def _needs_finer_date(t: TimeMention, precision: str) -> bool:
    """A time counted from the article's date that needs more of that date than is known:
    'yesterday' or 'on Thursday' in an article dated only to the month or year, 'last month'
    in one dated only to the year."""
    if not t.relative:
        return False
    return bool(
        _DAY_RELATIVE.search(t.text) or (precision == "year" and _MONTH_RELATIVE.search(t.text))
    )


# a heading or a question line: short, no full stop at the end
_HEADING = re.compile(r"[^.!]{2,80}[?:]?\s*")


def _update_anchor(
    anchors: dict[int, date],
    sent: Sentence,
    view: str,
    times: list[TimeMention],
    published: date | None,
) -> None:
    """A sentence opening with a dated report, or a dated heading ("6. June 2023: Phase I is
    finished"), sets the time later sentences of its paragraph are relative to."""
    if not times or not published:
        return
    heading = signals.heading_date(view, times)
    if heading is not None:
        anchors[sent.paragraph] = min(heading.end, published)
        return
    first = times[0]
    cue = signals.common().report_anchor.search(view[: first.end + 80])
    if not first.relative or first.start > 40 or not cue:
        return
    if (
        cue.end() <= first.start
        and re.match(r"according\s+to\b", cue.group(), re.I)
        and "," in view[cue.end() : first.start]
    ):
        return  # "According to the data, in October, deliveries exceeded 20,000": October is the news, not its date
    anchors[sent.paragraph] = min(first.interval.end, published)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out = []
    for c in claims:
        if c.id in seen:
            continue
        seen.add(c.id)
        out.append(c)
    return out


def _prefer_future(view: str, times: list[TimeMention], ref: date | None) -> list[TimeMention]:
    """In a sentence about the future, a month named without a year is the next one.

    "Xiaomi will begin mass production in December" (said in September 2023) is
    December 2023, not the December before.
    """
    c = signals.common()
    if ref is None or not times or not c.future_tense.search(view):
        return times
    out = []
    for t in times:
        # the future must be said before the month or in its own clause: "delivered 20,000 in
        # Oct, expects to hit 100,000 in Nov" puts only November ahead
        lo, hi = signals.clause_window(view, t.start, t.end)
        ahead = c.future_tense.search(view, 0, t.start) or c.future_tense.search(view, lo, hi)
        if t.relative and t.interval.end < ref and c.yearless_month.search(t.text) and ahead:
            t = TimeMention(t.start, t.end, t.text, _shift_years(t.interval, 1), t.relative)
        out.append(t)
    return out


def _shift_years(iv: Interval, n: int) -> Interval:
    def move(d: date) -> date:
        try:
            return d.replace(year=d.year + n)
        except ValueError:  # 29 February
            return d.replace(year=d.year + n, day=28)

    label = re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group()) + n), iv.label)
    return Interval(move(iv.start), move(iv.end), label, iv.granularity)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _with_weekdays(view: str, times: list[TimeMention], ref: date | None) -> list[TimeMention]:
    """News dates events by weekday ("launched ... on Thursday"): the one before the reference
    date, or after it in a sentence about the future."""
    if ref is None or "day" not in view:
        return times
    c = signals.common()
    extra = []
    for m in c.weekday.finditer(view):
        if any(t.start <= m.start(1) < t.end for t in times):
            continue
        wd = _WEEKDAYS.index(m.group(1).lower())
        if m.group().lower().startswith("last"):
            day = ref - timedelta(
                days=(ref.weekday() - wd) % 7 or 7
            )  # "last Thursday", said on a Thursday
        elif c.future_tense.search(view):
            day = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        else:
            day = ref - timedelta(days=(ref.weekday() - wd) % 7)
        extra.append(
            TimeMention(
                m.start(1), m.end(1), m.group(1), Interval(day, day, day.isoformat(), "day"), True
            )
        )
    return sorted(times + extra, key=lambda t: t.start) if extra else times


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor()


def extract_claims(article: Article) -> list[Claim]:
    """Claims of one article with the default rule set."""
    return default_extractor().extract(article)
