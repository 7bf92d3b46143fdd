"""Tests for xiaomi_ev_kb.extract.version: the extractor's version is a hash of the rule code and
data, so a changed rule or data file re-extracts stored articles on the next load."""

from __future__ import annotations

import shutil

import pytest

from xiaomi_ev_kb import storage
from xiaomi_ev_kb.extract import version
from xiaomi_ev_kb.loader import load_paths
from xiaomi_ev_kb.registry import data_dir
from xiaomi_ev_kb.storage import open_db


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the reference data the version is computed from, and a fresh cache."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setattr(version, "data_dir", lambda: copy)
    version.extractor_version.cache_clear()
    yield copy
    version.extractor_version.cache_clear()


def test_extract_version_is_a_hash_of_rules_and_data(data_copy):
    first = version.extractor_version()
    assert first.startswith("r") and len(first) == 13
    version.extractor_version.cache_clear()
    assert version.extractor_version() == first, "the same files give the same version"


@pytest.mark.parametrize("name", ["entities.tsv", "rules/capacity.toml", "rules/common.toml"])
def test_extract_version_changes_with_a_data_file(data_copy, name):
    before = version.extractor_version()
    path = data_copy / name
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8")
    version.extractor_version.cache_clear()
    assert version.extractor_version() != before


def test_extract_version_covers_every_rule_module_and_data_file():
    names = {name for name, _ in version.rule_files()}
    for module in ("extract/pipeline.py", "extract/context.py", "extract/signals.py", "extract/rules/capacity.py",
                   "extract/rules/deliveries.py", "timeexpr.py", "quantities.py", "registry.py"):
        assert module in names
    assert "data/entities.tsv" in names
    assert {f"data/rules/{p.name}" for p in (data_dir() / "rules").glob("*.toml")} <= names


def test_extract_version_change_reextracts_stored_articles(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\npublished: 2023-08-25\n---\nXiaomi's Beijing plant has an annual capacity of 150,000 vehicles.\n",
        encoding="utf-8",
    )
    kb = open_db(tmp_path / "kb.db", create=True)
    assert len(load_paths(kb, [folder]).loaded) == 1
    again = load_paths(kb, [folder])
    assert again.loaded == [] and len(again.unchanged) == 1, "the same rules: nothing to do"
    monkeypatch.setattr(storage, "EXTRACTOR_VERSION", "r-changed-rules")
    third = load_paths(kb, [folder])
    assert len(third.loaded) == 1 and third.claims == 1, "new rules: the stored article is extracted again"
    row = kb.raw().execute("SELECT extractor_version FROM article").fetchone()
    assert row[0] == "r-changed-rules"
    kb.close()
