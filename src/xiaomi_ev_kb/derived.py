"""Stored findings and backing: the cross-check's results kept in the database, per partition.

Every finding lies within one (subject, property) partition, and so does every cluster of
agreeing claims. The tables ``finding`` (each finding, with the claims on each side in its
data), ``backing`` (each cluster of agreeing claims: its articles and independent origins)
and ``claim_backing`` (each current claim: its comparison key, its cluster and the findings
that cite it, keyed by partition, the name of its comparison key and its id) hold the results
per partition.
SQL triggers (schema 4) mark a partition dirty whenever a write touches its claims or their
articles; ``refresh`` recomputes the dirty partitions only, in one transaction. Readers never
write: a partition still dirty is computed on the fly, so answers are always current.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import date
from pathlib import Path

from . import values
from .crosscheck import (
    REVISION_KINDS,
    check_partition,
    comparison_key,
    finding_order,
    is_compared,
)
from .models import Claim, Finding, Source
from .origins import Corroboration, claim_origins, corroboration
from .storage import (
    CLAIM_COLUMNS,
    KB,
    SOURCE_COLUMNS,
    begin_immediate,
    column_list,
    from_json,
    read_claims,
    read_source_rows,
    rollback,
)
from .workers import can_fork, gc_paused, worker_count, worker_pool

_CHUNK = 500  # ids per IN (...) list
_CLAIM_COLS = column_list("c", CLAIM_COLUMNS)
_CURRENT = "JOIN article a ON a.id = c.article_id WHERE a.superseded_by IS NULL"


def _key_name(key: tuple) -> str:
    """A short stable name for a comparison key."""
    return hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]


# --- pure parts ---------------------------------------------------------------------------------


def group_clusters(group: list[Claim]) -> list[list[Claim]]:
    """The clusters of agreeing claims of one comparison key: `values.clusters` of the claims the
    cross-check compares, then each claim it does not weigh (speculation, a price forecast: see
    crosscheck.is_compared) as a cluster of its own."""
    compared = [c for c in group if is_compared(c)]
    out = values.clusters(compared) if compared else []
    out.extend([c] for c in group if not is_compared(c))
    return out


def group_backing(
    group: list[Claim], origins: dict[str, str], clusters: list[list[Claim]] | None = None
) -> dict[str, Corroboration]:
    """For the claims of one comparison key: the backing of the cluster of agreeing claims each
    is in (``clusters``, if given, must be `group_clusters` of the group)."""
    out: dict[str, Corroboration] = {}
    for members in clusters if clusters is not None else group_clusters(group):
        backing = corroboration(members, origins)
        for c in members:
            out[c.id] = backing
    return out


def partition_backing(
    claims: Iterable[Claim], sources: dict[str, Source], origins: dict[str, str] | None = None
) -> dict[str, Corroboration]:
    """group_backing over every comparison key of one or more whole (subject, property)
    partitions; independent origins are found within each partition, as the cross-check does
    (``origins``, if given, must be claim_origins of these claims)."""
    claims = list(claims)
    origins = origins if origins is not None else claim_origins(claims, sources)
    out: dict[str, Corroboration] = {}
    for group in _by_key(claims).values():
        out.update(group_backing(group, origins))
    return out


def _by_key(claims: Iterable[Claim]) -> dict[tuple, list[Claim]]:
    """The claims of each comparison key, in their order."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[comparison_key(c)].append(c)
    return groups


# --- reading rows -------------------------------------------------------------------------------


def _claims(con: sqlite3.Connection, sql: str, params: Iterable = ()) -> list[Claim]:
    return read_claims(con, sql, tuple(params))


def _claims_by_id(con: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Claim]:
    ids = list(dict.fromkeys(ids))
    out: dict[str, Claim] = {}
    for i in range(0, len(ids), _CHUNK):
        part = ids[i : i + _CHUNK]
        for c in _claims(con, f"SELECT {_CLAIM_COLS} FROM claim c WHERE c.id IN ({', '.join('?' * len(part))})", part):
            out[c.id] = c
    return out


