"""Tests for the timeline rule (src/xiaomi_ev_kb/extract/rules/timeline.py, data/rules/timeline.toml).

Every sentence here was written for these tests, in the registers outlets use: wire copy,
trade press, blogs, listicle headings, analyst notes and machine translation from Chinese
("Millet car", "will in February listing"). Each runs through ``extract_claims`` on a small
article, and every claim keeps its provenance (``text[start:end] == quote``).
"""

from __future__ import annotations

from datetime import date

import pytest

from xiaomi_ev_kb.extract import extract_claims
from xiaomi_ev_kb.ingest import Article, parse_article
from xiaomi_ev_kb.models import Claim


def claims_of(body: str, published: str) -> tuple[Article, list[Claim]]:
    raw = f"---\ntitle: t\npublisher: Test Wire\npublished: {published}\n---\n{body}\n".encode()
    article = parse_article(raw, "test.md")
    claims = extract_claims(article)
    for c in claims:
        assert article.text[c.start : c.end] == c.quote, c
        assert c.quote == c.quote.strip() and c.start >= article.body_start, c
    return article, claims


def milestones(claims: list[Claim]) -> set[tuple]:
    """(property without 'milestone.', subject, period label, status) of the timeline claims."""
    return {
        (
            c.property.removeprefix("milestone."),
            c.subject,
            c.period_label,
            c.qualifiers.get("status"),
        )
        for c in claims
        if c.topic == "timeline"
    }


def dump(claims: list[Claim]) -> str:
    return (
        "\n".join(
            f"  {c.property} {c.subject} {c.period_label} {c.qualifiers} {c.certainty} | {c.quote!r}"
            for c in claims
            if c.topic == "timeline"
        )
        or "  (no timeline claims)"
    )


SU7, YU7, AUTO, PLANT = "Xiaomi SU7", "Xiaomi YU7", "Xiaomi Auto", "Xiaomi Beijing plant"


# --------------------------------------------------------------------------------------
# The company: entry announced, EV company registered, the Beijing deal


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # wire: the announcement is dated by the day it was made
        ("Xiaomi said on Tuesday it would set up a wholly owned unit to build smart electric vehicles.",
         "2021-03-30", ("entry_announced", AUTO, "2021-03-30", "achieved")),
        ("The phone maker first announced its move into EVs back in March 2021.",
         "2023-05-02", ("entry_announced", AUTO, "2021-03", "achieved")),
        ("Xiaomi confirmed its EV ambitions in March 2021 with a filing to the exchange.",
         "2022-01-05", ("entry_announced", AUTO, "2021-03", "achieved")),
        ("Xiaomi revealed its car plans on March 30, 2021, pledging $10 billion over a decade.",
         "2024-01-10", ("entry_announced", AUTO, "2021-03-30", "achieved")),
        ("On March 30, 2021, Lei Jun told a packed hall of fans that Xiaomi would build cars.",
         "2024-03-01", ("entry_announced", AUTO, "2021-03-30", "achieved")),
        # machine translation
        ("2021 year March 30, Millet group announce formally enter smart electric car industry.",
         "2024-02-20", ("entry_announced", AUTO, "2021-03-30", "achieved")),
        ("Xiaomi EV Inc. was incorporated in Beijing on September 1, 2021.",
         "2022-05-01", ("company_registered", AUTO, "2021-09-01", "achieved")),
        ("In September the group registered Xiaomi EV Inc. with registered capital of 10 billion yuan.",
         "2021-11-27", ("company_registered", AUTO, "2021-09", "achieved")),
        ("Millet Automobile Co., Ltd. has completed the industrial and commercial registration on September 1.",
         "2021-09-02", ("company_registered", AUTO, "2021-09-01", "achieved")),
        ("Xiaomi signed an agreement with the Beijing Economic-Technological Development Area on November 27, 2021.",
         "2022-01-05", ("settled_beijing", AUTO, "2021-11-27", "achieved")),
        ("In November 2021, Millet car and Beijing Economic and Technological Development Zone signed the cooperation agreement.",
         "2023-03-09", ("settled_beijing", AUTO, "2021-11", "achieved")),
        ("Xiaomi announced its entry into carmaking in March 2021 and set up its EV subsidiary later that year.",
         "2023-02-22", ("company_registered", AUTO, "2021", "achieved")),
        ("Xiaomi unveiled its plans in March. The company was registered in September 2021 under the name Xiaomi EV.",
         "2022-01-05", ("company_registered", AUTO, "2021-09", "achieved")),
        ("Xiaomi first settled its car project in Yizhuang in November 2021, and the plant rose from bare land.",
         "2025-07-08", ("settled_beijing", AUTO, "2021-11", "achieved")),
        ("Xiaomi EV settled in Beijing's Yizhuang in November 2021.",
         "2024-11-18", ("settled_beijing", AUTO, "2021-11", "achieved")),
    ],
)  # fmt: skip
def test_timeline_company_milestones(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("Xiaomi Corporation was founded in April 2010 in Beijing.", "2024-11-18"),
        (
            "Xiaomi EV has registered capital of 10 billion yuan, filings from 2021 show.",
            "2023-01-05",
        ),
        (
            "The car would be registered with regulators as a BAIC product in 2024, the people said.",
            "2023-02-22",
        ),
        ("Xiaomi signed a battery supply agreement with CATL in November 2021.", "2022-01-05"),
        (
            "In June 2024 a Xiaomi unit signed a deal for land in Beijing's Yizhuang for the second phase.",
            "2024-07-19",
        ),
        ("Baidu announced its move into car-making in January 2021.", "2021-03-30"),
        ("Baidu set up its EV unit Jidu in 2021, a year before Xiaomi.", "2023-01-05"),
    ],
)
def test_timeline_company_milestones_negatives(body, published):
    _, claims = claims_of(body, published)
    got = {m[0] for m in milestones(claims)}
    assert not got & {"entry_announced", "company_registered", "settled_beijing"}, dump(claims)


