"""The seed articles end to end: the claims and findings the knowledge base must produce.

These assertions name what a reader of the five seed articles expects; the rules
that produce them are general (see test_extract.py for phrasings of our own).
"""

from __future__ import annotations

import filecmp
from datetime import date

import pytest

from xiaomi_ev_kb import contradictions, list_claims, open_db
from xiaomi_ev_kb.queries import ClaimFilter, all_claims, article_text, list_sources

from conftest import ROOT, SEEDS

A000, A001, A002, A003, A004 = (
    "000_b53e0775dae75248.txt",
    "001_f80541abc1b20746.txt",
    "002_9cd80047efbb1761.txt",
    "003_121071bd72284f50.txt",
    "004_0964e1a482d1a04d.txt",
)


@pytest.fixture(scope="module")
def kb(seeded_db):
    return open_db(seeded_db)


@pytest.fixture(scope="module")
def rows(kb):
    return list_claims(kb)


def claims_in(rows, file, prop=None):
    return [c for c, s in rows if s.file.endswith(file) and (prop is None or c.property == prop)]


def test_seeds_are_byte_identical_to_shared():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds not present beside this checkout")
    for f in shared.iterdir():
        assert filecmp.cmp(f, SEEDS / f.name, shallow=False), f.name


def test_seeds_every_stored_claim_quotes_its_file_exactly(kb):
    claims = all_claims(kb)
    assert claims
    for c in claims:
        text = article_text(kb, c.article_id)
        assert text[c.start : c.end] == c.quote, c
        assert text[c.sentence_start : c.sentence_start + len(c.sentence)] == c.sentence, c
        assert c.sentence_start <= c.start <= c.end <= c.sentence_start + len(c.sentence)


def test_seeds_quotes_match_the_files_on_disk(rows):
    for c, s in rows:
        raw = (ROOT / s.file).read_text(encoding="utf-8") if not s.file.startswith("/") else open(s.file).read()
        assert raw[c.start : c.end] == c.quote


@pytest.mark.parametrize(
    "file, published, basis",
    [
        (A000, "2023-08-23", "inferred"),
        (A001, "2023-08-19", "inferred"),
        (A002, "2023-08-30", "stated in text"),
        (A003, "2023-09", "inferred"),
        (A004, "2022-10-19", "inferred"),
    ],
)
def test_seeds_publication_dates_and_basis(kb, file, published, basis):
    src = {s["file"].rsplit("/", 1)[-1]: s for s in list_sources(kb)}[file]
    assert (src["published"], src["published_basis"]) == (published, basis), src


@pytest.mark.parametrize("file", [A000, A001, A002, A003])
def test_seeds_ndrc_approval_of_august_2023(rows, file):
    ndrc = claims_in(rows, file, "approval.ndrc")
    assert ndrc, f"no NDRC approval claim in {file}"
    assert all(c.value == "obtained" for c in ndrc)
    dated = [c for c in ndrc if c.period_label]
    assert dated and all(c.period_label == "2023-08" for c in dated), [(c.quote, c.period_label) for c in ndrc]


def test_seeds_no_ndrc_claim_from_the_2022_article(rows):
    assert not claims_in(rows, A004, "approval.ndrc")


def test_seeds_miit_pending_then_expected_by_end_of_2023(rows):
    (pending,) = claims_in(rows, A002, "approval.miit")
    assert pending.value == "pending"
    (expected,) = claims_in(rows, A003, "approval.miit")
    assert expected.value == "expected" and expected.certainty == "expected"
    assert expected.period_end == date(2023, 12, 31) and expected.period_label == "by 2023-END"
    assert "people close to Xiaomi Automobile" in (expected.attributed_to or "")


def test_seeds_production_qualification_predicted_for_june_july_2023(rows):
    preds = [c for c in claims_in(rows, A004, "approval.production_qualification") if c.period_label == "2023-06/2023-07"]
    assert len(preds) == 1
    p = preds[0]
    assert (p.value, p.certainty) == ("expected", "expected")
    assert (p.period_start, p.period_end) == (date(2023, 6, 1), date(2023, 7, 31))
    assert p.attributed_to == "new energy vehicle research institute" or "research institute" in (p.attributed_to or "")


