"""Storage: schema version, idempotent loads, stable ids, one transaction per article."""

from __future__ import annotations

import sqlite3

import pytest

from xiaomi_ev_kb import load_paths, open_db
from xiaomi_ev_kb.errors import DatabaseError
from xiaomi_ev_kb.queries import all_claims
from xiaomi_ev_kb.storage import DEFAULT_DB, SCHEMA_VERSION, counts, resolve_db_path, schema_version

from conftest import SEEDS


def test_storage_records_schema_version(tmp_path):
    kb = open_db(tmp_path / "kb.db", create=True)
    assert schema_version(kb) == SCHEMA_VERSION >= 1


def test_storage_refuses_a_newer_database(tmp_path):
    path = tmp_path / "kb.db"
    open_db(path, create=True).engine.dispose()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE kb_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(DatabaseError, match="newer"):
        open_db(path)


def test_storage_refuses_a_foreign_database(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (x)")
    with pytest.raises(DatabaseError, match="not our database"):
        open_db(path)


def test_storage_refuses_a_non_database_file(tmp_path):
    path = tmp_path / "text.db"
    path.write_text("hello, this is not sqlite" * 100)
    with pytest.raises(DatabaseError):
        open_db(path)


def test_storage_missing_database_is_an_error_not_a_new_file(tmp_path):
    with pytest.raises(DatabaseError, match="load"):
        open_db(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_storage_db_path_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("XIAOMI_EV_KB_DB", str(tmp_path / "env.db"))
    assert resolve_db_path("opt.db").name == "opt.db"
    assert resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("XIAOMI_EV_KB_DB")
    assert resolve_db_path(None).name == DEFAULT_DB


def test_storage_reload_is_idempotent_with_stable_ids(tmp_path):
    a = open_db(tmp_path / "a.db", create=True)
    load_paths(a, [SEEDS])
    first = sorted((c.id, c.quote) for c in all_claims(a))
    again = load_paths(a, [SEEDS])
    assert not again.loaded and len(again.unchanged) == 5
    assert sorted((c.id, c.quote) for c in all_claims(a)) == first
    b = open_db(tmp_path / "b.db", create=True)
    load_paths(b, [SEEDS])
    assert sorted((c.id, c.quote) for c in all_claims(b)) == first, "ids do not depend on the database"


def test_storage_wal_and_foreign_keys(tmp_path):
    kb = open_db(tmp_path / "kb.db", create=True)
    with kb.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_storage_counts(seeded_db):
    c = counts(open_db(seeded_db))
    assert c["articles"] == 5 and c["claims"] > 40


def test_writes_wait_for_a_long_held_write_lock(tmp_path):
    """An import (like a load) retries the write lock while another process holds it longer than
    one busy timeout, as a long refresh does; it fails with DatabaseError only if it never frees."""
    import threading

    from xiaomi_ev_kb import storage

    kb = open_db(tmp_path / "kb.db", create=True)
    load_paths(kb, [SEEDS])
    records = list(storage.export_rows(kb))
    other = open_db(tmp_path / "other.db", create=True, wait=2)  # gives up after 2 s, not the default
    holder = sqlite3.connect(tmp_path / "other.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    timer.start()
    try:
        counts = storage.import_rows(other, records)
    finally:
        timer.join()
    assert counts == {"articles": 5, "claims": len(all_claims(kb))}
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match="locked by another process"):
            storage.import_rows(other, records)
    finally:
        holder.execute("ROLLBACK")
    holder.close()


# --- schema 7: plain SQL views any SQLite client reads -------------------------------------------

VIEWS = ("claim_details", "source_details", "contradictions", "contradiction_claims", "claim_provenance")


def test_storage_views_are_plain_sqlite(seeded_db):
    """The views answer through the sqlite3 module alone, and agree with the library."""
    from xiaomi_ev_kb.queries import contradictions, list_sources

    kb = open_db(seeded_db)
    claims = all_claims(kb)
    findings, _, _ = contradictions(kb)
    with sqlite3.connect(seeded_db) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        assert set(VIEWS) <= names
        rows = con.execute("SELECT claim_id, quote, start, \"end\", value, topic FROM claim_details").fetchall()
        assert {r[0] for r in rows} == {c.id for c in claims}
        by_id = {c.id: c for c in claims}
        for cid, quote, start, end, value, topic in rows:
            c = by_id[cid]
            assert (quote, start, end, topic) == (c.quote, c.start, c.end, c.topic)
            assert value == c.value or float(value) == float(c.value)
        found = {r[0]: r[1:] for r in con.execute("SELECT finding_id, kind, topic, explanation FROM contradictions")}
        assert found == {f.id: (f.kind, f.topic, f.explanation) for f in findings}
        sides = con.execute("SELECT finding_id, side, claim_id FROM contradiction_claims").fetchall()
        assert sorted(sides) == sorted((f.id, n, cid) for f in findings for n, side in enumerate(f.sides, 1) for cid in side)
        counted = dict(con.execute("SELECT article_id, claims FROM source_details").fetchall())
        assert counted == {s["id"]: s["claims"] for s in list_sources(kb)}


def test_storage_claim_provenance_view(seeded_db):
    from xiaomi_ev_kb.queries import contradictions

    kb = open_db(seeded_db)
    findings, _, _ = contradictions(kb)
    cited = {cid: f.id for f in findings for side in f.sides for cid in side}
    with sqlite3.connect(seeded_db) as con:
        con.row_factory = sqlite3.Row
        for row in con.execute("SELECT * FROM claim_provenance"):
            text = con.execute("SELECT text FROM article WHERE id = ?", (row["article_id"],)).fetchone()[0]
            assert text[row["start"]:row["end"]] == row["quote"]
            assert row["backing_articles"] >= 1 and row["backing_origins"] >= 1
            if row["claim_id"] in cited:
                assert cited[row["claim_id"]] in row["finding_ids"] and row["findings"]
            else:
                assert row["finding_ids"] == "[]"


def test_storage_views_hide_superseded_versions(tmp_path):
    path = tmp_path / "kb.db"
    article = tmp_path / "a.md"
    article.write_text("---\npublished: 2024-01-02\n---\nXiaomi's Beijing plant will have an annual capacity of 300,000 vehicles, the company said.\n")
    kb = open_db(path, create=True)
    load_paths(kb, [article])
    article.write_text("---\npublished: 2024-01-03\n---\nXiaomi's Beijing plant will have an annual capacity of 250,000 vehicles, the company said.\n")
    load_paths(kb, [article])
    con = kb.raw()
    assert [r[0] for r in con.execute("SELECT value FROM claim_details")] == [250000.0]
    assert con.execute("SELECT count(*) FROM claim").fetchone()[0] == 2
    assert sorted(r[0] for r in con.execute("SELECT version FROM source_details")) == [1, 2]


def test_storage_quote_search_index_follows_every_write(tmp_path):
    """claim_fts (schema 3) stays in step with the claims: what the views' search reads."""
    path = tmp_path / "kb.db"
    article = tmp_path / "a.md"
    article.write_text("---\npublished: 2024-01-02\n---\nXiaomi's Beijing plant will have an annual capacity of 300,000 vehicles, the company said.\n")
    kb = open_db(path, create=True)
    load_paths(kb, [article])
    con = kb.raw()
    search = ("SELECT claim_id FROM claim_details WHERE claim_rowid IN "
              "(SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?)")
    (cid,) = [r[0] for r in con.execute(search, ('"300,000"',))]
    con.execute("UPDATE claim SET quote = 'annual capacity of 400,000 vehicles' WHERE id = ?", (cid,))
    assert not con.execute(search, ('"300,000"',)).fetchall()
    assert [r[0] for r in con.execute(search, ('"400,000"',))] == [cid]
    con.execute("DELETE FROM claim WHERE id = ?", (cid,))
    assert not con.execute(search, ('"400,000"',)).fetchall()


def test_storage_migration_7_upgrades_a_version_6_file(seeded_copy):
    kb = open_db(seeded_copy)
    con = kb.raw()
    for view in VIEWS:
        con.execute(f"DROP VIEW {view}")
    con.execute("UPDATE kb_meta SET value = '6' WHERE key = 'schema_version'")
    kb.close()
    kb = open_db(seeded_copy)
    assert schema_version(kb) == SCHEMA_VERSION
    assert kb.raw().execute("SELECT count(*) FROM claim_details").fetchone()[0] == len(all_claims(kb))

def test_storage_is_lock_error_is_another_connection_holding_the_file_only(tmp_path):
    """SQLITE_BUSY ("database is locked": another connection writes) is a lock to wait out;
    SQLITE_LOCKED ("database table is locked": this connection's own open statement is in the
    way) is not, and no retry would clear it."""
    from xiaomi_ev_kb.storage import is_lock_error

    path = tmp_path / "locks.db"
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    holder.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(3)])
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError) as busy:
        other.execute("BEGIN IMMEDIATE")
    holder.execute("ROLLBACK")
    cursor = holder.execute("SELECT x FROM t")
    cursor.fetchone()
    with pytest.raises(sqlite3.OperationalError) as table_locked:
        holder.execute("DROP TABLE t")
    assert str(busy.value) == "database is locked" and is_lock_error(busy.value)
    assert str(table_locked.value) == "database table is locked" and not is_lock_error(table_locked.value)
    assert not is_lock_error(ValueError("database is locked"))


