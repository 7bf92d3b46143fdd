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

Corroboration then counts articles and origins for the claims that agree with
each other. Pure functions; no database in here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import Claim, Source, published_on

_GENERIC = re.compile(
    r"^(?:unnamed|anonymous|people|persons?|sources?|insiders?|industry|informed|foreign|local|chinese|media|"
    r"netizens|officials?|executives?|experts?|analysts?|a\s|an\s|one\s|two\s|several|some|many|the\s+company|"
    r"new\s+energy|person|news|reports?|media\s+reports?|latest\s+news|unnamed)",
    re.I,
)
_WORD = re.compile(r"[a-z0-9\u4e00-\u9fff]+")
COPY_THRESHOLD = 0.6  # share of a sentence's word 3-grams found in an earlier sentence
UNNAMED_WINDOW_DAYS = 14
_MAX_POSTING = 200


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


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def claim_origins(claims: Iterable[Claim], sources: dict[str, Source]) -> dict[str, str]:
    """An origin label for every claim id (near-linear: copies are found through an index)."""
    claims = sorted(claims, key=lambda c: (published_on(sources, c), c.article_id, c.start))
    # An article that attributes a statement once ("according to Reuters, Xiaomi won approval")
    # and repeats it unattributed later is still relaying that source.
    attributed: dict[tuple, list[str]] = {}
    for c in claims:
        if c.origin:
            attributed.setdefault((c.article_id, c.property, str(c.entity or c.value)), c.origin)
    origins: dict[str, str] = {}
    postings: dict[tuple, list[int]] = defaultdict(list)  # (property, shingle) -> earlier sentence numbers
    earlier: list[tuple[str, str]] = []  # sentence number -> (article, origin label)
    unnamed: dict[tuple, list[tuple[date, str]]] = defaultdict(list)
    for c in claims:
        chain = c.origin or attributed.get((c.article_id, c.property, str(c.entity or c.value)), [])
        if not chain and c.certainty == "reported":
            chain = ["unnamed reports"]  # "it is reported that ...", "it is exposed that ..."
        named = next((n for n in chain if not _GENERIC.match(n)), None)
        if named:
            label = named
        elif chain:
            when = published_on(sources, c)
            key = (c.property, str(c.entity or c.value))
            label = None
            for first, lab in unnamed[key]:
                if when != date.max and first != date.max and abs((when - first).days) <= UNNAMED_WINDOW_DAYS:
                    label = lab
                    break
            if label is None:
                label = f"unnamed sources, {when.strftime('%Y-%m') if when != date.max else 'undated'}"
                unnamed[key].append((when, label))
        else:
            s = sources.get(c.article_id)
            label = f"own reporting of {s.name if s else c.article_id}"
        shingles = _shingles(c.sentence)
        hits: dict[int, int] = defaultdict(int)
        for sh in shingles:
            posting = postings.get((c.property, sh), ())
            if len(posting) <= _MAX_POSTING:  # phrases every article uses say nothing about copying
                for n in posting:
                    hits[n] += 1
        for n, count in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
            if count < COPY_THRESHOLD * len(shingles):
                break
            if earlier[n][0] != c.article_id:
                label = earlier[n][1]  # a near copy of an earlier article's sentence
                break
        number = len(earlier)
        earlier.append((c.article_id, label))
        for sh in shingles:
            postings[(c.property, sh)].append(number)
        origins[c.id] = label
    return origins


def corroboration(agreeing: Iterable[Claim], origins: dict[str, str]) -> Corroboration:
    """How many articles and independent origins back a set of agreeing claims."""
    agreeing = list(agreeing)
    labels = sorted({origins.get(c.id, c.article_id) for c in agreeing})
    return Corroboration(len({c.article_id for c in agreeing}), len(labels), tuple(labels))
