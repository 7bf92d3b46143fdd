"""The command line through typer's CliRunner: JSON output parsed, errors as one line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from xiaomi_ev_kb.cli import app

from conftest import FIXTURES, SEEDS

runner = CliRunner()


def run(*args: str, ok: bool = True):
    result = runner.invoke(app, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def as_json(*args: str):
    return json.loads(run(*args, "--format", "json").stdout)


def test_cli_load_reports_articles_and_topics(tmp_path):
    db = str(tmp_path / "kb.db")
    out = run("load", str(SEEDS), "--db", db).stdout
    assert "articles loaded" in out and "5" in out
    for topic in ("approval", "capacity", "supplier", "timeline"):
        assert topic in out


def test_cli_load_defaults_to_seeds(tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    db = str(tmp_path / "kb.db")
    run("load", "--db", db)
    assert len(as_json("sources", "--db", db)) == 5


def test_cli_reload_changes_nothing(tmp_path):
    db = str(tmp_path / "kb.db")
    run("load", str(SEEDS), "--db", db)
    before = as_json("claims", "--db", db)
    out = run("load", str(SEEDS), "--db", db).stdout
    assert "unchanged" in out
    after = as_json("claims", "--db", db)
    assert before == after
    assert len({c["id"] for c in after}) == len(after)


def test_cli_db_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("XIAOMI_EV_KB_DB", str(db))
    run("load", str(SEEDS))
    assert db.exists()
    assert len(as_json("sources")) == 5


def test_cli_contradictions_json(seeded_db):
    findings = as_json("contradictions", "--db", str(seeded_db))
    kinds = {f["kind"] for f in findings}
    assert kinds == {"value_conflict", "supplier_divergence", "missed_prediction", "self_contradiction"}
    claim_ids = {c["id"] for c in as_json("claims", "--db", str(seeded_db))}
    for f in findings:
        assert set(f) >= {"id", "topic", "kind", "explanation", "sides"}
        assert isinstance(f["sides"], list) and len(f["sides"]) >= 2
        assert all(isinstance(side, list) and set(side) <= claim_ids for side in f["sides"])
        assert f["explanation"].endswith(".")


def test_cli_contradictions_table_mentions_each_kind(seeded_db):
    out = run("contradictions", "--db", str(seeded_db)).stdout
    for kind in ("value_conflict", "supplier_divergence", "missed_prediction"):
        assert kind in out


CLAIM_KEYS = {
    "id", "topic", "subject", "property", "value", "unit", "period", "entity", "surface", "quote",
    "sentence", "start", "end", "certainty", "attributed_to", "source",
}


def test_cli_claims_contract(seeded_db):
    claims = as_json("claims", "--db", str(seeded_db))
    assert len(claims) > 40
    for c in claims:
        assert CLAIM_KEYS <= set(c), set(CLAIM_KEYS) - set(c)
        assert set(c["source"]) >= {"file", "publisher", "published", "published_basis"}
        if c["period"] is not None:
            assert set(c["period"]) == {"start", "end", "label"}
        assert c["certainty"] in ("stated", "reported", "expected", "speculated")
        assert c["quote"] in c["sentence"]
    dates = [c["source"]["published"] for c in claims]
    assert dates == sorted(dates), "claims are sorted by publication date"


@pytest.mark.parametrize(
    "args, check",
    [
        (("--topic", "supplier"), lambda c: c["topic"] == "supplier"),
        (("--entity", "Ningde era"), lambda c: c["entity"] == "CATL"),
        (("--entity", "宁德时代"), lambda c: c["entity"] == "CATL"),
        (("--entity", "Zhongchuang Lithium"), lambda c: c["entity"] == "CALB"),
        (("--entity", "BYD"), lambda c: c["entity"] == "FinDreams Battery"),
        (("--source", "002_"), lambda c: c["source"]["file"].endswith("002_9cd80047efbb1761.txt")),
        (("--source", "AutoBeta"), lambda c: c["source"]["publisher"] == "AutoBeta"),
        (("--text", "prototype"), lambda c: "prototype" in c["quote"].lower()),
        (("--text", "NATIONAL development"), lambda c: "national development" in c["quote"].lower()),
    ],
)
def test_cli_claims_filters(seeded_db, args, check):
    claims = as_json("claims", *args, "--db", str(seeded_db))
    assert claims, args
    assert all(check(c) for c in claims), args


@pytest.mark.parametrize("text", ["'", "%", "_", "--", "; DROP TABLE claim; --", "\"", "\\", "[bold red]x[/]"])
def test_cli_claims_text_is_never_sql(seeded_db, text):
    claims = as_json("claims", "--text", text, "--db", str(seeded_db))
    assert all(text.lower() in c["quote"].lower() for c in claims)
    assert len(as_json("claims", "--db", str(seeded_db))) > 40  # nothing was dropped


def test_cli_claims_csv_and_jsonl(seeded_db):
    csv_out = run("claims", "--topic", "capacity", "--format", "csv", "--db", str(seeded_db)).stdout
    assert csv_out.splitlines()[0].startswith("id,topic,subject,property,value")
    jsonl = run("claims", "--topic", "capacity", "--format", "jsonl", "--db", str(seeded_db)).stdout
    rows = [json.loads(line) for line in jsonl.splitlines()]
    assert rows and all(r["topic"] == "capacity" for r in rows)


def test_cli_provenance(seeded_db):
    findings = as_json("contradictions", "--db", str(seeded_db))
    cap = next(f for f in findings if f["kind"] == "value_conflict")
    cid = cap["sides"][-1][0]
    (p,) = as_json("provenance", cid, "--db", str(seeded_db))
    assert p["id"] == cid
    assert cap["id"] in p["findings"] and p["conflicting"]
    h = p["highlight"]
    assert p["sentence"][h["start"] : h["end"]] == p["quote"]
    table = run("provenance", cid, "--db", str(seeded_db)).stdout
    for word in ("sentence", "certainty", "offsets", "rule", "published"):
        assert word in table


def test_cli_provenance_lists_agreeing_claims(seeded_db):
    claims = as_json("claims", "--entity", "NDRC", "--db", str(seeded_db))
    ndrc = [c for c in as_json("claims", "--topic", "approval", "--db", str(seeded_db)) if c["property"] == "approval.ndrc"]
    (p,) = as_json("provenance", ndrc[0]["id"], "--db", str(seeded_db))
    assert len(p["agreeing"]) >= 3
    assert claims is not None


def test_cli_sources(seeded_db):
    rows = as_json("sources", "--db", str(seeded_db))
    assert len(rows) == 5
    for r in rows:
        assert {"file", "publisher", "published", "published_basis", "claims"} <= set(r)
        assert r["claims"] > 0


@pytest.mark.parametrize(
    "args, words",
    [
        (("claims", "--db", "{tmp}/missing.db"), "no knowledge base"),
        (("contradictions", "--db", "{tmp}/missing.db"), "no knowledge base"),
        (("provenance", "c000000000", "--db", "{seeded}"), "no claim with id"),
        (("claims", "--topic", "weather", "--db", "{seeded}"), "unknown topic"),
        (("load", "{tmp}/nope.txt", "--db", "{tmp}/new.db"), "no such file"),
        (("claims", "--format", "xml", "--db", "{seeded}"), "xml"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(seeded_db, tmp_path, args, words):
    args = [a.format(tmp=tmp_path, seeded=seeded_db) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert words in result.output


def test_cli_load_bad_file_keeps_good_ones_and_stored_data(tmp_path, seeded_copy):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    good = FIXTURES / "articles" / "f01_xiaomi_ev_unit_registered.md"
    before = as_json("claims", "--db", str(seeded_copy))
    result = runner.invoke(app, ["load", str(bad), str(good), "--db", str(seeded_copy)])
    assert result.exit_code == 1
    assert "bad.txt" in result.output and "Traceback" not in result.output
    after = as_json("claims", "--db", str(seeded_copy))
    assert {c["id"] for c in before} < {c["id"] for c in after}


def test_cli_every_command_has_help():
    for name in ("load", "contradictions", "claims", "provenance", "sources"):
        out = run(name, "--help").stdout
        assert "Usage" in out and len(out) > 100


def test_cli_python_dash_m_runs():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "xiaomi_ev_kb", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "contradictions" in r.stdout


def test_cli_claims_show_corroboration(seeded_db):
    claims = as_json("claims", "--topic", "approval", "--db", str(seeded_db))
    ndrc = [c for c in claims if c["property"] == "approval.ndrc"]
    assert ndrc and all(c["corroboration"]["articles"] == 4 for c in ndrc)
    assert all(c["corroboration"]["origins"] < c["corroboration"]["articles"] for c in ndrc), "repeats of one report"


def test_cli_as_of_shows_what_a_reader_knew_then(seeded_db):
    early = as_json("claims", "--as-of", "2022-12-31", "--db", str(seeded_db))
    assert early and {c["source"]["published"] for c in early} == {"2022-10-19"}
    assert as_json("contradictions", "--as-of", "2022-12-31", "--db", str(seeded_db)) == []
    later = as_json("contradictions", "--as-of", "2023-08-25", "--db", str(seeded_db))
    assert {f["kind"] for f in later} == {"missed_prediction", "supplier_divergence"}


def test_cli_as_of_rejects_a_bad_date(seeded_db):
    result = runner.invoke(app, ["claims", "--as-of", "last tuesday", "--db", str(seeded_db)])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_cli_timeline(seeded_db):
    rows = as_json("timeline", "--db", str(seeded_db))
    by_prop = {r["property"]: r for r in rows}
    mass = by_prop["milestone.mass_production"]
    assert {e["for"] for e in mass["entries"]} >= {"2024-H1", "2024-Q1", "2024-START"}
    said = [e["said_on"] for e in mass["entries"]]
    assert said == sorted(said)
    qual = by_prop["approval.production_qualification"]
    assert any(n.startswith("missed_prediction") for e in qual["entries"] for n in e["notes"])
    only_catl = as_json("timeline", "--entity", "NDRC", "--db", str(seeded_db))
    assert {r["property"] for r in only_catl} == {"approval.ndrc"}
    assert as_json("timeline", "--as-of", "2022-12-31", "--db", str(seeded_db))


def test_cli_report_markdown_and_json(seeded_db):
    md = run("report", "--topic", "capacity", "--db", str(seeded_db)).stdout
    assert md.startswith("# ") and "**Consensus:** 300,000 vehicles a year" in md and "**Dissent:** 200,000" in md
    data = as_json("report", "--db", str(seeded_db))
    cap = next(r for r in data if r["about"].endswith("(whole plant)"))
    assert cap["preferred"]["backing"]["articles"] == 2 and cap["dissent"][0]["evidence"][0]["quote"]


def test_cli_entities(seeded_db):
    rows = as_json("entities", "--db", str(seeded_db))
    catl = next(r for r in rows if r["entity"] == "CATL")
    assert "Ningde era" in catl["aliases"] and "宁德时代" in catl["aliases"] and catl["claims"] == 2
    assert next(r for r in rows if r["entity"] == "CALB")["claims"] == 2


def test_cli_eval_on_fixtures():
    (summary,) = as_json("eval", str(FIXTURES))
    assert summary["claims"]["recall"] >= 0.95 and summary["findings"]["recall"] == 1.0
    md = run("eval", str(FIXTURES)).stdout
    assert "| claims |" in md


def test_cli_eval_bad_folder(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1 and "expected.json" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [["claims", "--bogus"], ["claims", "--format", "xml"], ["provenance"], ["claims", "--as-of", "yesterday"], ["nosuchcmd"]],
)
def test_cli_usage_mistakes_are_one_line(args, seeded_db):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "xiaomi_ev_kb", *args, *(["--db", str(seeded_db)] if args[0] != "nosuchcmd" else [])],
                       capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


def test_cli_entity_xiaomi_covers_its_car_unit(seeded_db):
    assert len(as_json("claims", "--entity", "Xiaomi", "--db", str(seeded_db))) == len(as_json("claims", "--db", str(seeded_db)))


def test_cli_source_percent_is_literal(seeded_db):
    assert as_json("claims", "--source", "%", "--db", str(seeded_db)) == []


def test_cli_read_on_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["sources", "--db", str(empty)])
    assert result.exit_code == 1 and "empty file" in result.output
    assert empty.stat().st_size == 0


def test_cli_load_of_nothing_leaves_no_database(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path / "nope"), "--db", str(tmp_path / "new.db")])
    assert result.exit_code == 1 and not (tmp_path / "new.db").exists()


def test_cli_a_lock_met_outside_the_retries_is_one_line(capsys):
    import sqlite3

    import typer

    from xiaomi_ev_kb import cli

    with pytest.raises(typer.Exit):
        with cli._reported_errors():
            raise sqlite3.OperationalError("database is locked")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "locked by another process" in err
    with pytest.raises(sqlite3.OperationalError, match="no such table"):  # other errors are bugs: not hidden
        with cli._reported_errors():
            raise sqlite3.OperationalError("no such table: x")


def test_cli_interrupt_exits_130_with_one_line(monkeypatch, capsys):
    from xiaomi_ev_kb import cli

    def interrupted(**_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "app", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 130 and capsys.readouterr().err.strip() == "interrupted"


@pytest.mark.parametrize("command", ["sources", "report", "contradictions --as-of 2024-01-01", "db status"])
def test_cli_a_lock_met_through_the_orm_is_one_line(seeded_copy, monkeypatch, command):
    """SQLAlchemy wraps SQLite's "database is locked" in its own OperationalError (all_sources,
    list_sources and counts read through the ORM): still one line and exit 1, no traceback."""
    import sqlite3

    import sqlalchemy.exc

    import xiaomi_ev_kb.queries as queries
    import xiaomi_ev_kb.storage as storage

    def locked(*_args, **_kwargs):
        raise sqlalchemy.exc.OperationalError("SELECT ...", {}, sqlite3.OperationalError("database is locked"))

    for module, name in ((queries, "list_sources"), (queries, "all_sources"), (storage, "schema_version")):
        monkeypatch.setattr(module, name, locked)
    import xiaomi_ev_kb.cli as cli

    monkeypatch.setattr(cli, "list_sources", locked)
    monkeypatch.setattr(cli, "db_status", locked)
    result = run(*command.split(), "--db", str(seeded_copy), ok=False)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "locked by another process" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_cli_ctrl_c_after_the_articles_are_stored_says_interrupted(tmp_path, monkeypatch):
    """Ctrl-C during the refresh that ends a load (the articles are stored, the load's own
    handler is gone): one line saying so and exit status 130, not a silent 130."""
    import xiaomi_ev_kb.loader as loader

    def press(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "refresh", press)
    result = run("load", str(SEEDS), "--db", str(tmp_path / "kb.db"), ok=False)
    assert result.exit_code == 130, result.output
    assert result.output.strip().splitlines()[-1] == "interrupted", result.output


@pytest.mark.parametrize("folder", ["m[/b]", "[bold red]loud[/bold red]", "esc\x1b[2Jape"])
def test_cli_a_path_is_printed_as_it_is_never_as_markup(tmp_path, folder):
    """The database path in load's summary (and every message) is the user's text: a folder named
    'm[/b]' made load exit 1 after it had committed, '[bold red]' became a style, and an escape
    sequence reached the terminal."""
    where = tmp_path / folder
    where.mkdir(parents=True)
    db = where / "kb.db"
    result = run("load", str(SEEDS / "002_9cd80047efbb1761.txt"), "--db", str(db), ok=False)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    shown = "".join(folder.replace("\x1b", "\ufffd").split())  # the title wraps: compare without spaces
    assert shown in "".join(result.output.split()), result.output
    assert len(as_json("sources", "--db", str(db))) == 1
    out = tmp_path / "export.jsonl"
    run("export", "-o", str(out), "--db", str(db))
    imported = run("import", str(out), "--db", str(where / "copy.db"))
    assert shown in "".join(imported.output.split()) and "\x1b" not in imported.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--limit", str(2**64)), None),
        (("--offset", str(2**64)), None),
        (("--limit", str(2**63 - 1), "--offset", str(2**63 - 1)), None),
        (("--source", "a" * 60_000), "--source is 60,000 characters long; give at most 1,000"),
        (("--entity", "b" * 60_000), "--entity is 60,000 characters long; give at most 1,000"),
        (("--text", "ab " * 300), "--text has 300 words; give at most 50"),
    ],
    ids=["limit-2^64", "offset-2^64", "limit-and-offset-int64", "source-60k", "entity-60k", "text-300-words"],
)
def test_cli_huge_claims_filters_are_a_page_or_one_line(seeded_copy, args, expected):
    """--limit of 2^64 and a 60,000-character --source gave tracebacks (an integer SQLite cannot
    hold, a LIKE pattern SQLite refuses): a limit beyond any table is all of it, an offset beyond
    it is an empty page, and an over-long filter is one line."""
    result = run("claims", *args, "--format", "json", "--db", str(seeded_copy), ok=False)
    if expected is None:
        assert result.exit_code == 0, result.output
        assert isinstance(json.loads(result.stdout), list)
    else:
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert result.output.strip() == f"error: {expected}", result.output


@pytest.mark.parametrize(
    "spec",
    [[1, 2], {"articles": [1]}, {"articles": {"a.md": {"claims": [{"value": 1}]}}}, {"findings": {"kind": "x"}}, None],
    ids=["list", "articles-list", "claim-without-property", "findings-object", "null"],
)
def test_cli_eval_with_an_expectations_file_of_the_wrong_shape_is_one_line(tmp_path, spec):
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps(spec))
    result = run("eval", str(SEEDS), "--expected", str(expected), ok=False)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"error: {expected}: ") and "corpus/GUIDE.md for the shape" in line, line