# --------------------------------------------------------------------------------------
# The plant: construction start and completion, with the phase as scope


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Work on phase one of the Yizhuang plant kicked off in April 2022.",
         "2022-12-05", ("construction_start", "2022-04", "achieved", "phase I")),
        ("Phase II broke ground in the spring of 2024, local officials said.",
         "2024-09-01", ("construction_start", "2024-SP", "achieved", "phase II")),
        ("Millet car factory first phase located in Yizhuang, in 2022 year April start construction.",
         "2024-06-21", ("construction_start", "2022-04", "achieved", "phase I")),
        ("Phase II of the Beijing factory was completed in late June.",
         "2025-08-20", ("plant_completion", "2025-06-END", "achieved", "phase II")),
        ("The first phase of the plant is slated for completion around the middle of next year.",
         "2022-11-23", ("plant_completion", "2023-MID", "planned", "phase I")),
        ("Yizhuang factory the second period is expected to complete construction in the middle of this year.",
         "2025-02-28", ("plant_completion", "2025-MID", "planned", "phase II")),
        ("The company said the second phase of its Beijing factory would be finished next month.",
         "2025-05-27", ("plant_completion", "2025-06", "planned", "phase II")),
        # a plant's construction starts with its first phase
        ("Xiaomi broke ground on its EV factory in Beijing in April 2022.",
         "2023-06-01", ("construction_start", "2022-04", "achieved", "phase I")),
        ("Xiaomi's second car factory in Beijing's Yizhuang was completed last month.",
         "2025-07-08", ("plant_completion", "2025-06", "achieved", "phase II")),
        ("The Yizhuang plant's second phase went into operation in June 2025.",
         "2025-08-01", ("plant_completion", "2025-06", "achieved", "phase II")),
        ("Phase I: 150,000 units a year; construction began in April 2022; about 718,000 square meters.",
         "2022-10-28", ("construction_start", "2022-04", "achieved", "phase I")),
    ],
)  # fmt: skip
def test_timeline_plant_milestones_carry_the_phase(body, published, expected):
    _, claims = claims_of(body, published)
    got = {
        (
            c.property.removeprefix("milestone."),
            c.period_label,
            c.qualifiers["status"],
            c.qualifiers.get("scope"),
        )
        for c in claims
        if c.topic == "timeline" and c.subject == PLANT
    }
    assert expected in got, dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("Xiaomi completed the acquisition of DeepMotion in August.", "2021-08-26"),
        ("The registration of the EV unit was completed on September 1.", "2021-09-02"),
        ("Construction of its flagship store in Shanghai began in May.", "2024-06-01"),
        ("Tesla's Berlin plant was completed in March 2022.", "2023-01-01"),
        # built in phases, but which one is not said: no claim rather than a guessed phase
        ("The plant was finished in June 2023.", "2025-07-03"),
        ("Construction of the expansion began in June.", "2025-07-03"),
    ],
)
def test_timeline_plant_milestones_negatives(body, published):
    _, claims = claims_of(body, published)
    assert [c for c in claims if c.subject == PLANT and c.topic == "timeline"] == [], dump(claims)


# --------------------------------------------------------------------------------------
# The car: engineering vehicles, trial and mass production


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Xiaomi's first engineering vehicles rolled off the line in the summer of 2022.",
         "2023-01-10", ("first_engineering_vehicle", SU7, "2022-SU", "achieved")),
        ("Per the institute, the first engineering prototypes came off the line in late September.",
         "2022-10-28", ("first_engineering_vehicle", SU7, "2022-09-END", "achieved")),
        ("The plant began trial production over the summer.",
         "2023-11-15", ("trial_production", SU7, "2023-SU", "achieved")),
        ("It is reported that the factory started small batch trial production from this summer.",
         "2023-09-14", ("trial_production", SU7, "2023-SU", "achieved")),
        ("Lei Jun told investors last month that mass production would begin in the first half of 2024.",
         "2021-11-27", ("mass_production", SU7, "2024-H1", "planned")),
        ("Management reiterated that SOP for the first vehicle is scheduled for 1H24.",
         "2022-11-23", ("mass_production", SU7, "2024-H1", "planned")),
        ("Millet car is expected to in 2024 the first half year achieve mass production.",
         "2023-03-09", ("mass_production", SU7, "2024-H1", "planned")),
        ("Millet car factory trial production exposure: about 50 test cars per week, next year early mass production",
         "2023-09-14", ("mass_production", SU7, "2024-START", "planned")),
        ("Xiaomi expects its first cars to roll off the production line in 2024.",
         "2021-11-27", ("mass_production", SU7, "2024", "planned")),
        ("Production of the SU7 started in late February at the Beijing plant.",
         "2024-04-01", ("mass_production", SU7, "2024-02-END", "achieved")),
        ("The automaker is set to begin volume production of its first EV in December.",
         "2023-09-01", ("mass_production", SU7, "2023-12", "planned")),
        ("They are still targetting mass production in 2024, first half, at least thats the official line.",
         "2022-08-12", ("mass_production", SU7, "2024-H1", "planned")),
    ],
)  # fmt: skip
def test_timeline_production_milestones(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        (
            "The 100,000th SU7 rolled off the production line in Beijing on November 18.",
            "2024-11-20",
        ),
        ("Hesai's AT128 lidar entered mass production in 2022.", "2023-01-05"),
        ("If SOP slips into 2H24, our 2024E volume would fall.", "2022-11-23"),
        ("- If SOP slips into 2H24, our volume estimate would fall.", "2022-11-23"),
        ("Xiaomi denied a report that it had pushed mass production back to 2025.", "2022-12-05"),
        ("Its first mass-produced car went on sale in March.", "2024-05-01"),
        ("The first engineering vehicles rolled off the line in the summer of 2022.", "2023-01-10"),
        (
            "Last September the factory reportedly trial-produced about 50 vehicles a week.",
            "2024-02-20",
        ),
        (
            "Xiaomi has won approval from the state planner to produce electric vehicles earlier this month, sources said.",
            "2023-08-30",
        ),
        ("Tesla began mass production in Berlin in March 2022.", "2023-01-10"),
        (
            "Reports that Xiaomi would start mass production in 2023 are false, the company said.",
            "2022-06-01",
        ),
        ("Xiaomi began production of the Xiaomi 14 smartphone in India in March.", "2024-05-01"),
        ("Xiaomi started production capacity expansion in March.", "2024-05-01"),
    ],
)
def test_timeline_production_negatives(body, published):
    _, claims = claims_of(body, published)
    got = {m[0] for m in milestones(claims)}
    assert not got & {"mass_production", "trial_production"}, dump(claims)


def test_timeline_a_state_is_dated_by_the_article_without_a_start():
    _, claims = claims_of(
        "The factory has entered the trial production stage, aerial photos show.", "2023-09-14"
    )
    (c,) = [c for c in claims if c.property == "milestone.trial_production"]
    assert (c.period_label, c.qualifiers["status"]) == ("by 2023-09", "achieved"), dump(claims)
    assert c.period_start is None and c.period_end == date(2023, 9, 14)


