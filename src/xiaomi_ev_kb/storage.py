"""SQLite storage: SQLModel tables are the schema; numbered migrations record its version.

One file, WAL mode, foreign keys on. Articles are keyed by content hash, claims
by a stable id, so loading the same files again changes nothing. Each article
and its claims are written in one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, event, text
from sqlalchemy.orm import defer
from sqlmodel import Field, Session, SQLModel, create_engine, select

from .errors import DatabaseError, InputError
from .ingest import Article
from .models import EXTRACTOR_VERSION, Claim, Source

DB_ENV = "XIAOMI_EV_KB_DB"
DEFAULT_DB = "xiaomi-ev-kb.db"


class ArticleRow(SQLModel, table=True):
    __tablename__ = "article"

    id: str = Field(primary_key=True)
    content_hash: str = Field(unique=True)
    path: str = Field(index=True)
    title: str | None = None
    url: str | None = None
    publisher: str | None = Field(default=None, index=True)
    author: str | None = None
    published: str | None = Field(default=None, index=True)
    published_precision: str | None = None
    published_basis: str = "unknown"
    published_note: str = ""
    body_start: int = 0
    text: str
    loaded_at: str
    extractor_version: str = EXTRACTOR_VERSION
    # schema 2: versions of one article (same URL, else same file path)
    source_key: str | None = Field(default=None, index=True)
    version: int = 1
    superseded_by: str | None = Field(default=None, index=True)


class ClaimRow(SQLModel, table=True):
    __tablename__ = "claim"

    id: str = Field(primary_key=True)
    article_id: str = Field(foreign_key="article.id", index=True)
    topic: str = Field(index=True)
    subject: str = Field(index=True)
    property: str = Field(index=True)
    value: str  # JSON
    value_kind: str
    unit: str | None = None
    per: str | None = None
    value_high: float | None = None
    approx: bool = False
    bound: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    period_label: str | None = None
    entity: str | None = Field(default=None, index=True)
    surface: str | None = None
    qualifiers: str = "{}"  # JSON
    certainty: str = "stated"
    attributed_to: str | None = Field(default=None, index=True)  # schema 3
    origin: str = "[]"  # JSON
    quote: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    rule: str


class MetaRow(SQLModel, table=True):
    __tablename__ = "kb_meta"

    key: str = Field(primary_key=True)
    value: str


# --- migrations ---------------------------------------------------------------------------


_M001 = """
CREATE TABLE article (
    id VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, path VARCHAR NOT NULL, title VARCHAR,
    url VARCHAR, publisher VARCHAR, author VARCHAR, published VARCHAR, published_precision VARCHAR,
    published_basis VARCHAR NOT NULL, published_note VARCHAR NOT NULL, body_start INTEGER NOT NULL,
    text VARCHAR NOT NULL, loaded_at VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (id), UNIQUE (content_hash)
);
CREATE INDEX ix_article_path ON article (path);
CREATE INDEX ix_article_published ON article (published);
CREATE INDEX ix_article_publisher ON article (publisher);
CREATE TABLE kb_meta ("key" VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY ("key"));
CREATE TABLE claim (
    id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, topic VARCHAR NOT NULL, subject VARCHAR NOT NULL,
    property VARCHAR NOT NULL, value VARCHAR NOT NULL, value_kind VARCHAR NOT NULL, unit VARCHAR,
    per VARCHAR, value_high FLOAT, approx BOOLEAN NOT NULL, bound VARCHAR, period_start VARCHAR,
    period_end VARCHAR, period_label VARCHAR, entity VARCHAR, surface VARCHAR, qualifiers VARCHAR NOT NULL,
    certainty VARCHAR NOT NULL, attributed_to VARCHAR, origin VARCHAR NOT NULL, quote VARCHAR NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence VARCHAR NOT NULL, sentence_start INTEGER NOT NULL,
    rule VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(article_id) REFERENCES article (id)
);
CREATE INDEX ix_claim_subject ON claim (subject);
CREATE INDEX ix_claim_article_id ON claim (article_id);
CREATE INDEX ix_claim_topic ON claim (topic);
CREATE INDEX ix_claim_entity ON claim (entity);
CREATE INDEX ix_claim_property ON claim (property);
"""

_M002 = """
ALTER TABLE article ADD COLUMN source_key VARCHAR;
ALTER TABLE article ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE article ADD COLUMN superseded_by VARCHAR;
UPDATE article SET source_key = COALESCE(url, path);
CREATE INDEX ix_article_source_key ON article (source_key);
CREATE INDEX ix_article_superseded_by ON article (superseded_by);
"""

# schema 3: the claim listings' query paths (queries.page_claims). Articles in listing order,
# claims by position within their article; every field the entity filter reads (the JSON
# qualifiers through partial expression indexes, which the filter must spell exactly so);
# and an FTS5 trigram index of the quotes, an external-content table over claim kept in
# step by triggers, so every write path (loads, re-extraction, import, raw inserts) keeps it.
_M003 = """
CREATE INDEX ix_article_listing ON article (coalesce(published, '9999'), path);
CREATE INDEX ix_claim_article_position ON claim (article_id, start, "end", id);
CREATE INDEX ix_claim_attributed_to ON claim (attributed_to);
CREATE INDEX ix_claim_regulator ON claim (json_extract(qualifiers, '$.regulator'))
    WHERE json_extract(qualifiers, '$.regulator') IS NOT NULL;
