"""Turning claims, findings and sources into JSON-ready dicts, CSV rows and Rich tables.

Article text shown in the terminal is escaped: Rich markup in an article prints
literally, and control characters (ESC and friends) are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .consensus import Consensus
from .evaluate import Evaluation
from .models import CERTAINTIES, Claim, Finding, Source
from .models import evidence as claim_evidence
from .origins import Corroboration

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Article text with control characters and direction overrides replaced by U+FFFD."""
    if text is None:
        return ""
    return _BIDI.sub("\ufffd", _CONTROL.sub("\ufffd", text))


def safe(text: str | None, style: str = "") -> Text:
    """Text from an article, safe to print: a Rich Text (never parsed as markup or emoji
    codes) with control sequences neutralised."""
    return Text(clean(text), style=style)


def lines(*parts: Text | str) -> Text:
    """Cell content: parts joined by newlines, each printed as it is (a plain string is cleaned
    like the article's text: field values come from the data)."""
    out = Text()
    for n, part in enumerate(parts):
        if n:
            out.append("\n")
        out.append(part if isinstance(part, Text) else safe(part))
    return out


def source_dict(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "file": s.file,
        "publisher": s.publisher,
        "published": s.published_label,
        "published_basis": s.published_basis,
        "title": s.title,
        "url": s.url,
        "version": s.version,
        "superseded_by": s.superseded_by,
    }


def claim_dict(c: Claim, s: Source | None, backing: Corroboration | None = None) -> dict[str, Any]:
    """The JSON contract of a claim (documented in the README)."""
    period = None
    if c.period_label or c.period_start:
        period = {
            "start": c.period_start.isoformat() if c.period_start else None,
            "end": c.period_end.isoformat() if c.period_end else None,
            "label": c.period_label,
        }
    return {
        "id": c.id,
        "topic": c.topic,
        "subject": c.subject,
        "property": c.property,
        "value": c.value,
        "value_kind": c.value_kind,
        "unit": c.unit,
        "per": c.per,
        "value_high": c.value_high,
        "approx": c.approx,
        "bound": c.bound,
        "period": period,
        "entity": c.entity,
        "surface": c.surface,
        "qualifiers": c.qualifiers,
        "certainty": c.certainty,
        "attributed_to": c.attributed_to,
        "origin": c.origin,
        "quote": c.quote,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "rule": c.rule,
        "corroboration": backing.to_dict() if backing else None,
        "source": source_dict(s)
        if s
        else {
            "id": c.article_id, "file": None, "publisher": None, "published": None, "published_basis": None,
            "title": None, "url": None, "version": None, "superseded_by": None,
        },
    }


def finding_fields(f: Finding) -> dict[str, Any]:
    """A finding's own fields, in the order the JSON contract gives them."""
    return {
        "id": f.id,
        "topic": f.topic,
        "kind": f.kind,
        "severity": f.severity,
        "subject": f.subject,
        "property": f.property,
        "explanation": f.explanation,
        "sides": f.sides,
        "backing": f.backing,
    }


def finding_dict(f: Finding, claims: dict[str, Claim], sources: dict[str, Source]) -> dict[str, Any]:
    """The JSON contract of a finding: its sides as claim ids, plus the evidence for each side."""
    evidence = [[claim_evidence(claims[cid], sources) for cid in side if cid in claims] for side in f.sides]
    return {**finding_fields(f), "evidence": evidence}


def to_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2)


def to_jsonl(items: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(i, ensure_ascii=False) for i in items)


