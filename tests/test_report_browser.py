"""The visual report in a real headless browser: Playwright driving Debian's chromium
(.ci/run installs it; Playwright's own browser download cannot be fetched here).

The page must load from file:// with no console error and no request leaving file://, chart
one mark per claim (counted from the database, compared with what the DOM and Plotly report),
show a claim's quote when its mark is clicked, and filter by topic and entity."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from xiaomi_ev_kb import open_db
from xiaomi_ev_kb.html_report import html_page, render_html, report_data
from xiaomi_ev_kb.models import Claim, Source
from xiaomi_ev_kb.queries import all_claims, get_claim
from xiaomi_ev_kb.storage import all_sources

CHROMIUM = Path(os.environ.get("XIAOMI_EV_KB_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
if not CHROMIUM.exists():
    pytest.skip(f"no browser at {CHROMIUM}: apt-get install -y chromium (as .ci/run does)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeded_page_file(seeded_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(open_db(seeded_db)), encoding="utf-8")
    return path


class Visit:
    """A page with what it said on the console and every request it made."""

    def __init__(self, browser, path: Path, hash_: str = ""):
        self.context = browser.new_context(viewport={"width": 1500, "height": 1000})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)  # nothing may leave file://; anything else is refused
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri() + hash_)
        self.page.wait_for_load_state("load")

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, seeded_page_file):
    opened = []

    def go(path: Path | None = None, hash_: str = "") -> Visit:
        v = Visit(browser, path or seeded_page_file, hash_)
        opened.append(v)
        return v

    yield go
    for v in opened:
        v.close()


def _section(page, topic: str):
    return page.locator(f'section[data-topic="{topic}"]')


def _draw(page, topic: str) -> None:
    """Scroll a topic's chart into view (charts are drawn as they come near) and wait for it."""
    chart = _section(page, topic).locator(".chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("el => el._fullData !== undefined", arg=chart.element_handle())


def _marks(page, topic: str) -> dict:
    """What the DOM and Plotly say a topic's chart holds."""
    return page.evaluate(
        """topic => {
            const gd = document.querySelector(`section[data-topic="${topic}"] .chart`);
            const points = [...gd.querySelectorAll('.scatterlayer .trace path.point')];
            const ids = points.map(p => {
                const trace = p.closest('.trace').__data__[0].trace;
                return trace.customdata[p.__data__.i];
            });
            const plotly = gd._fullData.filter(t => t.meta && t.meta.role === 'claims')
                .reduce((n, t) => n + t.x.length, 0);
            return {dom: points.length, plotly, ids};
        }""",
        topic,
    )


def _dated(seeded_db) -> dict[str, set[str]]:
    kb = open_db(seeded_db)
    sources = all_sources(kb)
    out: dict[str, set[str]] = {}
    for c in all_claims(kb):
        if sources[c.article_id].published:
            out.setdefault(c.topic, set()).add(c.id)
    return out


def test_browser_page_loads_offline_without_console_errors(visit):
    v = visit()
    assert v.errors == []
    assert v.requests and all(u.startswith("file://") for u in v.requests), v.requests
    assert v.page.title().startswith("Xiaomi EV claims")
    assert v.page.evaluate("typeof Plotly") == "object"


def test_browser_charts_offer_nothing_that_sends_data_away(visit):
    v = visit(hash_="#topic=capacity")
    _draw(v.page, "capacity")
    titles = v.page.eval_on_selector_all(
        'section[data-topic="capacity"] .modebar-btn', "bs => bs.map(b => b.getAttribute('data-title'))"
    )
    assert "Zoom" in titles
    assert not [t for t in titles if "share" in t.lower() or "cloud" in t.lower() or "edit" in t.lower()], titles
    assert v.page.locator('section[data-topic="capacity"] .chart a[href^="http"]').count() == 0


def test_browser_chart_has_one_mark_per_claim(visit, seeded_db):
    v = visit()
    expected = _dated(seeded_db)
    topics = v.page.eval_on_selector_all("section.topic", "els => els.map(e => e.dataset.topic)")
    assert set(topics) == set(expected)
    for topic in topics:
        _draw(v.page, topic)
        marks = _marks(v.page, topic)
        assert marks["dom"] == marks["plotly"] == len(expected[topic]), topic
        assert sorted(marks["ids"]) == sorted(expected[topic]), topic
    assert v.errors == []


def test_browser_clicking_a_point_shows_its_quote(visit, seeded_db):
    v = visit()
    kb = open_db(seeded_db)
    _draw(v.page, "capacity")
    point = v.page.locator('section[data-topic="capacity"] .scatterlayer .trace path.point').first
    claim_id = point.evaluate("p => p.closest('.trace').__data__[0].trace.customdata[p.__data__.i]")
    box = point.bounding_box()
    v.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    v.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    detail = v.page.locator("#detail")
    detail.locator(".detail-quote").wait_for()
    claim, source = get_claim(kb, claim_id)
    assert detail.get_attribute("data-claim") == claim_id
    assert detail.locator(".detail-quote").inner_text() == claim.quote
    assert detail.locator(".detail-sentence mark").inner_text() == claim.quote
    text = detail.inner_text()
    assert f"characters {claim.start}–{claim.end}" in text
    assert source.published_label in text and Path(source.file).name in text
    assert v.errors == []


def test_browser_topic_filter_hides_other_topics(visit):
    v = visit()
    v.page.select_option("#filter-topic", "capacity")
    sections = v.page.locator("section.topic")
    for i in range(sections.count()):
        s = sections.nth(i)
        assert s.is_visible() == (s.get_attribute("data-topic") == "capacity")
    assert v.page.evaluate("location.hash") == "#topic=capacity"
    _draw(v.page, "capacity")
    assert _marks(v.page, "capacity")["dom"] > 0
    v.page.click("#filter-reset")
    assert all(sections.nth(i).is_visible() for i in range(sections.count()))


def test_browser_a_shared_link_opens_filtered(visit):
    v = visit(hash_="#topic=supplier&entity=CATL")
    assert v.page.input_value("#filter-topic") == "supplier" and v.page.input_value("#filter-entity") == "CATL"
    assert not _section(v.page, "capacity").is_visible()


def test_browser_entity_filter_keeps_that_entitys_marks(visit, seeded_db):
    v = visit()
    kb = open_db(seeded_db)
    sources = all_sources(kb)
    naming = [c for c in all_claims(kb) if sources[c.article_id].published and "CATL" in (c.subject, c.entity)]
    assert naming
    v.page.select_option("#filter-entity", "CATL")
    _draw(v.page, "supplier")
    marks = _marks(v.page, "supplier")
    assert sorted(marks["ids"]) == sorted(c.id for c in naming if c.topic == "supplier")
    # the capacity chart keeps none, and its findings (which cite no CATL claim) are hidden
    _draw(v.page, "capacity")
    assert _marks(v.page, "capacity")["dom"] == 0
    assert v.page.locator('section[data-topic="capacity"] li.finding:visible').count() == 0
    assert v.page.locator('section[data-topic="supplier"] li.finding:visible').count() == 1
    assert v.errors == []


def test_browser_a_finding_lists_claims_that_open_their_quote(visit, seeded_db):
    v = visit(hash_="#topic=capacity")
    button = v.page.locator('section[data-topic="capacity"] li.finding .claim-link').first
    claim_id = button.get_attribute("data-claim")
    button.click()
    claim, _ = get_claim(open_db(seeded_db), claim_id)
    assert v.page.locator("#detail .detail-quote").inner_text() == claim.quote


def test_browser_article_text_is_shown_never_run(visit, tmp_path):
    """Quotes, titles and publishers are the articles' words: shown as written, never markup."""
    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    quote = f"capacity of 300,000 {evil}"
    claim = Claim(article_id="a", topic="capacity", subject="Xiaomi Beijing plant", property="capacity.annual",
                  value=300000.0, value_kind="quantity", unit="vehicles", per="year", quote=quote, start=0,
                  end=len(quote), sentence=quote, sentence_start=0, rule="test")
    source = Source(id="a", file="/x/a.md", publisher=evil, published=date(2024, 1, 2), published_label="2024-01-02",
                    published_basis="front matter", title=evil)
    path = tmp_path / "evil.html"
    path.write_text(html_page(report_data([claim], {"a": source}, []), subtitle=evil), encoding="utf-8")
    v = visit(path)
    _draw(v.page, "capacity")
    v.page.evaluate(f"window.kbReport.showClaim({claim.id!r})")
    assert v.page.locator("#detail .detail-quote").inner_text() == quote
    v.page.wait_for_timeout(200)
    assert v.dialogs == [] and v.errors == []
    assert v.page.locator("img[src=x]").count() == 0
