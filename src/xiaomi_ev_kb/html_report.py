"""The visual report: one self-contained HTML page charting every claim against its publication date.

Per topic, one Plotly figure of stacked panels that share the x axis (publication date). A
panel holds one property and one kind of value: a quantity in one unit and rate, a time
period, or a value read as a category (a supplier, a status, any other word). Each dated
claim is one mark, in a trace per comparison key; a range (a period, "100,000–120,000") is a
vertical line through its mark; each finding is a dotted connector between its sides, its
number beside it and its explanation in the list next to the chart. Clicking a mark shows
the claim's quote in its sentence, its source, publication date and character offsets.

Nothing here knows the topics, properties, value kinds or finding kinds: panels and series
come from the claims themselves. The page embeds plotly.js (the copy the plotly package
ships), its own script and styles, and the data: it opens without a network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .crosscheck import describe_key, format_period
from .models import Claim, Finding, Source
from .origins import Corroboration
from .render import finding_fields, format_value, source_dict

StepCallback = Callable[[str, int, int], None]  # (what is being done, steps done, steps in all)

_TEMPLATES = Path(__file__).resolve().parent / "templates"

# how a mark looks by the claim's certainty (unknown certainties get a square); all filled, so a
# finding's coloured ring shows round any of them
_SYMBOLS = {"stated": "circle", "reported": "diamond", "expected": "triangle-up", "speculated": "x"}
_SEVERITY_COLOURS = {"high": "#c0392b", "medium": "#e67e22", "low": "#7f8c8d"}
_RANGE_COLOUR = "rgba(90, 90, 90, 0.45)"
# the figures' look (plotly's "plotly_white", reduced to what these charts use)
_LOOK = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "font": {"color": "#2a3f5f"},
    "hovermode": "closest",
    "clickmode": "event",
    "dragmode": "zoom",
    "hoverlabel": {"align": "left"},
    "colorway": ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"],
}
_GRID = {"showgrid": True, "gridcolor": "#EBF0F8", "zeroline": False, "linecolor": "#EBF0F8", "showticklabels": True}
_HOVER_QUOTE = 160  # characters of the quote in a mark's hover label; the side panel shows it whole

# panel heights in pixels; category panels grow with their categories
_PANEL_PX = {"quantity": 230, "time": 250}
_CATEGORY_PX, _CATEGORY_ROW_PX = 130, 34
_GAP_PX = 70  # room between panels for the next panel's title
LABELS_SHOWN = 5  # origins named in a claim's backing on the page
_LABELLED = 60  # connectors of a topic's first findings carry their number (thousands of labels would bury the chart)


@dataclass
class Panel:
    """One y axis of a topic's figure: a property and a kind of value."""

    key: tuple
    kind: str  # quantity | time | category
    property: str
    unit: str | None = None
    per: str | None = None
    claims: list[Claim] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.kind == "quantity":
            unit = " ".join(x for x in (self.unit, f"a {self.per}" if self.per else None) if x)
            return f"{self.property} ({unit})" if unit else self.property
        if self.kind == "time":
            return f"{self.property} (the period claimed)"
        return self.property


def panel_key(c: Claim) -> tuple[str, tuple]:
    """Which kind of panel a claim goes in, and the key of that panel."""
    if c.value_kind == "quantity" and _number(c.value) is not None:
        return "quantity", ("quantity", c.property, c.unit, c.per)
    if c.value_kind == "time" and c.period_start and c.period_end:
        return "time", ("time", c.property)
    return "category", ("category", c.property)


