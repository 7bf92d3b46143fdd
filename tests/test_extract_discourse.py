"""Tests for what the extractor carries from one sentence to the next (extract.context.Discourse):
stand-ins for organisations and cars, and claims that continue the sentence before.

Sentences written for these tests; none is copied from the corpora.
"""

from __future__ import annotations

import pytest

from test_extract import claims_of, dump


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        ("Xiaomi showed its SUV, the YU7, in May. The new SUV is priced from 253,500 yuan.", "Xiaomi YU7"),
        ("Xiaomi's first car is the SU7. The sedan starts at 215,900 yuan.", "Xiaomi SU7"),
        ("The YU7 went on sale on Thursday. The car starts at 253,500 yuan.", "Xiaomi YU7"),
    ],
)
def test_discourse_car_stand_in_names_the_car(body, subject):
    _, claims = claims_of(body, "2025-06-27")
    prices = [c for c in claims if c.topic == "price"]
    assert [c.subject for c in prices] == [subject], dump(claims)


def test_discourse_sedan_means_the_family_sedan_even_when_another_car_came_last():
    body = "The YU7 SUV drew big crowds. Meanwhile the sedan, now in its second year, starts at 215,900 yuan."
    _, claims = claims_of(body, "2025-06-27")
    assert [c.subject for c in claims if c.topic == "price"] == ["Xiaomi SU7"], dump(claims)


@pytest.mark.parametrize(
    "body",
    [
        "Tesla expanded its Shanghai factory last year. The company can now build 950,000 cars a year there.",
        "BYD remains the market leader. The automaker plans to invest 10 billion yuan in new plants.",
    ],
)
def test_discourse_company_stand_in_for_another_company_is_not_ours(body):
    _, claims = claims_of(body)
    assert [c for c in claims if c.topic in ("capacity", "investment")] == [], dump(claims)


def test_discourse_company_stand_in_for_xiaomi_is_ours():
    body = "Xiaomi set up its EV unit in 2021. The company will invest $10 billion over the next ten years."
    _, claims = claims_of(body)
    inv = [c for c in claims if c.topic == "investment"]
    assert [(c.value, c.qualifiers["scope"]) for c in inv] == [(10e9, "pledge")], dump(claims)


def test_discourse_claim_continues_the_sentence_before():
    body = "Xiaomi's Yizhuang works will be built in two phases. The second will add another 150,000 units of annual output."
    _, claims = claims_of(body)
    cap = [c for c in claims if c.topic == "capacity"]
    assert [(c.value, c.qualifiers["scope"]) for c in cap] == [(150000, "phase II")], dump(claims)
    assert cap[0].quote in body.split(". ")[1], "the quote stands in the sentence that gives the figure"


def test_discourse_does_not_carry_across_paragraphs():
    body = "Xiaomi's plant will be built in two phases.\n\nThe first half of the year brought 150,000 orders."
    _, claims = claims_of(body)
    assert [c for c in claims if c.topic == "capacity"] == [], dump(claims)


def test_discourse_car_default_before_any_car_was_announced_is_the_first_car():
    body = "Xiaomi expects to start selling its car in the first half of 2024, priced above 300,000 yuan."
    _, claims = claims_of(body, "2022-10-20")
    prices = [c for c in claims if c.topic == "price"]
    assert prices and {c.subject for c in prices} == {"Xiaomi SU7"}, dump(claims)
