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
        (
            "Xiaomi will plough US$10 billion into cars over the coming decade, Lei Jun said.",
            10e9,
            "USD",
            "pledge",
        ),
        (
            "The group's first-round investment in the car unit is 10 billion yuan.",
            10e9,
            "CNY",
            "initial",
        ),
        (
            "Xiaomi EV Inc. was set up with registered capital of 10 billion yuan.",
            10e9,
            "CNY",
            "registered capital",
        ),
        (
            "The car business is capitalised at 10 billion yuan, filings show.",
            10e9,
            "CNY",
            "registered capital",
        ),
        (
            "Lei Jun said the company has already spent more than 10 billion yuan on car R&D.",
            10e9,
            "CNY",
            "R&D to date",
        ),
        (
            "Its first-phase budget for self-driving research is 3.3 billion yuan.",
            3.3e9,
            "CNY",
            "autonomous driving",
        ),
        (
            "Millet group future 10 years investment amount expected 10 billion US dollars.",
            10e9,
            "USD",
            "pledge",
        ),
    ],
)
def test_investment_scope(body, value, unit, scope):
    found = of_topic(body, "investment")
    assert [(c.value, c.unit, c.qualifiers["scope"]) for c in found] == [(value, unit, scope)], (
        dump(found)
    )


def test_investment_two_sums_in_one_sentence_each_have_their_scope():
    body = "Xiaomi will invest an initial 10 billion yuan in the unit, and about $10 billion over the next ten years."
    found = of_topic(body, "investment")
    assert sorted((c.unit, c.qualifiers["scope"]) for c in found) == [
        ("CNY", "initial"),
        ("USD", "pledge"),
    ], dump(found)


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
        (
            "The SU7 started at 215,900 yuan for the rear-drive standard version.",
            {("price.starting", 215900, "standard")},
        ),
        (
            "Prices: Standard 215,900 yuan, Pro 245,900, Max 299,900.",
            {
                ("price.stated", 215900, "standard"),
                ("price.stated", 245900, "pro"),
                ("price.stated", 299900, "max"),
            },
        ),
        (
            "The YU7 went on sale at a price of 253,500-329,900 yuan.",
            {("price.starting", 253500, None), ("price.upper_limit", 329900, None)},
        ),
        (
            "In dollar terms the line-up runs from about $30,400 to $42,200.",
            {("price.starting", 30400, None), ("price.upper_limit", 42200, None)},
        ),
        ("Prices top out at 299,900 yuan for the Max.", {("price.upper_limit", 299900, "max")}),
        (
            "The SU7 Ultra launched a month later at 529,900 yuan.",
            {("price.stated", 529900, "ultra")},
        ),
        (
            "Netizens guess the price will land between 200,000 and 300,000 yuan.",
            {("price.starting", 200000, None), ("price.upper_limit", 300000, None)},
        ),
        (
            "The upper pricing limit is expected to be higher than 300,000 yuan.",
            {("price.upper_limit", 300000, None)},
        ),
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
        (
            "The Max has a 101 kWh pack and a CLTC range of 800 km.",
            {("spec.battery_energy", 101, "max"), ("spec.range", 800, "max")},
        ),
        ("It rides on an 871V high-voltage platform.", {("spec.voltage_platform", 871, None)}),
        ("The Max tops out at 265 km/h.", {("spec.top_speed", 265, "max")}),
        (
            "0-100 km/h takes 2.78 seconds in the Max versus 5.28 seconds for the standard car.",
            {("spec.acceleration", 2.78, "max"), ("spec.acceleration", 5.28, "standard")},
        ),
        (
            "The South Asian spec sheet lists an 800 Km Range and 265 Kmph Top Speed.",
            {("spec.range", 800, None), ("spec.top_speed", 265, None)},
        ),
    ],
)
def test_spec_figure_and_trim(body, expected):
    found = of_topic(body, "spec")
    assert {(c.property, c.value, c.qualifiers.get("variant")) for c in found} == expected, dump(
        found
    )


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


