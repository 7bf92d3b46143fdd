"""Tests for the approval rule (xiaomi_ev_kb.extract.rules.approval): which approval a statement
speaks of (the NDRC's, the MIIT's or a listing in its catalogue, Xiaomi's own production
qualification, making the car under another maker's licence), its status and its period, and
what is not a claim about Xiaomi's approvals.

Every sentence here was written for these tests, in the registers the coverage uses: wire copy,
trade press, machine translation from Chinese, blogs, Q&A pages. Claims are checked through
``extract_claims`` on small articles, with their provenance.
"""

from __future__ import annotations

import pytest

from test_extract import claims_of, dump
from xiaomi_ev_kb.models import Claim

PUBLISHED = "2023-09-10"


def approvals(body: str, published: str = PUBLISHED) -> tuple[list[Claim], str]:
    _, claims = claims_of(body, published)
    found = [c for c in claims if c.topic == "approval"]
    for c in found:
        assert c.subject == "Xiaomi Auto" and c.value_kind == "status", dump(found)
        assert c.qualifiers.get("status") == c.value, dump(found)
    return found, dump(claims)


# --- which approval, which status ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # wire copy
        (
            "Xiaomi has won approval from China's state planner to build electric cars, two sources said on Monday.",
            PUBLISHED,
            {("approval.ndrc", "obtained")},
        ),
        (
            "Xiaomi has received the go-ahead from the country's top economic planner, people familiar with the matter said.",
            PUBLISHED,
            {("approval.ndrc", "obtained")},
        ),
        (
            "The company still needs the nod of the industry ministry before it can sell cars, the people said.",
            PUBLISHED,
            {("approval.miit", "pending")},
        ),
        (
            "Xiaomi wins state planner's approval, still awaits nod from industry ministry - sources",
            PUBLISHED,
            {("approval.ndrc", "obtained"), ("approval.miit", "pending")},
        ),
        ("Xiaomi gets NDRC nod for EV production", PUBLISHED, {("approval.ndrc", "obtained")}),
        (
            "The most important hurdle, approval from the NDRC, the country's state planner, came in August 2023.",
            "2024-05-01",
            {("approval.ndrc", "obtained")},
        ),
        (
            "Xiaomi's car unit is waiting for the Ministry of Industry and Information Technology to sign off.",
            PUBLISHED,
            {("approval.miit", "pending")},
        ),
        (
            "Approval from the MIIT is expected in the fourth quarter.",
            PUBLISHED,
            {("approval.miit", "expected")},
        ),
        (
            "Xiaomi expects to receive the MIIT's approval by year-end.",
            PUBLISHED,
            {("approval.miit", "expected")},
        ),
        # machine translation from Chinese
        (
            "Millet car has obtained the national development department record, insiders revealed.",
            PUBLISHED,
            {("approval.ndrc", "obtained")},
        ),
        (
            "But Millet car still needs pass the Ministry of Work and Information access approval.",
            PUBLISHED,
            {("approval.miit", "pending")},
        ),
        (
            "Millet SU7 appeared in the Ministry of Work and Information 377th batch declaration catalogue.",
            "2023-11-16",
            {("approval.miit", "obtained")},
        ),
        (
            "Millet automobile factory passed the national development and reform commission record filing.",
            PUBLISHED,
            {("approval.ndrc", "obtained")},
        ),
        (
            "Xiaomi hopes to pass the MIIT review by year-end.",
            PUBLISHED,
            {("approval.miit", "expected")},
        ),
        (
            "Millet car until now still has not got the whole vehicle production qualification.",
            PUBLISHED,
            {("approval.production_qualification", "pending")},
        ),
        # trade press: the car listed in the MIIT's catalogue is its approval
        (
            "The Xiaomi SU7 has been listed in the MIIT's new-vehicle catalogue.",
            "2023-11-20",
            {("approval.miit", "obtained")},
        ),
        (
            "The YU7 made it into the MIIT catalogue this week.",
            "2025-03-20",
            {("approval.miit", "obtained")},
        ),
        (
            "China's industry ministry has approved Xiaomi's first EV, the SU7, for sale.",
            "2023-11-20",
            {("approval.miit", "obtained")},
        ),
        (
            "The SU7 passed MIIT certification in November.",
            "2023-12-01",
            {("approval.miit", "obtained")},
        ),
        (
            "Xiaomi YU7 appears in MIIT catalog ahead of launch",
            "2025-06-10",
            {("approval.miit", "obtained")},
        ),
        # the company's own licence
        (
            "Xiaomi currently lacks a manufacturing licence of its own.",
            PUBLISHED,
            {("approval.production_qualification", "pending")},
        ),
        (
            "Xiaomi is applying for its own production licence, Lu Weibing said.",
            PUBLISHED,
            {("approval.production_qualification", "pending")},
        ),
        # its own licence obtained: no contract manufacturing claim from "ending its reliance on BAIC"
        (
            "Xiaomi obtained independent vehicle manufacturing qualification last month, ending its reliance on BAIC.",
            "2024-08-15",
            {("approval.production_qualification", "obtained")},
        ),
        (
            "they still dont have the paperwork to legally build cars lol",
            PUBLISHED,
            {("approval.production_qualification", "pending")},
        ),
        (
            "Xiaomi is expected to secure its own vehicle production qualification in the second half of 2024, analysts said.",
            PUBLISHED,
            {("approval.production_qualification", "expected")},
        ),
        # denied and refused
        (
            "Xiaomi denied reports that it had won NDRC approval.",
            PUBLISHED,
            {("approval.ndrc", "denied")},
        ),
        (
            "The MIIT rejected Xiaomi's application for a production licence.",
            PUBLISHED,
            {("approval.miit", "denied")},
        ),
    ],
)
def test_approval_status(body, published, expected):
    found, shown = approvals(body, published)
    assert {(c.property, c.value) for c in found} == expected, shown


