"""Read paths of the knowledge base: claims by topic, entity, source or text; findings; provenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import select

from .crosscheck import _agree, comparison_key, find_contradictions
from .errors import KBError, NotFoundError
from .models import TOPICS, Claim, Finding, Source
from .registry import load_registry
from .storage import KB, ArticleRow, ClaimRow, all_sources, row_to_claim, row_to_source


@dataclass
class ClaimFilter:
    topic: str | None = None
    entity: str | None = None
    source: str | None = None
    text: str | None = None


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` literally anywhere (``%`` and ``_`` escaped)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def entity_names(name: str) -> list[str]:
    """The canonical name an alias stands for, and the entities it owns (BYD -> FinDreams)."""
    reg = load_registry()
    canonical = reg.canonical(name)
    names = [canonical]
    names += [e.canonical for e in reg.entities.values() if e.parent == canonical and e.kind in ("supplier", "plant", "vehicle")]
    return names


def list_claims(kb: KB, f: ClaimFilter | None = None) -> list[tuple[Claim, Source]]:
    """Claims matching the filter, oldest publication first, then by position in the article."""
    f = f or ClaimFilter()
    if f.topic and f.topic not in TOPICS:
        raise KBError(f"unknown topic {f.topic!r}: choose one of {', '.join(TOPICS)}")
    q = select(ClaimRow, ArticleRow).join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
    if f.topic:
        q = q.where(ClaimRow.topic == f.topic)
    if f.entity:
        names = entity_names(f.entity)
        q = q.where(
            or_(
                ClaimRow.entity.in_(names),
                ClaimRow.subject.in_(names),
                ClaimRow.attributed_to.in_(names),
                func.json_extract(ClaimRow.qualifiers, "$.regulator").in_(names),
                func.json_extract(ClaimRow.qualifiers, "$.parent").in_(names),
            )
        )
    if f.source:
        pat = _like(f.source)
        q = q.where(
            or_(
                ArticleRow.path.like(pat, escape="\\"),
                ArticleRow.publisher.like(pat, escape="\\"),
                ArticleRow.id.like(f.source.replace("%", "").replace("_", "") + "%"),
            )
        )
    if f.text:
        for word in f.text.split():
            q = q.where(func.lower(ClaimRow.quote).like(_like(word.lower()), escape="\\"))
    q = q.order_by(func.coalesce(ArticleRow.published, "9999"), ArticleRow.path, ClaimRow.start)
    with kb.session() as s:
        return [(row_to_claim(c), row_to_source(a)) for c, a in s.exec(q)]


def get_claim(kb: KB, claim_id: str) -> tuple[Claim, Source]:
    with kb.session() as s:
        row = s.exec(
            select(ClaimRow, ArticleRow).join(ArticleRow, ArticleRow.id == ClaimRow.article_id).where(ClaimRow.id == claim_id)
        ).first()
    if row is None:
        raise NotFoundError(f"no claim with id {claim_id!r}: list ids with 'xiaomi-ev-kb claims'")
    return row_to_claim(row[0]), row_to_source(row[1])


def all_claims(kb: KB) -> list[Claim]:
    with kb.session() as s:
        return [row_to_claim(r) for r in s.exec(select(ClaimRow))]


def contradictions(kb: KB, topic: str | None = None) -> tuple[list[Finding], dict[str, Claim], dict[str, Source]]:
    """Findings over the whole knowledge base, with the claims and sources they cite."""
    if topic and topic not in TOPICS:
        raise KBError(f"unknown topic {topic!r}: choose one of {', '.join(TOPICS)}")
    claims = all_claims(kb)
    sources = all_sources(kb)
    findings = find_contradictions(claims, sources)
    if topic:
        findings = [x for x in findings if x.topic == topic]
    return findings, {c.id: c for c in claims}, sources


def provenance(kb: KB, claim_id: str) -> dict[str, Any]:
    """A claim with its article, sentence, offsets, and the claims that agree or conflict with it."""
    claim, source = get_claim(kb, claim_id)
    findings, by_id, sources = contradictions(kb)
    key = comparison_key(claim)
    agreeing = []
    for other in by_id.values():
        if other.id == claim.id or comparison_key(other) != key:
            continue
        same = (
            _agree(claim, other)
            if claim.value_kind == "quantity"
            else other.value == claim.value and other.period_label == claim.period_label
        )
        if same:
            agreeing.append(other)
    involved = [f for f in findings if any(claim.id in side for side in f.sides)]
    conflicting = []
    for f in involved:
        for side in f.sides:
            if claim.id not in side:
                conflicting.extend(by_id[i] for i in side if i in by_id)
    return {
        "claim": claim,
        "source": source,
        "agreeing": sorted(agreeing, key=lambda c: _pub(sources, c)),
        "conflicting": conflicting,
        "findings": involved,
        "sources": sources,
    }


def _pub(sources: dict[str, Source], c: Claim) -> date:
    s = sources.get(c.article_id)
    return s.published if s and s.published else date.max


def list_sources(kb: KB) -> list[dict[str, Any]]:
    with kb.session() as s:
        counts = dict(s.exec(select(ClaimRow.article_id, func.count()).group_by(ClaimRow.article_id)).all())
        rows = s.exec(select(ArticleRow).order_by(func.coalesce(ArticleRow.published, "9999"), ArticleRow.path)).all()
    out = []
    for r in rows:
        src = row_to_source(r)
        out.append(
            {
                "id": r.id,
                "file": r.path,
                "title": r.title,
                "publisher": r.publisher,
                "url": r.url,
                "published": src.published_label,
                "published_basis": r.published_basis,
                "published_note": r.published_note,
                "claims": counts.get(r.id, 0),
            }
        )
    return out


def article_text(kb: KB, article_id: str) -> str:
    with kb.session() as s:
        row = s.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"no article with id {article_id!r}")
    return row.text
