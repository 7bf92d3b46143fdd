"""Tests for xiaomi_ev_kb.timeexpr: finding time expressions and normalising them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaomi_ev_kb.timeexpr import (
    Interval,
    TimeMention,
    find_time_expressions,
    label_interval,
    parse_period,
)

REF = date(2023, 8, 23)  # publication date used for relative expressions
NBSP = "\u00a0"


def _only(text: str, ref: date | None = REF) -> TimeMention:
    mentions = find_time_expressions(text, ref)
    assert len(mentions) == 1, mentions
    return mentions[0]


def _summary(text: str, ref: date | None = REF) -> list[tuple[str, str]]:
    return [(m.text, m.interval.label) for m in find_time_expressions(text, ref)]


# ---------------------------------------------------------------------------------------
# Absolute expressions: found with or without a reference date


@pytest.mark.parametrize(
    ("sentence", "span", "label", "start", "end", "granularity"),
    [
        # full dates
        ("Xiaomi was founded on November 27, 2021, in Beijing.", "November 27, 2021",
         "2021-11-27", date(2021, 11, 27), date(2021, 11, 27), "day"),
        ("The unit was registered on 27 November 2021.", "27 November 2021",
         "2021-11-27", date(2021, 11, 27), date(2021, 11, 27), "day"),
        ("Filed Nov. 27, 2021 with the regulator.", "Nov. 27, 2021",
         "2021-11-27", date(2021, 11, 27), date(2021, 11, 27), "day"),
        ("Registration date: 2021-11-27.", "2021-11-27",
         "2021-11-27", date(2021, 11, 27), date(2021, 11, 27), "day"),
        ("Technology release conference: 2023.12.28, Beijing.", "2023.12.28",
         "2023-12-28", date(2023, 12, 28), date(2023, 12, 28), "day"),
        ("Published on August 30th, 2023 by CnEVPost", "August 30th, 2023",
         "2023-08-30", date(2023, 8, 30), date(2023, 8, 30), "day"),
        ("the SU7 went on sale on March 28, 2024", "March 28, 2024",
         "2024-03-28", date(2024, 3, 28), date(2024, 3, 28), "day"),
        ("The launch event took place on Thursday, March 28, 2024.", "Thursday, March 28, 2024",
         "2024-03-28", date(2024, 3, 28), date(2024, 3, 28), "day"),
        ("Xiaomi said on the 12th of March 2024 that", "the 12th of March 2024",
         "2024-03-12", date(2024, 3, 12), date(2024, 3, 12), "day"),
        ("Orders opened Sept. 30, 2024.", "Sept. 30, 2024",
         "2024-09-30", date(2024, 9, 30), date(2024, 9, 30), "day"),
        # months
        ("Xiaomi announced its EV plans in March 2021.", "March 2021",
         "2021-03", date(2021, 3, 1), date(2021, 3, 31), "month"),
        ("Xiaomi EV was registered in September 2021 with 10 billion yuan.", "September 2021",
         "2021-09", date(2021, 9, 1), date(2021, 9, 30), "month"),
        ("Deliveries of the SU7 began in May 2024.", "May 2024",
         "2024-05", date(2024, 5, 1), date(2024, 5, 31), "month"),
        ("The plant passed inspection in Feb 2024.", "Feb 2024",
         "2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        # years
        ("Xiaomi plans to start mass production in 2024.", "2024",
         "2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("Lei Jun has been preparing the project since 2021.", "2021",
         "2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
        # halves
        ("The car will go on sale in the first half of 2024.", "the first half of 2024",
         "2024-H1", date(2024, 1, 1), date(2024, 6, 30), "half"),
        ("Xiaomi expects positive margins in 1H 2024.", "1H 2024",
         "2024-H1", date(2024, 1, 1), date(2024, 6, 30), "half"),
        ("Analysts see H1 2024 deliveries above forecasts.", "H1 2024",
         "2024-H1", date(2024, 1, 1), date(2024, 6, 30), "half"),
        ("Sales slowed in the second half of 2023.", "the second half of 2023",
         "2023-H2", date(2023, 7, 1), date(2023, 12, 31), "half"),
        ("Capacity doubles in 2H25, the company said.", "2H25",
         "2025-H2", date(2025, 7, 1), date(2025, 12, 31), "half"),
        # quarters
        ("Xiaomi plans to start deliveries in the second quarter of 2024.",
         "the second quarter of 2024", "2024-Q2", date(2024, 4, 1), date(2024, 6, 30), "quarter"),
        ("EV revenue came in at 6.4 billion yuan in Q2 2024.", "Q2 2024",
         "2024-Q2", date(2024, 4, 1), date(2024, 6, 30), "quarter"),
        ("Revenue in first quarter of 2024 rose 27%.", "first quarter of 2024",
         "2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("The brokerage expects 30,000 deliveries in 1Q24.", "1Q24",
         "2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("Margins improved in Q3\u201924.", "Q3\u201924",
         "2024-Q3", date(2024, 7, 1), date(2024, 9, 30), "quarter"),
        # parts of a year
        ("The SU7 should arrive in early 2024.", "early 2024",
         "2024-START", date(2024, 1, 1), date(2024, 4, 30), "part"),
        ("Trial production starts at the beginning of 2024.", "the beginning of 2024",
         "2024-START", date(2024, 1, 1), date(2024, 4, 30), "part"),
        ("A second model is planned for mid-2024.", "mid-2024",
         "2024-MID", date(2024, 5, 1), date(2024, 8, 31), "part"),
        ("An SUV could follow in mid 2025.", "mid 2025",
         "2025-MID", date(2025, 5, 1), date(2025, 8, 31), "part"),
        ("The plant expansion is due in late 2024.", "late 2024",
         "2024-END", date(2024, 9, 1), date(2024, 12, 31), "part"),
        ("The team had 300 people at the end of 2021.", "the end of 2021",
         "2021-END", date(2021, 9, 1), date(2021, 12, 31), "part"),
        ("Production capacity will be tested at year-end 2024.", "year-end 2024",
         "2024-END", date(2024, 9, 1), date(2024, 12, 31), "part"),
        # parts of a month with a year
        ("Mass production started in mid-July 2023.", "mid-July 2023",
         "2023-07-MID", date(2023, 7, 11), date(2023, 7, 20), "part"),
        ("Test cars were seen in late September 2023.", "late September 2023",
         "2023-09-END", date(2023, 9, 21), date(2023, 9, 30), "part"),
        ("Xiaomi filed the application at the end of February 2024.", "the end of February 2024",
         "2024-02-END", date(2024, 2, 21), date(2024, 2, 29), "part"),
    ],
)  # fmt: skip
def test_timeexpr_finds_absolute_expressions(
    sentence: str, span: str, label: str, start: date, end: date, granularity: str
) -> None:
    for ref in (REF, None):
        mention = _only(sentence, ref)
        assert mention.text == span
        assert sentence[mention.start : mention.end] == span
        assert mention.interval == Interval(start, end, label, granularity)
        assert mention.relative is False


# ---------------------------------------------------------------------------------------
# Relative expressions: resolved against ref, skipped without one


@pytest.mark.parametrize(
    ("sentence", "span", "label", "start", "end", "granularity"),
    [
        ("Xiaomi received approval earlier this month.", "earlier this month",
         "2023-08", date(2023, 8, 1), date(2023, 8, 23), "month"),
        ("The SU7 will be launched early next year.", "early next year",
         "2024-START", date(2024, 1, 1), date(2024, 4, 30), "part"),
        ("The car will launch at the beginning of next year.", "the beginning of next year",
         "2024-START", date(2024, 1, 1), date(2024, 4, 30), "part"),
        ("In June this year, Xiaomi received approval.", "June this year",
         "2023-06", date(2023, 6, 1), date(2023, 6, 30), "month"),
        ("In May this year, the plant was finished.", "May this year",
         "2023-05", date(2023, 5, 1), date(2023, 5, 31), "month"),
        ("A second model follows in July next year.", "July next year",
         "2024-07", date(2024, 7, 1), date(2024, 7, 31), "month"),
        ("Trial production began in mid-June.", "mid-June",
         "2023-06-MID", date(2023, 6, 11), date(2023, 6, 20), "part"),
        ("Photos appeared in mid July.", "mid July",
         "2023-07-MID", date(2023, 7, 11), date(2023, 7, 20), "part"),
        ("The prototype was spotted in early August.", "early August",
         "2023-08-START", date(2023, 8, 1), date(2023, 8, 10), "part"),
        ("Winter tests are planned for late September.", "late September",
         "2023-09-END", date(2023, 9, 21), date(2023, 9, 30), "part"),
        ("The tooling should be finished by the end of September.", "by the end of September",
         "by 2023-09-END", date(2023, 8, 23), date(2023, 9, 30), "by"),
        ("At the end of last month, foreign media reported the news.", "the end of last month",
         "2023-07-END", date(2023, 7, 21), date(2023, 7, 31), "part"),
        ("The filing appeared late last month.", "late last month",
         "2023-07-END", date(2023, 7, 21), date(2023, 7, 31), "part"),
        ("The filing appeared early this month.", "early this month",
         "2023-08-START", date(2023, 8, 1), date(2023, 8, 10), "part"),
        ("At the beginning of this month the plant opened.", "the beginning of this month",
         "2023-08-START", date(2023, 8, 1), date(2023, 8, 10), "part"),
        ("Xiaomi will deliver cars this year.", "this year",
         "2023", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("Xiaomi will deliver cars next year.", "next year",
         "2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("Xiaomi set up the unit last year.", "last year",
         "2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("Xiaomi got the licence last month.", "last month",
         "2023-07", date(2023, 7, 1), date(2023, 7, 31), "month"),
        ("The car debuts next month.", "next month",
         "2023-09", date(2023, 9, 1), date(2023, 9, 30), "month"),
        ("Earlier this year Xiaomi hired 1,000 engineers.", "Earlier this year",
         "2023", date(2023, 1, 1), date(2023, 8, 23), "year"),
        ("Mass production starts in the first half of next year.", "the first half of next year",
         "2024-H1", date(2024, 1, 1), date(2024, 6, 30), "half"),
        ("Sales will ramp up in the second half of this year.", "the second half of this year",
         "2023-H2", date(2023, 7, 1), date(2023, 12, 31), "half"),
        ("Trial runs end in the fourth quarter of this year.", "the fourth quarter of this year",
         "2023-Q4", date(2023, 10, 1), date(2023, 12, 31), "quarter"),
        ("Xiaomi will report in Q3, it said.", "Q3",
         "2023-Q3", date(2023, 7, 1), date(2023, 9, 30), "quarter"),
        ("A second plant opens in the middle of next year.", "the middle of next year",
         "2024-MID", date(2024, 5, 1), date(2024, 8, 31), "part"),
        ("The SUV follows mid next year.", "mid next year",
         "2024-MID", date(2024, 5, 1), date(2024, 8, 31), "part"),
        ("Production starts at the end of the year.", "the end of the year",
         "2023-END", date(2023, 9, 1), date(2023, 12, 31), "part"),
        ("Production starts around year-end.", "year-end",
         "2023-END", date(2023, 9, 1), date(2023, 12, 31), "part"),
        ("Production starts at the end of next year.", "the end of next year",
         "2024-END", date(2024, 9, 1), date(2024, 12, 31), "part"),
        ("On August 23, Xiaomi confirmed the plan.", "August 23",
         "2023-08-23", date(2023, 8, 23), date(2023, 8, 23), "day"),
        ("Photos leaked on August 19th.", "August 19th",
         "2023-08-19", date(2023, 8, 19), date(2023, 8, 19), "day"),
        ("Photos leaked on Aug. 19 in Beijing.", "Aug. 19",
         "2023-08-19", date(2023, 8, 19), date(2023, 8, 19), "day"),
        ("The test began on July 4th.", "July 4th",
         "2023-07-04", date(2023, 7, 4), date(2023, 7, 4), "day"),
        ("The test began on 3 June with two cars.", "3 June",
         "2023-06-03", date(2023, 6, 3), date(2023, 6, 3), "day"),
        ("Lei Jun said in June that the car was ready.", "June",
         "2023-06", date(2023, 6, 1), date(2023, 6, 30), "month"),
    ],
)  # fmt: skip
def test_timeexpr_resolves_relative_expressions(
    sentence: str, span: str, label: str, start: date, end: date, granularity: str
) -> None:
    mention = _only(sentence, REF)
    assert mention.text == span
    assert mention.interval == Interval(start, end, label, granularity)
    assert mention.relative is True
    assert find_time_expressions(sentence, None) == []


@pytest.mark.parametrize(
    ("sentence", "ref", "label"),
    [
        ("The SUV follows mid next year.", date(2022, 10, 19), "2023-MID"),
        ("Deliveries start early next year.", date(2024, 12, 31), "2025-START"),
        ("The filing appeared at the end of last month.", date(2024, 1, 5), "2023-12-END"),
        ("Orders opened on December 28.", date(2024, 1, 3), "2023-12-28"),
        ("Orders opened on January 5.", date(2024, 1, 20), "2024-01-05"),
        # a month more than ~2 months after the reference date is taken from the year before
        ("The plant was approved in December.", REF, "2022-12"),
        ("The car launches in October.", REF, "2023-10"),
        ("Xiaomi got approval in the third quarter.", REF, "2023-Q3"),
        ("Xiaomi got approval earlier this month.", date(2024, 2, 29), "2024-02"),
    ],
)
def test_timeexpr_resolves_against_the_given_reference(
    sentence: str, ref: date, label: str
) -> None:
    assert _only(sentence, ref).interval.label == label


def test_timeexpr_reported_speech_uses_its_own_reference() -> None:
    sentence = "Foreign media reported that Xiaomi had received approval earlier this month."
    publication = _only(sentence, date(2023, 8, 30))
    reported = _only(sentence, date(2023, 7, 31))
    assert publication.interval.start == date(2023, 8, 1)
    assert reported.interval == Interval(date(2023, 7, 1), date(2023, 7, 31), "2023-07", "month")


@pytest.mark.parametrize(
    "sentence",
    [
        "Xiaomi will deliver a few days ago, sources said.",
        "Xiaomi recently showed the car.",
        "The plan was approved last week and over the last two months.",
        "Sales in June this year",
        "In mid-July the line was tested.",
        "It opens at the end of next year.",
        "Deliveries begin in the second quarter.",
        "The car goes on sale on August 19th.",
    ],
)
def test_timeexpr_skips_relative_expressions_without_ref(sentence: str) -> None:
    assert find_time_expressions(sentence, None) == []


def test_timeexpr_keeps_absolute_expressions_without_ref() -> None:
    sentence = "In June this year Xiaomi said deliveries start in the first half of 2024."
    assert _summary(sentence, None) == [("the first half of 2024", "2024-H1")]
    assert _summary(sentence, REF) == [
        ("June this year", "2023-06"),
        ("the first half of 2024", "2024-H1"),
    ]


# ---------------------------------------------------------------------------------------
# Traps


@pytest.mark.parametrize(
    "sentence",
    [
        "Lei Jun said the company would build its own cars.",
        "Xiaomi founder Lei Jun announced the plan on stage.",
        "Lei Jun, Xiaomi's chairman, spoke to investors.",
        "Lei Jun 23 times mentioned the SU7.",
        "The company may start production soon.",
        "Xiaomi may face a price war, and buyers may wait.",
        "The march toward electric cars continues.",
        "Theresa May visited the plant.",
        "The Audi Q4 e-tron competes with it.",
        "May I ask a question?",
    ],
)
def test_timeexpr_may_and_lei_jun_do_not_become_months(sentence: str) -> None:
    assert find_time_expressions(sentence, REF) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Lei Jun said in May 2024 that it may raise prices.", [("May 2024", "2024-05")]),
        (
            "Lei Jun said on May 15, 2024 that it may raise prices.",
            [("May 15, 2024", "2024-05-15")],
        ),
        ("Lei Jun, 2024 will be decisive.", [("2024", "2024")]),
        ("Lei Jun: Xiaomi will spend 10 billion yuan in June 2024.", [("June 2024", "2024-06")]),
        ("In May, Lei Jun said sales may rise.", [("May", "2023-05")]),
        ("The car may be launched in May this year.", [("May this year", "2023-05")]),
        ("Sales may rise in mid-May.", [("mid-May", "2023-05-MID")]),
        ("Sales may this year exceed forecasts.", [("this year", "2023")]),
        ("Xiaomi may launch the car in Q4 2024.", [("Q4 2024", "2024-Q4")]),
    ],
)
def test_timeexpr_may_and_jun_as_months_when_the_context_says_so(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _summary(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Xiaomi sold 2,024 cars.",
        "The company has 300000 followers.",
        "It delivered 2024 vehicles last quarter.",
        "The car costs $2024 more than rivals.",
        "Each unit costs RMB 2024 to build.",
        "The battery holds 2030 kWh in total.",
        "Version 3.2024 of the software shipped.",
        "The range is 1,2024 km.",
        "About 1989 people came; the street number is 2100.",
    ],
)
def test_timeexpr_ignores_numbers_that_are_not_years(sentence: str) -> None:
    assert find_time_expressions(sentence, REF) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The deal closes on February 30, 2024.", [("2024", "2024")]),
        ("The date 2023-02-29 is not real.", []),
        ("Deliveries start on April 31.", []),
        ("Q5 2024 and H3 2025", [("2024", "2024"), ("2025", "2025")]),
        ("the third half of 2024", [("2024", "2024")]),
    ],
)
def test_timeexpr_impossible_dates_are_skipped_without_raising(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _summary(sentence) == expected


# ---------------------------------------------------------------------------------------
# Offsets


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        (f"Xiaomi{NBSP}said on{NBSP}March{NBSP}28,{NBSP}2024 that", [f"March{NBSP}28,{NBSP}2024"]),
        (f"Deliveries start in the{NBSP}first half{NBSP}of 2024.", [f"the{NBSP}first half{NBSP}of 2024"]),
        (f"\u201cWe will deliver by{NBSP}the end of next year,\u201d Lei{NBSP}Jun said.",
         [f"by{NBSP}the end of next year"]),
        ("\u201cEarlier this month\u201d and \u2018mid-2024\u2019 are both there.",
         ["Earlier this month", "mid-2024"]),
        ("From   June\tto\nJuly 2023 sales rose; in 2022 they fell.",
         ["June\tto\nJuly 2023", "2022"]),
        ("In mid\u2011July and in June\u2013July 2023", ["mid\u2011July", "June\u2013July 2023"]),
        ("Q1 2024, Q2 2024 and Q3 2024.", ["Q1 2024", "Q2 2024", "Q3 2024"]),
    ],
)  # fmt: skip
def test_timeexpr_offsets_match_the_text(sentence: str, spans: list[str]) -> None:
    mentions = find_time_expressions(sentence, REF)
    assert [m.text for m in mentions] == spans
    for mention in mentions:
        assert sentence[mention.start : mention.end] == mention.text


def test_timeexpr_longest_match_wins_and_mentions_do_not_overlap() -> None:
    sentence = "The plant opened on March 28, 2024, and the SUV follows in the first half of 2025."
    mentions = find_time_expressions(sentence, REF)
    assert [m.text for m in mentions] == ["March 28, 2024", "the first half of 2025"]
    assert mentions[0].end <= mentions[1].start


# ---------------------------------------------------------------------------------------
# Ranges and "by" deadlines


@pytest.mark.parametrize(
    ("sentence", "span", "label", "start", "end"),
    [
        ("Sales rose from June to July 2023.", "June to July 2023",
         "2023-06/2023-07", date(2023, 6, 1), date(2023, 7, 31)),
        ("Sales rose June-July 2023.", "June-July 2023",
         "2023-06/2023-07", date(2023, 6, 1), date(2023, 7, 31)),
        ("Sales rose between June and July 2023.", "between June and July 2023",
         "2023-06/2023-07", date(2023, 6, 1), date(2023, 7, 31)),
        ("Sales rose Jun\u2013Jul 2023.", "Jun\u2013Jul 2023",
         "2023-06/2023-07", date(2023, 6, 1), date(2023, 7, 31)),
        ("Xiaomi invests 10 billion yuan a year from 2023 to 2025.", "2023 to 2025",
         "2023/2025", date(2023, 1, 1), date(2025, 12, 31)),
        ("The 2023-2025 plan was approved.", "2023-2025",
         "2023/2025", date(2023, 1, 1), date(2025, 12, 31)),
        ("Deliveries in Q1-Q2 2024 beat forecasts.", "Q1-Q2 2024",
         "2024-Q1/2024-Q2", date(2024, 1, 1), date(2024, 6, 30)),
        ("Orders were taken from December 28 to January 3, 2024.", "December 28 to January 3, 2024",
         "2023-12-28/2024-01-03", date(2023, 12, 28), date(2024, 1, 3)),
        ("The event ran March 28-30, 2024.", "March 28-30, 2024",
         "2024-03-28/2024-03-30", date(2024, 3, 28), date(2024, 3, 30)),
        ("Between 2021 and 2023 Xiaomi hired 3,000 engineers.", "Between 2021 and 2023",
         "2021/2023", date(2021, 1, 1), date(2023, 12, 31)),
    ],
)  # fmt: skip
def test_timeexpr_ranges(sentence: str, span: str, label: str, start: date, end: date) -> None:
    for ref in (REF, None):
        mention = _only(sentence, ref)
        assert mention.text == span
        assert mention.interval == Interval(start, end, label, "range")


def test_timeexpr_relative_range_takes_its_year_from_ref() -> None:
    mention = _only("Sales rose from June to July.", REF)
    assert mention.interval.label == "2023-06/2023-07"
    assert mention.relative is True
    assert find_time_expressions("Sales rose from June to July.", None) == []


def test_timeexpr_and_without_between_is_two_mentions() -> None:
    assert _summary("Xiaomi sold cars in 2023 and 2024.") == [("2023", "2023"), ("2024", "2024")]


@pytest.mark.parametrize(
    ("sentence", "span", "label", "start", "end", "relative"),
    [
        ("Xiaomi aims to deliver 10,000 cars by 2024.", "by 2024",
         "by 2024", REF, date(2024, 12, 31), False),
        ("The plant will be ready by the end of 2023.", "by the end of 2023",
         "by 2023-END", REF, date(2023, 12, 31), False),
        ("Production starts by the end of the year.", "by the end of the year",
         "by 2023-END", REF, date(2023, 12, 31), True),
        ("It will launch by the end of the year at the latest.",
         "by the end of the year at the latest", "by 2023-END", REF, date(2023, 12, 31), True),
        ("Deliveries begin by the end of next year at the latest, Lei Jun said.",
         "by the end of next year at the latest", "by 2024-END", REF, date(2024, 12, 31), True),
        ("Approval is expected no later than March 2024.", "no later than March 2024",
         "by 2024-03", REF, date(2024, 3, 31), False),
        ("The team will grow by mid-2024.", "by mid-2024",
         "by 2024-MID", REF, date(2024, 8, 31), False),
        # a deadline already past at the reference date starts at the period itself
        ("Xiaomi had hired 500 people by 2021.", "by 2021",
         "by 2021", date(2021, 1, 1), date(2021, 12, 31), False),
    ],
)  # fmt: skip
def test_timeexpr_by_expressions_run_from_ref_to_the_end_of_the_period(
    sentence: str, span: str, label: str, start: date, end: date, relative: bool
) -> None:
    mention = _only(sentence, REF)
    assert mention.text == span
    assert mention.interval == Interval(start, end, label, "by")
    assert mention.relative is relative


def test_timeexpr_by_without_ref_starts_at_the_period() -> None:
    mention = _only("The plant will be ready by the end of 2023.", None)
    assert mention.interval == Interval(date(2023, 9, 1), date(2023, 12, 31), "by 2023-END", "by")
    assert find_time_expressions("It opens by the end of the year.", None) == []


@pytest.mark.parametrize(
    ("sentence", "span", "label"),
    [
        ("Lei Jun has planned this since 2017.", "2017", "2017"),
        ("Xiaomi has worked on it since the end of 2017.", "the end of 2017", "2017-END"),
    ],
)
def test_timeexpr_since_returns_the_inner_expression(sentence: str, span: str, label: str) -> None:
    mention = _only(sentence, REF)
    assert (mention.text, mention.interval.label) == (span, label)


# ---------------------------------------------------------------------------------------
# Intervals


def test_timeexpr_quarter_is_contained_in_its_half() -> None:
    q1 = parse_period("Q1 2024", None)
    h1 = parse_period("the first half of 2024", None)
    h2 = parse_period("H2 2024", None)
    assert q1 is not None and h1 is not None and h2 is not None
    assert h1.contains(q1)
    assert not q1.contains(h1)
    assert not h2.contains(q1)
    assert not h2.overlaps(q1)


def test_timeexpr_month_outside_a_range_neither_contained_nor_overlapping() -> None:
    august = parse_period("August 2023", None)
    summer = parse_period("June to July 2023", None)
    assert august is not None and summer is not None
    assert summer.label == "2023-06/2023-07"
    assert not summer.contains(august)
    assert not summer.overlaps(august)
    july = parse_period("July 2023", None)
    assert july is not None and summer.contains(july)


def test_timeexpr_by_deadline_contains_the_reference_date_and_the_period_end() -> None:
    deadline = parse_period("by the end of next year", REF)
    end_of_next_year = parse_period("the end of next year", REF)
    assert deadline is not None and end_of_next_year is not None
    assert deadline.contains(end_of_next_year)
    assert deadline.start == REF


# ---------------------------------------------------------------------------------------
# parse_period


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2024", "2024"),
        ("  in 2024 ", "2024"),
        ("the first half of 2024", "2024-H1"),
        ("1Q24", "2024-Q1"),
        ("August 30th, 2023", "2023-08-30"),
        ("early next year", "2024-START"),
        ("by the end of the year", "by 2023-END"),
        ("June-July 2023", "2023-06/2023-07"),
        ("on March 28, 2024", "2024-03-28"),
    ],
)
def test_timeexpr_parse_period_reads_one_whole_expression(text: str, label: str) -> None:
    interval = parse_period(text, REF)
    assert interval is not None
    assert interval.label == label


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("", REF),
        ("hello", REF),
        ("2024 and 2025", REF),
        ("deliveries in 2024", REF),
        ("early next year", None),
        ("Lei Jun", REF),
        ("a few days ago", REF),
        ("recently", REF),
    ],
)
def test_timeexpr_parse_period_returns_none_otherwise(text: str, ref: date | None) -> None:
    assert parse_period(text, ref) is None


# ---------------------------------------------------------------------------------------
# Properties

_PIECES = [
    "2024", "2,024", " ", "\u00a0", "-", "\u2013", ",", ".", "Q", "1", "H", "by", " the ",
    "end of", "early", "mid", "late", "May", "may", "Jun", "June", "Aug.", "30th", "29",
    "February", "year", "month", "this", "next", "last", "first half", "quarter", "of",
    "to", "and", "between", "at the latest", "\u201c", "\u2019", "Lei", "earlier", "'",
    "summer", "winter", "the fall", "spring", "today", "yesterday", "year", " first half year",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=80), st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)
    ),
    ref=st.one_of(st.none(), st.dates()),
)
def test_timeexpr_arbitrary_text_never_raises_and_offsets_are_valid(
    text: str, ref: date | None
) -> None:
    mentions = find_time_expressions(text, ref)
    previous_end = 0
    for mention in mentions:
        assert 0 <= previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.interval.start <= mention.interval.end
        previous_end = mention.end
    parse_period(text, ref)


_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    form=st.sampled_from(["{m} {d}, {y}", "{d} {m} {y}", "{y}-{mm:02d}-{d:02d}", "{m} {d}th, {y}"]),
    ref=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1))),
)
def test_timeexpr_any_written_date_reads_back(day: date, form: str, ref: date | None) -> None:
    written = form.format(m=_MONTH_NAMES[day.month - 1], mm=day.month, d=day.day, y=day.year)
    mention = _only(f"Xiaomi said on {written} that it would proceed.", ref)
    assert mention.text == written
    assert mention.interval == Interval(day, day, day.isoformat(), "day")
    assert mention.relative is False


@pytest.mark.parametrize(
    "text, mention, label, end",
    [
        ("Xiaomi hopes to secure a permit before the end of 2023.", "before the end of 2023", "by 2023-END", date(2023, 12, 31)),
        ("Production starts before year-end.", "before year-end", "by 2023-END", date(2023, 12, 31)),
    ],
)
def test_timeexpr_before_the_end_of_is_a_deadline(text, mention, label, end):
    (m,) = find_time_expressions(text, date(2023, 8, 23))
    assert (m.text, m.interval.label, m.interval.end, m.interval.granularity) == (mention, label, end, "by")


@pytest.mark.parametrize(
    ("sentence", "span", "label"),
    [
        ("We forecast FY25 deliveries of 390k units.", "FY25", "2025"),
        ("FY2025 revenue guidance was kept.", "FY2025", "2025"),
        ("FY25E EV deliveries: 390k (prior 360k)", "FY25E", "2025"),
        ("We model 2024E EV deliveries of 60k units.", "2024E", "2024"),
        # an analyst's actual beside the estimates: "A"
        ("FY24A | 136,854 | 32.6", "FY24A", "2024"),
        ("2024A deliveries: 137k units", "2024A", "2024"),
    ],
)
def test_timeexpr_fiscal_and_estimate_years(sentence: str, span: str, label: str) -> None:
    assert _summary(sentence) == [(span, label)]


@pytest.mark.parametrize("sentence", ["FYI the launch is soon.", "The 2024e-tron was shown.", "Version 2024E2 of the app.", "Gate 2024AB is closed."])
def test_timeexpr_fiscal_look_alikes_are_not_years(sentence: str) -> None:
    assert _summary(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("Xiaomi delivers over 20,000 EVs in Oct, expects more in Nov", date(2024, 11, 1), [("Oct", "2024-10"), ("Nov", "2024-11")]),
        ("Deliveries have topped 10,000 a month since Sept.", date(2024, 11, 1), [("Sept.", "2024-09")]),
        ("Nov deliveries: Li Auto 48,740, Xiaomi over 20,000", date(2024, 12, 1), [("Nov", "2024-11")]),
        ("As of May end, deliveries passed 10,000.", date(2024, 6, 21), [("May", "2024-05")]),
        ("Data show, May month delivery exceed 8,630 vehicles.", date(2024, 6, 21), [("May", "2024-05")]),
    ],
)
def test_timeexpr_abbreviated_month_after_a_preposition_or_opening_the_text(sentence: str, ref: date, expected) -> None:
    assert _summary(sentence, ref) == expected


@pytest.mark.parametrize("sentence", ["Lei Jun said the car is ready.", "The deal was struck in Jan Koum's office.", "He spoke to Dec Jones on Monday."])
def test_timeexpr_abbreviated_month_not_in_a_name(sentence: str) -> None:
    assert [m for m in _summary(sentence) if m[0] in ("Jun", "Jan", "Dec")] == []

# ---------------------------------------------------------------------------------------
# Seasons, machine-translated word order, days counted from the reference date


@pytest.mark.parametrize(
    ("sentence", "ref", "span", "label"),
    [
        # with a year
        ("Trial builds have run since summer 2023.", REF, "summer 2023", "2023-SU"),
        ("Work on the plant started in the spring of 2022.", REF, "the spring of 2022", "2022-SP"),
        ("The SUV arrives in autumn 2025, the brand says.", REF, "autumn 2025", "2025-FA"),
        ("Deliveries may slip to the fall of 2024.", REF, "the fall of 2024", "2024-FA"),
        ("Testing continued through winter 2023.", REF, "winter 2023", "2023-WI"),
        ("Millet car 2023 summer trial production started", REF, "2023 summer", "2023-SU"),
        ("The model follows in summer next year.", REF, "summer next year", "2024-SU"),
        # relative to the reference date
        ("The factory started small batch trial production from this summer.", REF, "this summer", "2023-SU"),
        ("Xiaomi showed a mule last winter.", REF, "last winter", "2022-WI"),
        ("Xiaomi showed a mule last winter.", date(2024, 1, 15), "last winter", "2022-WI"),
        ("The SUV is due next spring.", REF, "next spring", "2024-SP"),
        ("The plant began trial production over the summer.", date(2023, 11, 15), "the summer", "2023-SU"),
        ("The YU7 is on track for summer debut.", date(2025, 3, 18), "summer", "2025-SU"),
        ("The plant began trial production over the summer.", date(2024, 1, 10), "the summer", "2023-SU"),
        ("Sales usually dip in winter.", date(2024, 1, 10), "winter", "2023-WI"),
    ],
)  # fmt: skip
def test_timeexpr_seasons(sentence: str, ref: date, span: str, label: str) -> None:
    mention = _only(sentence, ref)
    assert (mention.text, mention.interval.label) == (span, label)
    assert mention.interval.granularity == "season"
    assert label_interval(label) == mention.interval


@pytest.mark.parametrize(
    "sentence",
    [
        "Lei Jun spoke at its spring launch event.",
        "Sales slowed before the Spring Festival holiday.",
        "The fall in prices hurt margins.",
        "The car has a spring in its step.",
        "Xiaomi's summer lineup includes a new phone.",
    ],
)
def test_timeexpr_season_words_that_are_not_times(sentence: str) -> None:
    assert find_time_expressions(sentence, REF) == []


@pytest.mark.parametrize(
    ("sentence", "span", "label"),
    [
        # machine translation from Chinese puts the year first
        ("Millet car expected in the 2024 first half year formally mass production",
         "the 2024 first half year", "2024-H1"),
        ("Millet SU7 will in this year first half year realize mass production",
         "this year first half year", "2023-H1"),
        ("They are still targetting mass production in 2024, first half, it says.",
         "2024, first half", "2024-H1"),
        ("Deliveries are planned next year second quarter.", "next year second quarter", "2024-Q2"),
        ("Millet car factory next year early mass production", "next year early", "2024-START"),
        ("the second phase expected next year middle finished", "next year middle", "2024-MID"),
        ("2021 year March 30, Millet group announce formally enter", "2021 year March 30", "2021-03-30"),
        ("Factory in 2022 year April start construction", "2022 year April", "2022-04"),
        ("Millet SU7 last year December 28 held technology release conference",
         "last year December 28", "2022-12-28"),
        # a day with a relative year, a day before its month after a verb
        ("On March 30 this year Millet Group issued an announcement", "March 30 this year", "2023-03-30"),
        ("The YU7 (launched 26 June; 240k locked orders)", "26 June", "2023-06-26"),
    ],
)  # fmt: skip
def test_timeexpr_year_first_and_other_word_orders(sentence: str, span: str, label: str) -> None:
    mention = _only(sentence, REF)
    assert (mention.text, mention.interval.label) == (span, label)


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2023, the first half of the line was tested.",
        "Sales this year may rise.",
        "The 2023 end-to-end test passed.",
    ],
)
def test_timeexpr_year_first_forms_do_not_overreach(sentence: str) -> None:
    assert all(m.interval.granularity not in ("half", "part") for m in find_time_expressions(sentence, REF))


@pytest.mark.parametrize(
    ("sentence", "span", "label"),
    [
        ("Xiaomi YU7 officially hit the Chinese market tonight.", "tonight", "2023-08-23"),
        ("The SU7 gets its technology debut today.", "today", "2023-08-23"),
        ("The car was shown in Beijing yesterday.", "yesterday", "2023-08-22"),
        ("Orders open tomorrow at 10 am.", "tomorrow", "2023-08-24"),
        ("Lei Jun said last night that the car is ready.", "last night", "2023-08-22"),
    ],
)
def test_timeexpr_day_words_count_from_the_reference_date(sentence: str, span: str, label: str) -> None:
    mention = _only(sentence, REF)
    assert (mention.text, mention.interval.label, mention.interval.granularity) == (span, label, "day")
    assert mention.relative is True
    assert find_time_expressions(sentence, None) == []


@pytest.mark.parametrize(
    ("sentence", "ref", "span", "label"),
    [
        # a blog a week after the listing: the 15th that was a Wednesday
        ("ok so the catalogue dropped on Wednesday the 15th and everyone lost it", date(2023, 11, 22),
         "Wednesday the 15th", "2023-11-15"),
        # the nearest such day, even from weeks later
        ("The ceremony, held on Friday, the 13th, drew 500 owners.", date(2024, 10, 2),
         "Friday, the 13th", "2024-09-13"),
        # and ahead of the reference date when that one is nearer
        ("Deliveries resume on Tuesday 3rd, the company said.", date(2024, 8, 30),
         "Tuesday 3rd", "2024-09-03"),
        # a month named after it: the month decides
        ("It went on sale on Thursday the 28th of March.", date(2024, 4, 10),
         "Thursday the 28th of March", "2024-03-28"),
    ],
)  # fmt: skip
def test_timeexpr_weekday_with_a_day_of_the_month(sentence: str, ref: date, span: str, label: str) -> None:
    mention = _only(sentence, ref)
    assert (mention.text, mention.interval.label, mention.interval.granularity) == (span, label, "day")
    assert mention.relative is True and find_time_expressions(sentence, None) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Sales rose 15% on Monday, the third day of the promotion.",  # no ordinal day after it
        "On Wednesday 15 stores opened.",  # a count, not a day of the month
        "The 15th SU7 of the day rolled out on Wednesday.",  # the weekday stands alone
    ],
)
def test_timeexpr_weekday_day_look_alikes(sentence: str) -> None:
    found = find_time_expressions(sentence, REF)
    assert not any(m.text.startswith(("Monday", "Wednesday")) for m in found), found
