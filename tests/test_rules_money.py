"""Tests for the investment, price and spec rules (xiaomi_ev_kb.extract.rules.investment,
.price, .spec).

Sentences written for these tests in the registers outlets use; none is copied from the corpora.
"""

from __future__ import annotations

import pytest

from test_extract import claims_of, dump


def of_topic(body: str, topic: str, published: str = "2024-04-02"):
    _, claims = claims_of(body, published)
    return [c for c in claims if c.topic == topic]


# --- investment -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "value", "unit", "scope"),
    [
        ("Xiaomi will plough US$10 billion into cars over the coming decade, Lei Jun said.", 10e9, "USD", "pledge"),
        ("The group's first-round investment in the car unit is 10 billion yuan.", 10e9, "CNY", "initial"),
        ("Xiaomi EV Inc. was set up with registered capital of 10 billion yuan.", 10e9, "CNY", "registered capital"),
        ("The car business is capitalised at 10 billion yuan, filings show.", 10e9, "CNY", "registered capital"),
        ("Lei Jun said the company has already spent more than 10 billion yuan on car R&D.", 10e9, "CNY", "R&D to date"),
        ("Its first-phase budget for self-driving research is 3.3 billion yuan.", 3.3e9, "CNY", "autonomous driving"),
        ("Millet group future 10 years investment amount expected 10 billion US dollars.", 10e9, "USD", "pledge"),
    ],
)
def test_investment_scope(body, value, unit, scope):
    found = of_topic(body, "investment")
    assert [(c.value, c.unit, c.qualifiers["scope"]) for c in found] == [(value, unit, scope)], dump(found)


def test_investment_two_sums_in_one_sentence_each_have_their_scope():
    body = "Xiaomi will invest an initial 10 billion yuan in the unit, and about $10 billion over the next ten years."
    found = of_topic(body, "investment")
    assert sorted((c.unit, c.qualifiers["scope"]) for c in found) == [("CNY", "initial"), ("USD", "pledge")], dump(found)


@pytest.mark.parametrize(
    "body",
    [
        "In August 2021 Xiaomi spent about $77 million on DeepMotion, a self-driving start-up.",  # an acquisition
        "The district government will put RMB 5 billion into roads around the plant.",  # another actor
        "Spending on new initiatives rose to RMB829mn in the quarter from RMB665mn.",  # a quarter's costs
        "Xiaomi's smartphone revenue was 46 billion yuan in the quarter.",  # revenue
        "The plan was announced with a $10 billion (RM46 billion) pledge.",  # only the conversion is extra
    ],
)
def test_investment_not_an_investment(body):
    found = of_topic(body, "investment")
    assert all(c.unit == "USD" and c.value == 10e9 for c in found), dump(found)


# --- price -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The SU7 kicks off at 215,900 yuan, Xiaomi said.", {("price.starting", 215900, None)}),
        ("The SU7 started at 215,900 yuan for the rear-drive standard version.", {("price.starting", 215900, "standard")}),
        (
            "Prices: Standard 215,900 yuan, Pro 245,900, Max 299,900.",
            {("price.stated", 215900, "standard"), ("price.stated", 245900, "pro"), ("price.stated", 299900, "max")},
        ),
        ("The YU7 went on sale at a price of 253,500-329,900 yuan.", {("price.starting", 253500, None), ("price.upper_limit", 329900, None)}),
        ("In dollar terms the line-up runs from about $30,400 to $42,200.", {("price.starting", 30400, None), ("price.upper_limit", 42200, None)}),
        ("Prices top out at 299,900 yuan for the Max.", {("price.upper_limit", 299900, "max")}),
        ("The SU7 Ultra launched a month later at 529,900 yuan.", {("price.stated", 529900, "ultra")}),
        ("Netizens guess the price will land between 200,000 and 300,000 yuan.", {("price.starting", 200000, None), ("price.upper_limit", 300000, None)}),
        ("The upper pricing limit is expected to be higher than 300,000 yuan.", {("price.upper_limit", 300000, None)}),
    ],
)
def test_price_property_value_and_trim(body, expected):
    found = of_topic(body, "price")
    got = {(c.property, c.value, c.qualifiers.get("variant")) for c in found}
    assert got == expected, dump(found)


def test_price_table_row_under_a_price_header():
    body = "Trim | Price | Range\nSU7 Pro | 245,900 yuan | 830 km\nSU7 Max | 299,900 yuan | 800 km"
    found = of_topic(body, "price")
    assert {(c.property, c.value, c.qualifiers.get("variant")) for c in found} == {
        ("price.stated", 245900, "pro"),
        ("price.stated", 299900, "max"),
    }, dump(found)


@pytest.mark.parametrize(
    "body",
    [
        "The SU7 costs 30,000 yuan less than a Model 3.",  # a difference
        "Xiaomi cut the price by 20,000 yuan in May.",  # a cut
        "The average selling price was 234,000 yuan in the quarter.",  # an average
        "The Model Y, which Tesla sells in China from 263,500 yuan, is the benchmark.",  # another company's
        "Lithium carbonate prices topped RMB 500,000 per tonne last year.",  # a commodity
        "The SU7 is priced from 215,900 yuan ($29,900).",  # the conversion is not a second claim
        "The YU7 launched, priced from 253,500 yuan, 200,000 orders in 3 minutes.",  # orders are not a price
    ],
)
def test_price_not_a_price(body):
    found = of_topic(body, "price")
    assert all(c.value in (215900, 253500) and c.unit == "CNY" for c in found), dump(found)


# --- spec --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The Max has a 101 kWh pack and a CLTC range of 800 km.", {("spec.battery_energy", 101, "max"), ("spec.range", 800, "max")}),
        ("It rides on an 871V high-voltage platform.", {("spec.voltage_platform", 871, None)}),
        ("The Max tops out at 265 km/h.", {("spec.top_speed", 265, "max")}),
        ("0-100 km/h takes 2.78 seconds in the Max versus 5.28 seconds for the standard car.", {("spec.acceleration", 2.78, "max"), ("spec.acceleration", 5.28, "standard")}),
        ("The South Asian spec sheet lists an 800 Km Range and 265 Kmph Top Speed.", {("spec.range", 800, None), ("spec.top_speed", 265, None)}),
    ],
)
def test_spec_figure_and_trim(body, expected):
    found = of_topic(body, "spec")
    assert {(c.property, c.value, c.qualifiers.get("variant")) for c in found} == expected, dump(found)


@pytest.mark.parametrize(
    "body",
    [
        "Xiaomi says the car can add 510 km of range in 15 minutes of charging.",  # a charging rate
        "The Pro gets you 130km more range than the base car.",  # a difference
        "Tesla's Model 3 Long Range offers 713 km on the CLTC cycle.",  # another company's car
    ],
)
def test_spec_not_a_range(body):
    assert [c for c in of_topic(body, "spec") if c.property == "spec.range"] == []