# --- spec: which trim a figure is for -------------------------------------------------------


def spec_triples(body: str, published: str = "2024-04-02") -> set[tuple[str, float, str | None]]:
    return {
        (c.property, c.value, c.qualifiers.get("variant"))
        for c in of_topic(body, "spec", published)
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # press-release bullets: the trim in brackets after the figure
        ("- CLTC range of up to 760 km (Xiaomi YU7 Max)", {("spec.range", 760, "max")}),
        (
            "Highlights: 0-100 km/h in as little as 3.2 s (Max), 96.3 kWh battery (Standard)",
            {("spec.acceleration", 3.2, "max"), ("spec.battery_energy", 96.3, "standard")},
        ),
        # trade press and blogs: "on / for / in the <trim>", with the figure's own noun between
        ("Xiaomi quotes a 897V peak on the YU7 Max.", {("spec.voltage_platform", 897, "max")}),
        (
            "Expect roughly 700km CLTC on the cheapest model, the Standard, and more on dearer ones.",
            {("spec.range", 700, "standard")},
        ),
        (
            "The sedan has an 871V platform in the Max only.",
            {("spec.voltage_platform", 871, "max")},
        ),
        # listicles: a trim named right after a hyphenated figure
        ("The 1,380-hp Ultra goes on sale next month.", {("spec.power", 1380, "ultra")}),
        # two trims named together: one claim each
        (
            "The Standard and Pro trims both carry a 96.3 kWh pack.",
            {("spec.battery_energy", 96.3, "standard"), ("spec.battery_energy", 96.3, "pro")},
        ),
        (
            "Both the Pro and the Max get 5.2C charging and an 800V platform.",
            {("spec.voltage_platform", 800, "pro"), ("spec.voltage_platform", 800, "max")},
        ),
        # "respectively": in the order the versions were named
        (
            "The SU7, SU7 Pro and SU7 Max reach 700 km, 830 km and 800 km of CLTC range respectively.",
            {
                ("spec.range", 700, "standard"),
                ("spec.range", 830, "pro"),
                ("spec.range", 800, "max"),
            },
        ),
        # a trim sharing its figure with another
        (
            "The Pro goes furthest, though it shares its 96.3 kWh battery with the Standard.",
            {("spec.battery_energy", 96.3, "pro"), ("spec.battery_energy", 96.3, "standard")},
        ),
        # a clause that goes on about the same trim ("but its ...")
        (
            "The Max has the biggest pack, but its extra motor cuts the range to 760 km.",
            {("spec.range", 760, "max")},
        ),
        # the sprint benchmark written out: a time, not a top speed of 100 km/h
        (
            "The Ultra is said to hit 100 km/h from standstill in 1.98 seconds.",
            {("spec.acceleration", 1.98, "ultra")},
        ),
        ("Max: gets to 100 km/h in 2.78s", {("spec.acceleration", 2.78, "max")}),
        # machine translation: a "degree" of electricity is a kWh
        (
            "Millet SU7 Ultra battery capacity 93.7 degrees, CLTC endurance 630 km.",
            {("spec.battery_energy", 93.7, "ultra"), ("spec.range", 630, "ultra")},
        ),
        (
            "The accident car carries lithium iron phosphate battery 73.6 degrees electricity.",
            {("spec.battery_energy", 73.6, None)},
        ),
        # range said without the word "range"
        (
            "Its Max uses a 101 kWh pack rated for 800 km.",
            {("spec.battery_energy", 101, "max"), ("spec.range", 800, "max")},
        ),
        (
            "Max | 101 kWh, 800km, 495kW motor",
            {
                ("spec.battery_energy", 101, "max"),
                ("spec.range", 800, "max"),
                ("spec.power", 495, "max"),
            },
        ),
        (
            "Max | 101 kWh, 480kW peak charging",
            {("spec.battery_energy", 101, "max")},
        ),  # a charging rate is no power
        (
            "The Max peaks at 897V on its silicon-carbide platform.",
            {("spec.voltage_platform", 897, "max")},
        ),
        # "max speed" names no trim
        ("The SU7's max speed is 265 km/h.", {("spec.top_speed", 265, None)}),
        (
            "Max power is 495 kW and max torque 838 Nm, the spec sheet says.",
            {("spec.power", 495, None)},
        ),
        # a comparison after the figure names another trim's figure, not this one's trim
        (
            "The Max's CLTC range is 800 km, behind the Pro's 830 km.",
            {("spec.range", 800, "max"), ("spec.range", 830, "pro")},
        ),
        (
            "The Max's CLTC range of 800 km trails the Pro at 830 km.",
            {("spec.range", 800, "max"), ("spec.range", 830, "pro")},
        ),
        # "all three" speaks of every trim
        (
            "The Max leads on power, and all three trims ride on an 800V platform.",
            {("spec.voltage_platform", 800, None)},
        ),
    ],
)
def test_spec_trim_of_a_figure(body, expected):
    assert spec_triples(body) == expected, dump(of_topic(body, "spec"))


