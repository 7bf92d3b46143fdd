"""Tests for xiaomi_ev_kb.crosscheck: a pure function from claims (and sources) to findings.

Claims and sources are built directly, so every case states exactly what is compared:
planted contradictions must be found, planted non-contradictions must stay silent.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaomi_ev_kb.crosscheck import REVISION_KINDS, comparison_key, find_contradictions
from xiaomi_ev_kb.models import Claim, Finding, Source

PLANT = "Xiaomi Beijing plant"
AUTO = "Xiaomi Auto"
SU7 = "Xiaomi SU7"

_TOPIC_OF_PREFIX = {
    "capacity": "capacity",
    "production": "production",
    "delivery": "deliveries",
    "orders": "deliveries",
    "price": "price",
    "spec": "spec",
    "approval": "approval",
    "supplier": "supplier",
    "milestone": "timeline",
}


def d(text: str) -> date:
    return date.fromisoformat(text)


def claim(
    article: str,
    value: Any,
    *,
    prop: str = "capacity.annual",
    subject: str = PLANT,
    start: int = 0,
    quote: str | None = None,
    period: tuple[str, str, str] | None = None,
    **kw: Any,
) -> Claim:
    """A claim with sensible defaults: an annual plant capacity unless told otherwise."""
    if prop.endswith(".target") and subject == PLANT:
        subject = AUTO
    kind = kw.pop("value_kind", None)
    if kind is None:
        if prop.startswith("supplier."):
            kind = "entity"
        elif prop.startswith(("approval.", "milestone.")):
            kind = "status"
        else:
            kind = "quantity"
    if kind == "quantity":
        kw.setdefault("unit", "vehicles")
        kw.setdefault("per", "year" if prop == "capacity.annual" else None)
        kw.setdefault("qualifiers", {"scope": "plant"} if prop == "capacity.annual" else {})
    if kind == "entity":
        kw.setdefault("entity", value)
        kw.setdefault("surface", value)
    if period is not None:
        kw["period_start"], kw["period_end"], kw["period_label"] = (
            d(period[0]),
            d(period[1]),
            period[2],
        )
    quote = quote if quote is not None else f"{value}"
    return Claim(
        article_id=article,
        topic=kw.pop("topic", _TOPIC_OF_PREFIX[prop.split(".")[0]]),
        subject=subject,
        property=prop,
        value=value,
        value_kind=kind,
        quote=quote,
        start=start,
        end=start + len(quote),
        sentence=quote,
        sentence_start=start,
        rule="test",
        **kw,
    )


PUBLISHERS = {"A": "Reuters", "B": "CnEVPost", "C": "Cailian", "D": "Pandaily"}


def sources(dates: dict[str, str | None]) -> dict[str, Source]:
    """Sources for article ids; a None date makes an undated article."""
    out = {}
    for aid, day in dates.items():
        publisher = PUBLISHERS.get(aid, f"Outlet {aid}")
        out[aid] = Source(
            id=aid,
            file=f"articles/{aid.lower()}_{publisher.lower()}.txt",
            publisher=publisher,
            published=d(day) if day else None,
            published_label=day,
            published_basis="front matter" if day else "unknown",
        )
    return out


def status(
    article: str, state: str, *, prop: str = "approval.ndrc", subject: str = AUTO, **kw: Any
) -> Claim:
    qualifiers = {"status": state, **kw.pop("qualifiers", {})}
    return claim(article, state, prop=prop, subject=subject, qualifiers=qualifiers, **kw)


def supplier(
    article: str,
    name: str,
    start: int,
    *,
    closed: bool = False,
    subject: str = SU7,
    **qualifiers: Any,
) -> Claim:
    """A battery supplier of the SU7; ``closed``: named in a list given as complete."""
    return claim(
        article,
        name,
        prop="supplier.battery",
        subject=subject,
        start=start,
        qualifiers={"component": "battery", "closed_list": closed, **qualifiers},
    )


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


# ---------------------------------------------------------------------------------------
# Cases that must produce exactly one finding of a given kind


def _value_conflict() -> tuple[list[Claim], dict[str, Source]]:
    return (
        [
            claim("A", 200_000, quote="200,000 vehicles a year", start=120),
            claim("B", 300_000, quote="300,000 vehicles a year", start=340),
        ],
        sources({"A": "2023-08-23", "B": "2023-10-10"}),
    )


def _self_contradiction() -> tuple[list[Claim], dict[str, Source]]:
    return (
        [
            claim("A", 200_000, quote="200,000 cars a year", start=100),
            claim("A", 300_000, quote="300,000 cars a year", start=900),
        ],
        sources({"A": "2023-08-23"}),
    )


def _supplier_divergence() -> tuple[list[Claim], dict[str, Source]]:
    return (
        [
            supplier("A", "CATL", 100, closed=True),
            supplier("A", "FinDreams Battery", 140, closed=True),
            supplier("B", "CALB", 200),
            supplier("B", "CATL", 260),
        ],
        sources({"A": "2022-06-15", "B": "2023-08-30"}),
    )


def _missed_prediction() -> tuple[list[Claim], dict[str, Source]]:
    return (
        [
            status(
                "C", "expected", start=50, period=("2023-06-01", "2023-07-31", "2023-06/2023-07")
            ),
            status("A", "obtained", start=80, period=("2023-08-23", "2023-08-23", "2023-08-23")),
        ],
        sources({"C": "2022-10-19", "A": "2023-08-23"}),
    )


def _status_conflict() -> tuple[list[Claim], dict[str, Source]]:
    return (
        [
            status("A", "obtained", start=10, period=("2023-11-01", "2023-11-30", "2023-11")),
            status("B", "pending", start=20),
        ],
        sources({"A": "2023-11-20", "B": "2023-12-05"}),
    )


def _timeline_conflict() -> tuple[list[Claim], dict[str, Source]]:
    return (
        [
            status(
                "A",
                "achieved",
                prop="milestone.registration",
                start=10,
                period=("2021-03-01", "2021-03-31", "2021-03"),
            ),
            status(
                "B",
                "achieved",
                prop="milestone.registration",
                start=30,
                period=("2021-09-01", "2021-09-30", "2021-09"),
            ),
        ],
        sources({"A": "2021-04-02", "B": "2021-10-01"}),
    )


FINDING_CASES = [
    pytest.param(_value_conflict, "value_conflict", id="value-200k-vs-300k"),
    pytest.param(_self_contradiction, "self_contradiction", id="self-contradiction"),
    pytest.param(_supplier_divergence, "supplier_divergence", id="supplier-divergence"),
    pytest.param(_missed_prediction, "missed_prediction", id="missed-prediction"),
    pytest.param(_status_conflict, "status_conflict", id="obtained-then-pending"),
    pytest.param(_timeline_conflict, "timeline_conflict", id="disjoint-milestones"),
]


@pytest.mark.parametrize(("build", "kind"), FINDING_CASES)
def test_crosscheck_finds_planted_contradiction(build, kind):
    claims, srcs = build()
    findings = find_contradictions(claims, srcs)
    assert kinds(findings) == [kind], f"expected one {kind}, got {[f.to_dict() for f in findings]}"


@pytest.mark.parametrize(("build", "kind"), FINDING_CASES)
def test_crosscheck_finding_sides_are_known_claim_ids(build, kind):
    claims, srcs = build()
    known = {c.id for c in claims}
    for f in find_contradictions(claims, srcs):
        assert isinstance(f.sides, list) and len(f.sides) >= 2, (
            f"{f.kind}: a finding needs two sides: {f.sides}"
        )
        for side in f.sides:
            assert isinstance(side, list) and side, (
                f"{f.kind}: every side is a non-empty list: {f.sides}"
            )
            assert set(side) <= known, f"{f.kind}: sides name unknown claim ids {set(side) - known}"
        flat = [cid for side in f.sides for cid in side]
        assert len(flat) == len(set(flat)), f"{f.kind}: a claim sits on two sides: {f.sides}"
        assert f.explanation.strip(), f"{f.kind}: the finding has no explanation"


@pytest.mark.parametrize(("build", "kind"), FINDING_CASES)
def test_crosscheck_finding_id_is_stable(build, kind):
    claims, srcs = build()
    first = [f.id for f in find_contradictions(claims, srcs)]
    again_claims, again_srcs = build()  # fresh but equal objects
    again = [f.id for f in find_contradictions(again_claims, again_srcs)]
    reordered = [f.id for f in find_contradictions(list(reversed(again_claims)), again_srcs)]
    assert first, f"no {kind} finding to check"
    assert first == again, "the same input must give the same finding ids"
    assert sorted(first) == sorted(reordered), "the order of the claims must not change finding ids"


@pytest.mark.parametrize(("build", "kind"), FINDING_CASES)
def test_crosscheck_is_pure(build, kind):
    claims, srcs = build()
    before = [(c.id, c.value, dict(c.qualifiers)) for c in claims]
    find_contradictions(iter(claims), srcs)  # any iterable will do
    assert [(c.id, c.value, dict(c.qualifiers)) for c in claims] == before, (
        "claims must not be modified"
    )


# ---------------------------------------------------------------------------------------
# Quantities


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        pytest.param({}, {}, ("200,000", "300,000"), id="plain"),
        pytest.param({"approx": True}, {"approx": True}, ("200,000", "300,000"), id="both-about"),
        pytest.param(
            {"bound": "max"}, {"bound": "min"}, ("200,000", "300,000"), id="up-to-vs-at-least"
        ),
    ],
)
def test_crosscheck_value_conflict_explains_values_sources_and_dates(low, high, shown):
    claims = [
        claim("A", 200_000, quote="200,000 vehicles a year", start=120, **low),
        claim("B", 300_000, quote="300,000 vehicles a year", start=340, **high),
    ]
    srcs = sources({"A": "2023-08-23", "B": "2023-10-10"})
    findings = find_contradictions(claims, srcs)
    assert kinds(findings) == ["value_conflict"], findings
    f = findings[0]
    for text in (*shown, "Reuters", "CnEVPost", "2023-08-23", "2023-10-10"):
        assert text in f.explanation, f"the explanation should name {text!r}: {f.explanation}"
    assert sorted(map(sorted, f.sides)) == sorted([[claims[0].id], [claims[1].id]]), f.sides
    assert f.topic == "capacity" and f.subject == PLANT and f.property == "capacity.annual"


def test_crosscheck_self_contradiction_names_the_article():
    claims, srcs = _self_contradiction()
    (f,) = find_contradictions(claims, srcs)
    assert f.kind == "self_contradiction"
    assert (
        "Reuters" in f.explanation and "200,000" in f.explanation and "300,000" in f.explanation
    ), f.explanation
    assert sorted(map(sorted, f.sides)) == sorted([[claims[0].id], [claims[1].id]])


def test_crosscheck_self_contradiction_flagged_beside_other_articles():
    """Design: 'an article that contradicts itself is flagged too', even when others agree with one value."""
    claims = [
        claim("A", 200_000, quote="200,000 cars a year", start=100),
        claim("A", 300_000, quote="300,000 cars a year", start=900),
        claim("B", 300_000, quote="300,000 cars a year", start=100),
    ]
    findings = find_contradictions(claims, sources({"A": "2023-08-23", "B": "2023-09-01"}))
    assert "self_contradiction" in kinds(findings), [f.to_dict() for f in findings]


def test_crosscheck_a_plant_figure_the_article_gives_for_a_phase_is_that_phase():
    # headline "from the 150,000-unit plant", body "Phase I annual capacity: 150,000 units" and
    # "Planned capacity with phase II: 300,000": the article calls phase I the plant
    claims = [
        claim("A", 150_000, quote="150,000-unit plant", start=10),
        claim("A", 150_000, quote="150,000 units", start=400, qualifiers={"scope": "phase I"}),
        claim("A", 300_000, quote="300,000 units per year", start=450),
        claim("B", 300_000, quote="300,000 vehicles a year", start=100),
    ]
    findings = find_contradictions(claims, sources({"A": "2023-12-20", "B": "2024-01-05"}))
    assert findings == [], [f.to_dict() for f in findings]
    # without the phase figure the article does state two capacities for the whole plant
    findings = find_contradictions(
        [claims[0], *claims[2:]], sources({"A": "2023-12-20", "B": "2024-01-05"})
    )
    assert "self_contradiction" in kinds(findings), [f.to_dict() for f in findings]


def test_crosscheck_one_article_giving_one_trim_two_prices_contradicts_itself():
    # a live blog: "SU7 Pro: 245,900 yuan" in one entry, "249,900 for the Pro" in the recap
    def price(value: int, start: int, **q: Any) -> Claim:
        return claim("A", value, prop="price.stated", subject=SU7, start=start, quote=f"{value:,} yuan",
                     unit="CNY", per=None, qualifiers=q)  # fmt: skip

    srcs = sources({"A": "2024-03-28"})
    findings = find_contradictions([price(245_900, 100, variant="pro"), price(249_900, 900, variant="pro")], srcs)
    assert kinds(findings) == ["self_contradiction"], [f.to_dict() for f in findings]
    # two trims' prices, or prices whose trim is not named, are not one article contradicting itself
    assert find_contradictions([price(245_900, 100, variant="pro"), price(299_900, 900, variant="max")], srcs) == []
    assert find_contradictions([price(245_900, 100), price(299_900, 900)], srcs) == []


def test_crosscheck_targets_within_a_week_without_revision_word_are_a_conflict():
    """Control for the revision cases below: two figures for one target announced days apart,
    neither said to be raised or cut, disagree. (Months apart they are a revision: see
    test_crosscheck_target_revision_*.)"""
    claims = [
        claim(
            "A",
            76_000,
            prop="delivery.target",
            period=("2024-01-01", "2024-12-31", "2024"),
            start=10,
        ),
        claim(
            "B",
            100_000,
            prop="delivery.target",
            period=("2024-01-01", "2024-12-31", "2024"),
            start=10,
        ),
    ]
    findings = find_contradictions(claims, sources({"A": "2024-04-10", "B": "2024-04-15"}))
    assert kinds(findings) == ["value_conflict"], findings


NO_QUANTITY_CONFLICT = [
    pytest.param(
        [
            claim("A", 150_000, qualifiers={"scope": "phase I"}, start=10),
            claim("B", 300_000, qualifiers={"scope": "plant"}, start=10),
        ],
        id="phase-I-vs-plant",
    ),
    pytest.param(
        [
            claim("A", 150_000, qualifiers={"scope": "per phase"}, start=10),
            claim("B", 300_000, qualifiers={"scope": "plant"}, start=10),
        ],
        id="per-phase-vs-plant",
    ),
    pytest.param(
        [
            claim(
                "A",
                100_000,
                prop="production.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                qualifiers={"scope": "target"},
                start=10,
            ),
            claim("B", 300_000, start=10),
        ],
        id="production-target-vs-capacity",
    ),
    pytest.param(
        [
            claim(
                "A",
                50,
                prop="production.trial_output",
                per="week",
                qualifiers={"scope": "trial production"},
                start=10,
            ),
            claim("B", 300_000, start=10),
        ],
        id="weekly-trial-output-vs-annual-capacity",
    ),
    pytest.param(
        [claim("A", 300_000, approx=True, start=10), claim("B", 300_000, start=10)],
        id="about-300k-vs-300k",
    ),
    pytest.param(
        [claim("A", 300_000, approx=True, start=10), claim("B", 290_000, start=10)],
        id="about-300k-vs-290k",
    ),
    pytest.param(
        [claim("A", 300_000, bound="min", start=10), claim("B", 320_000, start=10)],
        id="at-least-300k-vs-320k",
    ),
    pytest.param(
        [claim("A", 100_000, value_high=120_000, start=10), claim("B", 110_000, start=10)],
        id="range-100k-120k-vs-110k",
    ),
    pytest.param(
        [claim("A", 300_000, start=10), claim("A", 300_000, start=500)],
        id="same-article-same-value-twice",
    ),
    pytest.param(
        [claim("A", 300_000, start=10), claim("B", 200_000, certainty="speculated", start=10)],
        id="speculated-not-compared",
    ),
    pytest.param(
        [
            claim(
                "A",
                76_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                start=10,
            ),
            claim(
                "B",
                100_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                qualifiers={"revised": True},
                start=10,
            ),
        ],
        id="target-raised-later",
    ),
    pytest.param(
        [
            claim(
                "A",
                76_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                start=10,
            ),
            claim(
                "B",
                100_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                qualifiers={"revised": True},
                start=10,
            ),
            claim(
                "C",
                120_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                qualifiers={"revised": True},
                start=10,
            ),
        ],
        id="target-raised-twice",
    ),
    pytest.param(
        [
            claim(
                "A",
                76_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                start=10,
            ),
            claim(
                "B",
                100_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                qualifiers={"revised": True},
                start=10,
            ),
            claim(
                "C",
                100_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                start=10,
            ),
        ],
        id="raised-target-repeated-later",
    ),
    pytest.param(
        [
            claim(
                "A",
                76_000,
                prop="delivery.target",
                period=("2024-01-01", "2024-12-31", "2024"),
                start=10,
            ),
            claim(
                "B",
                120_000,
                prop="delivery.target",
                period=("2025-01-01", "2025-12-31", "2025"),
                start=10,
            ),
        ],
        id="targets-for-different-years",
    ),
]


@pytest.mark.parametrize("claims", NO_QUANTITY_CONFLICT)
def test_crosscheck_no_quantity_conflict(claims):
    """No contradiction (a raised target is a target revision: shown, low severity, not one)."""
    srcs = sources({"A": "2024-04-10", "B": "2024-06-28", "C": "2024-11-18"})
    findings = find_contradictions(claims, srcs)
    assert all(f.kind in REVISION_KINDS and f.severity == "low" for f in findings), (
        f"expected no contradiction, got {[f.explanation for f in findings]}"
    )


# ---------------------------------------------------------------------------------------
# Suppliers


def test_crosscheck_supplier_divergence_names_sides_and_change():
    claims, srcs = _supplier_divergence()
    (f,) = find_contradictions(claims, srcs)
    assert f.kind == "supplier_divergence" and f.topic == "supplier"
    a_ids = sorted(c.id for c in claims if c.article_id == "A")
    b_ids = sorted(c.id for c in claims if c.article_id == "B")
    assert [sorted(s) for s in f.sides] == [a_ids, b_ids], "earlier list first, later list second"
    for name in (
        "CATL",
        "FinDreams Battery",
        "CALB",
        "Reuters",
        "CnEVPost",
        "2022-06-15",
        "2023-08-30",
    ):
        assert name in f.explanation, f"the explanation should name {name!r}: {f.explanation}"
    assert re.search(r"FinDreams Battery[^.;]*(not named|dropped|no longer)", f.explanation), (
        f"the explanation should say FinDreams Battery was dropped: {f.explanation}"
    )
    assert re.search(r"CALB[^.;]*(only later|added|new)", f.explanation), (
        f"the explanation should say CALB was added: {f.explanation}"
    )


@pytest.mark.parametrize(
    ("dates"),
    [
        pytest.param({"A": "2023-06-01", "B": "2023-08-30"}, id="partial-list-earlier"),
        pytest.param({"A": "2023-09-15", "B": "2023-08-30"}, id="partial-list-later"),
    ],
)
def test_crosscheck_supplier_subset_is_not_divergence(dates):
    claims = [
        supplier("A", "CALB", 100),
        supplier("B", "CALB", 200),
        supplier("B", "CATL", 260),
    ]
    findings = find_contradictions(claims, sources(dates))
    assert findings == [], (
        f"a partial list agrees with the full one: {[f.explanation for f in findings]}"
    )


def test_crosscheck_speculated_supplier_not_compared():
    claims = [
        supplier("A", "CATL", 100),
        supplier("A", "CALB", 140),
        claim(
            "B",
            "Sunwoda",
            prop="supplier.battery",
            subject=SU7,
            start=200,
            qualifiers={"component": "battery"},
            certainty="speculated",
        ),
    ]
    findings = find_contradictions(claims, sources({"A": "2023-08-23", "B": "2023-09-01"}))
    assert findings == [], [f.explanation for f in findings]


def test_crosscheck_supplier_same_set_in_any_order_is_not_divergence():
    claims = [
        supplier("A", "CATL", 100),
        supplier("A", "CALB", 140),
        supplier("B", "CALB", 200),
        supplier("B", "CATL", 260),
    ]
    assert find_contradictions(claims, sources({"A": "2023-06-01", "B": "2023-08-30"})) == []


# ---------------------------------------------------------------------------------------
# Predictions, status and timelines


def test_crosscheck_missed_prediction_sides_and_explanation():
    claims, srcs = _missed_prediction()
    (f,) = find_contradictions(claims, srcs)
    prediction, outcome = claims
    assert f.kind == "missed_prediction"
    assert f.sides == [[prediction.id], [outcome.id]], "prediction first, outcome second"
    for text in ("2022-10-19", "2023-08-23", "June", "July", "August"):
        assert text in f.explanation, f"the explanation should mention {text!r}: {f.explanation}"


@pytest.mark.parametrize(
    ("outcome_period", "dates"),
    [
        pytest.param(
            ("2023-07-15", "2023-07-15", "2023-07-15"),
            {"C": "2022-10-19", "A": "2023-07-16"},
            id="outcome-inside-window",
        ),
        pytest.param(
            ("2023-06-01", "2023-07-31", "2023-06/2023-07"),
            {"C": "2022-10-19", "A": "2023-08-01"},
            id="outcome-is-the-window",
        ),
        pytest.param(
            ("2023-08-23", "2023-08-23", "2023-08-23"),
            {"C": "2023-09-01", "A": "2023-08-23"},
            id="outcome-article-older-than-prediction",
        ),
    ],
)
def test_crosscheck_not_a_missed_prediction(outcome_period, dates):
    claims = [
        status("C", "expected", start=50, period=("2023-06-01", "2023-07-31", "2023-06/2023-07")),
        status("A", "obtained", start=80, period=outcome_period),
    ]
    findings = find_contradictions(claims, sources(dates))
    assert "missed_prediction" not in kinds(findings), [f.explanation for f in findings]


def test_crosscheck_missed_milestone_prediction():
    claims = [
        status(
            "C",
            "planned",
            prop="milestone.mass_production",
            start=10,
            period=("2023-10-01", "2023-12-31", "2023-Q4"),
        ),
        status(
            "A",
            "achieved",
            prop="milestone.mass_production",
            start=10,
            period=("2024-03-28", "2024-03-28", "2024-03-28"),
        ),
    ]
    findings = find_contradictions(claims, sources({"C": "2022-10-19", "A": "2024-03-28"}))
    assert kinds(findings) == ["missed_prediction"], [f.explanation for f in findings]


@pytest.mark.parametrize(
    ("claims", "dates"),
    [
        pytest.param(
            [
                status("C", "pending", start=5),
                status("A", "obtained", start=9, period=("2023-08-23", "2023-08-23", "2023-08-23")),
            ],
            {"C": "2022-10-19", "A": "2023-08-23"},
            id="pending-then-obtained-is-progress",
        ),
        pytest.param(
            [status("C", "pending", start=5), status("A", "obtained", start=9)],
            {"C": "2022-10-19", "A": "2023-08-23"},
            id="pending-then-obtained-undated-event",
        ),
        pytest.param(
            [
                status("C", "pending", start=5),
                status("A", "obtained", start=9, period=("2023-08-01", "2023-08-31", "2023-08")),
            ],
            {"C": "2023-08-10", "A": "2023-08-30"},
            id="pending-mid-month-obtained-that-month",
        ),
    ],
)
def test_crosscheck_status_progress_is_not_a_conflict(claims, dates):
    findings = find_contradictions(claims, sources(dates))
    assert findings == [], [f.explanation for f in findings]


def test_crosscheck_status_conflict_obtained_then_pending():
    claims, srcs = _status_conflict()
    (f,) = find_contradictions(claims, srcs)
    obtained, pending = claims
    assert f.kind == "status_conflict" and f.topic == "approval"
    assert f.sides == [[obtained.id], [pending.id]], "obtained side first, pending side second"
    assert "CnEVPost" in f.explanation and "Reuters" in f.explanation, f.explanation


@pytest.mark.parametrize(
    ("claims", "dates"),
    [
        pytest.param(
            [
                status(
                    "A",
                    "achieved",
                    prop="milestone.registration",
                    start=5,
                    period=("2021-11-27", "2021-11-27", "2021-11-27"),
                ),
                status(
                    "B",
                    "achieved",
                    prop="milestone.registration",
                    start=5,
                    period=("2021-01-01", "2021-12-31", "2021"),
                ),
            ],
            {"A": "2021-11-29", "B": "2022-03-01"},
            id="day-inside-year",
        ),
        pytest.param(
            [
                status(
                    "A",
                    "planned",
                    prop="milestone.mass_production",
                    start=5,
                    period=("2024-01-01", "2024-03-31", "2024-Q1"),
                ),
                status(
                    "B",
                    "planned",
                    prop="milestone.mass_production",
                    start=5,
                    period=("2024-01-01", "2024-06-30", "2024-H1"),
                ),
            ],
            {"A": "2023-08-01", "B": "2023-09-01"},
            id="planned-Q1-inside-H1",
        ),
        pytest.param(
            [
                status(
                    "A",
                    "achieved",
                    prop="milestone.registration",
                    start=5,
                    period=("2021-03-01", "2021-03-31", "2021-03"),
                ),
                status(
                    "B",
                    "achieved",
                    prop="milestone.mass_production",
                    start=5,
                    period=("2021-09-01", "2021-09-30", "2021-09"),
                ),
            ],
            {"A": "2021-04-02", "B": "2021-10-01"},
            id="different-milestones",
        ),
    ],
)
def test_crosscheck_timeline_refinement_is_not_a_conflict(claims, dates):
    findings = find_contradictions(claims, sources(dates))
    assert findings == [], [f.explanation for f in findings]


def test_crosscheck_timeline_conflict_sides():
    claims, srcs = _timeline_conflict()
    (f,) = find_contradictions(claims, srcs)
    assert f.kind == "timeline_conflict" and f.topic == "timeline"
    assert f.sides == [[claims[0].id], [claims[1].id]], "earlier period first"
    assert "March 2021" in f.explanation and "September 2021" in f.explanation, f.explanation


def test_crosscheck_empty_input():
    assert find_contradictions([], {}) == []


# ---------------------------------------------------------------------------------------
# Property: claims that all give the same figure never conflict

ARTICLES = ["A", "B", "C", "D"]


@st.composite
def consistent_claims(draw) -> tuple[list[Claim], dict[str, Source]]:
    value = draw(st.one_of(st.integers(1, 10_000_000), st.floats(0.5, 1e7, allow_nan=False)))
    n = draw(st.integers(1, 8))
    claims = []
    for i in range(n):
        claims.append(
            claim(
                draw(st.sampled_from(ARTICLES)),
                value,
                start=i * 100,
                approx=draw(st.booleans()),
                bound=draw(st.sampled_from([None, "min", "max"])),
                certainty=draw(st.sampled_from(["stated", "reported", "expected", "speculated"])),
                qualifiers={"scope": "plant", "revised": draw(st.booleans())},
            )
        )
    day = st.one_of(st.none(), st.dates(date(2021, 1, 1), date(2025, 12, 31)).map(date.isoformat))
    dates = {aid: draw(day) for aid in ARTICLES}
    return claims, sources(dates)


@settings(max_examples=200, deadline=None)
@given(consistent_claims())
def test_crosscheck_consistent_quantities_never_conflict(case):
    claims, srcs = case
    findings = find_contradictions(claims, srcs)
    assert findings == [], (
        f"claims that all say {claims[0].value} gave {[f.explanation for f in findings]}"
    )


def _planned(aid: str, start: date, end: date, label: str) -> Claim:
    return Claim(
        article_id=aid,
        topic="timeline",
        subject="Xiaomi SU7",
        property="milestone.deliveries_start",
        value=label,
        value_kind="time",
        quote=label,
        start=0,
        end=len(label),
        sentence=label,
        sentence_start=0,
        rule="r",
        period_start=start,
        period_end=end,
        period_label=label,
        qualifiers={"status": "planned"},
        certainty="expected",
    )


def _src(aid: str, day: date) -> Source:
    return Source(
        id=aid,
        file=f"{aid}.md",
        publisher=None,
        published=day,
        published_label=day.isoformat(),
        published_basis="front matter",
    )


def test_crosscheck_timeline_slip_is_a_revision_and_refinement_is_not():
    sources = {
        "a": _src("a", date(2023, 12, 1)),
        "b": _src("b", date(2024, 2, 1)),
        "c": _src("c", date(2024, 3, 1)),
    }
    feb = _planned("a", date(2024, 2, 1), date(2024, 2, 29), "2024-02")
    april = _planned("b", date(2024, 4, 1), date(2024, 4, 30), "2024-04")
    early_april = _planned("c", date(2024, 4, 1), date(2024, 4, 10), "2024-04-START")
    found = find_contradictions([feb, april, early_april], sources)
    assert [(f.kind, f.sides) for f in found] == [("timeline_revision", [[feb.id], [april.id]])]
    assert "slipped" in found[0].explanation and "February 2024" in found[0].explanation


def _output_under_hash_seeds(code: str, seeds: int = 6) -> str:
    """What ``code`` prints in fresh processes under several hash seeds; it must be one text."""
    import os
    import subprocess
    import sys

    runs = {
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'tests'); " + code], capture_output=True,
                       text=True, check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(seeds)
    }  # fmt: skip
    assert len(runs) == 1, runs
    return runs.pop()


def test_crosscheck_supplier_names_at_one_position_are_listed_alphabetically():
    """Two suppliers a list names at the same place (one span read as both) come out in name
    order, not in the order a set happens to iterate (which changes with the hash seed)."""
    text = _output_under_hash_seeds(
        "from test_crosscheck import supplier, sources; "
        "from xiaomi_ev_kb.crosscheck import find_contradictions; import dataclasses as d; "
        "a = [d.replace(supplier('A', n, 100, closed=True), end=130) for n in ('Zeta Cells', 'CATL', 'Mu Power')]; "
        "b = [supplier('B', 'CALB', 200)]; "
        "print(find_contradictions(a + b, sources({'A': '2022-06-15', 'B': '2023-08-30'}))[0].explanation)"
    )
    assert text.index("CATL") < text.index("Mu Power") < text.index("Zeta Cells")


def test_crosscheck_supplier_lists_first_reported_on_one_day_come_in_name_order():
    """Lists first reported on the same date are ordered by their names, so the finding (its id,
    sides and wording) is the same in every process, whatever the hash seed."""
    text = _output_under_hash_seeds(
        "from test_crosscheck import supplier, sources; "
        "from xiaomi_ev_kb.crosscheck import find_contradictions; "
        "cs = [supplier(a, n, 100, closed=True) for a, n in (('A', 'Zeta Cells'), ('B', 'CATL'), ('C', 'Mu Power'))]; "
        "fs = find_contradictions(cs, sources({'A': '2023-08-30', 'B': '2023-08-30', 'C': '2023-08-30'})); "
        "print([(f.id, f.sides, f.explanation) for f in fs])"
    )
    assert "supplier" in text.lower() and text.index("CATL") < text.index("Mu Power") < text.index(
        "Zeta Cells"
    )


# ---------------------------------------------------------------------------------------
# Deliveries and orders: compared within their period, as-of date, kind and window


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param(
            [
                claim(
                    "A",
                    7_058,
                    prop="delivery.volume",
                    period=("2024-04-01", "2024-04-30", "2024-04"),
                ),
                claim(
                    "B",
                    8_630,
                    prop="delivery.volume",
                    period=("2024-05-01", "2024-05-31", "2024-05"),
                ),
            ],
            id="volumes-of-two-months",
        ),
        pytest.param(
            [
                claim(
                    "A",
                    10_000,
                    prop="delivery.cumulative",
                    period=("2024-05-31", "2024-05-31", "2024-05-END"),
                ),
                claim(
                    "B",
                    25_000,
                    prop="delivery.cumulative",
                    period=("2024-06-30", "2024-06-30", "2024-06-END"),
                ),
            ],
            id="totals-as-of-two-dates",
        ),
        pytest.param(
            [
                claim(
                    "A",
                    50_000,
                    prop="orders.count",
                    subject=SU7,
                    qualifiers={"order_kind": "order", "window": "27 minutes"},
                ),
                claim(
                    "B",
                    88_898,
                    prop="orders.count",
                    subject=SU7,
                    qualifiers={"order_kind": "locked", "window": "24 hours"},
                ),
                claim(
                    "C",
                    75_000,
                    prop="orders.count",
                    subject=SU7,
                    qualifiers={"order_kind": "locked"},
                    period=("2024-04-25", "2024-04-25", "2024-04-25"),
                ),
            ],
            id="orders-of-other-kinds-and-windows",
        ),
    ],
)
def test_crosscheck_deliveries_compared_within_their_key(claims):
    srcs = sources({"A": "2024-04-10", "B": "2024-06-28", "C": "2024-11-18"})
    findings = find_contradictions(claims, srcs)
    assert findings == [], f"expected no finding, got {[f.explanation for f in findings]}"


def test_crosscheck_deliveries_same_month_different_figures_conflict():
    claims = [
        claim("A", 20_000, prop="delivery.volume", period=("2024-10-01", "2024-10-31", "2024-10")),
        claim("B", 30_000, prop="delivery.volume", period=("2024-10-01", "2024-10-31", "2024-10")),
    ]
    findings = find_contradictions(claims, sources({"A": "2024-11-01", "B": "2024-11-02"}))
    assert kinds(findings) == ["value_conflict"], [f.explanation for f in findings]


# Comparison keys of docs/claims.md: what is compared with what

Y2024 = ("2024-01-01", "2024-12-31", "2024")
Y2025 = ("2025-01-01", "2025-12-31", "2025")
Q1_2024 = ("2024-01-01", "2024-03-31", "2024-Q1")
H1_2024 = ("2024-01-01", "2024-06-30", "2024-H1")
DATES = {"A": "2024-04-10", "B": "2024-04-12", "C": "2024-07-19", "D": "2024-11-18"}


def contradictions(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind not in REVISION_KINDS]


NOT_COMPARED = [
    pytest.param(
        [
            claim("A", 215_900, prop="price.starting", subject=SU7, unit="CNY", topic="price"),
            claim(
                "B", 253_500, prop="price.starting", subject="Xiaomi YU7", unit="CNY", topic="price"
            ),
        ],
        id="two-cars-starting-prices",
    ),
    pytest.param(
        [
            claim(
                "A",
                73.6,
                prop="spec.battery_energy",
                subject=SU7,
                unit="kWh",
                topic="spec",
                qualifiers={"variant": "standard"},
            ),
            claim(
                "B",
                94.3,
                prop="spec.battery_energy",
                subject=SU7,
                unit="kWh",
                topic="spec",
                qualifiers={"variant": "pro"},
            ),
        ],
        id="two-trims-battery-energy",
    ),
    pytest.param(
        [
            claim("A", 20_000, prop="delivery.target", period=Q1_2024),
            claim("B", 60_000, prop="delivery.target", period=H1_2024),
        ],
        id="Q1-target-vs-H1-target",
    ),
    pytest.param(
        [
            claim("A", 100_000, prop="delivery.target", period=Y2024),
            claim("B", 300_000, prop="delivery.target", period=Y2025),
        ],
        id="2024-target-vs-2025-target",
    ),
    pytest.param(
        [claim("A", 100_000, prop="delivery.target"), claim("B", 300_000, prop="delivery.target")],
        id="targets-without-their-year",
    ),
    pytest.param(
        [
            claim(
                "A", 27_307, prop="delivery.volume", period=("2024-04-01", "2024-06-30", "2024-Q2")
            ),
            claim(
                "B", 39_790, prop="delivery.volume", period=("2024-07-01", "2024-09-30", "2024-Q3")
            ),
        ],
        id="deliveries-in-two-quarters",
    ),
    pytest.param(
        [
            claim(
                "A",
                10_000,
                prop="delivery.cumulative",
                period=("2024-05-31", "2024-05-31", "2024-05-31"),
            ),
            claim(
                "B",
                100_000,
                prop="delivery.cumulative",
                period=("2024-11-18", "2024-11-18", "2024-11-18"),
            ),
        ],
        id="running-totals-as-of-two-dates",
    ),
    pytest.param(
        [
            claim(
                "A",
                50_000,
                prop="orders.count",
                subject=SU7,
                unit="orders",
                qualifiers={"order_kind": "order", "window": "27 minutes"},
            ),
            claim(
                "B",
                88_898,
                prop="orders.count",
                subject=SU7,
                unit="orders",
                qualifiers={"order_kind": "locked", "window": "24 hours"},
            ),
        ],
        id="orders-in-two-windows",
    ),
    pytest.param(
        [
            claim(
                "A",
                88_898,
                prop="orders.count",
                subject=SU7,
                unit="orders",
                qualifiers={"order_kind": "locked", "window": "24 hours"},
            ),
            claim(
                "B",
                100_000,
                prop="orders.count",
                subject=SU7,
                unit="orders",
                qualifiers={"order_kind": "pre-order", "window": "24 hours"},
            ),
        ],
        id="locked-orders-vs-pre-orders",
    ),
    pytest.param(
        [
            claim("A", 150_000, qualifiers={"scope": "plant", "shifts": 1}),
            claim("B", 300_000, qualifiers={"scope": "plant", "shifts": 2}),
        ],
        id="one-shift-vs-two-shifts",
    ),
    pytest.param(
        [
            claim(
                "A",
                10_000,
                prop="capacity.monthly",
                per="month",
                qualifiers={"scope": "plant", "as_of_month": "2024-04"},
            ),
            claim(
                "B",
                20_000,
                prop="capacity.monthly",
                per="month",
                qualifiers={"scope": "plant", "as_of_month": "2024-10"},
            ),
        ],
        id="monthly-capacity-said-in-two-months",
    ),
    pytest.param(
        [
            claim("A", 10_000, prop="capacity.monthly", per="month", qualifiers={"scope": "plant"}),
            claim("B", 20_000, prop="capacity.monthly", per="month", qualifiers={"scope": "plant"}),
        ],
        id="monthly-capacity-without-its-month",
    ),
    pytest.param(
        [
            claim("A", 150_000, qualifiers={"scope": "phase I"}),
            claim("B", 300_000, qualifiers={"scope": "plant"}),
        ],
        id="a-phase-vs-the-whole-plant",
    ),
    pytest.param(
        [
            claim("A", 100_000, prop="delivery.target", period=Y2024),
            claim("B", 150_000, qualifiers={"scope": "phase I"}),
        ],
        id="a-target-vs-a-capacity",
    ),
    pytest.param(
        [
            status(
                "A",
                "achieved",
                prop="milestone.plant_completion",
                subject=PLANT,
                qualifiers={"scope": "phase I"},
                period=("2023-06-01", "2023-06-30", "2023-06"),
            ),
            status(
                "B",
                "achieved",
                prop="milestone.plant_completion",
                subject=PLANT,
                qualifiers={"scope": "phase II"},
                period=("2025-06-01", "2025-06-30", "2025-06"),
            ),
        ],
        id="phase-I-and-phase-II-completed-at-different-times",
    ),
    pytest.param(
        [
            status(
                "A",
                "planned",
                prop="milestone.plant_completion",
                subject=PLANT,
                qualifiers={"scope": "phase I"},
                period=("2023-06-01", "2023-06-30", "2023-06"),
            ),
            status(
                "C",
                "planned",
                prop="milestone.plant_completion",
                subject=PLANT,
                qualifiers={"scope": "phase II"},
                period=("2025-06-01", "2025-06-30", "2025-06"),
            ),
        ],
        id="phases-planned-for-different-times",
    ),
    pytest.param(
        [
            status(
                "A",
                "achieved",
                prop="milestone.unveiling",
                subject=SU7,
                period=("2023-12-28", "2023-12-28", "2023-12-28"),
            ),
            status(
                "B",
                "achieved",
                prop="milestone.launch",
                subject=SU7,
                period=("2024-03-28", "2024-03-28", "2024-03-28"),
            ),
        ],
        id="unveiling-is-not-launch",
    ),
    pytest.param(
        [
            status(
                "A",
                "obtained",
                prop="approval.contract_manufacturing",
                qualifiers={"partner": "BAIC"},
            ),
            status(
                "C",
                "pending",
                prop="approval.contract_manufacturing",
                qualifiers={"partner": "another maker"},
            ),
        ],
        id="contract-manufacturing-with-two-partners",
    ),
]


@pytest.mark.parametrize("claims", NOT_COMPARED)
def test_crosscheck_keys_keep_different_things_apart(claims):
    findings = find_contradictions(claims, sources(DATES))
    assert findings == [], [f.explanation for f in findings]


COMPARED = [
    pytest.param(
        [
            claim(
                "A", 27_307, prop="delivery.volume", period=("2024-04-01", "2024-06-30", "2024-Q2")
            ),
            claim(
                "C", 37_307, prop="delivery.volume", period=("2024-04-01", "2024-06-30", "2024-Q2")
            ),
        ],
        "value_conflict",
        id="one-quarter-two-volumes",
    ),
    pytest.param(
        [
            claim(
                "A",
                10_000,
                prop="delivery.cumulative",
                period=("2024-05-31", "2024-05-31", "2024-05-31"),
            ),
            claim(
                "C",
                7_000,
                prop="delivery.cumulative",
                period=("2024-05-01", "2024-05-31", "2024-05-END"),
            ),
        ],
        "value_conflict",
        id="one-as-of-date-two-totals",
    ),
    pytest.param(
        [
            claim(
                "A",
                88_898,
                prop="orders.count",
                subject=SU7,
                unit="orders",
                qualifiers={"order_kind": "locked", "window": "24 hours"},
            ),
            claim(
                "C",
                75_723,
                prop="orders.count",
                subject=SU7,
                unit="orders",
                qualifiers={"order_kind": "locked", "window": "24  Hours"},
            ),
        ],
        "value_conflict",
        id="one-window-two-order-counts",
    ),
    pytest.param(
        [
            claim("A", 150_000, qualifiers={"scope": "plant", "shifts": 2}),
            claim("C", 300_000, qualifiers={"scope": "plant", "shifts": 2}),
        ],
        "value_conflict",
        id="same-shifts-two-capacities",
    ),
    pytest.param(
        [
            claim(
                "A",
                10_000,
                prop="capacity.monthly",
                per="month",
                qualifiers={"scope": "plant", "as_of_month": "2024-10"},
            ),
            claim(
                "C",
                20_000,
                prop="capacity.monthly",
                per="month",
                qualifiers={"scope": "plant", "as_of_month": "2024-10"},
            ),
        ],
        "value_conflict",
        id="one-month-two-monthly-capacities",
    ),
    pytest.param(
        [
            status(
                "A",
                "achieved",
                prop="milestone.plant_completion",
                subject=PLANT,
                qualifiers={"scope": "phase I"},
                period=("2023-06-01", "2023-06-30", "2023-06"),
            ),
            status(
                "C",
                "achieved",
                prop="milestone.plant_completion",
                subject=PLANT,
                qualifiers={"scope": "phase I"},
                period=("2024-06-01", "2024-06-30", "2024-06"),
            ),
        ],
        "timeline_conflict",
        id="phase-I-completed-at-two-times",
    ),
]


@pytest.mark.parametrize(("claims", "kind"), COMPARED)
def test_crosscheck_keys_compare_the_same_thing(claims, kind):
    findings = find_contradictions(claims, sources(DATES))
    assert kinds(findings) == [kind], [f.explanation for f in findings]


def test_crosscheck_keys_name_what_is_compared():
    claims = [claim("A", 88_898, prop="orders.count", subject=SU7, unit="orders", qualifiers={"order_kind": "locked", "window": "24 hours"}),
              claim("C", 75_723, prop="orders.count", subject=SU7, unit="orders", qualifiers={"order_kind": "locked", "window": "24 hours"})]  # fmt: skip
    (f,) = find_contradictions(claims, sources(DATES))
    assert f.explanation.startswith(
        "Sources disagree on Xiaomi SU7's locked orders in 24 hours: "
    ), f.explanation
    assert "\n" not in f.explanation


# ---------------------------------------------------------------------------------------
# Targets: revisions and conflicts


def target(article: str, value: float, *, period=Y2024, **quals: Any) -> Claim:
    extra = {k: quals.pop(k) for k in ("approx", "bound", "value_high", "certainty") if k in quals}
    return claim(
        article, value, prop="delivery.target", period=period, qualifiers=quals, start=10, **extra
    )


def test_crosscheck_target_revision_names_the_sequence():
    """76,000, then 100,000, 120,000 and 130,000 as the year went on: one revision finding naming
    each value with when and where it was first announced; no contradiction."""
    claims = [target("A", 100_000), target("B", 100_000), target("C", 120_000, revised=True), target("D", 130_000, revised=True),
              target("E", 76_000, announced="2024-01-15")]  # fmt: skip
    srcs = sources({**DATES, "E": "2024-04-20"})
    (f,) = find_contradictions(claims, srcs)
    assert (f.kind, f.severity, f.topic) == ("target_revision", "low", "deliveries")
    assert f.explanation == (
        "Xiaomi Auto's delivery target for 2024 was raised: 76,000 vehicles (2024-01-15, Outlet E (e_outlet e.txt)) -> "
        "100,000 vehicles (2024-04-10, Reuters (a_reuters.txt)) -> 120,000 vehicles (2024-07-19, Cailian (c_cailian.txt)) -> "
        "130,000 vehicles (2024-11-18, Pandaily (d_pandaily.txt))."
    )
    ids = {c.article_id: c.id for c in claims}
    assert f.sides == [[ids["E"]], sorted([ids["A"], ids["B"]]), [ids["C"]], [ids["D"]]]


@pytest.mark.parametrize(
    ("claims", "dates", "expected"),
    [
        pytest.param(
            [target("A", 100_000), target("B", 120_000)],
            {"A": "2024-04-10", "B": "2024-04-17"},
            ["value_conflict"],
            id="a-week-apart-unmarked: conflict",
        ),
        pytest.param(
            [target("A", 100_000), target("B", 120_000)],
            {"A": "2024-04-10", "B": "2024-04-18"},
            ["target_revision"],
            id="eight-days-apart: revision",
        ),
        pytest.param(
            [target("A", 100_000), target("B", 120_000, revised=True)],
            {"A": "2024-04-10", "B": "2024-04-12"},
            ["target_revision"],
            id="two-days-apart-said-raised: revision",
        ),
        pytest.param(
            [target("A", 100_000), target("B", 120_000)],
            {"A": "2024-07-20", "B": "2024-07-22"},
            ["value_conflict"],
            id="two-sources-two-values-same-week",
        ),
        pytest.param(
            [target("A", 100_000, announced="2024-04-10"), target("B", 120_000)],
            {"A": "2024-07-20", "B": "2024-07-22"},
            ["target_revision"],
            id="announced-date-over-publication-date",
        ),
        pytest.param(
            [target("A", 100_000, superseded=True), target("A", 120_000, revised=True)],
            {"A": "2024-07-19"},
            ["target_revision"],
            id="raised-from-x-to-y-in-one-sentence",
        ),
        pytest.param(
            [target("A", 100_000), target("A", 120_000)],
            {"A": "2024-07-19"},
            ["self_contradiction"],
            id="one-article-two-values",
        ),
        pytest.param(
            [
                target("A", 100_000),
                target("B", 100_000, bound="min"),
                target("C", 101_000, approx=True),
            ],
            {"A": "2024-04-10", "B": "2024-04-11", "C": "2024-04-12"},
            [],
            id="at-least-and-about-agree",
        ),
        pytest.param(
            [target("A", 100_000), target("B", 120_000)],
            {"A": "2024-04-10", "B": None},
            [],
            id="undated-announcement-not-placed",
        ),
        pytest.param(
            [target("A", 100_000), target("B", 120_000, certainty="speculated")],
            {"A": "2024-04-10", "B": "2024-04-11"},
            [],
            id="speculation-not-compared",
        ),
    ],
)
def test_crosscheck_target_conflict_or_revision(claims, dates, expected):
    findings = find_contradictions(claims, sources(dates))
    assert sorted(kinds(findings)) == sorted(expected), [f.explanation for f in findings]


def test_crosscheck_target_conflict_beside_a_revision():
    """Raised in July; a week later another outlet prints a third figure: the revision is shown,
    and the two July figures conflict."""
    claims = [target("A", 100_000), target("C", 120_000, revised=True), target("D", 125_000)]
    findings = find_contradictions(
        claims, sources({"A": "2024-04-10", "C": "2024-07-19", "D": "2024-07-22"})
    )
    assert sorted(kinds(findings)) == ["target_revision", "value_conflict"], [
        f.explanation for f in findings
    ]
    conflict = next(f for f in findings if f.kind == "value_conflict")
    ids = {c.article_id: c.id for c in claims}
    assert conflict.sides == [[ids["C"]], [ids["D"]]] and "within a week" in conflict.explanation
    revision = next(f for f in findings if f.kind == "target_revision")
    assert revision.sides == [[ids["A"]], [ids["C"]]]  # 125,000 was never announced as the target


def test_crosscheck_stale_target_repeated_later_is_no_step():
    """An outlet repeating the old figure months after the raise: no new step, no conflict."""
    claims = [target("A", 100_000), target("C", 120_000, revised=True), target("D", 100_000)]
    findings = find_contradictions(
        claims, sources({"A": "2024-04-10", "C": "2024-07-19", "D": "2024-09-01"})
    )
    assert kinds(findings) == ["target_revision"]
    assert findings[0].explanation.count("->") == 1


# ---------------------------------------------------------------------------------------
# Suppliers: closed lists, trims and roles


@pytest.mark.parametrize(
    ("claims", "flagged"),
    [
        pytest.param(
            [
                supplier("A", "CATL", 1),
                supplier("A", "FinDreams Battery", 2),
                supplier("B", "CALB", 1),
            ],
            False,
            id="open-lists-never-diverge",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("A", "FinDreams Battery", 2, closed=True),
                supplier("B", "CATL", 1),
            ],
            False,
            id="a-partial-list-of-a-closed-one",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("A", "FinDreams Battery", 2, closed=True),
                supplier("B", "CALB", 1),
            ],
            True,
            id="a-list-naming-what-the-closed-one-excludes",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("B", "CATL", 1, closed=True),
                supplier("B", "CALB", 2, closed=True),
            ],
            True,
            id="two-closed-lists-differ",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("A", "FinDreams Battery", 2, closed=True),
                supplier("B", "FinDreams Battery", 1, variant="standard"),
            ],
            False,
            id="a-trim-names-fewer",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("A", "FinDreams Battery", 2, closed=True),
                supplier("B", "CALB", 1, variant="pro"),
            ],
            True,
            id="a-trim-names-one-the-car-list-excludes",
        ),
        pytest.param(
            [
                supplier("A", "FinDreams Battery", 1, closed=True, variant="standard"),
                supplier("B", "CATL", 1),
                supplier("B", "FinDreams Battery", 2),
            ],
            False,
            id="car-list-not-checked-against-a-trim",
        ),
        pytest.param(
            [
                supplier("A", "FinDreams Battery", 1, closed=True, variant="standard"),
                supplier("B", "CATL", 1, variant="pro"),
            ],
            False,
            id="two-trims",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("A", "FinDreams Battery", 2, closed=True),
                supplier("B", "CALB", 1, subject="Xiaomi YU7"),
            ],
            False,
            id="two-cars",
        ),
        pytest.param(
            [
                supplier("A", "CATL", 1, closed=True),
                supplier("A", "CALB", 2, superseded=True),
                supplier("B", "CALB", 1),
            ],
            True,
            id="dropped-supplier-named-again-later",
        ),
    ],
)
def test_crosscheck_supplier_divergence_needs_a_closed_list(claims, flagged):
    findings = find_contradictions(claims, sources({"A": "2023-09-12", "B": "2024-04-26"}))
    assert kinds(findings) == (["supplier_divergence"] if flagged else []), [
        f.explanation for f in findings
    ]


def test_crosscheck_supplier_trim_divergence_says_which_trim():
    claims = [supplier("A", "CATL", 1, closed=True), supplier("A", "FinDreams Battery", 2, closed=True),
              supplier("B", "CALB", 1, variant="pro")]  # fmt: skip
    (f,) = find_contradictions(claims, sources({"A": "2023-09-12", "B": "2024-04-26"}))
    assert "CALB (pro trim) in CnEVPost" in f.explanation, f.explanation
    assert f.sides == [sorted(c.id for c in claims[:2]), [claims[2].id]]


def test_crosscheck_chip_roles_are_compared_apart():
    def chip(article, name, role, closed=False):
        return claim(article, name, prop="supplier.chip", subject=SU7, start=len(name),
                     qualifiers={"component": "chip", "role": role, "closed_list": closed})  # fmt: skip

    claims = [chip("A", "Nvidia", "driving", closed=True), chip("B", "Qualcomm", "cockpit")]
    assert find_contradictions(claims, sources({"A": "2024-03-28", "B": "2024-04-26"})) == []
    claims.append(chip("B", "Horizon Robotics", "driving"))
    assert kinds(find_contradictions(claims, sources({"A": "2024-03-28", "B": "2024-04-26"}))) == [
        "supplier_divergence"
    ]


# ---------------------------------------------------------------------------------------
# History is not a side: superseded figures, past plans, plans printed after their period


@pytest.mark.parametrize(
    ("claims", "dates"),
    [
        pytest.param(
            [
                claim("A", 300_000),
                claim("B", 200_000, qualifiers={"scope": "plant", "superseded": True}),
            ],
            {"A": "2023-08-23", "B": "2023-10-10"},
            id="a-figure-the-article-says-was-replaced",
        ),
        pytest.param(
            [
                status(
                    "A",
                    "planned",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    qualifiers={"past_plan": True},
                    period=("2024-02-01", "2024-02-29", "2024-02"),
                ),
                status(
                    "B",
                    "achieved",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-04-03", "2024-04-03", "2024-04-03"),
                ),
            ],
            {"A": "2023-12-29", "B": "2024-04-26"},
            id="had-originally-planned",
        ),
        pytest.param(
            [
                status(
                    "A",
                    "planned",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-04-01", "2024-04-30", "2024-04"),
                ),
                status(
                    "B",
                    "planned",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-02-01", "2024-02-29", "2024-02"),
                ),
            ],
            {"A": "2024-02-20", "B": "2024-04-26"},
            id="a-plan-printed-after-its-period-is-no-pull-in",
        ),
        pytest.param(
            [
                status(
                    "A",
                    "planned",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-02-01", "2024-02-29", "2024-02"),
                ),
                status(
                    "B",
                    "achieved",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-04-03", "2024-04-03", "2024-04-03"),
                ),
            ],
            {"A": "2024-04-20", "B": "2024-04-26"},
            id="a-plan-printed-after-its-period-is-no-prediction",
        ),
        pytest.param(
            [
                status(
                    "A",
                    "planned",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-02-01", "2024-02-29", "2024-02"),
                ),
                status(
                    "B",
                    "planned",
                    prop="milestone.deliveries_start",
                    subject=SU7,
                    period=("2024-04-01", "2024-04-30", "2024-04"),
                ),
            ],
            {"A": "2023-12-29", "B": None},
            id="an-undated-plan-is-no-slip",
        ),
        pytest.param(
            [
                status("A", "pending"),
                status("B", "obtained", period=("2023-08-01", "2023-08-31", "2023-08")),
                status("C", "pending", qualifiers={"past_plan": True}),
            ],
            {"A": "2023-06-01", "B": "2023-08-30", "C": "2023-12-01"},
            id="pending-then-obtained-then-recalled",
        ),
    ],
)
def test_crosscheck_history_is_not_a_contradiction(claims, dates):
    findings = find_contradictions(claims, sources(dates))
    assert findings == [], [f.explanation for f in findings]


def test_crosscheck_control_for_history_the_same_claims_unmarked_conflict():
    """Controls for the cases above: without the marks, the same claims are flagged."""
    capacity = [claim("A", 300_000), claim("B", 200_000)]
    assert kinds(
        find_contradictions(capacity, sources({"A": "2023-08-23", "B": "2023-10-10"}))
    ) == ["value_conflict"]
    plan = [status("A", "planned", prop="milestone.deliveries_start", subject=SU7, period=("2024-02-01", "2024-02-29", "2024-02")),
            status("B", "achieved", prop="milestone.deliveries_start", subject=SU7, period=("2024-04-03", "2024-04-03", "2024-04-03"))]  # fmt: skip
    assert kinds(find_contradictions(plan, sources({"A": "2023-12-29", "B": "2024-04-26"}))) == [
        "missed_prediction"
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({}, {}, True),
        ({"variant": "ultra"}, {}, False),  # the SU7 Ultra's launch is not the SU7's
        ({"variant": "ultra"}, {"variant": "ultra"}, True),
        ({"scope": "phase I"}, {"scope": "phase II"}, False),
    ],
)
def test_crosscheck_milestone_comparison_key_holds_scope_and_trim(a, b, same):
    one = claim(
        "a1",
        "2024-03-28",
        prop="milestone.launch",
        subject=SU7,
        qualifiers={"status": "achieved", **a},
    )
    two = claim(
        "a2",
        "2025-02-27",
        prop="milestone.launch",
        subject=SU7,
        qualifiers={"status": "achieved", **b},
    )
    assert (comparison_key(one) == comparison_key(two)) is same


# ---------------------------------------------------------------------------------------
# A trim's figure without its trim; an approval still pending after the window it was expected in


def test_crosscheck_spec_without_its_trim_is_compared_with_nothing():
    cl = [
        claim("A", 5.28, prop="spec.acceleration", subject=SU7, unit="s"),
        claim("B", 2.78, prop="spec.acceleration", subject=SU7, unit="s"),
        claim(
            "C",
            101,
            prop="spec.battery_energy",
            subject=SU7,
            unit="kWh",
            qualifiers={"variant": "max"},
        ),
        claim(
            "D",
            94.3,
            prop="spec.battery_energy",
            subject=SU7,
            unit="kWh",
            qualifiers={"variant": "max"},
        ),
    ]
    found = find_contradictions(
        cl, sources({"A": "2024-03-28", "B": "2024-04-03", "C": "2024-03-28", "D": "2024-05-01"})
    )
    assert [(f.kind, f.property) for f in found] == [("value_conflict", "spec.battery_energy")], (
        found
    )


def test_crosscheck_starting_price_needs_no_trim():
    cl = [
        claim("A", 215_900, prop="price.starting", subject=SU7, unit="CNY"),
        claim("B", 229_900, prop="price.starting", subject=SU7, unit="CNY"),
    ]
    found = find_contradictions(cl, sources({"A": "2024-03-28", "B": "2024-03-29"}))
    assert [f.kind for f in found] == ["value_conflict"], found


def _approval(article: str, status: str, period=None, certainty="reported") -> Claim:
    return claim(
        article,
        status,
        prop="approval.production_qualification",
        subject=AUTO,
        period=period,
        qualifiers={"status": status},
        certainty=certainty,
        value_kind="status",
    )


def test_crosscheck_approval_still_pending_after_its_expected_window_is_a_missed_prediction():
    cl = [
        _approval(
            "A", "expected", ("2023-06-01", "2023-07-31", "2023-06/2023-07"), certainty="expected"
        ),
        _approval("B", "pending"),
    ]
    found = find_contradictions(cl, sources({"A": "2022-10-20", "B": "2023-11-16"}))
    assert [f.kind for f in found] == ["missed_prediction"], found
    assert "still describe it as pending" in found[0].explanation


@pytest.mark.parametrize(
    ("pending_on", "obtained"),
    [
        pytest.param("2023-07-15", None, id="pending-inside-the-window"),
        pytest.param("2023-11-16", ("C", "2023-08-20"), id="obtained-before-the-later-pending"),
    ],
)
def test_crosscheck_approval_pending_is_no_missed_prediction(pending_on, obtained):
    cl = [
        _approval(
            "A", "expected", ("2023-06-01", "2023-07-31", "2023-06/2023-07"), certainty="expected"
        ),
        _approval("B", "pending"),
    ]
    dates = {"A": "2022-10-20", "B": pending_on}
    if obtained:
        cl.append(_approval(obtained[0], "obtained"))
        dates[obtained[0]] = obtained[1]
    found = find_contradictions(cl, sources(dates))
    assert "missed_prediction" not in [
        f.kind for f in found if "still describe" in f.explanation
    ], found