@pytest.mark.parametrize(
    "file, value, scope",
    [
        (A000, 300000, "plant"),
        (A000, 150000, "per phase"),
        (A004, 300000, "plant"),
        (A003, 150000, "per phase"),
        (A002, 200000, "plant"),
    ],
)
def test_seeds_capacity(rows, file, value, scope):
    caps = claims_in(rows, file, "capacity.annual")
    hits = [c for c in caps if c.value == value and c.qualifiers.get("scope") == scope]
    assert hits, [(c.value, c.qualifiers) for c in caps]
    assert all(c.unit == "vehicles" and c.per == "year" for c in hits)


def test_seeds_current_facilities_scope_is_kept(rows):
    (c,) = claims_in(rows, A002, "capacity.annual")
    assert "facilit" in c.qualifiers.get("facility", "")
    assert c.attributed_to and "source" in c.attributed_to


def test_seeds_production_target_and_prototypes(rows):
    (t,) = claims_in(rows, A002, "production.target")
    assert (t.value, t.approx, t.period_label, t.certainty) == (100000, True, "2024", "expected")
    weekly = claims_in(rows, A003, "production.trial_output")
    assert weekly and all(c.value == 50 and c.per == "week" for c in weekly)
    assert any(c.approx for c in weekly)


@pytest.mark.parametrize(
    "file, expected",
    [
        (A004, {("battery", "CATL"), ("battery", "FinDreams Battery"), ("lidar", "Hesai")}),
        (A000, {("battery", "CALB"), ("battery", "CATL")}),
        (A003, {("battery", "CALB")}),
    ],
)
def test_seeds_suppliers(rows, file, expected):
    got = {(c.qualifiers["component"], c.entity) for c in claims_in(rows, file) if c.topic == "supplier"}
    assert got == expected


def test_seeds_supplier_surface_forms_are_kept(rows):
    surfaces = {c.entity: c.surface for c in claims_in(rows, A000) if c.topic == "supplier"}
    assert surfaces == {"CALB": "Sinovel (formerly known as Zhongchuang Lithium)", "CATL": "Ningde era"}
    tiers = {c.entity: c.qualifiers.get("tier") for c in claims_in(rows, A000) if c.topic == "supplier"}
    assert tiers == {"CALB": "primary", "CATL": "secondary"}
    (calb,) = [c for c in claims_in(rows, A003) if c.topic == "supplier"]
    assert calb.surface.startswith("Zhongchuang Singapore Airlines")
    fin = [c for c in claims_in(rows, A004) if c.entity == "FinDreams Battery"]
    assert fin[0].qualifiers.get("parent") == "BYD"


@pytest.mark.parametrize(
    "file, prop, label, status",
    [
        (A000, "milestone.entry_announced", "2021-03", "achieved"),
        (A004, "milestone.entry_announced", "2021-03", "achieved"),
        (A000, "milestone.company_registered", "2021-09", "achieved"),
        (A000, "milestone.settled_beijing", "2021-11-27", "achieved"),
        (A004, "milestone.first_engineering_vehicle", "2022-09-END", "achieved"),
        (A003, "milestone.trial_production", "2023-08/2023-09", "achieved"),
        (A002, "milestone.mass_production", "2024-Q1", "planned"),
        (A000, "milestone.mass_production", "2024-H1", "planned"),
        (A000, "milestone.mass_production", "2024-START", "planned"),
        (A003, "milestone.mass_production", "2024-START", "planned"),
        (A003, "milestone.mass_production", "2024", "planned"),
    ],
)
def test_seeds_milestones(rows, file, prop, label, status):
    hits = [c for c in claims_in(rows, file, prop) if c.period_label == label]
    assert hits, [(c.period_label, c.quote) for c in claims_in(rows, file, prop)]
    assert hits[0].qualifiers["status"] == status


