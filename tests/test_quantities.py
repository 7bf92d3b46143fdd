"""Tests for xiaomi_ev_kb.quantities: numbers, units, rates, ranges and the traps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaomi_ev_kb.quantities import Quantity, find_quantities, parse_number

NBSP = "\u00a0"


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def spans(text: str) -> list[str]:
    return [q.text for q in find_quantities(text)]


def assert_offsets(text: str, found: list[Quantity]) -> None:
    previous_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= previous_end
        previous_end = q.end


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300000", 300_000.0),
        ("300,000", 300_000.0),
        ("150 000", 150_000.0),
        ("1.5", 1.5),
        ("0.2 million", 200_000.0),
        ("200k", 200_000.0),
        ("200K", 200_000.0),
        ("10 billion", 1e10),
        ("1.2bn", 1.2e9),
        ("1.4 trillion", 1.4e12),
        ("$1.5m", 1_500_000.0),
        ("RMB 50,000", 50_000.0),
        ("USD10 billion", 1e10),
        ("10 billion yuan", 1e10),
        ("two hundred thousand", 200_000.0),
        ("one hundred and fifty thousand", 150_000.0),
        ("fifty", 50.0),
        ("twenty-five", 25.0),
        ("a dozen", 12.0),
        ("half a million", 500_000.0),
        ("one and a half million", 1_500_000.0),
        ("  42  ", 42.0),
    ],
)
def test_quantities_parse_number_values(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "SU7", "two three", "thousand", "a", "and", "two cars", "1,2"]
)
def test_quantities_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


# --------------------------------------------------------------------------- amounts and units


@pytest.mark.parametrize(
    ("text", "span", "amount", "unit"),
    [
        ("The SU7 starts at 215,900 yuan after launch.", "215,900 yuan", 215_900, "CNY"),
        ("The SU7 is priced at RMB 215,900 in China.", "RMB 215,900", 215_900, "CNY"),
        ("The standard version costs ¥215,900.", "¥215,900", 215_900, "CNY"),
        ("Analysts had expected a price of $29,900.", "$29,900", 29_900, "USD"),
        ("Xiaomi will invest USD10 billion in cars.", "USD10 billion", 1e10, "USD"),
        ("Lei Jun pledged 10 billion US dollars for cars.", "10 billion US dollars", 1e10, "USD"),
        ("It raised 5,000 U.S. dollars per car.", "5,000 U.S. dollars", 5_000, "USD"),
        ("The unit spent US$1.4 billion on research.", "US$1.4 billion", 1.4e9, "USD"),
        ("Shares gained HK$30 billion in value.", "HK$30 billion", 3e10, "HKD"),
        ("The budget is 1.2bn yuan.", "1.2bn yuan", 1.2e9, "CNY"),
        ("A seed round of $1.5m closed.", "$1.5m", 1.5e6, "USD"),
        ("Output will reach 0.2 million this year.", "0.2 million", 200_000, None),
        ("Orders passed 200k on launch day.", "200k", 200_000, None),
        ("The pack stores 101 kWh of energy.", "101 kWh", 101, "kWh"),
        ("the battery pack capacity is 101kWh", "101kWh", 101, "kWh"),
        ("the rated voltage of the battery pack is 726.7V", "726.7V", 726.7, "V"),
        ("the rated capacity is 139Ah", "139Ah", 139, "Ah"),
        ("and the weight is 642kg", "642kg", 642, "kg"),
        ("it is likely to support 800V fast charging", "800V", 800, "V"),
        ("built on an 800-volt platform", "800-volt", 800, "V"),
        ("The motor delivers 495 kW of power.", "495 kW", 495, "kW"),
        ("It makes 673 hp at full power.", "673 hp", 673, "hp"),
        ("Peak torque is 838 Nm.", "838 Nm", 838, "Nm"),
        ("Top speed is 265 km/h.", "265 km/h", 265, "km/h"),
        ("It offers a CLTC range of 700 km.", "700 km", 700, "km"),
        ("The Xiaomi plant covers 718,000 square meters.", "718,000 square meters", 718_000, "m2"),
        ("Xiaomi will keep its margin at around 1%.", "around 1%", 1, "%"),
        ("Sales grew 30 per cent year on year.", "30 per cent", 30, "%"),
        ("The car weighs 2.2 tonnes.", "2.2 tonnes", 2.2, "t"),
        ("Xiaomi plans to hire 1,000 workers.", "1,000 workers", 1_000, "people"),
        ("Xiaomi is hiring 700 engineers.", "700 engineers", 700, "people"),
        ("The factory needs 120 parking spaces.", "120 parking spaces", 120, "parking spaces"),
        ("It completed 100,000 deliveries.", "100,000", 100_000, None),
        ("Xiaomi hopes to sell 150 000 cars.", "150 000 cars", 150_000, "vehicles"),
        ("Xiaomi sold 10,000 electric vehicles.", "10,000 electric vehicles", 10_000, "vehicles"),
        ("Xiaomi will build 300,000 EVs.", "300,000 EVs", 300_000, "vehicles"),
        ("It sold 1.5m vehicles last year.", "1.5m vehicles", 1.5e6, "vehicles"),
        ("a 4.9m long sedan", "4.9m", 4.9, "m"),
    ],
)
def test_quantities_amount_and_unit(text: str, span: str, amount: float, unit: str | None) -> None:
    q = only(text)
    assert q.text == span
    assert q.amount == pytest.approx(amount)
    assert q.unit == unit
    assert q.high is None
    assert text[q.start : q.end] == span


@pytest.mark.parametrize(
    ("text", "span", "amount", "unit"),
    [
        ("capacity of two hundred thousand cars", "two hundred thousand cars", 200_000, "vehicles"),
        (
            "one hundred and fifty thousand vehicles",
            "one hundred and fifty thousand vehicles",
            150_000,
            "vehicles",
        ),
        ("it could sell half a million cars", "half a million cars", 500_000, "vehicles"),
        ("a dozen prototypes were spotted", "a dozen prototypes", 12, "vehicles"),
        ("twenty-five cars were tested", "twenty-five cars", 25, "vehicles"),
        ("Lei Jun posted six pictures", "six", 6, None),
        ("ten thousand orders in a day", "ten thousand", 10_000, None),
    ],
)
def test_quantities_number_words(text: str, span: str, amount: float, unit: str | None) -> None:
    q = only(text)
    assert (q.text, q.amount, q.unit) == (span, amount, unit)


def test_quantities_parenthesised_conversion_is_its_own_quantity() -> None:
    text = "The pricing limit is expected to be higher than 300,000 yuan ($41,506)."
    first, second = find_quantities(text)
    assert (first.text, first.amount, first.unit, first.bound) == (
        "higher than 300,000 yuan",
        300_000,
        "CNY",
        "min",
    )
    assert (second.text, second.amount, second.unit) == ("$41,506", 41_506, "USD")


def test_quantities_ringgit_conversion() -> None:
    text = "Xiaomi also promises a USD10 billion (RM46,435,000,000) investment over a decade."
    found = find_quantities(text)
    assert [(q.text, q.amount, q.unit) for q in found] == [
        ("USD10 billion", 1e10, "USD"),
        ("RM46,435,000,000", 46_435_000_000, "MYR"),
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a 150,000-unit second phase", "150,000-unit"),
        ("a 300,000-unit plant in Yizhuang", "300,000-unit"),
    ],
)
def test_quantities_hyphenated_unit(text: str, span: str) -> None:
    q = only(text)
    assert (q.text, q.unit) == (span, "vehicles")


# --------------------------------------------------------------------------- rates


@pytest.mark.parametrize(
    ("text", "span", "per"),
    [
        (
            "capacity of two hundred thousand cars a year",
            "two hundred thousand cars a year",
            "year",
        ),
        ("capable of producing 200,000 EVs annually", "200,000 EVs annually", "year"),
        ("a line making 150,000 units per year", "150,000 units per year", "year"),
        ("about 300,000 vehicles per annum", "about 300,000 vehicles per annum", "year"),
        ("output of 100,000 vehicles each year", "100,000 vehicles each year", "year"),
        (
            "Xiaomi produces about 50 prototype cars every week",
            "about 50 prototype cars every week",
            "week",
        ),
        ("the plant builds 1,000 cars a day", "1,000 cars a day", "day"),
        ("deliveries of 20,000 units a month", "20,000 units a month", "month"),
        ("it shipped 5,000 cars weekly", "5,000 cars weekly", "week"),
    ],
)
def test_quantities_rate_after(text: str, span: str, per: str) -> None:
    q = only(text)
    assert (q.text, q.per) == (span, per)


@pytest.mark.parametrize(
    ("text", "span", "per"),
    [
        ("a factory with an annual output of 300,000 vehicles", "300,000 vehicles", "year"),
        ("an annual production capacity of about 150,000 units", "about 150,000 units", "year"),
        ("monthly deliveries exceeded 10,000 units", "exceeded 10,000 units", "month"),
    ],
)
def test_quantities_rate_before(text: str, span: str, per: str) -> None:
    q = only(text)
    assert (q.text, q.per) == (span, per)


@pytest.mark.parametrize(
    "text",
    [
        "the annual report said the firm hired 300 workers",
        "Xiaomi built 300,000 cars, a year ago",
        "it sold 300,000 cars a year earlier",
    ],
)
def test_quantities_rate_needs_adjacency(text: str) -> None:
    assert only(text).per is None


# --------------------------------------------------------------------------- approximations and bounds


@pytest.mark.parametrize(
    ("text", "span", "approx", "bound"),
    [
        ("deliveries of more than 100,000 units in 2024", "more than 100,000 units", False, "min"),
        ("can provide at least 120 parking spaces", "at least 120 parking spaces", False, "min"),
        (
            "the area cannot be less than 3,000 square meters",
            "cannot be less than 3,000 square meters",
            False,
            "min",
        ),
        ("a price no less than 200,000 yuan", "no less than 200,000 yuan", False, "min"),
        ("sales over 10,000 units", "over 10,000 units", False, "min"),
        ("orders in excess of 50,000", "in excess of 50,000", False, "min"),
        ("up to 830 km CLTC range", "up to 830 km", False, "max"),
        ("no more than 5 GWh of cells", "no more than 5 GWh", False, "max"),
        ("priced under 300,000 yuan", "under 300,000 yuan", False, "max"),
        ("fewer than 100 workers", "fewer than 100 workers", False, "max"),
        ("about 300,000 vehicles a year", "about 300,000 vehicles a year", True, None),
        ("roughly 10 billion yuan", "roughly 10 billion yuan", True, None),
        ("nearly 90,000 orders", "nearly 90,000", True, None),
        ("some 2,000 engineers", "some 2,000 engineers", True, None),
        ("close to 500 km", "close to 500 km", True, None),
        ("an estimated 100,000 units", "an estimated 100,000 units", True, None),
        ("~300,000 cars", "~300,000 cars", True, None),
        ("300,000 cars or so", "300,000 cars or so", True, None),
        ("10,000-odd units", "10,000-odd units", True, None),
        ("10,000+ orders", "10,000+", False, "min"),
        ("300,000 vehicles or more a year", "300,000 vehicles or more a year", False, "min"),
        ("just over 100,000 units", "just over 100,000 units", True, "min"),
    ],
)
def test_quantities_approx_and_bound(text: str, span: str, approx: bool, bound: str | None) -> None:
    q = only(text)
    assert (q.text, q.approx, q.bound) == (span, approx, bound)


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "span", "low", "high", "unit"),
    [
        (
            "It plans 100,000 to 120,000 units.",
            "100,000 to 120,000 units",
            100_000,
            120_000,
            "vehicles",
        ),
        ("It plans 100,000-120,000 units.", "100,000-120,000 units", 100_000, 120_000, "vehicles"),
        ("It plans 100,000–120,000.", "100,000–120,000", 100_000, 120_000, None),
        (
            "It plans between 100,000 and 120,000 cars.",
            "between 100,000 and 120,000 cars",
            100_000,
            120_000,
            "vehicles",
        ),
        ("It plans 100 to 120 thousand.", "100 to 120 thousand", 100_000, 120_000, None),
        ("It costs 1.5-2 billion yuan.", "1.5-2 billion yuan", 1.5e9, 2e9, "CNY"),
        ("It costs $500 to $1 million.", "$500 to $1 million", 500, 1e6, "USD"),
        ("Two to three million yuan.", "Two to three million yuan", 2e6, 3e6, "CNY"),
        ("It charges 10-80% quickly.", "10-80%", 10, 80, "%"),
        (
            "prices ranging from 200,000 to 300,000 yuan",
            "200,000 to 300,000 yuan",
            200_000,
            300_000,
            "CNY",
        ),
    ],
)
def test_quantities_ranges(text: str, span: str, low: float, high: float, unit: str | None) -> None:
    q = only(text)
    assert (q.text, q.amount, q.high, q.unit) == (span, low, high, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose from 100,000 to 120,000 yuan.", ["100,000", "120,000 yuan"]),
        ("It cut the price by 10,000 yuan to 205,900 yuan.", ["10,000 yuan", "205,900 yuan"]),
        ("Sales rose 30% to 40,000 units.", ["30%", "40,000 units"]),
        ("The score was 3-1.", ["3", "1"]),
    ],
)
def test_quantities_changes_are_not_ranges(text: str, expected: list[str]) -> None:
    found = find_quantities(text)
    assert [q.text for q in found] == expected
    assert all(q.high is None for q in found)


# --------------------------------------------------------------------------- traps


@pytest.mark.parametrize(
    "text",
    [
        "Xiaomi has been applying since 2017.",
        "In 2023, the market was reshuffling.",
        "Mass production in 2024!",
        "© 2024 AutoBeta",
        "Published on August 30th, 2023 | by Sounder Rajen",
        "On November 27, 2021, Xiaomi settled in Beijing.",
        "It was registered on 27 November 2021.",
        "2024-03-04 Update From: AutoBeta",
        "the filing was completed on Aug. 2-4",
        "mass production in the first half of 2024",
        "results for 1H24 and H1 2024 and Q1 and 2Q24 and FY2024",
        "the fourth joint venture",
        "Huanjing West 1st Road in the east, Jingsheng South 4th Street in the north",
        "the SU7, the YU7, the P7 and the Model 3",
        "the phone runs HyperOS 2.0 and the Xiaomi 14 Ultra is on sale",
        "the 2021-2025 plan and the 2024-25 season",
        "between 2021 and 2025",
        "the show starts at 10:30 am or 3 pm",
        "call +86 10 1234 5678 or 400-100-5678",
        "service 24/7 since the 1990s and the '90s",
        "the 2024 EV market",
        "it supports 5G and 4WD and COVID-19 tests",
        "one of the first cars",
    ],
)
def test_quantities_traps_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_quantities_acceleration_benchmark_is_not_a_range() -> None:
    text = "The SU7 Max sprints 0-100 km/h in 2.78 seconds."
    q = only(text)
    assert (q.text, q.amount, q.high, q.unit) == ("2.78 seconds", 2.78, None, "s")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("It goes from 0 to 100 km/h in 2.78s.", "2.78s"),
        ("0–100 km/h takes 3.2 s", "3.2 s"),
        ("braking 100-0 km/h in 33.3 m", "33.3 m"),
    ],
)
def test_quantities_acceleration_variants(text: str, span: str) -> None:
    assert spans(text) == [span]


def test_quantities_year_with_measurement_unit_is_kept() -> None:
    assert spans("It covered 2000 km in 2023.") == ["2000 km"]


# --------------------------------------------------------------------------- offsets and spaces


def test_quantities_non_breaking_space_rate() -> None:
    text = f"plant facilities in Beijing capable of producing 200,000{NBSP}EVs annually"
    q = only(text)
    assert q.text == f"200,000{NBSP}EVs annually"
    assert (q.amount, q.unit, q.per) == (200_000, "vehicles", "year")
    assert q.start == text.index("200,000")
    assert q.end == len(text)


@pytest.mark.parametrize(
    ("text", "span", "amount", "unit"),
    [
        (f"about{NBSP}300,000{NBSP}vehicles{NBSP}a{NBSP}year", None, 300_000, "vehicles"),
        (f"priced at RMB{NBSP}215,900 in China", f"RMB{NBSP}215,900", 215_900, "CNY"),
        (f"Xiaomi sold 150{NBSP}000 cars", f"150{NBSP}000 cars", 150_000, "vehicles"),
        (f"a 101{NBSP}kWh pack", f"101{NBSP}kWh", 101, "kWh"),
        ("“We will make 100,000 cars,” Lei Jun said", "100,000 cars", 100_000, "vehicles"),
    ],
)
def test_quantities_unicode_spaces_and_quotes(
    text: str, span: str | None, amount: float, unit: str
) -> None:
    q = only(text)
    assert q.text == (span if span is not None else text)
    assert text[q.start : q.end] == q.text
    assert (q.amount, q.unit) == (amount, unit)


def test_quantities_seed_sentence_offsets() -> None:
    text = (
        'Xiaomi Automobile requested that the candidate venue "can provide at least 120 parking '
        'spaces" and the construction area "cannot be less than 3,000 square meters"; the exposure '
        "picture shows that the rated voltage of the battery pack is 726.7V, the rated capacity is "
        "139Ah, the battery pack capacity is 101kWh, and the weight is 642kg."
    )
    found = find_quantities(text)
    assert_offsets(text, found)
    assert [(q.amount, q.unit) for q in found] == [
        (120, "parking spaces"),
        (3_000, "m2"),
        (726.7, "V"),
        (139, "Ah"),
        (101, "kWh"),
        (642, "kg"),
    ]


def test_quantities_sorted_and_non_overlapping() -> None:
    text = (
        "Phase I will build a vehicle factory with an annual output of 300,000 vehicles, of which "
        "the production capacity of Phase I and Phase II will be 150,000 vehicles respectively; "
        "Tesla entered the industry more than 10 years earlier than Xiaomi."
    )
    found = find_quantities(text)
    assert_offsets(text, found)
    assert [q.text for q in found] == ["300,000 vehicles", "150,000 vehicles", "more than 10 years"]
    assert [q.per for q in found] == ["year", None, None]


# --------------------------------------------------------------------------- properties

_PIECES = [
    *"0123456789,.-–~$¥%+/:' kKmMbBVsth",
    *[NBSP, "\u202f", "“", "”", "’", " to ", " and ", "about ", "up to ", "more than "],
    *["yuan", "units", "a year", "million", "SU7", "Q1", "km/h", "August ", "between "],
]
_NOISE = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), _NOISE))
def test_quantities_never_raises_and_offsets_are_valid(text: str) -> None:
    found = find_quantities(text)
    assert_offsets(text, found)
    for q in found:
        assert isinstance(q.amount, float)
        assert q.high is None or q.high > q.amount
        assert q.bound in (None, "min", "max")
        assert q.per in (None, "year", "month", "week", "day")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), _NOISE))
def test_quantities_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=10**12),
    unit=st.sampled_from([("units", "vehicles"), ("yuan", "CNY"), ("km", "km"), ("kWh", "kWh")]),
    space=st.sampled_from([" ", NBSP]),
)
def test_quantities_grouped_numbers_round_trip(n: int, unit: tuple[str, str], space: str) -> None:
    word, normalised = unit
    phrase = f"{n:,}{space}{word}"
    text = f"Xiaomi said it expects {phrase} soon."
    q = only(text)
    assert (q.text, q.amount, q.unit) == (phrase, float(n), normalised)
    assert parse_number(f"{n:,}") == float(n)


@pytest.mark.parametrize(
    ("text", "span", "amount", "approx"),
    [
        ("taking 1H25 deliveries to c.157k (1Q25: 75,869)", "c.157k", 157_000.0, True),
        ("Xiaomi had delivered c. 294k vehicles since launch", "c. 294k vehicles", 294_000.0, True),
        ("the DeepMotion deal (c.US$77mn)", "c.US$77mn", 77_000_000.0, True),
    ],
)
def test_quantities_analyst_circa(text: str, span: str, amount: float, approx: bool) -> None:
    q = find_quantities(text)[0]
    assert (q.text, q.amount, q.approx) == (span, amount, approx)


@pytest.mark.parametrize("text", ["Apple Inc.157 units", "etc.5 cars", "abc.5"])
def test_quantities_circa_needs_its_own_word(text: str) -> None:
    assert all(not q.approx for q in find_quantities(text))


@pytest.mark.parametrize(
    ("text", "span", "bound"),
    [
        ("Xiaomi >20,000 >20,000 n/a n/a", ">20,000", "min"),
        ("monthly deliveries ≥ 10,000 units", "≥ 10,000 units", "min"),
        ("gross margin <5% | n/a", "<5%", "max"),
    ],
)
def test_quantities_comparison_signs_are_bounds(text: str, span: str, bound: str) -> None:
    q = find_quantities(text)[0]
    assert (q.text, q.bound) == (span, bound)


def test_quantities_markup_is_not_a_bound() -> None:
    assert only("<p>20,000 cars").bound is None


@pytest.mark.parametrize("text", ["target: 300,000 -> 350,000 units", "goal 100k => 120k", "100,000 --> 120,000 cars"])
def test_quantities_an_arrow_is_not_a_bound(text: str) -> None:
    last = find_quantities(text)[-1]
    assert last.bound is None and not last.text.startswith(">"), last


@pytest.mark.parametrize(
    ("text", "span", "amount", "unit"),
    [
        ("Xiaomi sold over 1.3 lakh units of the SU7 in 2024", "over 1.3 lakh units", 130_000.0, "vehicles"),
        ("priced at Rs 25.4 lakh in the showroom", "Rs 25.4 lakh", 2_540_000.0, "INR"),
        ("an investment of 1,500 crore", "1,500 crore", 15_000_000_000.0, None),
        ("Honda sold 20 CR-V units", "20", 20.0, None),
    ],
)
def test_quantities_south_asian_multipliers(text: str, span: str, amount: float, unit: str | None) -> None:
    q = find_quantities(text)[0]
    assert (q.text, q.amount, q.unit) == (span, amount, unit)
