"""Tests for xiaomi_ev_kb.extract: from article text to typed, sourced claims.

Every sentence here was written for these tests in the phrasing of 2021-2025 news about
Xiaomi's EV business. Expectations are what a careful reader of the sentence would
record, not what the rules happen to do: where the extractor falls short, the case is
marked ``xfail(strict=True)`` with the reason, so the gap stays documented and the
marker must be removed when it is fixed.
"""

from __future__ import annotations

import pytest

from xiaomi_ev_kb.extract import extract_claims
from xiaomi_ev_kb.ingest import Article, parse_article
from xiaomi_ev_kb.models import Claim

NBSP = "\u00a0"
PUBLISHED = "2023-09-10"


def claims_of(body: str, published: str = PUBLISHED) -> tuple[Article, list[Claim]]:
    raw = f"---\ntitle: t\npublisher: Test Wire\npublished: {published}\n---\n{body}\n".encode()
    article = parse_article(raw, "test.md")
    claims = extract_claims(article)
    assert_provenance(article, claims)
    return article, claims


def assert_provenance(article: Article, claims: list[Claim]) -> None:
    """Invariants every claim keeps, checked on every extraction in this file."""
    for c in claims:
        assert article.text[c.start : c.end] == c.quote, (
            f"offsets do not reproduce the quote:\n{dump([c])}"
        )
        assert c.quote and c.quote == c.quote.strip(), dump([c])
        assert article.text[c.sentence_start : c.sentence_start + len(c.sentence)] == c.sentence, (
            dump([c])
        )
        assert c.sentence_start <= c.start and c.end <= c.sentence_start + len(c.sentence), dump(
            [c]
        )
        assert c.start >= article.body_start, f"claim inside front matter:\n{dump([c])}"
        assert c.article_id == article.id, dump([c])


def dump(claims: list[Claim]) -> str:
    """One line per claim, for assertion messages."""
    if not claims:
        return "  (no claims)"
    lines = []
    for c in claims:
        lines.append(
            f"  {c.property}={c.value!r} unit={c.unit} per={c.per} high={c.value_high} approx={c.approx} "
            f"bound={c.bound} period={c.period_label} subject={c.subject} entity={c.entity} "
            f"surface={c.surface!r} qualifiers={c.qualifiers} certainty={c.certainty} "
            f"attributed_to={c.attributed_to!r} quote={c.quote!r}"
        )
    return "\n".join(lines)


def of_property(claims: list[Claim], prop: str) -> list[Claim]:
    return [c for c in claims if c.property == prop]


def xfail(*values, reason: str):
    return pytest.param(*values)


# --------------------------------------------------------------------------------------
# Approval


@pytest.mark.parametrize(
    ("body", "prop", "status", "period"),
    [
        # obtained
        (
            "Xiaomi has won approval from China's state planner to make electric vehicles, "
            "two people familiar with the matter said.",
            "approval.ndrc",
            "obtained",
            None,
        ),
        (
            "The NDRC signed off on Xiaomi's electric-vehicle project in July, according to Reuters.",
            "approval.ndrc",
            "obtained",
            "2023-07",
        ),
        (
            "Xiaomi Auto was granted a production licence by the Ministry of Industry and Information Technology.",
            "approval.miit",
            "obtained",
            None,
        ),
        (
            "Xiaomi's car unit received the green light from the state planning agency last month.",
            "approval.ndrc",
            "obtained",
            "2023-08",
        ),
        (
            "Xiaomi has obtained approval from 发改委 for its car plant.",
            "approval.ndrc",
            "obtained",
            None,
        ),
        (
            "\u201cWe have obtained approval from the state planner,\u201d Lei Jun told reporters.",
            "approval.ndrc",
            "obtained",
            None,
        ),
        (
            "The MIIT gave the green light to Xiaomi's EV factory, reportedly.",
            "approval.miit",
            "obtained",
            None,
        ),
        (
            "Xiaomi got the nod from the NDRC in August, according to sources.",
            "approval.ndrc",
            "obtained",
            "2023-08",
        ),
        (
            "Xiaomi Auto has been approved by the MIIT, while Tesla's application is still pending.",
            "approval.miit",
            "obtained",
            None,
        ),
        (
            "The state planner approved Xiaomi's EV project, which was submitted last year.",
            "approval.ndrc",
            "obtained",
            None,
        ),
        # pending
        (
            "Xiaomi has not yet received approval from the MIIT to produce cars.",
            "approval.miit",
            "pending",
            None,
        ),
        (
            "Xiaomi is still awaiting clearance from the industry ministry for its first sedan.",
            "approval.miit",
            "pending",
            None,
        ),
        (
            "Xiaomi Auto has yet to secure a production qualification, Bloomberg reported.",
            "approval.production_qualification",
            "pending",
            None,
        ),
        (
            "Xiaomi said it had applied for a licence to manufacture vehicles.",
            "approval.production_qualification",
            "pending",
            None,
        ),
        # expected
        (
            "Xiaomi is expected to obtain MIIT approval by the end of the year, analysts said.",
            "approval.miit",
            "expected",
            "by 2023-END",
        ),
        (
            "Xiaomi Auto is likely to get its production qualification from the MIIT in October.",
            "approval.miit",
            "expected",
            "2023-10",
        ),
        (
            "Xiaomi is hoping to secure a production permit before the end of 2023.",
            "approval.production_qualification",
            "expected",
            "by 2023-END",
        ),
        # denied
        (
            "Xiaomi denied reports that it had obtained a production licence.",
            "approval.production_qualification",
            "denied",
            None,
        ),
        (
            "Xiaomi dismissed rumours that it had secured NDRC approval as untrue.",
            "approval.ndrc",
            "denied",
            None,
        ),
        (
            "Xiaomi's application for a production licence was rejected by the MIIT.",
            "approval.miit",
            "denied",
            None,
        ),
        (
            "The report said Xiaomi would get NDRC approval soon, but Xiaomi denied the reports.",
            "approval.ndrc",
            "denied",
            None,
        ),
    ],
)
def test_extract_approval_status(body, prop, status, period):
    _, claims = claims_of(body)
    found = of_property(claims, prop)
    assert [c.value for c in found] == [status], (
        f"want one {prop}={status} in {body!r}; got:\n{dump(claims)}"
    )
    claim = found[0]
    assert claim.value_kind == "status" and claim.qualifiers.get("status") == status, dump(claims)
    assert claim.subject == "Xiaomi Auto", dump(claims)
    assert claim.period_label == period, f"want period {period!r}; got:\n{dump(claims)}"
    if status == "expected":
        assert claim.certainty in ("expected", "speculated"), dump(claims)


