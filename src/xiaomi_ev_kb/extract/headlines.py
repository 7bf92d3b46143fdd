"""Headlines and decks: the day's news, stated without its date.

"Xiaomi picks Beijing's E-Town for first EV factory", "Xiaomi SU7 Deliveries Begin as First
Founders Edition Owners Receive Their Cars": a headline (or the deck under it) states an event
in the present or past tense and leaves the date to the story. Its claim is made only when the
body confirms the same event as done, on or just before the publication date ("said on
Saturday it had signed an agreement", "today delivered the first cars"), and takes the body's
date. An unconfirmed headline yields nothing: a headline's present tense is also that of
previews and rumours.

The *front* of an article is what stands above its first paragraph of prose (the lede):
headline, deck, byline, page furniture. A rule asks :func:`in_front` of a sentence, keeps what
it would claim there with :meth:`Headlines.hold` (or, for a claim whose value is not its date,
makes it undated and leaves it to :meth:`Headlines.date_later`), and offers each claim it makes
in the body to :meth:`Headlines.confirm`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import timedelta

from ..ingest import Article
from ..models import Claim
from ..timeexpr import Interval
from .context import Context

# a line that is not prose: a heading, emphasis (a deck, a caption), a list item, an image, a
# quote, a table row or navigation
_NOT_PROSE = re.compile(r"\s*(?:[#*_>!\[|-]|\d+[.)]\s)")
_NAVIGATION = re.compile(r"\s\|\s|[›»]|\s>\s")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)]*\s*$")
_LEDE_WORDS = 15
# how long before the publication date a confirming event may lie, and how long its period may be
_RECENT = timedelta(days=3)
_LONGEST = 31


def lede_start(article: Article) -> int:
    """Where the article's first paragraph of prose starts: the first line of at least
    fifteen words that ends a sentence and is not a heading, a deck, a list item or navigation
    (the end of the text when there is none)."""
    text = article.text
    pos = article.body_start
    for line in text[pos:].splitlines(keepends=True):
        stripped = line.strip()
        if (
            stripped
            and not _NOT_PROSE.match(stripped)
            and not _NAVIGATION.search(stripped)
            and len(stripped.split()) >= _LEDE_WORDS
            and _ENDS_SENTENCE.search(stripped)
        ):
            return pos + (len(line) - len(line.lstrip()))
        pos += len(line)
    return len(text)


def in_front(ctx: Context) -> bool:
    """Is the sentence above the article's lede (a headline, a deck)?"""
    memory = ctx.discourse.memory.setdefault("headlines", {}) if ctx.discourse is not None else {}
    if memory.get("article") != ctx.article.id:
        memory.update(article=ctx.article.id, lede=lede_start(ctx.article))
    return ctx.sent.start < memory["lede"]


@dataclass
class _Held:
    ctx: Context
    key: Hashable
    make: Callable[[Interval], Claim] | None = None  # builds the claim (a time is its value)
    claim: Claim | None = None  # or: the claim made already, undated (a status is its value)


@dataclass
class Headlines:
    """What one rule would claim from an article's headline and deck, waiting for the body."""

    held: list[_Held] = field(default_factory=list)

    def hold(self, ctx: Context, key: Hashable, make: Callable[[Interval], Claim]) -> None:
        """Keep a headline claim: ``make(interval)`` builds it on the headline's context once
        the body confirms ``key`` (what the rule compares: property, subject, status, ...)."""
        if not any(h.ctx.sent.start == ctx.sent.start and h.key == key for h in self.held):
            self.held.append(_Held(ctx, key, make=make))

    def date_later(self, ctx: Context, key: Hashable, claim: Claim) -> None:
        """A headline claim made already without a date (a status: "Xiaomi SU7 shows up in a
        government filing"): the body's confirmation of ``key`` dates it."""
        self.held.append(_Held(ctx, key, claim=claim))

    def confirm(self, ctx: Context, key: Hashable, interval: Interval | None) -> None:
        """A body sentence made a claim of ``key``, done, in ``interval``: the headline claims
        of the same key, if it lies on or just before the publication date, are made now (and
        given to this sentence's claims)."""
        published = ctx.published
        if interval is None or published is None or in_front(ctx):
            return
        if not (published - _RECENT <= interval.end and interval.start <= published):
            return
        if (interval.end - interval.start).days > _LONGEST:
            return
        for held in [h for h in self.held if h.key == key]:
            self.held.remove(held)
            if held.claim is not None:
                held.claim.period_start, held.claim.period_end = interval.start, interval.end
                held.claim.period_label = interval.label
                continue
            assert held.make is not None
            claim = held.make(interval)
            held.ctx.claims[:] = [c for c in held.ctx.claims if c is not claim]
            ctx.claims.append(claim)


def headlines(ctx: Context, rule: str) -> Headlines:
    """The rule's headline store for this article."""
    if ctx.discourse is None:
        return Headlines()
    memory = ctx.discourse.memory.setdefault(rule, {})
    found = memory.get("headlines")
    if not isinstance(found, Headlines):
        found = memory["headlines"] = Headlines()
    return found
