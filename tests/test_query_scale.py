"""Claim listings at archive scale (issue 5): pages, the schema-3 indexes and the trigram
index of the quotes — the same rows as the plain definition of each filter, whichever way
they are found, and every write path keeps the text index in step."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from xiaomi_ev_kb import queries
from xiaomi_ev_kb.cli import app
from xiaomi_ev_kb.ingest import article_from_text
from xiaomi_ev_kb.models import Claim
from xiaomi_ev_kb.queries import ClaimFilter, count_claims, entity_names, list_claims, page_claims
from xiaomi_ev_kb.storage import (
    MIGRATIONS,
    SCHEMA_VERSION,
    export_rows,
    import_rows,
    open_db,
    replace_claims,
    schema_version,
    store_article,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate_claims  # noqa: E402

runner = CliRunner()

# quotes that test what "every word occurs in the quote" means: ASCII case ignored,
# other letters compared as written, LIKE's and FTS5's syntax taken literally
_QUOTES = [
    "Ningde ERA will supply the cells",
    "Straße und ÉCOLE naïve",
    "宁德时代 supplies the battery cells",
    'the CEO said "hi" to 100% of dealers',
    "under_score and back\\slash, a*b NEAR(x y) AND OR NOT ^col: -minus",
    "ab cd",
]


def _store(kb, name: str, published: str, quotes: list[str], publisher: str | None = None) -> str:
    """One article whose claims quote exactly these strings, through store_article."""
    head = f"---\npublished: {published}\n" + (f"publisher: {publisher}\n" if publisher else "") + "---\n"
    text = head + "\n".join(quotes) + "\n"
    article = article_from_text(text, name)
    claims, at = [], len(head)
    for q in quotes:
        claims.append(
            Claim(article_id=article.id, topic="spec", subject="Xiaomi SU7", property="spec.note", value=q, value_kind="text",
                  quote=q, start=at, end=at + len(q), sentence=q, sentence_start=at, rule="test")
        )
        at += len(q) + 1
    store_article(kb, article, claims)
    return article.id


@pytest.fixture(scope="module")
def big_db(seeded_db, tmp_path_factory) -> Path:
    """The seeds, 3,000 synthetic claims written raw (as the benchmark does), hand-made
    quotes, and an article with a superseded version."""
    db = tmp_path_factory.mktemp("scale") / "kb.db"
    shutil.copy(seeded_db, db)
    for suffix in ("-wal", "-shm"):
        if Path(f"{seeded_db}{suffix}").exists():
            shutil.copy(f"{seeded_db}{suffix}", f"{db}{suffix}")
    kb = open_db(db)
    generate_claims(kb, 3000, seed=3)
    _store(kb, "extra/quotes.md", "2022-05-01", _QUOTES, publisher="Quote Wire")
    _store(kb, "extra/undated.md", "2023-01-01", ["undated battery plant talk"])
    kb.raw().execute("UPDATE article SET published = NULL WHERE path = 'extra/undated.md'")
    _store(kb, "extra/story.md", "2023-02-01", ["first battery plant figure"])
    _store(kb, "extra/story.md", "2023-02-02", ["second battery plant figure"])  # same file: a new version
    kb.close()
    return db


def _like_lower(s: str) -> str:
    """What SQLite's lower() and LIKE do to case: ASCII letters only."""
    return s.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def _expected(db: Path, f: ClaimFilter) -> list[str]:
    """The filter's definition, applied in Python to the exported rows, in listing order."""
    kb = open_db(db)
    rows = list(export_rows(kb))
    kb.close()
    articles = {r["id"]: r for r in rows if r["type"] == "article"}
    names = entity_names(f.entity) if f.entity else []
    out = []
    for c in (r for r in rows if r["type"] == "claim"):
        a = articles[c["article_id"]]
        q = json.loads(c["qualifiers"])
        if not f.all_versions and a["superseded_by"]:
            continue
        if f.topic and c["topic"] != f.topic:
            continue
        if f.entity:
            named = {c["entity"], c["subject"], c["attributed_to"], q.get("regulator"), q.get("parent"), q.get("vehicle")}
            formerly = q.get("formerly")
            if not (named & set(names) or (formerly and _like_lower(formerly) in [n.lower() for n in names])):
                continue
        if f.text and not all(_like_lower(w.lower()) in _like_lower(c["quote"]) for w in f.text.split()):
            continue
        if f.source:
            s = _like_lower(f.source)
            if not (s in _like_lower(a["path"]) or s in _like_lower(a["publisher"] or "") or a["id"].lower().startswith(s)):
                continue
        if f.as_of and not (a["published"] and a["published"] <= f.as_of.isoformat()):
            continue
        out.append(((a["published"] or "9999"), a["path"], c["start"], c["end"], c["id"]))
    return [key[-1] for key in sorted(out)]