@pytest.mark.parametrize(
    "body",
    [
        "Tesla won approval from the MIIT to produce the Model Y in Shanghai.",
        "BYD received MIIT approval for its new plant in Hefei last month.",
        "If Xiaomi obtains the licence, it could start deliveries next year.",
        "Once the MIIT approval comes through, Xiaomi will begin production.",
        "Automakers generally obtain MIIT approval before starting mass production.",
        "Will Xiaomi Get NDRC Approval This Year?",
        "Has Xiaomi finally won approval from the state planner?",
        "It is still unclear whether Xiaomi has obtained a production licence.",
        ("Tesla, unlike Xiaomi, already has approval from the MIIT.",),
    ],
)
def test_extract_approval_negatives(body):
    _, claims = claims_of(body)
    approvals = [c for c in claims if c.topic == "approval"]
    assert approvals == [], f"no approval claim expected in {body!r}; got:\n{dump(claims)}"


# --------------------------------------------------------------------------------------
# Capacity


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Xiaomi is building a 300,000-unit plant in Beijing's Yizhuang district.",
            [(300_000, "plant")],
        ),
        (
            "The factory will have a total annual capacity of 300,000 vehicles once both phases are finished.",
            [(300_000, "plant")],
        ),
        (
            "The plant is designed to produce two hundred thousand cars a year.",
            [(200_000, "plant")],
        ),
        (
            "The factory can produce 0.3 million units annually, according to local media.",
            [(300_000, "plant")],
        ),
        (
            "The first phase of the factory has an annual capacity of 150,000 vehicles.",
            [(150_000, "phase I")],
        ),
        (
            "Xiaomi\u2019s \u201cfirst phase\u201d will have an annual capacity of 150,000\u00a0vehicles.",
            [(150_000, "phase I")],
        ),
        (
            "Phase II will add 150,000 units a year of capacity to the Yizhuang factory.",
            [(150_000, "phase II")],
        ),
        (
            "Phase II of the Xiaomi plant, with 150,000 units of annual capacity, began production in June.",
            [(150_000, "phase II")],
        ),
        (
            "The Beijing plant will be built in two phases, each with an annual capacity of 150,000 vehicles.",
            [(150_000, "per phase")],
        ),
        (
            "The plant's first and second phases will each have an annual output of 150,000 vehicles.",
            [(150_000, "per phase")],
        ),
        (
            "The Beijing plant will be built in two phases of 150,000 units each.",
            [(150_000, "per phase")],
        ),
        (
            "The Xiaomi plant will have an annual capacity of 300,000 vehicles, built in two phases of "
            "150,000 units each.",
            [(150_000, "per phase"), (300_000, "plant")],
        ),
        (
            "The factory has an annual production capacity of 150,000 vehicles, with up to 40 vehicles "
            "rolling off the line every hour.",
            [(150_000, "plant")],
        ),
        (
            "Tesla's Shanghai plant has a 950,000-unit annual capacity, while Xiaomi's Beijing plant can "
            "build 150,000 cars a year.",
            [(150_000, "plant")],
        ),
    ],
)
def test_extract_capacity_scope(body, expected):
    _, claims = claims_of(body)
    found = of_property(claims, "capacity.annual")
    got = sorted((c.value, c.scope) for c in found)
    assert got == sorted(expected), f"capacity claims of {body!r}:\n{dump(claims)}"
    for c in found:
        assert c.unit == "vehicles" and c.per == "year", dump(claims)
        assert c.subject == "Xiaomi Beijing plant", dump(claims)


@pytest.mark.parametrize(
    ("body", "approx", "bound", "facility"),
    [
        (
            "The Xiaomi EV plant has a capacity of about 300,000 vehicles per year.",
            True,
            None,
            None,
        ),
        ("The plant has a capacity of up to 300,000 vehicles a year.", False, "max", None),
        (
            "Xiaomi's current facilities can produce roughly 150,000 cars annually.",
            True,
            None,
            "current facilities",
        ),
    ],
)
def test_extract_capacity_keeps_approximation_and_facility(body, approx, bound, facility):
    _, claims = claims_of(body)
    found = of_property(claims, "capacity.annual")
    assert len(found) == 1, dump(claims)
    c = found[0]
    assert (c.approx, c.bound, c.qualifiers.get("facility")) == (approx, bound, facility), dump(
        claims
    )


