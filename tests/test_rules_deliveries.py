"""Tests for the deliveries rule (xiaomi_ev_kb.extract.rules.deliveries): deliveries, orders,
targets and production figures.

Every sentence here was written for these tests, in the registers the corpora use (wire copy,
trade press, machine translation from Chinese, analyst notes, blogs, listicles, tables
flattened to text), and run through ``extract_claims`` on a small article. Each positive case
names the one claim it must yield; the negative cases are the traps: other makers' figures,
conditionals, questions, requirements, capacities, money, percentages and phones.
"""

from __future__ import annotations

import pytest

from xiaomi_ev_kb.extract import extract_claims
from xiaomi_ev_kb.ingest import Article, parse_article
from xiaomi_ev_kb.models import Claim

TOPICS = ("deliveries", "production")


def claims_of(body: str, published: str) -> tuple[Article, list[Claim]]:
    raw = f"---\ntitle: t\npublisher: Test Wire\npublished: {published}\n---\n{body}\n".encode()
    article = parse_article(raw, "test.md")
    claims = extract_claims(article)
    for c in claims:
        assert article.text[c.start : c.end] == c.quote, dump([c])
    return article, claims


def ours(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.topic in TOPICS]


def dump(claims: list[Claim]) -> str:
    if not claims:
        return "  (no claims)"
    return "\n".join(
        f"  {c.property}={c.value!r} subject={c.subject} period={c.period_label} per={c.per} "
        f"bound={c.bound} approx={c.approx} qualifiers={c.qualifiers} certainty={c.certainty} quote={c.quote!r}"
        for c in claims
    )


def one(body: str, published: str, prop: str) -> Claim:
    """The one claim of ``prop`` the body yields (and nothing else of these topics)."""
    _, claims = claims_of(body, published)
    found = ours(claims)
    assert [c.property for c in found] == [prop], (
        f"want one {prop} in {body!r}; got:\n{dump(found)}"
    )
    return found[0]


def check(c: Claim, want: dict) -> None:
    got = {
        "value": c.value,
        "subject": c.subject,
        "period": c.period_label,
        "bound": c.bound,
        "approx": c.approx,
        "per": c.per,
        "certainty": c.certainty,
        **c.qualifiers,
    }
    for key, value in want.items():
        assert got.get(key) == value, f"{key}: want {value!r}, got {got.get(key)!r}\n{dump([c])}"


# --------------------------------------------------------------------------------------
# Deliveries in a period


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # wire copy
        (
            "BEIJING, Jan 2 (Wire) - Xiaomi handed over 22,500 cars in December, the company said on Thursday.",
            "2025-01-02",
            {"value": 22_500, "period": "2024-12", "subject": "Xiaomi Auto"},
        ),
        # trade press, quarter written out
        (
            "Xiaomi Auto sold 40,000 vehicles in the first quarter, its best quarter yet.",
            "2025-04-10",
            {"value": 40_000, "period": "2025-Q1"},
        ),
        # analyst shorthand for the half, "c." for circa
        (
            "Xiaomi's 1H25 deliveries came to c.157k units.",
            "2025-08-20",
            {"value": 157_000, "period": "2025-H1", "approx": True},
        ),
        # the year first, the figure last
        (
            "In 2024, Xiaomi sold 136,854 EVs, its first year of sales.",
            "2025-03-20",
            {"value": 136_854, "period": "2024"},
        ),
        # machine translation from Chinese: month, then "delivery volume", then a verb of floor
        (
            "Millet automobile September delivery volume exceed 10,000 vehicles.",
            "2024-10-01",
            {"value": 10_000, "period": "2024-09", "bound": "min"},
        ),
        # a label, a colon and the figure
        (
            "Q3 2024 deliveries: 39,790 (Xiaomi earnings release)",
            "2024-11-19",
            {"value": 39_790, "period": "2024-Q3"},
        ),
        # a month range
        (
            "Xiaomi delivered roughly 250,000 cars between January and August.",
            "2025-09-02",
            {"value": 250_000, "period": "2025-01/2025-08", "approx": True},
        ),
        # the car named right after the figure
        (
            "Xiaomi delivered 27,307 SU7 sedans in the April-June period.",
            "2024-08-21",
            {"subject": "Xiaomi Auto", "period": "2024-04/2024-06"},
        ),
        # a quarter without its year, said of what happened, in the next year
        (
            "Fourth-quarter deliveries came to 69,697 units, Xiaomi said.",
            "2025-03-18",
            {"value": 69_697, "period": "2024-Q4"},
        ),
        # the month a record was set is named before it
        (
            "Xiaomi reported its third-quarter results on Tuesday; its car unit delivered more than 100,000 vehicles "
            "in a single quarter for the first time.",
            "2025-11-19",
            {"value": 100_000, "period": "2025-Q3", "bound": "min"},
        ),
    ],
)
def test_deliveries_volume_for_a_period(body, published, want):
    check(one(body, published, "delivery.volume"), want)


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # trade press: the record's month is the one the sentence before gave
        (
            "Xiaomi EV delivered more than 30,000 vehicles in June, the company said. It was the first time the "
            "smartphone maker's car unit had crossed the 30,000 mark in a single month.",
            "2025-07-01",
            [(30_000, "2025-06"), (30_000, "2025-06")],
        ),
        # a blog: the quarter
        (
            "Xiaomi handed over 108,796 cars between July and September. That's the first time the phone giant "
            "topped 100,000 in a single quarter.",
            "2025-10-02",
            [(108_796, "2025-07/2025-09")],
        ),
        (
            "Xiaomi delivered 108,796 cars in the third quarter. That's the first time the phone giant topped "
            "100,000 in a single quarter.",
            "2025-10-02",
            [(108_796, "2025-Q3"), (100_000, "2025-Q3")],
        ),
    ],
)
def test_deliveries_record_in_a_single_period_of_the_sentence_before(body, published, want):
    _, claims = claims_of(body, published)
    assert [(c.value, c.period_label) for c in ours(claims)] == want, dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # trade press: the figure of the sentence before compared with an earlier one
        (
            "Xiaomi delivered 75,869 vehicles in the first quarter, according to its earnings report.\n\n"
            "That's up 8.9 percent from the 69,697 units in the fourth quarter of 2024.",
            "2025-05-27",
            [(75_869, "2025-Q1"), (69_697, "2024-Q4")],
        ),
        # wire copy
        (
            "Xiaomi handed over 81,302 cars in the second quarter. This was up from 75,869 in the first.",
            "2025-07-02",
            [(81_302, "2025-Q2"), (75_869, "2025-Q1")],
        ),
        # a Q&A page: a bare answer to a question about sales
        (
            "How many cars has Xiaomi sold?\n\nMore than 135,000 in 2024, its first year on sale.",
            "2025-06-01",
            [(135_000, "2024")],
        ),
    ],
)
def test_deliveries_compared_with_or_answered(body, published, want):
    _, claims = claims_of(body, published)
    found = ours(claims)
    assert [(c.value, c.period_label) for c in found] == want, dump(found)
    assert {c.property for c in found} == {"delivery.volume"}, dump(found)


def test_deliveries_answer_to_a_question_about_a_target():
    _, claims = claims_of(
        "What is Xiaomi's delivery target for 2025?\n\n350,000 cars, Lei Jun says.", "2025-06-01"
    )
    assert [(c.property, c.value, c.period_label) for c in ours(claims)] == [
        ("delivery.target", 350_000, "2025")
    ], dump(ours(claims))


@pytest.mark.parametrize(
    "body",
    [
        # a question about another maker
        "How many cars did BYD sell last year?\n\nAbout 4.27 million, or 4,270,000.",
        # a question that asks for no figure of ours
        "Is the SU7 a good car?\n\nYes, and 10,000 buyers agree.",
        # a comparison with a figure of no kind before it
        "Xiaomi shares rose 5% on Monday. That's up from 3,000 yuan a year ago.",
    ],
)
def test_deliveries_compared_with_or_answered_negatives(body):
    _, claims = claims_of(body, "2025-06-01")
    assert ours(claims) == [], dump(ours(claims))


def test_deliveries_record_without_a_period_before_is_not_guessed():
    _, claims = claims_of(
        "It was the first time Xiaomi had crossed the 30,000 mark in a single month.", "2025-07-01"
    )
    assert ours(claims) == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "periods"),
    [
        (
            "Xiaomi delivered more than 20,000 cars in each of November and December.",
            "2025-01-03",
            ["2024-11", "2024-12"],
        ),
        (
            "Monthly deliveries have exceeded 10,000 units since June, Xiaomi said.",
            "2024-09-15",
            ["2024-06", "2024-07", "2024-08"],
        ),
        (
            "The company has delivered over 10,000 cars in every month from June to August.",
            "2024-09-15",
            ["2024-06", "2024-07", "2024-08"],
        ),
        (
            "Millet car delivery data show, July and August each exceed 13,000 units.",
            "2024-09-02",
            ["2024-07", "2024-08"],
        ),
        (
            "Xiaomi delivered 7,058 cars in April, more than 8,630 in May and more than 10,000 in June.",
            "2024-07-01",
            ["2024-04", "2024-05", "2024-06"],
        ),
        (
            "For reference, Xiaomi sold 27,307 cars in the second quarter of 2024, 39,790 in the third quarter and "
            "69,697 in the fourth.",
            "2025-05-27",
            ["2024-Q2", "2024-Q3", "2024-Q4"],
        ),
    ],
)
def test_deliveries_one_claim_per_period(body, published, periods):
    _, claims = claims_of(body, published)
    found = ours(claims)
    assert [c.period_label for c in found] == periods and {c.property for c in found} == {
        "delivery.volume"
    }, dump(found)
    assert len({c.id for c in found}) == len(found), "one id per claim"


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "Xiaomi said on Wednesday it delivered over 30,000 EVs in April, up from 28,000 in March.",
            "2025-05-01",
            [(30_000, "2025-04"), (28_000, "2025-03")],
        ),
        (
            "In July, Xiaomi delivered over 30,000 vehicles, while Li Auto delivered 30,731.",
            "2025-08-01",
            [(30_000, "2025-07")],
        ),
        (
            "YU7 deliveries alone exceeded 20,000 units in September.",
            "2025-10-01",
            [(20_000, "2025-09")],
        ),
        (
            "Xiaomi, which delivered 20,000 cars in December, said the YU7 will launch in June.",
            "2025-01-02",
            [(20_000, "2024-12")],
        ),
        (
            "Xiaomi delivered over 8,630 cars last month, it said.",
            "2024-06-01",
            [(8_630, "2024-05")],
        ),
        (
            "Xiaomi sold 13,120 SU7s and 1,000 SU7 Ultras in August.",
            "2024-09-02",
            [(13_120, "2024-08"), (1_000, "2024-08")],
        ),
        (
            "The EV maker handed over 40,000+ vehicles last month, Xiaomi said.",
            "2025-06-01",
            [(40_000, "2025-05")],
        ),
        # South Asian English
        (
            "Xiaomi has sold over 1.3 lakh units of the SU7 in 2024, reports say.",
            "2025-03-19",
            [(130_000, "2024")],
        ),
    ],
)
def test_deliveries_volume_phrasings(body, published, want):
    _, claims = claims_of(body, published)
    found = [(c.value, c.period_label) for c in ours(claims) if c.property == "delivery.volume"]
    assert found == want and len(ours(claims)) == len(want), dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # how often figures are published is not a rate
        (
            "Deliveries topped 100,000 vehicles in the third quarter, according to figures compiled from the "
            "company's monthly updates, up from 81,302 in the second quarter.",
            "2025-10-21",
            [(100_000, "2025-Q3"), (81_302, "2025-Q2")],
        ),
        (
            "Xiaomi, which publishes monthly delivery figures, handed over 39,790 vehicles in the third quarter.",
            "2024-10-21",
            [(39_790, "2024-Q3")],
        ),
    ],
)
def test_deliveries_reporting_frequency_is_not_a_rate(body, published, want):
    _, claims = claims_of(body, published)
    assert [
        (c.value, c.period_label) for c in ours(claims) if c.property == "delivery.volume"
    ] == want, dump(ours(claims))