@pytest.fixture(params=["walk", "index"])
def plan(request, monkeypatch) -> str:
    """Run each listing both ways: walking the articles in order, and through the filter's index."""
    if request.param == "index":
        real = queries._within
        monkeypatch.setattr(queries, "_within", lambda con, read, steps=None, seconds=None: None if steps else real(con, read, steps, seconds))
    return request.param


_FILTERS = [
    ClaimFilter(),
    ClaimFilter(topic="capacity"),
    ClaimFilter(topic="supplier", entity="CATL"),
    ClaimFilter(entity="Ningde era"),
    ClaimFilter(entity="MIIT"),
    ClaimFilter(entity="Xiaomi"),
    ClaimFilter(entity="Zhongchuang Lithium"),
    ClaimFilter(text="battery plant"),
    ClaimFilter(text="ERA cells"),
    ClaimFilter(text="ab"),
    ClaimFilter(text="a"),
    ClaimFilter(text="figure"),
    ClaimFilter(text="figure", all_versions=True),
    ClaimFilter(source="Auto Beat"),
    ClaimFilter(source="quotes"),
    ClaimFilter(topic="capacity", source="Car Insider"),
    ClaimFilter(as_of=date(2022, 6, 1)),
    ClaimFilter(entity="CATL", as_of=date(2023, 1, 1)),
    ClaimFilter(text="battery", entity="CATL"),
    ClaimFilter(entity="Lei Jun"),
    ClaimFilter(text="zzzq"),
]


@pytest.mark.parametrize("f", _FILTERS, ids=[repr({k: v for k, v in vars(f).items() if v}) for f in _FILTERS])
def test_query_scale_every_page_is_a_slice_of_the_definition(big_db, plan, f):
    expected = _expected(big_db, f)
    kb = open_db(big_db)
    assert [c.id for c, _ in list_claims(kb, f)] == expected
    for offset, limit in ((0, 100), (0, 7), (7, 7), (100, 100), (len(expected) - 1, 5), (len(expected) + 3, 10)):
        offset = max(offset, 0)
        page = page_claims(kb, f, limit=limit, offset=offset)
        assert [c.id for c, _ in page.rows] == expected[offset : offset + limit]
        assert page.more == (len(expected) > offset + limit)
        assert page.total in (None, len(expected))  # None only when counting took too long
        assert page.at_least <= len(expected)
    assert count_claims(kb, f) == len(expected)
    kb.close()


def test_query_scale_rows_are_whole_claims_with_their_sources(big_db, plan):
    kb = open_db(big_db)
    by_page = page_claims(kb, ClaimFilter(topic="supplier"), limit=50).rows
    every = {c.id: c for c in queries._every_claim(kb)}
    for c, s in by_page:
        assert c == every[c.id]
        assert s.id == c.article_id and s.file and s.published
    kb.close()


def test_query_scale_every_claim_in_cross_check_order(big_db):
    kb = open_db(big_db)
    rows = [r for r in export_rows(kb)]
    kb.close()
    current = {r["id"] for r in rows if r["type"] == "article" and not r["superseded_by"]}
    expected = sorted((r["article_id"], r["start"], r["id"]) for r in rows if r["type"] == "claim" and r["article_id"] in current)
    kb = open_db(big_db)
    assert [(c.article_id, c.start, c.id) for c in queries._every_claim(kb)] == expected
    kb.close()


_ALPHABET = "abcERAßÉé宁德时代 \"%_\\*^:-()AND"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=3))
def test_query_scale_text_search_means_every_word_as_a_substring(big_db, words):
    text = " ".join(words)
    f = ClaimFilter(text=text)
    kb = open_db(big_db)
    got = [c.id for c in (c for c, _ in list_claims(kb, f))]
    kb.close()
    assert got == _expected(big_db, f)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("era", _QUOTES[0]),
        ("NINGDE era", _QUOTES[0]),
        ("straße", _QUOTES[1]),
        ("naïve", _QUOTES[1]),
        ("宁德时", _QUOTES[2]),
        ('"hi"', _QUOTES[3]),
        ("100%", _QUOTES[3]),
        ("under_score", _QUOTES[4]),
        ("back\\slash", _QUOTES[4]),
        ("a*b NEAR(x AND OR NOT ^col: -minus", _QUOTES[4]),
        ("ab cd", _QUOTES[5]),
    ],
)
def test_query_scale_text_search_takes_words_literally(big_db, text, quote):
    kb = open_db(big_db)
    rows = list_claims(kb, ClaimFilter(text=text))
    kb.close()
    assert quote in [c.quote for c, _ in rows]
    assert [c.id for c, _ in rows] == _expected(big_db, ClaimFilter(text=text))


