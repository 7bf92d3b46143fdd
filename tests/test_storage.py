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