def test_deliveries_a_present_rate_is_not_the_latest_month():
    _, claims = claims_of("Xiaomi now delivers more than 30,000 cars a month.", "2024-10-21")
    assert [c for c in ours(claims) if c.property == "delivery.volume"] == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # trade press: the car is named in a clause of time, the figures are the company's
        (
            "That puts Xiaomi's cumulative deliveries since the SU7 went on sale in March 2024 above 400,000 at "
            "the end of September, and leaves it about 84,000 units short of its 350,000 target for the year.",
            "2025-10-21",
            [("delivery.cumulative", "Xiaomi Auto"), ("delivery.target", "Xiaomi Auto")],
        ),
        (
            "After the YU7 launched, Xiaomi delivered 40,000 cars in September.",
            "2025-10-02",
            [("delivery.volume", "Xiaomi Auto")],
        ),
        # a car's share of the whole: the whole is the company's
        (
            "The YU7 accounted for 25,000 of the 40,000 cars delivered in September.",
            "2025-10-02",
            [("delivery.volume", "Xiaomi Auto")],
        ),
        (
            "The YU7 made up most of its 40,000 deliveries in September, the company said.",
            "2025-10-02",
            [("delivery.volume", "Xiaomi Auto")],
        ),
        # the car still counts when the figure is its own
        (
            "Xiaomi delivered 25,000 YU7s in September, after the SU7 Ultra launched in February.",
            "2025-10-02",
            [("delivery.volume", "Xiaomi YU7")],
        ),
    ],
)
def test_deliveries_subject_not_from_a_time_clause_or_a_share(body, published, want):
    _, claims = claims_of(body, published)
    assert [(c.property, c.subject) for c in ours(claims)] == want, dump(ours(claims))


# --------------------------------------------------------------------------------------
# Deliveries so far


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "As of the end of September, Xiaomi had delivered a total of 100,000 SU7 sedans.",
            "2024-10-08",
            {"value": 100_000, "subject": "Xiaomi Auto", "period": "2024-09-END"},
        ),
        (
            "Xiaomi has handed over 212,723 vehicles by the end of March, by our count.",
            "2025-04-02",
            {"value": 212_723, "period": "2025-03-END", "bound": None},
        ),
        (
            "Cumulative deliveries of the SU7 passed 200,000 units in March.",
            "2025-04-01",
            {"subject": "Xiaomi Auto", "period": "2025-03", "bound": "min"},
        ),
        # no date given: as of the article's date
        (
            "Deliveries began in April, and Xiaomi says it has handed over more than 5,700 cars so far.",
            "2024-04-26",
            {"value": 5_700, "period": "2024-04-26"},
        ),
        # machine translation: "as of May end"
        (
            "As of May end, Millet SU7 cumulative delivery already break 10,000 vehicles.",
            "2024-06-21",
            {"period": "2024-05-END", "bound": "min"},
        ),
        # a threshold expected later
        (
            "Xiaomi expects to cross the 300,000 mark in July.",
            "2025-06-05",
            {"value": 300_000, "period": "2025-07", "certainty": "expected"},
        ),
        # "since" opens another statement: its month is not the figure's period
        (
            "Xiaomi has now delivered more than 500,000 cars since it started deliveries in April 2024.",
            "2025-09-01",
            {"period": "2025-09-01", "bound": "min"},
        ),
        (
            "The SU7 has racked up over 250,000 deliveries since its launch.",
            "2025-02-01",
            {"subject": "Xiaomi Auto", "period": "2025-02-01"},
        ),
        # the company's cars, not the model named in the clause before
        (
            "Xiaomi began selling cars in 2024 with the SU7, and it has already handed over about 300,000 cars in total.",
            "2025-07-01",
            {"subject": "Xiaomi Auto", "period": "2025-07-01"},
        ),
    ],
)
def test_deliveries_cumulative_as_of_a_date(body, published, want):
    check(one(body, published, "delivery.cumulative"), want)


# --------------------------------------------------------------------------------------
# Orders


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "Xiaomi said it received 88,898 locked-in orders for the SU7 in the first 24 hours.",
            "2024-03-30",
            {
                "value": 88_898,
                "subject": "Xiaomi SU7",
                "order_kind": "locked",
                "window": "24 hours",
                "period": None,
            },
        ),
        (
            "The YU7 drew 289,000 firm orders within one hour of going on sale.",
            "2025-06-27",
            {"subject": "Xiaomi YU7", "order_kind": "locked", "window": "1 hour"},
        ),
        (
            "Pre-orders for the SU7 Ultra reached 3,680 in 10 minutes, the company said.",
            "2024-10-30",
            {
                "subject": "Xiaomi SU7",
                "variant": "ultra",
                "order_kind": "pre-order",
                "window": "10 minutes",
            },
        ),
        (
            "Xiaomi had 75,723 locked orders for its sedan - those backed by deposits that cannot be refunded - as of April 24.",
            "2024-05-02",
            {"value": 75_723, "order_kind": "locked", "period": "2024-04-24"},
        ),
        # machine translation: "big set" (大定) is a locked order, the window before the figure
        (
            "Millet YU7 listed 3 minutes, big set broke through 200,000 units.",
            "2025-06-27",
            {"order_kind": "locked", "window": "3 minutes", "bound": "min"},
        ),
        # a blog's shorthand
        (
            "Orders: 50k in 27 minutes (!!) for the SU7.",
            "2024-04-01",
            {"value": 50_000, "window": "27 minutes", "order_kind": "order"},
        ),
        (
            "Orders for the YU7 topped 240,000 within 18 hours.",
            "2025-06-28",
            {"subject": "Xiaomi YU7", "bound": "min", "window": "18 hours"},
        ),
        (
            "Xiaomi received over 100,000 pre-orders for the YU7 in the first hour.",
            "2025-06-27",
            {"order_kind": "pre-order", "window": "1 hour"},
        ),
        (
            "Xiaomi's order backlog stood at about 150,000 cars at the end of June.",
            "2025-07-05",
            {"value": 150_000, "period": "2025-06-END", "approx": True},
        ),
        # refundable reservations are pre-orders
        (
            "About 200,000 orders were placed in three minutes, though the tally included refundable reservations.",
            "2025-06-27",
            {"order_kind": "pre-order", "window": "3 minutes", "approx": True},
        ),
    ],
)
def test_orders_count_with_kind_and_window(body, published, want):
    check(one(body, published, "orders.count"), want)


@pytest.mark.parametrize(
    ("body", "published", "prop", "want"),
    [
        # a trim in the next item of a list or the next clause is not the figure's
        (
            "Lei Jun on the 350,000 target, the SU7 Ultra and what comes next",
            "2025-03-20",
            "delivery.target",
            {"value": 350_000, "subject": "Xiaomi Auto", "variant": None},
        ),
        (
            "Xiaomi keeps its 350,000 target, SU7 Ultra deliveries to start in March",
            "2025-02-10",
            "delivery.target",
            {"value": 350_000, "subject": "Xiaomi Auto", "variant": None},
        ),
        (
            "Xiaomi's 350,000 goal, the Ultra's launch and the YU7: five takeaways from the earnings call",
            "2025-03-20",
            "delivery.target",
            {"value": 350_000, "subject": "Xiaomi Auto", "variant": None},
        ),
        # ... and in the same phrase it is
        (
            "Xiaomi delivered 6,000 SU7 Ultras in February.",
            "2025-03-01",
            "delivery.volume",
            {"value": 6_000, "subject": "Xiaomi SU7", "variant": "ultra"},
        ),
        (
            "Xiaomi took more than 10,000 orders for the SU7 Ultra in two hours.",
            "2025-02-28",
            "orders.count",
            {"value": 10_000, "subject": "Xiaomi SU7", "variant": "ultra", "window": "2 hours"},
        ),
    ],
)
def test_subjects_trim_named_after_the_figure_only_in_its_phrase(body, published, prop, want):
    check(one(body, published, prop), want)


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # a listicle's heading restates the figure of the paragraph under it: that paragraph's trim
        (
            "The SU7 line-up grew this year.\n\n### 3. 10,000 orders in two hours\n\n"
            "The SU7 Ultra passed 10,000 orders within two hours of its launch.",
            ["ultra", "ultra"],
        ),
        # a live blog's time-stamped heading
        (
            "Xiaomi SU7 launch, live.\n\n21:40 - 20,000 orders in 7 minutes\n"
            "The Max version alone has 20,000 orders in seven minutes, Lei Jun says.",
            ["max", "max"],
        ),
        # a heading over a paragraph with another figure keeps no trim
        (
            "The SU7 line-up grew this year.\n\n### 3. 10,000 orders\n\nThe SU7 Ultra took 3,680 pre-orders in "
            "ten minutes at its pre-sale.",
            [None, "ultra"],
        ),
    ],
)
def test_orders_heading_takes_the_trim_of_the_paragraph_it_restates(body, want):
    _, claims = claims_of(body, "2025-03-01")
    found = [c for c in ours(claims) if c.property == "orders.count"]
    assert [c.qualifiers.get("variant") for c in found] == want, dump(found)
    assert {c.subject for c in found} == {"Xiaomi SU7"}, dump(found)