def read_sources(con: sqlite3.Connection, ids: Iterable[str] | None = None) -> dict[str, Source]:
    """Sources of these articles (all articles when ``ids`` is None), without their text."""
    select = f"SELECT {column_list('a', SOURCE_COLUMNS)} FROM article a"
    if ids is None:
        found = read_source_rows(con, select)
    else:
        wanted = list(dict.fromkeys(ids))
        found = []
        for i in range(0, len(wanted), _CHUNK):
            part = wanted[i : i + _CHUNK]
            found += read_source_rows(con, f"{select} WHERE a.id IN ({', '.join('?' * len(part))})", part)
    return {s.id: s for s in found}


def partition_claims(con: sqlite3.Connection, subject: str, prop: str, stored_order: bool = False) -> list[Claim]:
    """Current claims of one partition, in the order the whole-database cross-check reads them
    (article, position), or with ``stored_order`` in the order they were stored."""
    order = "c.rowid" if stored_order else "c.article_id, c.start, c.id"
    return _claims(
        con, f"SELECT {_CLAIM_COLS} FROM claim c {_CURRENT} AND c.subject = ? AND c.property = ? ORDER BY {order}", (subject, prop)
    )


# The version of the stored results: raise it whenever a change to the cross-check, backing or
# origins would change them, and the next refresh recomputes every partition. Until then,
# readers compute every partition on the fly, as they do a dirty one.
DERIVED_VERSION = "2"  # 2: one definition of agreement (values.py), keys and findings of docs/claims.md
_PARTITIONS = (
    "SELECT subject, property FROM claim UNION SELECT subject, property FROM finding "
    "UNION SELECT subject, property FROM claim_backing"
)


def is_stale(con: sqlite3.Connection) -> bool:
    """Were the stored results written by another version of the cross-check (or never)?"""
    row = con.execute("SELECT value FROM kb_meta WHERE key = 'derived_version'").fetchone()
    return row is None or row[0] != DERIVED_VERSION


# What the cross-check, origins and backing read of a claim: the reader below leaves out the
# partition's own subject and property (known) and the four fields none of them reads.
_CHECKED = ("rowid", "id", "article_id", "topic", "value", "value_kind", "unit", "per", "value_high", "approx", "bound",
            "period_start", "period_end", "period_label", "entity", "qualifiers", "certainty", "origin", "quote",
            "start", "end", "sentence")  # fmt: skip


def checked_claims(
    con: sqlite3.Connection, subject: str, prop: str, superseded: set[str], rowids: dict[str, int] | None = None
) -> list[Claim]:
    """The current claims of one partition as partition_claims reads them, in the same order,
    but cheaper, for the cross-check alone: without the fields it never reads (surface,
    attributed_to, sentence_start and rule are left empty). ``superseded``: the ids of the
    articles that have a newer version; ``rowids``, if given, gets each claim's row number."""
    out = []
    for (rowid, cid, aid, topic, value, kind, unit, per, high, approx, bound, p_start, p_end, label, entity, quals, certainty,
         origin, quote, start, end, sentence) in con.execute(_CHECKED_SQL, (subject, prop)):  # fmt: skip
        if aid in superseded:
            continue
        if rowids is not None:
            rowids[cid] = rowid
        out.append(
            Claim(aid, topic, subject, prop, from_json(value), kind, quote, start, end, sentence, 0, "", unit, per, high,
                  bool(approx), bound, date.fromisoformat(p_start) if p_start else None,
                  date.fromisoformat(p_end) if p_end else None, label, entity, None,
                  {} if quals == "{}" else from_json(quals), certainty, None,
                  [] if origin == "[]" else from_json(origin), cid)  # fmt: skip
        )
    out.sort(key=lambda c: (c.article_id, c.start, c.id))
    return out


_CHECKED_SQL = f"SELECT {column_list('c', _CHECKED)} FROM claim c WHERE c.subject = ? AND c.property = ?"


