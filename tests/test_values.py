"""One definition of "the same value" (values.py), and every view of the knowledge base using it:
`claims` (backing), `report` (consensus), `contradictions` and `provenance` agree on which
claims share a value."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from xiaomi_ev_kb import derived, values
from xiaomi_ev_kb.cli import app
from xiaomi_ev_kb.ingest import Article
from xiaomi_ev_kb.models import Claim
from xiaomi_ev_kb.storage import open_db, store_article


def quantity(value: float, **kw: Any) -> Claim:
    return Claim(
        article_id=kw.pop("article_id", "a"), topic="capacity", subject="Xiaomi Beijing plant", property="capacity.annual",
        value=value, value_kind="quantity", quote=f"{value:,.0f} vehicles", start=kw.pop("start", 0), end=10,
        sentence="s", sentence_start=0, rule="t", unit="vehicles", per="year", qualifiers={"scope": "plant"}, **kw,
    )  # fmt: skip


def when(kind: str, start: str | None, end: str | None, value: str = "x", **kw: Any) -> Claim:
    return Claim(
        article_id="a", topic="timeline", subject="Xiaomi SU7", property="milestone.launch", value=value,
        value_kind=kind, quote=value, start=kw.pop("start", 0), end=1, sentence="s", sentence_start=0, rule="t",
        period_start=date.fromisoformat(start) if start else None, period_end=date.fromisoformat(end) if end else None,
        period_label=start, **kw,
    )  # fmt: skip


def entity(name: str, **kw: Any) -> Claim:
    return Claim(
        article_id="a", topic="supplier", subject="Xiaomi SU7", property="supplier.battery", value=name,
        value_kind="entity", entity=name, quote=name, start=kw.pop("start", 0), end=1, sentence="s", sentence_start=0,
        rule="t", **kw,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(quantity(300_000), quantity(300_000, start=1), True, id="equal-figures"),
        pytest.param(
            quantity(300_000, approx=True), quantity(290_000), True, id="about-300k-vs-290k"
        ),
        pytest.param(quantity(200_000), quantity(300_000), False, id="200k-vs-300k"),
        pytest.param(
            quantity(10_000, bound="min"), quantity(10_432), True, id="more-than-10k-vs-10432"
        ),
        pytest.param(
            quantity(10_000, bound="min"), quantity(9_000), False, id="more-than-10k-vs-9000"
        ),
        pytest.param(
            quantity(300_000, bound="max"), quantity(299_900), True, id="below-300k-vs-299900"
        ),
        pytest.param(
            quantity(100_000, value_high=120_000), quantity(110_000), True, id="range-holds-figure"
        ),
        pytest.param(quantity(float("nan")), quantity(float("nan")), False, id="not-a-number"),
        pytest.param(entity("CATL"), entity("CATL", start=1), True, id="same-organisation"),
        pytest.param(entity("CATL"), entity("CALB"), False, id="other-organisation"),
        pytest.param(
            when("time", "2024-01-01", "2024-03-31"),
            when("time", "2024-01-01", "2024-06-30"),
            True,
            id="Q1-inside-H1",
        ),
        pytest.param(
            when("time", "2024-02-01", "2024-02-29"),
            when("time", "2024-03-01", "2024-03-31"),
            False,
            id="Feb-vs-March",
        ),
        pytest.param(
            when("time", None, None), when("time", None, None), False, id="time-without-period"
        ),
        pytest.param(
            when("status", None, None, "pending"),
            when("status", "2023-08-01", "2023-08-31", "pending"),
            True,
            id="status-undated",
        ),
        pytest.param(
            when("status", None, None, "pending"),
            when("status", None, None, "obtained"),
            False,
            id="status-words-differ",
        ),
        pytest.param(
            when("status", "2024-03-01", "2024-03-31", "achieved"),
            when("time", "2024-03-28", "2024-03-28"),
            True,
            id="mixed-time-status",
        ),
        pytest.param(
            quantity(2024), when("time", "2024-01-01", "2024-12-31"), False, id="quantity-vs-time"
        ),
    ],
)
def test_values_agree(a, b, same):
    assert values.agree(a, b) is same and values.agree(b, a) is same
    together = values.clusters([a, b])
    assert (len(together) == 1) is same


def test_values_status_word_is_the_status_qualifier():
    """A milestone stated as a status is 'achieved' or 'planned', whatever its value holds."""
    a = when("status", "2024-03-01", "2024-03-31", "2024-03", qualifiers={"status": "achieved"})
    b = when(
        "status", "2024-03-28", "2024-03-28", "28 March 2024", qualifiers={"status": "achieved"}
    )
    c = when("status", "2024-03-01", "2024-03-31", "2024-03", qualifiers={"status": "planned"})
    assert values.agree(a, b) and not values.agree(a, c)


def test_values_clusters_are_one_order_whatever_the_input_order():
    """'About 110,000' agrees with 100,000 and 120,000, which disagree: the clusters do not
    depend on the order the claims come in, and every cluster's members agree pairwise."""
    claims = [quantity(100_000, start=1), quantity(110_000, approx=True, start=2), quantity(120_000, start=3),
              quantity(121_000, start=4), quantity(50_000, bound="max", start=5)]  # fmt: skip
    first = values.clusters(claims)
    for order in (
        claims[::-1],
        claims[2:] + claims[:2],
        sorted(claims, key=lambda c: -float(c.value)),
    ):
        assert values.clusters(order) == first
    assert all(values.agree(a, b) for cl in first for a in cl for b in cl)
    assert [sorted(float(c.value) for c in cl) for cl in first] == [
        [50_000],
        [100_000, 110_000],
        [120_000, 121_000],
    ]