def to_csv(items: list[dict[str, Any]]) -> str:
    """Flat CSV: nested values (period, source, qualifiers) become JSON text, and a text that a
    spreadsheet would run as a formula is prefixed with an apostrophe (see csv_cell)."""
    if not items:
        return ""
    buf = io.StringIO()
    cols = list(items[0].keys())
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for item in items:
        w.writerow({k: csv_cell(v) for k, v in item.items()})
    return buf.getvalue().rstrip("\n")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell. Text starting with =, +, -, @, a tab or a carriage return is
    prefixed with an apostrophe, as spreadsheet users expect (OWASP's advice on CSV injection):
    an article titled '=HYPERLINK(...)' must not become a live link or a command. A plain number
    written as text ('-12.5') is left alone: it cannot be a formula."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def format_value(c: Claim) -> str:
    if c.value_kind == "quantity":
        v = float(c.value)
        num = f"{v:,.0f}" if v == int(v) else f"{v:,}"
        if c.value_high is not None:
            num += f"–{float(c.value_high):,.0f}"
        prefix = {"min": "≥ ", "max": "≤ "}.get(c.bound or "", "~" if c.approx else "")
        unit = f" {c.unit}" if c.unit else ""
        per = f"/{c.per}" if c.per else ""
        return f"{prefix}{num}{unit}{per}"
    if c.value_kind == "entity":
        if c.surface and c.surface.lower() != str(c.value).lower():
            return f"{c.value} (“{c.surface}”)"
        return str(c.value)
    return str(c.value)


def claims_table(rows: list[tuple[Claim, Source]], backing: dict[str, Corroboration] | None = None) -> Table:
    t = Table(title=f"{len(rows)} claims", expand=True, show_lines=True)
    t.add_column("id", no_wrap=True, style="cyan", min_width=12)
    t.add_column("source", overflow="fold", ratio=2, min_width=12)
    t.add_column("claim", overflow="fold", ratio=3, min_width=22)
    t.add_column("certainty", overflow="fold", ratio=2, min_width=10)
    t.add_column("quote", overflow="fold", ratio=5, min_width=24)
    for c, s in rows:
        scope = c.qualifiers.get("scope")
        prop = c.property + (f" [{scope}]" if scope and scope not in ("target",) else "")
        value = format_value(c)
        if c.period_label and c.value_kind != "time":
            value += f" @ {c.period_label}"
        t.add_row(
            safe(c.id),
            lines(
                s.published_label or "undated",
                safe(s.publisher or s.file.rsplit("/", 1)[-1]),
                *([Text(f"superseded (v{s.version})", style="dim")] if s.superseded_by else []),
            ),
            lines(prop, safe(value, style="bold")),
            lines(
                c.certainty,
                *([safe(f"({c.attributed_to})")] if c.attributed_to else []),
                *([Text(_short_backing(backing[c.id]), style="green")] if backing and c.id in backing else []),
            ),
            safe(c.quote),
        )
    return t


_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


def findings_view(findings: list[Finding], claims: dict[str, Claim], sources: dict[str, Source]) -> Group:
    panels = []
    for f in findings:
        body = Text()
        body.append(clean(f.explanation) + "\n", style="bold")
        for n, side in enumerate(f.sides, start=1):
            if n <= len(f.backing):
                b = f.backing[n - 1]
                body.append(
                    f"\n  side {n}: {b['articles']} article{'s' if b['articles'] != 1 else ''}, "
                    f"{b['origins']} independent origin{'s' if b['origins'] != 1 else ''} ({clean('; '.join(b['labels']))})\n",
                    style="green",
                )
            for c in _by_date([claims[i] for i in side if i in claims], sources):
                s = sources.get(c.article_id)
                body.append(f"\n  side {n}  ", style="dim")
                body.append(clean(c.id), style="cyan")
                body.append(clean(f"  {s.when if s else '?'}  {s.name if s else c.article_id}") + "\n")
                body.append(f"          “{clean(c.quote)}”\n", style="italic")
        title = Text.assemble((clean(f.kind), _SEVERITY_STYLE.get(f.severity, "")), clean(f"  {f.topic}  {f.id}  severity {f.severity}"))
        panels.append(Panel(body, title=title, title_align="left"))
    if not panels:
        panels.append(Text("No contradictions found."))
    return Group(*panels)


LISTED = 20  # claims a provenance view lists of each kind; JSON lists them all


def _by_date(items: list[Claim], sources: dict[str, Source]) -> list[Claim]:
    def key(c: Claim):
        s = sources.get(c.article_id)
        return (s.published.isoformat() if s and s.published else "9999", c.article_id, c.start)

    return sorted(items, key=key)


def sources_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title=f"{len(rows)} sources", expand=True, show_lines=True)
    t.add_column("id", style="cyan", no_wrap=True, min_width=16)
    t.add_column("article", overflow="fold", ratio=4, min_width=20)
    t.add_column("publisher", overflow="fold", ratio=1, min_width=9)
    t.add_column("published (basis)", overflow="fold", ratio=3, min_width=16)
    t.add_column("claims", justify="right", min_width=6)
    for r in rows:
        basis = r["published_basis"] + (f": {r['published_note']}" if r.get("published_note") else "")
        t.add_row(
            safe(r["id"]),
            lines(safe(r["title"]), safe(r["file"], style="dim")),
            safe(r["publisher"] or "—"),
            lines(safe(r["published"] or "unknown", style="bold"), safe(basis)),
            str(r["claims"]),
        )
    return t