# --- export and import ---------------------------------------------------------------------------


def test_storage_export_reads_one_snapshot_while_a_load_writes(tmp_path):
    """An export taken while another process stores articles holds each claim's article: the
    articles and the claims come from one snapshot. Read in two, 18 of 22 exports taken during
    a load had claims whose article was missing, and importing one restored nothing."""
    from xiaomi_ev_kb import storage

    path = tmp_path / "kb.db"
    kb = open_db(path, create=True)
    load_paths(kb, [SEEDS])
    rows = storage.export_rows(kb)
    exported = [next(rows)]  # the export has begun: it is reading the articles
    later = tmp_path / "later.md"
    later.write_text("---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
    writer = open_db(path)  # another connection, as another process would have
    assert load_paths(writer, [later]).loaded == [str(later)]
    exported += list(rows)
    articles = {r["id"] for r in exported if r["type"] == "article"}
    claims = [r for r in exported if r["type"] == "claim"]
    assert len(articles) == 5 and len(claims) == len(all_claims(kb)) - 1  # the later article's claim is not in it
    assert all(c["article_id"] in articles for c in claims)
    restored = open_db(tmp_path / "restored.db", create=True)
    assert storage.import_rows(restored, exported) == {"articles": 5, "claims": len(claims)}


def _export(tmp_path) -> list[dict]:
    from xiaomi_ev_kb import storage

    kb = open_db(tmp_path / "source.db", create=True)
    load_paths(kb, [SEEDS])
    return list(storage.export_rows(kb))


def test_storage_import_names_a_claim_whose_article_is_missing_and_imports_nothing(tmp_path):
    from xiaomi_ev_kb import storage
    from xiaomi_ev_kb.errors import InputError

    records = _export(tmp_path)
    orphaned = next(r for r in records if r["type"] == "article")
    records = [r for r in records if r is not orphaned]
    line = next(n for n, r in enumerate(records, start=1) if r["type"] == "claim" and r["article_id"] == orphaned["id"])
    for target in ("new.db", "existing.db"):
        kb = open_db(tmp_path / target, create=True)
        if target == "existing.db":
            load_paths(kb, [SEEDS / "002_9cd80047efbb1761.txt"])
        before = counts(kb)
        with pytest.raises(InputError) as caught:
            storage.import_rows(kb, records, "backup.jsonl")
        message = str(caught.value)
        assert message.startswith(f"backup.jsonl:{line}: claim ") and orphaned["id"] in message, message
        assert "nothing was imported" in message
        assert counts(kb) == before


_BAD_FIELDS = [
    ("article", "published", "2023-02-31", "published is \"2023-02-31\", not a real date"),
    ("article", "published", "31/01/2023", "not a date (YYYY-MM-DD)"),
    ("article", "published_precision", "week", "published_precision is \"week\", not one of"),
    ("article", "version", 0, "version is 0, less than 1"),
    ("article", "body_start", "12", "body_start is \"12\", not a whole number"),
    ("article", "loaded_at", "yesterday", "loaded_at is \"yesterday\", not an ISO date and time"),
    ("article", "text", "Edited after export.", "content_hash is not the hash of its text"),
    ("article", "superseded_by", "0123456789abcdef", "superseded by article 0123456789abcdef"),
    ("article", "colour", "red", "unknown field 'colour'"),
    ("claim", "value_kind", "colour", "value_kind is \"colour\", not one of"),
    ("claim", "value", "{not json", "value is \"{not json\", not JSON"),
    ("claim", "topic", "weather", "topic is \"weather\", not one of"),
    ("claim", "period_start", "2024-13-01", "period_start is \"2024-13-01\", not a real date"),
    ("claim", "qualifiers", "[]", "qualifiers is \"[]\", not an object"),
    ("claim", "origin", "[1, 2]", "origin is \"[1, 2]\", not a list of names"),
    ("claim", "approx", "yes", "approx is \"yes\", not true, false, 0 or 1"),
    ("claim", "start", -1, "start is -1, less than 0"),
    ("claim", "certainty", None, "certainty is null, not one of"),
    ("claim", "quote", "a different quote", "but start and end are"),
]


@pytest.mark.parametrize(("kind", "field", "value", "expected"), _BAD_FIELDS, ids=[f"{k}.{f}={v!r}" for k, f, v, _ in _BAD_FIELDS])
def test_storage_import_checks_every_field_and_imports_nothing_on_a_bad_one(tmp_path, kind, field, value, expected):
    """A value a reader could not read back (a date that does not exist, a kind the cross-check
    does not know, JSON that does not parse) is one error naming the line, before anything is
    written: such a record once imported, and every listing raised from then on."""
    from xiaomi_ev_kb import storage
    from xiaomi_ev_kb.errors import InputError

    records = _export(tmp_path)
    line = max(n for n, r in enumerate(records, start=1) if r["type"] == kind and (kind == "article" or r["value_kind"] == "quantity"))
    records[line - 1] = {**records[line - 1], field: value}
    kb = open_db(tmp_path / "kb.db", create=True)
    with pytest.raises(InputError) as caught:
        storage.import_rows(kb, records, "backup.jsonl")
    message = str(caught.value)
    assert message.startswith(f"backup.jsonl:{line}: "), message
    assert expected in message and message.endswith("nothing was imported"), message
    assert "\n" not in message
    assert counts(kb) == {"articles": 0, "claims": 0}


def test_storage_import_of_a_quantity_that_is_not_a_number_is_refused(tmp_path):
    from xiaomi_ev_kb import storage
    from xiaomi_ev_kb.errors import InputError

    records = _export(tmp_path)
    n, rec = next((n, r) for n, r in enumerate(records, start=1) if r["type"] == "claim" and r["value_kind"] == "quantity")
    records[n - 1] = {**rec, "value": '"three hundred thousand"'}
    with pytest.raises(InputError, match=rf"^<import>:{n}: claim {rec['id']}: value is \"three hundred thousand\", not a number"):
        storage.import_rows(open_db(tmp_path / "kb.db", create=True), records)


def test_storage_a_writer_reports_its_wait_and_gives_up_after_wait_seconds(tmp_path):
    """BEGIN IMMEDIATE is retried while another connection holds the write lock: the wait is
    reported as it goes (who holds the lock, how long so far), and given up after ``wait``."""
    from xiaomi_ev_kb import storage

    path = tmp_path / "kb.db"
    heard: list[tuple[str, float]] = []
    kb = open_db(path, create=True, wait=0.6, on_wait=lambda holder, seconds: heard.append((holder, seconds)))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match=r"is still locked by another process after \d+ s; .*--wait SECONDS"):
            storage.begin_immediate(kb.raw(), path, kb)
    finally:
        holder.execute("ROLLBACK")
    assert heard and heard[0][0] == "another process"  # this process's own lock: the system names nobody
    assert all(b >= a for (_, a), (_, b) in zip(heard, heard[1:], strict=False)) and heard[-1][1] < 0.6
    assert storage.lock_holder(path) is None  # free again
    storage.begin_immediate(kb.raw(), path, kb)
    kb.raw().execute("ROLLBACK")


def test_storage_a_deferred_knowledge_base_is_made_on_its_first_write(tmp_path):
    from xiaomi_ev_kb import storage
    from xiaomi_ev_kb.derived import refresh

    path = tmp_path / "later.db"
    kb = open_db(path, create=True, defer=True)
    assert kb.pending and not path.exists()
    assert not storage.has_article(kb, "0" * 64) and refresh(kb) == 0 and not path.exists()
    load_paths(kb, [SEEDS / "002_9cd80047efbb1761.txt"])
    assert not kb.pending and counts(open_db(path))["articles"] == 1


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (sqlite3.OperationalError("database is locked"), "is locked by another process"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged"),
        (sqlite3.DatabaseError("file is not a database"), "is damaged"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("disk I/O error"), "could not be written or read"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "is read-only"),
    ],
)
def test_storage_database_error_says_what_to_do_next(tmp_path, exc, expected):
    from xiaomi_ev_kb.storage import database_error

    problem = database_error(exc, tmp_path / "kb.db")
    assert expected in str(problem) and "\n" not in str(problem)
    assert database_error(sqlite3.OperationalError("no such table: x"), tmp_path / "kb.db") is None  # a bug: shown as one
