"""Datasette (browsing.py): metadata that describes every view, canned queries that run in plain
SQLite, and a real Datasette started here whose JSON API serves them."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from xiaomi_ev_kb import open_db
from xiaomi_ev_kb.browsing import (
    CANNED_QUERIES,
    database_name,
    datasette_command,
    datasette_installed,
    datasette_metadata,
)
from xiaomi_ev_kb.queries import all_claims, contradictions

VIEWS = ("claim_details", "source_details", "contradictions", "contradiction_claims", "claim_provenance")


def test_browsing_metadata_describes_every_view_and_column(seeded_db):
    kb = open_db(seeded_db)
    meta = datasette_metadata(kb)
    db = meta["databases"][database_name(kb)]
    for view in (*VIEWS, "claim", "article"):
        entry = db["tables"][view]
        assert entry["description"], view
        columns = [r[1] for r in kb.raw().execute(f"PRAGMA table_info({view})")]
        missing = [c for c in columns if c not in entry["columns"]]
        assert not missing, f"{view}: describe {missing} in browsing._COLUMNS"
    assert db["tables"]["claim_details"]["facets"][0] == "source"
    assert db["tables"]["claim_details"]["fts_table"] == "claim_fts"
    assert db["tables"]["dirty_partition"]["hidden"]
    assert set(db["queries"]) == {"contradictions_by_topic", "claims_of_entity", "provenance_of_claim"}


def _run(con: sqlite3.Connection, name: str, **params):
    con.row_factory = sqlite3.Row
    return [dict(r) for r in con.execute(CANNED_QUERIES[name]["sql"], params)]


def test_browsing_canned_queries_run_in_plain_sqlite(seeded_db):
    kb = open_db(seeded_db)
    findings, _, _ = contradictions(kb, "capacity")
    with sqlite3.connect(seeded_db) as con:
        rows = _run(con, "contradictions_by_topic", topic="capacity")
        assert {r["finding_id"] for r in rows} == {f.id for f in findings}
        assert len(rows) == sum(len(side) for f in findings for side in f.sides)
        everything = _run(con, "contradictions_by_topic", topic="")
        assert len({r["finding_id"] for r in everything}) == len(contradictions(kb)[0])
        catl = _run(con, "claims_of_entity", entity="catl")  # case is ignored
        expected = {c.id for c in all_claims(kb) if "CATL" in (c.subject, c.entity, c.attributed_to) or "CATL" in c.qualifiers.values()}
        assert {r["claim_id"] for r in catl} == expected and expected
        cid = rows[0]["claim_id"]
        (prov,) = _run(con, "provenance_of_claim", claim_id=cid)
        assert prov["quote"] == rows[0]["quote"] and rows[0]["finding_id"] in prov["finding_ids"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture
def datasette(seeded_copy):
    """`xiaomi-ev-kb browse` on a free local port, as a user starts it; stopped after the test."""
    if not datasette_installed():
        pytest.skip("Datasette is not installed (pip install -e '.[dev]' brings it)")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xiaomi_ev_kb", "browse", "--db", str(seeded_copy), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}/{seeded_copy.stem}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(base + ".json")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                out, err = proc.communicate()
                pytest.fail(f"Datasette did not start: {out}\n{err}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()  # the CLI stops its Datasette too: nothing is left listening
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        with pytest.raises(OSError):
            _get(base + ".json")


def test_browsing_datasette_serves_views_queries_and_search(datasette, seeded_copy):
    kb = open_db(seeded_copy)
    index = _get(datasette + ".json")
    tables = {t["name"]: t for t in index["tables"]}
    assert {"claim", "article"} <= set(tables)
    assert set(VIEWS) <= {v["name"] if isinstance(v, dict) else v for v in index["views"]}
    assert {q["name"] for q in index["queries"]} >= set(CANNED_QUERIES)

    # a view with its description, the sources as a facet, and every current claim
    page = _get(datasette + "/claim_details.json?_size=max")
    assert page["filtered_table_rows_count"] == len(all_claims(kb))
    facet = page["facet_results"]["source"]
    assert sum(v["count"] for v in facet["results"]) == len(all_claims(kb))

    # full-text search on quotes
    hits = _get(datasette + "/claim_details.json?" + urllib.parse.urlencode({"_search": "300,000", "_shape": "array"}))
    expected = [c.id for c in all_claims(kb) if "300,000" in c.quote]
    assert sorted(h["claim_id"] for h in hits) == sorted(expected) and expected

    # canned queries
    findings, _, _ = contradictions(kb, "capacity")
    rows = _get(datasette + "/contradictions_by_topic.json?topic=capacity&_shape=array")
    assert {r["finding_id"] for r in rows} == {f.id for f in findings}
    cid = rows[0]["claim_id"]
    (prov,) = _get(datasette + f"/provenance_of_claim.json?claim_id={cid}&_shape=array")
    assert prov["claim_id"] == cid and prov["sentence"] and prov["start"] < prov["end"]
    catl = _get(datasette + "/claims_of_entity.json?entity=CATL&_shape=array")
    assert catl and all("CATL" in json.dumps(r, ensure_ascii=False) for r in catl)


def test_browsing_command_line(seeded_db, tmp_path):
    kb = open_db(seeded_db)
    cmd = datasette_command(kb, tmp_path / "m.json", port=9999)
    assert cmd[:4] == [sys.executable, "-m", "datasette", "serve"]
    assert str(kb.path) in cmd and "9999" in cmd and "--open" not in cmd
    assert "--open" in datasette_command(kb, tmp_path / "m.json", open_browser=True)
