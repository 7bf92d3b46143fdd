"""Read paths of the knowledge base: claims, findings, provenance, sources, entities,
timelines and reports — the functions the CLI calls, each returning plain data.

Every view can be restricted ``as_of`` a date: only what articles published by then
said (articles without a known publication date are left out of such views).
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import select

from .consensus import Consensus, build_consensus
from .crosscheck import (
    REVISION_KINDS,
    comparison_key,
    describe_event,
    find_contradictions,
    format_period,
)
from .derived import (
    AGREEING_KEPT,
    group_clusters,
    partition_backing,
    partition_claims,
    stored_backing,
    stored_findings,
    stored_provenance,
)
from .errors import KBError, NotFoundError
from .models import TOPICS, Claim, Finding, Source, published_on
from .origins import Corroboration, corroboration
from .registry import load_registry
from .storage import (
    CLAIM_COLUMNS,
    KB,
    SOURCE_COLUMNS,
    ArticleRow,
    ClaimRow,
    all_sources,
    column_list,
    read_claims,
    read_claims_with_sources,
    row_to_source,
)


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


MAX_FILTER_CHARS = 1_000  # of a --source, --text or --entity: SQLite refuses LIKE patterns over 50,000
MAX_TEXT_WORDS = 50  # of --text: each word is a term of the query, and SQLite's expression depth is bounded


def _check_filter(f: ClaimFilter) -> None:
    _check_topic(f.topic)
    for name, value in (("source", f.source), ("text", f.text), ("entity", f.entity)):
        if value and len(value) > MAX_FILTER_CHARS:
            raise KBError(f"--{name} is {len(value):,} characters long; give at most {MAX_FILTER_CHARS:,}")
    if f.text and len(f.text.split()) > MAX_TEXT_WORDS:
        raise KBError(f"--text has {len(f.text.split()):,} words; give at most {MAX_TEXT_WORDS}")


_MAX_ROWS = 1 << 62  # a --limit or --offset beyond any table (SQLite's integers are 64-bit)


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


T = TypeVar("T")

PAGE_SIZE = 100  # claims a listing shows unless asked for more (Datasette's page size)
COUNT_CAP = 10_000  # a page counts the matches up to here ("of more than 10,000") ...
COUNT_SECONDS = 0.03  # ... unless that takes longer, then it says only that more follow
# Walking the articles in listing order fills a page of common matches at once; for rare
# ones it gives up after this much work per page (SQLite VM steps, in thousands; some
# 10-20 ms here) and the filter's own index finds them all, to be sorted.
WALK_WORK = 300

# the listing order: oldest publication first, then the file, then the position in it
_ORDER = "ORDER BY coalesce(a.published, '9999'), a.path, c.start, c.\"end\", c.id"
_BY_ARTICLE = "claim c INDEXED BY ix_claim_article_position ON c.article_id = a.id"  # an article's claims
_SELECT = f"SELECT {column_list('c', CLAIM_COLUMNS)}, {column_list('a', SOURCE_COLUMNS)}"


@dataclass
class ClaimPage:
    """One page of a claim listing and what lies beyond it."""

    rows: list[tuple[Claim, Source]]
    offset: int
    total: int | None  # claims matching the filter; None when not counted to the end
    more: bool  # claims after this page
    at_least: int = 0  # claims known to match (the total, COUNT_CAP, or as far as the page reached)

    @property
    def shown(self) -> str:
        """'1–100 of 35', '1–100 of more than 10,000', '1–100', or '' when the page is the whole listing."""
        if self.offset == 0 and not self.more:
            return ""
        if not self.rows:
            return f"nothing from {self.offset + 1:,} on" + (f" ({self.total:,} in all)" if self.total is not None else "")
        span = f"{self.offset + 1:,}–{self.offset + len(self.rows):,}"
        if self.total is not None:
            return f"{span} of {self.total:,}"
        return f"{span} of more than {COUNT_CAP:,}" if self.at_least >= COUNT_CAP else span


@dataclass
class _Query:
    """A filter as SQL: terms on the claim (c) and on its article (a), bound by name."""

    claim_terms: list[str]
    article_terms: list[str]
    params: dict[str, Any]
    fts: bool  # the quotes' trigram index can narrow the text search (a word of 3+ characters)
    picks_articles: bool  # a source or a date: the articles that pass are a natural start

    def where(self, text_index: bool = False) -> str:
        terms = (["claim_fts MATCH :fts"] if text_index else []) + self.claim_terms + self.article_terms
        return " AND ".join(terms) or "1"


def _query(f: ClaimFilter) -> _Query:
    claim: list[str] = []
    article: list[str] = []
    params: dict[str, Any] = {}
    fts = False
    if f.topic:
        claim.append("c.topic = :topic")
        params["topic"] = f.topic
    if f.entity:
        names = entity_names(f.entity)
        exact = ", ".join(f":e{i}" for i in range(len(names)))
        lower = ", ".join(f":l{i}" for i in range(len(names)))
        params.update({f"e{i}": n for i, n in enumerate(names)} | {f"l{i}": n.lower() for i, n in enumerate(names)})
        # spelled as the expression indexes of schema 3 are, so SQLite uses them
        claim.append(
            f"(c.entity IN ({exact}) OR c.subject IN ({exact}) OR c.attributed_to IN ({exact})"
            f" OR json_extract(c.qualifiers, '$.regulator') IN ({exact})"
            f" OR json_extract(c.qualifiers, '$.parent') IN ({exact})"
            f" OR json_extract(c.qualifiers, '$.vehicle') IN ({exact})"
            f" OR lower(json_extract(c.qualifiers, '$.formerly')) IN ({lower}))"
        )
    if f.text:
        words = [w.lower() for w in f.text.split()]
        # the meaning: every word occurs in the quote (ASCII case ignored), as LIKE decides;
        # the trigram index only narrows the rows LIKE looks at (it cannot see words under 3 characters)
        indexed = [w for w in words if len(w) >= 3 and "\x00" not in w]  # FTS5 reads up to a NUL
        if indexed:  # each word an FTS5 string: double quotes doubled, nothing else is syntax
            params["fts"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in indexed)
            fts = True
        for i, w in enumerate(words):
            claim.append(f"lower(c.quote) LIKE :w{i} ESCAPE '\\'")
            params[f"w{i}"] = _like(w)
    if f.source:
        article.append("(a.path LIKE :src ESCAPE '\\' OR a.publisher LIKE :src ESCAPE '\\' OR a.id LIKE :srcid ESCAPE '\\')")
        params["src"] = _like(f.source)
        params["srcid"] = _like(f.source)[1:]
    if f.as_of:
        article.append("a.published IS NOT NULL AND a.published <= :as_of")
        params["as_of"] = f.as_of.isoformat()
    if not f.all_versions:
        # ``+``: never drive a query from this index (nearly every article is current)
        article.append("+a.superseded_by IS NULL")
    return _Query(claim, article, params, fts, bool(f.source or f.as_of))


def _filtered_from(q: _Query) -> tuple[str, str]:
    """FROM and WHERE that let the filter's own index find the matches (no order)."""
    if q.fts:  # the trigram index drives: candidates by rowid, LIKE confirms
        return (
            "FROM claim_fts CROSS JOIN claim c ON c.rowid = claim_fts.rowid CROSS JOIN article a ON a.id = c.article_id",
            q.where(text_index=True),
        )
    if not q.claim_terms or q.picks_articles:  # walk the articles that pass, then their claims
        return f"FROM article a CROSS JOIN {_BY_ARTICLE}", q.where()
    return "FROM claim c CROSS JOIN article a ON a.id = c.article_id", q.where()