# --------------------------------------------------------------------------------------
# Unveiling (first shown, no price) and launch (price, on sale)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Smartphone giant Xiaomi has taken the wraps off the SU7 at a technology event in Beijing yesterday.",
         "2023-12-29", {("unveiling", SU7, "2023-12-28", "achieved")}),
        ("The company showed the YU7 for the first time in May, without prices.",
         "2025-06-27", {("unveiling", YU7, "2025-05", "achieved")}),
        ("Lei also showed a track-focused SU7 Ultra prototype at Friday's event.",
         "2024-07-19", {("unveiling", SU7, "2024-07-19", "achieved")}),
        ("Xiaomi first revealed the YU7 on May 22, 2025, but held back the price.",
         "2025-06-26", {("unveiling", YU7, "2025-05-22", "achieved")}),
        ("Xiaomi's first car will be shown in full at a technology event in Beijing on December 28.",
         "2023-12-20", {("unveiling", SU7, "2023-12-28", "planned")}),
        ("The SU7 went on sale on March 28 at prices starting from 215,900 yuan.",
         "2024-07-19", {("launch", SU7, "2024-03-28", "achieved")}),
        ("Xiaomi unveiled the SU7 at a launch event on March 28, 2024.",
         "2024-04-10", {("launch", SU7, "2024-03-28", "achieved")}),
        ("Xiaomi YU7 officially hit the Chinese market tonight at a price of 253,500 yuan.",
         "2025-06-26", {("launch", YU7, "2025-06-26", "achieved")}),
        ("Thunder Army: Millet SU7 formal listing in March",
         "2024-02-20", {("launch", SU7, "2024-03", "planned")}),
        ("Many media predicted Millet SU7 will in February listing.",
         "2024-01-10", {("launch", SU7, "2024-02", "planned")}),
        ("Lei Jun said at the event that the YU7 would officially launch in July.",
         "2025-05-27", {("launch", YU7, "2025-07", "planned")}),
        ("A formal launch with pricing is expected early next year.",
         "2023-12-20", {("launch", SU7, "2024-START", "planned")}),
        ("The SU7 will hit showrooms in March, Lei Jun said.",
         "2024-01-10", {("launch", SU7, "2024-03", "planned")}),
        ("Xiaomi is expected to release the SU7 in February, people familiar with the plan said.",
         "2024-01-15", {("launch", SU7, "2024-02", "planned")}),
        ("Sales of the SU7 will start on March 28, the company said on Weibo.",
         "2024-03-20", {("launch", SU7, "2024-03-28", "planned")}),
        ("Millet car is expected next year first half year listing.",
         "2023-11-16", {("launch", SU7, "2024-H1", "planned")}),
        ("Millet YU7 will in June official sale.",
         "2025-05-02", {("launch", YU7, "2025-06", "planned")}),
        ("Xiaomi showed off the SU7 for the first time in Beijing on December 28.",
         "2024-01-15", {("unveiling", SU7, "2023-12-28", "achieved")}),
        ("Xiaomi, racing to get the vehicle on sale next year, is hiring.",
         "2023-02-22", {("launch", SU7, "2024", "planned")}),
        # "last Thursday" said on a Thursday is a week before; the launch as the subject
        ("The SU7 is finally here. Launch was last Thursday and the place was packed.",
         "2024-04-04", {("launch", SU7, "2024-03-28", "achieved")}),
        # the unveiling and the launch of one car in one sentence, each with its date
        ("The YU7 made waves. It was unveiled on May 22 and launched on June 26, priced from 253,500 yuan.",
         "2025-07-03", {("unveiling", YU7, "2025-05-22", "achieved"), ("launch", YU7, "2025-06-26", "achieved")}),
    ],
)  # fmt: skip
def test_timeline_unveiling_and_launch(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected <= milestones(claims), dump(claims)
    shown = {m for m in milestones(claims) if m[0] in ("unveiling", "launch")}
    assert shown == expected, "an unveiling is never the same claim as a launch:\n" + dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("Lei Jun spoke at the Xiaomi 14 phone launch event on Thursday.", "2023-10-28"),
        ("Xiaomi 14 review. Launch was last Thursday and the phone sold out.", "2023-11-02"),
        ("A video of the SU7 on the Nurburgring was released on Monday.", "2024-01-15"),
        ("Xiaomi's EV unit is planning a Hong Kong listing next year.", "2024-01-15"),
        (
            "Xiaomi released its third-quarter results on Tuesday, with the car unit still losing money.",
            "2024-11-20",
        ),
        ("SU7 sales began to slow in June as rivals cut prices.", "2024-08-01"),
        ("At its spring launch event, Xiaomi showed a new phone.", "2021-03-31"),
        ("Xiaomi plans to start selling cars in Europe in 2027.", "2025-07-03"),
        ("The SU7 appeared in the MIIT listing on November 15.", "2023-11-20"),
        (
            "Revenue rose on Wednesday as its newly launched EV business contributed a full quarter.",
            "2024-08-21",
        ),
        ("Analysts expect Xiaomi to launch at least one more model in 2026.", "2025-11-20"),
        ("Xiaomi has not confirmed any unveiling date for 2023.", "2022-12-05"),
        ("Lei Jun showed a video of a test car in Yizhuang in August.", "2022-08-12"),
        ("On October 29, Xiaomi opened pre-sales for the SU7 Ultra at 814,900 yuan.", "2024-11-01"),
        ("Nio unveiled the ET9 at Nio Day in December.", "2024-01-02"),
        ("There is no official word on when the car will go on sale in 2024.", "2023-06-01"),
        ("On Thursday, Lei Jun said the SU7 would go on sale soon.", "2024-02-01"),
        ("Xiaomi showed the SU7 at the Beijing auto show in April.", "2024-05-01"),
        ("Lei Jun's launch of the car business in 2021 surprised investors.", "2024-02-01"),
        ("Xiaomi's car business, launched in 2021, now employs 3,000 people.", "2024-02-01"),
    ],
)
def test_timeline_unveiling_and_launch_negatives(body, published):
    _, claims = claims_of(body, published)
    got = {m[0] for m in milestones(claims)}
    assert not got & {"unveiling", "launch"}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "prop", "variant"),
    [
        (
            "Xiaomi began selling the SU7 Ultra, priced at 529,900 yuan, on Feb. 27.",
            "2025-03-18",
            "milestone.launch",
            "ultra",
        ),
        (
            "Also hearing that deliveries of the Pro wont start till end of May.",
            "2024-04-04",
            "milestone.deliveries_start",
            "pro",
        ),
        ("The SU7 went on sale on March 28.", "2024-04-04", "milestone.launch", None),
    ],
)
def test_timeline_a_trim_milestone_names_the_trim(body, published, prop, variant):
    _, claims = claims_of(body, published)
    (c,) = [c for c in claims if c.property == prop]
    assert c.subject == SU7 and c.qualifiers.get("variant") == variant, dump(claims)


