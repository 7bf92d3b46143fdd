"""Independent origins: several articles repeating one report are one origin, not several.

Each claim gets an origin label, as far as the text says:

* a named source in its attribution chain ("according to Reuters" -> ``Reuters``,
  "Lei Jun said" -> ``Lei Jun``);
* unnamed sources ("people familiar with the matter", "insiders") reported within
  two weeks of each other for the same statement -> one origin, ``unnamed sources,
  2023-08``;
* a sentence that is a near copy of an earlier article's sentence -> that
  article's origin (copies and light rewrites of a wire story);
* otherwise the article's own reporting.

Origins are found within one subject and property: a near-copied sentence, an
earlier attribution or an unnamed-source report about another subject or property
is no evidence about this one. So a claim's origin depends only on the claims of
its own (subject, property), which is what lets the cross-check run one such
partition at a time.

Corroboration then counts articles and origins for the claims that agree with
each other. Pure functions; no database in here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain as _chain

from .models import Claim, Source

_GENERIC = re.compile(
    r"^(?:unnamed|anonymous|people|persons?|sources?|insiders?|industry|informed|foreign|local|chinese|media|"
    r"netizens|officials?|executives?|experts?|analysts?|a\s|an\s|one\s|two\s|several|some|many|the\s+company|"
    r"new\s+energy|person|news|reports?|media\s+reports?|latest\s+news|unnamed)",
    re.I,
)
try:  # the C loop behind Counter, without Counter's per-call type checks
    from collections import _count_elements  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons

    def _count_elements(mapping: dict, iterable: Iterable) -> None:
        for x in iterable:
            mapping[x] = mapping.get(x, 0) + 1


_WORD = re.compile(r"[a-z0-9\u4e00-\u9fff]+")
COPY_THRESHOLD = 0.6  # share of a sentence's word 3-grams found in an earlier sentence
UNNAMED_WINDOW_DAYS = 14
_MAX_POSTING = 200
_WINDOW = timedelta(days=UNNAMED_WINDOW_DAYS)
_EARLIEST = date.min + _WINDOW


@dataclass(frozen=True)
class Corroboration:
    articles: int
    origins: int
    labels: tuple[str, ...]

    def describe(self) -> str:
        """'4 articles, 1 origin: Reuters'."""
        a = f"{self.articles} article{'s' if self.articles != 1 else ''}"
        o = f"{self.origins} origin{'s' if self.origins != 1 else ''}"
        return f"{a}, {o}: " + "; ".join(self.labels)

    def to_dict(self) -> dict:
        return {"articles": self.articles, "origins": self.origins, "labels": list(self.labels)}


def _shingles(text: str) -> set[str]:
    """Every run of three words, as 'w1 w2 w3' (strings, unlike tuples, cost the garbage collector nothing)."""
    words = _WORD.findall(text.lower())
    return set(map(" ".join, zip(words, words[1:], words[2:], strict=False)))


def claim_origins(claims: Iterable[Claim], sources: dict[str, Source]) -> dict[str, str]:
    """An origin label for every claim id, found within each (subject, property) (near-linear:
    copies are found through an index)."""
    partitions: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        partitions[(c.subject, c.property)].append(c)
    origins: dict[str, str] = {}
    for members in partitions.values():
        origins.update(_partition_origins(members, sources))
    return origins


def _partition_origins(claims: list[Claim], sources: dict[str, Source]) -> dict[str, str]:
    """Origin labels for the claims of one subject and property."""
    published: dict[str, date] = {}  # article id -> publication date, as published_on has it
    for c in claims:
        if c.article_id not in published:
            s = sources.get(c.article_id)
            published[c.article_id] = s.published if s and s.published else date.max
    claims = sorted(claims, key=lambda c: (published[c.article_id], c.article_id, c.start))
    # An article that attributes a statement once ("according to Reuters, Xiaomi won approval")
    # and repeats it unattributed later is still relaying that source.
    attributed: dict[tuple, list[str]] = {}
    for c in claims:
        if c.origin:
            attributed.setdefault((c.article_id, c.property, str(c.entity or c.value)), c.origin)
    origins: dict[str, str] = {}
    postings: dict[str, list[int]] = defaultdict(list)  # shingle -> earlier sentence numbers
    shingles_of: dict[str, set[str]] = {}
    own: dict[str, str] = {}  # article id -> "own reporting of ..."
    earlier: list[str] = []  # sentence number -> its article
    earlier_label: list[str] = []  # sentence number -> its origin label
    unnamed: dict[tuple, tuple[list[date], list[str]]] = defaultdict(lambda: ([], []))  # windows: first dates, labels
    for c in claims:
        aid = c.article_id
        chain = c.origin
        if not chain and attributed:
            chain = attributed.get((aid, c.property, str(c.entity or c.value)))
        if not chain and c.certainty == "reported":
            chain = ["unnamed reports"]  # "it is reported that ...", "it is exposed that ..."
        if chain:
            # the first named source; an empty name ("" in imported data) names nobody
            label = next((n for n in chain if not _GENERIC.match(n)), None) or None
            if label is None:
                when = published[aid]
                firsts, labels = unnamed[(c.property, str(c.entity or c.value))]
                if when != date.max:
                    # windows open in date order (claims come by date): the earliest window still
                    # within reach is the first one the claim falls in, if any
                    i = bisect_left(firsts, when - _WINDOW if when > _EARLIEST else date.min)
                    if i < len(firsts) and firsts[i] != date.max and abs((when - firsts[i]).days) <= UNNAMED_WINDOW_DAYS:
                        label = labels[i]
                if label is None:
                    label = f"unnamed sources, {when.strftime('%Y-%m') if when != date.max else 'undated'}"
                    firsts.append(when)
                    labels.append(label)
        else:
            label = own.get(aid)
            if label is None:
                s = sources.get(aid)
                label = own[aid] = f"own reporting of {s.name if s else aid}"
        shingles = shingles_of.get(c.sentence)
        if shingles is None:
            shingles = shingles_of[c.sentence] = _shingles(c.sentence)
        # phrases every article uses say nothing about copying
        common = [p for p in map(postings.get, shingles) if p is not None and len(p) <= _MAX_POSTING]
        if common:
            need = COPY_THRESHOLD * len(shingles)
            counts: dict[int, int] = {}  # earlier sentence -> shingles it shares with this one
            _count_elements(counts, _chain.from_iterable(common))
            hits = [kv for kv in counts.items() if kv[1] >= need]
            if hits:
                hits.sort(key=lambda kv: (-kv[1], kv[0]))
                for n, _count in hits:
                    if earlier[n] != aid:
                        label = earlier_label[n]  # a near copy of an earlier article's sentence
                        break
        number = len(earlier)
        earlier.append(aid)
        earlier_label.append(label)
        for sh in shingles:
            postings[sh].append(number)
        origins[c.id] = label
    return origins


def corroboration(agreeing: Iterable[Claim], origins: dict[str, str]) -> Corroboration:
    """How many articles and independent origins back a set of agreeing claims."""
    agreeing = list(agreeing)
    labels = sorted({origins.get(c.id, c.article_id) for c in agreeing})
    return Corroboration(len({c.article_id for c in agreeing}), len(labels), tuple(labels))
