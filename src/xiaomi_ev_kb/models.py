"""Claims and findings as plain data: what the extractor makes and the cross-check reads.

A claim follows Wikidata's statement shape: subject + property + value +
qualifiers + reference (article, offsets, quote, rule) + rank (certainty).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .extract.version import extractor_version

TOPICS = ("approval", "capacity", "production", "deliveries", "supplier", "timeline", "investment", "price", "spec")
CERTAINTIES = ("stated", "reported", "expected", "speculated")
EXTRACTOR_VERSION = extractor_version()  # a hash of the rule code and data: see extract/version.py


@dataclass(slots=True)  # no per-claim __dict__: a million claims take about a third less memory
class Claim:
    """One sourced statement about Xiaomi's EV business."""

    article_id: str
    topic: str
    subject: str
    property: str
    value: Any  # number, canonical entity, status word or period label
    value_kind: str  # quantity | entity | status | time
    quote: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    rule: str
    unit: str | None = None
    per: str | None = None  # rate period of a quantity: year | month | week | day
    value_high: float | None = None  # upper end of a range
    approx: bool = False
    bound: str | None = None  # min | max
    period_start: date | None = None
    period_end: date | None = None
    period_label: str | None = None
    entity: str | None = None
    surface: str | None = None
    qualifiers: dict[str, Any] = field(default_factory=dict)
    certainty: str = "stated"
    attributed_to: str | None = None
    origin: list[str] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = claim_id(self.article_id, self.property, self.start, self.end, self.value)

    @property
    def scope(self) -> str | None:
        return self.qualifiers.get("scope")

    @property
    def status(self) -> str | None:
        return self.qualifiers.get("status")


def claim_id(article_id: str, prop: str, start: int, end: int, value: Any) -> str:
    """Stable across re-loads: it depends only on the article's content and the claim."""
    key = f"{article_id}|{prop}|{start}|{end}|{value}"
    return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:11]


@dataclass
class Finding:
    """A contradiction (or divergence) between claims, with one plain explanation."""

    topic: str
    # contradictions: value_conflict | self_contradiction | supplier_divergence | missed_prediction |
    # status_conflict | timeline_conflict; revisions (low severity): timeline_revision | target_revision
    kind: str
    subject: str
    property: str
    explanation: str
    sides: list[list[str]]  # claim ids on each side
    severity: str = "medium"  # low | medium | high
    id: str = ""
    backing: list[dict[str, Any]] = field(default_factory=list)  # articles and origins behind each side

    def __post_init__(self) -> None:
        if not self.id:
            key = self.kind + "|" + "|".join(",".join(sorted(s)) for s in self.sides)
            self.id = "f" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:11]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Source:
    """What the cross-check and the renderers need to know of an article."""

    id: str
    file: str
    publisher: str | None
    published: date | None
    published_label: str | None
    published_basis: str
    title: str | None = None
    url: str | None = None
    version: int = 1
    superseded_by: str | None = None  # id of the newer version of this article, if any

    @property
    def name(self) -> str:
        """How explanations name the article: publisher and file, or the file alone."""
        return _source_name(self.file, self.publisher)

    @property
    def when(self) -> str:
        return self.published_label or "undated"

    def cite(self, note: str = "") -> str:
        """'AutoBeta (000_x.txt, 2023-08-23)' or '004_y.txt (2022-10-19)'."""
        stem = _file_name(self.file)
        when = self.when + (f", {note}" if note else "")
        return f"{self.publisher} ({stem}, {when})" if self.publisher else f"{stem} ({when})"


@lru_cache(maxsize=1 << 16)  # origin labels name each article once per claim: a million times at archive scale
def _source_name(file: str, publisher: str | None) -> str:
    stem = _file_name(file)
    return f"{publisher} ({stem})" if publisher else stem


def _file_name(file: str) -> str:
    """The last part of a stored path (as Path(file).name has it, at a fraction of the cost:
    explanations and origin labels name files a million times at archive scale)."""
    return os.path.basename(file.rstrip(os.sep))


def published_on(sources: dict[str, Source], c: Claim) -> date:
    """When the claim's article was published; date.max when unknown (sorts last)."""
    s = sources.get(c.article_id)
    return s.published if s and s.published else date.max


def evidence(c: Claim, sources: dict[str, Source]) -> dict[str, Any]:
    """One claim as evidence in a finding or a report: where it stands and what it says."""
    s = sources.get(c.article_id)
    return {
        "id": c.id,
        "file": s.file if s else None,
        "publisher": s.publisher if s else None,
        "published": s.published_label if s else None,
        "value": c.value,
        "period": c.period_label,
        "certainty": c.certainty,
        "attributed_to": c.attributed_to,
        "quote": c.quote,
    }