def test_spec_trim_carries_to_the_next_sentence():
    body = (
        "The Ultra is claimed to do 0-100 km/h in 1.98 seconds. Three motors with a combined 1,138 kW "
        "and a 350 km/h top speed make it the fastest car Xiaomi has built.\n\n"
        "The SU7 itself offers 700 km of range."
    )
    assert spec_triples(body) == {
        ("spec.acceleration", 1.98, "ultra"),
        ("spec.power", 1138, "ultra"),
        ("spec.top_speed", 350, "ultra"),
        ("spec.range", 700, None),
    }, dump(of_topic(body, "spec"))


def test_spec_trim_does_not_carry_to_a_sentence_about_the_line_up_or_another_paragraph():
    body = (
        "The Max gets a 101 kWh pack. Every version rides on an 800V platform.\n\n"
        "Range is 700 km on the CLTC cycle."
    )
    assert spec_triples(body) == {
        ("spec.battery_energy", 101, "max"),
        ("spec.voltage_platform", 800, None),
        ("spec.range", 700, None),
    }, dump(of_topic(body, "spec"))


def test_spec_the_other_two_are_the_trims_the_article_named():
    body = (
        "Xiaomi sells the SU7 as a Standard, a Pro and a Max. "
        "The Max tops out at 265 km/h, while the other two are limited to 210 km/h."
    )
    assert spec_triples(body) == {
        ("spec.top_speed", 265, "max"),
        ("spec.top_speed", 210, "standard"),
        ("spec.top_speed", 210, "pro"),
    }, dump(of_topic(body, "spec"))


def test_spec_the_other_two_without_a_line_up_named_is_no_trim():
    body = "The Max tops out at 265 km/h, while the other two are limited to 210 km/h."
    assert spec_triples(body) == {("spec.top_speed", 265, "max"), ("spec.top_speed", 210, None)}, (
        dump(of_topic(body, "spec"))
    )


def test_spec_a_configuration_is_a_trim_where_the_article_pairs_them():
    body = (
        "The filing lists two versions. The base version is driven by a single rear motor, while a "
        "dual-motor version carries a Max badge.\n\n"
        "Top speed: 210 km/h (single motor) / 265 km/h (dual motor)\n"
        "Power: 220 kW (single motor) | 220 kW front + 275 kW rear (dual motor, 495 kW combined)"
    )
    assert spec_triples(body, "2023-11-16") == {
        ("spec.top_speed", 210, "standard"),
        ("spec.top_speed", 265, "max"),
        ("spec.power", 220, "standard"),
        ("spec.power", 495, "max"),
    }, dump(of_topic(body, "spec", "2023-11-16"))


