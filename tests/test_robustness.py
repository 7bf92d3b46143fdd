"""Crashes, concurrency, Ctrl-C, no network, arbitrary input and hostile text (issue 4).

The subprocess tests run the real program (``python -m xiaomi_ev_kb``) against a corpus of
40 small generated articles and compare what is stored with one uninterrupted reference
load: a knowledge base must never hold half an article, whatever happens to the process.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from xiaomi_ev_kb import ingest, load_paths, open_db, quantities, timeexpr
from xiaomi_ev_kb.cli import app
from xiaomi_ev_kb.errors import InputError
from xiaomi_ev_kb.extract import extract_claims

PYTHON = Path(sys.executable)
N_ARTICLES = 40
runner = CliRunner()


# ---------------------------------------------------------------------------------------
# a corpus of small articles, and the state one uninterrupted load leaves

_PUBLISHERS = [
    "Reuters",
    "CnEVPost",
    "Bloomberg",
    "CarNewsChina",
    "Gasgoo",
    "Caixin",
    "Sina Tech",
    "36Kr",
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July"]
_SENTENCES = [
    "Xiaomi said its Beijing factory has an annual production capacity of {cap},000 vehicles.",
    "The Xiaomi SU7 starts at {price},900 yuan, the company said.",
    "Xiaomi delivered {k},{r:03d} SU7 cars in {month} 2024, the company said.",
    "Xiaomi plans to deliver {target},000 vehicles in 2024, Lei Jun said.",
    "Xiaomi will invest {inv} billion yuan in its EV business over the next ten years.",
    "CATL supplies the battery packs for the Xiaomi SU7 Max, according to people familiar with the matter.",
    "Xiaomi received approval from the NDRC to build electric vehicles in August 2023.",
    "Mass production of the Xiaomi SU7 began in {month} 2024 at the Beijing plant.",
    "The SU7 Max has a range of {rng} km on the CLTC cycle, Xiaomi said.",
    "Xiaomi expects the second phase of the factory to start production in 2025.",
    "BYD's FinDreams will supply blade batteries for the standard SU7, a supplier source said.",
    "Lei Jun said Xiaomi had received {orders},{r:03d} locked-in orders for the SU7.",
]


def write_corpus(folder: Path, n: int = N_ARTICLES, seed: int = 20240328) -> list[Path]:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        values = {
            "cap": rnd.choice([100, 150, 200, 300]),
            "price": rnd.choice([215, 229, 245, 299]),
            "k": rnd.randint(5, 20),
            "r": rnd.randint(0, 999),
            "month": rnd.choice(_MONTHS),
            "target": rnd.choice([76, 100, 120]),
            "inv": rnd.choice([10, 20, 30]),
            "rng": rnd.choice([700, 800, 830]),
            "orders": rnd.choice([50, 75, 88]),
        }
        body = " ".join(s.format(**values) for s in rnd.sample(_SENTENCES, 5))
        text = (
            f"---\npublisher: {rnd.choice(_PUBLISHERS)}\npublished: 2024-{1 + i % 9:02d}-{1 + i % 28:02d}\n---\n"
            f"Xiaomi EV briefing number {i}\n\n{body}\n"
        )
        p = folder / f"article{i:02d}.md"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def load_cmd(target: Path | str, db: Path) -> list[str]:
    return [str(PYTHON), "-m", "xiaomi_ev_kb", "load", str(target), "--db", str(db)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["COLUMNS"] = "160"
    env.pop("PYTHONBREAKPOINT", None)
    return env


def popen(cmd: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd, cwd=cwd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def article_count(db: Path) -> int | None:
    """Articles committed so far, read without writing (None while there is no table yet)."""
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return con.execute("SELECT count(*) FROM article").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def wait_for_articles(p: subprocess.Popen, db: Path, more_than: int, limit: float = 60) -> None:
    """Return once the process has committed an article beyond ``more_than`` (or has ended)."""
    deadline = time.monotonic() + limit
    while p.poll() is None and time.monotonic() < deadline:
        n = article_count(db)
        if n is not None and n > more_than:
            return
        time.sleep(0.005)


def db_state(db: Path) -> tuple[str, dict[str, frozenset[str]]]:
    """(PRAGMA integrity_check, article id -> its claim ids) of a database file."""
    if not db.exists():
        return "ok", {}
    con = sqlite3.connect(db, timeout=30)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return integrity, {}
        assert "kb_meta" in tables, f"tables without a schema version: {tables}"
        assert not con.execute("PRAGMA foreign_key_check").fetchall()
        state: dict[str, set[str]] = {r[0]: set() for r in con.execute("SELECT id FROM article")}
        for claim_id, article_id in con.execute("SELECT id, article_id FROM claim"):
            state.setdefault(article_id, set()).add(
                claim_id
            )  # an orphan claim shows as an extra key
        return integrity, {k: frozenset(v) for k, v in state.items()}
    finally:
        con.close()


def table_rows(db: Path) -> tuple[list, list]:
    """Every claim row, and every article row but its load time, in a stable order."""
    con = sqlite3.connect(db, timeout=30)
    try:
        claims = con.execute("SELECT * FROM claim ORDER BY id").fetchall()
        cols = [r[1] for r in con.execute("PRAGMA table_info(article)") if r[1] != "loaded_at"]
        articles = con.execute(f"SELECT {', '.join(cols)} FROM article ORDER BY id").fetchall()
        return claims, articles
    finally:
        con.close()


def assert_whole_articles(db: Path, reference: dict[str, frozenset[str]]) -> int:
    integrity, state = db_state(db)
    assert integrity == "ok"
    assert set(state) <= set(reference), "an article or claim that the reference load does not have"
    for article_id, claim_ids in state.items():
        assert claim_ids == reference[article_id], f"partial article {article_id}"
    return len(state)


class Corpus:
    def __init__(self, root: Path):
        self.root = root
        self.folder = root / "articles"
        self.paths = write_corpus(self.folder)
        self.ref_db = root / "reference.db"
        t0 = time.monotonic()
        done = subprocess.run(
            load_cmd(self.folder, self.ref_db),
            cwd=root,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.seconds = time.monotonic() - t0
        assert done.returncode == 0, done.stderr
        integrity, self.reference = db_state(self.ref_db)
        assert integrity == "ok" and len(self.reference) == N_ARTICLES
        assert sum(len(v) for v in self.reference.values()) >= 2 * N_ARTICLES, (
            "too few claims to be a fair test"
        )
        self.rows = table_rows(self.ref_db)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus"))


# ---------------------------------------------------------------------------------------
# SIGKILL at random moments


def test_sigkill_at_random_moments_leaves_whole_articles_and_rerun_completes(corpus, tmp_path):
    """Five loads killed with SIGKILL: after each the file passes the integrity check and holds
    only whole articles; a final run ends exactly where one uninterrupted load does.

    Delays are drawn from a seeded generator between 0.05 s and the length of a whole run
    (at least 1.5 s); two of the kills are instead aimed just after the run's first commit,
    so that some kill certainly lands in the middle of writing."""
    rnd = random.Random(4)
    db = tmp_path / "b.db"
    seen = []
    for round_ in range(5):
        before = article_count(db) or 0
        p = popen(load_cmd(corpus.folder, db), tmp_path)
        try:
            if round_ in (0, 3):
                wait_for_articles(p, db, before)
                time.sleep(rnd.uniform(0.0, 0.05))
            else:
                time.sleep(rnd.uniform(0.05, max(1.5, corpus.seconds)))
        finally:
            p.kill()
            p.communicate(timeout=30)
        seen.append(assert_whole_articles(db, corpus.reference))
    assert any(0 < n < N_ARTICLES for n in seen), f"no kill landed mid-load: {seen}"

    done = subprocess.run(
        load_cmd(corpus.folder, db),
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    integrity, state = db_state(db)
    assert integrity == "ok"
    assert state == corpus.reference
    assert table_rows(db) == corpus.rows


# ---------------------------------------------------------------------------------------
# concurrent use


def test_two_loads_at_once_both_succeed_with_the_union(corpus, tmp_path):
    halves = [tmp_path / "first", tmp_path / "second"]
    for half in halves:
        half.mkdir()
    for i, p in enumerate(corpus.paths):
        shutil.copy(p, halves[i % 2] / p.name)
    db = tmp_path / "shared.db"
    procs = [popen(load_cmd(half, db), tmp_path) for half in halves]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
    integrity, state = db_state(db)
    assert integrity == "ok"
    assert state == corpus.reference
    assert table_rows(db)[0] == corpus.rows[0]  # the same claims, byte for byte


def _loaded(summary: str) -> int:
    """'articles loaded' from a load's summary table."""
    import re

    return int(re.search(r"articles loaded\s*│\s*(\d+)", summary).group(1))


