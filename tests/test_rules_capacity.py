"""Tests for the capacity rule (xiaomi_ev_kb.extract.rules.capacity).

Sentences written for these tests in the registers outlets use (wire copy, trade press,
machine translation from Chinese, blogs, analyst notes); none is copied from the corpora.
"""

from __future__ import annotations

import pytest

from test_extract import claims_of, dump

PLANT = "Xiaomi Beijing plant"


def capacities(body: str, published: str = "2023-09-10"):
    _, claims = claims_of(body, published)
    return [c for c in claims if c.topic == "capacity"]


@pytest.mark.parametrize(
    ("body", "value", "scope"),
    [
        (
            "Xiaomi's factory in Yizhuang has an annual production capacity of 150,000 vehicles.",
            150000,
            "plant",
        ),
        (
            "The carmaker's Beijing works is designed to turn out 300,000 cars a year.",
            300000,
            "plant",
        ),
        (
            "Xiaomi Auto will build a 300,000-unit plant in the capital's E-Town district.",
            300000,
            "plant",
        ),
        (
            "Phase I of the plant can produce 150,000 units per year, sources said.",
            150000,
            "phase I",
        ),
        (
            "The first phase of the factory is designed for 150,000 vehicles annually.",
            150000,
            "phase I",
        ),
        (
            "Phase II, now under construction next to the existing site, will add another 150,000 units a year.",
            150000,
            "phase II",
        ),
        (
            "Xiaomi plans a plant in two phases, with 150,000 vehicles of annual capacity each.",
            150000,
            "per phase",
        ),
        ("The two phases will each be able to build 150,000 cars a year.", 150000, "per phase"),
        (
            "Millet car factory divided into two phases, each phase year capacity 150,000 vehicles.",
            150000,
            "per phase",
        ),
        (
            "After both phases are finished, total annual capacity at the site will be 300,000 vehicles.",
            300000,
            "plant",
        ),
        ("A second phase would lift the site's capacity to 300,000 units a year.", 300000, "plant"),
        (
            "Xiaomi's EV plant (150k units p.a.) is running near its limit, we estimate.",
            150000,
            "plant",
        ),
        ("The whole factory is only good for 150k cars a year, which is tiny.", 150000, "plant"),
        (
            "The South Asian market note put the plant at 1.5 lakh units of annual capacity.",
            150000,
            "plant",
        ),
    ],
)
def test_capacity_figure_and_scope(body, value, scope):
    found = capacities(body)
    assert [(c.value, c.qualifiers["scope"]) for c in found] == [(value, scope)], dump(found)
    assert (
        found[0].subject == PLANT
        and found[0].property == "capacity.annual"
        and found[0].per == "year"
    )


def test_capacity_continues_the_sentence_before():
    body = (
        "The Yizhuang plant will be built in two phases. The first will have an annual capacity of "
        "150,000 vehicles, and the second will add the same again."
    )
    found = capacities(body)
    assert [(c.value, c.qualifiers["scope"]) for c in found] == [(150000, "phase I")], dump(found)


def test_capacity_each_after_a_sentence_naming_two_phases():
    body = "Xiaomi's factory is split into two phases. Each is meant to make 150,000 cars a year, so the site tops out at 300,000."
    found = capacities(body)
    assert sorted((c.value, c.qualifiers["scope"]) for c in found) == [
        (150000, "per phase"),
        (300000, "plant"),
    ], dump(found)


def test_capacity_monthly_with_its_period():
    found = capacities(
        "We estimate the plant can run at about 40k units/month by 4Q25 with both phases on double shifts.",
        "2025-08-20",
    )
    assert [(c.property, c.value, c.qualifiers.get("shifts"), c.period_label) for c in found] == [
        ("capacity.monthly", 40000, 2, "by 2025-Q4")
    ], dump(found)
    assert found[0].certainty == "speculated"