@pytest.mark.parametrize(
    "body",
    [
        "Single motor: 220 kW, top speed 210 km/h",  # the article never says which trim has one motor
        "The single-motor car gets 220 kW.",
        "Top speed: 210 km/h (rear-wheel drive)",
    ],
)
def test_spec_a_configuration_no_trim_is_paired_with_gives_no_claim(body):
    assert of_topic(body, "spec", "2023-12-29") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a conversion in brackets or after "equal to" is the same figure
        ("The Max makes a combined 495 kW (673 hp).", {("spec.power", 495, "max")}),
        (
            "Power aspect, the maximum power 1138 kW, equal to 1548 hp.",
            {("spec.power", 1138, None)},
        ),
        ("Top speed is 265 km/h (165 mph) for the Max.", {("spec.top_speed", 265, "max")}),
        # one motor's share beside the combined figure
        (
            "The Max pairs a 220 kW front motor with a 275 kW rear one for 495 kW combined.",
            {("spec.power", 495, "max")},
        ),
        (
            "The Max version uses dual motors, power respectively 220kW and 275kW, comprehensive power 495kW.",
            {("spec.power", 495, "max")},
        ),
        # another maker's car named for comparison
        (
            "Lei put the Max's 0-100 km/h time of 2.78 s next to the Porsche Taycan Turbo S (2.8 s) and the Tesla Model S Plaid (2.1 s).",
            {("spec.acceleration", 2.78, "max")},
        ),
        # a trip, a charging stop and a sprint over other distances are no specs
        ("A reporter drove the SU7 1,950 km from Beijing to Shenzhen, stopping 12 times.", set()),
    ],
)
def test_spec_figures_that_are_not_another_spec(body, expected):
    assert spec_triples(body) == expected, dump(of_topic(body, "spec"))


@pytest.mark.parametrize(
    "body",
    [
        "Tesla's Model Y Performance hits 100 km/h in 3.7 seconds.",  # another company
        "If the Max gets a 101 kWh pack, it could top 800 km of range.",  # a conditional
        "Will the Pro really get 830 km of CLTC range?",  # a question
        "The Xiaomi 14 Ultra has a 90 W charger and a 5,000 mAh battery.",  # a phone, not a trim
    ],
)
def test_spec_not_a_claim_of_ours(body):
    assert of_topic(body, "spec") == [], dump(of_topic(body, "spec"))


def test_spec_hedged_figure_keeps_its_certainty():
    (c,) = of_topic("Insiders say the Max may get a 101 kWh pack.", "spec", "2023-10-01")
    assert (c.value, c.qualifiers.get("variant"), c.certainty) == (101, "max", "speculated"), dump(
        [c]
    )


# --- price: trims, ranks, lists -------------------------------------------------------------


