"""The CLI's visual report (`report --html`), `browse`, and progress bars, through CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from xiaomi_ev_kb import cli, progress
from xiaomi_ev_kb.cli import app

from conftest import SEEDS

runner = CliRunner()


def run(*args: str, ok: bool = True, env: dict | None = None):
    result = runner.invoke(app, list(args), env=env)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    err = result.stderr.strip()
    assert err.startswith("error: ") and len(err.splitlines()) == 1, err
    assert "Traceback" not in result.output
    for w in words:
        assert w in err, err


def test_cli_report_html_writes_one_page(seeded_db, tmp_path):
    out = tmp_path / "report.html"
    result = run("report", "--html", str(out), "--db", str(seeded_db))
    assert result.stdout.startswith(f"wrote {out}") and len(result.stdout.strip().splitlines()) == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="kb-data"' in page and "plotly.js" in page
    assert not (tmp_path / "report.html.part").exists()


def test_cli_report_html_to_standard_output(seeded_db):
    result = run("report", "--html", "-", "--topic", "capacity", "--db", str(seeded_db))
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--topic", "nonsense"], ["unknown topic"]),
        (["--db", "{tmp}/missing.db"], ["no knowledge base"]),
    ],
)
def test_cli_report_html_errors_are_one_line(seeded_db, tmp_path, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    db = [] if "--db" in args else ["--db", str(seeded_db)]
    _one_line_error(run("report", "--html", str(tmp_path / "r.html"), *db, *args, ok=False), *words)


def test_cli_report_html_unwritable_target_is_one_line(seeded_db, tmp_path):
    target = tmp_path / "no-such-folder" / "r.html"
    _one_line_error(run("report", "--html", str(target), "--db", str(seeded_db), ok=False), "cannot write")


def test_cli_browse_without_datasette_says_how_to_install(seeded_db, monkeypatch):
    monkeypatch.setattr(cli, "datasette_installed", lambda: False)
    _one_line_error(run("browse", "--db", str(seeded_db), ok=False), "Datasette is not installed", "[browse]")


def test_cli_browse_without_a_database_is_one_line(tmp_path):
    _one_line_error(run("browse", "--db", str(tmp_path / "none.db"), ok=False), "no knowledge base")


# --- progress: on a terminal's stderr, never in data on stdout ---------------------------------

TTY = {"TTY_COMPATIBLE": "1", "COLUMNS": "120"}


@pytest.fixture
def no_delay(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)


def test_cli_export_to_stdout_has_no_bar(seeded_db, no_delay):
    result = run("export", "--db", str(seeded_db), env=TTY)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["type"] for r in rows} == {"article", "claim"}
    assert result.stderr == ""


def test_cli_export_to_a_file_shows_a_bar_on_stderr(seeded_db, tmp_path, no_delay):
    out = tmp_path / "kb.jsonl"
    result = run("export", "-o", str(out), "--db", str(seeded_db), env=TTY)
    assert "exporting" in result.stderr and result.stdout == ""
    assert all(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())


def test_cli_load_and_import_bars_stay_off_stdout(tmp_path, no_delay):
    db = str(tmp_path / "kb.db")
    result = run("load", str(SEEDS), "--db", db, env=TTY)
    assert "loading" in result.stderr or "cross-checking" in result.stderr
    assert "━" not in result.stdout and "loading" not in result.stdout
    export = tmp_path / "kb.jsonl"
    run("export", "-o", str(export), "--db", db)
    result = run("import", str(export), "--db", str(tmp_path / "copy.db"), env=TTY)
    assert "importing" in result.stderr or "cross-checking" in result.stderr
    assert "imported" in result.stdout and "━" not in result.stdout and "importing" not in result.stdout


def test_cli_report_html_bar_only_when_the_page_goes_to_a_file(seeded_db, tmp_path, no_delay):
    result = run("report", "--html", str(tmp_path / "r.html"), "--db", str(seeded_db), env=TTY)
    assert "━" in result.stderr or "charting" in result.stderr or "reading" in result.stderr
    result = run("report", "--html", "-", "--db", str(seeded_db), env=TTY)
    assert result.stderr == "" and result.stdout.startswith("<!DOCTYPE html>")


def test_cli_no_bar_when_stderr_is_not_a_terminal(seeded_db, tmp_path, no_delay):
    result = run("export", "-o", str(tmp_path / "kb.jsonl"), "--db", str(seeded_db), env={"TTY_COMPATIBLE": "0"})
    assert result.stderr == ""
