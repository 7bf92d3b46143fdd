"""SQLite storage: SQLModel tables are the schema; numbered migrations record its version.

One file, WAL mode, foreign keys on. Articles are keyed by content hash, claims
by a stable id, so loading the same files again changes nothing. Each article
and its claims are written in one transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import defer
from sqlmodel import Field, Session, SQLModel, create_engine, select

from .errors import DamagedError, DatabaseError, InputError
from .ingest import Article
from .models import EXTRACTOR_VERSION, Claim, Source
from .records import record_problem

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
# range of claim_backing alone, without reading thousands of claims. (Since DERIVED_VERSION 2
# the agreeing claims are the rest of the claim's cluster, its rows with the same backing_n:
# low, high and val are no longer written.)
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

# schema 7: plain SQL views over the tables, for any SQLite client and for Datasette
# (``xiaomi-ev-kb browse``): current claims with their article's metadata, sources with claim
# counts, findings, the claims on each side of each finding, and each claim's provenance. They
# read the stored findings and backing, which load, import and refresh keep current. A later
# migration that drops or renames a column these views read must drop and recreate them.
_BASENAME = "substr(a.path, length(rtrim(a.path, replace(a.path, '/', ''))) + 1)"  # the file's name
_M007 = f"""
DROP VIEW IF EXISTS claim_provenance;
DROP VIEW IF EXISTS contradiction_claims;
DROP VIEW IF EXISTS contradictions;
DROP VIEW IF EXISTS source_details;
DROP VIEW IF EXISTS claim_details;
CREATE VIEW claim_details AS
SELECT c.id AS claim_id, c.topic, c.subject, c.property,
    json_extract(c.value, '$') AS value, c.value_kind, c.unit, c.per, c.value_high, c.approx, c.bound,
    c.period_label, c.period_start, c.period_end,
    json_extract(c.qualifiers, '$.scope') AS scope, json_extract(c.qualifiers, '$.status') AS status,
    c.entity, c.surface, c.certainty, c.attributed_to, c.quote, c.sentence, c.start, c."end", c.sentence_start,
    c.rule, coalesce(a.publisher || ' (' || {_BASENAME} || ')', {_BASENAME}) AS source, a.publisher, a.published,
    a.published_basis, a.title, a.url, {_BASENAME} AS file, a.id AS article_id, c.qualifiers, c.origin,
    c.rowid AS claim_rowid
FROM claim c JOIN article a ON a.id = c.article_id
WHERE a.superseded_by IS NULL;
CREATE VIEW source_details AS
SELECT a.id AS article_id, coalesce(a.publisher || ' (' || {_BASENAME} || ')', {_BASENAME}) AS source,
    {_BASENAME} AS file, a.title, a.publisher, a.url, a.published, a.published_precision, a.published_basis,
    a.published_note, (SELECT count(*) FROM claim c WHERE c.article_id = a.id) AS claims, a.version,
    a.superseded_by, a.path, a.loaded_at, a.content_hash
FROM article a;
CREATE VIEW contradictions AS
SELECT f.id AS finding_id, f.topic, f.kind, f.severity, f.subject, f.property, f.explanation,
    json_array_length(f.data, '$.sides') AS sides,
    (SELECT count(*) FROM json_each(f.data, '$.sides') s, json_each(s.value)) AS claims,
    json_extract(f.data, '$.sides') AS side_claim_ids, json_extract(f.data, '$.backing') AS backing
FROM finding f;
CREATE VIEW contradiction_claims AS
SELECT f.id AS finding_id, f.topic, f.kind, f.severity, f.explanation, s.key + 1 AS side,
    d.claim_id, d.subject, d.property, d.value, d.unit, d.per, d.period_label, d.scope, d.status,
    d.certainty, d.attributed_to, d.quote, d.source, d.published, d.file, d.start, d."end", d.article_id