def price_triples(body: str, published: str = "2024-04-02") -> set[tuple[str, float, str | None]]:
    return {
        (c.property, c.value, c.qualifiers.get("variant"))
        for c in of_topic(body, "price", published)
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a live blog's list: the car and trim as the line's label
        (
            "Here are the prices:\n- SU7 (standard, RWD): 215,900 yuan\n- SU7 Pro: 245,900 yuan\n- SU7 Max: 299,900 yuan",
            {
                ("price.stated", 215900, "standard"),
                ("price.stated", 245900, "pro"),
                ("price.stated", 299900, "max"),
            },
        ),
        ("Ultra: RMB529,900, deliveries from March.", {("price.stated", 529900, "ultra")}),
        (
            "Honestly I'd take the Pro: 279,900 yuan for that range is a steal.",
            {("price.stated", 279900, "pro")},
        ),
        # a trim said to be a sum
        (
            "The YU7 starts at 253,500 yuan. The Pro is 279,900 yuan and the Max 329,900 yuan.",
            {
                ("price.starting", 253500, None),
                ("price.stated", 279900, "pro"),
                ("price.stated", 329900, "max"),
            },
        ),
        ("The Max was RMB 299,900 at launch, Xiaomi said.", {("price.stated", 299900, "max")}),
        ("Lei Jun said the SU7 Ultra will be 529,900 yuan.", {("price.stated", 529900, "ultra")}),
        ("The Pro is 30,000 yuan dearer than the base car.", set()),  # a difference
        # "respectively", in the order the versions were named
        (
            "The YU7 comes as the YU7, YU7 Pro and YU7 Max, priced at 253,500 yuan, 279,900 yuan and 329,900 yuan respectively.",
            {
                ("price.stated", 253500, "standard"),
                ("price.stated", 279900, "pro"),
                ("price.stated", 329900, "max"),
            },
        ),
        (
            "The SU7 Pro and SU7 Max are priced at 245,900 and 299,900 yuan respectively.",
            {("price.stated", 245900, "pro"), ("price.stated", 299900, "max")},
        ),
        (
            "Standard version, Pro version and Max version price respectively 215,900 yuan, 245,900 yuan and 299,900 yuan.",
            {
                ("price.stated", 215900, "standard"),
                ("price.stated", 245900, "pro"),
                ("price.stated", 299900, "max"),
            },
        ),
        # the cheapest or the dearest trim, so called: the starting price or the upper limit
        (
            "The Xiaomi SU7 is priced at CNY 215,900 (approx Rs 25 lakh) for the base variant.",
            {("price.starting", 215900, "standard")},
        ),
        (
            "Buyers are paying above the 215,900-yuan sticker price of the entry version.",
            {("price.starting", 215900, "standard")},
        ),
        ("Xiaomi put a 253,500 yuan price tag on the YU7.", {("price.stated", 253500, None)}),
        (
            "Its RMB 529,900 list price (Ultra) undercuts a Taycan.",
            {("price.stated", 529900, "ultra")},
        ),
        ("The entry-level SU7 costs 215,900 yuan.", {("price.starting", 215900, "standard")}),
        ("The top-end SU7 Max costs CNY 299,900.", {("price.upper_limit", 299900, "max")}),
        (
            "The Pro costs 279,900 yuan and the top-of-the-range Max 329,900 yuan.",
            {("price.stated", 279900, "pro"), ("price.upper_limit", 329900, "max")},
        ),
        ("The dual-motor Max sells for 299,900 yuan.", {("price.stated", 299900, "max")}),
        # the trim named after the figure
        (
            "The dearer trims are priced at RMB 245,900 (Pro) and RMB 299,900 (Max).",
            {("price.stated", 245900, "pro"), ("price.stated", 299900, "max")},
        ),
        # a blog's guess at both ends
        (
            "My guess: it starts at around 229,999 yuan and the top trim lands somewhere near 350k.",
            {("price.starting", 229999, None), ("price.upper_limit", 350000, "top")},
        ),
    ],
)
def test_price_trim_and_rank(body, expected):
    assert price_triples(body) == expected, dump(of_topic(body, "price"))


def test_price_trim_carries_to_a_sentence_naming_none():
    body = (
        "The SU7 Ultra costs 529,900 yuan. Deliveries began in March, at a price well under the 814,900 yuan "
        "Xiaomi quoted when pre-sales opened last October.\n\nPrices start at 215,900 yuan."
    )
    found = of_topic(body, "price", "2025-03-10")
    assert {
        (c.property, c.value, c.qualifiers.get("variant"), c.qualifiers.get("stage")) for c in found
    } == {
        ("price.stated", 529900, "ultra", None),
        ("price.stated", 814900, "ultra", "pre-sale"),
        ("price.starting", 215900, None, None),
    }, dump(found)


def test_price_a_starting_price_does_not_take_the_trim_before():
    body = "The Max costs 299,900 yuan. Prices start at 215,900 yuan."
    assert price_triples(body) == {
        ("price.stated", 299900, "max"),
        ("price.starting", 215900, None),
    }, dump(of_topic(body, "price"))


@pytest.mark.parametrize(
    ("body", "published", "label"),
    [
        (
            "On October 29, Xiaomi opened pre-sales for the SU7 Ultra at 814,900 yuan.",
            "2024-11-01",
            "2024-10-29",
        ),
        (
            "Compared with the October last year pre-sale price of 814,900 yuan, the Ultra is far cheaper.",
            "2025-02-28",
            "2024-10",
        ),
    ],
)
def test_price_a_pre_sale_price_keeps_its_date(body, published, label):
    (c,) = of_topic(body, "price", published)
    assert (c.value, c.qualifiers.get("stage"), c.period_label) == (814900, "pre-sale", label), (
        dump([c])
    )