def _number(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def category_of(c: Claim) -> str:
    """The label a categorical mark sits on: the canonical value (a supplier's canonical name,
    a status word); the words the article used are in the mark's label and the claim panel."""
    return str(c.value)


def claim_entities(c: Claim, registered: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The entities a claim names: its subject and entity value always, and any other name it
    carries (attribution, qualifiers) that the registry knows."""
    names = [c.subject]
    if c.entity:
        names.append(c.entity)
    if c.attributed_to in registered:
        names.append(c.attributed_to)
    for v in c.qualifiers.values():
        if isinstance(v, str) and v in registered:
            names.append(v)
    return list(dict.fromkeys(names))


def _escape(text: str) -> str:
    """Article text inside Plotly's hover labels, which read a little HTML: shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mid(a: date, b: date) -> date:
    return a + (b - a) / 2


def _stamp(d: datetime | date) -> str:
    return d.strftime("%Y-%m-%d %H:%M") if isinstance(d, datetime) else d.isoformat()


def topic_figure(
    claims: list[Claim],
    sources: dict[str, Source],
    findings: list[Finding],
    numbers: dict[str, int] | None = None,
) -> dict[str, Any] | None:
    """The Plotly figure (a JSON-ready dict) of one topic's dated claims; None if none is dated.

    Every dated claim is exactly one point of one trace whose ``meta.role`` is "claims", its
    id in ``customdata``. Ranges are a "range" trace per panel, findings' connectors a
    "finding" trace per panel and severity: line traces without markers, their segments
    separated by nulls, each vertex's claim id in ``customdata`` (and, for connectors, each
    segment's finding in ``meta.findings``). ``numbers`` gives each finding the number the
    page lists it under; connectors carry it as an annotation named by the finding's id.
    """
    numbers = numbers or {}
    dated = [c for c in claims if _published(c, sources)]
    if not dated:
        return None
    panels: dict[tuple, Panel] = {}
    for c in sorted(dated, key=lambda c: (c.property, _published(c, sources), c.article_id, c.start)):
        kind, key = panel_key(c)
        if key not in panels:
            panels[key] = Panel(key, kind, c.property, c.unit if kind == "quantity" else None, c.per if kind == "quantity" else None)
        panels[key].claims.append(c)
    ordered = sorted(panels.values(), key=lambda p: (p.property, p.kind, str(p.unit), str(p.per)))

    days = [_published(c, sources) for c in dated]
    span = max((max(days) - min(days)).days, 30)
    step = timedelta(days=span / 80)  # marks of one value on one day are set this far apart

    heights = [_panel_height(p) for p in ordered]
    plot_px = sum(heights) + _GAP_PX * (len(ordered) - 1)
    names = {describe_key(c) for c in dated}
    top, bottom = 40, 60 + 21 * min(len(names), 40)  # the legend sits below the plots
    total = plot_px + top + bottom
    # Plain plotly.js figure JSON: a y axis per panel, stacked, x axes matched to the first.
    # (plotly's Python figure classes validate every attribute: seconds for a few small charts)
    layout: dict[str, Any] = {
        **_LOOK,
        "height": total,
        "margin": {"l": 10, "r": 10, "t": top, "b": bottom},
        "showlegend": len(names) <= 40,
        "legend": {"orientation": "h", "y": -45 / plot_px, "yanchor": "top", "x": 0, "font": {"size": 11}},
    }
    annotations: list[dict[str, Any]] = []
    axes_of: list[dict[str, str]] = []
    upper = 1.0
    for row, (panel, px) in enumerate(zip(ordered, heights, strict=True), start=1):
        n = "" if row == 1 else str(row)
        lower = max(upper - px / plot_px, 0.0)
        x: dict[str, Any] = {"type": "date", "anchor": f"y{n}", "domain": [0.0, 1.0], **_GRID}
        if row > 1:
            x["matches"] = "x"
        y: dict[str, Any] = {"anchor": f"x{n}", "domain": [lower, upper], "automargin": True, **_GRID}
        if panel.kind == "category":
            y.update(type="category", categoryorder="array", categoryarray=_categories(panel))
        elif panel.kind == "time":
            y.update(type="date")
        else:
            y.update(type="linear", tickformat=",", rangemode="tozero")
        layout[f"xaxis{n}"], layout[f"yaxis{n}"] = x, y
        annotations.append(
            {
                "text": _escape(panel.title), "x": 0.5, "xref": "paper", "xanchor": "center", "y": upper,
                "yref": "paper", "yanchor": "bottom", "showarrow": False, "font": {"size": 14},
            }
        )
        axes_of.append({"xaxis": f"x{n}", "yaxis": f"y{n}"})
        upper = lower - _GAP_PX / plot_px
    traces: list[dict[str, Any]] = []

    # findings: the worst severity citing each claim (for the ring round its mark)
    ring: dict[str, str] = {}
    for f in findings:
        for side in f.sides:
            for cid in side:
                if cid not in ring or _SEVERITY_ORDER.get(f.severity, 3) < _SEVERITY_ORDER.get(ring[cid], 3):
                    ring[cid] = f.severity
    legend_seen: set[str] = set()
    for panel, axes in zip(ordered, axes_of, strict=True):
        where = _place(panel, sources, step)
        traces += _ranges(panel, where, axes)
        series: dict[str, list[Claim]] = defaultdict(list)
        for c in panel.claims:
            series[describe_key(c)].append(c)
        for name, members in series.items():
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": name not in legend_seen,
                    "x": [_stamp(where[c.id][0]) for c in members],
                    "y": [where[c.id][1] for c in members],
                    "customdata": [c.id for c in members],
                    "hovertext": [_hover(c, sources) for c in members],
                    "hoverinfo": "text",
                    "meta": {"role": "claims"},
                    "marker": {
                        "size": 11,
                        "symbol": [_SYMBOLS.get(c.certainty, "square") for c in members],
                        "opacity": [0.55 if c.certainty == "speculated" else 0.95 for c in members],
                        "line": {
                            "color": [_SEVERITY_COLOURS.get(ring.get(c.id, ""), "white") for c in members],
                            "width": [3 if c.id in ring else 1 for c in members],
                        },
                    },
                    **axes,
                }
            )
            legend_seen.add(name)
        t, a = _connectors(findings, panel, where, axes, numbers)
        traces += t
        annotations += a
    layout["annotations"] = annotations
    return {"data": traces, "layout": layout}


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _categories(panel: Panel) -> list[str]:
    return list(dict.fromkeys(category_of(c) for c in panel.claims))


