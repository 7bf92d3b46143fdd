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
    monkeypatch.setattr(
        ingest, "date_article", lambda *_: (_ for _ in ()).throw(AssertionError("dated again"))
    )
    asked = []
    again = ingest.read_articles(f, known=lambda h: asked.append(h) or True)[0]
    assert (
        again.stored
        and again.content_hash == fresh.content_hash == asked[0]
        and again.text == fresh.text
    )
    lines = tmp_path / "b.jsonl"
    lines.write_text('{"text": "One."}\n{"text": "Two."}\n')
    monkeypatch.undo()
    hashes = {a.content_hash for a in ingest.read_articles(lines)}
    mixed = ingest.read_articles(lines, known=lambda h: h == min(hashes))
    assert [a.stored for a in mixed] == [a.content_hash == min(hashes) for a in mixed]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Xiaomi prices its sedan\nBy A. Writer\nMarch 29, 2024 at 7:15 PM GMT+8\n"
            "Updated on March 30, 2024 at 9:00 AM GMT+8\n\nXiaomi priced the car on Thursday.\n",
            date(2024, 3, 29),
            id="date-line-with-time-and-zone",
        ),
        pytest.param(
            "Car news > Text\n\nMillet car price exposure\n\n2024-02-21 09:30:11   Source: Some Auto Net   Editor: Li\n\n"
            "Millet car will list soon.\n",
            date(2024, 2, 21),
            id="iso-date-time-then-source",
        ),
        pytest.param(
            "Home > NEV\n\nXiaomi SUV nears launch\n\nSource: Trade Wire   Editor: B. Chen   Published: 2025-06-02 16:05:12\n\n"
            "Xiaomi is close to launching its SUV.\n",
            date(2025, 6, 2),
            id="published-label-mid-line",
        ),
        pytest.param(
            "Car channel\n\nMillet SU7 declaration\n\nRelease time: 2023-11-17 10:12   Source: Car Net\n\nThe filing shows the maker.\n",
            date(2023, 11, 17),
            id="release-time-label",
        ),
        pytest.param(
            "NEWS PROVIDED BY\nXiaomi Corporation\nDec 02, 2024, 08:30 ET\n\nBEIJING, Dec. 2, 2024 /Wire Service/ -- Xiaomi said so.\n",
            date(2024, 12, 2),
            id="press-release-date-line",
        ),
        pytest.param(
            "Xiaomi hits a milestone\n\nBEIJING, Dec. 2, 2024 /Wire Service/ -- Xiaomi said so.\n",
            date(2024, 12, 2),
            id="press-release-dateline",
        ),
        pytest.param(
            "Xiaomi enters cars\n\nSHANGHAI/BEIJING, April 6 (Wire) - Xiaomi said on Tuesday it would build cars.\n"
            "[Photo: the event in Beijing, April 6, 2021.]\n",
            date(2021, 4, 6),
            id="dateline-without-year-full-date-of-that-day",
        ),
        pytest.param(
            "Xiaomi lifts its goal\n\nBEIJING, Sept 13 (Wire) - Xiaomi raised its 2024 delivery goal on Friday.\n"
            "Lei Jun, who set up the unit in 2021, spoke in Beijing. Li Auto (2015.HK) fell.\n",
            date(2024, 9, 13),
            id="dateline-without-year-weekday-fits-the-latest-year",
        ),
    ],
)
def test_ingest_date_article_reads_page_furniture(body, expected):
    found = date_article(body)
    assert found is not None and found[:3] == (expected, "day", "stated in text"), found