@pytest.mark.parametrize(
    ("body", "status", "speculated"),
    [
        ("The SU7 is built under BAIC's licence.", "obtained", False),
        (
            "Xiaomi builds the car in its own Beijing plant but under the licence of state-owned BAIC Group.",
            "obtained",
            False,
        ),
        (
            "Beijing Automobile Works, a BAIC unit, is listed as the SU7's manufacturer.",
            "obtained",
            False,
        ),
        ("Manufacturer: Beijing Automobile Works Co., Ltd. | Brand: Xiaomi", "obtained", False),
        ("The SU7 was registered as a BAIC product in the filing.", "obtained", False),
        ("Millet SU7 is BAIC generation work, the declaration shows.", "obtained", False),
        ("The blog post says the car borrows BAIC's paperwork.", "obtained", False),
        # plans, talks and rumours
        ("Xiaomi Is Said to Weigh Building Its First Car Under BAIC's Licence", "expected", True),
        (
            "Xiaomi is in talks with BAIC about making the sedan under the automaker's production licence.",
            "expected",
            True,
        ),
        ("Rumours say Millet will use the BAIC production qualification.", "expected", True),
        ("Xiaomi will have to rely on BAIC's licence until it gets its own.", "expected", False),
    ],
)
def test_approval_contract_manufacturing(body, status, speculated):
    found, shown = approvals(body, "2023-11-20")
    contract = [c for c in found if c.property == "approval.contract_manufacturing"]
    assert [c.value for c in contract] == [status], shown
    c = contract[0]
    assert c.entity == "BAIC" and c.qualifiers.get("partner") == "BAIC", shown
    assert (c.certainty == "speculated") == speculated, shown


def test_approval_catalogue_naming_the_manufacturer_is_a_listing():
    body = "According to the MIIT's latest declaration catalogue, the SU7's manufacturer is Beijing Automobile Works."
    found, shown = approvals(body, "2023-11-20")
    assert {(c.property, c.value) for c in found} == {
        ("approval.miit", "obtained"),
        ("approval.contract_manufacturing", "obtained"),
    }, shown


@pytest.mark.parametrize(
    "body",
    [
        "Xiaomi denied a report that it would buy Great Wall's idle plant to get a production licence.",
        "There was news that Millet will acquire the factory of Great Wall to get the qualification, Millet then denied.",
    ],
)
def test_approval_denied_plan_is_a_speculation_marked_denied(body):
    """A denied report of a plan ("buy Baowo's plant for its licence") is not a status of the
    approval: the report's plan is kept as speculation, marked as denied, never compared."""
    found, shown = approvals(body)
    assert [(c.property, c.value, c.entity) for c in found] == [
        ("approval.production_qualification", "expected", "Great Wall Motor")
    ], shown
    assert found[0].certainty == "speculated" and found[0].qualifiers.get("denied") is True, shown