def test_price_a_figure_without_currency_after_prices_in_one():
    body = "The Pro: 279,900 yuan is the sweet spot. The base car is cheapest at 253,500 and goes furthest."
    found = of_topic(body, "price", "2025-06-30")
    assert {(c.property, c.value, c.unit) for c in found} == {
        ("price.stated", 279900, "CNY"),
        ("price.starting", 253500, "CNY"),
    }, dump(found)


def test_price_a_figure_without_currency_and_no_price_before_is_none():
    assert of_topic("The base car is cheapest at 253,500 and goes furthest.", "price") == []


def test_price_a_converted_list_follows_the_trims_before():
    body = "Prices: Standard 215,900 yuan, Pro 245,900, Max 299,900. Thats roughly $30k / $34k / $41.5k."
    found = [c for c in of_topic(body, "price") if c.unit == "USD"]
    assert {
        (c.value, c.qualifiers.get("variant"), c.qualifiers.get("converted")) for c in found
    } == {
        (30000, "standard", True),
        (34000, "pro", True),
        (41500, "max", True),
    }, dump(found)


@pytest.mark.parametrize(
    "body",
    [
        "Prices: Standard 215,900 yuan, Pro 245,900, Max 299,900. Rivals charge $40k / $45k.",  # no conversion cue, another subject
        "Prices: Standard 215,900 yuan, Pro 245,900. Thats roughly $30k / $34k / $41.5k.",  # three figures for two trims
    ],
)
def test_price_a_list_that_is_not_the_conversion_of_the_one_before(body):
    assert [c for c in of_topic(body, "price") if c.unit == "USD"] == [], dump(
        of_topic(body, "price")
    )


@pytest.mark.parametrize(
    "body",
    [
        "- Tesla Model 3: 245,900 yuan",  # another maker's car as the label
        "Deposit: 5,000 yuan, refundable until delivery.",  # a label that names no trim
        "- Pro: 94.3 kWh pack from CATL",  # a label before a spec
        "If the Pro is 245,900 yuan, the Max will be dearer.",  # a conditional
        "Will the Max really cost 299,900 yuan?",  # a question
        "The SU7, SU7 Pro and SU7 Max sold 1,000, 2,000 and 3,000 units respectively.",  # not prices
        "Xiaomi announced a 20,000 yuan price cut for the SU7 Max.",  # a cut, not a price
        "Tesla answered with a 14,000 yuan price reduction on the Model 3.",  # another maker's cut
    ],
)
def test_price_lines_and_lists_that_are_not_our_prices(body):
    assert of_topic(body, "price") == [], dump(of_topic(body, "price"))


# --- whose figure: another maker's car named just before, a phone, one motor ------------------


@pytest.mark.parametrize(
    ("body", "topic"),
    [
        ("The Zeekr 7X, a rival, is priced from 229,900 yuan. Its top speed is 210 km/h.", "spec"),
        ("BYD cut the Seal's price last week. Its Han sedan now starts at 169,800 yuan.", "price"),
        ("Tesla's Model Y is the benchmark. The car offers 719 km of CLTC range.", "spec"),
        (
            "Xiaomi 14 Ultra sales remain strong, with the phone priced at RMB 6,499.",
            "price",
        ),  # a phone, not a car
    ],
)
def test_money_figure_of_another_makers_car_or_a_phone(body, topic):
    assert of_topic(body, topic, "2025-07-02") == [], dump(of_topic(body, topic, "2025-07-02"))