@pytest.mark.parametrize(
    "body",
    [
        "The plant is now turning out 2,000 cars a week.",
        "The plant's weekly output has reached 3,000 vehicles, up from 2,000 cars a week in May.",
        "Xiaomi aims to deliver 100,000 cars next year.",
        "The SU7 has received 200,000 firm orders.",
        "Xiaomi's EV factory currently has 200,000 firm orders to fill, enough to keep its production lines "
        "busy for a year.",
        "Xiaomi sold 100,000 cars a year after launch.",
        "Xiaomi's factory produces 40 cars an hour.",
        "Tesla's Shanghai factory has an annual capacity of 950,000 cars.",
    ],
)
def test_extract_capacity_negatives(body):
    _, claims = claims_of(body)
    assert of_property(claims, "capacity.annual") == [], (
        f"no annual capacity in {body!r}; got:\n{dump(claims)}"
    )


# --------------------------------------------------------------------------------------
# Production and delivery targets, trial output


@pytest.mark.parametrize(
    ("body", "published", "prop", "value", "period", "extra"),
    [
        (
            "Xiaomi aims to deliver 100,000 cars next year.",
            PUBLISHED,
            "delivery.target",
            100_000,
            "2024",
            {},
        ),
        (
            "Xiaomi plans to produce 60,000 vehicles in 2024.",
            PUBLISHED,
            "production.target",
            60_000,
            "2024",
            {},
        ),
        (
            "Xiaomi raised its 2024 delivery target to 120,000 units, Lei Jun said.",
            "2024-07-20",
            "delivery.target",
            120_000,
            "2024",
            {"attributed_to": "Lei Jun"},
        ),
        (
            "The company's delivery target for this year is 300,000 vehicles.",
            "2025-03-01",
            "delivery.target",
            300_000,
            "2025",
            {},
        ),
        (
            "Xiaomi expects to hand over more than 10,000 cars by the end of the year.",
            "2024-04-15",
            "delivery.target",
            10_000,
            "by 2024-END",
            {"bound": "min"},
        ),
        (
            "The company hopes to manufacture 100,000 to 120,000 cars in its first year, people familiar with the "
            "matter said.",
            PUBLISHED,
            "production.target",
            100_000,
            None,
            {"value_high": 120_000},
        ),
        (
            "The plant is building about 50 prototype cars a week in trial production.",
            PUBLISHED,
            "production.trial_output",
            50,
            "2023-09",  # a rate is dated by the month it was said in
            {"per": "week", "approx": True},
        ),
        (
            "Xiaomi's pilot line is assembling 20 engineering vehicles a week.",
            PUBLISHED,
            "production.trial_output",
            20,
            "2023-09",  # a rate is dated by the month it was said in
            {"per": "week"},
        ),
        (
            "Xiaomi is targeting sales of 120,000 cars in 2024.",
            "2024-01-05",
            "delivery.target",
            120_000,
            "2024",
            {},
        ),
        (
            "Test vehicles are coming off the line at a rate of 30 a week.",
            PUBLISHED,
            "production.trial_output",
            30,
            "2023-09",  # a rate is dated by the month it was said in
            {"per": "week"},
        ),
    ],
)
def test_extract_production_targets(body, published, prop, value, period, extra):
    _, claims = claims_of(body, published)
    found = of_property(claims, prop)
    assert [c.value for c in found] == [value], (
        f"want {prop}={value} in {body!r}; got:\n{dump(claims)}"
    )
    c = found[0]
    assert c.unit == "vehicles" and c.period_label == period, dump(claims)
    for key, want in extra.items():
        assert getattr(c, key) == want, f"{key}: want {want!r}; got:\n{dump(claims)}"
    if prop.endswith(".target"):
        assert c.certainty in ("expected", "speculated"), (
            f"a target is not a fact; got:\n{dump(claims)}"
        )


@pytest.mark.parametrize(
    "body",
    [
        "Xiaomi delivered 10,000 cars in October.",
        "Xiaomi has 200,000 firm orders for the SU7.",
        "Tesla aims to deliver 1.8 million cars this year.",
        "BYD plans to produce 3 million vehicles in 2024.",
    ],
)
def test_extract_production_negatives(body):
    _, claims = claims_of(body)
    assert [c for c in claims if c.topic == "production"] == [], (
        f"no target in {body!r}; got:\n{dump(claims)}"
    )