def provenance_view(p: dict[str, Any]) -> Group:
    c: Claim = p["claim"]
    s: Source = p["source"]
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("claim", Text.assemble(safe(c.id, style="cyan"), safe(f"  {c.property} = "), safe(format_value(c))))
    if c.period_label:
        meta.add_row("period", safe(f"{c.period_label}  ({c.period_start} – {c.period_end})"))
    if c.qualifiers:
        meta.add_row("qualifiers", safe(", ".join(f"{k}: {v}" for k, v in c.qualifiers.items() if v is not None)))
    meta.add_row("quote", safe(f"“{c.quote}”"))
    meta.add_row("certainty", safe(c.certainty))
    if p.get("corroboration"):
        meta.add_row("corroboration", safe(p["corroboration"].describe()))
    meta.add_row("attributed to", safe(" → ".join(c.origin) if c.origin else (c.attributed_to or "the article itself")))
    meta.add_row("article", safe(s.title))
    meta.add_row("file", safe(s.file))
    meta.add_row("publisher", safe(s.publisher or "unknown"))
    meta.add_row("published", safe(f"{s.published_label or 'unknown'} ({s.published_basis})"))
    if s.url:
        meta.add_row("url", safe(s.url))
    meta.add_row("offsets", f"{c.start}–{c.end} (sentence at {c.sentence_start})")
    meta.add_row("rule", safe(c.rule))
    sentence = Text(clean(c.sentence))
    a, b = c.start - c.sentence_start, c.end - c.sentence_start
    if 0 <= a <= b <= len(c.sentence):
        sentence.stylize("bold black on yellow", a, b)
    parts: list[Any] = [meta, Panel(sentence, title="sentence", title_align="left")]
    for title, claims, total, style in (
        ("Agreeing claims", p["agreeing"], len(p.get("agreeing_ids", p["agreeing"])), "bold green"),
        ("Conflicting claims", p["conflicting"], len(p.get("conflicting_ids", p["conflicting"])), "bold red"),
    ):
        if not total:
            continue
        parts.append(Text(f"{title} ({total:,}):", style=style))
        for o in claims[:LISTED]:
            src = p["sources"].get(o.article_id)
            parts.append(safe(f"  {o.id}  {src.when if src else '?'}  {src.name if src else ''}  “{o.quote}”"))
        if total > LISTED:
            parts.append(Text(f"  … and {total - LISTED:,} more (--format json lists every one)", style="dim"))
    for f in p["findings"]:
        parts.append(safe(f"Finding {f.id} ({f.kind}): {f.explanation}"))
    return Group(*parts)


def provenance_dict(p: dict[str, Any]) -> dict[str, Any]:
    c: Claim = p["claim"]
    d = claim_dict(c, p["source"], p.get("corroboration"))
    d["agreeing"] = list(p.get("agreeing_ids", [o.id for o in p["agreeing"]]))
    d["conflicting"] = list(p.get("conflicting_ids", [o.id for o in p["conflicting"]]))
    d["findings"] = [f.id for f in p["findings"]]
    d["highlight"] = {"sentence_start": c.sentence_start, "start": c.start - c.sentence_start, "end": c.end - c.sentence_start}
    return d


def _short_backing(b: Corroboration) -> str:
    return f"{b.articles} art., {b.origins} origin{'s' if b.origins != 1 else ''}"


def entities_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title=f"{len(rows)} entities", expand=True)
    t.add_column("entity", style="bold", overflow="fold", ratio=2, min_width=14)
    t.add_column("kind", no_wrap=True, min_width=9)
    t.add_column("claims", justify="right", min_width=6)
    t.add_column("aliases", overflow="fold", ratio=6)
    for r in rows:
        owner = f" (of {r['parent']})" if r.get("parent") else ""
        t.add_row(safe(r["entity"] + owner), safe(r["kind"]), str(r["claims"]), safe(" · ".join(r["aliases"])))
    return t


def timeline_view(rows: list[dict[str, Any]]) -> Group:
    parts: list[Any] = []
    for m in rows:
        t = Table(title=safe(f"{m['milestone']} — {m['subject']}"), title_justify="left", expand=True, show_lines=True)
        t.add_column("said on", no_wrap=True, min_width=10)
        t.add_column("for", overflow="fold", ratio=2, min_width=14)
        t.add_column("status", overflow="fold", ratio=1, min_width=9)
        t.add_column("source", overflow="fold", ratio=2, min_width=12)
        t.add_column("quote", overflow="fold", ratio=4, min_width=20)
        for e in m["entries"]:
            quote = lines(safe(f"“{e['quote']}”"), *[Text(clean(n), style="yellow") for n in e["notes"]])
            t.add_row(
                safe(e["said_on"] or "undated"),
                safe(e["for_text"] or e["for"] or "—"),
                lines(e["status"] or "", e["certainty"]),
                safe(e["source"]),
                quote,
            )
        parts.append(t)
    if not parts:
        parts.append(Text("No dated milestones in this view."))
    return Group(*parts)