def test_money_stand_in_after_our_car_is_ours():
    body = "The Xiaomi YU7 is priced from 253,500 yuan. Its top speed is 253 km/h."
    assert spec_triples(body, "2025-07-02") == {("spec.top_speed", 253, None)}, dump(
        of_topic(body, "spec", "2025-07-02")
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # machine translation of a catalogue: each motor's figure, no total: not the car's power
        (
            "The high-configuration version uses double motor, front motor power 220kW, rear motor 275kW.",
            set(),
        ),
        ("Front axle: 220 kW | Rear axle: 275 kW", set()),
        # one motor, or the total
        (
            "The standard and Pro models use a single 220 kW rear-mounted motor.",
            {("spec.power", 220, "standard"), ("spec.power", 220, "pro")},
        ),
        ("Max: 220 kW front + 275 kW rear, 495 kW in total", {("spec.power", 495, "max")}),
    ],
)
def test_spec_one_motor_of_several_is_not_the_cars_power(body, expected):
    assert spec_triples(body, "2023-11-16") == expected, dump(of_topic(body, "spec", "2023-11-16"))


def test_spec_a_spec_line_with_a_dash_after_the_trim():
    body = "**Xiaomi SU7 Variants**\n\n- SU7 Standard – RWD, 73.6 kWh, 700 km\n- SU7 Max – AWD, 101 kWh, 800 km, 2.78 sec 0-100 kmph"
    assert spec_triples(body) == {
        ("spec.battery_energy", 73.6, "standard"),
        ("spec.range", 700, "standard"),
        ("spec.battery_energy", 101, "max"),
        ("spec.range", 800, "max"),
        ("spec.acceleration", 2.78, "max"),
    }, dump(of_topic(body, "spec"))


def test_spec_trim_carries_over_a_sentence_with_no_figure():
    body = (
        "I spent a week with the SU7 Ultra. It is absurd. Xiaomi quotes 1,548 hp and 0-100 km/h in 1.98 "
        "seconds.\n\nThe other car I drove had 700 km of range."
    )
    assert spec_triples(body, "2025-04-20") == {
        ("spec.power", 1548, "ultra"),
        ("spec.acceleration", 1.98, "ultra"),
        ("spec.range", 700, None),
    }, dump(of_topic(body, "spec", "2025-04-20"))


def test_spec_trim_does_not_carry_past_another_car():
    body = "The SU7 Max is quick. The Porsche Taycan is quicker. Xiaomi quotes 2.78 seconds to 100 km/h."
    assert spec_triples(body, "2024-04-20") == {("spec.acceleration", 2.78, None)}, dump(
        of_topic(body, "spec", "2024-04-20")
    )


# --- round 3 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a speed driven is not the car's top speed (wire, blog, machine translation)
        ("According to Xiaomi, the SU7 was in Navigate on Autopilot mode at about 116 km/h before the driver took over.", set()),
        ("I did 120 km/h on the expressway all the way to Hangzhou and the SU7 was dead quiet.", set()),
        ("Millet SU7 with 130km/h speed driving on highway when accident occurred.", set()),
        # a fact-box line, a spec sentence, a machine translation: top speeds
        ("Platform: 871V | Top speed: 265 km/h | Launch: 2024", {("spec.top_speed", 265, None), ("spec.voltage_platform", 871, None)}),
        ("The SU7 Max has a top speed of 265 km/h.", {("spec.top_speed", 265, "max")}),
        ("Millet SU7 highest speed 210km/h.", {("spec.top_speed", 210, None)}),
        # consumption is not a battery or a range
        ("I'm averaging 15.8 kWh/100km in mixed Shanghai driving, which beats my old Model 3.", set()),
        ("The SU7 used 13.9 kWh per 100 km on our test loop, according to the trip computer.", set()),
        ("Millet SU7 power consumption 12.6kWh/100km, very economical.", set()),
    ],
)  # fmt: skip
def test_spec_r3_speeds_driven_and_consumption(body, expected):
    assert spec_triples(body) == expected, dump(of_topic(body, "spec"))


