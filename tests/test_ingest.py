"""Tests for xiaomi_ev_kb.ingest: front matter, unusable files, publication dates, folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaomi_ev_kb import ingest
from xiaomi_ev_kb.errors import InputError
from xiaomi_ev_kb.ingest import date_article, iter_article_paths, parse_article, parse_front_matter

FRONT = (
    "---\n"
    "title: Xiaomi clears state planner hurdle\n"
    "publisher: TechBeat Daily\n"
    "url: https://example.com/techbeat/2023/08/24/xiaomi-ndrc\n"
    "published: 2023-08-24\n"
    "---\n"
)
BODY = "Xiaomi has won approval from the state planner to make electric vehicles.\n"


# ---------------------------------------------------------------------------------------
# Front matter


@pytest.mark.parametrize(
    ("text", "meta", "body"),
    [
        pytest.param(
            FRONT + BODY,
            {
                "title": "Xiaomi clears state planner hurdle",
                "publisher": "TechBeat Daily",
                "url": "https://example.com/techbeat/2023/08/24/xiaomi-ndrc",
                "published": "2023-08-24",
            },
            BODY,
            id="lf",
        ),
        pytest.param(
            "---\r\ntitle: Xiaomi wins\r\npublisher: Reuters\r\n---\r\nBody\r\n",
            {"title": "Xiaomi wins", "publisher": "Reuters"},
            "Body\r\n",
            id="crlf",
        ),
        pytest.param(
            '---\ntitle: "Quoted: with a colon"\n# a comment\n\nPublisher: Reuters\n---\nBody\n',
            {"title": "Quoted: with a colon", "publisher": "Reuters"},
            "Body\n",
            id="quotes-comments-blank-lines-case",
        ),
        pytest.param(
            "Body only, no front matter.\n", {}, "Body only, no front matter.\n", id="none"
        ),
        pytest.param("Headline\n---\nBody\n", {}, "Headline\n---\nBody\n", id="rule-not-at-top"),
    ],
)
def test_ingest_parse_front_matter_reads_metadata(text, meta, body):
    got, body_start = parse_front_matter(text, "a.md")
    assert got == meta, f"metadata read wrongly from {text!r}"
    assert text[body_start:] == body, f"body_start {body_start} does not point at the body"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("---\ntitle: X\npublished: 2023-08-24\nBody text.\n", id="no-closing"),
        pytest.param("---\r\ntitle: X\r\nBody text.\r\n", id="no-closing-crlf"),
        pytest.param("---\ntitle X\n---\nBody\n", id="line-without-colon"),
        pytest.param("---\ntitle: X\nnot metadata at all\n---\nBody\n", id="prose-line"),
        pytest.param("\ufeff---\ntitle: X\nBody text.\n", id="no-closing-after-bom"),
        pytest.param("--- \ntitle: X\nBody text.\n", id="no-closing-trailing-space"),
    ],
)
def test_ingest_parse_front_matter_malformed_raises(text):
    with pytest.raises(InputError) as exc:
        parse_front_matter(text, "broken_article.md")
    message = str(exc.value)
    assert "broken_article.md" in message, f"the message should name the file: {message}"
    assert "\n" not in message, f"the message should be one line: {message!r}"


def test_ingest_parse_article_offsets_count_from_start_of_file():
    raw = (FRONT + BODY).encode("utf-8")
    article = parse_article(raw, "seeds/f04.md")
    assert article.text == FRONT + BODY, "the text kept is the whole file, front matter included"
    assert article.body_start == len(FRONT), "body_start counts from the start of the file"
    assert article.text[article.body_start :] == BODY
    word = "electric vehicles"
    assert article.text.index(word) == len(FRONT) + BODY.index(word), (
        "offsets include the front matter"
    )
    assert article.title == "Xiaomi clears state planner hurdle"
    assert article.publisher == "TechBeat Daily"
    assert article.url == "https://example.com/techbeat/2023/08/24/xiaomi-ndrc"
    assert article.published == date(2023, 8, 24)
    assert article.published_basis == "front matter"
    assert article.published_label == "2023-08-24"


def test_ingest_parse_article_same_text_same_id():
    a = parse_article((FRONT + BODY).encode(), "one.md")
    b = parse_article((FRONT + BODY).encode(), "elsewhere/two.md")
    c = parse_article((FRONT + BODY + "More.\n").encode(), "one.md")
    assert a.id == b.id, "the id depends on the content, not the path"
    assert a.id != c.id, "different content gives a different id"


def test_ingest_parse_article_accepts_bom():
    raw = b"\xef\xbb\xbf" + (FRONT + BODY).encode("utf-8")
    article = parse_article(raw, "bom.md")
    assert article.meta["publisher"] == "TechBeat Daily", "front matter after a BOM is read"
    assert article.published == date(2023, 8, 24)
    assert article.text[article.body_start :] == BODY
    assert not article.text.startswith("\ufeff"), "the BOM is not part of the article text"


def test_ingest_parse_article_dates_from_text_without_front_matter_date():
    text = "---\ntitle: Deliveries\n---\nXiaomi news\nPublished on August 30th, 2023 | by Jane Doe\nBody.\n"
    article = parse_article(text.encode(), "x.md")
    assert article.published == date(2023, 8, 30)
    assert article.published_basis == "stated in text"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"  \n\t\n", "empty", id="blank"),
        pytest.param(b"Xiaomi\x00\x01\x02 EV", "NUL", id="nul-bytes"),
        pytest.param(b"\x81\x8d\x8f\x90\x9d\xff\xfe\xc0" * 20, "encoding", id="undecodable"),
        pytest.param(
            b"---\npublished: Aug 30 2023\n---\nBody\n", "published", id="published-words"
        ),
        pytest.param(
            b"---\npublished: 2023-02-30\n---\nBody\n", "published", id="published-no-such-day"
        ),
        pytest.param(b"---\npublished: 30/08/2023\n---\nBody\n", "published", id="published-dmy"),
        pytest.param(
            b"---\npublished: 2023-08-301\n---\nBody\n", "published", id="published-trailing-digit"
        ),
        pytest.param(b"---\ntitle: X\nBody\n", "closing", id="unclosed-front-matter"),
    ],
)
def test_ingest_parse_article_unusable_input_raises_one_line(raw, words):
    with pytest.raises(InputError) as exc:
        parse_article(raw, "inbox/bad_file.txt")
    message = str(exc.value)
    assert "bad_file.txt" in message, f"the message should name the file: {message}"
    assert "\n" not in message, f"the message should be one line: {message!r}"
    assert words in message, f"the message should say what is wrong ({words!r}): {message}"


# ---------------------------------------------------------------------------------------
# Publication dates


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Xiaomi SU7 deliveries begin\nPublished on August 30th, 2023 | by Jane Doe\nXiaomi said so.\n",
            date(2023, 8, 30),
            id="published-on",
        ),
        pytest.param(
            "Xiaomi news\nPosted: 2023-08-30\nXiaomi did things.\n",
            date(2023, 8, 30),
            id="posted-iso",
        ),
        pytest.param(
            "Xiaomi news\nPublished: 30 August 2023\nXiaomi did things.\n",
            date(2023, 8, 30),
            id="dmy",
        ),
        pytest.param(
            "Xiaomi wins approval\nBEIJING, Aug 25, 2023 (Reuters) - Xiaomi has won approval to build EVs.\n",
            date(2023, 8, 25),
            id="dateline",
        ),
        pytest.param(
            "Xiaomi news\nUpdated: 2024-03-04\nPublished: 2023-08-30\nXiaomi did things.\n",
            date(2023, 8, 30),
            id="updated-line-skipped",
        ),
    ],
)
def test_ingest_date_article_stated_in_text(body, expected):
    found = date_article(body)
    assert found is not None, "a stated publication date must be found"
    day, precision, basis, note = found
    assert (day, precision, basis) == (expected, "day", "stated in text"), found
    assert note, "the basis should carry a note quoting what was read"


UPDATE_STAMP = (
    "AutoBeta Home News\n"
    "\n"
    "Xiaomi car has got the production qualification!\n"
    "\n"
    "2024-03-04 Update From: AutoBeta NAV: AutoBeta > News >\n"
    "\n"
    "On August 23, according to foreign media reports, Xiaomi has obtained the qualification to "
    "produce new energy vehicles. The state planner approved the project earlier this month.\n"
    "\n"
    "Xiaomi began building its Beijing plant in 2022 and finished it in June 2023.\n"
    "\n"
    "© 2024 AutoBeta.Net All rights reserved.\n"
)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(UPDATE_STAMP, id="update-stamp-and-copyright"),
        pytest.param(
            UPDATE_STAMP.replace("2024-03-04 Update", "Updated on March 4, 2024"), id="updated-on"
        ),
        pytest.param(
            UPDATE_STAMP.replace("2024-03-04 Update", "Last update: 2024-03-04"), id="last-update"
        ),
    ],
)
def test_ingest_date_article_ignores_update_stamp_and_copyright(body):
    found = date_article(body)
    assert found is not None
    day, _precision, basis, _note = found
    assert day.year != 2024, (
        f"an update stamp or copyright year is not the publication date: {found}"
    )
    assert (day, basis) == (date(2023, 8, 23), "inferred"), found


@pytest.mark.parametrize(
    ("body", "expected", "precision"),
    [
        pytest.param(
            "Xiaomi Auto to get production qualification mid next year\n"
            "According to Cailian on October 19, Xiaomi's car project is expected to receive its "
            "production qualification from June to July 2023.\n"
            "Xiaomi registered its EV unit in 2021 and began building the plant in 2022.\n",
            date(2022, 10, 19),
            "day",
            id="prediction-article-2022",
        ),
        pytest.param(
            "Xiaomi finishes trial production\n"
            "On August 19, Xiaomi said its Beijing plant had finished trial production in 2023.\n"
            "At the end of last month, foreign media reported that the state planner had approved it.\n",
            date(2023, 9, 1),
            "month",
            id="last-month-after-latest-event",
        ),
        pytest.param(
            "Xiaomi plant\nXiaomi announced its car plans in March 2021.\nIt registered the unit in September 2021.\n",
            date(2021, 9, 30),
            "month",
            id="latest-month",
        ),
        pytest.param(
            "Xiaomi plant\nXiaomi entered the car business in 2021.\nIt built a plant in 2023.\n",
            date(2023, 1, 1),
            "year",
            id="years-only",
        ),
    ],
)
def test_ingest_date_article_inferred(body, expected, precision):
    found = date_article(body)
    assert found is not None, "clues in the text should give a date"
    day, got_precision, basis, note = found
    assert (day, got_precision, basis) == (expected, precision, "inferred"), found
    assert note, "an inferred date should say what it was inferred from"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("", id="empty"),
        pytest.param(
            "Xiaomi builds cars\nXiaomi is building cars in Beijing.\nThe plant is large.\n",
            id="no-dates",
        ),
        pytest.param(
            "Xiaomi builds cars\nThe plant is large.\n© 2024 AutoBeta.Net All rights reserved.\n",
            id="copyright-only",
        ),
        pytest.param(
            "Xiaomi builds cars\n2024-03-04 Update\nThe plant is large.\n", id="update-only"
        ),
    ],
)
def test_ingest_date_article_unknown(body):
    assert date_article(body) is None, "with no date clues the publication date stays unknown"


def test_ingest_date_article_event_in_prose_is_not_publication_stamp():
    body = (
        "Xiaomi SU7 long-term review\n"
        "The SU7 was released on March 28, 2024, and deliveries began in April 2024.\n"
        "We drove it for a month in June 2024.\n"
    )
    found = date_article(body)
    assert found is not None
    day, _precision, basis, _note = found
    assert basis != "stated in text", f"an event in a sentence is not a publication stamp: {found}"
    assert day >= date(2024, 6, 1), f"the article speaks of June 2024, so it is not older: {found}"


def test_ingest_date_article_far_future_date_does_not_crash():
    body = "Title\nIt happened on December 5, 9999.\nSales fell last month.\n"
    date_article(body)  # must return a result or None, not raise


# ---------------------------------------------------------------------------------------
# Finding article files


def test_ingest_iter_article_paths_folder_sorted_articles_only(tmp_path: Path):
    for name in (
        "b.txt",
        "a.md",
        "c.pdf",
        "notes.json",
        "Z.TXT",
        "sub/d.txt",
        "sub/e.html",
        "sub/e.meta.json",
        "f.jsonl",
    ):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("Xiaomi.\n", encoding="utf-8")
    (tmp_path / "folder.md").mkdir()  # a folder with an article-like name is not a file
    found = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths([tmp_path])]
    assert found == sorted(found), f"paths should come in a stable sorted order: {found}"
    assert set(found) == {"Z.TXT", "a.md", "b.txt", "sub/d.txt", "sub/e.html", "f.jsonl"}, (
        f"article files only: {found}"
    )


def test_ingest_iter_article_paths_file_named_directly(tmp_path: Path):
    f = tmp_path / "story.txt"
    f.write_text("Xiaomi.\n", encoding="utf-8")
    assert list(iter_article_paths([str(f)])) == [f]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(lambda root: root / "missing_folder", "no such file", id="missing"),
        pytest.param(lambda root: root, "no article files", id="empty-folder"),
        pytest.param(
            lambda root: (root / "only.pdf").write_bytes(b"%PDF") and root,
            "no article files",
            id="no-articles",
        ),
    ],
)
def test_ingest_iter_article_paths_unusable_raises(tmp_path: Path, make, words):
    target = make(tmp_path)
    with pytest.raises(InputError) as exc:
        list(iter_article_paths([target]))
    message = str(exc.value)
    assert str(target) in message, f"the message should name the path: {message}"
    assert words in message, message


# ---------------------------------------------------------------------------------------
# Properties: arbitrary text never breaks the parsers with anything but InputError

_FRAGMENTS = st.sampled_from(
    [
        "---\n",
        "--- \n",
        "---\r\n",
        "\ufeff",
        "title: ",
        "published: ",
        "publisher: Reuters\n",
        "key value\n",
        ": ",
        "\n",
        "\r\n",
        " ",
        ".",
        ",",
        "Published on ",
        "Posted: ",
        "Updated: ",
        "Update",
        "©",
        "Copyright",
        "BEIJING, ",
        " (Reuters) - ",
        "August",
        "Aug.",
        "Sept",
        "Dec",
        "May",
        "30th",
        "31",
        "29",
        "1",
        "2023",
        "2024",
        "1999",
        "0000",
        "2023-08-30",
        "2023-02-30",
        "according to ",
        "said on ",
        "expected ",
        "will ",
        "next year",
        "last month",
        '"',
        "\u00a0",
        "\u2019",
        "宁德时代",
        "\x00",
    ]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_FRAGMENTS, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_ingest_parse_front_matter_only_raises_input_error(text):
    try:
        meta, body_start = parse_front_matter(text, "prop.md")
    except InputError as exc:
        assert "prop.md" in str(exc)
        return
    assert isinstance(meta, dict)
    assert 0 <= body_start <= len(text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_ingest_date_article_only_raises_input_error(text):
    try:
        found = date_article(text)
    except InputError:
        return
    if found is not None:
        day, precision, basis, _note = found
        assert isinstance(day, date)
        assert precision in ("day", "month", "year")
        assert basis in ("stated in text", "inferred")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_ingest_parse_article_only_raises_input_error(raw):
    try:
        article = parse_article(raw, "prop.txt")
    except InputError as exc:
        assert "prop.txt" in str(exc) and "\n" not in str(exc)
        return
    assert 0 <= article.body_start <= len(article.text)


def test_ingest_dateline_day_month_year():
    found = date_article(
        "Paris, 5 March 2024 — The Xiaomi SU7 went on sale in Europe's imagination."
    )
    assert found and found[0].isoformat() == "2024-03-05" and found[2] == "stated in text"


def test_ingest_jsonl_bad_line_is_reported_and_good_lines_kept():
    from xiaomi_ev_kb.ingest import parse_jsonl

    raw = b'{"text": "Xiaomi said the SU7 starts at 215,900 yuan."}\nnot json\n{"text": "Xiaomi plans 100,000 deliveries."}\n'
    problems: list[str] = []
    articles = parse_jsonl(raw, "x.jsonl", problems)
    assert len(articles) == 2 and len(problems) == 1 and problems[0].startswith("x.jsonl:2:")


def test_ingest_known_text_skips_working_out_metadata(tmp_path, monkeypatch):
    """A text already stored is recognised by its hash before title, publisher and date are
    worked out again (what makes re-loading an unchanged corpus cheap)."""
    import xiaomi_ev_kb.ingest as ingest

    f = tmp_path / "a.txt"
    f.write_text("Xiaomi said on Monday it had won approval. The plant opened last month.\n")
    fresh = ingest.read_articles(f)[0]
    assert not fresh.stored
    monkeypatch.setattr(ingest, "date_article", lambda *_: (_ for _ in ()).throw(AssertionError("dated again")))
    asked = []
    again = ingest.read_articles(f, known=lambda h: asked.append(h) or True)[0]
    assert again.stored and again.content_hash == fresh.content_hash == asked[0] and again.text == fresh.text
    lines = tmp_path / "b.jsonl"
    lines.write_text('{"text": "One."}\n{"text": "Two."}\n')
    monkeypatch.undo()
    hashes = {a.content_hash for a in ingest.read_articles(lines)}
    mixed = ingest.read_articles(lines, known=lambda h: h == min(hashes))
    assert [a.stored for a in mixed] == [a.content_hash == min(hashes) for a in mixed]


def test_ingest_one_stray_byte_in_utf8_is_replaced_and_reported_not_a_reason_for_cp1252(tmp_path):
    """A UTF-8 article with one byte that is not UTF-8 (0x92, Windows-1252's apostrophe, pasted
    in): the file stays UTF-8, that byte becomes U+FFFD and a warning says where; decoding it
    all as Windows-1252 turned every other character into mojibake, silently."""
    text = "Xiaomi’s SU7 — “215,900 yuan”, 小米汽车 said.\n"
    raw = text.encode("utf-8")
    cut = raw.index(b"said")
    f = tmp_path / "stray.txt"
    f.write_bytes(raw[:cut] + b"\x92" + raw[cut:])
    warnings: list[str] = []
    [article] = ingest.read_articles(f, warnings=warnings)
    assert article.text == text.replace("said", "\ufffdsaid") and article.encoding == "utf-8"
    [warning] = warnings
    assert f"{f}: 1 byte not valid UTF-8 (the first at byte {cut})" in warning and "--encoding" in warning


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Xiaomi’s café said “yes” to 300,000 cars.\n", "cp1252"), ("小米汽车宣布年产能为三十万辆，北京工厂已投产。\n", "gb18030")],
)
def test_ingest_a_file_clearly_in_another_encoding_is_still_read_as_that(tmp_path, text, encoding):
    f = tmp_path / "other.txt"
    f.write_bytes(text.encode(encoding))
    warnings: list[str] = []
    [article] = ingest.read_articles(f, warnings=warnings)
    assert article.text == text and article.encoding == encoding and warnings == []