@pytest.mark.parametrize(
    ("body", "not_this"),
    [
        pytest.param(
            "Xiaomi news\n2024-03-04 Update From: AutoBeta\n\nXiaomi began building in 2022.\n",
            date(2024, 3, 4),
            id="update-stamp",
        ),
        pytest.param(
            "Xiaomi news\nUpdated on May 2, 2024 at 9:00 AM GMT+8\n\nXiaomi began building in 2022.\n",
            date(2024, 5, 2),
            id="updated-line",
        ),
        pytest.param(
            "Xiaomi history\n\nMarch 28, 2024: the SU7 goes on sale, with prices from 215,900 yuan.\n",
            date(2024, 3, 28),
            id="timeline-item",
        ),
    ],
)
def test_ingest_date_article_date_lines_that_are_no_publication_date(body, not_this):
    found = date_article(body)
    assert found is None or found[2] != "stated in text" or found[0] != not_this, found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "So I went to the delivery day\nIt's 2024 and phone makers sell cars. Launch was last week and "
            "yesterday, 3rd April, the first owners got their keys.\n",
            date(2024, 4, 4),
            id="yesterday-day-month",
        ),
        pytest.param(
            "Live: the launch\nWe are in Beijing for the 2024 launch. Today (March 28) Xiaomi prices its car.\n",
            date(2024, 3, 28),
            id="today-month-day",
        ),
    ],
)
def test_ingest_date_article_a_day_named_with_yesterday_or_today(body, expected):
    found = date_article(body)
    assert found is not None and found[:3] == (expected, "day", "inferred"), found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Menu | Search\nXiaomi picks a plant site\nJune 3, 2022 at 9:14 AM GMT+8\nUpdated on June 4, 2022\nXiaomi said ...\n",
            date(2022, 6, 3),
            id="byline-date-line",
        ),
        pytest.param(
            "Portal | News\nMillet car news\n2022-05-12 08:01:44   Source: Some Daily   Editor: X\nMillet said ...\n",
            date(2022, 5, 12),
            id="portal-timestamp-line",
        ),
        pytest.param(
            "Source: Some Wire   Editor: Y   Published: 2022-07-01 16:05:12\nXiaomi said ...\n",
            date(2022, 7, 1),
            id="published-mid-line",
        ),
        pytest.param(
            "Wire | World\nXiaomi sets goal\nSHANGHAI/BEIJING, May 14 (Wire) - Xiaomi said on Tuesday it aims to deliver more cars. "
            "It delivered its first car in 2024 and plans more for 2025.\n",
            date(2024, 5, 14),
            id="dateline-year-from-weekday",
        ),
    ],
)
def test_ingest_date_article_date_lines_of_real_pages(body, expected):
    found = date_article(body)
    assert found is not None and found[0] == expected and found[2] == "stated in text", found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "My blog\nThe launch was on Tuesday and yesterday, 9th May, the first owners got their cars. It's 2023 after all.\n",
            date(2023, 5, 10),
            id="yesterday",
        ),
        pytest.param(
            "My blog\nIt's been three days since the big event (Saturday March 1st) and I still can't believe the 2025 line-up.\n",
            date(2025, 3, 4),
            id="days-since-with-weekday",
        ),
        pytest.param(
            "My blog\nExactly two weeks since the launch night (Thursday June 26th). Europe in 2027, they say.\n",
            date(2025, 7, 10),
            id="weeks-since-with-weekday-year-not-written",
        ),
    ],
)
def test_ingest_date_article_blog_clock(body, expected):
    found = date_article(body)
    assert found is not None and found[0] == expected, found


def test_ingest_date_article_released_in_prose_is_not_a_stamp():
    body = "Review\nThe SU7 was released on March 28, 2024, and we drove it in June 2024.\n"
    found = date_article(body)
    assert found is not None and found[2] == "inferred", found


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
    assert (
        f"{f}: 1 byte not valid UTF-8 (the first at byte {cut})" in warning
        and "--encoding" in warning
    )


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Xiaomi’s café said “yes” to 300,000 cars.\n", "cp1252"),
        ("小米汽车宣布年产能为三十万辆，北京工厂已投产。\n", "gb18030"),
    ],
)
def test_ingest_a_file_clearly_in_another_encoding_is_still_read_as_that(tmp_path, text, encoding):
    f = tmp_path / "other.txt"
    f.write_bytes(text.encode(encoding))
    warnings: list[str] = []
    [article] = ingest.read_articles(f, warnings=warnings)
    assert article.text == text and article.encoding == encoding and warnings == []


def test_ingest_date_article_dateline_year_from_every_weekday_the_story_names():
    # filed on Friday about Thursday evening: the year in which the day is a Friday, not a Thursday
    body = (
        "Xiaomi's SUV draws orders\n\nBEIJING, June 27 (Wire) - Xiaomi's SUV drew orders after sales opened on "
        "Thursday evening, sending its shares to a record high on Friday. It plans a second plant by 2026, "
        "after a 2024 launch of its first car.\n"
    )
    found = date_article(body)
    assert found is not None and found[0] == date(2025, 6, 27), found


def test_ingest_date_article_byline_date_between_separators():
    body = "TRADE TITLE\n\n# Xiaomi tops a record\n\nBy A. Writer · 21 October 2025 · 6 min read\n\nXiaomi's car unit ...\n"
    found = date_article(body)
    assert found is not None and found[:3] == (date(2025, 10, 21), "day", "stated in text"), found


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Posted by Dan Whitfield on June 12, 2024 · Filed under: Reviews, Xiaomi · 23 comments",
            date(2024, 6, 12),
        ),
        ("By Jane Doe on 3 March 2024", date(2024, 3, 3)),
        ("Written by the editors on Mar. 5, 2025 | 4 min read", date(2025, 3, 5)),
    ],
)
def test_ingest_date_article_byline_by_someone_on_a_day(line, expected):
    body = (
        f"A BLOG\n\n# Ten weeks with a Xiaomi SU7\n\n{line}\n\nI picked up my car in April 2024.\n"
    )
    found = date_article(body)
    assert found is not None and found[:3] == (expected, "day", "stated in text"), found


def test_ingest_date_article_year_is_not_after_the_page_copyright():
    # a plan for a later year said without a future word the rules know is not the year it was written
    body = (
        "GADGET PAGE\n\n# Dates that shaped Xiaomi's car business\n\n"
        "Xiaomi built its first plant in 2023 and sold its first car in 2024.\n\n"
        "Europe is pencilled in for 2027, and a third plant went through approval in 2026.\n\n"
        "© 2025 Gadget Page. All rights reserved.\n"
    )
    found = date_article(body)
    assert found is not None and found[0].year == 2025 and found[1] == "year", found


def test_ingest_date_article_due_to_is_no_future():
    body = "NEWS\n\n# Xiaomi slows\n\nXiaomi cut output in 2024 due to a parts shortage, the company said.\n"
    found = date_article(body)
    assert found is not None and found[0].year == 2024, found
