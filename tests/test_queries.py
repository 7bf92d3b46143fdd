"""Read paths: filters, sorting, provenance, sources — through the functions the CLI calls."""

from __future__ import annotations

import pytest

from xiaomi_ev_kb import open_db
from xiaomi_ev_kb.errors import KBError, NotFoundError
from xiaomi_ev_kb.queries import (
    ClaimFilter,
    entity_names,
    get_claim,
    list_claims,
    list_sources,
    provenance,
)


@pytest.fixture(scope="module")
def kb(seeded_db):
    return open_db(seeded_db)


def test_queries_entity_names_follow_aliases_and_owners():
    assert entity_names("Ningde era") == ["CATL"]
    assert "FinDreams Battery" in entity_names("BYD")
    assert entity_names("Acme Cells") == ["Acme Cells"]


def test_queries_filters_combine(kb):
    rows = list_claims(kb, ClaimFilter(topic="approval", entity="NDRC", source="000_"))
    assert rows
    assert all(c.topic == "approval" and s.file.endswith("000_b53e0775dae75248.txt") for c, s in rows)


def test_queries_sorted_by_publication_then_position(kb):
    rows = list_claims(kb)
    keys = [(s.published, s.file, c.start) for c, s in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize("text", ["%", "_", "'; DROP TABLE claim; --", "\\"])
def test_queries_text_filter_is_literal(kb, text):
    rows = list_claims(kb, ClaimFilter(text=text))
    assert all(text.lower() in c.quote.lower() for c, _ in rows)


def test_queries_unknown_topic_and_claim(kb):
    with pytest.raises(KBError, match="unknown topic"):
        list_claims(kb, ClaimFilter(topic="weather"))
    with pytest.raises(NotFoundError):
        get_claim(kb, "cdoesnotexist")


def test_queries_provenance_agree_and_conflict(kb):
    rows = list_claims(kb, ClaimFilter(topic="capacity"))
    c200 = next(c for c, _ in rows if c.value == 200000)
    p = provenance(kb, c200.id)
    assert {o.value for o in p["conflicting"]} == {300000}
    assert not p["agreeing"]
    c300 = next(c for c, _ in rows if c.value == 300000 and c.qualifiers["scope"] == "plant")
    assert any(o.value == 300000 for o in provenance(kb, c300.id)["agreeing"])


def test_queries_sources_counts(kb):
    rows = list_sources(kb)
    assert sum(r["claims"] for r in rows) == len(list_claims(kb))