FROM finding f, json_each(f.data, '$.sides') s, json_each(s.value) m
JOIN claim_details d ON d.claim_id = m.value;
CREATE VIEW claim_provenance AS
SELECT d.claim_id, d.topic, d.subject, d.property, d.value, d.unit, d.per, d.period_label, d.scope, d.status,
    d.quote, d.sentence, d.start, d."end", d.sentence_start, d.certainty, d.attributed_to, d.origin, d.rule,
    d.source, d.title, d.publisher, d.published, d.published_basis, d.url, d.file, d.article_id,
    b.articles AS backing_articles, b.origins AS backing_origins, b.labels AS backing_labels,
    (SELECT json_group_array(f.id) FROM json_each(cb.findings) j JOIN finding f ON f.n = j.value) AS finding_ids,
    (SELECT group_concat(f.kind || ': ' || f.explanation, char(10)) FROM json_each(cb.findings) j
        JOIN finding f ON f.n = j.value) AS findings
FROM claim_details d
LEFT JOIN claim_backing cb ON cb.subject = d.subject AND cb.property = d.property AND cb.claim_id = d.claim_id
LEFT JOIN backing b ON b.n = cb.backing_n;
"""

MIGRATIONS: list[str] = [_M001, _M002, _M003, _M004, _M005, _M006, _M007]
SCHEMA_VERSION = len(MIGRATIONS)


def resolve_db_path(option: str | os.PathLike | None) -> Path:
    """``--db``, then ``$XIAOMI_EV_KB_DB``, then ``./xiaomi-ev-kb.db``."""
    return Path(option or os.environ.get(DB_ENV) or DEFAULT_DB)


DEFAULT_WAIT = 120.0  # seconds a command waits for another process's write lock before it gives up
_TRY_MS = 200  # one attempt at the write lock waits this long; between attempts the wait is reported


@dataclass
class KB:
    """An open knowledge base.

    ``wait``: seconds to wait for another process's write lock (a load or refresh) before
    giving up with DatabaseError; ``on_wait(holder, seconds)`` is told, while it waits, who
    holds the lock and how long it has waited so far. ``uri``: how SQLite opens the file
    (read-only when the file or its folder cannot be written). A knowledge base opened with
    ``create`` and ``defer`` whose file does not exist yet is ``pending``: the file is made on
    the first write, so a load that stores nothing leaves nothing behind.
    """

    path: Path
    engine: Engine | None = None
    uri: str = ""
    wait: float = DEFAULT_WAIT
    on_wait: Callable[[str, float], None] | None = None
    read_only: bool = False
    pending: bool = False
    _raw: sqlite3.Connection | None = None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def connect(self, autocommit: bool = True) -> sqlite3.Connection:
        """A new sqlite3 connection set up as every connection to this knowledge base is (foreign
        keys on, the busy timeout of ``wait``); in autocommit mode unless asked otherwise."""
        if self.pending:
            self.create()
        con = sqlite3.connect(
            self.uri, uri=True, timeout=self.wait, isolation_level=None if autocommit else "DEFERRED", check_same_thread=False
        )
        con.execute("PRAGMA foreign_keys=ON")
        con.execute(f"PRAGMA busy_timeout={int(self.wait * 1000)}")
        return con

    def raw(self) -> sqlite3.Connection:
        """A plain sqlite3 connection in autocommit mode, for explicit transactions and bulk writes."""
        if self._raw is None:
            self._raw = self.connect()
        return self._raw

    def create(self) -> None:
        """Make the file of a pending knowledge base (its schema, in WAL mode). If that fails (a
        full disk, say), the files this left behind are removed: no empty or half-made database."""
        if not self.pending:
            return
        made = [f for f in _files(self.path) if not f.exists()]
        try:
            _migrate_patiently(self.path, self.uri, self.wait, self.on_wait)
        except BaseException:
            for f in made:
                with contextlib.suppress(OSError):
                    f.unlink()
            raise
        self.pending = False

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        self.engine.dispose()


def _files(path: Path) -> list[Path]:
    """The database file and the two SQLite keeps beside it in WAL mode."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _uri(path: Path, **params: str) -> str:
    """A file: URI for SQLite ('#', '?' and '%' in the path escaped), with query parameters."""
    uri = path.resolve().as_uri()
    return uri + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def open_db(
    path: str | os.PathLike | None = None,
    create: bool = False,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[str, float], None] | None = None,
    defer: bool = False,
) -> KB:
    """Open the knowledge base, applying pending migrations; with ``create``, a missing file is
    made (with ``defer`` too, only on the first write: a load that stores nothing leaves no file).

    Without ``create`` (read commands), a database whose file or folder cannot be written is
    opened read-only: with nothing in its write-ahead log, as an immutable file (SQLite could
    not even make the log's index beside it otherwise); else through the log's index, if one
    is there to read.
    """
    p = resolve_db_path(path)
    wait = max(0.0, float(wait))
    if not p.exists():
        if not create:
            raise DatabaseError(f"no knowledge base at {p}: run 'xiaomi-ev-kb load' first, or pass --db PATH")
        if p.parent and not p.parent.is_dir():
            raise DatabaseError(f"cannot create {p}: folder {p.parent} does not exist")
    elif p.is_dir():
        raise DatabaseError(f"{p} is a folder, not a database file")
    elif not create and p.stat().st_size == 0:
        raise DatabaseError(f"{p} is an empty file, not a knowledge base: run 'xiaomi-ev-kb load' first")
    kb = KB(p, None, _uri(p), wait, on_wait, pending=not p.exists())
    # every connection the ORM makes is one of ours (same file, flags and busy timeout)
    kb.engine = create_engine("sqlite+pysqlite://", creator=lambda: kb.connect(autocommit=False))
    if kb.pending:
        if not defer:
            kb.create()
        return kb
    try:
        _migrate_patiently(p, kb.uri, wait, on_wait)
    except (sqlite3.Error, DatabaseError) as exc:
        if create or not _is_write_refused(exc):
            raise database_error(exc, p) or DatabaseError(f"{p} is not a usable SQLite database ({exc})") from None
        kb.uri, kb.read_only = _read_only_uri(p), True
        try:
            version = _read_version_at(kb.uri)
        except (sqlite3.Error, DatabaseError) as again:
            if _files(p)[1].exists():
                raise DatabaseError(
                    f"cannot read {p}: it is read-only (the file or its folder) and its write-ahead log "
                    f"{p.name}-wal holds changes SQLite can read only with write access; copy the files to a "
                    "writable folder and read them there"
                ) from None
            raise database_error(again, p) or DatabaseError(f"{p} is not a usable SQLite database ({again})") from None
        if version != SCHEMA_VERSION:
            raise DatabaseError(
                f"{p} has schema version {version}, not this program's {SCHEMA_VERSION}, and is read-only "
                "(the file or its folder): open it once with write access to upgrade it"
            ) from None
    return kb