# --------------------------------------------------------------------------------------
# First deliveries


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("The first cars will be handed to buyers on April 3, Xiaomi said.",
         "2024-03-30", ("deliveries_start", SU7, "2024-04-03", "planned")),
        ("Yesterday, 3rd April, Xiaomi handed over the first cars to owners in Beijing.",
         "2024-04-04", ("deliveries_start", SU7, "2024-04-03", "achieved")),
        ("The SU7 was launched on March 28, 2024, with deliveries beginning on April 3, 2024.",
         "2025-05-27", ("deliveries_start", SU7, "2024-04-03", "achieved")),
        ("Several reports suggest the first customer cars could be handed over as early as February.",
         "2023-12-20", ("deliveries_start", SU7, "2024-02", "planned")),
        ("The YU7 went on sale on Thursday. The first cars were handed to buyers the same night as Thursday's launch.",
         "2025-06-27", ("deliveries_start", YU7, "2025-06-26", "achieved")),
        # said in March: an April named in the past tense is last April
        ("Xiaomi, having handed the first SU7s to customers in April, aims to deliver 350,000 cars this year.",
         "2025-03-18", ("deliveries_start", SU7, "2024-04", "achieved")),
        ("Millet SU7 first batch delivery ceremony held on April 3.",
         "2024-04-05", ("deliveries_start", SU7, "2024-04-03", "achieved")),
        ("Thunder Army announced, Millet SU7 will in March formally deliver.",
         "2024-02-20", ("deliveries_start", SU7, "2024-03", "planned")),
        ("SU7 deliveries will start in the fall of 2024, the report said.",
         "2024-02-20", ("deliveries_start", SU7, "2024-FA", "planned")),
        ("Millet SU7 will in this year first half year realize mass production delivery.",
         "2024-02-20", ("deliveries_start", SU7, "2024-H1", "planned")),
    ],
)  # fmt: skip
def test_timeline_deliveries_start(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("Xiaomi delivered more than 20,000 cars in October.", "2024-11-01"),
        ("Monthly deliveries started to climb in June as the second shift began.", "2024-07-19"),
        (
            "My cousin locked a Max on launch night and says his delivery date is June.",
            "2024-04-04",
        ),
        ("Xiaomi aims to deliver 100,000 cars next year.", "2023-09-10"),
        ("Xiaomi's first SU7 deliveries of 2025 rose in March.", "2025-04-02"),
        ("Xiaomi officially delivered 10,000 cars in March.", "2024-04-02"),
        (
            "Tesla's Shanghai factory, which started deliveries at the end of 2019, is huge.",
            "2021-03-30",
        ),
    ],
)
def test_timeline_deliveries_start_negatives(body, published):
    _, claims = claims_of(body, published)
    assert "deliveries_start" not in {m[0] for m in milestones(claims)}, dump(claims)


# --------------------------------------------------------------------------------------
# When: statements made vs events, plans vs facts, dates carried over from the text around