@pytest.mark.parametrize(
    "body",
    [
        "By April 24 it was still sitting on 75,723 locked orders, so obviously some people cancelled.",
        "By April 24, Xiaomi had 75,723 locked orders for the SU7, the company said.",
        "By April 24, SU7 lock single number 75,723 units.",
        "SU7 locked orders stood at 75,723 by April 24 (vs. 88,898 at launch).",
    ],
)
def test_orders_as_of_a_by_date(body):
    _, claims = claims_of(body, "2024-06-12")
    got = [c for c in ours(claims) if c.value == 75_723]
    assert len(got) == 1, dump(ours(claims))
    check(got[0], {"period": "2024-04-24", "order_kind": "locked"})


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # an interview's answer is about the trim the question before it named
        (
            "**Auto Weekly: Let's turn to the SU7 Ultra. Was the price a gamble?**\n\n"
            "**Lei Jun:** A bit. But we took more than 10,000 orders in the first two hours.",
            "ultra",
        ),
        (
            "Q: And the SU7 Max? How did it sell?\n\nA: We had 20,000 locked orders for it by April 10.",
            "max",
        ),
        # not after a question, or a question naming no trim: no trim
        (
            "The SU7 Ultra costs 529,900 yuan.\n\nXiaomi says it took 10,000 SU7 orders in two hours.",
            None,
        ),
        (
            "Q: How is SU7 demand?\n\nA: Strong. We took more than 10,000 orders in two hours.",
            None,
        ),
    ],
)
def test_orders_answer_takes_the_trim_of_the_question(body, want):
    c = one(body, "2025-04-15", "orders.count")
    check(c, {"subject": "Xiaomi SU7", "variant": want})


def test_orders_two_figures_keep_their_own_kind_and_window():
    _, claims = claims_of(
        "About 200,000 orders were placed in 3 minutes, and 240,000 were locked in within 18 hours.",
        "2025-11-20",
    )
    got = [
        (c.value, c.qualifiers.get("order_kind"), c.qualifiers.get("window")) for c in ours(claims)
    ]
    assert got == [(200_000, "order", "3 minutes"), (240_000, "locked", "18 hours")], dump(
        ours(claims)
    )


# --------------------------------------------------------------------------------------
# Targets


@pytest.mark.parametrize(
    ("body", "published", "prop", "want"),
    [
        (
            "Xiaomi is targeting 350,000 deliveries in 2025.",
            "2025-01-10",
            "delivery.target",
            {"value": 350_000, "period": "2025", "certainty": "expected"},
        ),
        (
            "Xiaomi set a 2025 target of 300,000 deliveries.",
            "2024-12-20",
            "delivery.target",
            {"value": 300_000, "period": "2025"},
        ),
        (
            "Xiaomi reiterated its 350,000-unit delivery target for 2025.",
            "2025-05-27",
            "delivery.target",
            {"value": 350_000, "period": "2025"},
        ),
        (
            "The company now expects to deliver more than 400,000 vehicles this year.",
            "2025-07-01",
            "delivery.target",
            {"bound": "min", "period": "2025"},
        ),
        (
            "Tesla delivered 1.8 million cars in 2023, while Xiaomi aims to sell 100,000 next year.",
            "2023-12-01",
            "delivery.target",
            {"value": 100_000, "period": "2024"},
        ),
        (
            "Xiaomi's YU7 deliveries are expected to reach 20,000 in August.",
            "2025-07-18",
            "delivery.target",
            {"subject": "Xiaomi YU7", "period": "2025-08"},
        ),
        (
            "Lei Jun announced, Millet car 2025 year delivery target adjust to 350,000 vehicles.",
            "2025-03-19",
            "delivery.target",
            {"revised": True, "period": "2025"},
        ),
        (
            "Xiaomi aims to hand over 100,000 cars this year, Lei Jun said.",
            "2024-04-20",
            "delivery.target",
            {"period": "2024"},
        ),
        (
            "The company's delivery goal for next year is 150,000 units.",
            "2023-12-28",
            "delivery.target",
            {"period": "2024"},
        ),
        (
            "It expects August deliveries to exceed 13,000 units.",
            "2024-08-01",
            "delivery.target",
            {"period": "2024-08", "bound": "min"},
        ),
        # machine translation: "strive" is a goal
        (
            "Thunder Army say, this year delivery strive 120,000 vehicles.",
            "2024-06-21",
            "delivery.target",
            {"value": 120_000, "period": "2024"},
        ),
        # a trim's target stays the car's
        (
            "Lei Jun said the 2025 sales target for the SU7 Ultra is 10,000 units.",
            "2025-02-28",
            "delivery.target",
            {"subject": "Xiaomi SU7", "variant": "ultra"},
        ),
        # while the company sells one car, its target is the company's
        (
            "Xiaomi has set a goal of delivering 100,000 SU7s by the end of this year.",
            "2024-09-12",
            "delivery.target",
            {"subject": "Xiaomi Auto", "period": "by 2024-END"},
        ),
        (
            "Xiaomi plans to produce 100,000 vehicles in 2024, people familiar with the matter said.",
            "2023-08-25",
            "production.target",
            {"value": 100_000, "period": "2024"},
        ),
        (
            "Xiaomi's production target for next year is 150,000 cars.",
            "2023-11-02",
            "production.target",
            {"period": "2024"},
        ),
        # the plan it started with
        (
            "Xiaomi had originally planned to deliver 76,000 cars in 2024.",
            "2024-03-01",
            "delivery.target",
            {"value": 76_000, "past_plan": True},
        ),
        # a period that is not a calendar one
        (
            "The company hopes to build 100,000 to 120,000 cars in its first year.",
            "2023-09-10",
            "production.target",
            {"period": None},
        ),
    ],
)
def test_targets_for_a_period(body, published, prop, want):
    check(one(body, published, prop), want)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # the figure before "delivery target" / "sales goal"
        ("Xiaomi reaffirmed its 350,000 delivery target for 2025.", "2025-04-01"),
        (
            "Xiaomi kept its 350,000 delivery target for 2025, and said the SU7 Ultra was selling well.",
            "2025-04-01",
        ),
        ("Analysts doubt Lei Jun's 350,000 sales goal for 2025 is within reach.", "2025-04-01"),
        # the year's target named "annual" before the figure (machine translation)
        ("Xiaomi Auto 2025 annual delivery target 350,000 vehicles.", "2025-04-01"),
        (
            "In 2025, Xiaomi's annual delivery target is 350,000 vehicles, Lu Weibing said.",
            "2025-04-01",
        ),
    ],
)
def test_targets_named_after_the_figure_or_annual(body, published):
    check(
        one(body, published, "delivery.target"),
        {"value": 350_000, "period": "2025", "subject": "Xiaomi Auto", "per": None},
    )


@pytest.mark.parametrize(
    "body",
    [
        "Xiaomi's plant targets an annual output of 300,000 vehicles.",
        "Xiaomi targets 300,000 cars a year.",
    ],
)
def test_targets_annual_size_of_a_plant_is_not_a_target(body):
    _, claims = claims_of(body, "2025-04-01")
    assert [c for c in ours(claims) if c.property.endswith(".target")] == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "new", "old", "announced"),
    [
        (
            "Xiaomi raised its 2025 delivery target to 350,000 from 300,000 on March 18.",
            "2025-03-19",
            350_000,
            300_000,
            "2025-03-18",
        ),
        (
            "Xiaomi lifted its full-year delivery goal to 130,000 units on Monday, up from 120,000.",
            "2024-11-19",
            130_000,
            120_000,
            "2024-11-18",
        ),
        (
            "Xiaomi raised its 2025 delivery target to 350,000 vehicles from 300,000 previously, Lei Jun said.",
            "2025-03-19",
            350_000,
            300_000,
            None,
        ),
        (
            "The company cut its 2025 delivery goal from 350,000 to 300,000 units.",
            "2025-05-01",
            300_000,
            350_000,
            None,
        ),
        (
            "In March the Millet group raised the target from 300,000 to 350,000 vehicles.",
            "2025-05-02",
            350_000,
            300_000,
            "2025-03",
        ),
        (
            "It wants to deliver 350,000 cars this year, up from an initial goal of 300,000.",
            "2025-07-03",
            350_000,
            300_000,
            None,
        ),
    ],
)
def test_targets_revised_and_superseded(body, published, new, old, announced):
    _, claims = claims_of(body, published)
    found = {c.value: c for c in ours(claims) if c.property == "delivery.target"}
    assert set(found) == {new, old}, dump(ours(claims))
    assert found[new].qualifiers.get("revised") is True and not found[new].qualifiers.get(
        "superseded"
    ), dump([found[new]])
    assert found[old].qualifiers.get("superseded") is True, dump([found[old]])
    assert found[new].period_label == found[old].period_label, dump(list(found.values()))
    assert found[new].qualifiers.get("announced") == announced, dump([found[new]])


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # results coverage: the month after the noun of what is counted is the target's, the
        # next figure keeps the year
        (
            "On the analyst call, President Lu Weibing said deliveries in August would exceed 10,000, and "
            "reaffirmed the 120,000 goal.",
            "2024-08-21",
            [(10_000, "2024-08", "min"), (120_000, "2024", None)],
        ),
        # wire: "should", a month without its year that is still ahead
        (
            "Lei Jun said on Tuesday that sales in December should top 30,000 units.",
            "2024-08-21",
            [(30_000, "2024-12", "min")],
        ),
        # machine translation
        (
            "Lu Weibing expressed, the delivery volume in the fourth quarter will exceed 100,000 vehicles.",
            "2025-08-20",
            [(100_000, "2025-Q4", "min")],
        ),
        # a past plan keeps its month in the past
        (
            "Xiaomi had aimed to deliver 10,000 cars in March.",
            "2024-08-21",
            [(10_000, "2024-03", None)],
        ),
    ],
)
def test_targets_month_named_after_what_is_counted(body, published, want):
    _, claims = claims_of(body, published)
    found = [c for c in ours(claims) if c.property == "delivery.target"]
    assert [(c.value, c.period_label, c.bound) for c in found] == want, dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # what did not happen
        ("Xiaomi's deliveries last month should have topped 20,000.", "2024-08-21"),
        ("Without the fire, Xiaomi could have delivered 25,000 cars in July.", "2024-08-21"),
        # a forecast or a plan under a condition stated after it
        (
            "He estimated that Xiaomi could sell more than 400,000 cars in 2026 if it secured land for a third "
            "factory phase.",
            "2025-06-27",
        ),
        (
            "Xiaomi will deliver 60,000 YU7s by year-end, provided that battery supply holds.",
            "2025-07-01",
        ),
        (
            "Xiaomi expects to hand over 30,000 cars in December unless the plant shuts for upgrades.",
            "2025-11-01",
        ),
    ],
)
def test_targets_and_forecasts_counterfactual_or_conditional(body, published):
    _, claims = claims_of(body, published)
    assert ours(claims) == [], dump(ours(claims))