# --------------------------------------------------------------------------------------
# Suppliers


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Xiaomi's battery suppliers will be CATL and BYD's FinDreams Battery.",
            {("supplier.battery", "CATL"), ("supplier.battery", "FinDreams Battery")},
        ),
        (
            "The SU7's battery cells are supplied by 宁德时代, the world's largest battery maker.",
            {("supplier.battery", "CATL")},
        ),
        (
            "Battery cells for the Xiaomi car will come from 中创新航 and 弗迪电池.",
            {("supplier.battery", "CALB"), ("supplier.battery", "FinDreams Battery")},
        ),
        (
            "The battery supplier for Xiaomi's first model is Sinovel (formerly known as Zhongchuang Lithium).",
            {("supplier.battery", "CALB")},
        ),
        (
            "The SU7 will use lidar from Hesai and battery packs from CATL.",
            {("supplier.lidar", "Hesai"), ("supplier.battery", "CATL")},
        ),
        (
            "The laser radar on the SU7 is provided by Hesai Technology.",
            {("supplier.lidar", "Hesai")},
        ),
        (
            "The Xiaomi SU7's battery cells are supplied by Acme Cells.",
            {("supplier.battery", "Acme Cells")},
        ),
        (
            "Xiaomi will source power battery cells from Contemporary Amperex Technology, according to people "
            "familiar with the matter.",
            {("supplier.battery", "CATL")},
        ),
        (
            "The car's chips are supplied by Nvidia and Qualcomm.",
            {("supplier.chip", "Nvidia"), ("supplier.chip", "Qualcomm")},
        ),
        (
            "Batteries for the Xiaomi car will come from 中创新航 and 弗迪电池.",
            {("supplier.battery", "CALB"), ("supplier.battery", "FinDreams Battery")},
        ),
        (
            "Xiaomi will source power batteries from Contemporary Amperex Technology.",
            {("supplier.battery", "CATL")},
        ),
        (
            "Xiaomi picked Ningde era as the battery supplier for its sedan.",
            {("supplier.battery", "CATL")},
        ),
        (
            "Xiaomi has chosen CATL as its battery supplier, Bloomberg News reported, citing sources.",
            {("supplier.battery", "CATL")},
        ),
        ("It is rumoured that Xiaomi will use CATL battery cells.", {("supplier.battery", "CATL")}),
        (
            "The Xiaomi SU7 uses battery cells from Fudi, a BYD subsidiary.",
            {("supplier.battery", "FinDreams Battery")},
        ),
    ],
)
def test_extract_supplier(body, expected):
    _, claims = claims_of(body)
    found = [c for c in claims if c.topic == "supplier"]
    got = {(c.property, c.entity) for c in found}
    assert got == expected, f"suppliers of {body!r}:\n{dump(claims)}"
    for c in found:
        # docs/claims.md: a supplier claim's subject is the car (here the first, before it was named)
        assert c.value == c.entity and c.value_kind == "entity" and c.subject == "Xiaomi SU7", (
            dump(claims)
        )
        assert c.qualifiers.get("component") == c.property.split(".", 1)[1], dump(claims)


@pytest.mark.parametrize(
    ("body", "entity", "surface", "tier"),
    [
        (
            "The SU7's battery cells are supplied by 宁德时代, the world's largest battery maker.",
            "CATL",
            "宁德时代",
            None,
        ),
        (
            "The battery supplier for Xiaomi's first model is Sinovel (formerly known as Zhongchuang Lithium).",
            "CALB",
            "Sinovel (formerly known as Zhongchuang Lithium)",
            None,
        ),
        (
            "Xiaomi has finalized its primary and secondary battery suppliers: CATL and CALB.",
            "CATL",
            "CATL",
            "primary",
        ),
        (
            "Xiaomi has finalized its primary and secondary battery suppliers: CATL and CALB.",
            "CALB",
            "CALB",
            "secondary",
        ),
    ],
)
def test_extract_supplier_keeps_surface_and_tier(body, entity, surface, tier):
    article, claims = claims_of(body)
    found = [c for c in claims if c.entity == entity]
    assert len(found) == 1, dump(claims)
    c = found[0]
    assert c.surface == surface, dump(claims)
    assert surface in article.text[c.start : c.end], dump(claims)
    assert c.qualifiers.get("tier") == tier, dump(claims)


@pytest.mark.parametrize(
    "body",
    [
        "CATL supplies battery cells to Tesla for the Model 3.",
        "Tesla's Model 3 uses battery cells from CATL and LG.",
        "Lucid sources its battery cells from Panasonic.",
        "Xiaomi is in talks with CATL over battery supply, people familiar with the matter said.",
    ],
)
def test_extract_supplier_negatives(body):
    _, claims = claims_of(body)
    assert [c for c in claims if c.topic == "supplier"] == [], (
        f"no Xiaomi supplier in {body!r}:\n{dump(claims)}"
    )


# --------------------------------------------------------------------------------------
# Milestones: dates resolved against the publication date, planned vs achieved