def superseded_articles(con: sqlite3.Connection) -> set[str]:
    return {aid for (aid,) in con.execute("SELECT id FROM article WHERE superseded_by IS NOT NULL")}


def dirty_partitions(con: sqlite3.Connection) -> set[tuple[str, str]]:
    sql = _PARTITIONS if is_stale(con) else "SELECT subject, property FROM dirty_partition"
    return {(s, p) for s, p in con.execute(sql)}


def is_dirty(con: sqlite3.Connection, subject: str, prop: str) -> bool:
    if is_stale(con):
        return True
    return con.execute("SELECT 1 FROM dirty_partition WHERE subject = ? AND property = ?", (subject, prop)).fetchone() is not None


# --- refreshing ---------------------------------------------------------------------------------


def refresh(kb: KB, jobs: int | None = None, on_partition: Callable[[int, int], None] | None = None) -> int:
    """Recompute the stored findings and backing of every dirty partition; returns how many.

    ``on_partition(done, total)`` is told how far it has got (first with 0 done).

    One transaction (BEGIN IMMEDIATE): a crash leaves the old rows and the dirty marks, and
    a concurrent load waits. Nothing dirty: nothing is written and no lock is taken. Large
    refreshes cross-check partitions in ``jobs`` worker processes (default: one per core),
    which read the committed claims themselves; this process writes the results, in the
    same order whatever the number of workers.
    """
    if kb.pending:
        return 0  # nothing stored yet, no file
    con = kb.raw()
    if not is_stale(con) and not con.execute("SELECT 1 FROM dirty_partition LIMIT 1").fetchone():
        return 0
    begin_immediate(con, kb.path, kb)
    try:
        if is_stale(con):  # results of another version of the cross-check: all are recomputed
            con.execute(f"INSERT OR IGNORE INTO dirty_partition (subject, property) {_PARTITIONS}")
            con.execute("INSERT OR REPLACE INTO kb_meta (key, value) VALUES ('derived_version', ?)", (DERIVED_VERSION,))
        dirty = sorted(dirty_partitions(con))
        con.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        # every claim_backing row points to a backing row of its partition: checking those will do
        everything = not con.execute(
            "SELECT 1 FROM backing b WHERE NOT EXISTS "
            "(SELECT 1 FROM dirty_partition d WHERE d.subject = b.subject AND d.property = b.property) LIMIT 1"
        ).fetchone() and not con.execute(
            "SELECT 1 FROM finding f WHERE NOT EXISTS "
            "(SELECT 1 FROM dirty_partition d WHERE d.subject = f.subject AND d.property = f.property) LIMIT 1"
        ).fetchone()
        if everything:  # every stored row is to be replaced: empty the tables at once
            for table in ("finding", "claim_backing", "backing"):
                con.execute(f"DELETE FROM {table}")
        if on_partition:
            on_partition(0, len(dirty))
        with gc_paused():  # results arrive and are written partition by partition: nothing piles up
            for done, ((subject, prop), computed) in enumerate(zip(dirty, _computed(kb, con, dirty, jobs), strict=True), 1):
                _store_partition(con, subject, prop, computed, delete=not everything)
                if on_partition:
                    on_partition(done, len(dirty))
        con.execute("DELETE FROM dirty_partition")
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return len(dirty)


_CACHE_KIB = 128 * 1024


_PARALLEL_CLAIMS = 20_000  # below this many dirty claims, forking workers does not pay


def _computed(kb: KB, con: sqlite3.Connection, dirty: list[tuple[str, str]], jobs: int | None):
    """compute_partition for each dirty partition, in order: here, or in worker processes."""
    jobs = worker_count(jobs, len(dirty))
    if jobs > 1 and can_fork():
        n = con.execute("SELECT count(*) FROM claim c JOIN dirty_partition d USING (subject, property)").fetchone()[0]
        if n >= _PARALLEL_CLAIMS:
            with worker_pool(jobs) as pool:
                yield from pool.map(_compute_in_worker, [(str(kb.path), s, p) for s, p in dirty])
            return
    sources, superseded = read_sources(con), superseded_articles(con)  # workers read their own
    for subject, prop in dirty:
        yield compute_partition(con, subject, prop, sources, superseded)