def test_deliveries_fact_before_a_concession_is_kept():
    _, claims = claims_of(
        "Xiaomi delivered 20,000 cars in October, even if the weather was bad.", "2024-11-02"
    )
    assert [(c.property, c.value, c.period_label) for c in ours(claims)] == [
        ("delivery.volume", 20_000, "2024-10")
    ], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # a machine-translated headline: the production milestone, a colon, then the target
        (
            "Millet car the 100,000th vehicle rolls off the line, Thunder Army: annual target again raised to 130,000",
            "2024-11-19",
        ),
        # a blog's dash
        (
            "The plant now builds cars around the clock - the target is 120,000 this year",
            "2024-07-20",
        ),
        # trade press, a colon inside the sentence
        (
            "Production ramped up fast in the summer: the full-year goal went up to 130,000 units.",
            "2024-11-20",
        ),
    ],
)
def test_targets_after_a_production_statement_are_delivery_targets(body, published):
    _, claims = claims_of(body, published)
    targets = [c for c in ours(claims) if c.property.endswith(".target")]
    assert [c.property for c in targets] == ["delivery.target"], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # a listicle: orders that match a trim's goal for the year
        (
            "The SU7 Ultra is the fastest Xiaomi yet. The Ultra blew past 10,000 orders within two hours of the "
            "launch, according to Lei Jun, matching the sales goal Xiaomi had set for the Ultra for the whole of "
            "this year.",
            "2025-05-29",
            {"value": 10_000, "subject": "Xiaomi SU7", "variant": "ultra", "period": "2025"},
        ),
        # wire copy: a running total equal to the year's target
        (
            "Xiaomi had sold 120,000 cars by November, equal to its full-year target.",
            "2024-12-02",
            {"value": 120_000, "subject": "Xiaomi Auto", "period": "2024"},
        ),
        # trade press: deliveries the same as the goal of a named year
        (
            "Xiaomi delivered 136,854 cars in 2024, exactly the goal management had set for 2024 a year earlier.",
            "2025-01-03",
            {"value": 136_854, "period": "2024"},
        ),
    ],
)
def test_targets_a_goal_the_figure_matches(body, published, want):
    _, claims = claims_of(body, published)
    found = [c for c in ours(claims) if c.property == "delivery.target"]
    assert len(found) == 1, dump(ours(claims))
    check(found[0], want)


@pytest.mark.parametrize(
    "body",
    [
        # the goal has its own figure
        "Xiaomi delivered 136,854 cars in 2024, matching its target of 130,000 and then some.",
        # a per-month goal
        "Xiaomi delivered 40,000 YU7s in October, the same as the monthly goal Lei Jun set for the SUV.",
        # another maker
        "Nio delivered 20,000 cars, matching its goal for the month.",
    ],
)
def test_targets_a_goal_the_figure_matches_negatives(body):
    _, claims = claims_of(body, "2025-11-02")
    assert [
        c.value for c in ours(claims) if c.property == "delivery.target" and c.value != 130_000
    ] == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "new", "old"),
    [
        # a data page: the earlier value in brackets
        (
            "Xiaomi's 2025 target: 350,000 units (previously 300,000).",
            "2025-03-20",
            350_000,
            300_000,
        ),
        # wire copy: "versus ... before"
        (
            "The company now targets 350,000 deliveries for the year, versus 300,000 before.",
            "2025-03-20",
            350_000,
            300_000,
        ),
        # a blog: "up from ... previously", no verb of revision
        (
            "Xiaomi now aims for 350,000 deliveries, up from 300,000 previously.",
            "2025-03-20",
            350_000,
            300_000,
        ),
    ],
)
def test_targets_earlier_value_marked_without_a_verb(body, published, new, old):
    _, claims = claims_of(body, published)
    found = {c.value: c for c in ours(claims) if c.property == "delivery.target"}
    assert set(found) == {new, old}, dump(ours(claims))
    assert found[new].qualifiers.get("revised") and not found[new].qualifiers.get("superseded"), (
        dump([found[new]])
    )
    assert found[old].qualifiers.get("superseded"), dump([found[old]])
    assert found[new].period_label == found[old].period_label == "2025"


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # "shipped" and "shipments" of cars
        (
            "Xiaomi shipped more than 20,000 EVs in October, the company said.",
            "2024-11-01",
            ("delivery.volume", "2024-10"),
        ),
        (
            "Xiaomi's EV shipments exceeded 20,000 units in October.",
            "2024-11-01",
            ("delivery.volume", "2024-10"),
        ),
        # the figure first, the maker's name and the car noun after it
        (
            "40,000 Xiaomi EVs were delivered in October.",
            "2024-11-01",
            ("delivery.volume", "2024-10"),
        ),
        # guidance and wants are targets, not deliveries
        (
            "Xiaomi guided for 2025 deliveries of 300,000 units.",
            "2025-01-10",
            ("delivery.target", "2025"),
        ),
        ("Lei Jun wants 350k deliveries this year.", "2025-07-02", ("delivery.target", "2025")),
        # the month after a figure the statement was said about ("said deliveries topped 25,000 in June")
        (
            "Xiaomi (1810.HK) said deliveries topped 25,000 in June.",
            "2025-07-02",
            ("delivery.volume", "2025-06"),
        ),
    ],
)
def test_deliveries_more_cues(body, published, want):
    _, claims = claims_of(body, published)
    assert [(c.property, c.period_label) for c in ours(claims)] == [want], dump(ours(claims))
    assert {c.subject for c in ours(claims)} == {"Xiaomi Auto"}, dump(ours(claims))


def test_deliveries_phone_shipments_are_not_cars():
    _, claims = claims_of("Xiaomi shipped 13.5 million smartphones in the quarter.", "2024-11-01")
    assert ours(claims) == [], dump(ours(claims))


def test_targets_stretch_goal_beside_the_target():
    _, claims = claims_of(
        "Thunder Army before say, this year delivery target 100,000 vehicles, strive 120,000 vehicles.",
        "2024-06-21",
    )
    got = {c.value: (c.period_label, c.qualifiers.get("scope")) for c in ours(claims)}
    assert got == {100_000: ("2024", "target"), 120_000: ("2024", "stretch target")}, dump(
        ours(claims)
    )


def test_targets_lifted_twice_keep_the_year_of_the_article_before():
    _, claims = claims_of(
        "Xiaomi delivered 136,854 cars in 2024. It had started the year aiming for 100,000 deliveries and lifted "
        "that goal twice, to 120,000 in July and then to 130,000 in November.",
        "2025-03-18",
    )
    targets = {c.value: c for c in ours(claims) if c.property == "delivery.target"}
    assert {v: c.period_label for v, c in targets.items()} == {
        100_000: "2024",
        120_000: "2024",
        130_000: "2024",
    }, dump(ours(claims))
    assert targets[120_000].qualifiers.get("announced") == "2024-07"
    assert targets[130_000].qualifiers.get("announced") == "2024-11"


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # analyst shorthand: a chain of arrows after the year's deliveries
        (
            "Xiaomi delivered 136,854 SU7s in 2024, ahead of a goal it moved twice (100k → 120k → 130k).",
            "2025-01-10",
            {
                100_000: ("2024", False, True),
                120_000: ("2024", True, True),
                130_000: ("2024", True, False),
            },
        ),
        # a blog's ASCII arrow, no verb of revision
        (
            "The 2025 target went 300,000 -> 350,000 after the March results.",
            "2025-04-01",
            {300_000: ("2025", False, True), 350_000: ("2025", True, False)},
        ),
        # trade press: "to ... and to ...", each with the month it was set in
        (
            "Xiaomi lifted its 2024 goal to 120,000 in July and to 130,000 in November.",
            "2024-12-01",
            {120_000: ("2024", True, True), 130_000: ("2024", True, False)},
        ),
        # machine translation: "from A raise to B, again raise to C"
        (
            "Millet car 2024 delivery target from 100,000 vehicles raise to 120,000 vehicles, again raise to "
            "130,000 vehicles.",
            "2024-11-19",
            {
                100_000: ("2024", False, True),
                120_000: ("2024", True, True),
                130_000: ("2024", True, False),
            },
        ),
        # the plan a sentence opens with, revised after it: replaced, not a revision
        (
            "Xiaomi delivered 136,854 cars in 2024. It had started the year aiming for 100,000 deliveries and "
            "lifted that goal twice, to 120,000 in July and then to 130,000 in November.",
            "2025-03-18",
            {
                100_000: ("2024", False, True),
                120_000: ("2024", True, True),
                130_000: ("2024", True, False),
            },
        ),
    ],
)
def test_targets_chain_of_revisions(body, published, want):
    _, claims = claims_of(body, published)
    targets = {c.value: c for c in ours(claims) if c.property == "delivery.target"}
    got = {
        v: (c.period_label, bool(c.qualifiers.get("revised")), bool(c.qualifiers.get("superseded")))
        for v, c in targets.items()
    }
    assert got == want, dump(ours(claims))