def _published(c: Claim, sources: dict[str, Source]) -> date | None:
    s = sources.get(c.article_id)
    return s.published if s else None


def _panel_height(p: Panel) -> int:
    if p.kind == "category":
        return _CATEGORY_PX + _CATEGORY_ROW_PX * min(len(_categories(p)), 40)
    return _PANEL_PX[p.kind]


def _place(panel: Panel, sources: dict[str, Source], step: timedelta) -> dict[str, tuple[datetime, Any]]:
    """Each claim's (x, y): publication date and value; marks that would cover each other (one
    value, one day) are set side by side around noon of that day."""
    ys: dict[str, Any] = {}
    for c in panel.claims:
        if panel.kind == "quantity":
            ys[c.id] = float(c.value)
        elif panel.kind == "time":
            ys[c.id] = _mid(c.period_start, c.period_end).isoformat()
        else:
            ys[c.id] = category_of(c)
    crowd: dict[tuple, list[Claim]] = defaultdict(list)
    for c in panel.claims:
        crowd[(_published(c, sources), ys[c.id])].append(c)
    out = {}
    for (day, y), members in crowd.items():
        noon = datetime(day.year, day.month, day.day, 12)
        n = len(members)
        for i, c in enumerate(members):
            out[c.id] = (noon + step * (i - (n - 1) / 2), y)
    return out


def _ranges(panel: Panel, where: dict, axes: dict[str, str]) -> list[dict[str, Any]]:
    """A vertical line through each mark that stands for a range (a period, a span of numbers)."""
    xs: list[Any] = []
    ys: list[Any] = []
    ids: list[str] = []
    for c in panel.claims:
        x = _stamp(where[c.id][0])
        if panel.kind == "time" and c.period_start != c.period_end:
            lo, hi = c.period_start.isoformat(), c.period_end.isoformat()
        elif panel.kind == "quantity" and c.value_high is not None and _number(c.value_high) is not None:
            lo, hi = float(c.value), float(c.value_high)
        else:
            continue
        xs += [x, x, None]
        ys += [lo, hi, None]
        ids += [c.id, c.id, c.id]
    if not ids:
        return []
    return [
        {
            "type": "scatter", "mode": "lines", "x": xs, "y": ys, "customdata": ids, "hoverinfo": "skip",
            "showlegend": False, "line": {"color": _RANGE_COLOUR, "width": 4}, "meta": {"role": "range"}, **axes,
        }
    ]