def test_concurrent_loads_of_one_corpus_count_each_article_once(corpus, tmp_path):
    """Four loads of the same corpus at once: together they report each article loaded once
    (each counts what it stored itself), and the result is one load's."""
    db = tmp_path / "race.db"
    procs = [popen(load_cmd(corpus.folder, db), tmp_path) for _ in range(4)]
    results = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    assert sum(_loaded(out) for out, _err in results) == N_ARTICLES
    assert db_state(db) == ("ok", corpus.reference)


def test_reads_work_during_a_load(corpus, tmp_path):
    db = tmp_path / "busy.db"
    load = popen(load_cmd(corpus.folder, db), tmp_path)
    try:
        wait_for_articles(load, db, 0)
        read = subprocess.run(
            [str(PYTHON), "-m", "xiaomi_ev_kb", "claims", "--format", "json", "--db", str(db)],
            cwd=tmp_path,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        out, err = load.communicate(timeout=120)
    assert read.returncode == 0, read.stderr
    claims = json.loads(read.stdout)
    every = set().union(*corpus.reference.values())
    assert {c["id"] for c in claims} <= every
    assert load.returncode == 0, err
    assert db_state(db)[1] == corpus.reference


def test_a_read_is_not_blocked_by_an_open_write_transaction(corpus, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(corpus.ref_db, db)
    writer = sqlite3.connect(db, isolation_level=None, timeout=30)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "DELETE FROM claim WHERE rowid = (SELECT min(rowid) FROM claim)"
    )  # not committed
    read = popen(
        [str(PYTHON), "-m", "xiaomi_ev_kb", "claims", "--limit", "0", "--format", "json", "--db", str(db)], tmp_path
    )
    out = err = ""
    try:
        try:
            # communicate, not wait: the JSON is larger than a pipe's buffer
            out, err = read.communicate(timeout=8)
            finished_while_writing = True
        except subprocess.TimeoutExpired:
            finished_while_writing = False
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        if not finished_while_writing:
            out, err = read.communicate(timeout=60)
    assert finished_while_writing, "the read waited for the writer"
    assert read.returncode == 0, err
    assert len(json.loads(out)) == sum(len(v) for v in corpus.reference.values())


# ---------------------------------------------------------------------------------------
# Ctrl-C


def test_ctrl_c_stops_cleanly_after_a_whole_article(corpus, tmp_path):
    db = tmp_path / "interrupted.db"
    p = popen(load_cmd(corpus.folder, db), tmp_path)
    try:
        wait_for_articles(p, db, 0)
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    finally:
        out, err = p.communicate(timeout=60)
    assert p.returncode in (0, 130), (p.returncode, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    if p.returncode == 130:
        assert "interrupted" in err
        assert "articles loaded" in out  # the summary of what was done
    n = assert_whole_articles(db, corpus.reference)
    assert n >= 1
    done = subprocess.run(
        load_cmd(corpus.folder, db),
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert db_state(db)[1] == corpus.reference


def _mapped(pid: int) -> str:
    """The files a process has mapped (shared libraries: which extension modules it imported)."""
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see what a process has imported")
def test_ctrl_c_while_starting_prints_no_traceback(corpus, tmp_path):
    """Ctrl-C while the program imports its modules (most of a second) ends it with one line and
    status 130. The interrupt lands at a known moment: the process is stopped (SIGSTOP) once it
    imports the CLI (the sqlite3 extension is mapped) and checked to be still starting (spaCy's
    numpy not mapped, no database yet); the SIGINT sent then is delivered where it stopped, on
    SIGCONT. A fixed sleep landed anywhere under load: in Python's own start-up (a traceback not
    ours to avoid) or as the load ended (a press then was lost, and the load exited 0)."""
    for attempt in range(10):
        db = tmp_path / f"early{attempt}.db"
        p = popen(load_cmd(corpus.folder, db), tmp_path)
        starting = False
        try:
            deadline = time.monotonic() + 60
            while p.poll() is None and "_sqlite3" not in _mapped(p.pid) and time.monotonic() < deadline:
                time.sleep(0.001)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGSTOP)
                mapped = _mapped(p.pid)
                starting = "_sqlite3" in mapped and "numpy" not in mapped and not db.exists()
                p.send_signal(signal.SIGINT)  # pending until the process runs again
                os.kill(p.pid, signal.SIGCONT)
        finally:
            _out, err = p.communicate(timeout=60)
        if starting:
            break
    else:
        pytest.fail("the process was never stopped while starting")
    assert "Traceback" not in err, err[-500:]
    # -SIGINT: CPython ends with the signal itself when a KeyboardInterrupt was ever raised inside
    # an exec'd string (namedtuple and dataclass make them), even one caught and answered with 130
    assert p.returncode in (130, -signal.SIGINT), (p.returncode, err)
    assert err.strip() == "interrupted", err
    assert not db.exists()


# ---------------------------------------------------------------------------------------
# no network

_PAGE = """<html><head><title>Xiaomi SU7 price | Example Autos</title>
<meta property="og:site_name" content="Example Autos">
<meta property="article:published_time" content="2024-03-29">
<link rel="canonical" href="https://example.com/su7">
<script src="https://cdn.example.com/tracker.js"></script>
<img src="https://images.example.com/su7.jpg"></head>
<body><nav><a href="https://example.com/">Home</a></nav>
<article><h1>Xiaomi SU7 price</h1>
<p>The Xiaomi SU7 starts at 215,900 yuan, the company said on Thursday evening in Beijing.</p>
<p>Xiaomi's Beijing factory has an annual production capacity of 150,000 vehicles, according to the company.</p>
</article></body></html>
"""


def test_loading_never_touches_the_network(tmp_path, monkeypatch):
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args else kwargs)
        raise OSError("network access during a load")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = tmp_path / "page.html"
    page.write_text(_PAGE, encoding="utf-8")
    txt = tmp_path / "note.txt"
    txt.write_text(
        "Published on March 29th, 2024\nThe Xiaomi SU7 starts at 215,900 yuan, see https://example.com/su7.\n"
    )
    kb = open_db(tmp_path / "kb.db", create=True)
    report = load_paths(kb, [page, txt])
    assert not report.failed, report.failed
    assert sorted(report.loaded) == sorted([str(page), str(txt)])
    assert report.claims >= 2
    assert attempts == []


# ---------------------------------------------------------------------------------------
# arbitrary input: only the project's own errors

_FRAGMENTS = st.sampled_from(
    [
        "---\n",
        "published: ",
        "title: x\n",
        "2023-02-30",
        "2024-03-29",
        "March 29th, 2024",
        "Published on ",
        "BEIJING, March 28 (Reuters) - ",
        "Aug.",
        "Q3",
        "H1 2024",
        "next year",
        "by the end of 2024",
        "mid-July",
        "last month",
        "9999",
        "0000-00-00",
        "2024年3月29日",
        "30万辆",
        "小米汽车",
        "Xiaomi",
        "SU7",
        "300,000",
        "1.2bn",
        "half a million",
        "one hundred and",
        "yuan",
        "$",
        "%",
        "km",
        "kWh",
        "CATL",
        "said",
        "will",
        "annual production capacity of 150,000 vehicles",
        "starts at 215,900 yuan",
        "\n",
        "\r\n",
        " ",
        "\t",
        "\x00",
        "\x1b[31m",
        "\ufeff",
        "\u2019",
        "\u3000",
        "\u202e",
        "…",
        "© 2024 X",
        '"',
        "(",
        ")",
    ]
)
_TEXT = st.one_of(
    st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=6)), max_size=60).map("".join)
)
_BYTES = st.one_of(
    st.binary(),
    _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _TEXT.map(lambda t: t.encode("utf-16", "surrogatepass")),
    _TEXT.map(lambda t: t.encode("gb18030", "replace")),
    _TEXT.map(lambda t: t.encode("cp1252", "replace")),
)
_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
_RECORD = st.dictionaries(
    st.sampled_from(["text", "title", "url", "publisher", "published", "author", "type", "other"]),
    _JSON_VALUE,
    max_size=6,
)
_JSONL = st.lists(
    st.one_of(_RECORD.map(json.dumps), _JSON_VALUE.map(json.dumps), st.text(max_size=20)),
    max_size=5,
).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