def test_targets_chain_keeps_each_revision_date():
    _, claims = claims_of(
        "Xiaomi lifted its 2024 goal to 120,000 in July and to 130,000 in November.", "2024-12-01"
    )
    got = {c.value: c.qualifiers.get("announced") for c in ours(claims)}
    assert got == {120_000: "2024-07", 130_000: "2024-11"}, dump(ours(claims))


def test_targets_arrows_between_volumes_are_not_targets():
    _, claims = claims_of(
        "Xiaomi deliveries went 27,307 → 39,790 → 69,697 over the last three quarters.",
        "2025-01-10",
    )
    assert [c for c in ours(claims) if c.property == "delivery.target"] == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # an analyst note: the quarters of a list give the year of the full-year total, and the
        # targets it is measured against are for that year
        (
            "Xiaomi's quarterly deliveries rose all year: Q2 came to 27,307, Q3 to 39,790. The full-year tally of "
            "136,854 beat the original goal of 100,000, which was raised to 120,000 in July.",
            "2025-01-06",
            [
                ("delivery.volume", 27_307, "2024-Q2"),
                ("delivery.volume", 39_790, "2024-Q3"),
                ("delivery.volume", 136_854, "2024"),
                ("delivery.target", 100_000, "2024"),
                ("delivery.target", 120_000, "2024"),
            ],
        ),
        # machine translation: "the full year delivery volume", an analysts' hope, speculated
        (
            "In October, Millet car delivery exceeded 20,000 vehicles. Analysts believe, the full year delivery "
            "volume has the hope to exceed 130,000 vehicles.",
            "2024-11-19",
            [("delivery.volume", 20_000, "2024-10"), ("delivery.volume", 130_000, "2024")],
        ),
        # a list whose last item names only its period, an aside of the analyst's own estimate
        (
            "Q2 deliveries were 27,307, Q3 deliveries were 39,790, and Q4 (our estimate) was 69,757.",
            "2025-01-06",
            [
                ("delivery.volume", 27_307, "2024-Q2"),
                ("delivery.volume", 39_790, "2024-Q3"),
                ("delivery.volume", 69_757, "2024-Q4"),
            ],
        ),
    ],
)
def test_deliveries_full_year_total_and_list_items(body, published, want):
    _, claims = claims_of(body, published)
    assert [(c.property, c.value, c.period_label) for c in ours(claims)] == want, dump(ours(claims))


@pytest.mark.parametrize(
    "body",
    [
        # a listicle: the heading's month is when the year ended, the figure is the year's
        "**10. November 2024: 100,000 built**\nThe target goes up again, to 130,000 for 2024.\n\n"
        "**11. December 2024: year one in the books**\n"
        "Xiaomi ends its first delivery year with more than 135,000 cars delivered.",
        "Xiaomi's 2024 delivery target was 130,000.\n\n"
        "The company closed out its first full year with more than 135,000 cars delivered.",
        "Xiaomi had set a 130,000 delivery target for 2024. In December, it wrapped up its "
        "sales year with more than 135,000 cars delivered.",
    ],
)
def test_deliveries_end_of_its_year_is_the_year(body):
    _, claims = claims_of(body, "2025-06-27")
    got = [c for c in ours(claims) if c.property == "delivery.volume"]
    assert [(c.value, c.period_label) for c in got] == [(135_000, "2024")], dump(ours(claims))


def test_deliveries_analysts_hope_and_own_estimate_are_speculated():
    _, claims = claims_of(
        "Q3 deliveries were 39,790, and Q4 (our estimate) was 69,757.\n\n"
        "Analysts believe, the full year delivery volume has the hope to exceed 130,000 vehicles.",
        "2025-01-06",
    )
    got = {c.value: c.certainty for c in ours(claims)}
    assert got == {39_790: "stated", 69_757: "speculated", 130_000: "speculated"}, dump(
        ours(claims)
    )


# --------------------------------------------------------------------------------------
# Production


@pytest.mark.parametrize(
    ("body", "published", "prop", "want"),
    [
        (
            "The 200,000th Xiaomi SU7 rolled off the assembly line on Sunday.",
            "2025-03-03",
            "production.cumulative",
            {"value": 200_000, "subject": "Xiaomi SU7", "period": "2025-03-02"},
        ),
        (
            "Xiaomi celebrates rollout of its 100,000th vehicle",
            "2024-11-18",
            "production.cumulative",
            {"value": 100_000, "period": "2024-11-18"},
        ),
        (
            "Xiaomi produced 25,000 vehicles in June, a record for the plant.",
            "2024-07-02",
            "production.volume",
            {"value": 25_000, "period": "2024-06"},
        ),
        (
            "Xiaomi said it produced its 120,000th vehicle on Monday.",
            "2024-12-31",
            "production.cumulative",
            {"value": 120_000, "period": "2024-12-30"},
        ),
        # trial output, dated by the month it was said in
        (
            "At present the factory weekly produces about 50 test cars, supply chain people revealed.",
            "2023-09-14",
            "production.trial_output",
            {"value": 50, "per": "week", "period": "2023-09"},
        ),
        (
            "Last year September media reported the factory every week trial produce about 50 vehicles.",
            "2024-02-20",
            "production.trial_output",
            {"value": 50, "per": "week", "period": "2023-09"},
        ),
    ],
)
def test_production_figures(body, published, prop, want):
    check(one(body, published, prop), want)


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # machine translation: the milestone the sentence before dated, taken up again; the start
        # of the run ("from the first delivery on April 3 to now") is not its date
        (
            "Yesterday (November 18), the 100,000th Xiaomi SU7 rolled off the production line. From the first "
            "delivery on April 3 to now, Xiaomi spent less than 230 days to achieve the milestone of 100,000 "
            "vehicles.",
            "2024-11-19",
            [("Xiaomi SU7", "2024-11-18"), ("Xiaomi SU7", "2024-11-18")],
        ),
        # wire copy: "the 200,000 mark"
        (
            "Xiaomi's 200,000th car rolled off the line on Monday. Reaching the 200,000 mark took the company "
            "just over a year.",
            "2025-06-10",
            [("Xiaomi Auto", "2025-06-09"), ("Xiaomi Auto", "2025-06-09")],
        ),
        # a headline without a date takes the day the story gives the same numbered car
        (
            "Xiaomi's 300,000th car rolls off the line\n\nOn August 10, the 300,000th Xiaomi car rolled off the "
            "line at the Beijing plant.",
            "2025-08-12",
            [("Xiaomi Auto", "2025-08-10"), ("Xiaomi Auto", "2025-08-10")],
        ),
        # a listicle's dated heading, "Car No. 200,000", over the line that says it came off the line
        (
            "Timeline\n\n5. June 9, 2025: Car No. 200,000\nThe 200,000th car came off the line in Yizhuang.",
            "2025-11-01",
            [("Xiaomi Auto", "2025-06-09"), ("Xiaomi Auto", "2025-06-09")],
        ),
    ],
)
def test_production_milestones_taken_up_and_dated(body, published, want):
    _, claims = claims_of(body, published)
    found = ours(claims)
    assert [(c.subject, c.period_label) for c in found] == want, dump(found)
    assert {c.property for c in found} == {"production.cumulative"}, dump(found)


@pytest.mark.parametrize(
    "body",
    [
        "Tesla's Car No. 1,000,000 rolled off the line in Shanghai.",
        "Ticket No. 20,000 won a Xiaomi car at the fair.",
        # a milestone of another figure than the sentence before's
        "Xiaomi's 100,000th car rolled off the line on Monday. Next it aims for the milestone of 200,000 "
        "cars by spring.",
    ],
)
def test_production_milestones_negatives(body):
    _, claims = claims_of(body, "2024-11-19")
    assert [
        c for c in ours(claims) if c.property == "production.cumulative" and c.value != 100_000
    ] == [], dump(ours(claims))


# --------------------------------------------------------------------------------------
# Forecasts are volumes, speculated


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "Analysts at Morgan Stanley expect Xiaomi to deliver 400,000 cars in 2025.",
            "2025-01-15",
            {"value": 400_000, "period": "2025"},
        ),
        (
            "We estimate 2025E deliveries of 380k units for Xiaomi.",
            "2025-04-01",
            {"value": 380_000, "period": "2025"},
        ),
        (
            "Some brokerages now forecast 2024 deliveries of about 130,000 units for Xiaomi.",
            "2024-08-21",
            {"value": 130_000, "period": "2024"},
        ),
        (
            "Citi said Xiaomi could deliver as many as 30,000 vehicles a month in the second half.",
            "2025-03-18",
            {"per": "month", "period": "2025-H2", "bound": "max"},
        ),
        (
            "Xiaomi may hit 400,000 deliveries this year, according to analysts.",
            "2025-07-01",
            {"value": 400_000, "period": "2025"},
        ),
        (
            "Xiaomi is on course to deliver 100,000 vehicles in the third quarter, according to Citi.",
            "2025-07-18",
            {"period": "2025-Q3"},
        ),
    ],
)
def test_forecasts_are_speculated_volumes(body, published, want):
    check(one(body, published, "delivery.volume"), {**want, "certainty": "speculated"})


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # a listicle: the plan the year started with, after the current goal
        (
            "Xiaomi's delivery goal for 2025 is 350,000 cars. The company started the year aiming for 300,000, "
            "then bumped it up in March.",
            "2025-05-29",
            [
                ("delivery.target", 350_000, "2025", "expected"),
                ("delivery.target", 300_000, "2025", "expected"),
            ],
        ),
        # an analyst note: the house's own model against management's target
        (
            "Management has set a 2025 delivery target of 300,000 units. We think this is conservative and model "
            "330,000.",
            "2025-01-06",
            [
                ("delivery.target", 300_000, "2025", "expected"),
                ("delivery.volume", 330_000, "2025", "speculated"),
            ],
        ),
        # wire: analysts "see" a figure
        (
            "Xiaomi's target for 2025 is 350,000 deliveries. Analysts at one brokerage see 400,000.",
            "2025-06-01",
            [
                ("delivery.target", 350_000, "2025", "expected"),
                ("delivery.volume", 400_000, "2025", "speculated"),
            ],
        ),
        # a trade note: a production target taken up
        (
            "Xiaomi's production target for next year is 150,000 cars. Internally, the plant is aiming for 180,000.",
            "2023-11-02",
            [
                ("production.target", 150_000, "2024", "expected"),
                ("production.target", 180_000, "2024", "expected"),
            ],
        ),
    ],
)
def test_figures_governed_by_plan_or_forecast_after_a_target(body, published, want):
    _, claims = claims_of(body, published)
    got = [(c.property, c.value, c.period_label, c.certainty) for c in ours(claims)]
    assert got == want, dump(ours(claims))