CREATE INDEX ix_claim_parent ON claim (json_extract(qualifiers, '$.parent'))
    WHERE json_extract(qualifiers, '$.parent') IS NOT NULL;
CREATE INDEX ix_claim_vehicle ON claim (json_extract(qualifiers, '$.vehicle'))
    WHERE json_extract(qualifiers, '$.vehicle') IS NOT NULL;
CREATE INDEX ix_claim_formerly ON claim (lower(json_extract(qualifiers, '$.formerly')))
    WHERE lower(json_extract(qualifiers, '$.formerly')) IS NOT NULL;
CREATE VIRTUAL TABLE claim_fts USING fts5(quote, content='claim', content_rowid='rowid', tokenize='trigram');
INSERT INTO claim_fts (claim_fts) VALUES ('rebuild');
CREATE TRIGGER tr_claim_fts_insert AFTER INSERT ON claim BEGIN
    INSERT INTO claim_fts (rowid, quote) VALUES (new.rowid, new.quote);
END;
CREATE TRIGGER tr_claim_fts_delete AFTER DELETE ON claim BEGIN
    INSERT INTO claim_fts (claim_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
END;
CREATE TRIGGER tr_claim_fts_update AFTER UPDATE OF quote ON claim BEGIN
    INSERT INTO claim_fts (claim_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
    INSERT INTO claim_fts (rowid, quote) VALUES (new.rowid, new.quote);
END;
"""

# schema 4: stored findings and backing, derived from the claims (see derived.py). Triggers
# mark the (subject, property) partitions a write touches as dirty, so every write path
# (loads, re-extraction, import, raw inserts) keeps them honest; derived.refresh recomputes
# the dirty partitions. Every existing partition starts dirty.
_M004 = """
CREATE TABLE finding (
    n INTEGER PRIMARY KEY, id VARCHAR NOT NULL, subject VARCHAR NOT NULL, property VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, topic VARCHAR NOT NULL, severity VARCHAR NOT NULL, explanation VARCHAR NOT NULL,
    data VARCHAR NOT NULL
);
CREATE INDEX ix_finding_partition ON finding (subject, property);
CREATE INDEX ix_finding_topic ON finding (topic);
CREATE TABLE finding_claim (
    finding_n INTEGER NOT NULL REFERENCES finding (n) ON DELETE CASCADE, claim_id VARCHAR NOT NULL,
    side INTEGER NOT NULL
);
CREATE INDEX ix_finding_claim_claim ON finding_claim (claim_id);
CREATE INDEX ix_finding_claim_finding ON finding_claim (finding_n);
CREATE TABLE backing (
    n INTEGER PRIMARY KEY, subject VARCHAR NOT NULL, property VARCHAR NOT NULL, articles INTEGER NOT NULL,
    origins INTEGER NOT NULL, labels VARCHAR NOT NULL
);
CREATE INDEX ix_backing_partition ON backing (subject, property);
CREATE TABLE claim_backing (
    claim_id VARCHAR NOT NULL PRIMARY KEY, subject VARCHAR NOT NULL, property VARCHAR NOT NULL,
    grp VARCHAR NOT NULL, low FLOAT, high FLOAT, backing_n INTEGER NOT NULL
);
CREATE INDEX ix_claim_backing_partition ON claim_backing (subject, property);
CREATE INDEX ix_claim_backing_grp ON claim_backing (grp, low);
CREATE TABLE dirty_partition (subject VARCHAR NOT NULL, property VARCHAR NOT NULL, PRIMARY KEY (subject, property));
CREATE INDEX ix_claim_subject_property ON claim (subject, property);
CREATE TRIGGER tr_claim_insert_dirty AFTER INSERT ON claim BEGIN
    INSERT OR IGNORE INTO dirty_partition (subject, property) VALUES (new.subject, new.property);
END;
CREATE TRIGGER tr_claim_delete_dirty AFTER DELETE ON claim BEGIN
    INSERT OR IGNORE INTO dirty_partition (subject, property) VALUES (old.subject, old.property);
END;
CREATE TRIGGER tr_claim_update_dirty AFTER UPDATE ON claim BEGIN
    INSERT OR IGNORE INTO dirty_partition (subject, property) VALUES (old.subject, old.property);
    INSERT OR IGNORE INTO dirty_partition (subject, property) VALUES (new.subject, new.property);
END;
CREATE TRIGGER tr_article_update_dirty
AFTER UPDATE OF superseded_by, published, published_precision, published_basis, path, publisher, title, url ON article
BEGIN
    INSERT OR IGNORE INTO dirty_partition (subject, property)
    SELECT DISTINCT subject, property FROM claim WHERE article_id = new.id;
END;
INSERT OR IGNORE INTO dirty_partition (subject, property) SELECT DISTINCT subject, property FROM claim;
"""


# Numbered migrations, frozen as SQL (the SQLModel classes above must agree with their
# sum): a database at version n gets n+1, n+2, ... applied, each in its own transaction
# together with the new version number.
# Fewer and cheaper writes per refresh: each claim's findings are a list on its claim_backing
# row (a million claims cited 1.4 M times were as many finding_claim rows, each in three
# B-trees), and claim_backing is one B-tree keyed (subject, property, comparison key name,
# claim id): a partition's rows are written in key order into one range of it, and a claim's
# row is found from the claim itself, whose comparison key names the group.
_M005 = """
DROP TABLE finding_claim;
DROP TABLE claim_backing;
CREATE TABLE claim_backing (
    subject VARCHAR NOT NULL, property VARCHAR NOT NULL, grp VARCHAR NOT NULL, claim_id VARCHAR NOT NULL,
    low FLOAT, high FLOAT, backing_n INTEGER NOT NULL, findings VARCHAR,
    PRIMARY KEY (subject, property, grp, claim_id)
) WITHOUT ROWID;
DELETE FROM finding;
DELETE FROM backing;
INSERT OR IGNORE INTO dirty_partition (subject, property) SELECT DISTINCT subject, property FROM claim;
"""

# A claim's row also holds what same_value compares (low, high, val), its article's date (said)
# and its own row number (pos): provenance finds the claims that agree with it in its group's
# range of claim_backing alone, without reading thousands of claims.
_M006 = """
DROP TABLE claim_backing;
CREATE TABLE claim_backing (
    subject VARCHAR NOT NULL, property VARCHAR NOT NULL, grp VARCHAR NOT NULL, claim_id VARCHAR NOT NULL,
    low FLOAT, high FLOAT, val VARCHAR, said VARCHAR, pos INTEGER NOT NULL, backing_n INTEGER NOT NULL,
    findings VARCHAR,
    PRIMARY KEY (subject, property, grp, claim_id)
) WITHOUT ROWID;
DELETE FROM finding;
DELETE FROM backing;
INSERT OR IGNORE INTO dirty_partition (subject, property) SELECT DISTINCT subject, property FROM claim;
"""

MIGRATIONS: list[str] = [_M001, _M002, _M003, _M004, _M005, _M006]
SCHEMA_VERSION = len(MIGRATIONS)


def resolve_db_path(option: str | os.PathLike | None) -> Path:
    """``--db``, then ``$XIAOMI_EV_KB_DB``, then ``./xiaomi-ev-kb.db``."""
    return Path(option or os.environ.get(DB_ENV) or DEFAULT_DB)


@dataclass
class KB:
    """An open knowledge base."""

    path: Path
    engine: Engine
    _raw: sqlite3.Connection | None = None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def raw(self) -> sqlite3.Connection:
        """A plain sqlite3 connection in autocommit mode, for explicit transactions and bulk writes."""
        if self._raw is None:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA busy_timeout=30000")
            self._raw = con
        return self._raw

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        self.engine.dispose()


def open_db(path: str | os.PathLike | None = None, create: bool = False) -> KB:
    """Open (and, with ``create``, make) the knowledge base, applying pending migrations."""
    p = resolve_db_path(path)
    if not p.exists():
        if not create:
            raise DatabaseError(f"no knowledge base at {p}: run 'xiaomi-ev-kb load' first, or pass --db PATH")
        if p.parent and not p.parent.exists():
            raise DatabaseError(f"cannot create {p}: folder {p.parent} does not exist")
    elif p.is_dir():
        raise DatabaseError(f"{p} is a folder, not a database file")
    # a URL object, not a string: '?', '#' and '%' in the path are then part of the file name
    engine = create_engine(URL.create("sqlite", database=str(p)), connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")  # WAL is set once, when the file is made
        cur.close()

    if not create and p.stat().st_size == 0:
        raise DatabaseError(f"{p} is an empty file, not a knowledge base: run 'xiaomi-ev-kb load' first")
    try:
        _migrate_patiently(p)
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if is_lock_error(exc):
            raise DatabaseError(f"{p} is busy: another process is writing to it; try again") from None
        if "unable to open" in text or "readonly" in text or "read-only" in text:
            raise DatabaseError(f"{p}: cannot open for writing (read-only file or folder, or no permission)") from None
        raise DatabaseError(f"{p} is not a usable SQLite database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{p} is not a usable SQLite database ({exc})") from None
    return KB(p, engine)


def _migrate(path: Path) -> None:
    """Bring the file to SCHEMA_VERSION, one numbered migration per transaction.

    Plain sqlite3 with explicit BEGIN IMMEDIATE, so DDL is transactional and two
    processes opening a new database at once do not both migrate it.
    """
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        if _read_version(con) == SCHEMA_VERSION:
            return  # up to date: a read needs no lock, so it never waits for a running load
        con.execute("PRAGMA journal_mode=WAL")
        while True:
            con.execute("BEGIN IMMEDIATE")
            try:
                version = _read_version(con)
                if version > SCHEMA_VERSION:
                    raise DatabaseError(
                        f"the database has schema version {version}, newer than this program's "
                        f"{SCHEMA_VERSION}: upgrade xiaomi-ev-kb"
                    )
                if version == SCHEMA_VERSION:
                    con.execute("COMMIT")
                    return
                for statement in _statements(MIGRATIONS[version]):
                    con.execute(statement)
                con.execute(
                    "INSERT OR REPLACE INTO kb_meta(key, value) VALUES ('schema_version', ?)", (str(version + 1),)
                )
                con.execute("COMMIT")
            except BaseException:
                rollback(con)
                raise
    finally:
        con.close()


def _migrate_patiently(path: Path, seconds: float = 30.0) -> None:
    """_migrate, retried while another process holds the file (two loads creating it at once:
    switching a new file to WAL can report "locked" at once instead of waiting)."""
    deadline = time.monotonic() + seconds
    delay = 0.02
    while True:
        try:
            _migrate(path)
            return
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script; a trigger's body (``BEGIN ...; END``) stays whole."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        yield pending


def _read_version(con: sqlite3.Connection) -> int:
    if con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='kb_meta'").fetchone():
        row = con.execute("SELECT value FROM kb_meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0
    if con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
        raise DatabaseError("the file holds tables but no xiaomi-ev-kb schema version: not our database")
    return 0


def schema_version(kb: KB) -> int:
    with kb.engine.connect() as conn:
        row = conn.execute(text("SELECT value FROM kb_meta WHERE key='schema_version'")).first()
    return int(row[0]) if row else 0


# --- writing ---------------------------------------------------------------------------------


def has_article(kb: KB, content_hash: str) -> bool:
    """Is this exact content stored, with claims from the current extractor?"""
    row = kb.raw().execute("SELECT extractor_version FROM article WHERE content_hash = ?", (content_hash,)).fetchone()
    return row is not None and row[0] == EXTRACTOR_VERSION


def replace_claims(kb: KB, article: Article, claims: Iterable[Claim]) -> bool:
    """Re-extracted claims of an already stored article (the rules changed); one transaction.

    Returns False if the article is not stored."""
    ccols = [c.name for c in ClaimRow.__table__.columns]
    c_sql = f"INSERT OR IGNORE INTO claim ({', '.join(_q(c) for c in ccols)}) VALUES ({', '.join('?' * len(ccols))})"
    rows = [_claim_row(c) for c in claims]
    con = kb.raw()
    begin_immediate(con, kb.path)
    try:
        found = con.execute("SELECT id FROM article WHERE content_hash = ?", (article.content_hash,)).fetchone()
        if not found:
            con.execute("ROLLBACK")
            return False
        con.execute("DELETE FROM claim WHERE article_id = ?", (found[0],))
        con.executemany(c_sql, ([_sql_value(getattr(r, c)) for c in ccols] for r in rows))
        con.execute("UPDATE article SET extractor_version = ? WHERE id = ?", (EXTRACTOR_VERSION, found[0]))
        con.execute("COMMIT")
        return True
    except BaseException:
        rollback(con)
        raise


def store_article(kb: KB, article: Article, claims: Iterable[Claim]) -> str:
    """Write one article and its claims in one transaction.

    Returns "unchanged" (this content is already stored), "new" or "new version" (the
    same URL, else the same file, had other content: the older version is kept and
    marked superseded). BEGIN IMMEDIATE serialises concurrent loads; a killed process
    leaves either the whole article or none of it.
    """
    article_row = _article_row(article)
    claim_rows = [_claim_row(c) for c in claims]
    acols = [c.name for c in ArticleRow.__table__.columns]
    ccols = [c.name for c in ClaimRow.__table__.columns]
    a_sql = f"INSERT INTO article ({', '.join(_q(c) for c in acols)}) VALUES ({', '.join('?' * len(acols))})"
    c_sql = f"INSERT OR IGNORE INTO claim ({', '.join(_q(c) for c in ccols)}) VALUES ({', '.join('?' * len(ccols))})"
    con = kb.raw()
    begin_immediate(con, kb.path)
    try:
        stored = con.execute(
            "SELECT id, superseded_by, source_key FROM article WHERE content_hash = ?", (article.content_hash,)
        ).fetchone()
        if stored and stored[1] and stored[2] in (article_row.source_key, article.path):
            # the file went back to an earlier version's content: that version is current again
            current = con.execute(
                "SELECT id FROM article WHERE source_key = ? AND superseded_by IS NULL", (stored[2],)
            ).fetchone()
            if current:
                con.execute("UPDATE article SET superseded_by = ? WHERE id = ?", (stored[0], current[0]))
            con.execute("UPDATE article SET superseded_by = NULL WHERE id = ?", (stored[0],))
            con.execute("COMMIT")
            return "new version"
        if stored:
            con.execute("ROLLBACK")
            return "unchanged"
        prev = None
        if article_row.source_key:
            # the key is the URL or the resolved path; a database migrated from schema 1
            # holds the path as it was typed, so that is looked for too
            prev = con.execute(
                "SELECT id, version FROM article WHERE source_key IN (?, ?) AND superseded_by IS NULL "
                "ORDER BY version DESC LIMIT 1",
                (article_row.source_key, article.path),
            ).fetchone()
        if prev:
            article_row.version = prev[1] + 1
        con.execute(a_sql, [_sql_value(getattr(article_row, c)) for c in acols])
        if prev:
            con.execute("UPDATE article SET superseded_by = ? WHERE id = ?", (article_row.id, prev[0]))
        con.executemany(c_sql, ([_sql_value(getattr(r, c)) for c in ccols] for r in claim_rows))
        con.execute("COMMIT")
        return "new version" if prev else "new"
    except BaseException:
        rollback(con)
        raise


_RETRIES = 20


def is_lock_error(exc: BaseException) -> bool:
    """Is this SQLite's word that another connection holds the file (SQLITE_BUSY: "database is
    locked")? Not "database table is locked" (SQLITE_LOCKED): that is this connection's own
    statement in the way, which no waiting clears."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    message = str(exc)
    return "database is locked" in message or "busy" in message


def begin_immediate(con: sqlite3.Connection, path: Path) -> None:
    """BEGIN IMMEDIATE (the write lock), retried while another process holds it (each try
    waits out the busy timeout); DatabaseError if it never comes free."""
    for attempt in range(_RETRIES):
        try:
            con.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise DatabaseError(f"{path} is locked by another process; try again")


def rollback(con: sqlite3.Connection) -> None:
    """Undo the open transaction, if one is still open: an interrupt (Ctrl-C) can land just
    after COMMIT, and a ROLLBACK then would raise over the interrupt."""
    if con.in_transaction:
        con.execute("ROLLBACK")




def _q(name: str) -> str:
    return f'"{name}"'


def _sql_value(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v


def _article_row(a: Article) -> ArticleRow:
    return ArticleRow(
        id=a.id,
        content_hash=a.content_hash,
        path=a.path,
        title=a.title,
        url=a.url,
        publisher=a.publisher,
        author=a.author,
        published=a.published.isoformat() if a.published else None,
        published_precision=a.published_precision,
        published_basis=a.published_basis,
        published_note=a.published_note,
        body_start=a.body_start,
        text=a.text,
        loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        source_key=a.url or (str(Path(a.path).resolve()) if a.path not in ("-", "<stdin>") else None),
    )


def _claim_row(c: Claim) -> ClaimRow:
    return ClaimRow(
        id=c.id,
        article_id=c.article_id,
        topic=c.topic,
        subject=c.subject,
        property=c.property,
        value=json.dumps(c.value, ensure_ascii=False),
        value_kind=c.value_kind,
        unit=c.unit,
        per=c.per,
        value_high=c.value_high,
        approx=c.approx,
        bound=c.bound,
        period_start=c.period_start.isoformat() if c.period_start else None,
        period_end=c.period_end.isoformat() if c.period_end else None,
        period_label=c.period_label,
        entity=c.entity,
        surface=c.surface,
        qualifiers=json.dumps(c.qualifiers, ensure_ascii=False, sort_keys=True),
        certainty=c.certainty,
        attributed_to=c.attributed_to,
        origin=json.dumps(c.origin, ensure_ascii=False),
        quote=c.quote,
        start=c.start,
        end=c.end,
        sentence=c.sentence,
        sentence_start=c.sentence_start,
        rule=c.rule,
    )


# --- reading -----------------------------------------------------------------------------------


_scan_json = json.JSONDecoder().scan_once


def from_json(text: str) -> Any:
    """json.loads for the compact JSON this module writes, minus its per-call overhead (a third
    of reading a claim); anything else (spaces around, bad JSON) goes through json.loads."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def row_to_claim(r: ClaimRow) -> Claim:
    return Claim(
        id=r.id,
        article_id=r.article_id,
        topic=r.topic,
        subject=r.subject,
        property=r.property,
        value=from_json(r.value),
        value_kind=r.value_kind,
        unit=r.unit,
        per=r.per,
        value_high=r.value_high,
        approx=bool(r.approx),
        bound=r.bound,
        period_start=date.fromisoformat(r.period_start) if r.period_start else None,
        period_end=date.fromisoformat(r.period_end) if r.period_end else None,
        period_label=r.period_label,
        entity=r.entity,
        surface=r.surface,
        qualifiers=from_json(r.qualifiers),
        certainty=r.certainty,
        attributed_to=r.attributed_to,
        origin=from_json(r.origin),
        quote=r.quote,
        start=r.start,
        end=r.end,
        sentence=r.sentence,
        sentence_start=r.sentence_start,
        rule=r.rule,
    )


def row_to_source(r: ArticleRow) -> Source:
    published = date.fromisoformat(r.published) if r.published else None
    label = None
    if published:
        label = {"month": published.strftime("%Y-%m"), "year": str(published.year)}.get(
            r.published_precision or "", published.isoformat()
        )
    return Source(
        id=r.id,
        file=r.path,
        publisher=r.publisher,
        published=published,
        published_label=label,
        published_basis=r.published_basis,
        title=r.title,
        url=r.url,
        version=r.version,
        superseded_by=r.superseded_by,
    )


# Plain sqlite3 reads for listings of many claims (no ORM objects on the way): a query selects
# CLAIM_COLUMNS (and then SOURCE_COLUMNS) and the rows go through row_to_claim / row_to_source.
CLAIM_COLUMNS = tuple(c.name for c in ClaimRow.__table__.columns)
SOURCE_COLUMNS = tuple(c.name for c in ArticleRow.__table__.columns if c.name != "text")
_ClaimRecord = namedtuple("_ClaimRecord", CLAIM_COLUMNS)
_SourceRecord = namedtuple("_SourceRecord", SOURCE_COLUMNS)


def column_list(alias: str, names: Iterable[str]) -> str:
    """``c."id", c."topic", ...``: the columns of a table alias, quoted, for a SELECT."""
    return ", ".join(f'{alias}."{n}"' for n in names)


def read_claims(con: sqlite3.Connection, sql: str, params: Any = ()) -> list[Claim]:
    """The claims a query returns; it selects CLAIM_COLUMNS, in that order."""
    make = _ClaimRecord._make
    return [row_to_claim(make(r)) for r in con.execute(sql, params)]


def read_source_rows(con: sqlite3.Connection, sql: str, params: Any = ()) -> list[Source]:
    """The sources (articles without their text) a query returns; it selects SOURCE_COLUMNS, in that order."""
    make = _SourceRecord._make
    return [row_to_source(make(r)) for r in con.execute(sql, params)]


def read_claims_with_sources(con: sqlite3.Connection, sql: str, params: Any = ()) -> list[tuple[Claim, Source]]:
    """(claim, source) pairs a query returns; it selects CLAIM_COLUMNS then SOURCE_COLUMNS.
    Claims of one article share one Source."""
    n = len(CLAIM_COLUMNS)
    make_claim, make_source = _ClaimRecord._make, _SourceRecord._make
    sources: dict[str, Source] = {}
    out = []
    for r in con.execute(sql, params):
        claim = row_to_claim(make_claim(r[:n]))
        source = sources.get(claim.article_id)
        if source is None:
            source = sources[claim.article_id] = row_to_source(make_source(r[n:]))
        out.append((claim, source))
    return out


def all_sources(kb: KB) -> dict[str, Source]:
    with kb.session() as s:
        return {r.id: row_to_source(r) for r in s.exec(select(ArticleRow).options(defer(ArticleRow.text)))}


def counts(kb: KB) -> dict[str, Any]:
    with kb.engine.connect() as conn:
        return {
            "articles": conn.execute(text("SELECT count(*) FROM article")).scalar(),
            "claims": conn.execute(text("SELECT count(*) FROM claim")).scalar(),
        }


# --- housekeeping: status, export, import -------------------------------------------------------


def db_status(kb: KB) -> dict[str, Any]:
    """Path, schema version, counts and the result of SQLite's integrity check."""
    con = kb.raw()
    row = con.execute(
        "SELECT count(*), sum(superseded_by IS NULL), sum(superseded_by IS NOT NULL) FROM article"
    ).fetchone()
    return {
        "path": str(kb.path.resolve()),
        "schema_version": schema_version(kb),
        "program_schema_version": SCHEMA_VERSION,
        "articles": row[0] or 0,
        "current_articles": row[1] or 0,
        "superseded_articles": row[2] or 0,
        "claims": con.execute("SELECT count(*) FROM claim").fetchone()[0],
        "journal_mode": con.execute("PRAGMA journal_mode").fetchone()[0],
        "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
        "size_bytes": kb.path.stat().st_size,
    }


def export_rows(kb: KB) -> Iterator[dict[str, Any]]:
    """Every article (all versions) and claim as JSON-ready records, articles first."""
    con = kb.raw()
    for table, kind in (("article", "article"), ("claim", "claim")):
        cur = con.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cur.description]
        for values in cur:
            yield {"type": kind, **dict(zip(names, values, strict=True))}


def import_rows(kb: KB, records: Iterable[dict[str, Any]], where: str = "<import>") -> dict[str, int]:
    """Restore exported records exactly (same ids, dates and bases); existing rows are kept.

    All in one transaction: a bad record leaves the knowledge base as it was.
    """
    acols = {c.name for c in ArticleRow.__table__.columns}
    ccols = {c.name for c in ClaimRow.__table__.columns}
    counts = {"articles": 0, "claims": 0}
    con = kb.raw()
    begin_immediate(con, kb.path)
    try:
        for n, rec in enumerate(records, start=1):
            kind = rec.get("type") if isinstance(rec, dict) else None
            cols = acols if kind == "article" else ccols if kind == "claim" else None
            if cols is None or not cols <= set(rec):
                missing = sorted(cols - set(rec)) if cols else []
                raise InputError(f"{where}:{n}: not an exported article or claim record" + (f" (missing {', '.join(missing[:4])})" if missing else ""))
            names = sorted(cols)
            sql = f"INSERT OR IGNORE INTO {kind} ({', '.join(_q(c) for c in names)}) VALUES ({', '.join('?' * len(names))})"
            cur = con.execute(sql, [rec[c] for c in names])
            counts["articles" if kind == "article" else "claims"] += cur.rowcount
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return counts