def _only_input_error(fn, *args, path: str | None = None):
    try:
        return fn(*args)
    except InputError as exc:
        message = str(exc)
        assert "\n" not in message
        if path:
            assert path in message
        return None


@settings(max_examples=150, deadline=None)
@given(st.one_of(_BYTES, _JSONL))
def test_arbitrary_bytes_raise_only_input_error(raw):
    _only_input_error(ingest.parse_article, raw, "prop.txt", path="prop.txt")
    found = _only_input_error(ingest.decode_bytes, raw, "prop.txt", path="prop.txt")
    if found is not None:
        text, encoding = found
        assert isinstance(text, str) and encoding
    articles = _only_input_error(ingest.parse_jsonl, raw, "prop.jsonl", path="prop.jsonl")
    for a in articles or []:
        for c in extract_claims(a):
            assert a.text[c.start : c.end] == c.quote


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_arbitrary_text_raises_only_input_error(text):
    found = _only_input_error(ingest.parse_front_matter, text, "prop.md", path="prop.md")
    if found is not None:
        meta, body_start = found
        assert isinstance(meta, dict) and 0 <= body_start <= len(text)
    dated = _only_input_error(ingest.date_article, text)
    if dated is not None:
        assert isinstance(dated[0], date) and dated[1] in ("day", "month", "year")
    for q in _only_input_error(quantities.find_quantities, text) or []:
        assert 0 <= q.start <= q.end <= len(text)
    value = _only_input_error(quantities.parse_number, text)
    assert value is None or isinstance(value, float)
    for ref in (date(2023, 8, 30), None):
        for m in _only_input_error(timeexpr.find_time_expressions, text, ref) or []:
            assert text[m.start : m.end] == m.text


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_claims_from_arbitrary_text_point_at_their_quotes(text):
    try:
        article = ingest.article_from_text(text, "x.txt")
    except InputError:
        return
    for c in extract_claims(article):
        assert article.text[c.start : c.end] == c.quote
        assert article.text[c.sentence_start : c.sentence_start + len(c.sentence)] == c.sentence