@pytest.mark.parametrize(
    "body",
    [
        # a wish or a question is no price (machine-translated comments, blogs, forums, wire)
        'Netizen "Yizhuang old Li": Thunder Army car must is cost-effective, 150,000 yuan can buy?  [Like 342]',
        "A cost-effective 150,000 yuan car is what the SU7 should be.",
        "So the SU7 for 199,000 yuan, anyone?",
        "Millet SU7 price 200,000 yuan or less, is it possible?",
    ],
)
def test_price_r3_wishes_and_questions_are_no_price(body):
    found = of_topic(body, "price", "2022-12-01")
    assert found == [], dump(found)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The SU7 costs 215,900 yuan, which is cost-effective for what you get.",
            {("price.stated", 215900, None)},
        ),
        ("Is it worth it? The SU7 starts at 215,900 yuan.", {("price.starting", 215900, None)}),
    ],
)
def test_price_r3_prices_beside_a_question_or_a_wish(body, expected):
    found = of_topic(body, "price")
    assert {(c.property, c.value, c.qualifiers.get("variant")) for c in found} == expected, dump(
        found
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # headlinese drops the article before the trim
        ("Xiaomi SU7 EV unveiled with 800km range on top Max trim: launch date, price and everything we know",
         {("spec.range", 800, "max")}),
        ("Millet SU7 871V platform on Max version, 101kWh battery on Max", {("spec.voltage_platform", 871, "max"),
                                                                           ("spec.battery_energy", 101, "max")}),
        ("SU7 tops out at 265 km/h in Max trim, says Xiaomi", {("spec.top_speed", 265, "max")}),
        # with the article, as before
        ("The SU7 gets 800 km of CLTC range on the top-end Max.", {("spec.range", 800, "max")}),
    ],
)  # fmt: skip
def test_spec_r3_trim_named_after_the_figure_without_an_article(body, expected):
    assert spec_triples(body) == expected, dump(of_topic(body, "spec"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # another company named only in an aside does not stop the trim the paragraph spoke of
        ("The base SU7 costs 215,900 yuan. Mine was exactly that plus 3,000 for the paint. For that you get a 73.6 kWh "
         "LFP battery made by FinDreams (which is BYD's battery arm, yes really) and a claimed 700 km CLTC range.",
         {("spec.battery_energy", 73.6, "standard"), ("spec.range", 700, "standard")}),
        ("The SU7 Max is the one to buy. It carries a 101 kWh pack from CATL, which also supplies Tesla, and does "
         "800 km on the CLTC cycle.", {("spec.battery_energy", 101, "max"), ("spec.range", 800, "max")}),
        # named outside an aside, another company still stops it
        ("The base SU7 costs 215,900 yuan. BYD's Seal gets an 82.5 kWh pack and 650 km of range.", set()),
    ],
)  # fmt: skip
def test_spec_r3_trim_carries_past_an_aside_naming_another_company(body, expected):
    assert spec_triples(body) == expected, dump(of_topic(body, "spec"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a list of prices each followed by its trim, the currency said once (live blog, MT, blog)
        ("Quick recap: prices are 215,900 yuan for the standard SU7, 249,900 for the Pro and 299,900 for the Max.",
         {("price.stated", 215900, "standard"), ("price.stated", 249900, "pro"), ("price.stated", 299900, "max")}),
        ("Price 215,900 yuan for the standard version, 245,900 for the Pro version, 299,900 for the Max version.",
         {("price.stated", 215900, "standard"), ("price.stated", 245900, "pro"), ("price.stated", 299900, "max")}),
        ("Honestly it costs 215,900 yuan for the base car and 245,900 for the Pro, which is wild.",
         {("price.starting", 215900, "standard"), ("price.stated", 245900, "pro")}),  # "the base": the cheapest
        # a number after it that is no trim's price
        ("The price is 215,900 yuan for the standard SU7, and 88,898 for the count of first-day orders.",
         {("price.stated", 215900, "standard")}),
    ],
)  # fmt: skip
def test_price_r3_list_of_prices_each_with_its_trim_after(body, expected):
    found = of_topic(body, "price")
    assert {(c.property, c.value, c.qualifiers.get("variant")) for c in found} == expected, dump(
        found
    )