@pytest.mark.parametrize(
    ("body", "published", "prop", "label", "status"),
    [
        (
            "Xiaomi plans to start mass production early next year.",
            PUBLISHED,
            "milestone.mass_production",
            "2024-START",
            "planned",
        ),
        (
            "Mass production of the SU7 is scheduled to begin in the first quarter of 2024.",
            PUBLISHED,
            "milestone.mass_production",
            "2024-Q1",
            "planned",
        ),
        (
            "Xiaomi is expected to start mass production in the second half of next year.",
            PUBLISHED,
            "milestone.mass_production",
            "2024-H2",
            "planned",
        ),
        (
            "Xiaomi plans to mass produce its first car by mid-2024.",
            "2023-03-01",
            "milestone.mass_production",
            "by 2024-MID",
            "planned",
        ),
        (
            "The SU7 is expected to go on sale in the first half of 2024.",
            "2024-02-01",
            "milestone.launch",
            "2024-H1",
            "planned",
        ),
        (
            "Xiaomi will officially launch its first car at the end of next month.",
            "2023-12-30",
            "milestone.launch",
            "2024-01-END",
            "planned",
        ),
        (
            "Building on last year's trial production, Xiaomi will launch the SU7 this month.",
            "2024-03-01",
            "milestone.trial_production",
            "2023",
            "achieved",
        ),
        (
            "Building on last year's trial production, Xiaomi will launch the SU7 this month.",
            "2024-03-01",
            "milestone.launch",
            "2024-03",
            "planned",
        ),
        (
            "According to Bloomberg, Xiaomi will start trial production in November.",
            PUBLISHED,
            "milestone.trial_production",
            "2023-11",
            "planned",
        ),
        (
            "Xiaomi's EV factory began trial production in mid-June.",
            "2023-06-20",
            "milestone.trial_production",
            "2023-06-MID",
            "achieved",
        ),
        (
            "Xiaomi unveiled the SU7 at a launch event on March 28, 2024.",
            "2024-04-10",
            "milestone.launch",
            "2024-03-28",
            "achieved",
        ),
        (
            "Deliveries of the SU7 started on April 3.",
            "2024-04-10",
            "milestone.deliveries_start",
            "2024-04-03",
            "achieved",
        ),
        (
            "Xiaomi kicked off deliveries last month.",
            "2024-05-01",
            "milestone.deliveries_start",
            "2024-04",
            "achieved",
        ),
        (
            "Xiaomi SU7 deliveries are expected to begin in April, according to sources.",
            "2024-02-20",
            "milestone.deliveries_start",
            "2024-04",
            "planned",
        ),
        (
            "Xiaomi announced its official entry into the smart EV business on March 30, 2021.",
            "2021-04-02",
            "milestone.entry_announced",
            "2021-03-30",
            "achieved",
        ),
        (
            "Xiaomi EV Co., Ltd. was registered in Beijing on November 27, 2021.",
            "2021-11-28",
            "milestone.company_registered",
            "2021-11-27",
            "achieved",
        ),
        (
            "Xiaomi settled its car factory in Beijing's Yizhuang district in November.",
            "2021-12-01",
            "milestone.settled_beijing",
            "2021-11",
            "achieved",
        ),
        (
            "Xiaomi's first engineering vehicle rolled off the line in August 2022.",
            "2022-08-15",
            "milestone.first_engineering_vehicle",
            "2022-08",
            "achieved",
        ),
        (
            "The factory's first phase was completed in June.",
            PUBLISHED,
            "milestone.plant_completion",
            "2023-06",
            "achieved",
        ),
        (
            "The second phase of the Xiaomi plant is expected to be completed in 2024.",
            PUBLISHED,
            "milestone.plant_completion",
            "2024",
            "planned",
        ),
        (
            "Xiaomi will begin mass production in December, people familiar with the matter said.",
            PUBLISHED,
            "milestone.mass_production",
            "2023-12",
            "planned",
        ),
        (
            "Xiaomi will deliver the first SU7s to customers in April.",
            "2024-02-20",
            "milestone.deliveries_start",
            "2024-04",
            "planned",
        ),
        (
            "Lei Jun said on Weibo that the SU7 will be launched in the first half of next year.",
            PUBLISHED,
            "milestone.launch",
            "2024-H1",
            "planned",
        ),
        (
            "Analysts speculate that the SU7 could launch as early as December.",
            PUBLISHED,
            "milestone.launch",
            "2023-12",
            "planned",
        ),
    ],
)
def test_extract_milestone_dates(body, published, prop, label, status):
    _, claims = claims_of(body, published)
    found = of_property(claims, prop)
    assert [c.value for c in found] == [label], (
        f"want {prop}={label} in {body!r}; got:\n{dump(claims)}"
    )
    c = found[0]
    assert c.value_kind == "time" and c.period_label == label, dump(claims)
    assert (
        c.period_start is not None and c.period_end is not None and c.period_start <= c.period_end
    )
    assert c.qualifiers.get("status") == status, f"want status {status}; got:\n{dump(claims)}"
    if status == "planned":
        assert c.certainty in ("expected", "speculated"), (
            f"a plan is not a fact; got:\n{dump(claims)}"
        )


@pytest.mark.parametrize(
    "body",
    [
        "Tesla began mass production in Berlin in March 2022.",
        "If the factory is completed in June, trial production could start in July.",
        "Xiaomi aims to deliver 100,000 cars next year.",
    ],
)
def test_extract_milestone_negatives(body):
    _, claims = claims_of(body)
    assert [c for c in claims if c.topic == "timeline"] == [], (
        f"no milestone in {body!r}:\n{dump(claims)}"
    )


# --------------------------------------------------------------------------------------
# Investment, price, spec


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        (
            "Xiaomi will invest $10 billion in its EV business over the next ten years, Lei Jun said.",
            1e10,
            "USD",
        ),
        (
            "Lei Jun pledged to invest 10 billion U.S. dollars in the car business over the next decade.",
            1e10,
            "USD",
        ),
        ("Xiaomi plans to invest 10 billion yuan in the first phase of the project.", 1e10, "CNY"),
        (
            "The company committed an initial 10 billion yuan to the car unit, with total investment "
            "expected to reach US$10 billion over a decade.",
            1e10,
            "USD",
        ),
    ],
)
def test_extract_investment(body, value, unit):
    _, claims = claims_of(body)
    found = of_property(claims, "investment.total")
    assert (value, unit) in [(c.value, c.unit) for c in found], (
        f"investment in {body!r}:\n{dump(claims)}"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Tesla invested $5 billion in its Berlin plant.",
        "Xiaomi's revenue rose to 270 billion yuan last year.",
    ],
)
def test_extract_investment_negatives(body):
    _, claims = claims_of(body)
    assert of_property(claims, "investment.total") == [], dump(claims)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The SU7 starts at 215,900 yuan, undercutting Tesla's Model 3.",
            {("price.starting", 215_900, "CNY", "Xiaomi SU7")},
        ),
        (
            # a parenthesised conversion is the same price in another currency, not a second claim
            "The SU7 is priced from 215,900 yuan ($29,900).",
            {("price.starting", 215_900, "CNY", "Xiaomi SU7")},
        ),
        ("The SU7 starts at $29,900 in China.", {("price.starting", 29_900, "USD", "Xiaomi SU7")}),
        (
            "Xiaomi's SU7 starting price of 215,900 yuan is 30,000 yuan less than the Tesla Model 3.",
            {("price.starting", 215_900, "CNY", "Xiaomi SU7")},
        ),
        (
            "Lei Jun said the SU7 would be priced below 500,000 yuan.",
            {("price.upper_limit", 500_000, "CNY", "Xiaomi SU7")},
        ),
        (
            "The YU7 starts at 253,500 yuan, and the SU7 Ultra sells for 529,900 yuan.",
            {
                ("price.starting", 253_500, "CNY", "Xiaomi YU7"),
                ("price.stated", 529_900, "CNY", "Xiaomi SU7"),
            },
        ),
    ],
)
def test_extract_price(body, expected):
    _, claims = claims_of(body, "2024-03-29")
    got = {(c.property, c.value, c.unit, c.subject) for c in claims if c.topic == "price"}
    assert got == expected, f"prices of {body!r}:\n{dump(claims)}"


