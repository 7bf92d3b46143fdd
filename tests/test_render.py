"""Tests for xiaomi_ev_kb.render: safe terminal text, the JSON contracts, and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from rich.console import Console

from xiaomi_ev_kb.models import Claim, Finding, Source
from xiaomi_ev_kb.render import claim_dict, claims_table, finding_dict, findings_view, safe, to_csv

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printed(renderable) -> str:
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


SOURCE = Source(
    id="a1b2c3d4e5f60718",
    file="seeds/004_state_planner.md",
    publisher="TechBeat Daily",
    published=date(2023, 8, 24),
    published_label="2023-08-24",
    published_basis="front matter",
    title="Xiaomi clears state planner hurdle",
    url="https://example.com/a",
)

QUOTE = 'a plant "capable" of producing 200,000 cars, a year'
SENTENCE = f"While it waited, Xiaomi built {QUOTE}, one of the people said.\nNext line; 中文."


def make_claim(**kw) -> Claim:
    base = dict(
        article_id=SOURCE.id,
        topic="capacity",
        subject="Xiaomi Beijing plant",
        property="capacity.annual",
        value=200_000,
        value_kind="quantity",
        quote=QUOTE,
        start=840,
        end=840 + len(QUOTE),
        sentence=SENTENCE,
        sentence_start=810,
        rule="capacity.rate",
        unit="vehicles",
        per="year",
        qualifiers={"scope": "plant"},
        certainty="reported",
        attributed_to="people familiar with the matter",
        origin=["Reuters", "people familiar with the matter"],
    )
    base.update(kw)
    return Claim(**base)


TIMED = dict(
    topic="approval",
    property="approval.ndrc",
    value="obtained",
    value_kind="status",
    unit=None,
    per=None,
    period_start=date(2023, 8, 1),
    period_end=date(2023, 8, 31),
    period_label="2023-08",
    qualifiers={"status": "obtained"},
)
SUPPLIER = dict(
    topic="supplier",
    subject="Xiaomi SU7",
    property="supplier.battery",
    value="CALB",
    value_kind="entity",
    unit=None,
    per=None,
    entity="CALB",
    surface="Sinovel (formerly known as Zhongchuang Lithium)",
    qualifiers={"component": "battery"},
)


# ---------------------------------------------------------------------------------------
# safe()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[bold red]x[/]", id="markup"),
        pytest.param("[link=http://evil.example]click[/link]", id="link"),
        pytest.param("[/]", id="bare-close"),
        pytest.param("a\\[bold]b[/bold]", id="escaped-bracket"),
        pytest.param("prices [in yuan] rose", id="plain-brackets"),
        pytest.param("path C:\\temp\\", id="trailing-backslash"),
        pytest.param("Xiaomi :fire: sales", id="emoji-code"),
    ],
)
def test_render_safe_prints_markup_literally(text):
    out = printed(safe(text))
    assert out.rstrip("\n") == text, f"{text!r} should print literally, got {out!r}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\x1b[31mred\x1b[0m text", id="ansi-colour"),
        pytest.param("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", id="osc-hyperlink"),
        pytest.param("bell\x07 and backspace\x08", id="bell-backspace"),
        pytest.param("c1 csi\x9b31m", id="c1-csi"),
        pytest.param("carriage\rreturn overwrite", id="carriage-return"),
        pytest.param("nul\x00 del\x7f", id="nul-del"),
    ],
)
def test_render_safe_neutralises_control_characters(text):
    cleaned = safe(text).plain
    assert not CONTROL.search(cleaned), f"control characters left in {cleaned!r}"
    out = printed(cleaned)
    assert "\x1b" not in out and not CONTROL.search(out.replace("\n", "")), f"printed {out!r}"
    for word in re.findall(r"[a-z]{3,}", CONTROL.sub(" ", text)):
        assert word in out, f"the readable text {word!r} should survive: {out!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, ""), ("", ""), ("tab\tand\nnewline", "tab\tand\nnewline"), ("宁德时代", "宁德时代")],
)
def test_render_safe_keeps_ordinary_text(text, expected):
    assert safe(text).plain == expected


def test_render_tables_escape_article_text():
    c = make_claim(quote="[bold red]200,000[/] \x1b[2J")
    out = printed(claims_table([(c, SOURCE)]))
    assert "[bold red]200,000[/]" in out, f"markup in a quote should print literally: {out}"
    assert "\x1b" not in out
    f = Finding("capacity", "value_conflict", c.subject, c.property, "x", [[c.id], [c.id]])
    out = printed(findings_view([f], {c.id: c}, {SOURCE.id: SOURCE}))
    assert "[bold red]200,000[/]" in out and "\x1b" not in out, out


HOSTILE = "[bold red]x[/] m[/b] \x1b[2J"  # markup, a closing tag with no opening one, an escape sequence


def _hostile_everywhere() -> tuple[Claim, Source]:
    """Every string of a claim and its source hostile (imported data can hold anything)."""
    c = make_claim(subject=HOSTILE, property="capacity.annual" + HOSTILE, certainty="reported" + HOSTILE,
                   rule="rule" + HOSTILE, period_label="2024" + HOSTILE, period_start=date(2024, 1, 1),
                   period_end=date(2024, 12, 31), attributed_to=HOSTILE, qualifiers={"scope": HOSTILE, "status": HOSTILE})  # fmt: skip
    c.id = "c" + HOSTILE
    s = Source(id="s" + HOSTILE, file="dir/" + HOSTILE, publisher=HOSTILE, published=date(2024, 3, 1),
               published_label="2024-03" + HOSTILE, published_basis="front matter" + HOSTILE, title=HOSTILE, url=HOSTILE)  # fmt: skip
    return c, s


def _assert_literal(out: str) -> None:
    assert "\x1b" not in out, repr(out)
    assert "[bold red]x[/]" in out and "m[/b]" in out, out


def test_render_every_view_prints_every_field_literally():
    """Not only quotes: ids, subjects, periods, certainties, rules, publishers, paths and
    timeline titles are the data's too, and a Rich table parses a plain string cell as markup
    ("m[/b]" raised, "[bold red]" turned into a style, an escape reached the terminal)."""
    from xiaomi_ev_kb.render import (
        entities_table,
        provenance_view,
        sources_table,
        status_table,
        timeline_view,
    )

    c, s = _hostile_everywhere()
    sources = {c.article_id: s}
    _assert_literal(printed(claims_table([(c, s)])))
    f = Finding("capacity", "value_conflict", c.subject, c.property, HOSTILE, [[c.id], [c.id]])
    _assert_literal(printed(findings_view([f], {c.id: c}, sources)))
    p = {"claim": c, "source": s, "agreeing": [c], "conflicting": [c], "findings": [f], "sources": sources}
    _assert_literal(printed(provenance_view(p)))
    row = {"id": HOSTILE, "title": HOSTILE, "file": HOSTILE, "publisher": HOSTILE, "published": HOSTILE,
           "published_basis": HOSTILE, "published_note": HOSTILE, "claims": 1}  # fmt: skip
    _assert_literal(printed(sources_table([row])))
    _assert_literal(printed(entities_table([{"entity": HOSTILE, "kind": HOSTILE, "parent": HOSTILE, "aliases": [HOSTILE], "claims": 1}])))
    entry = {"said_on": HOSTILE, "for": HOSTILE, "for_text": None, "status": HOSTILE, "certainty": HOSTILE,
             "source": HOSTILE, "quote": HOSTILE, "notes": [HOSTILE]}  # fmt: skip
    _assert_literal(printed(timeline_view([{"milestone": HOSTILE, "subject": HOSTILE, "entries": [entry]}])))
    _assert_literal(printed(status_table({"path": HOSTILE, "integrity": HOSTILE})))


# ---------------------------------------------------------------------------------------
# claim_dict / finding_dict: the JSON contracts

CLAIM_KEYS = {
    "id",
    "topic",
    "subject",
    "property",
    "value",
    "unit",
    "period",
    "entity",
    "surface",
    "quote",
    "sentence",
    "start",
    "end",
    "certainty",
    "attributed_to",
    "source",
}
SOURCE_KEYS = {"file", "publisher", "published", "published_basis"}


@pytest.mark.parametrize(
    "kw",
    [
        pytest.param({}, id="quantity"),
        pytest.param(TIMED, id="timed-status"),
        pytest.param(SUPPLIER, id="entity"),
    ],
)
def test_render_claim_dict_has_contract_keys(kw):
    c = make_claim(**kw)
    d = claim_dict(c, SOURCE)
    missing = CLAIM_KEYS - set(d)
    assert not missing, f"claim_dict lacks contract keys {missing}"
    assert SOURCE_KEYS <= set(d["source"]), f"source lacks {SOURCE_KEYS - set(d['source'])}"
    assert d["source"]["file"] == SOURCE.file and d["source"]["publisher"] == "TechBeat Daily"
    assert (
        d["source"]["published"] == "2023-08-24"
        and d["source"]["published_basis"] == "front matter"
    )
    for key in (
        "id",
        "topic",
        "subject",
        "property",
        "value",
        "unit",
        "entity",
        "surface",
        "quote",
        "sentence",
        "start",
        "end",
        "certainty",
        "attributed_to",
    ):
        assert d[key] == getattr(c, key), f"{key}: {d[key]!r} != {getattr(c, key)!r}"
    json.loads(json.dumps(d))  # JSON-ready: dates are strings


def test_render_claim_dict_period_when_time_applies():
    d = claim_dict(make_claim(**TIMED), SOURCE)
    assert d["period"] == {"start": "2023-08-01", "end": "2023-08-31", "label": "2023-08"}


def test_render_claim_dict_no_period_when_no_time():
    d = claim_dict(make_claim(), SOURCE)
    assert d.get("period") in (None, {}), f"a claim with no time has no period: {d.get('period')}"


def test_render_claim_dict_entity_keeps_surface():
    d = claim_dict(make_claim(**SUPPLIER), SOURCE)
    assert (d["value"], d["entity"], d["surface"]) == ("CALB", "CALB", SUPPLIER["surface"])


def test_render_claim_dict_offsets_match_quote():
    c = make_claim()
    d = claim_dict(c, SOURCE)
    assert d["end"] - d["start"] == len(d["quote"])


def test_render_claim_dict_source_keys_stable_without_source():
    d = claim_dict(make_claim(), None)
    assert SOURCE_KEYS <= set(d["source"]), (
        f"stable keys for scripts even without a source: {d['source']}"
    )


def test_render_finding_dict_has_contract_keys():
    a = make_claim()
    b = make_claim(value=300_000, start=2000, end=2000 + len(QUOTE))
    f = Finding(
        "capacity",
        "value_conflict",
        a.subject,
        a.property,
        "Sources disagree.",
        [[a.id], [b.id]],
        "high",
    )
    d = finding_dict(f, {a.id: a, b.id: b}, {SOURCE.id: SOURCE})
    missing = {"id", "topic", "kind", "explanation", "sides"} - set(d)
    assert not missing, f"finding_dict lacks contract keys {missing}"
    assert (d["id"], d["topic"], d["kind"], d["explanation"]) == (
        f.id,
        "capacity",
        "value_conflict",
        "Sources disagree.",
    )
    assert d["sides"] == [[a.id], [b.id]]
    json.loads(json.dumps(d))


# ---------------------------------------------------------------------------------------
# CSV


def test_render_to_csv_round_trips():
    claims = [
        make_claim(),
        make_claim(**TIMED),
        make_claim(
            **SUPPLIER, quote='CALB, "formerly"\nZhongchuang', sentence="宁德时代和中创新航, a, b"
        ),
    ]
    items = [claim_dict(c, SOURCE) for c in claims]
    text = to_csv(items)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(items), f"{len(rows)} rows read back for {len(items)} items"
    assert list(rows[0]) == list(items[0]), "the header is the dict keys, in order"
    for item, row in zip(items, rows, strict=True):
        for key, value in item.items():
            cell = row[key]
            if isinstance(value, dict | list):
                assert json.loads(cell) == value, f"{key}: nested value should be JSON text"
            elif value is None:
                assert cell == "", f"{key}: None should be an empty cell"
            else:
                assert cell == str(value), f"{key}: {cell!r} != {value!r}"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-12.5", "-12.5"),
        ("+300,000", "+300,000"),
        ("Xiaomi = CALB + CATL", "Xiaomi = CALB + CATL"),
    ],
)
def test_render_to_csv_neutralises_formulas(text, cell):
    """A cell a spreadsheet would run as a formula starts with an apostrophe; numbers and text
    that only contains = or + further in are left as they are."""
    c = make_claim(quote=text)
    s = Source(**{**SOURCE.__dict__, "title": text})
    rows = list(csv.DictReader(io.StringIO(to_csv([claim_dict(c, s)]), newline="")))
    assert rows[0]["quote"] == cell
    assert json.loads(rows[0]["source"])["title"] == text  # nested values are JSON text: they start with {
    assert to_csv([{"n": -5, "x": 2.5}]).split() == ["n,x", "-5,2.5"]


def test_render_to_csv_empty():
    assert to_csv([]) == ""


def test_render_provenance_lists_at_most_twenty_claims_of_each_kind():
    from rich.console import Console

    from xiaomi_ev_kb.models import Claim, Source
    from xiaomi_ev_kb.render import LISTED, provenance_view

    def claim(n: int) -> Claim:
        return Claim(article_id=f"a{n}", topic="capacity", subject="Xiaomi Auto", property="capacity.annual", value=300000.0,
                     value_kind="quantity", quote=f"quote {n}", start=0, end=7, sentence=f"quote {n}.", sentence_start=0,
                     rule="t", unit="vehicles", per="year")

    main = claim(0)
    sources = {f"a{n}": Source(f"a{n}", f"{n}.md", "Pub", None, None, "unknown") for n in range(60)}
    p = {"claim": main, "source": sources["a0"], "agreeing": [claim(n) for n in range(1, 46)], "conflicting": [],
         "findings": [], "sources": sources, "corroboration": None}
    console = Console(width=200, record=True)
    console.print(provenance_view(p))
    out = console.export_text()
    assert "Agreeing claims (45):" in out and f"and {45 - LISTED} more" in out
    assert f"“quote {LISTED}”" in out and f"“quote {LISTED + 1}”" not in out  # the first twenty, by date