def test_approval_denied_plan_without_a_named_maker():
    body = (
        "Earlier this year, Xiaomi denied media reports that it planned to buy a stake in a struggling "
        "state-owned automaker to obtain a manufacturing licence."
    )
    found, shown = approvals(body, "2023-08-25")
    assert [(c.property, c.value, c.certainty, c.qualifiers.get("denied")) for c in found] == [
        ("approval.production_qualification", "expected", "speculated", True)
    ], shown
    assert "planned to buy a stake" in found[0].quote, shown


def test_approval_that_step_is_the_approval_the_previous_sentence_named():
    body = (
        "Xiaomi still needs a green light from the industry ministry, they said. "
        "One of them said the company hoped to clear that step by the end of the year."
    )
    found, shown = approvals(body, "2023-08-24")
    assert [(c.property, c.value, c.period_label) for c in found] == [
        ("approval.miit", "pending", None),
        ("approval.miit", "expected", "by 2023-END"),
    ], shown


# --- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "published", "prop", "period"),
    [
        (
            "The NDRC signed off on the project earlier this month, the people said.",
            "2023-08-24",
            "approval.ndrc",
            "2023-08",
        ),
        (
            "Xiaomi received approval from the state planner in August, Reuters reported.",
            "2023-11-15",
            "approval.ndrc",
            "2023-08",
        ),
        # a dateline dates the report, not the approval
        (
            "BEIJING, Aug 24 (Reuters) - Xiaomi has received approval from the state planner to make EVs.",
            "2023-08-24",
            "approval.ndrc",
            None,
        ),
        # "yesterday" and "today"
        (
            "Yesterday the MIIT published its latest declaration catalogue, and the Millet SU7 appeared in it.",
            "2023-11-16",
            "approval.miit",
            "2023-11-15",
        ),
        # the date of another event the listing is placed against
        (
            "The SU7 makes its technology debut today, a month after it showed up in the MIIT catalogue.",
            "2023-12-28",
            "approval.miit",
            None,
        ),
        (
            "Reuters reported that Xiaomi had secured its own production qualification in July.",
            "2024-08-15",
            "approval.production_qualification",
            "2024-07",
        ),
        (
            "Xiaomi hopes to win the industry ministry's approval before the end of the year.",
            PUBLISHED,
            "approval.miit",
            "by 2023-END",
        ),
        # a dated heading dates the paragraph under it
        (
            "November 2023: The name leaks\nThe SU7 turned up in the MIIT's catalogue, listed under BAIC.",
            "2025-11-20",
            "approval.miit",
            "2023-11",
        ),
        # two approvals in one sentence: each keeps its own date
        (
            "Xiaomi received NDRC approval in August, sources said, and the MIIT listing clears the last hurdle.",
            "2023-11-20",
            "approval.miit",
            None,
        ),
    ],
)
def test_approval_period(body, published, prop, period):
    found, shown = approvals(body, published)
    hits = [c for c in found if c.property == prop]
    assert hits and [c.period_label for c in hits] == [period] * len(hits), shown


# --- what is not a claim about Xiaomi's approvals -----------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # other companies' approvals
        "Tesla has won approval from the NDRC to expand its Shanghai plant.",
        "Li Auto's L9 appeared in the MIIT catalogue last week.",
        "Nio's early cars were built by JAC under its licence.",
        "Xpeng got its licence by buying Fuxun Automobile, and Li Auto bought Lifan.",
        "The NDRC approved 12 new EV projects last year.",
        # how approvals work in general
        "A new independent EV maker needs NDRC approval and a listing in the MIIT catalogue before it can sell cars.",
        "The ministry listing usually follows within a few months of the NDRC step.",
        "Under rules in force since 2019, newly built pure electric car enterprises must pass project approval.",
        "Approvals for new standalone EV makers have become rare.",
        # conditionals and questions
        "If Xiaomi fails to get a licence, it could partner with BAIC.",
        "Should approvals slow, Xiaomi could consider a tie-up with a licensed manufacturer.",
        "Analysts asked whether Xiaomi would need a partner with a manufacturing licence.",
        "Did Xiaomi need special permission?",
        "Netizen [Beijing]: BAIC generation work, still can be called Millet made?",
        # a contract arrangement negated, or another maker's own licence
        "Xiaomi will not use BAIC's licence, Lei Jun said.",
        "BAIC makes the Arcfox brand under its own licence.",
        "Huawei's Aito models are built by Seres under its licence.",
        # an approval named, with no status
        "Approval from the MIIT would let Xiaomi sell cars.",
        "The MIIT catalogue lists more than 300 new models each month.",
        # "approval", "listed", "licence", "green light" about something else
        "Xiaomi's approval rating among young buyers is high.",
        "Xiaomi's shares were listed in Hong Kong in 2018.",
        "The SU7 was listed at 215,900 yuan in March.",
        "Xiaomi's EV plant got the green light from Beijing's city government in 2021.",
        "Xiaomi needs approval from shareholders for the spin-off.",
        "The state planner approved BYD's new plant in Hefei.",
        # catalogues that are not the type approval
        "The SU7 appears in Xiaomi's online product catalogue.",
        "The SU7 appeared in the catalogue of vehicles eligible for purchase-tax exemption published by the MIIT.",
        # BAIC named, but not as the car's licence holder
        "Beijing is home to state-owned BAIC Group and a Mercedes-Benz plant.",
        "BAIC Blue Valley October sales announced",
        # "listed" as in launched (machine translation), not listed in a catalogue
        "The new car is expected to officially listed in the first half of next year.",
    ],
)
def test_approval_not_a_claim(body):
    found, shown = approvals(body)
    assert found == [], f"no approval claim expected in {body!r}:\n{shown}"