def _md(text: str | None) -> str:
    """Article text in Markdown: control characters gone, Markdown syntax escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", clean(text))


def report_markdown(result: list[Consensus], sources: dict[str, Source], topic: str | None = None, as_of=None) -> str:
    """The consensus report as Markdown an analyst can paste into a memo."""
    title = "# Xiaomi EV claims: consensus and dissent"
    scope = []
    if topic:
        scope.append(f"topic: {topic}")
    if as_of:
        scope.append(f"as known on {as_of.isoformat()}")
    out = [title + (f" ({', '.join(scope)})" if scope else ""), ""]
    out.append(
        "Preferred value: backed by the most independent origins, then the most recent reporting. "
        "Articles repeating one report count as one origin."
    )
    by_topic: dict[str, list[Consensus]] = {}
    for r in result:
        by_topic.setdefault(r.topic, []).append(r)
    for t, items in by_topic.items():
        out += ["", f"## {t.capitalize()}"]
        for r in items:
            p = r.preferred
            out += ["", f"### {_md(r.key)}", "", f"- **Consensus:** {_md(p.value)} — {_md(p.backing.describe())}"]
            out += [_evidence_md(c, sources) for c in p.claims]
            for d in r.dissent:
                out.append(f"- **Dissent:** {_md(d.value)} — {_md(d.backing.describe())}")
                out += [_evidence_md(c, sources) for c in d.claims]
            earlier = "Earlier target" if r.property.endswith(".target") else "Earlier status"
            for d in r.earlier:
                out.append(f"- **{earlier}:** {_md(d.value)} — {_md(d.backing.describe())}")
                out += [_evidence_md(c, sources) for c in d.claims]
    if not result:
        out += ["", "No claims in this view."]
    return "\n".join(out) + "\n"


def _evidence_md(c: Claim, sources: dict[str, Source]) -> str:
    s = sources.get(c.article_id)
    who = f", per {_md(c.attributed_to)}" if c.attributed_to else ""
    return f"  - “{_md(c.quote)}” — {_md(s.cite() if s else c.article_id)}{who} [{c.id}]"


def evaluation_markdown(ev: Evaluation, details: bool = True) -> str:
    """The figures of an evaluation per topic, then (with ``details``) every miss."""
    s = ev.summary()
    fi = s["findings"]

    def row(name: str, t: dict[str, Any]) -> str:
        return (
            f"| {name} | {t['expected']} | {t['matched']} | {t['recall']:.2f} | {t['extracted']} | {t['correct']} | "
            f"{t['precision']:.2f} |"
        )

    out = [
        "# Evaluation",
        "",
        f"{s['articles']} articles.",
        "",
        "| claims | expected | matched | recall | extracted | correct | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    out += [row(name, t) for name, t in s["topics"].items()]
    out += [
        row("**approval, capacity, supplier, timeline**", s["core"]),
        row("**… and deliveries**", s["core_and_deliveries"]),
        row("**all**", s["claims"]),
        "",
        "| findings | expected | flagged | kind right | recall | contradictions reported | false alarms | revisions reported |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| contradictions | {fi['expected']} | {fi['found']} | {fi['kind_right']} | {fi['recall']:.2f} | "
        f"{fi['contradictions_reported']} | {fi['false']} | {fi['revisions_reported']} |",
        "",
        "An extracted claim counts as correct when it matches an annotated claim of its article; an unlisted "
        "claim counts as wrong even where it is true. A revision (a target raised, a planned date moved) is "
        "shown but is not a contradiction.",
    ]
    if s["certainty"]:
        out += ["", "| certainty: annotated \\ extracted | " + " | ".join(CERTAINTIES) + " |", "|---|" + "---:|" * len(CERTAINTIES)]
        for want, got in s["certainty"].items():
            out.append(f"| {want} | " + " | ".join(str(got.get(c, 0)) for c in CERTAINTIES) + " |")
    if details:
        for title, key in (
            ("Missed claims", "missed_claims"),
            ("Unexpected claims", "unexpected_claims"),
            ("Missed findings", "missed_findings"),
            ("False alarms", "false_findings"),
            ("Publication dates wrong", "dates_wrong"),
        ):
            if s[key]:
                out += ["", f"## {title}", ""]
                out += [f"- {json.dumps(item, ensure_ascii=False)}" for item in s[key]]
    return "\n".join(out) + "\n"


def status_table(status: dict[str, Any]) -> Table:
    t = Table(title="database", show_header=False)
    t.add_column(style="bold")
    t.add_column()
    for key, value in status.items():
        style = "" if key != "integrity" else ("green" if value == "ok" else "bold red")
        t.add_row(key.replace("_", " "), safe(str(value), style=style))
    return t