@pytest.mark.parametrize(
    "body",
    [
        "The SU7 is 30,000 yuan cheaper than the Model 3.",
        "The SU7 undercuts the Model 3 by 30,000 yuan.",
        "Xiaomi cut the price by 20,000 yuan.",
        "Tesla's Model 3 starts at 245,900 yuan in China.",
    ],
)
def test_extract_price_negatives(body):
    _, claims = claims_of(body, "2024-03-29")
    assert [c for c in claims if c.topic == "price"] == [], f"no price in {body!r}:\n{dump(claims)}"


@pytest.mark.parametrize(
    ("body", "prop", "value", "unit"),
    [
        (
            "The SU7 Max packs a 101 kWh battery and offers a CLTC range of 800 km.",
            "spec.battery_energy",
            101,
            "kWh",
        ),
        (
            "The SU7 Max packs a 101 kWh battery and offers a CLTC range of 800 km.",
            "spec.range",
            800,
            "km",
        ),
        ("The standard SU7 has a range of 700 km on the CLTC cycle.", "spec.range", 700, "km"),
        ("The SU7 is built on an 871V high-voltage platform.", "spec.voltage_platform", 871, "V"),
        (
            "The battery pack has a rated voltage of 726 V and weighs 600 kg.",
            "spec.battery_voltage",
            726,
            "V",
        ),
        (
            "The battery pack has a rated voltage of 726 V and weighs 600 kg.",
            "spec.battery_weight",
            600,
            "kg",
        ),
    ],
)
def test_extract_spec(body, prop, value, unit):
    _, claims = claims_of(body, "2024-03-29")
    found = of_property(claims, prop)
    assert [(c.value, c.unit) for c in found] == [(value, unit)], (
        f"{prop} in {body!r}:\n{dump(claims)}"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Tesla's Model 3 has a range of 606 km.",
        "The Xiaomi factory is 25 km from Tiananmen Square.",
    ],
)
def test_extract_spec_negatives(body):
    _, claims = claims_of(body, "2024-03-29")
    assert [c for c in claims if c.topic == "spec"] == [], f"no spec in {body!r}:\n{dump(claims)}"


# --------------------------------------------------------------------------------------
# Certainty and attribution


@pytest.mark.parametrize(
    ("body", "prop", "certainty", "attributed_to"),
    [
        (
            "The plant has an annual capacity of 150,000 vehicles.",
            "capacity.annual",
            "stated",
            None,
        ),
        ("Xiaomi has reportedly won approval from the NDRC.", "approval.ndrc", "reported", None),
        (
            "According to Reuters, Xiaomi's plant has an annual capacity of 150,000 vehicles.",
            "capacity.annual",
            "reported",
            "Reuters",
        ),
        (
            f"Xiaomi{NBSP}has won approval from the{NBSP}NDRC, according to{NBSP}Reuters.",
            "approval.ndrc",
            "reported",
            "Reuters",
        ),
        (
            "Xiaomi's plant has an annual capacity of 150,000 vehicles, people familiar with the matter said.",
            "capacity.annual",
            "reported",
            "people familiar with the matter",
        ),
        (
            "Industry insiders told Cailian Press that Xiaomi's battery cells are supplied by CALB.",
            "supplier.battery",
            "reported",
            "industry insiders",
        ),
        (
            "\u201cWe have obtained approval from the state planner,\u201d Lei Jun told reporters.",
            "approval.ndrc",
            "reported",
            "Lei Jun",
        ),
        (
            "Xiaomi is expected to start mass production in February 2024.",
            "milestone.mass_production",
            "expected",
            None,
        ),
        (
            "It is rumoured that Xiaomi's plant can produce 300,000 cars a year.",
            "capacity.annual",
            "speculated",
            None,
        ),
        (
            "Xiaomi's factory may be able to produce 300,000 cars a year, netizens guessed.",
            "capacity.annual",
            "speculated",
            None,
        ),
        (
            "Analysts speculate that Xiaomi's factory can produce 300,000 cars a year.",
            "capacity.annual",
            "speculated",
            "analysts",
        ),
        (
            "According to a report by Interface News, the SU7 will be priced from 200,000 yuan.",
            "price.starting",
            "expected",
            "Interface News",
        ),
        (
            "The SU7 is priced from 215,900 yuan, and Lei Jun said the top model would be priced below "
            "300,000 yuan.",
            "price.starting",
            "stated",
            None,
        ),
        (
            "The National Development and Reform Commission has approved Xiaomi's plan to build cars in Beijing.",
            "approval.ndrc",
            "stated",
            None,
        ),
    ],
)
def test_extract_certainty_and_attribution(body, prop, certainty, attributed_to):
    _, claims = claims_of(body)
    found = of_property(claims, prop)
    assert found, f"want a {prop} claim in {body!r}; got:\n{dump(claims)}"
    for c in found:
        assert (c.certainty, c.attributed_to) == (certainty, attributed_to), dump(claims)
        if attributed_to:
            assert attributed_to in c.origin, dump(claims)