# --- round 2: the blind set's families, in sentences written for these tests --------------------


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # regulators named in an aside that describes the licence are part of it
        (
            "Like every newcomer, Xiaomi has yet to obtain a licence of its own to make cars, a process that "
            "involves both the state planner and the industry ministry.",
            "2021-11-27",
            {("approval.production_qualification", "pending")},
        ),
        (
            "The company still lacks a vehicle production licence, which requires sign-off from the NDRC and the MIIT.",
            "2022-06-01",
            {("approval.production_qualification", "pending")},
        ),
        # "because" opens a statement of its own: "(under BAIC, because Xiaomi doesnt have ...)"
        (
            "the filing was just paperwork (under BAIC, because Xiaomi doesnt have its own licence yet)",
            "2024-01-01",
            {("approval.contract_manufacturing", "obtained"), ("approval.production_qualification", "pending")},
        ),
        # the listing names the partner as the manufacturer, an apposition between
        (
            "The declaration names Beijing Automobile Works, a unit of state-owned BAIC Group, as the manufacturer.",
            "2023-11-16",
            {("approval.contract_manufacturing", "obtained")},
        ),
        ("The filing names BAIC as the manufacturer of the Xiaomi SU7.", "2023-11-16",
         {("approval.contract_manufacturing", "obtained")}),
        ("The MIIT filing lists BAIC as producer of the sedan.", "2023-11-16",
         {("approval.contract_manufacturing", "obtained"), ("approval.miit", "obtained")}),
        # the partner alone, on paper
        ("So legally speaking, on paper, Xiaomi's first car is a BAIC.", "2023-11-22",
         {("approval.contract_manufacturing", "obtained")}),
    ],
)  # fmt: skip
def test_approval_r2_status(body, published, expected):
    found, shown = approvals(body, published)
    assert {(c.property, c.value) for c in found} == expected, shown


@pytest.mark.parametrize(
    ("body", "published", "prop", "period"),
    [
        # the date a forecast was made is not the approval's
        (
            "A Beijing research institute said in a note this month that it expects Xiaomi to obtain its "
            "production qualification in June or July next year.",
            "2022-10-12",
            "approval.production_qualification",
            "2023-06/2023-07",
        ),
        (
            "Analysts at one brokerage wrote on Tuesday that they expect Xiaomi to get the MIIT listing in the fourth quarter.",
            "2023-08-31",
            "approval.miit",
            "2023-Q4",
        ),
    ],
)
def test_approval_r2_period(body, published, prop, period):
    found, shown = approvals(body, published)
    hits = [c for c in found if c.property == prop]
    assert hits and [c.period_label for c in hits] == [period] * len(hits), shown


