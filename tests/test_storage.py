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
    other = open_db(tmp_path / "other.db", create=True)
    other.raw().execute("PRAGMA busy_timeout = 20")  # one try waits 20 ms, not 30 s
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
