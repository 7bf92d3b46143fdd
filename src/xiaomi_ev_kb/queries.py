"""Read paths of the knowledge base: claims, findings, provenance, sources, entities,
timelines and reports — the functions the CLI calls, each returning plain data.

Every view can be restricted ``as_of`` a date: only what articles published by then
said (articles without a known publication date are left out of such views).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import defer
from sqlmodel import select

from .consensus import Consensus, build_consensus, same_value
from .crosscheck import comparison_key, describe_event, find_contradictions, format_period
from .errors import KBError, NotFoundError
from .models import TOPICS, Claim, Finding, Source, published_on
from .origins import Corroboration, claim_origins, corroboration
from .registry import load_registry
from .storage import KB, ArticleRow, ClaimRow, all_sources, row_to_claim, row_to_source


@dataclass
class ClaimFilter:
    topic: str | None = None
    entity: str | None = None
    source: str | None = None
    text: str | None = None
    as_of: date | None = None
    all_versions: bool = False  # include claims of superseded versions of an article


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` literally anywhere (``%`` and ``_`` escaped)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _check_topic(topic: str | None) -> None:
    if topic and topic not in TOPICS:
        raise KBError(f"unknown topic {topic!r}: choose one of {', '.join(TOPICS)}")


def entity_names(name: str) -> list[str]:
    """The canonical name an alias stands for, and the entities it owns (BYD -> FinDreams)."""
    reg = load_registry()
    canonical = reg.canonical(name)
    names = [canonical]
    # what it owns: BYD -> FinDreams Battery; Xiaomi -> Xiaomi Auto -> its plant and cars
    frontier = [canonical]
    while frontier:
        owner = frontier.pop()
        for e in reg.entities.values():
            if e.parent == owner and e.kind in ("supplier", "plant", "vehicle", "company") and e.canonical not in names:
                names.append(e.canonical)
                frontier.append(e.canonical)
    return names


def _entity_clause(names: list[str]):
    return or_(
        ClaimRow.entity.in_(names),
        ClaimRow.subject.in_(names),
        ClaimRow.attributed_to.in_(names),
        func.json_extract(ClaimRow.qualifiers, "$.regulator").in_(names),
        func.json_extract(ClaimRow.qualifiers, "$.parent").in_(names),
        func.json_extract(ClaimRow.qualifiers, "$.vehicle").in_(names),
        func.lower(func.json_extract(ClaimRow.qualifiers, "$.formerly")).in_([n.lower() for n in names]),
    )


def list_claims(kb: KB, f: ClaimFilter | None = None) -> list[tuple[Claim, Source]]:
    """Claims matching the filter, oldest publication first, then by position in the article."""
    f = f or ClaimFilter()
    _check_topic(f.topic)
    q = (
        select(ClaimRow, ArticleRow)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .options(defer(ArticleRow.text))  # a listing needs the article's metadata, not its text
    )
    if f.topic:
        q = q.where(ClaimRow.topic == f.topic)
    if f.entity:
        q = q.where(_entity_clause(entity_names(f.entity)))
    if f.source:
        pat = _like(f.source)
        q = q.where(
            or_(
                ArticleRow.path.like(pat, escape="\\"),
                ArticleRow.publisher.like(pat, escape="\\"),
                ArticleRow.id.like(_like(f.source)[1:], escape="\\"),
            )
        )
    if f.text:
        for word in f.text.split():
            q = q.where(func.lower(ClaimRow.quote).like(_like(word.lower()), escape="\\"))
    if f.as_of:
        q = q.where(ArticleRow.published.is_not(None), ArticleRow.published <= f.as_of.isoformat())
    if not f.all_versions:
        q = q.where(ArticleRow.superseded_by.is_(None))
    q = q.order_by(func.coalesce(ArticleRow.published, "9999"), ArticleRow.path, ClaimRow.start, ClaimRow.end, ClaimRow.id)
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


def all_claims(kb: KB, as_of: date | None = None) -> list[Claim]:
    return [c for c, _ in list_claims(kb, ClaimFilter(as_of=as_of))] if as_of else _every_claim(kb)


def _every_claim(kb: KB) -> list[Claim]:
    """Claims of the current version of every article."""
    q = (
        select(ClaimRow)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .where(ArticleRow.superseded_by.is_(None))
        .order_by(ClaimRow.article_id, ClaimRow.start, ClaimRow.id)
    )
    with kb.session() as s:
        return [row_to_claim(r) for r in s.exec(q)]


def _sources(kb: KB, as_of: date | None) -> dict[str, Source]:
    sources = all_sources(kb)
    if as_of:
        sources = {k: v for k, v in sources.items() if v.published and v.published <= as_of}
    return sources


def contradictions(
    kb: KB, topic: str | None = None, as_of: date | None = None
) -> tuple[list[Finding], dict[str, Claim], dict[str, Source]]:
    """Findings over the knowledge base (as known on ``as_of``), with the claims and sources they cite."""
    _check_topic(topic)
    claims = all_claims(kb, as_of)
    sources = _sources(kb, as_of)
    findings = find_contradictions(claims, sources)
    if topic:
        findings = [x for x in findings if x.topic == topic]
    return findings, {c.id: c for c in claims}, sources


def corroborations(claims: list[Claim], everything: list[Claim], sources: dict[str, Source]) -> dict[str, Corroboration]:
    """For each claim: the articles and independent origins of the claims that agree with it.

    Agreeing claims are clustered once per comparison key (each cluster led by its first
    member), so a listing costs one pass over the keys it shows, not a pass per claim.
    """
    wanted = {comparison_key(c) for c in claims}
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for c in everything:
        key = comparison_key(c)
        if key in wanted:
            by_key[key].append(c)
    origins = claim_origins([c for group in by_key.values() for c in group], sources)
    cluster_of: dict[str, int] = {}
    backing: list[Corroboration] = []
    for group in by_key.values():
        leaders: list[tuple[Claim, list[Claim]]] = []
        for c in sorted(group, key=lambda c: (str(c.value), c.id)):
            for leader, members in leaders:
                if same_value(leader, c):
                    members.append(c)
                    break
            else:
                leaders.append((c, [c]))
        for _leader, members in leaders:
            backing.append(corroboration(members, origins))
            for c in members:
                cluster_of[c.id] = len(backing) - 1
    return {c.id: backing[cluster_of[c.id]] if c.id in cluster_of else corroboration([c], origins) for c in claims}


def provenance(kb: KB, claim_id: str) -> dict[str, Any]:
    """A claim with its article, sentence, offsets, and the claims that agree or conflict with it."""
    claim, source = get_claim(kb, claim_id)
    # every finding about this claim lies within its subject and property: check only those
    q = (
        select(ClaimRow)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .where(ArticleRow.superseded_by.is_(None), ClaimRow.subject == claim.subject, ClaimRow.property == claim.property)
    )
    with kb.session() as s:
        related = [row_to_claim(r) for r in s.exec(q)]
    if all(c.id != claim.id for c in related):
        related.append(claim)  # a superseded version's claim is still explained
    sources = all_sources(kb)
    findings = find_contradictions(related, sources)
    by_id = {c.id: c for c in related}
    key = comparison_key(claim)
    agreeing = [o for o in by_id.values() if o.id != claim.id and comparison_key(o) == key and same_value(claim, o)]
    involved = [f for f in findings if any(claim.id in side for side in f.sides)]
    conflicting = []
    for f in involved:
        for side in f.sides:
            if claim.id not in side:
                conflicting.extend(by_id[i] for i in side if i in by_id)
    return {
        "claim": claim,
        "source": source,
        "agreeing": sorted(agreeing, key=lambda c: published_on(sources, c)),
        "conflicting": conflicting,
        "findings": involved,
        "sources": sources,
        "corroboration": corroborations([claim], list(by_id.values()), sources)[claim.id],
    }


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
                "version": r.version,
                "superseded_by": r.superseded_by,
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


def list_entities(kb: KB) -> list[dict[str, Any]]:
    """Canonical entities of the registry with their aliases and how many claims name them."""
    reg = load_registry()
    claims = _every_claim(kb)
    counts: dict[str, int] = defaultdict(int)
    for c in claims:
        named = {c.subject, c.entity, c.attributed_to, c.qualifiers.get("regulator"), c.qualifiers.get("parent"), c.qualifiers.get("vehicle")}
        for n in named - {None}:
            counts[n] += 1
    rows = [
        {"entity": e.canonical, "kind": e.kind, "parent": e.parent, "aliases": list(e.aliases), "claims": counts.get(e.canonical, 0)}
        for e in reg.entities.values()
    ]
    known = set(reg.entities)
    for name in sorted(n for n in counts if n not in known and any(c.entity == n for c in claims)):
        former = sorted({c.qualifiers["formerly"] for c in claims if c.entity == name and c.qualifiers.get("formerly")})
        rows.append({"entity": name, "kind": "unregistered", "parent": None, "aliases": former, "claims": counts[name]})
    rows.sort(key=lambda r: (-r["claims"], r["entity"]))
    return rows


_TIMELINE_TOPICS = ("timeline", "approval")


def timeline(kb: KB, topic: str | None = None, entity: str | None = None, as_of: date | None = None) -> list[dict[str, Any]]:
    """Per milestone: what was claimed, when it was said, and for when; with revisions and misses."""
    _check_topic(topic)
    rows = list_claims(kb, ClaimFilter(topic=topic, entity=entity, as_of=as_of))
    rows = [(c, s) for c, s in rows if c.topic in _TIMELINE_TOPICS and (c.period_label or c.value_kind == "status")]
    findings, _, sources = contradictions(kb, as_of=as_of)
    notes: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.kind in ("timeline_revision", "missed_prediction", "timeline_conflict", "status_conflict"):
            for side in f.sides:
                for cid in side:
                    notes[cid].append(f)
    groups: dict[tuple[str, str], list[tuple[Claim, Source]]] = defaultdict(list)
    for c, s in rows:
        groups[(c.subject, c.property)].append((c, s))
    out = []
    for (subject, prop), items in groups.items():
        items.sort(key=lambda cs: (cs[1].published or date.max, cs[0].period_start or date.max, cs[0].start))
        entries = []
        for c, s in items:
            entries.append(
                {
                    "claim": c.id,
                    "said_on": s.published_label,
                    "source": s.cite(),
                    "for": c.period_label,
                    "for_text": format_period(c) if c.period_label else None,
                    "status": c.qualifiers.get("status"),
                    "certainty": c.certainty,
                    "attributed_to": c.attributed_to,
                    "quote": c.quote,
                    "notes": sorted({f"{f.kind}: {f.explanation}" for f in notes.get(c.id, [])}),
                }
            )
        first = items[0][0]
        out.append({"milestone": describe_event(first), "subject": subject, "property": prop, "entries": entries})
    out.sort(key=lambda m: min((e["said_on"] or "9999") for e in m["entries"]))
    return out


def report(kb: KB, topic: str | None = None, as_of: date | None = None) -> tuple[list[Consensus], dict[str, Source]]:
    """Per comparison key: the consensus value (most independent origins, most recent), and dissent."""
    _check_topic(topic)
    claims = all_claims(kb, as_of)
    sources = _sources(kb, as_of)
    result = build_consensus(claims, sources)
    if topic:
        result = [r for r in result if r.topic == topic]
    return result, sources
