"""Tests for the shared extraction signals (src/xiaomi_ev_kb/extract/signals.py,
data/rules/common.toml) and what the pipeline does with them."""

from __future__ import annotations

from datetime import date

import pytest

from xiaomi_ev_kb.extract import signals
from xiaomi_ev_kb.timeexpr import find_time_expressions


@pytest.mark.parametrize(
    ("sentence", "future"),
    [
        ("It was unveiled on May 22 and launched in June.", False),
        ("May 22: Xiaomi shows the YU7.", False),
        ("The car may launch in June.", True),
        ("Xiaomi will start deliveries in April.", True),
    ],
)
def test_signals_may_the_month_is_not_may_the_hedge(sentence, future):
    assert bool(signals.common().future_tense.search(sentence)) is future


@pytest.mark.parametrize(
    ("sentence", "generic"),
    [
        ("Many automakers struggle to turn a profit.", True),
        ("Some Chinese carmakers have cut prices this year.", True),
        ("Companies generally need a licence to build cars.", True),
        ("Automakers must pass MIIT tests.", True),
        ("Some analysts said Xiaomi could launch its car in 2023.", False),
        ("Many media predicted the SU7 will go on sale in February.", False),
        ("The industry generally expected mass production early next year.", False),
    ],
)
def test_signals_generic_statements_are_about_companies_in_general(sentence, generic):
    assert bool(signals.common().generic_subject.search(sentence)) is generic


@pytest.mark.parametrize(
    ("sentence", "weekday"),
    [
        ("Lei showed the prototype at Friday's event.", "Friday"),
        ("The car went on sale on Thursday evening.", "Thursday"),
        ("On Monday, Xiaomi said so.", "Monday"),
        ("Launch was last Thursday (28 March).", "Thursday"),
    ],
)
def test_signals_weekdays_that_date_an_event(sentence, weekday):
    m = signals.common().weekday.search(sentence)
    assert m is not None and m.group(1) == weekday


@pytest.mark.parametrize(
    "sentence",
    [
        "The first cars were handed over to owners at the plant.",
        "Construction of the second phase began.",
        "The first phase was completed.",
        "Xiaomi set up a subsidiary to build smart electric vehicles.",
    ],
)
def test_signals_milestone_sentences_pass_the_cheap_gate(sentence):
    assert signals.might_hold_claim(sentence)


REF = date(2025, 11, 20)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("April 2022: Construction begins", "2022-04"),
        ("June 2023: Phase I is finished", "2023-06"),
        ("- November 27, 2021: Xiaomi EV settled in Beijing", "2021-11-27"),
        ("May 22 and June 26, 2025: The YU7", "2025-06-26"),
        ("Q3 2025: Six figures", "2025-Q3"),
        ("Lei Jun said in April 2022: construction has begun", None),
        ("The plant, finished in June 2023, has one phase: more will follow", None),
        ("No date here: just words", None),
    ],
)
def test_signals_heading_date(line, label):
    found = signals.heading_date(line, find_time_expressions(line, REF))
    assert (found.label if found else None) == label
