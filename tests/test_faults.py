"""Fault injection (issue 11): a full disk, damaged pages, read-only files and folders, a held lock.

Each case runs the real program (``python -m xiaomi_ev_kb``) in a process of its own and asks the
same of it: one clear line and a non-zero exit, never a traceback; nothing already stored lost;
and, once the fault is gone, the same command finishes the job.

* A full disk is a file-size limit (RLIMIT_FSIZE) on the process: its writes past the limit fail
  as writes to a full disk do, without a file system of its own (which would need root).
* Permissions mean nothing to root, so when the tests run as root the program's process drops
  the capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER)
  from its bounding set before it starts: it stays uid 0, owner of the files, and is refused
  exactly as their owner would be. Where that cannot be done, those tests are skipped and say so.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_robustness import Corpus, assert_whole_articles, db_state

PYTHON = Path(sys.executable)
_PR_CAPBSET_DROP = 24
_CAPS_OVER_PERMISSIONS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop_root_powers() -> None:
    """In a child before exec: a root process loses what lets it ignore file permissions."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _CAPS_OVER_PERMISSIONS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(COLUMNS="160", PYTHONDONTWRITEBYTECODE="1")  # no .pyc writes under a file-size limit
    return env


def kb(*args: str | Path, cwd: Path, fsize: int | None = None, powerless: bool = False, timeout: float = 120):
    """Run the program; ``fsize``: bytes any file it writes may grow to; ``powerless``: as root,
    without root's power over file permissions."""

    def setup() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if powerless:
            _drop_root_powers()

    return subprocess.run(
        [str(PYTHON), "-m", "xiaomi_ev_kb", *map(str, args)],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=setup,
    )


def one_error(result: subprocess.CompletedProcess) -> str:
    """The one error line of a failed run (exit status 1, no traceback)."""
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def _files(db: Path) -> list[Path]:
    return [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("faults"))


@pytest.fixture(scope="module")
def empty_size(tmp_path_factory) -> int:
    """Bytes of a knowledge base with nothing in it (its schema and indexes)."""
    from xiaomi_ev_kb import open_db

    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_db(path, create=True).close()
    return path.stat().st_size


@pytest.fixture(scope="module")
def powerless(tmp_path_factory) -> None:
    """Skip unless a process of the tests can be refused by file permissions."""
    folder = tmp_path_factory.mktemp("probe")
    probe = folder / "read-only.txt"
    probe.write_text("x")
    probe.chmod(0o444)
    try:
        done = subprocess.run(
            [str(PYTHON), "-c", f"open({str(probe)!r}, 'a')"], capture_output=True, text=True, preexec_fn=_drop_root_powers
        )
    except OSError as exc:
        pytest.skip(f"cannot run a process without root's power over file permissions here ({exc})")
    if done.returncode == 0:
        pytest.skip("this process writes to read-only files whatever their permissions; permission tests mean nothing")


# ---------------------------------------------------------------------------------------------
# a full disk


