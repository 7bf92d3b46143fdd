"""Independent origins and corroboration: repeats of one report count once."""

from __future__ import annotations

from datetime import date

from xiaomi_ev_kb.models import Claim, Source
from xiaomi_ev_kb.origins import claim_origins, corroboration


def src(aid: str, day: date, publisher: str | None = None) -> Source:
    return Source(id=aid, file=f"{aid}.md", publisher=publisher, published=day, published_label=day.isoformat(), published_basis="front matter")


def claim(aid: str, sentence: str, origin: list[str] | None = None, value="obtained", certainty="stated") -> Claim:
    return Claim(
        article_id=aid, topic="approval", subject="Xiaomi Auto", property="approval.ndrc", value=value,
        value_kind="status", quote=sentence[:20], start=0, end=20, sentence=sentence, sentence_start=0,
        rule="r", origin=origin or [], certainty=certainty, qualifiers={"status": value},
    )


SOURCES = {
    "a": src("a", date(2023, 8, 23), "Wire"),
    "b": src("b", date(2023, 8, 25), "Blog"),
    "c": src("c", date(2023, 8, 30), "Portal"),
    "d": src("d", date(2023, 12, 1), "Later"),
}


def test_origins_named_source_is_one_origin_across_articles():
    cs = [
        claim("a", "Xiaomi won approval from the state planner, Reuters reported.", ["Reuters"]),
        claim("b", "According to Reuters, the NDRC approved Xiaomi's EV project.", ["Reuters"]),
    ]
    o = claim_origins(cs, SOURCES)
    backing = corroboration(cs, o)
    assert (backing.articles, backing.origins, backing.labels) == (2, 1, ("Reuters",))
    assert backing.describe() == "2 articles, 1 origin: Reuters"


def test_origins_unnamed_sources_within_two_weeks_are_one_origin():
    cs = [
        claim("a", "People familiar with the matter said the NDRC approved Xiaomi.", ["people familiar with the matter"]),
        claim("c", "Insiders say Xiaomi has been cleared by the state planner this month.", ["insiders"]),
        claim("d", "Sources say the planner approved Xiaomi again for a second plant.", ["sources"]),
    ]
    o = claim_origins(cs, SOURCES)
    assert o[cs[0].id] == o[cs[1].id] == "unnamed sources, 2023-08"
    assert o[cs[2].id] != o[cs[0].id], "four months later is another report"


def test_origins_near_copies_share_the_earlier_origin():
    text = "Xiaomi's joint venture is the fourth joint venture approved by the National Development and Reform Commission since the end of 2017."
    cs = [claim("a", text, ["Reuters"]), claim("b", "In addition, " + text.lower())]
    o = claim_origins(cs, SOURCES)
    assert o[cs[1].id] == "Reuters"


def test_origins_unattributed_repeat_inherits_the_articles_own_attribution():
    cs = [
        claim("a", "According to Reuters, the NDRC approved Xiaomi.", ["Reuters"]),
        claim("a", "The approval is the fourth since 2017."),
    ]
    o = claim_origins(cs, SOURCES)
    assert o[cs[1].id] == "Reuters"


def test_origins_own_reporting_when_nothing_is_attributed():
    cs = [claim("c", "We visited the plant; it has been approved by the NDRC.")]
    assert claim_origins(cs, SOURCES)[cs[0].id] == "own reporting of Portal (c.md)"


def test_origins_an_empty_source_name_counts_as_unnamed_sources():
    """An attribution chain naming "" (imported data) is unnamed sources within the two-week
    window, as a chain of generic words is: not one origin called "" across all dates."""
    cs = [
        claim("a", "Xiaomi won approval from the state planner, it said.", [""]),
        claim("b", "The NDRC approved Xiaomi's EV project in August.", [""]),
        claim("d", "Xiaomi had the planner's approval for months.", [""]),
    ]
    o = claim_origins(cs, SOURCES)
    assert [o[c.id] for c in cs] == ["unnamed sources, 2023-08", "unnamed sources, 2023-08", "unnamed sources, 2023-12"]
    assert corroboration(cs, o).origins == 2