def test_figures_governed_by_plan_keep_the_replaced_plan():
    _, claims = claims_of(
        "Xiaomi's delivery goal for 2025 is 350,000 cars. The company started the year aiming for 300,000, then "
        "bumped it up in March.",
        "2025-05-29",
    )
    old = next(c for c in ours(claims) if c.value == 300_000)
    assert old.qualifiers.get("superseded") and old.qualifiers.get("past_plan"), dump([old])


@pytest.mark.parametrize(
    "body",
    [
        # no target before it: the figure is not guessed
        "Xiaomi delivered 40,000 cars in October. It is aiming for 50,000.",
        # another maker's target
        "Li Auto set a 2025 target of 700,000 deliveries. Analysts model 640,000.",
        # a forecast with a period of its own is not the target's
        "Management's 2025 delivery target is 350,000 units. For 2026 we model 550,000.",
    ],
)
def test_figures_governed_by_plan_or_forecast_negatives(body):
    _, claims = claims_of(body, "2025-11-02")
    assert [c.value for c in ours(claims)] in ([], [40_000], [350_000]), dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # a table row whose label carries the estimate mark: a forecast, read as written
        (
            "| Key data | |\n| --- | --- |\n| 2024E SU7 deliveries (HLS) | 125,000 |",
            "2024-07-22",
            {"value": 125_000, "period": "2024", "certainty": "speculated"},
        ),
        (
            "FY2025E EV deliveries | 310,000",
            "2025-03-25",
            {"value": 310_000, "period": "2025", "certainty": "speculated"},
        ),
        (
            "Deliveries 4Q24E (units) | 70,000",
            "2024-11-20",
            {"value": 70_000, "period": "2024-Q4", "certainty": "speculated"},
        ),
        # an actual beside it stays stated
        (
            "| 2024A SU7 deliveries | 136,854 |",
            "2025-03-25",
            {"value": 136_854, "period": "2024", "certainty": "stated"},
        ),
    ],
)
def test_forecasts_row_labelled_as_an_estimate(body, published, want):
    check(one(body, published, "delivery.volume"), want)


def test_forecasts_table_keeps_this_estimate_not_the_prior_one():
    _, claims = claims_of(
        "Xiaomi EV estimates\nFY25E EV deliveries: 390k (prior 360k) | FY26E: 600k (prior 550k)",
        "2025-08-20",
    )
    got = sorted((c.value, c.period_label, c.certainty) for c in ours(claims))
    assert got == [(390_000, "2025", "speculated"), (600_000, "2026", "speculated")], dump(
        ours(claims)
    )


# --------------------------------------------------------------------------------------
# Flattened tables and lists


def test_tables_row_of_ours_under_a_header_of_months():
    body = (
        "November 2024 deliveries of Chinese EV start-ups\n\n"
        "Brand | Nov 2024 | Oct 2024 | MoM\n"
        "Li Auto | 48,740 | 51,443 | -5.3%\n"
        "Xiaomi | >20,000 | >20,000 | n/a\n"
        "Nio | 20,575 | 20,976 | -1.9%"
    )
    _, claims = claims_of(body, "2024-12-01")
    got = [(c.property, c.value, c.period_label, c.bound) for c in ours(claims)]
    assert got == [
        ("delivery.volume", 20_000, "2024-11", "min"),
        ("delivery.volume", 20_000, "2024-10", "min"),
    ], dump(ours(claims))


@pytest.mark.parametrize(
    "row",
    [
        "Xiaomi | >20,000 | >20,000 | n/a (first deliveries April 2024)",
        "Xiaomi | >20,000 | >20,000 | - (new entrant)",
        "Xiaomi | >20,000 | >20,000 | N/A (no year-earlier sales)",
    ],
)
def test_tables_row_of_ours_with_a_note_in_an_empty_cell(row):
    body = (
        "The table below lists the start-ups' November deliveries.\n\n"
        "Brand | Nov 2024 | Oct 2024 | YoY\n"
        "Li Auto | 48,740 | 51,443 | +18.8%\n"
        f"{row}\n"
        "Nio | 20,575 | 20,976 | +29%"
    )
    _, claims = claims_of(body, "2024-12-02")
    got = [(c.property, c.value, c.period_label, c.bound) for c in ours(claims)]
    assert got == [
        ("delivery.volume", 20_000, "2024-11", "min"),
        ("delivery.volume", 20_000, "2024-10", "min"),
    ], dump(ours(claims))


def test_tables_row_note_with_a_figure_is_not_a_cell():
    body = (
        "The table below lists the start-ups' November deliveries.\n\n"
        "Brand | Nov 2024 | Oct 2024 | YoY\n"
        "Xiaomi | >20,000 | n/a (about 20,000 in the company's words) | n/a"
    )
    _, claims = claims_of(body, "2024-12-02")
    got = [(c.value, c.period_label) for c in ours(claims)]
    assert (20_000, "2024-10") not in got, dump(ours(claims))


def test_tables_list_line_under_a_caption():
    body = "Figure 2: Xiaomi quarterly EV deliveries (units)\n2Q24: 27,307 | 3Q24: 39,790 | 4Q25E: 110,000"
    _, claims = claims_of(body, "2025-08-20")
    got = [(c.value, c.period_label, c.certainty) for c in ours(claims)]
    assert got == [
        (27_307, "2024-Q2", "stated"),
        (39_790, "2024-Q3", "stated"),
        (110_000, "2025-Q4", "speculated"),
    ], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # an analyst's estimates table: actual and estimate marks on the period
        (
            "Forecast changes\n\n"
            "Period | Deliveries | Auto revenue (RMBbn) | Auto GPM\n"
            "3Q24A | 39,790 | 9.7 | 17.1%\n"
            "1Q25E | 80,000 | 18.0 | 21.0%\n"
            "FY24A | 136,854 | 32.1 | 18.5%\n"
            "FY26E | 550,000 | 120.5 | 22.0%",
            "2025-01-20",
            [
                ("3Q24A | 39,790", 39_790, "2024-Q3", "stated"),
                ("1Q25E | 80,000", 80_000, "2025-Q1", "speculated"),
                ("FY24A | 136,854", 136_854, "2024", "stated"),
                ("FY26E | 550,000", 550_000, "2026", "speculated"),
            ],
        ),
        # trade press: a period column, a deliveries column and a column of car names
        (
            "Xiaomi deliveries by quarter (units)\n\n"
            "Quarter | Deliveries | Models on sale\n"
            "Q3 2024 | 39,790 | SU7\n"
            "Q2 2025 | 81,302 | SU7, SU7 Ultra, YU7",
            "2025-09-01",
            [
                ("Q3 2024 | 39,790", 39_790, "2024-Q3", "stated"),
                ("Q2 2025 | 81,302", 81_302, "2025-Q2", "stated"),
            ],
        ),
        # a Markdown table with its rule line, a growth column left out
        (
            "Xiaomi EV: monthly deliveries\n\n"
            "| Month | Deliveries | MoM (%) |\n"
            "|---|---|---|\n"
            "| Oct 2024 | 20,726 | 5.1 |\n"
            "| Nov 2024 | 22,000 | 6.1 |",
            "2024-12-05",
            [
                ("Oct 2024 | 20,726", 20_726, "2024-10", "stated"),
                ("Nov 2024 | 22,000", 22_000, "2024-11", "stated"),
            ],
        ),
        # columns aligned with spaces, one column a car
        (
            "Xiaomi output and deliveries\n\n"
            "Month     Production   YU7 deliveries\n"
            "Jul 2025  31,000       10,500",
            "2025-08-10",
            [
                ("Jul 2025  31,000", 31_000, "2025-07", "stated"),
                ("Jul 2025  31,000       10,500", 10_500, "2025-07", "stated"),
            ],
        ),
    ],
)
def test_tables_rows_of_periods_under_a_header(body, published, want):
    _, claims = claims_of(body, published)
    got = [(c.quote, c.value, c.period_label, c.certainty) for c in ours(claims)]
    assert got == want, dump(ours(claims))


def test_tables_rows_of_periods_subject_from_the_column():
    _, claims = claims_of(
        "Xiaomi output and deliveries\n\nMonth     Production   YU7 deliveries\nJul 2025  31,000       10,500",
        "2025-08-10",
    )
    assert [(c.property, c.subject) for c in ours(claims)] == [
        ("production.volume", "Xiaomi Auto"),
        ("delivery.volume", "Xiaomi YU7"),
    ], dump(ours(claims))