# ---------------------------------------------------------------------------------------
# hostile filters: never reach SQL unescaped

_EXTRA = {
    "alpha.md": ("Alpha Wire", "Xiaomi said the SU7 starts at 215,900 yuan."),
    "under_score.md": (
        "Beta Post",
        "Xiaomi's Beijing factory has an annual production capacity of 150,000 vehicles, the company said.",
    ),
    "fifty%off.md": ("Gamma News", "Xiaomi said the SU7 Max starts at 299,900 yuan."),
    "o'brien.md": ("O'Brien Auto", "Xiaomi said the SU7 Pro starts at 245,900 yuan."),
}


@pytest.fixture(scope="module")
def hostile_db(seeded_db, tmp_path_factory) -> tuple[Path, list[dict]]:
    root = tmp_path_factory.mktemp("hostile")
    db = root / "kb.db"
    shutil.copy(seeded_db, db)
    for suffix in ("-wal", "-shm"):
        if Path(f"{seeded_db}{suffix}").exists():
            shutil.copy(f"{seeded_db}{suffix}", f"{db}{suffix}")
    folder = root / "extra"
    folder.mkdir()
    for name, (publisher, sentence) in _EXTRA.items():
        (folder / name).write_text(
            f"---\npublisher: {publisher}\npublished: 2024-03-30\n---\n{sentence}\n"
        )
    kb = open_db(db)
    report = load_paths(kb, [folder])
    kb.close()
    assert len(report.loaded) == len(_EXTRA) and not report.failed
    claims = json.loads(runner.invoke(app, ["claims", "--format", "json", "--db", str(db)]).stdout)
    assert {Path(c["source"]["file"]).name for c in claims} >= set(_EXTRA)
    return db, claims