def test_query_scale_text_search_ignores_case_of_ascii_letters_only(big_db):
    kb = open_db(big_db)
    assert [c.quote for c, _ in list_claims(kb, ClaimFilter(text="école"))] == []  # as LIKE: É is not é
    kb.close()


def test_query_scale_text_search_survives_a_nul(big_db):
    kb = open_db(big_db)
    list_claims(kb, ClaimFilter(text="ERA\x00will cells"))  # FTS5 would read an unterminated string
    kb.close()


def _fts_ok(con: sqlite3.Connection) -> None:
    con.execute("INSERT INTO claim_fts (claim_fts) VALUES ('integrity-check')")  # raises if out of step


def test_query_scale_every_write_path_keeps_the_text_index_in_step(big_db, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(big_db, db)
    kb = open_db(db)
    con = kb.raw()
    _fts_ok(con)  # raw inserts (generate_claims) and store_article, above

    def found(text: str) -> list[str]:
        return [c.quote for c, _ in list_claims(kb, ClaimFilter(text=text))]

    assert found("ERA will") == [_QUOTES[0]]
    # re-extraction: the article's claims replaced
    article = article_from_text(con.execute("SELECT text FROM article WHERE path = 'extra/quotes.md'").fetchone()[0], "extra/quotes.md")
    new = Claim(article_id=article.id, topic="spec", subject="Xiaomi SU7", property="spec.note", value="x", value_kind="entity",
                quote="replacement quote zyxw", start=0, end=22, sentence="replacement quote zyxw.", sentence_start=0, rule="test")
    assert replace_claims(kb, article, [new])
    _fts_ok(con)
    assert found("ERA will") == [] and found("zyxw") == ["replacement quote zyxw"]
    # an edited quote, a deleted claim
    con.execute("UPDATE claim SET quote = 'edited quote vutsrqpon' WHERE id = ?", (new.id,))  # as long: an export of it imports
    _fts_ok(con)
    assert found("zyxw") == [] and found("vutsr") == ["edited quote vutsrqpon"]
    exported = [r for r in export_rows(kb) if r["type"] == "claim" and r["id"] == new.id]
    con.execute("DELETE FROM claim WHERE id = ?", (new.id,))
    _fts_ok(con)
    assert found("vutsr") == []
    # import puts it back
    assert import_rows(kb, exported)["claims"] == 1
    _fts_ok(con)
    assert found("vutsr") == ["edited quote vutsrqpon"]
    kb.close()


def test_query_scale_migration_indexes_existing_claims(tmp_path):
    """A database at schema 2 with claims: opening it builds the indexes and the text index."""
    path = tmp_path / "v2.db"
    con = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        con.executescript(script)
    con.execute("INSERT INTO kb_meta (key, value) VALUES ('schema_version', '2')")
    con.execute(
        "INSERT INTO article (id, content_hash, path, published, published_basis, published_note, body_start, text, "
        "loaded_at, extractor_version, source_key) VALUES ('a1', 'h1', 'old.md', '2023-01-02', 'front matter', '', 0, "
        "'x', '2023-01-02T00:00:00+00:00', '1', 'old.md')"
    )
    con.execute(
        "INSERT INTO claim (id, article_id, topic, subject, property, value, value_kind, approx, qualifiers, certainty, "
        "origin, quote, start, \"end\", sentence, sentence_start, rule) VALUES ('c1', 'a1', 'supplier', 'Xiaomi Auto', "
        "'supplier.battery', '\"Acme Cells\"', 'entity', 0, '{\"formerly\": \"Acme Old Name\"}', 'stated', '[]', "
        "'Acme Cells will supply cells', 0, 10, 's', 0, 'r')"
    )
    con.commit()
    con.close()
    kb = open_db(path)
    assert schema_version(kb) == SCHEMA_VERSION >= 3
    raw = kb.raw()
    _fts_ok(raw)
    indexes = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_article_listing", "ix_claim_article_position", "ix_claim_attributed_to", "ix_claim_formerly"} <= indexes
    assert [c.id for c, _ in list_claims(kb, ClaimFilter(text="CELLS will"))] == ["c1"]
    assert [c.id for c, _ in list_claims(kb, ClaimFilter(entity="ACME OLD NAME"))] == ["c1"]  # its former name
    kb.close()


def _plan(con: sqlite3.Connection, sql: str, params: dict) -> str:
    return " | ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_query_scale_listings_read_through_the_indexes(big_db):
    """The query plans, not timings: each path is led by the index made for it."""
    kb = open_db(big_db)
    con = kb.raw()
    topic = queries._query(ClaimFilter(topic="capacity"))
    walk = f"SELECT c.id FROM article a INDEXED BY ix_article_listing CROSS JOIN {queries._BY_ARTICLE} WHERE {topic.where()} {queries._ORDER}"
    plan = _plan(con, walk, topic.params)
    assert "ix_article_listing" in plan and "ix_claim_article_position" in plan and "ORDER BY" in plan
    assert "RIGHT PART OF ORDER BY" in plan  # sorted within an article only, never the whole listing
    for f, wanted in (
        (ClaimFilter(topic="capacity"), ["ix_claim_topic"]),
        (ClaimFilter(entity="CATL"), ["MULTI-INDEX OR", "ix_claim_entity", "ix_claim_regulator", "ix_claim_formerly"]),
        (ClaimFilter(text="battery plant"), ["VIRTUAL TABLE"]),
    ):
        q = queries._query(f)
        frm, where = queries._filtered_from(q)
        plan = _plan(con, f"SELECT c.id {frm} WHERE {where}", q.params)
        assert all(w in plan for w in wanted), plan
        assert "SCAN c " not in plan + " ", plan
    kb.close()


# --- the claims command's pages ------------------------------------------------------------


def _cli(*args: str):
    result = runner.invoke(app, ["claims", *args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def test_query_scale_cli_pages_keep_the_row_shape(big_db):
    whole = json.loads(_cli("--limit", "0", "--format", "json", "--db", str(big_db)).stdout)
    assert len(whole) == len(_expected(big_db, ClaimFilter())) > 100
    everything = _cli("--format", "json", "--db", str(big_db))
    assert json.loads(everything.stdout) == whole and "showing" not in everything.stderr  # data formats: all by default
    first = json.loads(_cli("--limit", "100", "--format", "json", "--db", str(big_db)).stdout)
    assert first == whole[:100]  # a page: same rows, same keys
    table = _cli("--db", str(big_db)).stdout
    assert f"showing 1–100 of {len(whole):,}" in table  # the table: one page by default
    page = _cli("--limit", "5", "--offset", "100", "--format", "jsonl", "--db", str(big_db))
    assert [json.loads(line) for line in page.stdout.splitlines()] == whole[100:105]
    assert "showing 101–105" in page.stderr and "--offset 105 for more" in page.stderr  # data on stdout only
    csv = _cli("--limit", "3", "--format", "csv", "--db", str(big_db))
    assert len(csv.stdout.strip().splitlines()) == 4


def test_query_scale_cli_table_says_when_more_rows_exist(big_db, monkeypatch):
    n = len(_expected(big_db, ClaimFilter(topic="capacity")))
    out = _cli("--topic", "capacity", "--limit", "10", "--db", str(big_db)).stdout
    assert f"showing 1–10 of {n:,}; --offset 10 for more" in out
    last = _cli("--topic", "capacity", "--limit", "10", "--offset", str(n - 4), "--db", str(big_db)).stdout
    assert f"showing {n - 3:,}–{n:,} of {n:,}" in last and "for more" not in last
    whole = _cli("--topic", "capacity", "--limit", "0", "--db", str(big_db)).stdout
    assert "showing" not in whole
    beyond = _cli("--topic", "capacity", "--offset", str(n + 10), "--db", str(big_db)).stdout
    assert f"showing nothing from {n + 11:,} on ({n:,} in all)" in beyond
    monkeypatch.setattr(queries, "COUNT_CAP", 50)
    out = _cli("--topic", "capacity", "--limit", "10", "--db", str(big_db)).stdout
    assert "showing 1–10 of more than 50; --offset 10 for more" in out
    monkeypatch.setattr(queries, "COUNT_SECONDS", 0.0)
    monkeypatch.setattr(queries, "_within", lambda con, read, steps=None, seconds=None: None if seconds is not None else read())
    out = _cli("--topic", "capacity", "--limit", "10", "--db", str(big_db)).stdout
    assert "showing 1–10; --offset 10 for more" in out  # not counted: says only that more follow


def test_query_scale_cli_rejects_negative_paging(big_db):
    result = runner.invoke(app, ["claims", "--limit", "-1", "--db", str(big_db)])
    assert result.exit_code != 0