_WORKER: dict[str, tuple[sqlite3.Connection, dict[str, Source], set[str]]] = {}


def _compute_in_worker(task: tuple[str, str, str]) -> tuple:
    path, subject, prop = task
    if path not in _WORKER:  # one read-only connection and one read of the sources per worker
        uri = Path(path).resolve().as_uri() + "?mode=ro"  # '#', '?' and '%' in the path are escaped
        con = sqlite3.connect(uri, uri=True, isolation_level=None)
        _WORKER[path] = (con, read_sources(con), superseded_articles(con))
    con, sources, superseded = _WORKER[path]
    return compute_partition(con, subject, prop, sources, superseded)


def compute_partition(
    con: sqlite3.Connection, subject: str, prop: str, sources: dict[str, Source], superseded: set[str]
) -> tuple:
    """One partition's findings, its clusters of agreeing claims (their Corroboration), and a
    row per claim in key order: (comparison key name, id, article date, row number, cluster
    number)."""
    with gc_paused():
        return _compute_partition(con, subject, prop, sources, superseded)


def _compute_partition(
    con: sqlite3.Connection, subject: str, prop: str, sources: dict[str, Source], superseded: set[str]
) -> tuple:
    rowids: dict[str, int] = {}
    claims = checked_claims(con, subject, prop, superseded, rowids)
    # the cross-check leaves out what it does not weigh; without any, both find the same origins
    origins = claim_origins(claims, sources) if all(is_compared(c) for c in claims) else None
    groups = _by_key(claims)
    clustered = {key: group_clusters(group) for key, group in groups.items()}
    # the cross-check's clusters are the same (claims it does not weigh, the singletons at the end, aside)
    compared = {key: [cl for cl in cls if is_compared(cl[0])] for key, cls in clustered.items()}
    findings = check_partition(claims, sources, origins, compared)
    backing_origins = origins if origins is not None else claim_origins(claims, sources)
    clusters: list[Corroboration] = []
    number: dict[int, int] = {}
    rows = []
    for key, group in groups.items():  # partition_backing's groups, with their keys kept
        grp = _key_name(key)
        backing = group_backing(group, backing_origins, clustered[key])
        for c in group:
            b = backing[c.id]
            if id(b) not in number:
                number[id(b)] = len(clusters)
                clusters.append(b)
            s = sources.get(c.article_id)
            said = s.published.isoformat() if s and s.published else None
            rows.append((grp, c.id, said, rowids[c.id], number[id(b)]))
    rows.sort()  # the table's key order: each partition's rows fill one range of it, in order
    return findings, clusters, rows