def test_faults_disk_full_during_load_keeps_whole_articles_and_a_rerun_finishes(corpus, tmp_path, empty_size):
    db = tmp_path / "full.db"
    full = kb("load", corpus.folder, "--db", db, cwd=tmp_path, fsize=2 * empty_size)
    line = one_error(full)
    assert "could not be written" in line or "disk is full" in line, line
    stored = assert_whole_articles(db, corpus.reference)
    assert 0 < stored < len(corpus.reference), stored  # the disk filled up part of the way through
    done = kb("load", corpus.folder, "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert db_state(db) == ("ok", corpus.reference)


def test_faults_disk_full_while_creating_the_database_leaves_no_file(corpus, tmp_path, empty_size):
    db = tmp_path / "never.db"
    line = one_error(kb("load", corpus.folder, "--db", db, cwd=tmp_path, fsize=empty_size // 4))
    assert str(db) in line
    assert _files(db) == [], "a 0-byte or half-made database was left behind"


def test_faults_disk_full_during_import_imports_nothing(corpus, tmp_path, empty_size):
    backup = tmp_path / "backup.jsonl"
    assert kb("export", "-o", backup, "--db", corpus.ref_db, cwd=tmp_path).returncode == 0
    db = tmp_path / "restored.db"
    one_error(kb("import", backup, "--db", db, cwd=tmp_path, fsize=empty_size + 100_000))
    assert db_state(db) == ("ok", {})  # all or nothing: nothing
    done = kb("import", backup, "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert db_state(db) == ("ok", corpus.reference)


def test_faults_disk_full_during_export_leaves_no_part_file(corpus, tmp_path):
    out = tmp_path / "backup.jsonl"
    line = one_error(kb("export", "-o", out, "--db", corpus.ref_db, cwd=tmp_path, fsize=64_000))  # -shm: 32 KiB
    assert "cannot write" in line, line
    assert not out.exists() and not Path(f"{out}.part").exists()


# ---------------------------------------------------------------------------------------------
# damaged pages


def _damage(db: Path, pages: range) -> None:
    """Overwrite these pages (numbered from 1) of a database file with garbage."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with db.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(bytes((page * 37 + i * 11) % 251 for i in range(page_size)))


@pytest.mark.parametrize("how", ["some pages", "every page but the first"])
def test_faults_damaged_pages_are_reported_by_db_status_and_refused_in_one_line(corpus, tmp_path, how):
    db = tmp_path / "damaged.db"
    shutil.copy(corpus.ref_db, db)
    pages = db.stat().st_size // 4096
    _damage(db, range(pages * 2 // 3, pages - 1) if how == "some pages" else range(2, pages + 1))
    status = kb("db", "status", "--format", "json", "--db", db, cwd=tmp_path)
    assert "damaged" in one_error(status)
    [report] = json.loads(status.stdout)
    assert report["damaged"] is True and report["integrity"] != "ok", report
    for command in (("claims",), ("contradictions",), ("sources",), ("report",), ("timeline",)):
        result = kb(*command, "--db", db, cwd=tmp_path)
        if result.returncode != 0 or how != "some pages":  # a damaged page this command does not read is no error
            assert "damaged" in one_error(result), command


def test_faults_a_file_that_is_not_a_database_is_one_line(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 200)
    for command in (("claims",), ("db", "status"), ("load", tmp_path / "missing.md")):
        result = kb(*command, "--db", db, cwd=tmp_path)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert db.read_text().startswith("these are my notes")


def test_faults_a_schema_version_that_is_not_a_number_is_one_line(corpus, tmp_path):
    db = tmp_path / "meddled.db"
    shutil.copy(corpus.ref_db, db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE kb_meta SET value = 'six' WHERE key = 'schema_version'")
    for command in (("claims",), ("load", corpus.paths[0]), ("db", "status")):
        line = one_error(kb(*command, "--db", db, cwd=tmp_path))
        assert "'six', not a number" in line, line


# ---------------------------------------------------------------------------------------------
# read-only files and folders


def _read_outputs(db: Path, cwd: Path, powerless: bool = False) -> dict[str, object]:
    out = {}
    for command in (("claims",), ("sources",), ("contradictions",), ("timeline",), ("entities",)):
        result = kb(*command, "--format", "json", "--db", db, cwd=cwd, powerless=powerless)
        assert result.returncode == 0, (command, result.stderr)
        out[command[0]] = json.loads(result.stdout)
    report = kb("report", "--format", "json", "--db", db, cwd=cwd, powerless=powerless)
    assert report.returncode == 0, report.stderr
    out["report"] = json.loads(report.stdout)
    return out


@pytest.fixture
def read_only_folder(corpus, tmp_path):
    """A copy of the reference knowledge base, closed cleanly (no -wal or -shm beside it), in a
    folder nobody may write to; the permissions are given back afterwards."""
    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "kb.db"
    shutil.copy(corpus.ref_db, db)
    assert _files(db) == [db]
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    db.chmod(0o644)


def test_faults_a_database_in_a_read_only_folder_can_be_read(corpus, powerless, read_only_folder, tmp_path):
    """A WAL database in a folder that cannot be written: SQLite cannot make the log's index (the
    -shm file) beside it, so a plain open fails; read commands open it read-only instead and
    answer exactly as they do on a writable copy."""
    db = read_only_folder
    assert _read_outputs(db, tmp_path, powerless=True) == _read_outputs(corpus.ref_db, tmp_path)
    status = kb("db", "status", "--format", "json", "--db", db, cwd=tmp_path, powerless=True)
    assert status.returncode == 0, status.stderr
    [report] = json.loads(status.stdout)
    assert report["integrity"] == "ok" and report["access"] == "read-only" and report["articles"] == len(corpus.reference)
    assert _files(db) == [db], "a read left files behind"


def test_faults_writing_to_a_read_only_folder_is_one_line(corpus, powerless, read_only_folder, tmp_path):
    db = read_only_folder
    before = db.read_bytes()
    extra = tmp_path / "extra.md"
    extra.write_text("---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
    backup = tmp_path / "backup.jsonl"
    assert kb("export", "-o", backup, "--db", corpus.ref_db, cwd=tmp_path).returncode == 0
    for command in (("load", extra), ("import", backup)):
        line = one_error(kb(*command, "--db", db, cwd=tmp_path, powerless=True))
        assert "read-only" in line, line
    assert db.read_bytes() == before


def test_faults_a_read_only_database_file_in_a_writable_folder(corpus, powerless, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(corpus.ref_db, db)
    db.chmod(0o444)
    try:
        assert _read_outputs(db, tmp_path, powerless=True) == _read_outputs(corpus.ref_db, tmp_path)
        extra = tmp_path / "extra.md"
        extra.write_text("---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
        line = one_error(kb("load", extra, "--db", db, cwd=tmp_path, powerless=True))
        assert "read-only" in line, line
    finally:
        db.chmod(0o644)
    assert db_state(db) == ("ok", corpus.reference)


def test_faults_a_write_ahead_log_in_a_read_only_folder(corpus, powerless, tmp_path):
    """Changes still in the log (a writer has the file open) are read through its index when the
    -shm is there; without it, SQLite could read them only with write access: one line says so,
    rather than answers that leave them out."""
    folder = tmp_path / "live"
    folder.mkdir()
    db = folder / "kb.db"
    shutil.copy(corpus.ref_db, db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE article SET title = 'Retitled while the folder was read-only' WHERE rowid = 1")
    assert Path(f"{db}-wal").stat().st_size > 0
    for f in _files(db):
        f.chmod(0o444)
    folder.chmod(0o555)
    try:
        sources = kb("sources", "--format", "json", "--db", db, cwd=tmp_path, powerless=True)
        assert sources.returncode == 0, sources.stderr
        assert "Retitled while the folder was read-only" in {s["title"] for s in json.loads(sources.stdout)}
        folder.chmod(0o755)
        Path(f"{db}-shm").unlink()
        folder.chmod(0o555)
        line = one_error(kb("sources", "--db", db, cwd=tmp_path, powerless=True))
        assert "write-ahead log" in line and "writable folder" in line, line
    finally:
        folder.chmod(0o755)
        for f in _files(db):
            f.chmod(0o644)
        writer.close()


# ---------------------------------------------------------------------------------------------
# a held lock

_HOLD = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()  # until the test lets go (or goes away)
con.execute("COMMIT")
"""


def _hold(db: Path) -> subprocess.Popen:
    """Another process holding the write lock of ``db`` until a line is written to its stdin."""
    holder = subprocess.Popen(
        [str(PYTHON), "-c", _HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.communicate("\n", timeout=60)


def test_faults_a_held_lock_is_named_at_once_and_given_up_on_after_wait(corpus, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(corpus.ref_db, db)
    extra = tmp_path / "extra.md"
    extra.write_text("---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
    holder = _hold(db)
    try:
        result = kb("load", extra, "--db", db, "--wait", "1", cwd=tmp_path, timeout=60)
        reads = kb("claims", "--format", "json", "--db", db, "--wait", "1", cwd=tmp_path, timeout=60)
    finally:
        _release(holder)
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"waiting: waiting for process {holder.pid} (python -c import sqlite3"), result.stderr
    assert "gives up after 1 s" in first and "--wait" in first, first
    line = one_error(result)
    assert f"still locked by process {holder.pid}" in line and "--wait SECONDS" in line, line
    assert reads.returncode == 0, reads.stderr  # reading is never blocked by a writer
    assert db_state(db) == ("ok", corpus.reference)


def test_faults_a_writer_that_waited_for_a_lock_goes_on_when_it_is_free(corpus, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(corpus.ref_db, db)
    extra = tmp_path / "extra.md"
    extra.write_text("---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
    holder = _hold(db)
    load = subprocess.Popen(
        [str(PYTHON), "-m", "xiaomi_ev_kb", "load", str(extra), "--db", str(db), "--wait", "600"],
        cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = load.stderr.readline()  # said as soon as it meets the lock
    finally:
        _release(holder)
    out, err = load.communicate(timeout=120)
    assert first.startswith(f"waiting: waiting for process {holder.pid} ("), first + err
    assert load.returncode == 0, err
    assert "Traceback" not in err and "error:" not in err
    assert len(db_state(db)[1]) == len(corpus.reference) + 1


def test_faults_an_unreadable_folder_is_said_to_be_unreadable(corpus, powerless, tmp_path):
    """A folder the program may not read was reported as holding 'no article files'; an
    unreadable folder inside one was skipped in silence."""
    closed = tmp_path / "closed"
    shutil.copytree(corpus.folder, closed)
    inner = tmp_path / "outer" / "inner"
    shutil.copytree(corpus.folder, inner)
    shutil.copy(corpus.paths[0], tmp_path / "outer" / "top.md")
    for folder in (closed, inner):
        folder.chmod(0)
    try:
        alone = kb("load", closed, "--db", tmp_path / "a.db", cwd=tmp_path, powerless=True)
        nested = kb("load", tmp_path / "outer", "--db", tmp_path / "b.db", cwd=tmp_path, powerless=True)
    finally:
        for folder in (closed, inner):
            folder.chmod(0o755)
    assert alone.returncode == 1 and "Traceback" not in alone.stderr
    assert f"{closed}: cannot read this folder (Permission denied)" in alone.stderr and "no article files" not in alone.stderr
    assert not (tmp_path / "a.db").exists()
    assert nested.returncode == 1 and "Traceback" not in nested.stderr
    assert f"{inner}: cannot read this folder (Permission denied); check its permissions; the rest was read" in nested.stderr
    assert len(db_state(tmp_path / "b.db")[1]) == 1  # top.md


def test_faults_an_unreadable_file_is_one_line_and_changes_nothing(corpus, powerless, tmp_path):
    """(Once skipped when run as root, for root could read it.)"""
    db = tmp_path / "kb.db"
    shutil.copy(corpus.ref_db, db)
    secret = tmp_path / "secret.txt"
    secret.write_text("Xiaomi said the SU7 starts at 215,900 yuan.\n")
    secret.chmod(0)
    try:
        result = kb("load", secret, "--db", db, cwd=tmp_path, powerless=True)
    finally:
        secret.chmod(0o644)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line == f"skipped: {secret}: cannot read (Permission denied)", line
    assert db_state(db) == ("ok", corpus.reference)