def _is_write_refused(exc: BaseException) -> bool:
    """Did SQLite fail because it may not write the file or the folder beside it?"""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or "readonly" in str(exc)


def _read_only_uri(p: Path) -> str:
    wal = _files(p)[1]
    if not wal.exists() or wal.stat().st_size == 0:
        return _uri(p, immutable="1")  # nothing in a log: the file is the whole database
    return _uri(p, mode="ro")


def _read_version_at(uri: str) -> int:
    con = sqlite3.connect(uri, uri=True)
    try:
        return _read_version(con)
    finally:
        con.close()


def database_error(exc: BaseException, path: Path) -> DatabaseError | None:
    """A SQLite error (or SQLAlchemy's wrapping of one) that the file or the system caused -- a
    lock, damage, a full disk, no permission -- as one line that says what to do next; None for
    the others ("no such table", a syntax error), which are this program's bugs."""
    exc = getattr(exc, "orig", None) or exc
    if isinstance(exc, DatabaseError):
        return exc
    message = str(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if is_lock_error(exc):
        return DatabaseError(
            f"{path} is locked by another process (a load or refresh); try again when it has finished, "
            "or wait longer with --wait SECONDS"
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in message or "not a database" in message:
        return DamagedError(
            f"{path} is damaged ({message}): 'xiaomi-ev-kb db status --db {path}' shows where; restore it from a "
            "backup, or an export with 'xiaomi-ev-kb import FILE --db NEW.db'"
        )
    if name == "SQLITE_FULL" or "disk is full" in message or (name.startswith("SQLITE_IOERR") and _disk_full(path)):
        return DatabaseError(
            f"{path}: the disk is full; everything stored before is kept whole: free some space and run the same "
            "command again"
        )
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in message:
        return DatabaseError(
            f"{path}: the disk could not be written or read ({message}; is it full, or failing?); everything "
            "stored before is kept whole: free some space or check the disk, then run the same command again"
        )
    if _is_write_refused(exc):
        return DatabaseError(
            f"{path} is read-only (the file or its folder) and this command writes to it: read commands still "
            "work; to write, fix the permissions or use a copy in a writable folder"
        )
    if name.startswith(("SQLITE_TOOBIG", "SQLITE_NOMEM")):
        return DatabaseError(f"{path}: SQLite ran out of room for this command ({message}); ask for less at once")
    return None


def _disk_full(path: Path) -> bool:
    """Is (nearly) nothing left on the file system of this file? SQLite reports a write the
    system refused as a disk I/O error whatever the reason."""
    try:
        fs = os.statvfs(path.resolve().parent)
    except OSError:
        return False
    return fs.f_bavail * fs.f_frsize < 1 << 20


def _migrate(path: Path, uri: str | None = None) -> None:
    """Bring the file to SCHEMA_VERSION, one numbered migration per transaction.

    Plain sqlite3 with explicit BEGIN IMMEDIATE, so DDL is transactional and two
    processes opening a new database at once do not both migrate it.
    """
    con = sqlite3.connect(uri or _uri(path), uri=True, timeout=_TRY_MS / 1000, isolation_level=None)
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


def _migrate_patiently(
    path: Path, uri: str | None = None, wait: float = DEFAULT_WAIT, on_wait: Callable[[str, float], None] | None = None
) -> None:
    """_migrate, retried while another process holds the file (two loads creating it at once:
    switching a new file to WAL can report "locked" at once instead of waiting), for ``wait``
    seconds at most."""
    _while_locked(lambda: _migrate(path, uri), path, wait, on_wait)


def _while_locked(attempt: Callable[[], Any], path: Path, wait: float, on_wait: Callable[[str, float], None] | None) -> Any:
    """``attempt()`` until it does not meet another process's lock (each try waits at most
    _TRY_MS for it); ``on_wait`` hears who holds the lock and for how long it has been waited
    for; DatabaseError naming the holder once ``wait`` seconds have passed."""
    started = time.monotonic()
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc):
                raise
        waited = time.monotonic() - started
        holder = lock_holder(path) or "another process"
        if waited >= wait:
            raise DatabaseError(
                f"{path} is still locked by {holder} after {waited:.0f} s; try again when it has finished, or wait "
                "longer with --wait SECONDS"
            )
        if on_wait:
            on_wait(holder, waited)
        time.sleep(0.01)


def lock_holder(path: Path) -> str | None:
    """Who holds the write lock of this database: 'process 4242 (xiaomi-ev-kb load corpus)', if
    the system says. SQLite's locks are POSIX record locks (in WAL mode, byte 120 of the -shm
    file; else the reserved byte of the database file), and F_GETLK names a holder's process.
    None if nobody holds it, the lock is this process's own, or the system cannot tell."""
    try:
        import fcntl
        import struct
    except ImportError:  # pragma: no cover - not a Unix
        return None
    for file, start in ((_files(path)[2], 120), (path, 0x40000001)):
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            continue
        try:
            probe = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, start, 1, 0)
            kind, _whence, _start, _len, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
        except (OSError, struct.error):
            continue
        finally:
            os.close(fd)
        if kind != fcntl.F_UNLCK and pid > 0:
            return f"process {pid}" + (f" ({command})" if (command := _command_of(pid)) else "")
    return None


