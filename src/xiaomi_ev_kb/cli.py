"""The command line: parses options, calls the library, renders. Nothing else lives here."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy.exc
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import render
from .browsing import INSTALL_HINT as DATASETTE_HINT
from .browsing import datasette_installed, serve_datasette
from .derived import refresh
from .errors import DamagedError, KBError
from .evaluate import evaluate
from .html_report import render_html
from .ingest import MAX_BYTES
from .loader import LoadOptions, collect_paths, json_records, load_paths
from .progress import progress_bar
from .queries import (
    PAGE_SIZE,
    ClaimFilter,
    claim_backing,
    contradictions,
    list_entities,
    list_sources,
    page_claims,
    provenance,
    report,
    timeline,
)
from .storage import (
    DB_ENV,
    DEFAULT_DB,
    DEFAULT_WAIT,
    KB,
    counts,
    database_error,
    db_status,
    export_rows,
    import_rows,
    open_db,
    resolve_db_path,
)

app = typer.Typer(
    name="xiaomi-ev-kb",
    help="A claim-tracking knowledge base for news about Xiaomi's EV business.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def _console(stderr: bool = False) -> Console:
    """A console made per call, so the width follows $COLUMNS at the time of the command."""
    return Console(stderr=stderr, emoji=False)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=f"Database file. Default: ${DB_ENV}, else ./{DEFAULT_DB}.",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        metavar="SECONDS",
        help=f"How long to wait for another process's write lock (a load or refresh) before giving up. Default: {DEFAULT_WAIT:g}.",
        show_default=False,
    ),
]


def _fail(message: str) -> None:
    _console(stderr=True).print(Text.assemble(("error: ", "red"), render.clean(message)), highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@contextmanager
def _reported_errors(db: Path | None = None) -> Iterator[None]:
    """The project's errors become one red line on stderr and exit status 1, and so do SQLite's
    (met through sqlite3 or the ORM: a damaged file, a full disk, a read-only folder, a lock);
    Ctrl-C says "interrupted" and exits with 130."""
    try:
        yield
    except KBError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # typer would turn it into a silent exit status 130
        _console(stderr=True).print(Text("interrupted", style="red"))
        raise typer.Exit(130) from None
    except (sqlite3.Error, sqlalchemy.exc.DBAPIError) as exc:  # SQLAlchemy keeps SQLite's error as .orig
        problem = database_error(exc, resolve_db_path(db))
        if problem is None:
            raise  # not the file's doing: a bug, shown as one
        _fail(str(problem))


def _open(db: Path | None, wait: float, create: bool = False, err: Console | None = None) -> KB:
    """open_db with the wait for another process's lock reported on stderr: at once, then every
    few seconds (who holds it, for how long, until when). A new file is made on the first write."""
    err = err or _console(stderr=True)
    path = resolve_db_path(db)
    shown: list[float] = []

    def waiting(holder: str, seconds: float) -> None:
        if not shown:
            note = f"waiting for {holder} to finish writing to {path} (gives up after {wait:g} s; --wait SECONDS to change)"
        elif seconds - shown[-1] >= _WAIT_NOTE_EVERY:
            note = f"still waiting for {holder}: {seconds:.0f} s of {wait:g} s"
        else:
            return
        shown.append(seconds)
        err.print(Text.assemble(("waiting: ", "yellow"), render.clean(note)), highlight=False, soft_wrap=True)

    return open_db(db, create=create, wait=wait, on_wait=waiting, defer=create)


_WAIT_NOTE_EVERY = 5.0  # seconds between the notes of a long wait


def _emit(items: list[dict[str, Any]], fmt: Format, table_builder) -> None:
    if fmt is Format.json:
        sys.stdout.write(render.to_json(items) + "\n")
    elif fmt is Format.jsonl:
        if items:
            sys.stdout.write(render.to_jsonl(items) + "\n")
    elif fmt is Format.csv:
        if items:
            sys.stdout.write(render.to_csv(items) + "\n")
    else:
        _console().print(table_builder())


@app.command()
def load(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Article files (.txt, .md, .html, .jsonl), folders, or - for standard input. Default: seeds/."),
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of the files (default: detected).")] = None,
    published: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Publication date (YYYY-MM-DD) for every article loaded; beats metadata."),
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this.")] = MAX_BYTES,
    jobs: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes extracting claims (default: one per core; at most twice the cores, and no more than there are articles; 1 = this process only).",
        ),
    ] = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Load articles into the knowledge base and extract their claims (re-loading changes nothing)."""
    targets = paths or ["seeds"]
    options = LoadOptions(encoding=encoding, published=_day(published), max_bytes=max_bytes, jobs=jobs)
    err = _console(stderr=True)
    files, problems = collect_paths(targets)
    if not files:  # nothing to read: say why, and do not leave an empty database behind
        for _path, problem in problems:
            err.print(Text.assemble(("skipped: ", "red"), render.clean(problem)), highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    with _reported_errors(db):
        kb = _open(db, wait, create=True, err=err)
        with progress_bar("loading", err) as bar:
            report = load_paths(
                kb,
                targets,
                on_start=lambda n: bar.update(total=n),
                on_file=lambda p: bar.update(advance=1, note=render.clean(p.name)),
                options=options,
                on_refresh=bar.counted("cross-checking"),
            )
    where = render.clean(str(kb.path))  # a path is the user's text: never markup, no control characters
    summary = Table(title=Text(f"Nothing stored; {where} was not created" if kb.pending else f"Loaded into {where}"), show_header=False)
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    summary.add_row("articles loaded", str(len(report.loaded)))
    summary.add_row("  of them new versions", str(len(report.new_versions)))
    summary.add_row("unchanged (already stored)", str(len(report.unchanged)))
    summary.add_row("failed", str(len(report.failed)))
    summary.add_row("claims extracted", str(report.claims))
    for topic, n in sorted(report.claims_per_topic.items()):
        summary.add_row(f"  {topic}", str(n))
    _console().print(summary)
    for _path, problem in report.failed:
        err.print(Text.assemble(("skipped: ", "red"), render.clean(problem)), highlight=False, soft_wrap=True)
    for _path, warning in report.warnings:
        err.print(Text.assemble(("warning: ", "yellow"), render.clean(warning)), highlight=False, soft_wrap=True)
    if report.interrupted:
        err.print("interrupted: stopped after the last whole article; run the same load again to finish", highlight=False, soft_wrap=True)
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(1)


AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Only what articles published by this date (YYYY-MM-DD) said: what a reader knew then.",
    ),
]
TopicOption = Annotated[
    str | None,
    typer.Option(help="approval, capacity, production, deliveries, supplier, timeline, investment, price or spec."),
]


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@app.command("contradictions")
def contradictions_cmd(
    topic: TopicOption = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Report claims that contradict each other across (or within) articles."""
    with _reported_errors(db):
        kb = _open(db, wait)
        findings, claims, sources = contradictions(kb, topic, as_of=_day(as_of))
    items = [render.finding_dict(f, claims, sources) for f in findings]
    _emit(items, fmt, lambda: render.findings_view(findings, claims, sources))


@app.command()
def claims(
    topic: TopicOption = None,
    entity: Annotated[str | None, typer.Option(help="An organisation, plant or vehicle, by any alias ('Ningde era' finds CATL).")] = None,
    source: Annotated[str | None, typer.Option(help="Part of the file name, the publisher, or the article id.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Words that must all appear in the quote.")] = None,
    as_of: AsOfOption = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Also claims of superseded versions of an article.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(min=0, show_default=False, help=f"Claims per page; 0 = all. Default: {PAGE_SIZE} for the table, all for json/jsonl/csv."),
    ] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many claims: the next page starts at --offset 100.")] = 0,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
    fmt: FormatOption = Format.table,
) -> None:
    """List claims, oldest publication first, with how many articles and independent origins back each."""
    with _reported_errors(db):
        kb = _open(db, wait)
        flt = ClaimFilter(topic=topic, entity=entity, source=source, text=text, as_of=_day(as_of), all_versions=all_versions)
        if limit is None:  # data formats are for export: all of it unless a page is asked for
            limit = PAGE_SIZE if fmt is Format.table else 0
        page = page_claims(kb, flt, limit=limit or None, offset=offset)
        rows = page.rows
        backing = claim_backing(kb, [c for c, _ in rows], _day(as_of))
    items = [render.claim_dict(c, s, backing.get(c.id)) for c, s in rows]
    _emit(items, fmt, lambda: render.claims_table(rows, backing))
    if page.shown:  # a page, not the whole listing: say so (on stderr when the output is data)
        note = f"showing {page.shown}" + (f"; --offset {offset + len(rows)} for more" if page.more else "")
        _console(stderr=fmt is not Format.table).print(note, highlight=False, soft_wrap=True)


@app.command("provenance")
def provenance_cmd(
    claim_id: Annotated[str, typer.Argument(help="A claim id, as listed by 'claims'.")],
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Where one claim comes from: article, sentence, offsets, certainty, and who agrees or disagrees."""
    with _reported_errors(db):
        kb = _open(db, wait)
        p = provenance(kb, claim_id.strip())
    _emit([render.provenance_dict(p)], fmt, lambda: render.provenance_view(p))


@app.command()
def sources(db: DbOption = None, wait: WaitOption = DEFAULT_WAIT, fmt: FormatOption = Format.table) -> None:
    """List the loaded articles with publisher, publication date (and how it is known), claim counts."""
    with _reported_errors(db):
        kb = _open(db, wait)
        rows = list_sources(kb)
    _emit(rows, fmt, lambda: render.sources_table(rows))


@app.command()
def entities(db: DbOption = None, wait: WaitOption = DEFAULT_WAIT, fmt: FormatOption = Format.table) -> None:
    """List canonical entities with their aliases (translation variants included) and claim counts."""
    with _reported_errors(db):
        kb = _open(db, wait)
        rows = list_entities(kb)
    _emit(rows, fmt, lambda: render.entities_table(rows))


@app.command("timeline")
def timeline_cmd(
    topic: TopicOption = None,
    entity: Annotated[str | None, typer.Option(help="Only claims about this entity (any alias).")] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Per milestone: what was claimed, when it was said and for when, with revisions and missed predictions."""
    with _reported_errors(db):
        kb = _open(db, wait)
        rows = timeline(kb, topic, entity, _day(as_of))
    _emit(rows, fmt, lambda: render.timeline_view(rows))


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"


@app.command("report")
def report_cmd(
    topic: TopicOption = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.markdown,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Write the visual report to this file instead (one self-contained HTML page: "
            "per topic a chart of every claim against its publication date, contradictions beside it); - for standard output.",
        ),
    ] = None,
) -> None:
    """Per topic: the consensus value, the dissent, and the evidence quotes — ready for a memo (or, with --html, a page of charts)."""
    if html is not None:
        _write_html_report(html, topic, _day(as_of), db, wait)
        return
    with _reported_errors(db):
        kb = _open(db, wait)
        result, srcs = report(kb, topic, _day(as_of))
    if fmt is ReportFormat.json:
        sys.stdout.write(render.to_json([r.to_dict(srcs) for r in result]) + "\n")
    else:
        sys.stdout.write(render.report_markdown(result, srcs, topic=topic, as_of=_day(as_of)))


def _write_html_report(target: Path, topic: str | None, as_of: date | None, db: Path | None, wait: float) -> None:
    to_stdout = str(target) == "-"
    with _reported_errors(db):
        kb = _open(db, wait)
        with progress_bar("reading", _console(stderr=True), data_on_stdout=to_stdout) as bar:
            page = render_html(kb, topic, as_of, on_step=bar.step)
    if to_stdout:
        sys.stdout.write(page)
        return
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(f"{target}: cannot write ({exc.strerror or exc})")
    size = target.stat().st_size
    _console().print(f"wrote {target} ({size / 1_000_000:.1f} MB); open it in a browser, no network needed", highlight=False, soft_wrap=True)


@app.command("eval")
def eval_cmd(
    folder: Annotated[
        Path, typer.Argument(help="A folder holding articles/ and expected.json (e.g. corpus/dev), or a folder of articles.")
    ],
    expected: Annotated[Path | None, typer.Option(help="Expectations file. Default: expected.json beside or in the folder.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.markdown,
    details: Annotated[bool, typer.Option("--details/--summary", help="List every missed and unexpected claim and finding.")] = True,
) -> None:
    """Recall and precision of claims per topic, and of contradictions, against hand annotations (corpus/GUIDE.md)."""
    articles = folder / "articles" if (folder / "articles").is_dir() else folder
    if expected is None and not (articles.parent / "expected.json").is_file() and (folder / "expected.json").is_file():
        expected = folder / "expected.json"
    with _reported_errors():
        ev = evaluate(articles, expected)
    if fmt is ReportFormat.json:
        sys.stdout.write(render.to_json([ev.summary()]) + "\n")
    else:
        sys.stdout.write(render.evaluation_markdown(ev, details=details))


db_app = typer.Typer(help="Housekeeping of the database file.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("status")
def db_status_cmd(db: DbOption = None, wait: WaitOption = DEFAULT_WAIT, fmt: FormatOption = Format.table) -> None:
    """Path, schema version, counts and integrity of the database."""
    with _reported_errors(db):
        try:
            target: KB | Path = _open(db, wait)
        except DamagedError:  # too damaged to open as a knowledge base: report what SQLite finds in the file
            target = resolve_db_path(db)
        status = db_status(target)
    _emit([status], fmt, lambda: render.status_table(status))
    if status["damaged"]:
        _console(stderr=True).print(
            Text.assemble(("error: ", "red"), render.clean(f"{status['path']} is damaged: restore it from a backup, or an export with 'xiaomi-ev-kb import FILE --db NEW.db'")),
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)


@db_app.command("path")
def db_path_cmd(db: DbOption = None) -> None:
    """Print the database path that commands would use."""
    sys.stdout.write(str(resolve_db_path(db)) + "\n")


@app.command("export")
def export_cmd(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Write the whole knowledge base (all versions of every article, all claims) as JSONL."""
    tmp = output.with_name(output.name + ".part") if output else None
    with _reported_errors(db):
        kb = _open(db, wait)
        try:
            with progress_bar("exporting", _console(stderr=True), data_on_stdout=output is None) as bar:
                size = counts(kb) if bar.enabled else {}
                rows = bar.track(export_rows(kb), total=sum(size.values()) if size else None)
                lines = (render.to_jsonl([r]) + "\n" for r in rows)
                if tmp and output:
                    with tmp.open("w", encoding="utf-8") as fh:
                        fh.writelines(lines)
                    tmp.replace(output)  # the file appears whole, or not at all
                else:
                    sys.stdout.writelines(lines)
                    sys.stdout.flush()
        except OSError as exc:
            _fail(f"{output or 'standard output'}: cannot write ({exc.strerror or exc}); free some space or choose another file with -o")
        finally:
            if tmp:
                tmp.unlink(missing_ok=True)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A JSONL file written by 'export' (or - for standard input).")],
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Restore an export exactly (ids, dates, versions); rows already present are kept. Every record
    is checked first: one bad record is an error naming its line, and nothing is imported."""
    try:
        raw = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"{file}: cannot read ({getattr(exc, 'strerror', None) or exc})")
        return
    with _reported_errors(db):
        kb = _open(db, wait, create=True)
        lines = raw.splitlines()
        with progress_bar("importing", _console(stderr=True)) as bar:
            imported = import_rows(kb, json_records(bar.track(lines, total=len(lines)), str(file)), str(file))
            refresh(kb, on_partition=bar.counted("cross-checking"))  # the stored findings and backing of what came in
    where = "nothing stored; no database was created" if kb.pending else f"into {render.clean(str(kb.path))}"
    _console().print(Text(f"imported {imported['articles']} articles and {imported['claims']} claims {where}"), soft_wrap=True)


@app.command()
def browse(
    host: Annotated[str, typer.Option(help="Address to listen on (the default is this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open a web browser at the database's page.")] = False,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT,
) -> None:
    """Open the knowledge base in Datasette (an optional extra): claims with sources as facets,
    full-text search on quotes, contradictions, provenance; Ctrl-C stops it."""
    err = _console(stderr=True)
    with _reported_errors(db):
        kb = _open(db, wait, err=err)
        if not datasette_installed():
            raise KBError(f"Datasette is not installed: {DATASETTE_HINT}")
        with progress_bar("cross-checking", err) as bar:
            refresh(kb, on_partition=bar.counted("cross-checking"))  # the views read stored findings
        serve_datasette(
            kb, host, port, open_browser,
            on_start=lambda url: err.print(f"Datasette at {url} (Ctrl-C stops it)", highlight=False, soft_wrap=True),
        )


def main() -> None:
    """Entry point: usage mistakes get one line on stderr, like every other error."""
    try:
        from typer._click import exceptions as cx  # typer >= 0.20 carries its own click
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import exceptions as cx

    try:
        result = app(prog_name="xiaomi-ev-kb", standalone_mode=False)
    except getattr(cx, "NoArgsIsHelpError", ()):
        sys.exit(0)  # the help has been shown
    except cx.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "xiaomi-ev-kb"
        message = render.clean(exc.format_message()).replace("\n", " ")
        _console(stderr=True).print(Text.assemble(("error: ", "red"), f"{message} (see '{where} --help')"), soft_wrap=True)
        sys.exit(exc.exit_code)
    except (getattr(cx, "Abort", KeyboardInterrupt), KeyboardInterrupt):  # this typer has no Abort
        _console(stderr=True).print(Text("interrupted", style="red"))
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
