"""Stored findings and backing (derived.py): refreshed per dirty partition, equal to the
on-the-fly computation, and never stale for readers."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from xiaomi_ev_kb import derived, load_paths, open_db
from xiaomi_ev_kb.cli import app
from xiaomi_ev_kb.crosscheck import find_contradictions
from xiaomi_ev_kb.queries import (
    ClaimFilter,
    _every_claim,
    all_claims,
    claim_backing,
    contradictions,
    corroborations,
    list_claims,
    provenance,
)
from xiaomi_ev_kb.storage import (
    _M004,
    _M005,
    MIGRATIONS,
    SCHEMA_VERSION,
    all_sources,
    schema_version,
)

from conftest import FIXTURES, SEEDS


def _copy_seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _open(tmp_path, *paths):
    kb = open_db(tmp_path / "kb.db", create=True)
    load_paths(kb, list(paths))
    return kb


def _derived_rows(kb) -> dict[str, list]:
    con = kb.raw()
    rows = {t: con.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in ("finding", "backing", "dirty_partition")}
    # each claim with its cluster's backing; the cluster's row number last
    rows["claim_backing"] = con.execute(
        "SELECT 0, cb.claim_id, cb.subject, cb.property, cb.grp, cb.low, cb.high, b.articles, b.origins, b.labels, "
        "(SELECT group_concat(f.id) FROM finding f, json_each(cb.findings) j WHERE f.n = j.value), "
        "cb.backing_n FROM claim_backing cb JOIN backing b ON b.n = cb.backing_n ORDER BY cb.claim_id"
    ).fetchall()
    return rows


def _on_the_fly(kb):
    """What the queries computed before findings were stored: the whole database at once."""
    claims = _every_claim(kb)
    sources = all_sources(kb)
    return [f.to_dict() for f in find_contradictions(claims, sources)], corroborations(claims, claims, sources)


def _provenance_view(p) -> dict:
    return {
        "agreeing": [c.id for c in p["agreeing"]],
        "agreeing_ids": p["agreeing_ids"],
        "conflicting": [c.id for c in p["conflicting"]],
        "conflicting_ids": p["conflicting_ids"],
        "findings": [f.to_dict() for f in p["findings"]],
        "corroboration": p["corroboration"],
    }


def _insert(kb, records: list[dict]) -> None:
    """Rows as export writes them, inserted as they are (import would check them as an export's)."""
    con = kb.raw()
    con.execute("BEGIN")
    for rec in records:
        names = [k for k in rec if k != "type"]
        columns = ", ".join('"' + k + '"' for k in names)
        con.execute(f"INSERT OR IGNORE INTO {rec['type']} ({columns}) VALUES ({', '.join('?' * len(names))})", [rec[k] for k in names])
    con.execute("COMMIT")


def _mark_all_dirty(kb) -> None:
    kb.raw().execute("INSERT OR IGNORE INTO dirty_partition SELECT DISTINCT subject, property FROM claim")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Seeds and the hand-written fixture articles, loaded (and so refreshed) once."""
    tmp = tmp_path_factory.mktemp("derived")
    kb = _open(tmp, SEEDS, FIXTURES / "articles")
    yield kb
    kb.close()


def test_derived_refresh_after_load_equals_on_the_fly(loaded):
    kb = loaded
    assert kb.raw().execute("SELECT count(*) FROM dirty_partition").fetchone()[0] == 0
    assert kb.raw().execute("SELECT count(*) FROM finding").fetchone()[0] > 0
    findings, backing = _on_the_fly(kb)
    stored, claims, sources = contradictions(kb)
    assert [f.to_dict() for f in stored] == findings
    cited = {cid for f in stored for side in f.sides for cid in side}
    assert cited <= set(claims) and {c.article_id for c in claims.values()} <= set(sources)
    for topic in ("capacity", "supplier", "approval"):
        assert [f.to_dict() for f in contradictions(kb, topic)[0]] == [f for f in findings if f["topic"] == topic]
    rows = [c for c, _ in list_claims(kb)]
    assert claim_backing(kb, rows) == {c.id: backing[c.id] for c in rows}
    # provenance cites the very findings the contradictions report shows
    by_id = {f.id: f.to_dict() for f in stored}
    for c in rows:
        p = provenance(kb, c.id)
        assert [f.to_dict() for f in p["findings"]] == [by_id[f.id] for f in p["findings"]]
        assert [f.id for f in p["findings"]] == [f.id for f in stored if any(c.id in side for side in f.sides)]
        assert p["corroboration"] == backing[c.id]


def test_derived_dirty_partitions_are_computed_on_the_fly_by_readers(loaded, tmp_path):
    kb = loaded
    claims = [c for c, _ in list_claims(kb)]
    stored = ([f.to_dict() for f in contradictions(kb)[0]], claim_backing(kb, claims))
    stored_prov = {c.id: _provenance_view(provenance(kb, c.id)) for c in claims}
    before = _derived_rows(kb)
    # an older program's database: stored rows missing or stale, every partition dirty
    con = kb.raw()
    con.execute("BEGIN")
    con.execute("UPDATE finding SET explanation = 'stale', data = replace(data, 'Sources', 'STALE')")
    con.execute("UPDATE backing SET articles = 99, labels = '[\"stale\"]'")
    con.execute("COMMIT")
    _mark_all_dirty(kb)
    try:
        assert ([f.to_dict() for f in contradictions(kb)[0]], claim_backing(kb, claims)) == stored
        assert {c.id: _provenance_view(provenance(kb, c.id)) for c in claims} == stored_prov
        # readers did not write: the stale rows and the dirty marks are still there
        after = _derived_rows(kb)
        assert len(after["dirty_partition"]) == len({(c.subject, c.property) for c in all_claims(kb)})
        assert {e for (e,) in kb.raw().execute("SELECT explanation FROM finding")} == {"stale"}
    finally:
        assert derived.refresh(kb) == len({(c.subject, c.property) for c in all_claims(kb)})
    after = _derived_rows(kb)
    # the same rows again, row numbers aside
    assert sorted(r[2:] for r in after["finding"]) == sorted(r[2:] for r in before["finding"])
    assert sorted(r[1:-1] for r in after["claim_backing"]) == sorted(r[1:-1] for r in before["claim_backing"])


def test_derived_loading_an_article_recomputes_only_its_partitions(tmp_path, monkeypatch):
    kb = _open(tmp_path, SEEDS)
    before = _derived_rows(kb)
    done: list[tuple[str, str]] = []
    store = derived._store_partition
    monkeypatch.setattr(derived, "_store_partition", lambda con, s, p, *a, **k: (done.append((s, p)), store(con, s, p, *a, **k)))
    extra = FIXTURES / "articles" / sorted(p.name for p in (FIXTURES / "articles").iterdir() if p.suffix in (".md", ".txt"))[0]
    report = load_paths(kb, [extra])
    assert len(report.loaded) == 1
    new = [c for c in all_claims(kb) if c.id not in {r[1] for r in before["claim_backing"]}]
    touched = {(c.subject, c.property) for c in new}
    assert touched and sorted(done) == sorted(touched)
    # partitions the article did not touch keep their rows as they were
    keep = [r for r in before["claim_backing"] if (r[2], r[3]) not in touched]
    assert keep and set(keep) <= set(_derived_rows(kb)["claim_backing"])
    findings, backing = _on_the_fly(kb)
    assert [f.to_dict() for f in contradictions(kb)[0]] == findings
    assert claim_backing(kb, all_claims(kb)) == backing


def test_derived_reloading_unchanged_files_leaves_rows_untouched(tmp_path, monkeypatch):
    kb = _open(tmp_path, SEEDS)
    before = _derived_rows(kb)
    monkeypatch.setattr(derived, "_store_partition", lambda *a: pytest.fail("nothing changed: nothing to recompute"))
    report = load_paths(kb, [SEEDS])
    assert len(report.unchanged) == 5
    assert _derived_rows(kb) == before


def test_derived_superseded_version_drops_its_findings(tmp_path):
    folder = _copy_seeds(tmp_path)
    kb = _open(tmp_path, folder)
    conflict = next(f for f in contradictions(kb)[0] if f.kind == "value_conflict" and f.topic == "capacity")
    old_ids = {c.id for c in all_claims(kb)}
    target = folder / "002_9cd80047efbb1761.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("200,000", "300,000"), encoding="utf-8")
    report = load_paths(kb, [target])
    assert len(report.new_versions) == 1
    findings, claims, _ = contradictions(kb)
    assert conflict.id not in {f.id for f in findings}
    assert [f.to_dict() for f in findings] == _on_the_fly(kb)[0]
    current = {c.id for c in all_claims(kb)}
    gone = old_ids - current
    assert gone and not set(claims) & gone
    stored = {r[0] for r in kb.raw().execute("SELECT claim_id FROM claim_backing")}
    assert stored == current and not stored & gone
    # an older version's claim is still explained (computed on the fly); in a listing it backs itself
    old = sorted(gone)[0]
    assert provenance(kb, old)["claim"].id == old
    listed = [c for c, _ in list_claims(kb, ClaimFilter(all_versions=True))]
    assert claim_backing(kb, listed) == corroborations(listed, all_claims(kb), all_sources(kb))


def test_derived_triggers_mark_partitions_of_every_write(loaded):
    kb = loaded
    con = kb.raw()
    claim = all_claims(kb)[0]
    con.execute("BEGIN")
    try:
        con.execute("UPDATE claim SET quote = quote WHERE id = ?", (claim.id,))
        assert con.execute("SELECT subject, property FROM dirty_partition").fetchall() == [(claim.subject, claim.property)]
        con.execute("DELETE FROM dirty_partition")
        con.execute("UPDATE article SET superseded_by = superseded_by WHERE id = ?", (claim.article_id,))
        marked = set(con.execute("SELECT subject, property FROM dirty_partition").fetchall())
        assert marked == {(c.subject, c.property) for c in all_claims(kb) if c.article_id == claim.article_id}
    finally:
        con.execute("ROLLBACK")


def test_derived_migration_marks_every_partition_dirty(tmp_path):
    kb = _open(tmp_path, SEEDS)
    expected = [f.to_dict() for f in contradictions(kb)[0]]
    # back to the schema before stored findings, as an older program left it
    con = kb.raw()
    for trigger in ("tr_claim_insert_dirty", "tr_claim_delete_dirty", "tr_claim_update_dirty", "tr_article_update_dirty"):
        con.execute(f"DROP TRIGGER {trigger}")
    for table in ("finding", "backing", "claim_backing", "dirty_partition"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP INDEX ix_claim_subject_property")
    con.execute("UPDATE kb_meta SET value = ? WHERE key = 'schema_version'", (str(MIGRATIONS.index(_M004)),))
    kb.close()
    kb = open_db(tmp_path / "kb.db")
    n = kb.raw().execute("SELECT count(*) FROM dirty_partition").fetchone()[0]
    assert n == len({(c.subject, c.property) for c in all_claims(kb)}) and n > 0
    assert kb.raw().execute("SELECT count(*) FROM finding").fetchone()[0] == 0
    assert [f.to_dict() for f in contradictions(kb)[0]] == expected  # computed on the fly
    assert derived.refresh(kb) == n and derived.refresh(kb) == 0
    assert [f.to_dict() for f in contradictions(kb)[0]] == expected  # stored
    assert int(kb.raw().execute("SELECT value FROM kb_meta WHERE key = 'schema_version'").fetchone()[0]) == SCHEMA_VERSION


def test_derived_export_import_rebuilds_the_stored_rows(tmp_path):
    kb = _open(tmp_path, SEEDS)
    runner = CliRunner()
    out = tmp_path / "export.jsonl"
    result = runner.invoke(app, ["export", "-o", str(out), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["type"] for line in out.read_text(encoding="utf-8").splitlines()} == {"article", "claim"}
    other = tmp_path / "other.db"
    result = runner.invoke(app, ["import", str(out), "--db", str(other)])
    assert result.exit_code == 0, result.output
    kb2 = open_db(other)
    assert kb2.raw().execute("SELECT count(*) FROM dirty_partition").fetchone()[0] == 0
    assert sorted(r[1:-1] for r in _derived_rows(kb2)["claim_backing"]) == sorted(r[1:-1] for r in _derived_rows(kb)["claim_backing"])
    assert [f.to_dict() for f in contradictions(kb2)[0]] == [f.to_dict() for f in contradictions(kb)[0]]


def test_derived_refresh_in_worker_processes_stores_the_same_rows(tmp_path, monkeypatch):
    """Partitions cross-checked in two forked workers give the rows one process gives, in order."""
    kb = _open(tmp_path, SEEDS, FIXTURES / "articles")
    rows = {}
    real = derived.worker_pool
    for jobs in (1, 2):
        _mark_all_dirty(kb)
        monkeypatch.setattr(derived, "_PARALLEL_CLAIMS", 0 if jobs > 1 else 10**9)
        used: list[int] = []
        monkeypatch.setattr(derived, "worker_pool", lambda n, used=used: used.append(n) or real(n))
        assert derived.refresh(kb, jobs=jobs) > 1
        assert bool(used) == (jobs > 1)
        rows[jobs] = _derived_rows(kb)
    assert rows[1] == rows[2] and rows[1]["finding"]
    findings, backing = _on_the_fly(kb)
    assert [f.to_dict() for f in contradictions(kb)[0]] == findings


def test_derived_provenance_carries_the_first_agreeing_claims_whole_and_names_them_all(tmp_path, monkeypatch):
    """A crowded key: every agreeing id, in publication order, and only the first few built whole."""
    monkeypatch.setattr(derived, "AGREEING_KEPT", 3)
    import xiaomi_ev_kb.queries as queries

    monkeypatch.setattr(queries, "AGREEING_KEPT", 3)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(8):
        (folder / f"{n}.md").write_text(
            f"---\npublished: 2023-0{n + 1}-10\n---\nThe Beijing plant will have an annual capacity of 300,000 vehicles, article {n} said.\n"
        )
    kb = _open(tmp_path, folder)
    claims = [c for c in all_claims(kb) if c.property == "capacity.annual"]
    assert len(claims) == 8
    first = min(claims, key=lambda c: c.article_id)
    stored = provenance(kb, first.id)
    _mark_all_dirty(kb)
    fresh = provenance(kb, first.id)
    for p in (stored, fresh):
        assert len(p["agreeing_ids"]) == 7 and [c.id for c in p["agreeing"]] == p["agreeing_ids"][:3]
    assert stored["agreeing_ids"] == fresh["agreeing_ids"]
    from xiaomi_ev_kb.render import provenance_dict

    assert provenance_dict(stored)["agreeing"] == stored["agreeing_ids"]


def test_derived_results_of_another_cross_check_version_are_recomputed(tmp_path):
    """Stored rows written by another version of the cross-check are not trusted: readers compute
    every partition, and the next refresh replaces them all."""
    kb = _open(tmp_path, SEEDS)
    expected = [f.to_dict() for f in contradictions(kb)[0]]
    claims = [c for c, _ in list_claims(kb)]
    backing = claim_backing(kb, claims)
    con = kb.raw()
    assert not derived.is_stale(con) and derived.refresh(kb) == 0
    con.execute("UPDATE finding SET data = replace(data, 'Sources', 'STALE')")
    con.execute("UPDATE backing SET articles = 99")
    con.execute("UPDATE kb_meta SET value = 'older' WHERE key = 'derived_version'")
    assert derived.is_stale(con) and not con.execute("SELECT 1 FROM dirty_partition").fetchone()
    assert [f.to_dict() for f in contradictions(kb)[0]] == expected  # computed, not read
    assert claim_backing(kb, claims) == backing
    assert all(derived.stored_provenance(kb, c) is None for c in claims)
    n = len({(c.subject, c.property) for c in claims})
    assert derived.refresh(kb) == n and not derived.is_stale(con) and derived.refresh(kb) == 0
    assert "STALE" not in json.dumps(con.execute("SELECT data FROM finding").fetchall())
    assert con.execute("SELECT max(articles) FROM backing").fetchone()[0] < 99
    assert [f.to_dict() for f in contradictions(kb)[0]] == expected


def test_derived_worker_refresh_opens_a_database_whose_path_has_uri_characters(tmp_path, monkeypatch):
    """Workers open the file read-only through a URI: '#', '?' and '%' in its path are escaped."""
    folder = tmp_path / "desk #2 ?q=1 100%"
    folder.mkdir()
    kb = open_db(folder / "kb.db", create=True)
    load_paths(kb, [SEEDS])
    expected = _derived_rows(kb)
    _mark_all_dirty(kb)
    monkeypatch.setattr(derived, "_PARALLEL_CLAIMS", 0)
    used: list[int] = []
    real = derived.worker_pool
    monkeypatch.setattr(derived, "worker_pool", lambda n: used.append(n) or real(n))
    assert derived.refresh(kb, jobs=2) > 1 and used
    after = _derived_rows(kb)
    assert sorted(r[2:] for r in after["finding"]) == sorted(r[2:] for r in expected["finding"])
    assert sorted(r[1:-1] for r in after["claim_backing"]) == sorted(r[1:-1] for r in expected["claim_backing"])
    assert schema_version(kb) == SCHEMA_VERSION  # the ORM's engine opens that very file too
    kb.close()
    assert [p.name for p in folder.iterdir() if p.suffix == ".db"] == ["kb.db"]


def test_derived_checked_claims_are_partition_claims_less_the_unread_fields(tmp_path):
    """The refresh's cheaper reader gives every current claim of a partition, in the same order,
    with the same value in every field the cross-check reads; superseded versions are left out."""
    import dataclasses

    folder = _copy_seeds(tmp_path)
    kb = _open(tmp_path, folder, FIXTURES / "articles")
    first = sorted(folder.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nXiaomi said the plant can build 150,000 cars a year.\n", encoding="utf-8")
    load_paths(kb, [folder])
    con = kb.raw()
    superseded = derived.superseded_articles(con)
    assert len(superseded) == 1
    blank = {"surface": None, "attributed_to": None, "sentence_start": 0, "rule": ""}
    seen = 0
    for subject, prop in sorted({(c.subject, c.property) for c in all_claims(kb)}):
        full = derived.partition_claims(con, subject, prop)
        assert derived.checked_claims(con, subject, prop, superseded) == [dataclasses.replace(c, **blank) for c in full]
        seen += len(full)
    assert seen == len(all_claims(kb)) and any(c.attributed_to for c in all_claims(kb))
    kb.close()


def test_derived_schema_4_file_migrates_to_finding_lists_on_claim_rows(tmp_path):
    """A database whose findings cite claims through finding_claim rows (schema 4) gets the
    findings listed on each claim's row (schema 5): everything recomputed, nothing else lost."""
    kb = _open(tmp_path, SEEDS)
    expected = [f.to_dict() for f in contradictions(kb)[0]]
    claims = [c for c, _ in list_claims(kb)]
    provenances = {c.id: _provenance_view(provenance(kb, c.id)) for c in claims}
    con = kb.raw()
    con.execute("DROP TABLE claim_backing")
    schema_4 = _M004.split("CREATE TABLE finding_claim", 1)[1].split("CREATE TABLE dirty_partition", 1)[0]
    for statement in ("CREATE TABLE finding_claim" + schema_4).split(";"):
        if statement.strip() and "TABLE backing" not in statement and "ix_backing_partition" not in statement:
            con.execute(statement)
    con.execute("UPDATE kb_meta SET value = ? WHERE key = 'schema_version'", (str(MIGRATIONS.index(_M005)),))
    kb.close()
    kb = open_db(tmp_path / "kb.db")
    con = kb.raw()
    assert schema_version(kb) == SCHEMA_VERSION
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'finding_claim'").fetchone()
    n = len({(c.subject, c.property) for c in claims})
    assert con.execute("SELECT count(*) FROM dirty_partition").fetchone()[0] == n
    assert [f.to_dict() for f in contradictions(kb)[0]] == expected  # on the fly
    assert derived.refresh(kb) == n
    assert [f.to_dict() for f in contradictions(kb)[0]] == expected  # stored
    assert {c.id: _provenance_view(provenance(kb, c.id)) for c in claims} == provenances
    cited = {cid for f in expected for side in f["sides"] for cid in side}
    listed = {cid for cid, fs in con.execute("SELECT claim_id, findings FROM claim_backing") if fs}
    assert listed == cited
    kb.close()


def test_derived_gc_paused_restores_the_collector_even_on_error():
    import gc

    from xiaomi_ev_kb.workers import gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


def test_derived_stored_provenance_equals_computed_on_random_claims(tmp_path, monkeypatch):
    """Agreeing claims found through the stored rows' agreement columns are exactly those
    same_value accepts, in the same order, for every kind of value (random claims of crowded
    groups: quantities with bounds, periods, statuses with and without periods, organisations);
    the conflicting claims are the same, and so are the first few of each built in full."""
    import random

    import xiaomi_ev_kb.queries as queries

    monkeypatch.setattr(derived, "AGREEING_KEPT", 3)
    monkeypatch.setattr(queries, "AGREEING_KEPT", 3)

    from test_crosscheck_scale import ARTICLES, make_claim, make_sources
    from xiaomi_ev_kb.storage import ClaimRow, _claim_row, _sql_value, export_rows

    template = next(r for r in export_rows(_open(tmp_path, SEEDS)) if r["type"] == "article")
    checked = crowded = 0
    for seed in range(6):
        rng = random.Random(seed)
        sources = make_sources(rng.choice)
        claims = {c.id: c for c in (make_claim(rng.choice) for _ in range(150))}.values()
        records = [
            {**template, "id": aid, "content_hash": f"{seed}-{aid}", "path": f"/in/{aid}.md", "source_key": f"/in/{aid}.md",
             "published": s.published.isoformat() if aid in sources and (s := sources[aid]).published else None}
            for aid in ARTICLES
        ]  # fmt: skip
        columns = [c.name for c in ClaimRow.__table__.columns]
        records += [{"type": "claim", **{k: _sql_value(getattr(_claim_row(c), k)) for k in columns}} for c in claims]
        kb = open_db(tmp_path / f"random{seed}.db", create=True)
        _insert(kb, records)  # straight into the tables: made-up articles and claims, not an export
        derived.refresh(kb)
        current = [c for c, _ in list_claims(kb)]
        stored = {c.id: _provenance_view(provenance(kb, c.id)) for c in current}
        _mark_all_dirty(kb)
        computed = {c.id: _provenance_view(provenance(kb, c.id)) for c in current}
        assert stored == computed, seed
        checked += sum(1 for v in stored.values() if v["agreeing_ids"])
        crowded += sum(1 for v in stored.values() if len(v["conflicting_ids"]) > 3)
        kb.close()
    assert checked > 100 and crowded > 10  # most claims had agreeing claims, some many conflicting ones


def test_derived_stored_provenance_of_a_group_of_mixed_value_kinds_equals_computed(tmp_path):
    """Imported data can put a time claim and a status claim with the same value under one
    comparison key of milestone.launch: same_value then depends on which claim asks, which the
    stored rows' agreement columns cannot say; provenance answers as the computed path does."""
    from datetime import date

    from xiaomi_ev_kb.models import Claim
    from xiaomi_ev_kb.storage import ClaimRow, _claim_row, _sql_value, import_rows

    folder = tmp_path / "in"
    folder.mkdir()
    sentence, quote = "Xiaomi will launch the SU7 in the first half of 2024.", "the first half of 2024"
    text = f"---\npublished: 2023-08-30\n---\n{sentence}\n"
    (folder / "a.md").write_text(text)
    kb = _open(tmp_path, folder)
    article = next(iter(all_sources(kb)))
    common = dict(article_id=article, topic="timeline", subject="Xiaomi SU7", property="milestone.launch", quote=quote,
                  start=text.index(quote), end=text.index(quote) + len(quote), sentence=sentence,
                  sentence_start=text.index(sentence), rule="imported", certainty="expected")  # fmt: skip
    time_claim = Claim(**common, value="2024-H1", value_kind="time", period_start=date(2024, 1, 1),
                       period_end=date(2024, 6, 30), period_label="2024-H1", id="c00000000001")  # fmt: skip
    status_claim = Claim(**common, value="2024-H1", value_kind="status", qualifiers={"status": "2024-H1"}, id="c00000000002")
    columns = [c.name for c in ClaimRow.__table__.columns]
    import_rows(kb, [{"type": "claim", **{k: _sql_value(getattr(_claim_row(c), k)) for k in columns}} for c in (time_claim, status_claim)])
    derived.refresh(kb)
    stored = {c.id: _provenance_view(provenance(kb, c.id)) for c in (time_claim, status_claim)}
    _mark_all_dirty(kb)
    computed = {c.id: _provenance_view(provenance(kb, c.id)) for c in (time_claim, status_claim)}
    assert time_claim.id in computed[status_claim.id]["agreeing_ids"]  # same_value(status, time): equal values
    assert stored == computed