@pytest.mark.parametrize(
    ("body", "published", "prop", "label", "status"),
    [
        # the date a statement was made is not the event's
        ("Lei Jun first said back in October 2021 that mass production would start in the first half of 2024.",
         "2023-12-20", "milestone.mass_production", "2024-H1", "planned"),
        # ... nor is a date that opens a sentence on what someone said was planned
        ("On January 25, Xiaomi said the SU7 will enter mass production in the first quarter.",
         "2024-02-01", "milestone.mass_production", "2024-Q1", "planned"),
        # but a reported fact is dated by its report when it gives no date of its own
        ("On the evening of January 20, Xiaomi said it has started trial production.",
         "2024-02-01", "milestone.trial_production", "2024-01-20", "achieved"),
        # a plan made in the past, and a hedge, are plans even when their date has passed
        ("Xiaomi had originally planned to begin mass production in 2023.",
         "2024-05-01", "milestone.mass_production", "2023", "planned"),
        ("Some analysts said a first Xiaomi car could go on sale as early as 2023.",
         "2021-03-30", "milestone.launch", "2023", "planned"),
        ("The first phase of the factory, which broke ground in April last year and will be able to turn out "
         "150,000 vehicles a year, is slated for completion around the middle of this year.",
         "2023-02-22", "milestone.construction_start", "2022-04", "achieved"),
        # "May" the month does not make a sentence future
        ("Xiaomi unveiled the YU7, its first SUV, on May 22.",
         "2025-05-27", "milestone.unveiling", "2025-05-22", "achieved"),
        # "as of" dates a count
        ("The YU7 (launched 26 June) has 294k orders as of end-June.",
         "2025-08-20", "milestone.launch", "2025-06-26", "achieved"),
    ],
)  # fmt: skip
def test_timeline_period_and_status(body, published, prop, label, status):
    _, claims = claims_of(body, published)
    found = [(c.period_label, c.qualifiers["status"]) for c in claims if c.property == prop]
    assert found == [(label, status)], dump(claims)
    planned = [c for c in claims if c.topic == "timeline" and c.qualifiers["status"] == "planned"]
    assert all(c.certainty in ("expected", "speculated") for c in planned), dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # a listicle heading dates the paragraph under it, relative words included
        ("4. April 2022: Construction begins\nWork on the phase I plant started in the spring of 2022.\n\n"
         "6. June 2023: Phase I is finished\nThe first phase of the factory was completed, and trial "
         "production started over the summer.",
         "2025-11-20",
         {("construction_start", PLANT, "2022-SP", "achieved"), ("plant_completion", PLANT, "2023-06", "achieved"),
          ("trial_production", SU7, "2023-SU", "achieved")}),
        # a chronicle: "Same year", then a date without a year continues that year
        ("Look back: 2021 year March 30, Millet group announce formally enter smart electric car industry. "
         "Same year September 1, Millet car limited company registered establish. November 27, Millet car "
         "settled Beijing economic technological development zone.",
         "2024-02-20",
         {("entry_announced", AUTO, "2021-03-30", "achieved"), ("company_registered", AUTO, "2021-09-01", "achieved"),
          ("settled_beijing", AUTO, "2021-11-27", "achieved")}),
        # "that summer" is the summer of the year just named
        ("The plant was finished in June 2023, phase I of two, and began trial production that summer.",
         "2025-07-03",
         {("plant_completion", PLANT, "2023-06", "achieved"), ("trial_production", SU7, "2023-SU", "achieved")}),
    ],
)  # fmt: skip
def test_timeline_dates_carried_over_from_the_text_around(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected <= milestones(claims), dump(claims)


def test_timeline_a_dated_heading_names_the_car_of_its_time():
    body = "The YU7 followed in 2025.\n\n10. April 3, 2024: First deliveries\nCustomers got the keys at the plant."
    _, claims = claims_of(body, "2025-11-20")
    assert ("deliveries_start", SU7, "2024-04-03", "achieved") in milestones(claims), dump(claims)


# --------------------------------------------------------------------------------------
# Round 2: phrasings of the blind set's families, in sentences written for these tests


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # an apposition naming the unit between our company and the verb
        ("Xiaomi EV Inc, the unit created to run the car project, was registered in September.",
         "2021-11-30", ("company_registered", AUTO, "2021-09", "achieved")),
        ("Xiaomi Auto, the company behind the SU7, was incorporated on 1 September 2021 in Beijing.",
         "2024-05-01", ("company_registered", AUTO, "2021-09-01", "achieved")),
        # an announcement in the past tense with a month and no year: the last such month, even
        # when what was announced is a plan
        ("The Hong Kong-listed group announced its plan to build EVs in March.",
         "2021-10-05", ("entry_announced", AUTO, "2021-03", "achieved")),
        ("Xiaomi revealed its plan to enter the car market in March, and has since hired 300 engineers.",
         "2021-08-26", ("entry_announced", AUTO, "2021-03", "achieved")),
        # the day a statement was made dates what it reports as done, when nothing else does
        ("Xiaomi Corp said on Saturday it had signed an agreement with the Beijing Economic-Technological Development Area.",
         "2021-11-27", ("settled_beijing", AUTO, "2021-11-27", "achieved")),
        ("Lei Jun said on Wednesday the first cars had been delivered to customers in Beijing.",
         "2024-04-04", ("deliveries_start", SU7, "2024-04-03", "achieved")),
        ("The zone's management committee confirmed on Monday that trial production has begun at the plant.",
         "2023-06-14", ("trial_production", SU7, "2023-06-12", "achieved")),
    ],
)  # fmt: skip
def test_timeline_r2_company_events_and_days_of_statements(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "absent"),
    [
        # a plan announced for later is no past announcement
        ("Xiaomi will announce its plan to enter the EV market in March.", "2021-11-27",
         ("entry_announced", AUTO, "2021-03", "achieved")),
        # what was said on a day: a plan, a denial, a question in it, or a thing with its own date
        ("Xiaomi said on Saturday it would sign an agreement with the Beijing E-Town zone.", "2021-11-27",
         ("settled_beijing", AUTO, "2021-11-27", "achieved")),
        ("Lei Jun said on Wednesday that mass production has not started.", "2023-12-28",
         ("mass_production", SU7, "2023-12-27", "achieved")),
        ("Lei Jun said on Wednesday the board had discussed whether mass production started too early.", "2023-12-28",
         ("mass_production", SU7, "2023-12-27", "achieved")),
        ("Xiaomi said on Saturday it had signed an agreement with the Beijing E-Town zone in September.", "2021-11-27",
         ("settled_beijing", AUTO, "2021-11-27", "achieved")),
        # another company's registration after our name in an apposition
        ("Xiaomi's partner, the company Beijing Baowo, was registered in 2016.", "2023-02-22",
         ("company_registered", AUTO, "2016", "achieved")),
    ],
)  # fmt: skip
def test_timeline_r2_company_events_and_days_of_statements_negatives(body, published, absent):
    _, claims = claims_of(body, published)
    assert absent not in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # the start in a relative clause, and "under construction since"
        ("Construction of Phase II, which started in March 2024, is ahead of schedule.",
         "2024-07-01", ("construction_start", "2024-03", "achieved", "phase II")),
        ("Work on the Yizhuang factory, which began in April last year, is now largely done.",
         "2023-03-01", ("construction_start", "2022-04", "achieved", "phase I")),
        ("Phase II | 150k/yr | under construction since Jun 2024",
         "2024-10-01", ("construction_start", "2024-06", "achieved", "phase II")),
        ("the second phase has been under construction since the spring, apparently",
         "2024-09-01", ("construction_start", "2024-SP", "achieved", "phase II")),
        # online, on stream, up and running, ready: a plant or its phase as the subject
        ("The second phase of the Beijing factory went online in June.",
         "2025-08-14", ("plant_completion", "2025-06", "achieved", "phase II")),
        ("Phase II, on stream since late June, doubles the site's output.",
         "2025-09-02", ("plant_completion", "2025-06-END", "achieved", "phase II")),
        ("Phase 2 of the factory is expected to be ready by mid-2025, as per reports.",
         "2024-08-05", ("plant_completion", "by 2025-MID", "planned", "phase II")),
        ("The second phase will add 150,000 units a year when it is up and running, which should be around June.",
         "2025-04-10", ("plant_completion", "2025-06", "planned", "phase II")),
        ("Millet car factory second period is already up and running in June, workers said.",
         "2025-07-02", ("plant_completion", "2025-06", "achieved", "phase II")),
        # a plant that added its second phase
        ("The Yizhuang plant added a second phase last month, lifting capacity to 300,000 a year.",
         "2025-07-08", ("plant_completion", "2025-06", "achieved", "phase II")),
        # a bare "completion" after a statement on a phase, beyond a semicolon
        ("Phase II ramp is the swing factor; we pencil in completion around Q3.",
         "2025-01-06", ("plant_completion", "2025-Q3", "planned", "phase II")),
    ],
)  # fmt: skip
def test_timeline_r2_plant_phrasings(body, published, expected):
    _, claims = claims_of(body, published)
    got = {
        (
            c.property.removeprefix("milestone."),
            c.period_label,
            c.qualifiers["status"],
            c.qualifiers.get("scope"),
        )
        for c in claims
        if c.topic == "timeline" and c.subject == PLANT
    }
    assert expected in got, dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("The SU7 Ultra will be ready by March, the factory said.", "2024-11-01"),
        ("The factory is expanding fast and the car will be ready by March.", "2024-11-01"),
        ("Its app has been online since June.", "2025-08-01"),
        (
            "Xiaomi's online sales since June have been strong at the plant's showroom.",
            "2025-08-01",
        ),
        ("The plant added a second phase of testing this month.", "2025-06-27"),
        ("Tesla's Berlin plant added a second phase in 2023.", "2024-01-05"),
        ("Hesai's new factory, online since 2023, makes lidars for Xiaomi.", "2024-03-01"),
        (
            "Construction of its flagship store, which began in May, is almost complete.",
            "2024-06-01",
        ),
        # a condition is no plan
        ("If Phase II is ready by June, deliveries could double.", "2025-02-01"),
    ],
)
def test_timeline_r2_plant_phrasings_negatives(body, published):
    _, claims = claims_of(body, published)
    assert [c for c in claims if c.subject == PLANT and c.topic == "timeline"] == [], dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # sales opening is the launch
        ("The YU7 went viral: sales opened at 10 pm on Thursday and the app crashed.",
         "2025-06-27", {("launch", YU7, "2025-06-26", "achieved")}),
        ("Millet SU7 sales officially open on March 28, the company said.",
         "2024-03-20", {("launch", SU7, "2024-03-28", "planned")}),
        # customers start receiving cars
        ("Buyers will begin getting their SU7s in April, the company said.",
         "2024-03-29", {("deliveries_start", SU7, "2024-04", "planned")}),
        ("Owners started taking delivery of the YU7 on June 26.",
         "2025-07-01", {("deliveries_start", YU7, "2025-06-26", "achieved")}),
        # an apposition between the first cars and their handover
        ("The first cars, painted in Aqua Blue, were handed to owners on April 3.",
         "2024-04-10", {("deliveries_start", SU7, "2024-04-03", "achieved")}),
        # one time, and in apposition the other event of that day
        ("Deliveries of the YU7 began on June 26, the same day as its launch.",
         "2025-07-03", {("deliveries_start", YU7, "2025-06-26", "achieved"), ("launch", YU7, "2025-06-26", "achieved")}),
        # a period still running, nothing said as done: a schedule
        ("The company says deliveries start in the first half of 2024.",
         "2024-01-05", {("deliveries_start", SU7, "2024-H1", "planned")}),
        ("Lei Jun has been saying mass production in the first half of 2024 for a year now.",
         "2024-01-02", {("mass_production", SU7, "2024-H1", "planned")}),
        ("Management has guided to an official launch of the SU7 Ultra in the first quarter.",
         "2025-01-06", {("launch", SU7, "2025-Q1", "planned")}),
        # ... but done is done
        ("Deliveries began this year and have topped 100,000.",
         "2024-11-20", {("deliveries_start", SU7, "2024", "achieved")}),
        ("Xiaomi has already started mass production in the first half, the plant says.",
         "2024-03-20", {("mass_production", SU7, "2024-H1", "achieved")}),
    ],
)  # fmt: skip
def test_timeline_r2_car_phrasings(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected <= milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("Pre-sales opened on Thursday for the SU7 Ultra.", "2024-11-01"),
        ("Orders opened on Thursday for the YU7.", "2025-05-30"),
        ("Sales of the Xiaomi 15 phone opened on Thursday.", "2023-10-28"),
        ("Sales of Tesla's Model Y opened in 2020.", "2024-02-01"),
        ("Xiaomi's flagship store opened on Thursday and sales opened too.", "2024-02-01"),
        ("Nio's customers started receiving their ET9s in March.", "2025-04-02"),
        ("Would customers start receiving cars before June?", "2024-03-01"),
    ],
)
def test_timeline_r2_car_phrasings_negatives(body, published):
    _, claims = claims_of(body, published)
    got = {m[0] for m in milestones(claims)}
    assert not got & {"launch", "deliveries_start"}, dump(claims)