def _literal(claims: list[dict], option: str, value: str) -> set[str]:
    """What a filter means taken literally (SQLite's LIKE ignores ASCII case)."""
    v = value.lower()
    if option == "--text":
        return {c["id"] for c in claims if all(w in c["quote"].lower() for w in v.split())}
    if option == "--source":
        s = "source"
        return {
            c["id"]
            for c in claims
            if v in c[s]["file"].lower()
            or v in (c[s]["publisher"] or "").lower()
            or c[s]["id"].startswith(value)
        }
    return set()  # --entity: none of these strings names an entity


_HOSTILE = [
    "'",
    "--",
    "; DROP TABLE claim; --",
    "' OR '1'='1",
    "%",
    "_",
    "\\",
    "China's",
    "o'brien",
    "fifty%",
    "under_",
]
_FILTER_CASES = [
    pytest.param(option, value, id=f"{option[2:]}={value!r}")
    for option in ("--text", "--source", "--entity")
    for value in _HOSTILE
]


@pytest.mark.parametrize(("option", "value"), _FILTER_CASES)
def test_hostile_filters_match_literally_and_change_nothing(hostile_db, option, value):
    db, claims = hostile_db
    result = runner.invoke(
        app, ["claims", f"{option}={value}", "--format", "json", "--db", str(db)]
    )
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    got = {c["id"] for c in json.loads(result.stdout)}
    assert got == _literal(claims, option, value)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM claim").fetchone()[0] == len(claims)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_hostile_filter_cases_are_not_vacuous(hostile_db):
    _db, claims = hostile_db
    assert _literal(claims, "--text", "China's")
    assert _literal(claims, "--source", "o'brien")
    assert _literal(claims, "--source", "%") and _literal(claims, "--source", "%") != {
        c["id"] for c in claims
    }
    assert _literal(claims, "--source", "under_") != {c["id"] for c in claims}


