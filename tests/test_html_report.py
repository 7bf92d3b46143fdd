"""The visual report's data and page (html_report): one mark per dated claim, panels from the data,
findings drawn, article text never markup, nothing to fetch."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from xiaomi_ev_kb import open_db
from xiaomi_ev_kb.html_report import (
    claim_entities,
    html_page,
    panel_key,
    render_html,
    report_data,
    script_json,
    topic_figure,
)
from xiaomi_ev_kb.models import Claim, Finding, Source
from xiaomi_ev_kb.queries import all_claims, contradictions
from xiaomi_ev_kb.storage import all_sources


def _claim(article: str, prop: str, value, kind: str, start: int, topic: str = "deliveries", **kw) -> Claim:
    quote = kw.pop("quote", f"{prop} is {value}")
    return Claim(
        article_id=article, topic=topic, subject=kw.pop("subject", "Xiaomi Auto"), property=prop, value=value,
        value_kind=kind, quote=quote, start=start, end=start + len(quote), sentence=quote, sentence_start=start,
        rule="test", **kw,
    )


def _source(sid: str, published: date | None, publisher: str | None = None) -> Source:
    return Source(
        id=sid, file=f"/x/{sid}.md", publisher=publisher, published=published,
        published_label=published.isoformat() if published else None,
        published_basis="front matter" if published else "unknown", title=f"Article {sid}",
    )


def _marks(figure: dict) -> list[str]:
    return [cid for t in figure["data"] if t["meta"]["role"] == "claims" for cid in t["customdata"]]


# A topic and property no extractor has: the report must not care.
SOURCES = {"a": _source("a", date(2024, 1, 5), "Wire"), "b": _source("b", date(2024, 3, 1)), "u": _source("u", None)}
CLAIMS = [
    _claim("a", "deliveries.target", 100000.0, "quantity", 10, unit="vehicles", per="year"),
    _claim("b", "deliveries.target", 120000.0, "quantity", 10, unit="vehicles", per="year", value_high=130000.0),
    _claim("b", "deliveries.target", 120000.0, "quantity", 90, unit="vehicles", per="year"),  # same value, same day
    _claim("a", "deliveries.start", "2024-H1", "time", 50, period_start=date(2024, 1, 1),
           period_end=date(2024, 6, 30), period_label="2024-H1"),
    _claim("b", "deliveries.partner", "Acme Logistics", "entity", 50, entity="Acme Logistics", surface="Acme"),
    _claim("u", "deliveries.target", 90000.0, "quantity", 5, unit="vehicles", per="year"),  # undated
]
FINDING = Finding(
    topic="deliveries", kind="target_revision", subject="Xiaomi Auto", property="deliveries.target",
    explanation="The target moved from 100,000 to 120,000.", sides=[[CLAIMS[0].id], [CLAIMS[1].id, CLAIMS[2].id]],
    severity="low",
)


def test_html_report_one_mark_per_dated_claim_in_panels_from_the_data():
    fig = topic_figure(CLAIMS, SOURCES, [FINDING], {FINDING.id: 1})
    marks = _marks(fig)
    dated = [c.id for c in CLAIMS if SOURCES[c.article_id].published]
    assert sorted(marks) == sorted(dated)  # each dated claim exactly once; the undated one not at all
    titles = [a["text"] for a in fig["layout"]["annotations"] if "name" not in a]
    assert titles == ["deliveries.partner", "deliveries.start (the period claimed)", "deliveries.target (vehicles a year)"]
    kinds = {panel_key(c)[0] for c in CLAIMS}
    assert kinds == {"quantity", "time", "category"}


def test_html_report_ranges_and_findings_are_lines_without_marks():
    fig = topic_figure(CLAIMS, SOURCES, [FINDING], {FINDING.id: 1})
    by_role = {}
    for t in fig["data"]:
        by_role.setdefault(t["meta"]["role"], []).append(t)
    assert all(t["mode"] == "lines" for t in by_role["range"] + by_role["finding"])
    ranged = {cid for t in by_role["range"] for cid in t["customdata"]}
    assert ranged == {CLAIMS[1].id, CLAIMS[3].id}  # a span of numbers and a half-year
    (connector,) = by_role["finding"]
    assert connector["meta"]["findings"] == [FINDING.id]
    assert connector["customdata"][:2] == [CLAIMS[0].id, CLAIMS[2].id] or connector["customdata"][:2] == [CLAIMS[0].id, CLAIMS[1].id]
    labels = [a for a in fig["layout"]["annotations"] if a.get("name") == FINDING.id]
    assert [a["text"] for a in labels] == ["1"]
    # a ringed mark for every claim the finding cites
    rings = {cid: w for t in by_role["claims"] for cid, w in zip(t["customdata"], t["marker"]["line"]["width"], strict=True)}
    assert {cid for cid, w in rings.items() if w > 1} == {CLAIMS[0].id, CLAIMS[1].id, CLAIMS[2].id}


def test_html_report_marks_of_one_value_on_one_day_do_not_cover_each_other():
    fig = topic_figure(CLAIMS, SOURCES, [], {})
    points = [(x, y) for t in fig["data"] if t["meta"]["role"] == "claims" for x, y in zip(t["x"], t["y"], strict=True)]
    assert len(set(points)) == len(points)


def test_html_report_no_dated_claim_no_figure():
    assert topic_figure([CLAIMS[-1]], SOURCES, [], {}) is None


def test_html_report_data_lists_undated_claims_and_entities():
    data = report_data(CLAIMS, SOURCES, [FINDING], registered={"Xiaomi Auto"})
    (topic,) = data["topics"]
    assert topic["undated"] == [CLAIMS[-1].id]
    assert topic["dated"] == len(CLAIMS) - 1 and topic["findings"] == [FINDING.id]
    assert data["entities"] == ["Acme Logistics", "Xiaomi Auto"]
    c = data["claims"][CLAIMS[1].id]
    assert (c["start"], c["end"], c["quote"], c["source"]) == (CLAIMS[1].start, CLAIMS[1].end, CLAIMS[1].quote, "b")
    assert c["findings"] == [FINDING.id]
    assert data["findings"][FINDING.id]["number"] == 1
    json.dumps(data)  # JSON-ready as it is


def test_html_report_entities_of_a_claim():
    c = _claim("a", "supplier.battery", "CATL", "entity", 0, entity="CATL", attributed_to="Reuters",
               qualifiers={"parent": "CATL Group", "scope": "plant"})
    assert claim_entities(c, {"Reuters", "CATL Group"}) == ["Xiaomi Auto", "CATL", "Reuters", "CATL Group"]
    assert claim_entities(c) == ["Xiaomi Auto", "CATL"]  # unregistered names other than subject and value: not entities


def test_html_report_script_json_cannot_close_its_script():
    text = script_json({"q": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"q": "</script><script>alert(1)</script> & <!--"}


def test_html_report_article_text_is_escaped_in_the_page():
    evil = '<img src=x onerror="alert(1)"> "quoted" & </script>'
    claims = [_claim("a", "deliveries.target", 1.0, "quantity", 0, quote=evil, unit="vehicles")]
    sources = {"a": _source("a", date(2024, 1, 1), publisher=evil)}
    page = html_page(report_data(claims, sources, []), subtitle=evil)
    assert "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")  # only our own scripts close


def test_html_report_page_fetches_nothing(seeded_db):
    page = render_html(open_db(seeded_db))
    ours = page.split('<script type="application/json"')[0]  # markup before the data and plotly.js
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", ours, re.I)
    assert "<link" not in ours and "@import" not in ours
    assert page.count("<script") == 3  # data, plotly.js, ours: all inline
    assert not re.search(r"<script[^>]*\bsrc=", page)


def test_html_report_of_the_seeds_charts_every_claim(seeded_db):
    kb = open_db(seeded_db)
    page = render_html(kb)
    data = json.loads(re.search(r'<script type="application/json" id="kb-data">(.*?)</script>', page, re.S).group(1))
    claims = all_claims(kb)
    sources = all_sources(kb)
    assert set(data["claims"]) == {c.id for c in claims}
    for t in data["topics"]:
        expected = {c.id for c in claims if c.topic == t["topic"] and sources[c.article_id].published}
        assert sorted(_marks(t["figure"])) == sorted(expected), t["topic"]
    findings, _, _ = contradictions(kb)
    assert set(data["findings"]) == {f.id for f in findings}
    for f in findings:  # each explained in its topic, numbered in order
        t = next(t for t in data["topics"] if t["topic"] == f.topic)
        assert f.id in t["findings"]
        assert data["findings"][f.id]["number"] == t["findings"].index(f.id) + 1


def test_html_report_one_topic_and_as_of(seeded_db):
    kb = open_db(seeded_db)
    page = render_html(kb, topic="capacity", as_of=date(2023, 8, 25))
    data = json.loads(re.search(r'id="kb-data">(.*?)</script>', page, re.S).group(1))
    assert [t["topic"] for t in data["topics"]] == ["capacity"]
    assert all(c["published"] <= "2023-08-25" for c in data["claims"].values())
    assert len(data["claims"]) == 3  # two articles by then: 300,000 twice and 150,000 per phase


def test_html_report_unknown_topic_is_the_projects_error(seeded_db):
    from xiaomi_ev_kb.errors import KBError

    with pytest.raises(KBError, match="unknown topic"):
        render_html(open_db(seeded_db), topic="nonsense")


def test_html_report_progress_steps(seeded_db):
    steps = []
    render_html(open_db(seeded_db), on_step=lambda what, done, total: steps.append((what, done, total)))
    assert steps[0][0] == "reading claims"
    charted = [s for s in steps if s[0].startswith("charting ")]
    assert [d for _, d, _ in charted] == list(range(len(charted))) and len(charted) == charted[0][2]
    assert steps[-1] == ("writing", len(charted), len(charted))