def test_values_representative_is_the_most_precise_claim():
    cl = [
        quantity(300_000, approx=True),
        quantity(300_000, bound="min", start=1),
        quantity(300_000, start=2),
    ]
    assert values.representative(cl) is cl[2]


# ---------------------------------------------------------------------------------------
# claims, report, contradictions and provenance agree on which claims share a value


def _article(name: str, day: str) -> Article:
    text = f"An article about the plant's capacity ({name})."
    return Article(path=f"/in/{name}.md", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), publisher=name,
                   published=date.fromisoformat(day), published_precision="day", published_basis="front matter")  # fmt: skip


def _stored(tmp_path, cases: list[tuple[str, str, dict]]):
    """A knowledge base holding one capacity claim per article (name, date, claim fields), each
    attributed to its own named source, so each claim's backing names exactly the claims it
    agrees with."""
    db = tmp_path / "kb.db"
    kb = open_db(db, create=True)
    ids = {}
    for name, day, fields in cases:
        art = _article(name, day)
        c = quantity(article_id=art.id, origin=[f"Wire {name}"], **fields)
        store_article(kb, art, [c])
        ids[name] = c.id
    return kb, db, ids


def _cli(db, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _partition(groups) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups if g}


def _views(db, ids: dict[str, str]) -> dict[str, set[frozenset[str]]]:
    """Which claims share a value, as each command shows it (claim ids by article name)."""
    name_of = {cid: name for name, cid in ids.items()}
    listed = _cli(db, "claims")
    by_claims = _partition(
        {name_of[c["id"]]} | {label.removeprefix("Wire ") for label in c["corroboration"]["labels"]}
        for c in listed
    )
    (entry,) = _cli(db, "report")
    groups = [entry["preferred"], *entry["dissent"], *entry["earlier"]]
    by_report = _partition({name_of[e["id"]] for e in g["evidence"]} for g in groups)
    findings = [f for f in _cli(db, "contradictions") if f["kind"] == "value_conflict"]
    by_findings = _partition({name_of[i] for i in side} for f in findings for side in f["sides"])
    by_provenance = _partition(
        {name} | {name_of[i] for i in _cli(db, "provenance", cid)[0]["agreeing"]}
        for name, cid in ids.items()
    )
    return {
        "claims": by_claims,
        "report": by_report,
        "contradictions": by_findings,
        "provenance": by_provenance,
    }


def test_values_claims_report_and_contradictions_agree_on_who_shares_a_value(tmp_path):
    """'About 100,000' (a) agrees with 95,000 (b) and with 108,000 (c), which disagree with each
    other. The cross-check, backing and consensus used to group these three three ways ({a, b} |
    {c}; {a, b, c}; {a, c} | {b}); now every view splits them as values.clusters does, stored or
    computed on the fly."""
    kb, db, ids = _stored(
        tmp_path,
        [("a", "2023-03-01", {"value": 100_000, "approx": True}), ("b", "2023-02-01", {"value": 95_000}),
         ("c", "2023-01-01", {"value": 108_000})],
    )  # fmt: skip
    expected = {frozenset("ab"), frozenset("c")}
    derived.refresh(kb)
    assert _views(db, ids) == dict.fromkeys(
        ("claims", "report", "contradictions", "provenance"), expected
    )
    kb.raw().execute(
        "INSERT OR IGNORE INTO dirty_partition SELECT DISTINCT subject, property FROM claim"
    )
    assert _views(db, ids) == dict.fromkeys(
        ("claims", "report", "contradictions", "provenance"), expected
    )  # on the fly
    kb.close()


def test_values_views_agree_on_a_crowded_group_with_bounds_and_ranges(tmp_path):
    """More claims, with bounds and a range: the four views still split them one way."""
    cases = [
        ("a", "2023-01-05", {"value": 300_000}),
        ("b", "2023-02-05", {"value": 300_000, "approx": True}),
        ("c", "2023-03-05", {"value": 280_000, "bound": "min"}),
        ("d", "2023-04-05", {"value": 200_000}),
        ("e", "2023-05-05", {"value": 150_000, "value_high": 210_000}),
        ("f", "2023-06-05", {"value": 250_000, "bound": "max"}),
        ("g", "2023-07-05", {"value": 330_000, "approx": True}),
    ]
    kb, db, ids = _stored(tmp_path, cases)
    derived.refresh(kb)
    views = _views(db, ids)
    claims = {
        c.id: c
        for c in derived.partition_claims(kb.raw(), "Xiaomi Beijing plant", "capacity.annual")
    }
    name_of = {cid: name for name, cid in ids.items()}
    expected = _partition({name_of[c.id] for c in cl} for cl in values.clusters(claims.values()))
    assert len(expected) > 1 and all(v == expected for v in views.values()), views
    kb.close()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (88_898, 88_989, False),  # exact counts a transposition apart
        (27_307, 27_300, True),  # "27,300" is rounded to the hundred
        (136_900, 136_854, True),
        (215_900, 215_000, False),  # a price misprinted, not rounded
        (300_000, 301_000, True),  # round figures keep 0.5 %
        (300_000, 310_000, False),
        (73.6, 73.9, True),  # decimals keep 0.5 %
        (73.6, 75.0, False),
    ],
)
def test_values_exact_figures_are_rounded_only_at_their_last_digit(a, b, same):
    assert values.agree(quantity(a), quantity(b)) is same
    assert values.agree(quantity(b), quantity(a)) is same