@pytest.mark.parametrize(
    ("body", "prop", "value", "inside", "outside"),
    [
        (
            "The SU7 is priced from 215,900 yuan ($29,900).",
            "price.starting",
            215_900,
            "215,900 yuan",
            "$29,900",
        ),
        (
            "The SU7 will use lidar from Hesai and battery packs from CATL.",
            "supplier.battery",
            "CATL",
            "battery packs from CATL",
            "Hesai",
        ),
        (
            "The SU7 is priced from 215,900 yuan, and Lei Jun said the top model would be priced below "
            "300,000 yuan.",
            "price.upper_limit",
            300_000,
            "priced below 300,000 yuan",
            "215,900",
        ),
    ],
)
def test_extract_quote_covers_its_own_statement(body, prop, value, inside, outside):
    _, claims = claims_of(body, "2024-04-02")
    found = [c for c in of_property(claims, prop) if c.value == value]
    assert len(found) == 1, dump(claims)
    assert inside in found[0].quote, dump(claims)
    if outside:
        assert outside not in found[0].quote, (
            f"quote reaches into another statement:\n{dump(claims)}"
        )


# --------------------------------------------------------------------------------------
# Provenance: offsets into the file as read, quotes inside sentences, stable ids

ARTICLES = {
    "nbsp_and_curly_quotes": (
        f"Xiaomi{NBSP}Auto\u2019s plant in Beijing\u2019s Yizhuang district has an annual capacity of "
        f"150,000{NBSP}vehicles, according to{NBSP}Reuters.\n\n"
        f"\u201cWe will start mass production in the first half of 2024,\u201d Lei{NBSP}Jun said \u2014 the "
        f"company is still awaiting clearance from the industry{NBSP}ministry.\n\n"
        "The SU7\u2019s battery cells are supplied by 宁德时代 and 弗迪电池, while the lidar comes from Hesai.",
        PUBLISHED,
        {
            ("capacity.annual", 150_000),
            ("approval.miit", "pending"),
            ("milestone.mass_production", "2024-H1"),
            ("supplier.battery", "CATL"),
            ("supplier.battery", "FinDreams Battery"),
            ("supplier.lidar", "Hesai"),
        },
    ),
    "launch_and_prices": (
        "Xiaomi unveiled the SU7 at a launch event on March 28, 2024.\n"
        f"The SU7 is priced from 215,900{NBSP}yuan ($29,900), and Lei Jun said the range-topping "
        f"model would be priced below 300,000{NBSP}yuan.\n\n"
        "The SU7 Max packs a 101 kWh battery and offers a CLTC range of 800 km.",
        "2024-04-02",
        {
            ("milestone.launch", "2024-03-28"),
            ("price.starting", 215_900),
            ("price.upper_limit", 300_000),
            ("spec.battery_energy", 101),
            ("spec.range", 800),
        },
    ),
    "plant_and_targets": (
        "Xiaomi\u2019s Beijing plant will be built in two phases, each with an annual capacity of 150,000 "
        "vehicles. The first phase was completed in June.\n\n"
        "Xiaomi aims to deliver 100,000 cars next year, people familiar with the matter said. "
        "The company has not yet received approval from the MIIT.\n\n"
        "Xiaomi will invest $10 billion in its EV business over the next ten years.",
        PUBLISHED,
        {
            ("capacity.annual", 150_000),
            ("milestone.plant_completion", "2023-06"),
            ("delivery.target", 100_000),
            ("approval.miit", "pending"),
            ("investment.total", 10_000_000_000),
        },
    ),
    "cjk_and_apposition": (
        "小米汽车 news: the battery supplier for Xiaomi\u2019s first model is Sinovel (formerly known as "
        "Zhongchuang Lithium), and 中创新航 confirmed the order.\n\n"
        "Xiaomi EV Co., Ltd. was registered in Beijing on November\u00a027, 2021.",
        "2021-12-01",
        {("supplier.battery", "CALB"), ("milestone.company_registered", "2021-11-27")},
    ),
}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_extract_offsets_point_into_text_as_read(name):
    body, published, expected = ARTICLES[name]
    article, claims = claims_of(body, published)
    assert {(c.property, c.value) for c in claims} == expected, (
        f"claims of article {name}:\n{dump(claims)}"
    )
    assert_provenance(article, claims)  # also run inside claims_of; explicit here


def test_extract_offsets_keep_non_breaking_spaces():
    body = f"The SU7{NBSP}is priced from 215,900{NBSP}yuan, and its battery cells are supplied by{NBSP}CATL."
    article, claims = claims_of(body, "2024-03-29")
    quotes = {c.property: c.quote for c in claims}
    assert quotes.get("price.starting") == f"priced from 215,900{NBSP}yuan", dump(claims)
    assert NBSP in quotes.get("supplier.battery", ""), dump(claims)
    for c in claims:
        assert article.text[c.start : c.end] == c.quote, dump([c])


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_extract_claim_ids_are_stable(name):
    body, published, _ = ARTICLES[name]
    _, first = claims_of(body, published)
    _, second = claims_of(body, published)
    assert [c.id for c in first] == [c.id for c in second], dump(first)
    assert len({c.id for c in first}) == len(first), f"duplicate ids:\n{dump(first)}"


