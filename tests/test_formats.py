"""Real-world article files: saved pages, JSONL, sidecars, standard input, encodings,
bad input, versions, export/import and schema migrations (issue 4).

Most tests drive the command line through typer's CliRunner, the way a user would,
and look at the stored state through ``--format json`` or the SQLite file itself.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiaomi_ev_kb import ingest, load_paths, open_db
from xiaomi_ev_kb.cli import app
from xiaomi_ev_kb.errors import DatabaseError
from xiaomi_ev_kb.queries import ClaimFilter, list_claims, list_sources
from xiaomi_ev_kb.storage import MIGRATIONS, SCHEMA_VERSION, schema_version

runner = CliRunner()


# ---------------------------------------------------------------------------------------
# helpers


def cli(*args, input: str | bytes | None = None, env: dict[str, str] | None = None):
    """Run the command line; never let an exception escape unseen."""
    return runner.invoke(app, [str(a) for a in args], input=input, env=env)


def ok(*args, **kw):
    result = cli(*args, **kw)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def as_json(*args):
    return json.loads(ok(*args, "--format", "json").stdout)


def no_traceback(result) -> None:
    """A clean exit: SystemExit (typer.Exit) or none, and no traceback printed anywhere."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stdout + result.stderr


def err_lines(result) -> list[str]:
    """Error lines on stderr (warnings, such as an unknown publication date, are not errors)."""
    return [ln for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("warning:")]


def stored_texts(db: Path) -> dict[str, str]:
    """article path -> text exactly as stored (what claim offsets refer to)."""
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT path, text FROM article"))


def snapshot(db: Path) -> tuple:
    """Everything a user can see of the knowledge base, for before/after comparisons."""
    return (
        as_json("claims", "--all-versions", "--db", db),
        as_json("sources", "--db", db),
    )


def summary_count(stdout: str, label: str) -> int:
    m = re.search(rf"{re.escape(label)}\W+(\d+)", stdout)
    assert m, f"no {label!r} row in the load summary:\n{stdout}"
    return int(m.group(1))


# ---------------------------------------------------------------------------------------
# .html saved pages

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Xiaomi SU7 deliveries begin as Beijing factory ramps up | CarNewsChina</title>
<meta property="og:site_name" content="CarNewsChina">
<meta property="og:title" content="Xiaomi SU7 deliveries begin as Beijing factory ramps up">
<meta property="article:published_time" content="2024-04-04T09:30:00+08:00">
<meta name="author" content="Li Wei">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head>
<body>
<header>
  <nav><ul>
    <li><a href="/">Home</a></li>
    <li><a href="/news">News Desk Menu</a></li>
    <li><a href="/subscribe">Subscribe to our newsletter today</a></li>
  </ul></nav>