# --------------------------------------------------------------------------------------
# Headlines and decks: a done event without a date, confirmed by the body on or just before the
# publication date (src/xiaomi_ev_kb/extract/headlines.py)


@pytest.mark.parametrize(
    ("body", "published", "headline", "expected"),
    [
        # wire: the lede dates the deal by the day it was announced
        ("# Xiaomi signs Beijing E-Town deal for first EV plant\n\n"
         "BEIJING, Nov 27 (Wire) - Xiaomi said on Saturday it had signed an agreement with the Beijing "
         "Economic-Technological Development Area to build its first car factory there.",
         "2021-11-27", "Xiaomi signs Beijing E-Town deal", ("settled_beijing", AUTO, "2021-11-27", "achieved")),
        # press release: headline and deck, confirmed by "today delivered"
        ("# Xiaomi SU7 Deliveries Begin in Beijing\n\n*First owners receive their cars at the Yizhuang factory*\n\n"
         "BEIJING, April 3, 2024 -- Xiaomi EV today delivered the first Xiaomi SU7 cars to customers at a "
         "ceremony held at its factory in Beijing, the company announced.",
         "2024-04-03", "Deliveries Begin", ("deliveries_start", SU7, "2024-04-03", "achieved")),
        ("# Xiaomi SU7 Deliveries Begin in Beijing\n\n*First owners receive their cars at the Yizhuang factory*\n\n"
         "BEIJING, April 3, 2024 -- Xiaomi EV today delivered the first Xiaomi SU7 cars to customers at a "
         "ceremony held at its factory in Beijing, the company announced.",
         "2024-04-03", "First owners receive", ("deliveries_start", SU7, "2024-04-03", "achieved")),
        # machine translation, with page furniture between headline and lede
        ("Millet car company officially registered!\n\n2021-09-01 20:17 Source: Test Daily\n\n"
         "On the evening of September 1, Millet Group issued announcement said, Millet Automobile Co., Ltd. has "
         "completed the industrial and commercial registration, registered capital is 10 billion yuan.",
         "2021-09-01", "officially registered", ("company_registered", AUTO, "2021-09-01", "achieved")),
        # South Asian site: the event was yesterday
        ("Xiaomi YU7 SUV Unveiled With 835 Km Range: Check Details\n\n"
         "Written by Test Writer | Published on: 23 May 2025\n\n"
         "Xiaomi has finally taken the wraps off its much-awaited YU7 electric SUV at an event held in Beijing "
         "yesterday, and the company says prices will come later.",
         "2025-05-23", "Unveiled", ("unveiling", YU7, "2025-05-22", "achieved")),
        # a phase in the headline, confirmed for the month of the article
        ("Millet car factory first phase started construction in Yizhuang\n\n"
         "Reporter learned from the development zone that the Millet car factory first phase project has in "
         "this month started construction, with annual capacity of 150,000 vehicles.",
         "2022-04-19", "started construction", ("construction_start", PLANT, "2022-04", "achieved")),
    ],
)  # fmt: skip
def test_timeline_headline_confirmed_by_the_body(body, published, headline, expected):
    article, claims = claims_of(body, published)
    head = [c for c in claims if c.topic == "timeline" and headline in c.sentence]
    got = {
        (c.property.removeprefix("milestone."), c.subject, c.period_label, c.qualifiers["status"])
        for c in head
    }
    assert expected in got, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "headline"),
    [
        # the body does not confirm it
        ("# Xiaomi picks Beijing's E-Town for first EV factory\n\n"
         "BEIJING (Wire) - Xiaomi is in talks with several cities about where to build its first car factory, "
         "people familiar with the matter said on Friday.",
         "2021-11-19", "Xiaomi picks"),
        # the body's event is long past: no date for a headline of today
        ("# Xiaomi SU7 deliveries begin\n\n"
         "Xiaomi began delivering the SU7 to customers in April 2024, and has since handed over more than "
         "100,000 cars across China to owners.",
         "2024-11-20", "deliveries begin"),
        # a headline of what is to come
        ("# Xiaomi set to start SU7 deliveries\n\n"
         "BEIJING, April 3 (Wire) - Xiaomi said on Wednesday it had started deliveries of the SU7 to customers "
         "at its Beijing plant, the company said in a statement.",
         "2024-04-03", "set to start"),
        # another company's headline
        ("# Nio deliveries begin in Norway\n\n"
         "BEIJING, April 3 (Wire) - Xiaomi said on Wednesday it had started deliveries of the SU7 to customers "
         "at its Beijing plant, while Nio is expanding in Europe.",
         "2024-04-03", "Nio deliveries"),
        # a section heading below the lede is no headline
        ("Xiaomi's car business has had a busy spring, with orders far above what the company had planned for.\n\n"
         "## Deliveries begin\n\nXiaomi today delivered the first SU7 cars to customers in Beijing, the company said.",
         "2024-04-03", "Deliveries begin"),
    ],
)  # fmt: skip
def test_timeline_headline_not_confirmed(body, published, headline):
    _, claims = claims_of(body, published)
    assert [c for c in claims if c.topic == "timeline" and headline in c.sentence] == [], dump(
        claims
    )


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # headlinese: a date with output, production or a rollout after "eyes", "targets"
        ("Xiaomi locks in Beijing site, eyes 2024 output", "2021-11-30", {("mass_production", SU7, "2024", "planned")}),
        ("Xiaomi targets 1H24 production start for debut sedan - sources", "2022-10-12",
         {("mass_production", SU7, "2024-H1", "planned")}),
        ("Xiaomi EV aims for mid-2024 rollout as plant nears completion", "2023-06-01",
         {("mass_production", SU7, "2024-MID", "planned")}),
        # a live blog: the launch or the unveiling is the article's day
        ("# Xiaomi YU7 launch live: prices, range and everything else", "2025-06-26",
         {("launch", YU7, "2025-06-26", "achieved")}),
        ("The SU7 is here. Welcome to our live coverage of the Xiaomi SU7 launch in Beijing.", "2024-03-28",
         {("launch", SU7, "2024-03-28", "achieved")}),
        ("LIVE: Xiaomi SU7 technology event, all the news as it happens", "2023-12-28",
         {("unveiling", SU7, "2023-12-28", "achieved")}),
    ],
)  # fmt: skip
def test_timeline_r2_headlinese_and_live_blogs(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected <= milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "absent"),
    [
        # a time after another predicate is not the first milestone's
        (
            "Xiaomi picks Beijing's E-Town for its first factory, eyes 2024 output",
            "2021-11-27",
            "settled_beijing",
        ),
        # a figure, not a date
        (
            "Xiaomi eyes 2024 output of 100,000 cars as orders pile up",
            "2023-12-20",
            "mass_production",
        ),
        # streamed live later: a plan without a date; live on another company's launch
        ("The launch will be streamed live on Weibo.", "2024-03-20", "launch"),
        ("Welcome to our live coverage of the Nio ET9 launch in Shanghai.", "2024-03-28", "launch"),
    ],
)
def test_timeline_r2_headlinese_and_live_blogs_negatives(body, published, absent):
    _, claims = claims_of(body, published)
    assert absent not in {m[0] for m in milestones(claims)}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # a thousands separator is no clause break between a milestone and its date
        ("Xiaomi began selling the range-topping version, the SU7 Ultra, priced at 529,900 yuan, on Feb. 27.",
         "2025-03-18", ("launch", SU7, "2025-02-27", "achieved")),
        # a negation before a clause of its own does not reach the milestone
        ("YoY comparison not applicable as Xiaomi began deliveries in April 2024.",
         "2024-12-01", ("deliveries_start", SU7, "2024-04", "achieved")),
        ("Xiaomi has not disclosed costs, although it began production in March.",
         "2024-04-15", ("mass_production", SU7, "2024-03", "achieved")),
    ],
)  # fmt: skip
def test_timeline_r2_statement_bounds(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "absent"),
    [
        # the negation of the milestone itself still holds
        ("Xiaomi has not begun deliveries in 2023, though orders are open.", "2023-12-20", "deliveries_start"),
        # a time after a result clause (", matching the goal ... for the whole of this year") is the goal's
        ("Orders blew past 10,000 within hours of the launch, matching the goal set for the whole of this year.",
         "2025-03-01", "launch"),
    ],
)  # fmt: skip
def test_timeline_r2_statement_bounds_negatives(body, published, absent):
    _, claims = claims_of(body, published)
    assert absent not in {m[0] for m in milestones(claims)}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # a heading's date serves a milestone whose sentence's only time is another milestone's
        ("5. July 2023: Phase I done\nThe first phase of the plant was completed, and trial builds began over the summer.",
         "2025-01-10", {("plant_completion", PLANT, "2023-07", "achieved"), ("trial_production", SU7, "2023-SU", "achieved")}),
        # a heading naming days refines a month under it
        ("8) May 22 and June 26, 2025: the SUV arrives\nThe YU7 was unveiled in May and went on sale a month later.",
         "2025-12-01", {("unveiling", YU7, "2025-05-22", "achieved"), ("launch", YU7, "2025-06-26", "achieved")}),
        # a time counted from the one before it
        ("The SU7 launched on March 28, 2024, and deliveries began six days later.",
         "2025-01-10", {("launch", SU7, "2024-03-28", "achieved"), ("deliveries_start", SU7, "2024-04-03", "achieved")}),
        ("Phase II broke ground in June 2024 and was finished twelve months later, ahead of plan.",
         "2025-08-01", {("construction_start", PLANT, "2024-06", "achieved")}),
    ],
)  # fmt: skip
def test_timeline_r2_headings_and_counted_times(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected <= milestones(claims), dump(claims)


def test_timeline_r2_counted_time_needs_a_time_before_it_and_not_an_event():
    # "two weeks after the launch" counts from an event, not from a time: no date for the deliveries
    _, claims = claims_of(
        "Deliveries began two weeks after the launch event in Beijing.", "2024-05-01"
    )
    assert "deliveries_start" not in {m[0] for m in milestones(claims)}, dump(claims)
    # a count of months with nothing before it
    _, claims = claims_of("Deliveries began a month later, the company said.", "2024-05-01")
    assert "deliveries_start" not in {m[0] for m in milestones(claims)}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # fact boxes: the plant site agreed, with its date
        ("Factory location: Beijing Yizhuang (deal signed November 2021)", "2022-06-01",
         ("settled_beijing", AUTO, "2021-11", "achieved")),
        ("HQ and plant site | Beijing Economic-Technological Development Area | agreed 27 Nov 2021", "2023-01-05",
         ("settled_beijing", AUTO, "2021-11-27", "achieved")),
        # a model arriving is its launch; "second model" is the registry's second car
        ("Xiaomi's second model, a large SUV, is tipped to arrive in mid-2025, analysts say.", "2024-10-02",
         ("launch", YU7, "2025-MID", "planned")),
        ("The YU7 will arrive in showrooms in July, Lei Jun said.", "2025-05-23", ("launch", YU7, "2025-07", "planned")),
    ],
)  # fmt: skip
def test_timeline_r2_fact_boxes_and_arrivals(body, published, expected):
    _, claims = claims_of(body, published)
    assert expected in milestones(claims), dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "absent"),
    [
        (
            "Phase II site | Beijing Yizhuang | land secured June 2024",
            "2024-08-01",
            "settled_beijing",
        ),
        ("Test site: Wuhan, agreed March 2022", "2022-06-01", "settled_beijing"),
        # a car the registry does not have, test cars arriving somewhere
        ("Its third model is expected to arrive in 2027.", "2025-11-20", "launch"),
        ("The SUV arrived in Heihe for winter testing in January.", "2025-02-01", "launch"),
        ("Tesla's Model Y Juniper is expected to arrive in March.", "2025-01-10", "launch"),
    ],
)
def test_timeline_r2_fact_boxes_and_arrivals_negatives(body, published, absent):
    _, claims = claims_of(body, published)
    assert absent not in {m[0] for m in milestones(claims)}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # a car's debut without prices is its first showing; with them, its launch
        ("The YU7 made its public debut on May 22, with prices to follow.", "2025-06-01",
         {("unveiling", YU7, "2025-05-22", "achieved")}),
        ("Xiaomi SU7 debut set for December 28 in Beijing", "2023-12-20", {("unveiling", SU7, "2023-12-28", "planned")}),
        ("Millet SU7 debuted on March 28, priced from 215,900 yuan.", "2024-04-02", {("launch", SU7, "2024-03-28", "achieved")}),
    ],
)  # fmt: skip
def test_timeline_r2_debuts(body, published, expected):
    _, claims = claims_of(body, published)
    shown = {m for m in milestones(claims) if m[0] in ("unveiling", "launch")}
    assert shown == expected, dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("Xiaomi debuted HyperOS in October.", "2023-11-01"),
        ("Lei Jun made his debut as a race driver in August.", "2024-09-01"),
        # "debut" as an adjective
        ("Xiaomi plans a debut sedan next year.", "2023-01-05"),
        ("The SU7's debut edition sold out in March.", "2024-08-01"),
    ],
)
def test_timeline_r2_debuts_of_other_things(body, published):
    _, claims = claims_of(body, published)
    assert not {m[0] for m in milestones(claims)} & {"unveiling", "launch"}, dump(claims)