# ---------------------------------------------------------------------------------------
# article text in the terminal: no markup, no escape sequences

_EVIL = (
    "---\npublisher: [bold red]Evil[/] News\x1b]0;pwned\x07\ntitle: [link=http://evil.example]T[/link]\n---\n"
    "Xiaomi [bold red]x[/] said the SU7 starts at 215,900 yuan \x1b[2J\x1b[31mtoday, the company said.\n"
)


def test_article_text_cannot_inject_markup_or_escape_sequences(tmp_path):
    story = tmp_path / "evil.md"
    story.write_text(_EVIL, encoding="utf-8")
    db = tmp_path / "kb.db"
    env = {"COLUMNS": "250"}
    assert runner.invoke(app, ["load", str(story), "--db", str(db)]).exit_code == 0
    [claim] = json.loads(runner.invoke(app, ["claims", "--format", "json", "--db", str(db)]).stdout)
    assert "\x1b" in claim["sentence"]  # kept as stored; only the terminal view is neutralised

    table = runner.invoke(app, ["claims", "--db", str(db)], env=env)
    assert table.exit_code == 0
    assert "[bold red]Evil[/]" in table.stdout
    prov = runner.invoke(app, ["provenance", claim["id"], "--db", str(db)], env=env)
    assert prov.exit_code == 0
    assert "[bold red]x[/]" in prov.stdout
    assert "[link=http://evil.example]T[/link]" in prov.stdout
    assert "[bold red]Evil[/]" in prov.stdout
    srcs = runner.invoke(app, ["sources", "--db", str(db)], env=env)
    assert srcs.exit_code == 0 and "[bold red]Evil[/]" in srcs.stdout
    for out in (table.stdout, prov.stdout, srcs.stdout):
        assert "\x1b" not in out and "\x07" not in out
        assert "\ufffd" in out  # neutralised, not silently dropped


def test_an_unpunctuated_article_still_yields_its_claims(tmp_path):
    """Text without punctuation is cut into bounded sentences (text.MAX_SENTENCE): a claim in the
    middle of a 60,000-character run is still found, and its quote still lies in the text."""
    filler = " ".join(f"the company met partners in city{n} and talked about plans" for n in range(1000))
    text = f"{filler} Xiaomi's Beijing factory has an annual production capacity of 150000 vehicles {filler}\n"
    article = ingest.article_from_text(text, "run-on.txt")
    claims = [c for c in extract_claims(article) if c.property.startswith("capacity")]
    assert claims, "the capacity claim in the middle of the run was lost"
    assert all(text[c.start : c.end] == c.quote for c in claims)