@pytest.mark.parametrize(
    "body",
    [
        # another maker's table, by its caption or by the row
        "Nio quarterly deliveries\n\nQuarter | Deliveries\nQ2 2024 | 57,373\nQ3 2024 | 61,855",
        "Start-up deliveries, third quarter\n\nQuarter | Brand | Deliveries\nQ3 2025 | Nio | 87,071",
        # columns that are not counts of cars
        "Xiaomi EV segment\n\nQuarter | Revenue (RMBbn) | Gross margin\nQ2 2025 | 21.3 | 26.4%",
        "Xiaomi EV segment\n\nQuarter | Deliveries YoY (%) | Orders\nQ2 2025 | 197 | 240,000",
        "Xiaomi group\n\nQuarter | Smartphone sales (units) | IoT revenue\nQ2 2025 | 42,400,000 | 38.7",
        # prose between the header and the row: not a table
        "Quarter | Deliveries\nThe figures below are rough.\nQ2 2025 | 81,302",
    ],
)
def test_tables_rows_of_periods_negatives(body):
    _, claims = claims_of(body, "2025-10-21")
    assert ours(claims) == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # a row named by what it counts under a header of quarters, an estimate column
        (
            "Xiaomi EV key figures\n\nMetric | 2Q24 | 3Q24 | 4Q24E\n"
            "Deliveries (units) | 27,307 | 39,790 | 69,000\nRevenue (RMBbn) | 6.4 | 9.7 | 16.0",
            [
                (27_307, "2024-Q2", "stated"),
                (39_790, "2024-Q3", "stated"),
                (69_000, "2024-Q4", "speculated"),
            ],
        ),
        # columns aligned with spaces, actual and estimate years
        (
            "Smart EV segment model\n\nUnits 2024A 2025E 2026E\nDeliveries 136,854 350,000 550,000",
            [
                (136_854, "2024", "stated"),
                (350_000, "2025", "speculated"),
                (550_000, "2026", "speculated"),
            ],
        ),
    ],
)
def test_tables_row_named_by_what_it_counts(body, want):
    _, claims = claims_of(body, "2025-01-20")
    got = [(c.value, c.period_label, c.certainty) for c in ours(claims)]
    assert got == want, dump(ours(claims))
    assert {(c.property, c.subject) for c in ours(claims)} == {("delivery.volume", "Xiaomi Auto")}


def test_tables_row_named_by_what_it_counts_of_another_maker():
    _, claims = claims_of(
        "Li Auto key figures\n\nMetric | 2Q24 | 3Q24\nDeliveries | 108,581 | 152,831", "2025-01-20"
    )
    assert ours(claims) == [], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "November deliveries: Li Auto leads, Leapmotor tops 40,000 for the first time, Xiaomi stays above 20,000",
            "2024-12-02",
            {"value": 20_000, "period": "2024-11", "bound": "min"},
        ),
        (
            "October sales: Nio slips, Leapmotor hits 38,177, Xiaomi holds above 20,000",
            "2024-11-02",
            {"value": 20_000, "period": "2024-10", "bound": "min"},
        ),
        (
            "Q3 deliveries: Li Auto posts 152,831, Xiaomi delivers 39,790",
            "2024-10-02",
            {"value": 39_790, "period": "2024-Q3"},
        ),
    ],
)
def test_tables_headline_clauses_by_maker(body, published, want):
    check(one(body, published, "delivery.volume"), want)


@pytest.mark.parametrize(
    "body",
    [
        "November deliveries: Leapmotor tops 40,000, Xiaomi's orders pass 20,000",
        "November deliveries: Leapmotor tops 40,000, Xiaomi shares rise 5%",
        "November deliveries: Leapmotor tops 40,000 while Xiaomi holds 20,000 orders",
        "Leapmotor tops 40,000 deliveries in November, Xiaomi stays above 20,000 in its store count",
    ],
)
def test_tables_headline_clauses_by_maker_negatives(body):
    _, claims = claims_of(body, "2024-12-02")
    assert [c for c in ours(claims) if c.property == "delivery.volume"] == [], dump(ours(claims))


def test_tables_headline_list_by_maker():
    _, claims = claims_of(
        "Oct deliveries: Li Auto 51,443, Leapmotor 38,177, Nio 20,976, Xiaomi over 20,000",
        "2024-11-01",
    )
    got = [(c.value, c.period_label, c.bound) for c in ours(claims)]
    assert got == [(20_000, "2024-10", "min")], dump(ours(claims))


# --------------------------------------------------------------------------------------
# What is not ours, or not a claim


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "Xiaomi handed over 39,790 cars in the third quarter, with about 13,000 of them in September.",
            "2024-10-02",
            {"value": 13_000, "period": "2024-09", "approx": True},
        ),
        (
            "2Q24 deliveries were 27,307, more than 10,000 of which in June.",
            "2024-07-22",
            {"value": 10_000, "period": "2024-06", "bound": "min"},
        ),
        (
            "They delivered 75,869 cars in Q1, and over 29,000 of those were in March.",
            "2025-04-05",
            {"value": 29_000, "period": "2025-03", "bound": "min"},
        ),
    ],
)
def test_deliveries_share_of_the_figure_before_in_a_period_of_its_own(body, published, want):
    _, claims = claims_of(body, published)
    got = [c for c in ours(claims) if c.value == want["value"]]
    assert len(got) == 1 and got[0].property == "delivery.volume", dump(ours(claims))
    check(got[0], want)


def test_deliveries_share_without_a_period_of_its_own_is_not_read():
    _, claims = claims_of(
        "Xiaomi delivered 40,000 cars in the third quarter, 25,000 of them with the larger battery.",
        "2024-10-02",
    )
    assert [c.value for c in ours(claims)] == [40_000], dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # other makers, alone, in the same sentence, in a table row, in MT names, unknown to the registry
        ("BYD delivered 500,000 vehicles in October.", "2024-11-01"),
        ("Li Auto | 48,740 | 51,443 | -5.3%", "2024-12-01"),
        ("Huawei's Aito M9 drew 50,000 orders in a week.", "2024-01-10"),
        (
            "At present, Yizhuang is home to Beijing Benz, and Beijing Benz last year production nearly 600,000 vehicles.",
            "2022-04-19",
        ),
        # a condition, a question, a requirement, a difference
        ("If Xiaomi delivers 10,000 cars a month, it will hit its target.", "2024-05-01"),
        ("Will Xiaomi deliver 300,000 cars this year?", "2025-01-05"),
        (
            "Even if all 240,000 locked orders turn into deliveries, the wait will be long.",
            "2025-07-10",
        ),
        (
            "Xiaomi needs around 23,000 more deliveries in December to reach the new goal.",
            "2024-12-01",
        ),
        ("Xiaomi would need to deliver 30,000 vehicles a month to meet its target.", "2025-03-20"),
        # capacity, money, percentages, phones, people, stores, sizes
        ("Xiaomi's Beijing plant has an annual capacity of 150,000 vehicles.", "2024-06-21"),
        (
            "Xiaomi picks Beijing for its first EV factory, targets 300,000 cars a year",
            "2021-11-27",
        ),
        (
            "Xiaomi's smartphone shipments rose to 42 million units in the second quarter.",
            "2024-08-21",
        ),
        ("Xiaomi's smartphone sales reached 40 million units in the second quarter.", "2024-08-21"),
        ("The phone maker sold 13.5 million handsets in China in the quarter.", "2024-08-21"),
        (
            "Xiaomi's YU7 logged 6,000 insurance registrations in the week of July 7-13.",
            "2025-07-15",
        ),
        ("Deliveries rose 25% in October from September.", "2024-11-01"),
        ("The EV unit's revenue reached 18.1 billion yuan on higher deliveries.", "2025-05-27"),
        ("The SU7 Max costs 299,900 yuan and is 4,997 mm long.", "2024-03-29"),
        ("Xiaomi's car unit employs more than 2,300 engineers.", "2022-11-23"),
        ("Xiaomi plans to open 219 car-sales stores in 59 cities by year-end.", "2024-04-25"),
        (
            "The company plans to have 140 test vehicles on the road by the end of the year.",
            "2022-08-12",
        ),
        ("China's NEV sales reached 1.2 million units in October.", "2024-11-02"),
        (
            "Xiaomi's rivals Leapmotor and Xpeng delivered 38,177 and 23,917 vehicles respectively.",
            "2024-11-02",
        ),
        ("Xiaomi shares rose 5% after it said deliveries topped 20,000.", "2024-11-02"),
        ("The first batch of SU7s was handed over on April 3.", "2024-04-05"),
        # a reader's comment, and links to other articles
        ("kevin_w: the 300k target is old, they raised it to 350k in march", "2025-07-10"),
        (
            "Related reading:\n- Ideal automobile February delivery 26,263 units\n- Xiaomi delivers over 28,000 EVs in Apr",
            "2025-05-02",
        ),
    ],
)
def test_deliveries_negatives(body, published):
    _, claims = claims_of(body, published)
    assert ours(claims) == [], f"nothing of ours in {body!r}; got:\n{dump(ours(claims))}"


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # what the company would need to deliver to reach a goal: a requirement, whoever
        # computed it, not a forecast of what it will deliver
        (
            "Brokers reckon the carmaker will need about 25,000 deliveries in December to get to its goal.",
            "2024-12-02",
        ),
        (
            "To hit the goal, Xiaomi's monthly sales would need to average roughly 28,000 from here, Citi analysts wrote.",
            "2025-04-02",
        ),
        (
            "Xiaomi Auto still needs to deliver nearly 40,000 vehicles in the fourth quarter to complete the annual target.",
            "2024-10-08",
        ),
        (
            "Honestly Xiaomi will need something like 30,000 deliveries in December to make it.",
            "2024-12-05",
        ),
        # a question after the asker's label (an interview transcript): it asserts nothing
        (
            "**Auto Weekly: Did you really expect to deliver 130,000 cars in year one?**",
            "2025-03-20",
        ),
        ("Q: Will Xiaomi sell 400,000 cars next year?", "2025-03-20"),
        ("Host: So can you deliver 350,000 this year, honestly?", "2025-03-20"),
        # the figure a correction notice withdraws
        (
            "(Corrects paragraph 3 to give the current delivery target, which an earlier version of this story gave as 300,000)",
            "2025-04-02",
        ),
        (
            "An earlier version of this article misstated Xiaomi's 2025 delivery goal as 300,000 vehicles.",
            "2025-04-02",
        ),
        (
            "Correction: this story had wrongly put the SU7's April deliveries at 7,580 units.",
            "2024-05-03",
        ),
    ],
)
def test_deliveries_requirements_questions_and_withdrawn_figures_are_not_claims(body, published):
    _, claims = claims_of(body, published)
    assert ours(claims) == [], f"nothing of ours in {body!r}; got:\n{dump(ours(claims))}"


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        (
            "Xiaomi delivered 20,000 cars in November, and it needs to keep that pace to hit its goal.",
            "2024-12-02",
            {"value": 20_000, "period": "2024-11"},
        ),
        (
            "Lu: Last year we delivered more than 135,000 cars. Can we do better?",
            "2025-03-20",
            {"value": 135_000, "period": "2024"},
        ),
        (
            "(Corrects paragraph 2 to show Xiaomi delivered 75,869 vehicles in the first quarter)",
            "2025-04-02",
            {"value": 75_869, "period": "2025-Q1"},
        ),
    ],
)
def test_deliveries_beside_a_requirement_a_question_or_a_correction(body, published, want):
    check(one(body, published, "delivery.volume"), want)