def test_timeline_article_dated_only_to_the_year():
    # no date line; the year comes from what the page speaks of and its copyright line
    body = (
        "GADGET PAGE\n\n# Dates that shaped Xiaomi's car business\n\n"
        "Yesterday Xiaomi launched its second car, the YU7, and the SU7 went on sale in 2024.\n\n"
        "**1. February 27, 2025: the Ultra**\nThe SU7 Ultra launches at 529,900 yuan.\n\n"
        "Europe is pencilled in for 2027.\n\n© 2025 Gadget Page.\n"
    )
    article = parse_article(body.encode(), "listicle.md")
    assert (article.published_precision, article.published.year) == ("year", 2025), (
        article.published_label
    )
    claims = extract_claims(article)
    # "yesterday" needs the day the article was written: unknown, so no date from it
    assert not [c for c in claims if "Yesterday" in c.quote and c.period_label], claims
    # a dated heading of that year dates the paragraph under it, told as done
    assert ("launch", "Xiaomi SU7", "2025-02-27", "achieved") in milestones(claims), milestones(
        claims
    )


# --- round 3 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "published", "absent"),
    [
        # an approval to produce is not production starting, however far the approval word is
        ("Xiaomi Corp won approval from China's state planner, the National Development and Reform Commission "
         "(NDRC), earlier this month to produce electric vehicles, two people said.", "2023-08-25", "mass_production"),
        ("Millet car obtained the qualification of the national development department, after long waiting, in "
         "August to produce pure electric vehicles.", "2023-09-10", "mass_production"),
        ("So Xiaomi got its licence from the planners - finally! - last week to produce EVs under its own name.",
         "2023-08-30", "mass_production"),
        # a delivery year, a delivery month: not the first deliveries
        ("Xiaomi ends its first delivery year with more than 135,000 cars delivered.", "2025-01-02", "deliveries_start"),
        ("December 2024: Xiaomi closes its first full delivery year with 135,000 cars.", "2025-06-27", "deliveries_start"),
        # a time a year before or after the milestone: not the milestone's
        ("Xiaomi said it had delivered more than 200,000 vehicles in total by the end of March, a year after the "
         "SU7 went on sale.", "2025-04-01", "launch"),
        ("By December, six months after the YU7 launched, the SUV outsold the Model Y.", "2026-01-05", "launch"),
        ("Millet car in March, one year since the SU7 listing, delivered 200,000 vehicles.", "2025-04-02", "launch"),
    ],
)  # fmt: skip
def test_timeline_r3_not_the_milestone(body, published, absent):
    _, claims = claims_of(body, published)
    assert absent not in {m[0] for m in milestones(claims)}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # promised is planned
        ("First deliveries are promised for the end of June.\n\nThe YU7 launches from 253,500 yuan.", "2025-06-27",
         ("deliveries_start", YU7, "2025-06-END", "planned")),
        ("Xiaomi has promised first deliveries of the SU7 in April.", "2024-03-29",
         ("deliveries_start", SU7, "2024-04", "planned")),
        ("Xiaomi promised the first SU7 deliveries for April.", "2024-03-29",
         ("deliveries_start", SU7, "2024-04", "planned")),
        # "its second model" is the registry's second car, whatever other car the sentence names
        ("We now forecast 125,000 SU7 deliveries in 2024 (Xiaomi has said its second model, an SUV, will launch "
         "in 2025).", "2024-07-15", ("launch", YU7, "2025", "planned")),
        ("After the SU7 sold well, Xiaomi's second car is expected to launch in mid-2025.", "2024-11-01",
         ("launch", YU7, "2025-MID", "planned")),
        # an ordinal among SUVs, in apposition to the car named: the car named
        ("Xiaomi unveiled the YU7, its first SUV, last Thursday, and Lei Jun said the official launch, with prices, "
         "will follow in July.", "2025-05-30", ("launch", YU7, "2025-07", "planned")),
    ],
)  # fmt: skip
def test_timeline_r3_plans_and_ordinal_cars(body, published, expected):
    _, claims = claims_of(body, published)
    got = {m for m in milestones(claims) if m[0] == expected[0]}
    assert got == {expected}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published"),
    [
        # a time of an earlier step, then the milestone: the time is the step's
        ("Millet car is expected to in next year June to July obtain production qualification, then can start trial "
         "production.", "2022-12-20"),
        ("Xiaomi expects to get its licence in the first half, and then begin trial production.", "2023-01-10"),
        ("First the NDRC nod in August, then trial production - fingers crossed.", "2023-07-01"),
    ],
)  # fmt: skip
def test_timeline_r3_then_after_another_steps_time(body, published):
    _, claims = claims_of(body, published)
    assert "trial_production" not in {m[0] for m in milestones(claims)}, dump(claims)


