"""SQLite storage: SQLModel tables are the schema; numbered migrations record its version.

One file, WAL mode, foreign keys on. Articles are keyed by content hash, claims
by a stable id, so loading the same files again changes nothing. Each article
and its claims are written in one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlmodel import Field, Session, SQLModel, create_engine, select

from .errors import DatabaseError
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
    attributed_to: str | None = None
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


def m001_initial(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)


MIGRATIONS: list[Callable[[Engine], None]] = [m001_initial]
SCHEMA_VERSION = len(MIGRATIONS)


def resolve_db_path(option: str | os.PathLike | None) -> Path:
    """``--db``, then ``$XIAOMI_EV_KB_DB``, then ``./xiaomi-ev-kb.db``."""
    return Path(option or os.environ.get(DB_ENV) or DEFAULT_DB)


@dataclass
class KB:
    """An open knowledge base."""

    path: Path
    engine: Engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


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
    engine = create_engine(f"sqlite:///{p}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    try:
        _migrate(engine)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - depends on the file
        raise DatabaseError(f"{p} is not a usable SQLite database ({exc})") from None
    except Exception as exc:
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise DatabaseError(f"{p} is not an xiaomi-ev-kb database ({exc.__class__.__name__})") from None
        raise
    return KB(p, engine)


def _migrate(engine: Engine) -> None:
    with engine.begin() as conn:
        has_meta = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table' AND name='kb_meta'")).first()
        version = 0
        if has_meta:
            row = conn.execute(text("SELECT value FROM kb_meta WHERE key='schema_version'")).first()
            version = int(row[0]) if row else 0
        else:
            others = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar()
            if others:
                raise DatabaseError("the file holds tables but no xiaomi-ev-kb schema version: not our database")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"the database has schema version {version}, newer than this program's {SCHEMA_VERSION}: upgrade xiaomi-ev-kb"
        )
    for n in range(version, SCHEMA_VERSION):
        MIGRATIONS[n](engine)
        with engine.begin() as conn:
            conn.execute(
                text("INSERT OR REPLACE INTO kb_meta(key, value) VALUES ('schema_version', :v)"), {"v": str(n + 1)}
            )


def schema_version(kb: KB) -> int:
    with kb.engine.connect() as conn:
        row = conn.execute(text("SELECT value FROM kb_meta WHERE key='schema_version'")).first()
    return int(row[0]) if row else 0


# --- writing ---------------------------------------------------------------------------------


def has_article(kb: KB, content_hash: str) -> bool:
    with kb.session() as s:
        return s.exec(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash)).first() is not None


def store_article(kb: KB, article: Article, claims: Iterable[Claim]) -> bool:
    """Write one article and its claims in one transaction; False if it was already stored."""
    with kb.session() as s:
        if s.exec(select(ArticleRow.id).where(ArticleRow.content_hash == article.content_hash)).first():
            return False
        s.add(_article_row(article))
        s.flush()
        s.add_all(_claim_row(c) for c in claims)
        s.commit()
    return True


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


def row_to_claim(r: ClaimRow) -> Claim:
    return Claim(
        id=r.id,
        article_id=r.article_id,
        topic=r.topic,
        subject=r.subject,
        property=r.property,
        value=json.loads(r.value),
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
        qualifiers=json.loads(r.qualifiers),
        certainty=r.certainty,
        attributed_to=r.attributed_to,
        origin=json.loads(r.origin),
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
    )


def all_sources(kb: KB) -> dict[str, Source]:
    with kb.session() as s:
        return {r.id: row_to_source(r) for r in s.exec(select(ArticleRow))}


def counts(kb: KB) -> dict[str, Any]:
    with kb.engine.connect() as conn:
        return {
            "articles": conn.execute(text("SELECT count(*) FROM article")).scalar(),
            "claims": conn.execute(text("SELECT count(*) FROM claim")).scalar(),
        }