def test_deliveries_links_heading_does_not_silence_the_article_below_it():
    body = (
        "Latest news\n"
        "Xiaomi EV delivered more than 40,000 vehicles in October, the company said on Saturday, a record "
        "for the smartphone maker's car business and its second month above 30,000.\n"
        "Xiaomi delivered 40,000 cars in October."
    )
    _, claims = claims_of(body, "2025-11-01")
    assert [(c.value, c.period_label) for c in ours(claims)] == [
        (40_000, "2025-10"),
        (40_000, "2025-10"),
    ], dump(ours(claims))


def test_deliveries_only_ours_next_to_a_rival():
    _, claims = claims_of(
        "Xiaomi delivered 20,000 cars in October, while Nio handed over 21,000.", "2024-11-01"
    )
    assert [(c.property, c.value) for c in ours(claims)] == [("delivery.volume", 20_000)], dump(
        ours(claims)
    )


def test_deliveries_figure_of_what_happened_is_not_a_plan_next_to_a_target():
    _, claims = claims_of(
        "On November 18, Xiaomi said its 100,000th vehicle had rolled off the line and lifted its 2024 delivery "
        "target to 130,000 units, from the 120,000 it had set in July.",
        "2024-12-01",
    )
    by_prop = {(c.property, c.value): c for c in ours(claims)}
    assert set(by_prop) == {
        ("production.cumulative", 100_000),
        ("delivery.target", 130_000),
        ("delivery.target", 120_000),
    }, dump(ours(claims))
    assert by_prop[("production.cumulative", 100_000)].certainty in ("stated", "reported"), dump(
        ours(claims)
    )
    assert by_prop[("production.cumulative", 100_000)].period_label == "2024-11-18"
    assert by_prop[("delivery.target", 130_000)].qualifiers.get("announced") == "2024-11-18"


# --------------------------------------------------------------------------------------
# Times the sentence gives, read in their own clause


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # "May" with a capital is the month: the sentence is not about the future
        (
            "Xiaomi delivered 7,058 cars in April and more than 8,630 in May.",
            "2024-11-01",
            [("delivery.volume", "2024-04"), ("delivery.volume", "2024-05")],
        ),
        # the future in one clause does not move the month of the other
        (
            "Xiaomi delivers over 20,000 EVs in Oct, expects to hit 100,000 mark in Nov",
            "2024-11-01",
            [("delivery.volume", "2024-10"), ("delivery.cumulative", "2024-11")],
        ),
        # "Some context: ..." is not a statement about carmakers in general
        (
            "Some context for newer readers: Xiaomi only started selling cars last year, and it has handed over "
            "something like 300,000 cars in total since then.",
            "2025-07-10",
            [("delivery.cumulative", "2025-07-10")],
        ),
    ],
)
def test_deliveries_times_of_their_own_clause(body, published, want):
    _, claims = claims_of(body, published)
    assert [(c.property, c.period_label) for c in ours(claims)] == want, dump(ours(claims))


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # "According to X, in October, ...": October is what X says, not the date of a report, so
        # "last month" in the next sentence is still counted from the article's date
        (
            "According to the company's data, in October, Xiaomi delivered more than 20,000 cars. By the end of "
            "last month, its cumulative deliveries had passed 80,000.",
            "2024-11-19",
            [("delivery.volume", "2024-10"), ("delivery.cumulative", "2024-10-END")],
        ),
        # machine translation
        (
            "According to statistics, in May, Millet car delivery exceeded 8,000 vehicles. As of last month end, "
            "cumulative delivery exceeded 20,000 vehicles.",
            "2024-07-10",
            [("delivery.volume", "2024-05"), ("delivery.cumulative", "2024-06-END")],
        ),
    ],
)
def test_deliveries_according_to_a_source_does_not_date_the_paragraph(body, published, want):
    _, claims = claims_of(body, published)
    assert [(c.property, c.period_label) for c in ours(claims)] == want, dump(ours(claims))


# --------------------------------------------------------------------------------------
# A run of months ("for the second month in a row"), and the latest month or quarter of a
# figure reported in the present tense without its period


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # South Asian tech site: the run ends with the latest month over
        (
            "The phone brand, hugely popular for its budget handsets, has now delivered over 10,000 units "
            "for the second month in a row.",
            "2024-08-05",
            [(10_000, "2024-06"), (10_000, "2024-07")],
        ),
        # machine translation: the run before the figure
        (
            "Millet automobile delivery volume for three consecutive months exceeded 10,000 vehicles.",
            "2024-12-02",
            [(10_000, "2024-09"), (10_000, "2024-10"), (10_000, "2024-11")],
        ),
        # trade press: the run ends with the month the sentence names
        (
            "Xiaomi's deliveries exceeded 20,000 units in November, the second consecutive month above that level.",
            "2024-12-02",
            [(20_000, "2024-10"), (20_000, "2024-11")],
        ),
        # wire copy: the run is the second figure's, and ends with the sentence's month
        (
            "Xiaomi delivered more than 40,000 vehicles in October, the company said on Saturday, topping 30,000 "
            "for a third straight month.",
            "2024-11-02",
            [(40_000, "2024-10"), (30_000, "2024-08"), (30_000, "2024-09"), (30_000, "2024-10")],
        ),
        # quarters
        (
            "Xiaomi has delivered more than 100,000 cars for two consecutive quarters.",
            "2025-12-05",
            [(100_000, "2025-Q2"), (100_000, "2025-Q3")],
        ),
    ],
)
def test_deliveries_run_of_months(body, published, want):
    _, claims = claims_of(body, published)
    found = ours(claims)
    assert [(c.value, c.period_label) for c in found] == want, dump(found)
    assert {c.property for c in found} == {"delivery.volume"}, dump(found)
    assert len({c.id for c in found}) == len(found), "one id per claim"


@pytest.mark.parametrize(
    ("body", "published", "want"),
    [
        # a headline: the car stood in for by "Lei Jun's EV", the latest month over
        (
            "Lei Jun's EV Crosses 10,000 Monthly Deliveries Again\n\nXiaomi's first car, the SU7, keeps selling.",
            "2024-08-05",
            {"value": 10_000, "period": "2024-07", "bound": "min", "subject": "Xiaomi Auto"},
        ),
        # trade press headline: the latest quarter over
        (
            "Xiaomi tops 100,000 quarterly deliveries as Beijing plant runs flat out",
            "2025-10-21",
            {"value": 100_000, "period": "2025-Q3", "bound": "min", "subject": "Xiaomi Auto"},
        ),
        # blog: present perfect, "quarterly deliveries" before the figure
        (
            "So Xiaomi's quarterly deliveries have now passed 100,000, which is wild for a phone company.",
            "2025-10-03",
            {"value": 100_000, "period": "2025-Q3", "bound": "min"},
        ),
        # wire: the first day of a month still reports the month before
        (
            "Xiaomi's monthly deliveries top 20,000 for the first time",
            "2024-11-01",
            {"value": 20_000, "period": "2024-10", "bound": "min"},
        ),
    ],
)
def test_deliveries_latest_period_of_a_present_tense_report(body, published, want):
    check(one(body, published, "delivery.volume"), want)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # another maker
        ("Leapmotor has delivered over 40,000 cars for the second month in a row.", "2024-12-02"),
        ("Tesla China tops 80,000 monthly deliveries", "2024-12-02"),
        # a requirement, a forecast, a question
        ("Xiaomi needs monthly deliveries to top 30,000 to hit its goal.", "2025-09-02"),
        ("Xiaomi's monthly deliveries could top 40,000 by winter, analysts say.", "2025-09-02"),
        ("Can Xiaomi's quarterly deliveries top 150,000?", "2025-10-21"),
        # a past statement with its own period is not the latest month
        ("Xiaomi first topped 20,000 monthly deliveries in 2024.", "2025-09-02"),
    ],
)
def test_deliveries_latest_period_negatives(body, published):
    _, claims = claims_of(body, published)
    assert [c for c in ours(claims) if c.property == "delivery.volume"] == [], dump(ours(claims))


def test_deliveries_run_of_months_belongs_to_its_own_figure():
    _, claims = claims_of(
        "Xiaomi delivered 20,000 cars in October, while Nio topped 20,000 for the third straight month.",
        "2024-11-02",
    )
    assert [(c.value, c.period_label) for c in ours(claims)] == [(20_000, "2024-10")], dump(
        ours(claims)
    )


@pytest.mark.parametrize(
    ("body", "published", "prop", "subject"),
    [
        # while the company sells one car, its deliveries are the company's, however the car is named
        ("Xiaomi delivered 27,307 SU7s in 2Q24.", "2024-07-22", "delivery.volume", "Xiaomi Auto"),
        (
            "Millet SU7 April delivery 7,058 vehicles.",
            "2024-05-02",
            "delivery.volume",
            "Xiaomi Auto",
        ),
        (
            "By the end of March, SU7 cumulative deliveries had passed 200,000.",
            "2025-04-01",
            "delivery.cumulative",
            "Xiaomi Auto",
        ),
        # once a second car is announced, the car's figure is the car's
        (
            "Xiaomi delivered more than 30,000 SU7s in July.",
            "2025-08-01",
            "delivery.volume",
            "Xiaomi SU7",
        ),
        (
            "SU7 cumulative deliveries passed 300,000 by the end of July.",
            "2025-08-02",
            "delivery.cumulative",
            "Xiaomi SU7",
        ),
    ],
)
def test_deliveries_of_the_only_car_are_the_companys(body, published, prop, subject):
    check(one(body, published, prop), {"subject": subject})