def test_seeds_relative_dates_of_000_resolve_against_august_2023(rows):
    early = [c for c in claims_in(rows, A000, "milestone.mass_production") if c.period_label == "2024-START"]
    assert early and early[0].period_start == date(2024, 1, 1)


def test_seeds_investment_price_and_specs(rows):
    (inv,) = claims_in(rows, A002, "investment.total")
    assert (inv.value, inv.unit) == (10_000_000_000, "USD")
    cny = [c for c in claims_in(rows, A004, "price.upper_limit") if c.unit == "CNY"]
    assert cny and cny[0].value == 300000 and cny[0].bound == "min" and cny[0].certainty == "expected"
    specs = {c.property: c.value for c in claims_in(rows, A001) if c.topic == "spec"}
    assert specs["spec.battery_energy"] == 101 and specs["spec.battery_voltage"] == 726.7
    spec800 = [c for c in claims_in(rows, A001, "spec.voltage_platform")]
    assert spec800 and spec800[0].certainty == "speculated"


def test_seeds_attribution(rows):
    reuters = [c for c in claims_in(rows, A001, "approval.production_qualification") if c.attributed_to == "Reuters"]
    assert reuters and reuters[0].certainty == "reported"
    insiders = [c for c in claims_in(rows, A000) if c.topic == "supplier"]
    assert all(c.attributed_to == "insiders" for c in insiders)


# --- findings -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings(kb):
    found, claims, sources = contradictions(kb)
    files = {cid: sources[c.article_id].file.rsplit("/", 1)[-1] for cid, c in claims.items()}
    return found, claims, files


def _sides_files(f, files):
    return [{files[i] for i in side} for side in f.sides]


def test_seeds_capacity_conflict_200k_vs_300k(findings):
    found, claims, files = findings
    caps = [f for f in found if f.kind == "value_conflict" and f.property == "capacity.annual"]
    assert len(caps) == 1
    f = caps[0]
    values = sorted({claims[i].value for side in f.sides for i in side})
    assert values == [200000, 300000]
    assert "200,000" in f.explanation and "300,000" in f.explanation
    assert {A002} in _sides_files(f, files)


def test_seeds_supplier_divergence(findings):
    found, claims, files = findings
    (f,) = [f for f in found if f.kind == "supplier_divergence"]
    sides = [{claims[i].entity for i in side} for side in f.sides]
    assert sides[0] == {"CATL", "FinDreams Battery"}
    assert sides[1] == {"CALB", "CATL"}
    assert "FinDreams" in f.explanation and "CALB" in f.explanation


def test_seeds_missed_prediction(findings):
    found, claims, files = findings
    (f,) = [f for f in found if f.kind == "missed_prediction"]
    assert _sides_files(f, files)[0] == {A004}
    assert all(claims[i].value == "obtained" for i in f.sides[1])
    assert "June" in f.explanation and "August 2023" in f.explanation


def test_seeds_no_false_alarms(findings):
    found, claims, files = findings
    kinds = sorted((f.kind, f.property) for f in found)
    assert kinds == [
        ("missed_prediction", "approval.production_qualification"),
        ("self_contradiction", "capacity.annual"),
        ("supplier_divergence", "supplier.battery"),
        ("value_conflict", "capacity.annual"),
    ], [f.explanation for f in found]


def test_seeds_003_gives_phase_one_two_capacities(findings):
    found, claims, files = findings
    (f,) = [f for f in found if f.kind == "self_contradiction"]
    assert _sides_files(f, files) == [{A003}, {A003}]
    assert "300,000" in f.explanation and "150,000" in f.explanation


def test_seeds_entity_filter_is_alias_aware(kb):
    by_alias = list_claims(kb, ClaimFilter(entity="Ningde era"))
    by_name = list_claims(kb, ClaimFilter(entity="CATL"))
    assert by_alias and [c.id for c, _ in by_alias] == [c.id for c, _ in by_name]
    assert all(c.entity == "CATL" for c, _ in by_alias)