@pytest.mark.parametrize(
    "body",
    [
        # the partner named as the manufacturer of something else, or of another brand's car
        "The filing names BAIC as the manufacturer of the Arcfox Alpha S.",
        "Nio's paperwork named JAC as the maker of the ES8.",
        # a regulator in an aside of another company's licence
        "Great Wall holds a production licence, which requires NDRC sign-off for new plants.",
    ],
)
def test_approval_r2_not_a_claim(body):
    found, shown = approvals(body, "2023-11-16")
    assert found == [], shown


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # a car among the entries of the catalogue the sentence before says the MIIT published
        (
            "On Tuesday the MIIT published its monthly batch of new-vehicle declarations. Among them is a "
            "mid-size SUV badged Xiaomi YU7, listed with photos.",
            "2025-05-01",
            {("approval.miit", "obtained", "2025-04-29")},
        ),
        (
            "Yesterday the Ministry of Industry and Information Technology released its 376th catalogue of "
            "declared vehicles. Included in the batch is the Xiaomi SU7, a four-door sedan.",
            "2023-11-16",
            {("approval.miit", "obtained", "2023-11-15")},
        ),
        # a government filing the car turns up in is the MIIT's
        ("Xiaomi's first car, the SU7, appeared in a government vehicle database on Wednesday.", "2023-11-16",
         {("approval.miit", "obtained", "2023-11-15")}),
    ],
)  # fmt: skip
def test_approval_r2_listings(body, published, expected):
    found, shown = approvals(body, published)
    assert {(c.property, c.value, c.period_label) for c in found} == expected, shown


@pytest.mark.parametrize(
    "body",
    [
        # among the entries of something else, or another maker's car among them
        "On Tuesday the MIIT published its monthly batch of new-vehicle declarations. Among them is the Li Auto i8.",
        "Xiaomi presented its yearly results on Tuesday. Among the highlights: the Xiaomi SU7's first full quarter.",
        # a filing that is no listing of the car
        "Xiaomi said in a regulatory filing that its board approved the plan.",
        "The SU7 will show up in a government filing next month, people familiar said.",
        "Xiaomi's shares showed up in a government fund's portfolio.",
    ],
)
def test_approval_r2_listings_negatives(body):
    found, shown = approvals(body, "2023-11-16")
    assert [c for c in found if c.property == "approval.miit" and c.value == "obtained"] == [], (
        shown
    )


def test_approval_headline_listing_takes_the_date_the_body_gives():
    """A headline's listing ("shows up in a government filing") is dated by the body's, on or just
    before the publication date; another one, not confirmed, keeps no date."""
    body = (
        "# Xiaomi SU7 shows up in a government filing\n\n"
        "*And Xiaomi wins state planner's nod, sources say*\n\n"
        "On Wednesday the MIIT released its latest batch of new-vehicle declarations, a list every car must "
        "appear on before it can be sold. Among the entries: a four-door sedan called the Xiaomi SU7."
    )
    found, shown = approvals(body, "2023-11-16")
    got = {(c.property, c.value, c.period_label, c.quote) for c in found}
    assert ("approval.miit", "obtained", "2023-11-15", "shows up in a government filing") in got, (
        shown
    )
    assert ("approval.ndrc", "obtained", None, "wins state planner's nod") in got, shown


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # listed in a numbered batch of the ministry's announcements
        ("The sedan is listed in the MIIT's 377th batch of new vehicle announcements.", "2023-11-20",
         {("approval.miit", "obtained", None)}),
        # the partner serving as manufacturer, now or to come
        ("BAIC acts as the manufacturer of record for the SU7.", "2023-11-20",
         {("approval.contract_manufacturing", "obtained", None)}),
        ("Under the plan, BAIC will serve as the nominal manufacturer of Xiaomi's first car.", "2023-02-22",
         {("approval.contract_manufacturing", "expected", None)}),
        # a record-filing completed (machine translation and wire)
        ("Millet car completed the record-filing of the national development department in August.", "2023-09-10",
         {("approval.ndrc", "obtained", "2023-08")}),
        ("Xiaomi's NDRC filing was completed earlier this month, a person familiar said.", "2023-08-24",
         {("approval.ndrc", "obtained", "2023-08")}),
    ],
)  # fmt: skip
def test_approval_r2_more_phrasings(body, published, expected):
    found, shown = approvals(body, published)
    assert {(c.property, c.value, c.period_label) for c in found} == expected, shown


@pytest.mark.parametrize(
    "body",
    [
        "BAIC acts as the manufacturer of the Arcfox brand.",
        "Xiaomi's trademark registration was completed in 2021.",
        "The filing with the Hong Kong exchange was completed in August.",
    ],
)
def test_approval_r2_more_phrasings_negatives(body):
    found, shown = approvals(body, "2023-09-10")
    assert found == [], shown