def count_claims(kb: KB, f: ClaimFilter | None = None, cap: int | None = None) -> int:
    """How many claims match the filter, counted up to ``cap`` (None: all of them)."""
    f = f or ClaimFilter()
    _check_filter(f)
    return _count(kb.raw(), _query(f), cap)


def _count(con: sqlite3.Connection, q: _Query, cap: int | None) -> int:
    frm, where = _filtered_from(q)
    inner = f"SELECT 1 {frm} WHERE {where}" + (f" LIMIT {int(cap)}" if cap is not None else "")
    return con.execute(f"SELECT count(*) FROM ({inner})", q.params).fetchone()[0]


def _within(con: sqlite3.Connection, read: Callable[[], T], steps: int | None = None, seconds: float | None = None) -> T | None:
    """``read()``, or None if SQLite had to be stopped after ``steps`` thousand VM steps or ``seconds``."""
    done = 0
    deadline = time.perf_counter() + seconds if seconds is not None else None
    stopped = False

    def tick() -> bool:
        nonlocal done, stopped
        done += 1
        stopped = (steps is not None and done > steps) or (deadline is not None and time.perf_counter() > deadline)
        return stopped  # True interrupts the statement

    con.set_progress_handler(tick, 1000)
    try:
        return read()
    except sqlite3.OperationalError:
        if stopped:
            return None
        raise
    finally:
        con.set_progress_handler(None, 0)