def _store_partition(con: sqlite3.Connection, subject: str, prop: str, computed: tuple, delete: bool = True) -> None:
    findings, clusters, claim_rows = computed
    if delete:
        con.execute("DELETE FROM finding WHERE subject = ? AND property = ?", (subject, prop))
        con.execute("DELETE FROM claim_backing WHERE subject = ? AND property = ?", (subject, prop))
        con.execute("DELETE FROM backing WHERE subject = ? AND property = ?", (subject, prop))
    cited: dict[str, list[int]] = defaultdict(list)  # claim id -> numbers of the findings citing it
    for f in findings:
        n = con.execute(
            "INSERT INTO finding (id, subject, property, kind, topic, severity, explanation, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (f.id, subject, prop, f.kind, f.topic, f.severity, f.explanation, _finding_json(f)),
        ).lastrowid
        for side in f.sides:
            for cid in side:
                cited[cid].append(n)
    # one row per cluster of agreeing claims (its labels can be many), one per claim pointing to it
    stored = [
        con.execute(
            "INSERT INTO backing (subject, property, articles, origins, labels) VALUES (?, ?, ?, ?, ?)",
            (subject, prop, b.articles, b.origins, json.dumps(list(b.labels), ensure_ascii=False)),
        ).lastrowid
        for b in clusters
    ]
    rows = [
        (subject, prop, grp, cid, said, pos, stored[k], _numbers(cited[cid]) if cid in cited else None)
        for grp, cid, said, pos, k in claim_rows
    ]
    # low, high and val (schema 6) are left empty: a claim's agreeing claims are its cluster's
    con.executemany(
        "INSERT INTO claim_backing (subject, property, grp, claim_id, said, pos, backing_n, findings) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _numbers(ns: list[int]) -> str:
    """'[3,17]': the JSON array json_each reads."""
    return "[" + ",".join(map(str, ns)) + "]"


def _finding_json(f: Finding) -> str:
    """Finding.to_dict() as JSON, without its deep copy (the sides can hold thousands of ids)."""
    return json.dumps({name: getattr(f, name) for name in _FINDING_FIELDS}, ensure_ascii=False)


_FINDING_FIELDS = [f.name for f in fields(Finding)]


# --- reading stored results ---------------------------------------------------------------------


def _finding(data: str) -> Finding:
    return Finding(**json.loads(data))


def stored_findings(kb: KB, topic: str | None = None) -> tuple[list[Finding], dict[str, Claim], dict[str, Source]]:
    """Every finding over the current claims, with the claims and sources they cite.

    Stored rows for clean partitions; dirty partitions are cross-checked here, on the fly.
    """
    con = kb.raw()
    con.execute("BEGIN")  # one snapshot for all the reads below
    try:
        dirty = dirty_partitions(con)
        sql = "SELECT subject, property, data FROM finding"
        rows = con.execute(sql + (" WHERE topic = ?" if topic else "") + " ORDER BY n", (topic,) if topic else ()).fetchall()
        findings = [_finding(d) for s, p, d in rows if (s, p) not in dirty]
        fresh: dict[str, Claim] = {}
        if dirty:
            all_sources = read_sources(con)
            for subject, prop in sorted(dirty):
                claims = partition_claims(con, subject, prop)
                fresh.update((c.id, c) for c in claims)
                findings += [f for f in check_partition(claims, all_sources) if not topic or f.topic == topic]
        findings.sort(key=finding_order)
        cited = {cid for f in findings for side in f.sides for cid in side}
        claims = {cid: fresh[cid] for cid in cited if cid in fresh}
        claims.update(_claims_by_id(con, cited - set(claims)))
        sources = read_sources(con, {c.article_id for c in claims.values()})
    finally:
        con.execute("COMMIT")
    return findings, claims, sources


def stored_backing(kb: KB, claims: list[Claim]) -> dict[str, Corroboration]:
    """The corroboration of each claim (as queries.corroborations computes it, over current claims)."""
    con = kb.raw()
    out: dict[str, Corroboration] = {}
    con.execute("BEGIN")
    try:
        dirty = dirty_partitions(con)
        clusters: dict[int, Corroboration] = {}
        for c in claims:
            if (c.subject, c.property) in dirty:
                continue
            row = con.execute(_BACKING_SQL, _row_key(c)).fetchone()
            if row is not None:
                n, articles, origins, labels = row
                if n not in clusters:
                    clusters[n] = Corroboration(articles, origins, tuple(json.loads(labels)))
                out[c.id] = clusters[n]
        needed = {(c.subject, c.property) for c in claims if (c.subject, c.property) in dirty}
        if needed:
            sources = read_sources(con)
            for subject, prop in sorted(needed):
                out.update(partition_backing(partition_claims(con, subject, prop), sources))
    finally:
        con.execute("COMMIT")
    # a claim of a superseded version agrees with no current claim: it backs itself
    return {c.id: out[c.id] if c.id in out else corroboration([c], {}) for c in claims}


_BACKING_SQL = (
    "SELECT b.n, b.articles, b.origins, b.labels FROM claim_backing cb JOIN backing b ON b.n = cb.backing_n "
    "WHERE cb.subject = ? AND cb.property = ? AND cb.grp = ? AND cb.claim_id = ?"
)


def _row_key(c: Claim) -> tuple[str, str, str, str]:
    """The key of a claim's claim_backing row."""
    return c.subject, c.property, _key_name(comparison_key(c)), c.id


AGREEING_KEPT = 50  # agreeing (and conflicting) claims a provenance answer carries whole; it names every one by id


def stored_provenance(kb: KB, claim: Claim) -> dict | None:
    """The findings, agreeing and conflicting claims and backing of a current claim of a clean
    partition, from stored rows; None when they must be computed (dirty, or not current)."""
    con = kb.raw()
    con.execute("BEGIN")
    try:
        if is_dirty(con, claim.subject, claim.property):
            return None
        row = con.execute(
            "SELECT cb.grp, cb.backing_n, b.articles, b.origins, b.labels, cb.findings FROM claim_backing cb "
            "JOIN backing b ON b.n = cb.backing_n WHERE cb.subject = ? AND cb.property = ? AND cb.grp = ? AND cb.claim_id = ?",
            _row_key(claim),
        ).fetchone()
        if row is None:
            return None
        grp, cluster, articles, origins, labels, cited_by = row
        findings = [
            _finding(d)
            for (d,) in con.execute(
                "SELECT f.data FROM finding f WHERE f.n IN (SELECT value FROM json_each(?)) ORDER BY f.n", (cited_by or "[]",)
            )
        ]
        findings.sort(key=finding_order)
        # the claims on the other sides of its findings (each once), all by id and the first few in
        # full, by publication date: a crowded partition's finding can cite hundreds
        contradicting = [f for f in findings if f.kind not in REVISION_KINDS]  # a revision's other values do not conflict
        other = list(dict.fromkeys(cid for f in contradicting for side in f.sides if claim.id not in side for cid in side))
        dated: dict[str, tuple] = {}
        for i in range(0, len(other), _CHUNK):
            part = other[i : i + _CHUNK]
            for cid, said, pos in con.execute(
                "SELECT claim_id, said, pos FROM claim_backing WHERE subject = ? AND property = ? "
                f"AND claim_id IN ({', '.join('?' * len(part))})",
                (claim.subject, claim.property, *part),
            ):
                dated[cid] = (said is None, said or "", pos)  # undated last, then in stored order
        conflicting_ids = [i for i in other if i in dated]
        first = sorted(conflicting_ids, key=dated.__getitem__)[:AGREEING_KEPT]
        whole = _claims_by_id(con, first)
        conflicting = [whole[i] for i in first]
        # the other claims of its cluster of agreeing claims (a crowded key has thousands), by
        # publication date; only the first few are built in full
        agreeing_rows = con.execute(
            "SELECT claim_id, said, pos FROM claim_backing WHERE subject = ? AND property = ? AND grp = ? "
            "AND backing_n = ? AND claim_id != ?",
            (claim.subject, claim.property, grp, cluster, claim.id),
        ).fetchall()
        agreeing_rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[2]))  # undated last, then in stored order
        agreeing_ids = [r[0] for r in agreeing_rows]
        kept = _claims_by_id(con, agreeing_ids[:AGREEING_KEPT])
        agreeing = [kept[i] for i in agreeing_ids[:AGREEING_KEPT]]
        wanted = {claim.article_id} | {c.article_id for c in agreeing} | {c.article_id for c in conflicting}
        sources = read_sources(con, wanted)
    finally:
        con.execute("COMMIT")
    return {
        "agreeing": agreeing,
        "agreeing_ids": agreeing_ids,
        "conflicting": conflicting,
        "conflicting_ids": conflicting_ids,
        "findings": findings,
        "sources": sources,
        "corroboration": Corroboration(articles, origins, tuple(json.loads(labels))),
    }