def _connectors(
    findings: list[Finding], panel: Panel, where: dict, axes: dict[str, str], numbers: dict[str, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per severity, one line trace joining each finding's sides (from each side's latest mark
    in this panel to the next side's), and a numbered label on each connector."""
    segments: dict[str, tuple[list, list, list, list]] = {}
    annotations = []
    cats = {name: i for i, name in enumerate(_categories(panel))} if panel.kind == "category" else {}
    for f in findings:
        reps = []
        for side in f.sides:
            here = [cid for cid in side if cid in where]
            if here:
                reps.append(max(here, key=lambda cid: (where[cid][0], cid)))
        if len(reps) < 2:
            continue
        xs, ys, ids, owners = segments.setdefault(f.severity, ([], [], [], []))
        xs += [_stamp(where[cid][0]) for cid in reps] + [None]
        ys += [where[cid][1] for cid in reps] + [None]
        ids += reps + [None]
        owners.append(f.id)
        number = numbers.get(f.id)
        if number is None or number > _LABELLED:
            continue
        (x1, y1), (x2, y2) = where[reps[0]], where[reps[1]]
        y: Any
        if panel.kind == "quantity":
            y = (y1 + y2) / 2
        elif panel.kind == "time":
            y = _mid(date.fromisoformat(y1), date.fromisoformat(y2)).isoformat()
        else:  # a category axis places annotations by category number
            y = (cats[y1] + cats[y2]) / 2
        annotations.append(
            {
                "x": _stamp(x1 + (x2 - x1) / 2), "y": y, "xref": axes["xaxis"], "yref": axes["yaxis"],
                "text": str(number), "name": f.id, "showarrow": False, "borderpad": 2,
                "font": {"color": "white", "size": 11}, "bgcolor": _SEVERITY_COLOURS.get(f.severity, "#444"),
            }
        )
    traces = [
        {
            "type": "scatter", "mode": "lines", "x": xs, "y": ys, "customdata": ids, "hoverinfo": "skip",
            "showlegend": False, "connectgaps": False,
            "line": {"color": _SEVERITY_COLOURS.get(severity, "#444"), "width": 2, "dash": "dot"},
            "meta": {"role": "finding", "findings": owners}, **axes,
        }
        for severity, (xs, ys, ids, owners) in sorted(segments.items(), key=lambda kv: _SEVERITY_ORDER.get(kv[0], 3))
    ]
    return traces, annotations


def _hover(c: Claim, sources: dict[str, Source]) -> str:
    s = sources.get(c.article_id)
    quote = c.quote if len(c.quote) <= _HOVER_QUOTE else c.quote[: _HOVER_QUOTE - 1] + "…"
    value = format_value(c)
    if c.period_label and c.value_kind != "time":
        value += f" for {c.period_label}"
    lines = [
        f"<b>{_escape(value)}</b> ({_escape(c.certainty)})",
        _escape(s.cite() if s else c.article_id),
        "“" + _escape(quote) + "”",
    ]
    return "<br>".join(lines)


# --- the page's data ---------------------------------------------------------------------------


def report_data(
    claims: list[Claim],
    sources: dict[str, Source],
    findings: list[Finding],
    backing: dict[str, Corroboration] | None = None,
    registered: Iterable[str] = (),
    on_step: StepCallback | None = None,
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data: per topic its figure, findings and
    undated claims; every claim (with its quote, sentence, offsets and source), finding and
    source by id; the entities the claims name. Pure: no database."""
    backing = backing or {}
    known = frozenset(registered)
    by_topic: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_topic[c.topic].append(c)
    findings_of: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        findings_of[f.topic].append(f)
    cited: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        for side in f.sides:
            for cid in side:
                cited[cid].append(f.id)
    topics = sorted(set(by_topic) | set(findings_of))
    numbers: dict[str, int] = {}
    for t in topics:  # findings numbered per topic, in the order they are listed
        for n, f in enumerate(findings_of[t], start=1):
            numbers[f.id] = n
    out_topics = []
    for i, t in enumerate(topics):
        if on_step:
            on_step(f"charting {t}", i, len(topics))
        members = sorted(by_topic[t], key=lambda c: (_published(c, sources) or date.max, c.article_id, c.start))
        out_topics.append(
            {
                "topic": t,
                "claims": [c.id for c in members],
                "dated": sum(1 for c in members if _published(c, sources)),
                "undated": [c.id for c in members if not _published(c, sources)],
                "findings": [f.id for f in findings_of[t]],
                "figure": topic_figure(members, sources, findings_of[t], numbers),
            }
        )
    if on_step:
        on_step("writing", len(topics), len(topics))
    used = {c.article_id for c in claims}
    entities = sorted({n for c in claims for n in claim_entities(c, known)}, key=str.casefold)
    return {
        "topics": out_topics,
        "claims": {c.id: _claim_data(c, sources, known, cited.get(c.id, []), backing.get(c.id)) for c in claims},
        "findings": {f.id: _finding_data(f, numbers.get(f.id)) for f in findings},
        "sources": {sid: source_dict(s) for sid, s in sources.items() if sid in used},
        "entities": entities,
    }


def _claim_data(c: Claim, sources: dict[str, Source], known: frozenset[str], findings: list[str], b: Corroboration | None) -> dict[str, Any]:
    s = sources.get(c.article_id)
    return {
        "id": c.id,
        "topic": c.topic,
        "subject": c.subject,
        "property": c.property,
        "series": describe_key(c),
        "value": c.value,
        "value_text": format_value(c),
        "value_kind": c.value_kind,
        "period": c.period_label,
        "period_text": format_period(c) if c.period_label or c.period_start else None,
        "qualifiers": c.qualifiers,
        "certainty": c.certainty,
        "attributed_to": c.attributed_to,
        "origin": c.origin,
        "quote": c.quote,
        "sentence": c.sentence,
        "sentence_start": c.sentence_start,
        "start": c.start,
        "end": c.end,
        "rule": c.rule,
        "source": c.article_id,
        "published": s.published_label if s else None,
        "cite": s.cite() if s else c.article_id,
        "entities": claim_entities(c, known),
        "findings": findings,
        "backing": _backing(b),
    }


def _backing(b: Corroboration | None) -> dict[str, Any] | None:
    """A claim's backing, its origins named up to LABELS_SHOWN (crowded keys have hundreds)."""
    if b is None:
        return None
    return {"articles": b.articles, "origins": b.origins, "labels": list(b.labels[:LABELS_SHOWN])}


def _finding_data(f: Finding, number: int | None) -> dict[str, Any]:
    return {**finding_fields(f), "number": number}


# --- the page ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js as the plotly package ships it, ready to sit inside a <script> element."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def script_json(value: Any) -> str:
    """JSON that can sit inside <script type="application/json">: no '<', '>' or '&' as such."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_page(data: dict[str, Any], title: str = "Xiaomi EV claims", subtitle: str = "") -> str:
    """The page: data, plotly.js, script and styles in one HTML document."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(default=True))
    template = env.get_template("report.html.j2")
    return template.render(
        title=title,
        subtitle=subtitle,
        data=data,
        claims=data["claims"],

        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        data_json=script_json(data),
        plotly_js=plotly_js(),
        script=(_TEMPLATES / "report.js").read_text(encoding="utf-8"),
        style=(_TEMPLATES / "report.css").read_text(encoding="utf-8"),
    )


def render_html(kb, topic: str | None = None, as_of: date | None = None, on_step: StepCallback | None = None) -> str:
    """The visual report of the knowledge base (as known ``as_of`` a date, one topic or all)."""
    from .queries import all_claims, claim_backing, contradictions
    from .registry import load_registry
    from .storage import all_sources

    if on_step:
        on_step("reading claims", 0, 1)
    findings, _, _ = contradictions(kb, topic, as_of=as_of)  # checks the topic
    claims = [c for c in all_claims(kb, as_of) if not topic or c.topic == topic]
    sources = all_sources(kb)
    backing = claim_backing(kb, claims, as_of)
    data = report_data(claims, sources, findings, backing, load_registry().entities, on_step)
    scope = []
    if topic:
        scope.append(f"topic {topic}")
    if as_of:
        scope.append(f"as known on {as_of.isoformat()}")
    subtitle = f"{Path(kb.path).name}" + (f" · {', '.join(scope)}" if scope else "")
    return html_page(data, subtitle=subtitle)