def test_timeline_r3_then_between_two_dated_milestones():
    _, claims = claims_of(
        "Trial production will start in June, then mass production in December.", "2023-01-10"
    )
    got = {(m[0], m[2]) for m in milestones(claims)}
    assert got == {("trial_production", "2023-06"), ("mass_production", "2023-12")}, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # a fact box's launch cell, under a heading naming the car: the cell is the statement
        ("## Xiaomi SU7 key specs (at a glance)\n\nRange: 800 km (CLTC, Max) | Platform: 871V | Launch: February 2024 "
         "(expected) | India launch: Not confirmed", "2023-12-29", {("launch", SU7, "2024-02", "planned")}),
        ("## SU7 at a glance\n\nPrice: TBA | Launch date: Q1 2024 | Deliveries: TBA", "2023-12-29",
         {("launch", SU7, "2024-Q1", "planned")}),
        # a cell about another market's launch, or a box with no car named: nothing
        ("## Xiaomi SU7 key specs\n\nPlatform: 871V | India launch: March 2025 (rumoured)", "2023-12-29", set()),
        ("## Key facts\n\nPlatform: 871V | Launch: February 2024 (expected)", "2023-12-29", set()),
    ],
)  # fmt: skip
def test_timeline_r3_fact_box_launch_cell(body, published, expected):
    _, claims = claims_of(body, published)
    assert {m for m in milestones(claims) if m[0] == "launch"} == expected, dump(claims)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # an agreement signed with the city, in the passive (fact box, wire, machine translation)
        ("* The factory is in Beijing's Yizhuang economic development zone, under an agreement signed with the city in "
         "November 2021.", "2023-08-25", {("settled_beijing", AUTO, "2021-11", "achieved")}),
        ("The plant sits in Beijing E-Town under a deal struck with the district in November 2021.", "2024-01-10",
         {("settled_beijing", AUTO, "2021-11", "achieved")}),
        ("Millet factory locate Beijing Yizhuang, according to agreement signed with Beijing city in November 2021.",
         "2023-09-01", {("settled_beijing", AUTO, "2021-11", "achieved")}),
        # an agreement with a supplier is no settling in Beijing
        ("Xiaomi's supply agreement signed with CATL in 2023 covers the Qilin packs.", "2024-01-10", set()),
    ],
)  # fmt: skip
def test_timeline_r3_agreement_signed_with_the_city(body, published, expected):
    _, claims = claims_of(body, published)
    assert {m for m in milestones(claims) if m[0] == "settled_beijing"} == expected, dump(claims)