def _command_of(pid: int) -> str | None:
    """A process's command line, shortened ('xiaomi-ev-kb load corpus' for this program)."""
    try:
        argv = [a.decode("utf-8", "replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return None
    for i, arg in enumerate(argv):
        if arg == "xiaomi_ev_kb" and i and argv[i - 1] == "-m" or os.path.basename(arg) == "xiaomi-ev-kb":
            argv = ["xiaomi-ev-kb", *argv[i + 1 :]]
            break
    else:
        argv = [os.path.basename(argv[0]), *argv[1:]] if argv else []
    command = " ".join(" ".join(argv).split())  # one line: a 'python -c' program has newlines
    return command if len(command) <= 80 else command[:77] + "..."


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
        return _version_number(row[0]) if row else 0
    if con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
        raise DatabaseError("the file holds tables but no xiaomi-ev-kb schema version: not our database")
    return 0


def _version_number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DatabaseError(
            f"the database's schema version is {str(value)[:20]!r}, not a number (was kb_meta edited by hand?): "
            f"restore the file from a backup, or set schema_version in its kb_meta table back to a number "
            f"(this program writes {SCHEMA_VERSION})"
        ) from None


def schema_version(kb: KB) -> int:
    return _read_version(kb.raw())


# --- writing ---------------------------------------------------------------------------------


def has_article(kb: KB, content_hash: str) -> bool:
    """Is this exact content stored, current (not superseded by a newer version), and with
    claims from the current extractor? Then loading it again has nothing to do."""
    if kb.pending:
        return False  # no file yet: nothing is stored
    row = kb.raw().execute(
        "SELECT extractor_version, superseded_by FROM article WHERE content_hash = ?", (content_hash,)
    ).fetchone()
    return row is not None and row[0] == EXTRACTOR_VERSION and row[1] is None


def replace_claims(kb: KB, article: Article, claims: Iterable[Claim]) -> bool:
    """Re-extracted claims of an already stored article (the rules changed); one transaction.

    Returns False if the article is not stored."""
    con = kb.raw()
    begin_immediate(con, kb.path, kb)
    try:
        found = con.execute("SELECT id FROM article WHERE content_hash = ?", (article.content_hash,)).fetchone()
        if not found:
            con.execute("ROLLBACK")
            return False
        _replace_claims(con, found[0], [_claim_row(c) for c in claims])
        con.execute("COMMIT")
        return True
    except BaseException:
        rollback(con)
        raise


def _replace_claims(con: sqlite3.Connection, article_id: str, rows: list[ClaimRow]) -> None:
    ccols = [c.name for c in ClaimRow.__table__.columns]
    c_sql = f"INSERT OR IGNORE INTO claim ({', '.join(_q(c) for c in ccols)}) VALUES ({', '.join('?' * len(ccols))})"
    con.execute("DELETE FROM claim WHERE article_id = ?", (article_id,))
    con.executemany(c_sql, ([_sql_value(getattr(r, c)) for c in ccols] for r in rows))
    con.execute("UPDATE article SET extractor_version = ? WHERE id = ?", (EXTRACTOR_VERSION, article_id))


def store_article(kb: KB, article: Article, claims: Iterable[Claim]) -> str:
    """Write one article and its claims in one transaction.

    Returns what this call changed, decided inside the transaction, so that loads running at
    once each count only what they stored themselves:

    * "new", or "new version" (the same URL, else the same feed id or file, had other content:
      the older version is kept and marked superseded);
    * "new version" too when this content was stored but superseded and its file (or URL) went
      back to it: that version is current again;
    * "restored": this content was stored but superseded, and it has no URL, feed id or file to
      be a version of (a feed line without them), so it is current again while it is loaded;
    * "re-extracted": stored by an older rule set, its claims are renewed;
    * "unchanged": stored, current and up to date (another load may just have stored it).

    BEGIN IMMEDIATE serialises concurrent loads; a killed process leaves either the whole
    article or none of it.
    """
    article_row = _article_row(article)
    claim_rows = [_claim_row(c) for c in claims]
    acols = [c.name for c in ArticleRow.__table__.columns]
    ccols = [c.name for c in ClaimRow.__table__.columns]
    a_sql = f"INSERT INTO article ({', '.join(_q(c) for c in acols)}) VALUES ({', '.join('?' * len(acols))})"
    c_sql = f"INSERT OR IGNORE INTO claim ({', '.join(_q(c) for c in ccols)}) VALUES ({', '.join('?' * len(ccols))})"
    con = kb.raw()
    begin_immediate(con, kb.path, kb)
    try:
        stored = con.execute(
            "SELECT id, superseded_by, source_key, extractor_version FROM article WHERE content_hash = ?",
            (article.content_hash,),
        ).fetchone()
        if stored:
            aid, superseded_by, key, version = stored
            outcome = "unchanged"
            if superseded_by and (article_row.source_key is None or key in (article_row.source_key, article.path)):
                if article_row.source_key is not None:
                    # the file went back to an earlier version's content: that version is current again
                    current = con.execute(
                        "SELECT id FROM article WHERE source_key = ? AND superseded_by IS NULL", (key,)
                    ).fetchone()
                    if current:
                        con.execute("UPDATE article SET superseded_by = ? WHERE id = ?", (aid, current[0]))
                con.execute("UPDATE article SET superseded_by = NULL WHERE id = ?", (aid,))
                outcome = "new version" if article_row.source_key is not None else "restored"
            if version != EXTRACTOR_VERSION:
                _replace_claims(con, aid, claim_rows)
                outcome = "re-extracted" if outcome == "unchanged" else outcome
            con.execute("COMMIT" if outcome != "unchanged" else "ROLLBACK")
            return outcome
        prev = None
        if article_row.source_key:
            # the key is the URL, the feed's id or the resolved path; a database migrated from
            # schema 1 holds the path as it was typed, so that is looked for too
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


def is_lock_error(exc: BaseException) -> bool:
    """Is this SQLite's word that another connection holds the file (SQLITE_BUSY: "database is
    locked")? Not "database table is locked" (SQLITE_LOCKED): that is this connection's own
    statement in the way, which no waiting clears."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    message = str(exc)
    return "database is locked" in message or "busy" in message


def begin_immediate(con: sqlite3.Connection, path: Path, kb: KB | None = None) -> None:
    """BEGIN IMMEDIATE (the write lock), retried while another process holds it, for ``kb.wait``
    seconds at most, telling ``kb.on_wait`` who holds it; DatabaseError if it never comes free."""
    wait, on_wait = (kb.wait, kb.on_wait) if kb else (DEFAULT_WAIT, None)
    con.execute(f"PRAGMA busy_timeout={_TRY_MS}")
    try:
        _while_locked(lambda: con.execute("BEGIN IMMEDIATE"), path, wait, on_wait)
    finally:
        con.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")


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
        source_key=a.source_key,
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


def db_status(kb: KB | str | os.PathLike) -> dict[str, Any]:
    """Path, schema version, counts and the result of SQLite's integrity check.

    The check comes first and nothing stops it: in a damaged file, what cannot be read is None
    and ``integrity`` lists the damage SQLite found (``damaged`` is True). Given a path instead
    of an open knowledge base (one too damaged to open), the file is read as it is.
    """
    if isinstance(kb, KB):
        con, path, access = kb.raw(), kb.path, "read-only" if kb.read_only else "read-write"
    else:
        path, access = Path(kb), "read-only"
        con = sqlite3.connect(_uri(path, mode="ro"), uri=True, isolation_level=None)
    integrity = _integrity(con)

    def read(sql: str) -> Any:
        try:
            return con.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            return None

    articles = read("SELECT count(*), sum(superseded_by IS NULL), sum(superseded_by IS NOT NULL) FROM article") or (None,) * 3
    try:
        version: int | None = _read_version(con)
    except (sqlite3.DatabaseError, DatabaseError):
        version = None
    status = {
        "path": str(path.resolve()),
        "schema_version": version,
        "program_schema_version": SCHEMA_VERSION,
        "articles": articles[0],
        "current_articles": articles[1] or 0 if articles[0] is not None else None,
        "superseded_articles": articles[2] or 0 if articles[0] is not None else None,
        "claims": (read("SELECT count(*) FROM claim") or (None,))[0],
        "journal_mode": (read("PRAGMA journal_mode") or (None,))[0],
        "access": access,
        "integrity": integrity,
        "damaged": integrity != "ok",
        "size_bytes": path.stat().st_size,
    }
    if not isinstance(kb, KB):
        con.close()
    return status


_INTEGRITY_LINES = 10  # problems integrity_check lists; the rest are counted


def _integrity(con: sqlite3.Connection) -> str:
    """'ok', or the problems PRAGMA integrity_check finds (the first few, then how many more)."""
    try:
        rows = [r[0] for r in con.execute(f"PRAGMA integrity_check({_INTEGRITY_LINES + 1})")]
    except sqlite3.DatabaseError as exc:
        return f"damaged beyond checking: {exc}"
    if rows == ["ok"]:
        return "ok"
    shown = "; ".join(rows[:_INTEGRITY_LINES])
    return shown + ("; and more" if len(rows) > _INTEGRITY_LINES else "")


def export_rows(kb: KB) -> Iterator[dict[str, Any]]:
    """Every article (all versions) and claim as JSON-ready records, articles first.

    All of it is read in one transaction, so from one snapshot: a load storing articles
    meanwhile cannot leave claims in the export whose article is not in it. The reads use a
    connection of their own, so the knowledge base's stays free for other work in between.
    """
    con = kb.connect()
    try:
        con.execute("BEGIN")  # the snapshot is taken by the first read and kept to the last
        for table, kind in (("article", "article"), ("claim", "claim")):
            cur = con.execute(f"SELECT * FROM {table} ORDER BY rowid")
            names = [d[0] for d in cur.description]
            for values in cur:
                yield {"type": kind, **dict(zip(names, values, strict=True))}
        con.execute("COMMIT")
    finally:
        con.close()


def import_rows(
    kb: KB, records: Iterable[dict[str, Any]] | Iterable[tuple[int, dict[str, Any]]], where: str = "<import>"
) -> dict[str, int]:
    """Restore exported records exactly (same ids, dates and bases); existing rows are kept.

    ``records`` are dicts, or (line number, dict) pairs as loader.json_records gives them.
    Every field of every record is checked (records.record_problem), every claim's article
    must come earlier in the file or be stored already, and every article a record says
    superseded it must be there by the end. The first bad record is an InputError naming its
    line, and nothing is imported: it all happens in one transaction.
    """
    acols = [c.name for c in ArticleRow.__table__.columns]
    ccols = [c.name for c in ClaimRow.__table__.columns]
    insert = {
        kind: f"INSERT OR IGNORE INTO {kind} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
        for kind, cols in (("article", acols), ("claim", ccols))
    }
    counts = {"articles": 0, "claims": 0}
    successors: list[tuple[int, str, str]] = []  # (line, article, the article said to supersede it)
    if kb.pending:  # no file yet: check it all first, so that a bad file leaves no empty database behind
        records = list(_numbered(records))
        _check_on_its_own(records, where)
        if not records:
            return counts
    con = kb.raw()
    begin_immediate(con, kb.path, kb)
    try:
        for n, rec in _numbered(records):
            problem = record_problem(rec)
            if problem is None and rec["type"] == "claim" and not _has_row(con, "article", rec["article_id"]):
                problem = (
                    f"claim {rec['id']} belongs to article {rec['article_id']}, which is neither earlier in the "
                    "file nor in the knowledge base (export the source again)"
                )
            if problem:
                raise InputError(f"{where}:{n}: {problem}; nothing was imported")
            kind = rec["type"]
            cols = acols if kind == "article" else ccols
            cur = con.execute(insert[kind], [_sql_value(rec[c]) for c in cols])
            counts["articles" if kind == "article" else "claims"] += cur.rowcount
            if kind == "article" and rec["superseded_by"]:
                successors.append((n, rec["id"], rec["superseded_by"]))
        for n, aid, newer in successors:
            if not _has_row(con, "article", newer):
                raise InputError(
                    f"{where}:{n}: article {aid} is superseded by article {newer}, which is neither in the file "
                    "nor in the knowledge base; nothing was imported"
                )
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    return counts


def _check_on_its_own(records: list[tuple[int, Any]], where: str) -> None:
    """import_rows' checks of records bound for an empty knowledge base: every field, and every
    article a record names present in the file itself."""
    articles = {rec["id"] for _n, rec in records if isinstance(rec, dict) and rec.get("type") == "article"}
    for n, rec in records:
        problem = record_problem(rec)
        if problem is None and rec["type"] == "claim" and rec["article_id"] not in articles:
            problem = f"claim {rec['id']} belongs to article {rec['article_id']}, which is not in the file (export the source again)"
        if problem is None and rec["type"] == "article" and rec["superseded_by"] and rec["superseded_by"] not in articles:
            problem = f"article {rec['id']} is superseded by article {rec['superseded_by']}, which is not in the file"
        if problem:
            raise InputError(f"{where}:{n}: {problem}; nothing was imported")


def _numbered(records: Iterable[Any]) -> Iterator[tuple[int, Any]]:
    for n, item in enumerate(records, start=1):
        yield item if isinstance(item, tuple) else (n, item)


def _has_row(con: sqlite3.Connection, table: str, row_id: str) -> bool:
    return con.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None