def page_claims(kb: KB, f: ClaimFilter | None = None, limit: int | None = PAGE_SIZE, offset: int = 0) -> ClaimPage:
    """A page of the claims matching the filter (``limit`` None: all of them), in listing order:
    oldest publication first, then by file and position in the article.

    The page is read by walking the articles in listing order until it is full, which is
    quick when matches are common. When they are rare (the walk takes more than WALK_WORK),
    the filter's own index (topic, entity fields, the trigram index of the quotes) finds
    them all and they are sorted. Both give the same rows. Then the matches are counted,
    up to COUNT_CAP and for at most COUNT_SECONDS. Reads run in one transaction, so the
    count and the page agree.
    """
    f = f or ClaimFilter()
    _check_filter(f)
    limit = min(limit, _MAX_ROWS) if limit is not None else None
    offset = min(offset, _MAX_ROWS)
    q = _query(f)
    con = kb.raw()
    params = dict(q.params)
    paging = ""
    if limit is not None:
        paging = " LIMIT :limit OFFSET :offset"
        params.update(limit=limit + 1, offset=offset)  # one more, to know whether more follow
    elif offset:
        paging = " LIMIT -1 OFFSET :offset"
        params["offset"] = offset
    walk = f"{_SELECT} FROM article a INDEXED BY ix_article_listing CROSS JOIN {_BY_ARTICLE} WHERE {q.where()} {_ORDER}{paging}"
    own = not con.in_transaction
    if own:
        con.execute("BEGIN")
    try:
        if not q.claim_terms:  # only articles are picked: walking them is the way
            rows = read_claims_with_sources(con, walk, params)
        else:
            rows = None
            if limit is not None:
                pages = -(-(offset + limit + 1) // (PAGE_SIZE + 1))
                rows = _within(con, lambda: read_claims_with_sources(con, walk, params), steps=WALK_WORK * pages)
            if rows is None:
                frm, where = _filtered_from(q)
                rows = read_claims_with_sources(con, f"{_SELECT} {frm} WHERE {where} {_ORDER}{paging}", params)
        more = limit is not None and len(rows) > limit
        rows = rows[:limit] if more else rows
        if not more and offset == 0:  # the whole listing
            total: int | None = len(rows)
        else:
            total = _within(con, lambda: _count(con, q, COUNT_CAP), seconds=COUNT_SECONDS)
    finally:
        if own:
            con.execute("COMMIT")
    known = offset + len(rows) + more
    if total is not None and total < COUNT_CAP:
        return ClaimPage(rows, offset, total, more, total)
    return ClaimPage(rows, offset, None, more, max(total or 0, known))


def list_claims(kb: KB, f: ClaimFilter | None = None, limit: int | None = None, offset: int = 0) -> list[tuple[Claim, Source]]:
    """Claims matching the filter, oldest publication first, then by position in the article
    (all of them unless ``limit`` is given; see page_claims)."""
    return page_claims(kb, f, limit, offset).rows


def get_claim(kb: KB, claim_id: str) -> tuple[Claim, Source]:
    rows = read_claims_with_sources(kb.raw(), f"{_SELECT} FROM claim c JOIN article a ON a.id = c.article_id WHERE c.id = ?", (claim_id,))
    if not rows:
        raise NotFoundError(f"no claim with id {claim_id!r}: list ids with 'xiaomi-ev-kb claims'")
    return rows[0]


def all_claims(kb: KB, as_of: date | None = None) -> list[Claim]:
    return [c for c, _ in list_claims(kb, ClaimFilter(as_of=as_of))] if as_of else _every_claim(kb)


def _every_claim(kb: KB) -> list[Claim]:
    """Claims of the current version of every article."""
    return read_claims(
        kb.raw(),
        f"SELECT {column_list('c', CLAIM_COLUMNS)} FROM claim c JOIN article a ON a.id = c.article_id "
        "WHERE a.superseded_by IS NULL ORDER BY c.article_id, c.start, c.id",
    )


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
    if as_of is None:
        # stored per partition (derived.refresh); partitions not yet refreshed are checked here
        return stored_findings(kb, topic)
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
    Independent origins are found within each claim's whole subject and property, as the
    cross-check and the stored backing (derived.py) find them.
    """
    wanted = {(c.subject, c.property) for c in claims}
    backing = partition_backing([c for c in everything if (c.subject, c.property) in wanted], sources)
    return {c.id: backing[c.id] if c.id in backing else corroboration([c], {}) for c in claims}


def claim_backing(kb: KB, claims: list[Claim], as_of: date | None = None) -> dict[str, Corroboration]:
    """corroborations of these claims over the knowledge base (as known on ``as_of``): stored
    rows when there is no date, computed otherwise."""
    if not claims:
        return {}
    if as_of is None:
        return stored_backing(kb, claims)
    return corroborations(claims, all_claims(kb, as_of), all_sources(kb))


def provenance(kb: KB, claim_id: str) -> dict[str, Any]:
    """A claim with its article, sentence, offsets, and the claims that agree or conflict with it."""
    claim, source = get_claim(kb, claim_id)
    stored = stored_provenance(kb, claim)
    if stored is not None:
        return {"claim": claim, "source": source, **stored}
    # not stored (its partition is not refreshed yet, or an older version's claim): every
    # finding about this claim lies within its subject and property, so check only those
    related = partition_claims(kb.raw(), claim.subject, claim.property, stored_order=True)
    # checked in the order the whole-database cross-check reads them, so the findings read the same
    checked = sorted(related, key=lambda c: (c.article_id, c.start, c.id))
    if all(c.id != claim.id for c in related):
        related.append(claim)  # a superseded version's claim is still explained
        checked.append(claim)
    sources = all_sources(kb)
    findings = find_contradictions(checked, sources)
    by_id = {c.id: c for c in related}
    key = comparison_key(claim)
    # the claims that agree with it: the rest of its cluster (values.clusters), as backing has it
    group = [o for o in by_id.values() if comparison_key(o) == key]
    cluster = next(cl for cl in group_clusters(group) if any(o.id == claim.id for o in cl))
    involved = [f for f in findings if any(claim.id in side for side in f.sides)]
    contradicting = [f for f in involved if f.kind not in REVISION_KINDS]  # a revision's other values do not conflict
    other = dict.fromkeys(i for f in contradicting for side in f.sides if claim.id not in side for i in side if i in by_id)
    conflicting_ids = list(other)
    stored_at = {c.id: k for k, c in enumerate(related)}  # related is in stored order
    conflicting = sorted((by_id[i] for i in conflicting_ids), key=lambda c: (published_on(sources, c), stored_at[c.id]))
    agreeing = sorted((o for o in cluster if o.id != claim.id), key=lambda c: (published_on(sources, c), stored_at[c.id]))
    return {
        "claim": claim,
        "source": source,
        "agreeing": agreeing[:AGREEING_KEPT],
        "agreeing_ids": [c.id for c in agreeing],
        "conflicting": conflicting[:AGREEING_KEPT],
        "conflicting_ids": conflicting_ids,
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