# --- round 3 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a negated subject: "No X has ..." says the listing has not happened
        ("No Xiaomi model has appeared in the MIIT catalogue so far.", {("approval.miit", "pending")}),
        ("No millet car has yet been listed in the Ministry of Industry and Information Technology catalogue.",
         {("approval.miit", "pending")}),
        ("None of Xiaomi's cars have shown up in the MIIT catalogue yet, which is odd.", {("approval.miit", "pending")}),
        ("Not a single Xiaomi vehicle has turned up in the MIIT's catalogue.", {("approval.miit", "pending")}),
        # a negation elsewhere does not make a listing pending
        ("The SU7 appeared in the MIIT catalogue, and no other Xiaomi model did.", {("approval.miit", "obtained")}),
    ],
)  # fmt: skip
def test_approval_r3_negated_subject_is_pending(body, expected):
    found, shown = approvals(body, "2023-04-12")
    assert {(c.property, c.value) for c in found} == expected, shown


@pytest.mark.parametrize(
    ("body", "status"),
    [
        # a filing that names the manufacturer is the fact, whatever tense the car's making is in
        ("As per the car's listing on China's MIIT website last month, the SU7 will be manufactured by BAIC.", "obtained"),
        ("According to the declaration catalogue, the millet SU7 will be produced by Beijing Automobile Works.", "obtained"),
        ("Per the MIIT filing, the sedan will be built by BAIC - a bit of a letdown.", "obtained"),
        # without a filing, a manufacturer to come is expected
        ("Xiaomi's first car will be manufactured by BAIC, people familiar with the matter said.", "expected"),
        ("According to people familiar with the plan, the SU7 will be built by BAIC.", "expected"),
    ],
)  # fmt: skip
def test_approval_r3_filing_naming_the_manufacturer(body, status):
    found, shown = approvals(body, "2023-12-29")
    made = [
        (c.value, c.certainty) for c in found if c.property == "approval.contract_manufacturing"
    ]
    assert made == [(status, "reported" if status == "obtained" else "expected")], shown
    # the listing itself, when the sentence names the ministry's filing
    assert all(c.value == "obtained" for c in found if c.property == "approval.miit"), shown


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # words between "expected to" and its verb (machine translation keeps the time there)
        ("Some research institute forecast, Millet car is expected to in next year June to July obtain production "
         "qualification, then can start trial production.", "2022-12-20",
         {("approval.production_qualification", "expected", "2023-06/2023-07")}),
        ("Xiaomi is expected to finally obtain its production qualification in June, analysts said.", "2023-01-10",
         {("approval.production_qualification", "expected", "2023-06")}),
        ("The company is expected to quickly win NDRC approval after the filing.", "2023-01-10",
         {("approval.ndrc", "expected", None)}),
    ],
)  # fmt: skip
def test_approval_r3_expected_with_words_before_the_verb(body, published, expected):
    found, shown = approvals(body, published)
    assert {(c.property, c.value, c.period_label) for c in found} == expected, shown


@pytest.mark.parametrize(
    "body",
    [
        # an application rejected by the regulator (Q&A page, wire, machine translation)
        "In March, a handful of posts on Weibo claimed that the NDRC had rejected Xiaomi's application.",
        "The state planner has turned down Xiaomi's application, two people familiar with the matter said.",
        # not yet: a bare "The NDRC rejected Xiaomi's application" (blog, machine translation) gives no
        # claim; the target is not found there (left for a later round)
        pytest.param(
            "Word on Weibo is that the NDRC rejected Xiaomi's application - ouch.",
            marks=pytest.mark.xfail(
                reason="bare 'the NDRC rejected ...' finds no approval target", strict=True
            ),
        ),
    ],
)
def test_approval_r3_application_rejected_is_denied(body):
    found, shown = approvals(body, "2023-04-12")
    assert {(c.property, c.value) for c in found} == {("approval.ndrc", "denied")}, shown


@pytest.mark.parametrize(
    "body",
    [
        "Xiaomi's application for a Hong Kong listing of its car unit was rejected by the exchange.",
        "The NDRC received 40 applications from carmakers last year.",
    ],
)
def test_approval_r3_other_applications(body):
    found, shown = approvals(body, "2023-04-12")
    assert found == [], shown


@pytest.mark.parametrize(
    "body",
    [
        # a refusal the company dismissed as a rumour is no refusal
        "Xiaomi in March dismissed as untrue social media posts claiming its application to the state planner had been turned down.",
        "Xiaomi denied reports that the NDRC had rejected its application.",
        "Millet denied online rumour saying national development and reform commission rejected millet application.",
    ],
)
def test_approval_r3_dismissed_refusal_is_no_claim(body):
    found, shown = approvals(body, "2023-04-12")
    assert [c for c in found if c.value == "denied"] == [], shown