</header>
<main>
<article>
<h1>Xiaomi SU7 deliveries begin as Beijing factory ramps up</h1>
<p>Xiaomi began delivering the SU7 electric sedan to customers on April 3, 2024, the company said in a statement on Wednesday.</p>
<p>The SU7 starts at 215,900 yuan, and Xiaomi said it had received 75,723 locked-in orders within 24 hours of the launch.</p>
<p>The Beijing factory has an annual production capacity of 150,000 vehicles in its first phase, according to the company.</p>
<p>Lei Jun, founder and CEO of Xiaomi, said the company expects to deliver more than 100,000 SU7 cars in 2024.</p>
</article>
</main>
<aside><h3>Trending now</h3><ul><li><a href="/x">Ten cheapest city cars you can buy this spring</a></li></ul></aside>
<footer><p>Copyright 2024 CarNewsChina. All rights reserved. Privacy policy and cookie settings.</p></footer>
</body>
</html>
"""

BOILERPLATE = (
    "News Desk Menu",
    "Subscribe to our newsletter",
    "All rights reserved",
    "Privacy policy",
    "cheapest city cars",
)


def test_html_page_main_text_metadata_and_offsets(tmp_path):
    page = tmp_path / "su7-deliveries.html"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "kb.db"
    ok("load", page, "--db", db)

    [src] = as_json("sources", "--db", db)
    assert src["publisher"] == "CarNewsChina"  # og:site_name, not guessed from the text
    assert (
        src["published"] == "2024-04-04"
    )  # the page's meta tag, not the April 3 event in the text
    assert src["published_basis"] == "metadata"
    assert src["title"].startswith("Xiaomi SU7 deliveries begin")

    [text] = stored_texts(db).values()
    assert "<p>" not in text and "gtag" not in text
    assert "The SU7 starts at 215,900 yuan" in text
    assert "annual production capacity of 150,000 vehicles" in text
    for junk in BOILERPLATE:
        assert junk not in text, f"boilerplate {junk!r} kept as article text"

    claims = as_json("claims", "--db", db)
    assert len(claims) >= 3
    for c in claims:
        assert text[c["start"] : c["end"]] == c["quote"], c
        assert c["sentence"] in text
    assert {"price", "capacity"} <= {c["topic"] for c in claims}


def test_html_page_offsets_through_library(tmp_path):
    page = tmp_path / "page.htm"
    page.write_bytes(PAGE.encode("utf-8"))
    [article] = ingest.read_articles(page)
    assert article.publisher == "CarNewsChina" and article.published_basis == "metadata"
    kb = open_db(tmp_path / "kb.db", create=True)
    report = load_paths(kb, [page])
    assert report.loaded == [str(page)] and not report.failed
    stored = kb.raw().execute("SELECT text FROM article").fetchone()[0]
    assert stored == article.text
    rows = list_claims(kb)
    assert rows
    for c, _src in rows:
        assert stored[c.start : c.end] == c.quote
        assert stored[c.sentence_start : c.sentence_start + len(c.sentence)] == c.sentence


# ---------------------------------------------------------------------------------------
# .jsonl, one article per line

JSONL_RECORDS = [
    {
        "text": "Xiaomi said the SU7 starts at 215,900 yuan.",
        "title": "SU7 price",
        "url": "https://example.com/su7-price",
        "publisher": "Reuters",
        "published": "2024-03-28",
    },
    {
        "text": "Xiaomi's Beijing factory has an annual production capacity of 150,000 vehicles, the company said.",
        "publisher": "Bloomberg",
        "published": "2024-03-29",
        "author": "Jane Doe",
    },
    {
        "text": "Xiaomi began delivering the SU7 on April 3, 2024.",
        "publisher": "CnEVPost",
        "published": "2024-04-03",
    },
]


def test_jsonl_one_article_per_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(
        "\n".join(json.dumps(r) for r in JSONL_RECORDS[:2])
        + "\n\n"
        + json.dumps(JSONL_RECORDS[2])
        + "\n"
    )
    db = tmp_path / "kb.db"
    out = ok("load", f, "--db", db).stdout
    assert summary_count(out, "articles loaded") == 3
    sources = as_json("sources", "--db", db)
    assert len(sources) == 3
    by_pub = {s["publisher"]: s for s in sources}
    assert set(by_pub) == {"Reuters", "Bloomberg", "CnEVPost"}
    assert by_pub["Reuters"]["published"] == "2024-03-28"
    assert by_pub["Reuters"]["url"] == "https://example.com/su7-price"
    assert by_pub["Reuters"]["title"] == "SU7 price"
    assert all(s["published_basis"] == "metadata" for s in sources)
    texts = set(stored_texts(db).values())
    assert texts == {r["text"] for r in JSONL_RECORDS}
    for c in as_json("claims", "--db", db):
        assert any(t[c["start"] : c["end"]] == c["quote"] for t in texts), c


def test_jsonl_bad_lines_are_reported_and_good_files_still_load(tmp_path):
    not_json = tmp_path / "broken.jsonl"
    not_json.write_text(json.dumps(JSONL_RECORDS[0]) + "\nthis line is not JSON {\n")
    no_text = tmp_path / "notext.jsonl"
    no_text.write_text(json.dumps({"title": "headline only", "publisher": "Reuters"}) + "\n")
    good = tmp_path / "good.txt"
    good.write_text("Xiaomi said the SU7 starts at 229,900 yuan.\n")
    db = tmp_path / "kb.db"
    result = cli("load", not_json, no_text, good, "--db", db)
    assert result.exit_code == 1
    no_traceback(result)
    lines = err_lines(result)
    assert len(lines) == 2, lines
    assert any(f"{not_json}:2" in ln and "JSON" in ln for ln in lines), lines
    assert any(f"{no_text}:1" in ln and "text" in ln for ln in lines), lines
    files = {s["file"] for s in as_json("sources", "--db", db)}
    assert str(good) in files


def _feed(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def _current(db: Path) -> dict[str, str]:
    """text -> article id of every current article."""
    ids = {s["id"] for s in as_json("sources", "--db", db) if not s["superseded_by"]}
    return {text: aid for aid, text in _texts_by_id(db).items() if aid in ids}


def _texts_by_id(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT id, text FROM article"))


def test_jsonl_feed_without_urls_keeps_every_article_still_in_it(tmp_path):
    """A newest-first feed without urls gains a story at the top: every line moves down one. The
    lines were keyed 'file:line', so the new first line superseded the old first article (still
    in the file, one line down) and hid its claims. Without a url or an id, a line is known by
    its text: nothing in the file is hidden, and a re-run changes nothing."""
    feed = tmp_path / "feed.jsonl"
    older, newer = (dict(r, url=None) for r in JSONL_RECORDS[1:3])
    newest = {"text": "Xiaomi said the SU7 Max starts at 299,900 yuan.", "published": "2024-05-15"}
    db = tmp_path / "kb.db"
    _feed(feed, [newer, older])
    ok("load", feed, "--db", db)
    _feed(feed, [newest, newer, older])
    out = ok("load", feed, "--db", db).stdout
    assert summary_count(out, "articles loaded") == 1 and summary_count(out, "of them new versions") == 0
    assert set(_current(db)) == {r["text"] for r in (newest, newer, older)}
    claims = as_json("claims", "--db", db)
    assert {_texts_by_id(db)[c["source"]["id"]] for c in claims} == {r["text"] for r in (newest, newer, older)}
    again = ok("load", feed, "--db", db).stdout
    assert summary_count(again, "articles loaded") == 0 and as_json("claims", "--db", db) == claims


def test_jsonl_feed_with_ids_makes_a_changed_story_a_new_version(tmp_path):
    feed = tmp_path / "feed.jsonl"
    db = tmp_path / "kb.db"
    story = {"id": "su7-price", "text": "Xiaomi said the SU7 starts at 215,900 yuan.", "published": "2024-03-28"}
    other = {"id": 7, "text": "Xiaomi began delivering the SU7 on April 3, 2024.", "published": "2024-04-03"}
    _feed(feed, [story, other])
    ok("load", feed, "--db", db)
    corrected = dict(story, text="Xiaomi said the SU7 starts at 215,900 yuan, with deliveries from April.")
    _feed(feed, [other, corrected])  # the lines moved as well
    out = ok("load", feed, "--db", db).stdout
    assert summary_count(out, "of them new versions") == 1
    assert set(_current(db)) == {other["text"], corrected["text"]}


def test_jsonl_feed_heals_an_article_an_older_version_hid(tmp_path):
    """A knowledge base the 'file:line' keys left with a line superseded by the line that pushed
    it down: loading the feed again makes it current, since it is still in the feed."""
    feed = tmp_path / "feed.jsonl"
    db = tmp_path / "kb.db"
    first, second = (dict(r, url=None) for r in JSONL_RECORDS[1:3])
    _feed(feed, [first, second])
    ok("load", feed, "--db", db)
    hidden, by = _current(db)[first["text"]], _current(db)[second["text"]]
    with sqlite3.connect(db) as con:
        con.execute("UPDATE article SET superseded_by = ? WHERE id = ?", (by, hidden))
    assert set(_current(db)) == {second["text"]}
    out = ok("load", feed, "--db", db).stdout
    assert summary_count(out, "articles loaded") == 1
    assert set(_current(db)) == {first["text"], second["text"]}


# ---------------------------------------------------------------------------------------
# metadata: sidecar, front matter, --published, the text


BODY = "Xiaomi said the SU7 starts at 215,900 yuan.\n"


def test_sidecar_supplies_metadata(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(BODY)
    (tmp_path / "story.meta.json").write_text(
        json.dumps(
            {
                "publisher": "Sidecar Daily",
                "published": "2024-02-20",
                "url": "https://example.com/s",
            }
        )
    )
    db = tmp_path / "kb.db"
    ok("load", story, "--db", db)
    [src] = as_json("sources", "--db", db)
    assert src["publisher"] == "Sidecar Daily"
    assert src["published"] == "2024-02-20"
    assert src["published_basis"] == "metadata"
    assert src["url"] == "https://example.com/s"


def test_sidecar_beats_front_matter_and_command_line_beats_both(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("---\npublisher: Front Matter Post\npublished: 2024-01-10\n---\n" + BODY)
    (tmp_path / "story.meta.json").write_text(
        json.dumps({"publisher": "Sidecar Daily", "published": "2024-02-20"})
    )

    ok("load", story, "--db", tmp_path / "a.db")
    [src] = as_json("sources", "--db", tmp_path / "a.db")
    assert (src["publisher"], src["published"], src["published_basis"]) == (
        "Sidecar Daily",
        "2024-02-20",
        "metadata",
    )

    ok("load", story, "--published", "2024-03-01", "--db", tmp_path / "b.db")
    [src] = as_json("sources", "--db", tmp_path / "b.db")
    assert src["published"] == "2024-03-01"
    assert src["published_basis"] == "command line"
    assert src["publisher"] == "Sidecar Daily"


def test_front_matter_used_without_sidecar(tmp_path):
    story = tmp_path / "story.md"
    story.write_text("---\npublisher: Front Matter Post\npublished: 2024-01-10\n---\n" + BODY)
    ok("load", story, "--db", tmp_path / "kb.db")
    [src] = as_json("sources", "--db", tmp_path / "kb.db")
    assert (src["publisher"], src["published"], src["published_basis"]) == (
        "Front Matter Post",
        "2024-01-10",
        "front matter",
    )


def test_date_stated_in_text_when_no_metadata(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Xiaomi SU7 price announced\nPublished on March 29th, 2024\n\n" + BODY)
    ok("load", story, "--db", tmp_path / "kb.db")
    [src] = as_json("sources", "--db", tmp_path / "kb.db")
    assert src["published"] == "2024-03-29"
    assert src["published_basis"] == "stated in text"


def test_date_unknown_without_any_evidence(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(BODY)
    ok("load", story, "--db", tmp_path / "kb.db")
    [src] = as_json("sources", "--db", tmp_path / "kb.db")
    assert src["published"] is None
    assert src["published_basis"] == "unknown"


def test_date_unknown_is_warned_about(tmp_path):
    story = tmp_path / "undated.txt"
    story.write_text(BODY)
    result = ok("load", story, "--db", tmp_path / "kb.db")
    warnings = [
        ln for ln in result.stderr.splitlines() if ln.startswith("warning:") and "undated.txt" in ln
    ]
    assert warnings and re.search(r"date", warnings[0], re.I), result.stderr


# ---------------------------------------------------------------------------------------
# standard input


def test_dash_reads_standard_input(tmp_path):
    db = tmp_path / "kb.db"
    text = "---\npublisher: Stdin Times\npublished: 2024-03-28\n---\n" + BODY
    out = ok("load", "-", "--db", db, input=text).stdout
    assert summary_count(out, "articles loaded") == 1
    [src] = as_json("sources", "--db", db)
    assert src["publisher"] == "Stdin Times" and src["published"] == "2024-03-28"
    [stored] = stored_texts(db).values()
    assert stored == text
    claims = as_json("claims", "--db", db)
    assert [c["quote"] for c in claims] == ["starts at 215,900 yuan"]
    assert all(stored[c["start"] : c["end"]] == c["quote"] for c in claims)


def test_dash_standard_input_with_published_option(tmp_path):
    db = tmp_path / "kb.db"
    ok("load", "-", "--published", "2024-05-01", "--db", db, input=BODY)
    [src] = as_json("sources", "--db", db)
    assert src["published"] == "2024-05-01" and src["published_basis"] == "command line"


# ---------------------------------------------------------------------------------------
# encodings

ZH = "小米汽车的北京工厂年产能为30万辆。Xiaomi's Beijing factory has an annual production capacity of 300,000 vehicles, Lei Jun said.\n"
CP1252 = "Xiaomi \u201cSU7\u201d caf\u00e9 launch \u2013 the SU7 starts at 215,900 yuan, the company said.\n"
CP1252_APOSTROPHES = (
    "Xiaomi\u2019s SU7 is Lei Jun\u2019s big bet; the car\u2019s price starts at 215,900 yuan.\n"
)


@pytest.mark.parametrize(
    ("raw", "original"),
    [
        pytest.param(ZH.encode("utf-8"), ZH, id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + ZH.encode("utf-8"), ZH, id="utf-8-bom"),
        pytest.param(ZH.encode("utf-16"), ZH, id="utf-16-bom"),
        pytest.param(ZH.encode("utf-16-le"), ZH, id="utf-16-le-no-bom"),
        pytest.param(ZH.encode("gb18030"), ZH, id="gb18030"),
        pytest.param(ZH.encode("gbk"), ZH, id="gbk"),
        pytest.param(CP1252.encode("cp1252"), CP1252, id="windows-1252"),
        pytest.param(
            CP1252_APOSTROPHES.encode("cp1252"), CP1252_APOSTROPHES, id="windows-1252-apostrophes"
        ),
    ],
)
def test_encoding_detected_and_text_stored_as_written(tmp_path, raw, original):
    f = tmp_path / "article.txt"
    f.write_bytes(raw)
    db = tmp_path / "kb.db"
    ok("load", f, "--db", db)
    assert stored_texts(db) == {str(f): original}
    for c in as_json("claims", "--db", db):
        assert original[c["start"] : c["end"]] == c["quote"]


RUSSIAN = "Сяоми начала поставки электромобиля SU7 покупателям в Пекине, сообщила компания.\n"


def test_undecodable_bytes_refused_with_encoding_hint(seeded_copy, tmp_path):
    f = tmp_path / "russian.txt"
    f.write_bytes(RUSSIAN.encode("koi8-r"))
    before = snapshot(seeded_copy)
    result = cli("load", f, "--db", seeded_copy)
    assert result.exit_code != 0
    no_traceback(result)
    lines = err_lines(result)
    assert len(lines) == 1 and "russian.txt" in lines[0] and "--encoding" in lines[0], lines
    assert snapshot(seeded_copy) == before


def test_encoding_option_forces_a_decoding(tmp_path):
    f = tmp_path / "russian.txt"
    f.write_bytes(RUSSIAN.encode("koi8-r"))
    db = tmp_path / "kb.db"
    ok("load", f, "--encoding", "koi8-r", "--db", db)
    assert stored_texts(db) == {str(f): RUSSIAN}
    # and it is the way out when detection guesses wrong
    g = tmp_path / "apostrophes.txt"
    g.write_bytes(CP1252_APOSTROPHES.encode("cp1252"))
    ok("load", g, "--encoding", "cp1252", "--db", db)
    assert stored_texts(db)[str(g)] == CP1252_APOSTROPHES


def test_encoding_option_wrong_or_unknown_is_one_line(tmp_path):
    f = tmp_path / "cafe.txt"
    f.write_bytes(CP1252.encode("cp1252"))
    for enc, words in (("utf-8", "--encoding"), ("no-such-codec", "unknown encoding")):
        result = cli("load", f, "--encoding", enc, "--db", tmp_path / "kb.db")
        assert result.exit_code == 1
        no_traceback(result)
        lines = err_lines(result)
        assert len(lines) == 1 and "cafe.txt" in lines[0] and words in lines[0], lines


# ---------------------------------------------------------------------------------------
# bad input: one line each, non-zero exit, no traceback, nothing stored changes


GOOD = "---\npublished: 2024-04-01\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n"


def _empty(d: Path) -> tuple[Path, list[str]]:
    p = d / "empty.txt"
    p.write_bytes(b"")
    return p, []


def _blank(d: Path) -> tuple[Path, list[str]]:
    p = d / "blank.md"
    p.write_text("  \n\n\t\n")
    return p, []


def _binary(d: Path) -> tuple[Path, list[str]]:
    p = d / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    return p, []


def _binary_no_nul(d: Path) -> tuple[Path, list[str]]:
    p = d / "blob.txt"
    p.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 40)
    return p, []


def _nul(d: Path) -> tuple[Path, list[str]]:
    p = d / "nul.txt"
    p.write_bytes(b"Xiaomi said the SU7\x00 starts at 215,900 yuan.\n")
    return p, []


def _no_articles(d: Path) -> tuple[Path, list[str]]:
    p = d / "folder"
    (p / "sub").mkdir(parents=True)
    (p / "notes.pdf").write_bytes(b"%PDF-1.4")
    (p / "story.meta.json").write_text("{}")
    return p, []


def _too_big(d: Path) -> tuple[Path, list[str]]:
    p = d / "big.txt"
    p.write_text(GOOD + "Xiaomi said the SU7 starts at 215,900 yuan.\n" * 50)
    return p, ["--max-bytes", "1000"]


def _long_line(d: Path) -> tuple[Path, list[str]]:
    p = d / "oneline.txt"
    p.write_text("Xiaomi SU7 " * 100_000 + "\n")  # ~1.1 MB on one line
    return p, []


def _bad_front_matter(d: Path) -> tuple[Path, list[str]]:
    p = d / "badfront.md"
    p.write_text(
        "---\ntitle: Xiaomi\nthis line is not key value\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n"
    )
    return p, []


def _unclosed_front_matter(d: Path) -> tuple[Path, list[str]]:
    p = d / "unclosed.md"
    p.write_text(
        "---\ntitle: Xiaomi\npublished: 2024-03-28\nXiaomi said the SU7 starts at 215,900 yuan.\n"
    )
    return p, []


def _impossible_date(d: Path) -> tuple[Path, list[str]]:
    p = d / "feb30.md"
    p.write_text("---\npublished: 2023-02-30\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
    return p, []


def _impossible_sidecar_date(d: Path) -> tuple[Path, list[str]]:
    p = d / "side.txt"
    p.write_text("Xiaomi said the SU7 starts at 215,900 yuan.\n")
    (d / "side.meta.json").write_text(json.dumps({"published": "2024-13-01"}))
    return p, []


def _broken_sidecar(d: Path) -> tuple[Path, list[str]]:
    p = d / "side2.txt"
    p.write_text("Xiaomi said the SU7 starts at 215,900 yuan.\n")
    (d / "side2.meta.json").write_text("{not json")
    return p, []


def _missing(d: Path) -> tuple[Path, list[str]]:
    return d / "missing.txt", []


def _html_without_text(d: Path) -> tuple[Path, list[str]]:
    p = d / "empty-page.html"
    p.write_text(
        "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    return p, []


BAD_INPUT = [
    pytest.param(_empty, "empty", id="empty-file"),
    pytest.param(_blank, "empty", id="whitespace-only"),
    pytest.param(_binary, "binary", id="binary-file"),
    pytest.param(_binary_no_nul, "binary", id="binary-control-bytes"),
    pytest.param(_nul, "NUL", id="nul-bytes"),
    pytest.param(_no_articles, "no article files", id="folder-without-articles"),
    pytest.param(_too_big, "--max-bytes", id="over-max-bytes"),
    pytest.param(_long_line, "line", id="one-megabyte-line"),
    pytest.param(_bad_front_matter, "front matter", id="malformed-front-matter"),
    pytest.param(_unclosed_front_matter, "front matter", id="unclosed-front-matter"),
    pytest.param(_impossible_date, "2023-02-30", id="impossible-date"),
    pytest.param(_impossible_sidecar_date, "2024-13-01", id="impossible-sidecar-date"),
    pytest.param(_broken_sidecar, "JSON", id="broken-sidecar"),
    pytest.param(_missing, "no such file", id="missing-path"),
    pytest.param(_html_without_text, "no article text", id="page-without-article-text"),
]


@pytest.mark.parametrize(("make", "problem"), BAD_INPUT)
def test_bad_input_one_line_nonzero_nothing_changes(seeded_copy, tmp_path, make, problem):
    d = tmp_path / "in"
    d.mkdir()
    path, extra = make(d)
    before = snapshot(seeded_copy)
    result = cli("load", path, *extra, "--db", seeded_copy)
    assert result.exit_code != 0
    no_traceback(result)
    lines = err_lines(result)
    assert len(lines) == 1, lines
    assert path.name in lines[0] or f"{path.stem}.meta.json" in lines[0], lines
    assert problem.lower() in lines[0].lower(), lines
    assert snapshot(seeded_copy) == before


def test_bad_files_reported_and_good_files_of_the_run_still_load(seeded_copy, tmp_path):
    d = tmp_path / "mixed"
    d.mkdir()
    bad = [
        make(d)[0]
        for make in (_empty, _binary, _nul, _bad_front_matter, _impossible_date, _long_line)
    ]
    good1 = d / "good1.md"
    good1.write_text(GOOD)
    good2 = d / "good2.txt"
    good2.write_text(
        "Xiaomi's Beijing factory has an annual production capacity of 150,000 vehicles, the company said.\n"
    )
    before_claims, before_sources = snapshot(seeded_copy)
    result = cli("load", d, tmp_path / "missing-folder", "--db", seeded_copy)
    assert result.exit_code == 1
    no_traceback(result)
    lines = err_lines(result)
    assert len(lines) == len(bad) + 1, lines
    for p in [*bad, tmp_path / "missing-folder"]:
        assert sum(p.name in ln for ln in lines) == 1, (p.name, lines)
    assert summary_count(result.stdout, "articles loaded") == 2
    after_claims, after_sources = snapshot(seeded_copy)
    assert {s["file"] for s in after_sources} - {s["file"] for s in before_sources} == {
        str(good1),
        str(good2),
    }
    assert {c["id"] for c in before_claims} <= {c["id"] for c in after_claims}


# ---------------------------------------------------------------------------------------
# versions of an article

V1 = "---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n"
V2 = (
    "---\npublished: 2024-03-29\n---\nXiaomi said the SU7 starts at 229,900 yuan.\n"
    "Xiaomi's Beijing factory has an annual production capacity of 150,000 vehicles, the company said.\n"
)


def _two_versions(tmp_path: Path) -> tuple[Path, Path, str]:
    story = tmp_path / "story.txt"
    db = tmp_path / "kb.db"
    story.write_text(V1)
    out = ok("load", story, "--db", db).stdout
    assert summary_count(out, "of them new versions") == 0
    story.write_text(V2)
    out = ok("load", story, "--db", db).stdout
    return story, db, out


def test_changed_content_is_a_new_version(tmp_path):
    story, db, out = _two_versions(tmp_path)
    assert summary_count(out, "articles loaded") == 1
    assert summary_count(out, "of them new versions") == 1

    current = as_json("claims", "--db", db)
    every = as_json("claims", "--all-versions", "--db", db)
    assert {c["quote"] for c in current} == {
        "starts at 229,900 yuan",
        "annual production capacity of 150,000 vehicles",
    }
    assert "starts at 215,900 yuan" in {c["quote"] for c in every}
    assert {c["id"] for c in current} < {c["id"] for c in every}

    sources = sorted(as_json("sources", "--db", db), key=lambda s: s["version"])
    assert [s["version"] for s in sources] == [1, 2]
    old, new = sources
    assert old["superseded_by"] == new["id"]
    assert new["superseded_by"] is None
    assert old["file"] == new["file"] == str(story)


def test_same_content_again_changes_nothing(tmp_path):
    story, db, _ = _two_versions(tmp_path)
    before = snapshot(db)
    out = ok("load", story, "--db", db).stdout
    assert summary_count(out, "articles loaded") == 0
    assert summary_count(out, "unchanged (already stored)") == 1
    assert snapshot(db) == before


def test_all_versions_marks_superseded_claims(tmp_path):
    _story, db, _ = _two_versions(tmp_path)
    every = as_json("claims", "--all-versions", "--db", db)
    [old] = [c for c in every if c["quote"] == "starts at 215,900 yuan"]
    [new] = [c for c in every if c["quote"] == "starts at 229,900 yuan"]

    def marked(c: dict) -> bool:
        spots = [c.get("superseded"), c.get("superseded_by"), c.get("rank") == "deprecated"]
        spots += [c["source"].get("superseded"), c["source"].get("superseded_by")]
        return any(spots)

    assert marked(old) and not marked(new)
    assert old["source"]["superseded_by"] == new["source"]["id"]
    table = ok("claims", "--all-versions", "--db", db, env={"COLUMNS": "200"}).stdout
    assert re.search(r"supersed|deprecat|old version", table, re.I)


def test_a_file_that_goes_back_to_an_earlier_text_makes_that_version_current_again(tmp_path):
    db = tmp_path / "kb.db"
    story = tmp_path / "story.txt"
    for text in (V1, V2, V1):
        story.write_text(text)
        ok("load", story, "--db", db)
    [current] = [s for s in as_json("sources", "--db", db) if not s["superseded_by"]]
    assert current["id"] == ingest.article_from_text(V1, str(story)).id
    again = ok("load", story, "--db", db).stdout
    assert summary_count(again, "articles loaded") == 0 and summary_count(again, "unchanged (already stored)") == 1


# ---------------------------------------------------------------------------------------
# export / import / db status


def _rich_db(seeded_copy: Path, tmp_path: Path) -> Path:
    story = tmp_path / "story.txt"
    story.write_text(V1)
    ok("load", story, "--db", seeded_copy)
    story.write_text(V2)
    ok("load", story, "--db", seeded_copy)
    return seeded_copy


def test_export_then_import_gives_an_identical_knowledge_base(seeded_copy, tmp_path):
    db = _rich_db(seeded_copy, tmp_path)
    out = tmp_path / "kb-export.jsonl"
    ok("export", "-o", out, "--db", db)
    records = [
        json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert {r["type"] for r in records} == {"article", "claim"}
    assert not (tmp_path / "kb-export.jsonl.part").exists()

    copy = tmp_path / "restored.db"
    ok("import", out, "--db", copy)
    for args in (("claims",), ("claims", "--all-versions"), ("sources",)):
        assert as_json(*args, "--db", copy) == as_json(*args, "--db", db), args

    # importing again keeps what is there
    ok("import", out, "--db", copy)
    assert snapshot(copy) == snapshot(db)


def test_load_of_an_export_restores_it(seeded_copy, tmp_path):
    db = _rich_db(seeded_copy, tmp_path)
    out = tmp_path / "kb-export.jsonl"
    ok("export", "-o", out, "--db", db)
    copy = tmp_path / "loaded.db"
    ok("load", out, "--db", copy)
    for args in (("claims",), ("claims", "--all-versions"), ("sources",)):
        assert as_json(*args, "--db", copy) == as_json(*args, "--db", db), args


def test_import_of_a_bad_file_changes_nothing(seeded_copy, tmp_path):
    out = tmp_path / "kb-export.jsonl"
    ok("export", "-o", out, "--db", seeded_copy)
    lines = out.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[:3] + ["{not json"] + lines[3:]) + "\n")
    target = tmp_path / "target.db"
    story = tmp_path / "x.txt"
    story.write_text(V1)
    ok("load", story, "--db", target)
    before = snapshot(target)
    result = cli("import", broken, "--db", target)
    assert result.exit_code == 1
    no_traceback(result)
    lines_err = err_lines(result)
    assert len(lines_err) == 1 and "broken.jsonl:4" in lines_err[0], lines_err
    assert snapshot(target) == before


def test_import_refuses_an_impossible_date_by_line_and_imports_nothing(seeded_copy, tmp_path):
    """An article whose published date does not exist ("2023-02-31") once imported, and from then
    on sources, report, claims, contradictions and timeline raised tracebacks: it is one error
    naming the line, nothing is imported, and a new database is not even made."""
    out = tmp_path / "kb-export.jsonl"
    ok("export", "-o", out, "--db", seeded_copy)
    lines = out.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, start=1) if json.loads(line)["type"] == "article")
    bad = json.loads(lines[n - 1]) | {"published": "2023-02-31"}
    lines[n - 1] = json.dumps(bad)
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n\n" + "\n".join(lines) + "\n")  # blank lines count: the line is the file's
    for target in (seeded_copy, tmp_path / "new.db"):
        before = snapshot(target) if target.exists() else None
        result = cli("import", edited, "--db", target)
        assert result.exit_code == 1, result.stdout
        no_traceback(result)
        [line] = err_lines(result)
        assert f"edited.jsonl:{n + 2}: article {bad['id']}: published is \"2023-02-31\", not a real date" in line, line
        assert "nothing was imported" in line
        if before is None:
            assert not target.exists()
        else:
            assert snapshot(target) == before
            for command in (("report",), ("timeline",), ("contradictions",)):
                ok(*command, "--db", target)


def test_load_of_only_bad_files_leaves_no_database(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "never.db"
    result = cli("load", tmp_path / "empty.txt", tmp_path / "binary.txt", "--db", db)
    assert result.exit_code == 1
    no_traceback(result)
    assert "Nothing stored" in result.stdout and "was not created" in result.stdout
    assert not db.exists() and not Path(f"{db}-wal").exists()


def test_db_status_json(seeded_copy, tmp_path):
    db = _rich_db(seeded_copy, tmp_path)
    [status] = as_json("db", "status", "--db", db)
    assert Path(status["path"]) == db.resolve()
    assert status["schema_version"] == SCHEMA_VERSION
    assert status["integrity"] == "ok"
    assert status["articles"] == len(as_json("sources", "--db", db)) == 7
    assert status["superseded_articles"] == 1
    assert status["claims"] == len(as_json("claims", "--all-versions", "--db", db))
    table = ok("db", "status", "--db", db).stdout
    assert "ok" in table and str(SCHEMA_VERSION) in table


# ---------------------------------------------------------------------------------------
# schema migrations

_V1_TEXT = "---\npublished: 2024-03-28\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n"
_ACOLS = (
    "id, content_hash, path, title, url, publisher, author, published, published_precision, "
    "published_basis, published_note, body_start, text, loaded_at, extractor_version"
)
_CCOLS = (
    "id, article_id, topic, subject, property, value, value_kind, unit, per, value_high, approx, bound, "
    "period_start, period_end, period_label, entity, surface, qualifiers, certainty, attributed_to, "
    'origin, quote, start, "end", sentence, sentence_start, rule'
)


def _build_v1(path: Path, article_path: str, url: str | None = None) -> tuple[str, str]:
    """A database as version 1 of the program left it: first migration, one article, one claim."""
    h = hashlib.sha256(_V1_TEXT.encode("utf-8")).hexdigest()
    start = _V1_TEXT.index("starts at")
    quote = "starts at 215,900 yuan"
    sentence = "Xiaomi said the SU7 starts at 215,900 yuan."
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0])
    con.execute("INSERT INTO kb_meta (key, value) VALUES ('schema_version', '1')")
    con.execute(
        f"INSERT INTO article ({_ACOLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            h[:16],
            h,
            article_path,
            "SU7 price",
            url,
            "Reuters",
            None,
            "2024-03-28",
            "day",
            "front matter",
            "",
            30,
            _V1_TEXT,
            "2024-03-28T10:00:00+00:00",
            "1",
        ),
    )
    con.execute(
        f"INSERT INTO claim ({_CCOLS}) VALUES ({', '.join('?' * 27)})",
        (
            "c00000000001",
            h[:16],
            "price",
            "Xiaomi SU7",
            "price.starting",
            "215900",
            "quantity",
            "CNY",
            None,
            None,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            "{}",
            "reported",
            "company",
            '["company"]',
            quote,
            start,
            start + len(quote),
            sentence,
            _V1_TEXT.index("Xiaomi"),
            "price.starting",
        ),
    )
    con.commit()
    con.close()
    return h[:16], quote


def test_migrates_a_version_1_database_keeping_its_rows(tmp_path):
    path = tmp_path / "v1.db"
    article_id, quote = _build_v1(path, "news/story.txt", url="https://example.com/su7")
    kb = open_db(path)
    assert schema_version(kb) == SCHEMA_VERSION
    con = kb.raw()
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    row = con.execute("SELECT id, source_key, version, superseded_by, text FROM article").fetchall()
    assert row == [(article_id, "https://example.com/su7", 1, None, _V1_TEXT)]
    rows = list_claims(kb, ClaimFilter())
    assert [(c.id, c.quote, s.publisher) for c, s in rows] == [("c00000000001", quote, "Reuters")]
    assert [s["id"] for s in list_sources(kb)] == [article_id]
    kb.close()
    # opening again is a no-op
    kb = open_db(path)
    assert schema_version(kb) == SCHEMA_VERSION
    assert kb.raw().execute("SELECT count(*) FROM claim").fetchone()[0] == 1
    kb.close()


def test_migrated_database_fills_source_key_and_works_with_the_cli(tmp_path):
    path = tmp_path / "v1.db"
    _build_v1(path, "news/story.txt")
    [status] = as_json("db", "status", "--db", path)
    assert status["schema_version"] == SCHEMA_VERSION and status["integrity"] == "ok"
    assert status["articles"] == 1 and status["claims"] == 1
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT source_key FROM article").fetchone()[0] == "news/story.txt"
    assert [c["quote"] for c in as_json("claims", "--db", path)] == ["starts at 215,900 yuan"]


def test_changed_file_after_migration_is_a_new_version(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(_V1_TEXT)
    path = tmp_path / "v1.db"
    old_id, _ = _build_v1(path, "story.txt")  # version 1 stored the path as the user typed it
    (tmp_path / "story.txt").write_text(_V1_TEXT.replace("215,900", "229,900"))
    kb = open_db(path)
    report = load_paths(kb, ["story.txt"])
    assert report.new_versions == ["story.txt"]
    by_id = {s["id"]: s for s in list_sources(kb)}
    assert len(by_id) == 2
    [new_id] = set(by_id) - {old_id}
    assert by_id[old_id]["superseded_by"] == new_id
    assert by_id[new_id]["version"] == 2 and by_id[new_id]["superseded_by"] is None
    assert [c.quote for c, _ in list_claims(kb)] == ["starts at 229,900 yuan"]


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_db(path, create=True).close()
    with sqlite3.connect(path) as con:
        con.execute(
            "UPDATE kb_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(
        DatabaseError, match=rf"newer.*{SCHEMA_VERSION}|{SCHEMA_VERSION + 1}.*newer"
    ) as exc:
        open_db(path)
    assert "upgrade" in str(exc.value)
    result = cli("claims", "--db", path)
    assert result.exit_code == 1
    no_traceback(result)
    lines = err_lines(result)
    assert len(lines) == 1 and "newer" in lines[0], lines
    with sqlite3.connect(path) as con:  # left as it was
        assert con.execute("SELECT value FROM kb_meta WHERE key='schema_version'").fetchone()[
            0
        ] == str(SCHEMA_VERSION + 1)
