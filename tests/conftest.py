"""Shared fixtures: every test gets its own database path; no test touches real state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Point the default database at a temp file, so a stray default never hits the project."""
    monkeypatch.setenv("XIAOMI_EV_KB_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A database with the five seed articles loaded once for the whole session (read-only use)."""
    from xiaomi_ev_kb import load_paths, open_db

    path = tmp_path_factory.mktemp("seeded") / "kb.db"
    kb = open_db(path, create=True)
    report = load_paths(kb, [SEEDS])
    assert len(report.loaded) == 5, report
    kb.engine.dispose()
    return path


@pytest.fixture
def seeded_copy(seeded_db, tmp_path) -> Path:
    """A private copy of the seeded database for tests that write."""
    dst = tmp_path / "kb.db"
    shutil.copy(seeded_db, dst)
    for suffix in ("-wal", "-shm"):
        src = Path(str(seeded_db) + suffix)
        if src.exists():
            shutil.copy(src, Path(str(dst) + suffix))
    return dst
