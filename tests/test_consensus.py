"""Consensus: the preferred value is the one most independent origins back; nothing is dropped."""

from __future__ import annotations

from datetime import date

from xiaomi_ev_kb.consensus import build_consensus
from xiaomi_ev_kb.models import Claim, Source


def src(aid: str, day: date) -> Source:
    return Source(
        id=aid,
        file=f"{aid}.md",
        publisher=None,
        published=day,
        published_label=day.isoformat(),
        published_basis="front matter",
    )


def cap(aid: str, value: float, origin: list[str], start: int = 0) -> Claim:
    return Claim(
        article_id=aid,
        topic="capacity",
        subject="Xiaomi Beijing plant",
        property="capacity.annual",
        value=value,
        value_kind="quantity",
        unit="vehicles",
        per="year",
        quote=f"{value:,.0f} vehicles a year",
        start=start,
        end=start + 10,
        sentence="s",
        sentence_start=0,
        rule="r",
        origin=origin,
        qualifiers={"scope": "plant"},
    )


SOURCES = {k: src(k, date(2023, 8, n)) for n, k in enumerate("abcde", start=20)}


def test_consensus_prefers_independent_origins_over_article_count():
    claims = [
        cap("a", 200000, ["Reuters"]),
        cap("b", 200000, ["Reuters"]),
        cap("c", 200000, ["Reuters"]),
        cap("d", 300000, ["Bloomberg"]),
        cap("e", 300000, ["Lei Jun"]),
    ]
    (c,) = build_consensus(claims, SOURCES)
    assert c.preferred.value.startswith("300,000")
    assert (c.preferred.backing.articles, c.preferred.backing.origins) == (2, 2)
    (d,) = c.dissent
    assert d.value.startswith("200,000") and (d.backing.articles, d.backing.origins) == (3, 1)
    assert {x.id for x in c.preferred.claims} | {x.id for x in d.claims} == {x.id for x in claims}


def test_consensus_ties_go_to_the_most_recent_reporting():
    claims = [cap("a", 200000, ["Reuters"]), cap("e", 300000, ["Bloomberg"])]
    (c,) = build_consensus(claims, SOURCES)
    assert c.preferred.value.startswith("300,000") and c.preferred.latest == date(2023, 8, 24)


def test_consensus_speculation_is_left_out():
    spec = cap("a", 500000, [])
    spec.certainty = "speculated"
    assert build_consensus([spec], SOURCES) == []


def test_consensus_status_progress_is_history_not_dissent():
    def status(aid, value):
        return Claim(
            article_id=aid,
            topic="approval",
            subject="Xiaomi Auto",
            property="approval.ndrc",
            value=value,
            value_kind="status",
            quote=value,
            start=0,
            end=len(value),
            sentence=value,
            sentence_start=0,
            rule="r",
            qualifiers={"status": value},
            origin=[aid],
        )

    (c,) = build_consensus([status("a", "pending"), status("e", "obtained")], SOURCES)
    assert (
        c.preferred.value == "obtained"
        and not c.dissent
        and [g.value for g in c.earlier] == ["pending"]
    )


def _target(aid: str, value: float, origin: list[str], **quals) -> Claim:
    return Claim(
        article_id=aid, topic="deliveries", subject="Xiaomi Auto", property="delivery.target", value=value,
        value_kind="quantity", unit="vehicles", quote=f"{value:,.0f} vehicles", start=0, end=10, sentence="s",
        sentence_start=0, rule="r", origin=origin, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        period_label="2024", qualifiers=quals,
    )  # fmt: skip


def test_consensus_a_raised_target_prefers_its_last_value_and_keeps_the_others_as_history():
    """100,000 backed by three origins, then raised to 120,000 by one: the target is 120,000
    now (as the cross-check's target revision says); 100,000 is history, not dissent."""
    claims = [
        _target("a", 100_000, ["Reuters"]),
        _target("b", 100_000, ["Bloomberg"]),
        _target("c", 100_000, ["Lei Jun"]),
        _target("e", 120_000, ["Lei Jun"], revised=True),
    ]
    (c,) = build_consensus(claims, SOURCES)
    assert c.preferred.value == "120,000 vehicles" and not c.dissent
    assert [g.value for g in c.earlier] == ["100,000 vehicles"] and c.earlier[0].backing.origins == 3
    assert c.key == "Xiaomi Auto's delivery target for 2024"