@pytest.mark.parametrize(
    "body",
    [
        "Xiaomi aims to produce 100,000 vehicles a year from 2024 onwards.",  # a production target
        "Xiaomi expects to reach its 100,000-unit annual delivery target in November.",  # a delivery target
        "Tesla's Shanghai factory can produce more than 950,000 cars a year.",  # another company's plant
        "BYD, whose plants can make three million cars a year, is the market leader.",
        "The plant's total capacity will be 300,000 units a year, still below the 2025 delivery target of 350,000 units.",
        "If they get a third phase built quickly, they might hit half a million a year.",  # a condition
        "The line turns out 40 vehicles every hour at full speed.",  # a line rate
        "Xiaomi delivered more than 20,000 vehicles a month in the fourth quarter.",  # deliveries
        "Will Xiaomi's factory really make 300,000 cars a year?",  # a question
    ],
)
def test_capacity_not_a_capacity(body):
    found = capacities(body)
    assert [c.value for c in found if c.value != 300000 or "350,000" not in body] == [] or all(
        c.value == 300000 for c in found
    ), dump(found)
    assert not any(
        c.value in (100000, 950000, 3000000, 350000, 500000, 40, 20000) for c in found
    ), dump(found)


def test_capacity_aside_naming_another_company_does_not_hide_the_plant():
    body = (
        "The plant, which Xiaomi runs itself while the car is built under the licence of BAIC, has an annual "
        "production capacity of 150,000 vehicles."
    )
    found = capacities(body)
    assert [(c.value, c.qualifiers["scope"]) for c in found] == [(150000, "plant")], dump(found)


def test_capacity_stand_in_for_another_company_is_foreign():
    body = "Tesla opened its Shanghai factory in 2019. The company can now build 950,000 cars a year there."
    assert capacities(body) == [], dump(capacities(body))


# --- round 3: another maker's plants in a relative clause; the phase a sentence before named ---


@pytest.mark.parametrize(
    "body",
    [
        # wire copy, press release, blog, machine translation: "X, whose plants ..." is X's capacity
        "The district already hosts Beijing Benz, whose plants in the area produce more than 600,000 vehicles a year.",
        "E-Town is also home to Foxbridge Motors, whose factory can build 200,000 cars a year.",
        "Next door sits Northstar Auto, whose two plants turn out 450k cars a year, so the supply chain is there.",
        "Development zone has Beijing Benz, whose factory year capacity 600,000 vehicles.",
    ],
)
def test_capacity_r3_relative_clause_of_another_maker(body):
    found = capacities(body)
    assert found == [], dump(found)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # interview, wire copy, machine translation, blog
        (
            "The second phase of the Beijing plant will be finished by the middle of this year. It adds 150,000 a "
            "year, so together with phase one the Beijing plant will have 300,000 a year of capacity.",
            [(150000, "phase II"), (300000, "plant")],
        ),
        (
            "Xiaomi's second-phase factory is due to open in June, together with the first phase the plant's "
            "capacity will reach 300,000 vehicles a year.",
            [(300000, "plant")],
        ),
        (
            "PTR: Where do the extra cars come from?\n\nLu: The second phase of the Beijing plant will be finished by the "
            "middle of this year. It adds 150,000 a year, so together with phase one the Beijing plant will have "
            "300,000 a year of capacity.",
            [(150000, "phase II"), (300000, "plant")],
        ),
        (
            "Phase II of the Xiaomi factory was completed this month. It adds 150,000 vehicles of annual capacity.",
            [(150000, "phase II")],
        ),
        (
            "The plant's second phase is now done. It adds another 150k cars a year to the site.",
            [(150000, "phase II")],
        ),
    ],
)
def test_capacity_r3_it_adds_is_the_phase_named_before(body, expected):
    found = capacities(body)
    assert [(c.value, c.qualifiers["scope"]) for c in found] == expected, dump(found)


def test_capacity_r3_the_plant_whose_capacity_is_ours():
    body = "Xiaomi's Beijing plant, whose first phase can make 150,000 cars a year, started production in March."
    found = capacities(body)
    assert [(c.value, c.qualifiers["scope"]) for c in found] == [(150000, "phase I")], dump(found)