def test_extract_claim_ids_differ_across_articles():
    body, published, _ = ARTICLES["plant_and_targets"]
    _, one = claims_of(body, published)
    _, other = claims_of(body, "2023-09-11")  # same body, another article (other front matter)
    assert one and other
    assert not {c.id for c in one} & {c.id for c in other}, f"{dump(one)}\n--\n{dump(other)}"
    _, different = claims_of(ARTICLES["launch_and_prices"][0], "2024-04-02")
    assert not {c.id for c in one} & {c.id for c in different}


# --- statements about other companies, negation, revision (found in review) ---------------


@pytest.mark.parametrize(
    "body",
    [
        "Great Wall Motor, whose shares fell 3% on the news, has a capacity of more than 1 million vehicles a year across its Chinese plants.",
        "The NDRC approved 12 new EV projects in 2022, none of them from smartphone makers.",
        "Li Auto's Beijing factory has an annual capacity of 100,000 vehicles.",
        "The Zeekr 007 starts at 209,900 yuan and offers a CLTC range of 870 km.",
        "Xpeng's P7 carries an 86.2 kWh battery from CALB.",
        "Huawei-backed Aito plans to deliver 300,000 cars this year.",
    ],
)
def test_extract_other_companies_figures_are_not_xiaomis(body):
    _, claims = claims_of(body, "2024-03-01")
    assert claims == [], dump(claims)


def test_extract_relative_clause_of_a_rival_is_not_xiaomis_price():
    _, claims = claims_of("Xiaomi's SU7 is priced 30,000 yuan below the Tesla Model 3, which starts at 245,900 yuan.", "2024-03-29")
    assert not [c for c in claims if c.value == 245900], dump(claims)


@pytest.mark.parametrize(
    "body, prop, bad_value",
    [
        ("The Beijing plant will have a total annual capacity of 100,000 vehicles, not the 300,000 vehicles widely reported.", "capacity.annual", 300000),
        ("Xiaomi said reports that it had obtained MIIT approval were untrue.", "approval.miit", "obtained"),
        ("Xiaomi failed to win approval from the MIIT in July.", "approval.miit", "obtained"),
        ("Xiaomi dropped CATL as a battery supplier in favour of CALB.", "supplier.battery", "CATL"),
        ("Lidar for every Xiaomi SU7 comes from Hesai, and the car runs on Nvidia's Thor chip.", "supplier.lidar", "Nvidia"),
        ("The SU7 uses a pack made by FinDreams, the battery arm of BYD.", "supplier.battery", "BYD"),
    ],
)
def test_extract_negation_and_refutation_do_not_become_facts(body, prop, bad_value):
    _, claims = claims_of(body, "2023-09-10")
    assert not [c for c in claims if c.property == prop and c.value == bad_value], dump(claims)


def test_extract_a_past_plan_is_not_an_achievement():
    _, claims = claims_of(
        "Xiaomi had originally planned to start mass production in 2023 but pushed it back to 2024.", "2024-01-10"
    )
    for c in claims:
        if c.property == "milestone.mass_production":
            assert c.qualifiers["status"] == "planned", dump(claims)


@pytest.mark.parametrize(
    "body, source",
    [
        ("Xiaomi now plans to begin mass production in December, said the second person.", "second person"),
        ("Deliveries of the Xiaomi SU7 will begin on April 3, Lei Jun said on stage, adding that orders were strong.", "Lei Jun"),
    ],
)
def test_extract_speaker_after_the_statement_is_kept(body, source):
    _, claims = claims_of(body, "2023-09-10")
    milestones = [c for c in claims if c.topic == "timeline"]
    assert milestones and all(c.attributed_to == source for c in milestones), dump(claims)


@pytest.mark.parametrize(
    "body, prop, value",
    [
        ("宁德时代 will supply batteries for the SU7, people familiar with the matter said.", "supplier.battery", "CATL"),
        ("Hesai Technology (formerly known as Hesai Photonics) supplies the lidar for Xiaomi's SU7.", "supplier.lidar", "Hesai"),
        ("The Xiaomi plant now turns out nearly 2,500 cars per week, the company said.", "production.output", 2500),
    ],
)
def test_extract_more_phrasings(body, prop, value):
    _, claims = claims_of(body, "2024-03-01")
    assert any(c.property == prop and c.value == value for c in claims), dump(claims)


def test_extract_unknown_supplier_keeps_its_former_name():
    _, claims = claims_of("Batteries for the Xiaomi SU7 are supplied by Zhongxin Power (formerly known as Luoyang Battery Works).")
    (c,) = [c for c in claims if c.topic == "supplier"]
    assert (c.entity, c.qualifiers.get("formerly")) == ("Zhongxin Power", "Luoyang Battery Works")


@pytest.mark.parametrize(
    "head",
    ["Related reading:", "**You might also like**", "More From Bloomberg", "Also read:", "Recommended reading", "Related coverage"],
)
def test_extract_a_list_of_links_holds_other_stories_headlines(head):
    body = (
        "The Xiaomi SU7 starts at 215,900 yuan, Xiaomi said.\n\n"
        f"{head}\n- CATL's Qilin pack: who has signed up so far\n- Li Auto L7 listed, price 319,800 yuan up\n\n"
        "Share: [X] [Email]\n\nXiaomi delivered 10,000 cars in May."
    )
    _, claims = claims_of(body, "2024-06-03")
    assert {c.value for c in claims} == {215900, 10000}, dump(claims)
