"""Browsing the knowledge base in Datasette: its metadata, canned queries and the command that serves it.

Datasette is an optional extra (``pip install 'xiaomi-ev-kb[browse]'``). What it shows are the
tables and the plain SQL views of schema 7 (``claim_details``, ``source_details``,
``contradictions``, ``contradiction_claims``, ``claim_provenance``), so any SQLite client
reads the same. Full-text search runs on ``claim_fts``, the FTS5 trigram index of the claims'
quotes that triggers keep in step with the claim table (schema 3).
"""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import KBError
from .storage import KB

INSTALL_HINT = "pip install 'xiaomi-ev-kb[browse]'"

# What each table and view holds, and each column: shown by Datasette above the table and as
# column tooltips. tests/test_browsing.py fails when a column of these has no description.
_COLUMNS: dict[str, str] = {
    "claim_id": "The claim's stable id (as `xiaomi-ev-kb claims` lists it): a hash of the article's content, property, offsets and value.",
    "id": "Stable id of the row.",
    "topic": "What the claim is about, as the extractor files it (approval, capacity, supplier, timeline, …).",
    "subject": "The canonical entity the claim is about.",
    "property": "What is asserted, e.g. capacity.annual, supplier.battery, milestone.mass_production.",
    "value": "The claimed value: a number, a canonical organisation, a status word or a period label.",
    "value_kind": "quantity, entity, status or time.",
    "unit": "Unit of a quantity (vehicles, CNY, USD, kWh, …).",
    "per": "Rate period of a quantity (year, week, …).",
    "value_high": "Upper end of a range of quantities.",
    "approx": "1 when the article hedged the number (about, nearly, over).",
    "bound": "min for 'at least', max for 'up to'.",
    "period_label": "The time the claim applies to, HeidelTime-style (2024-H1, 2024-Q1, 2023-06/2023-07, by 2023-END).",
    "period_start": "First day of that period.",
    "period_end": "Last day of that period.",
    "scope": "Scope qualifier: plant, phase I, per phase, target, …",
    "status": "Status qualifier: planned, expected, obtained, pending, denied, achieved.",
    "entity": "Canonical organisation the value names (a supplier, a regulator).",
    "surface": "The words the article used for that organisation.",
    "certainty": "stated, reported, expected or speculated (speculated claims are not cross-checked).",
    "attributed_to": "Who the article attributes the claim to (Reuters, insiders, people familiar with the matter).",
    "origin": "The chain of attribution as far as the text says (JSON list).",
    "qualifiers": "Every qualifier of the claim (JSON object).",
    "quote": "The exact words: the article's stored text from start to end.",
    "sentence": "The sentence holding the quote.",
    "start": "Character offset where the quote starts in the article's stored text.",
    "end": "Character offset where the quote ends (exclusive).",
    "sentence_start": "Character offset where the sentence starts.",
    "rule": "The extractor rule that made the claim.",
    "source": "The article: publisher and file name, or the file name alone.",
    "publisher": "The article's publisher, when known.",
    "published": "Publication date (YYYY-MM-DD, or YYYY-MM when only the month is known).",
    "published_basis": "How the date is known: front matter, metadata, stated in text, inferred, unknown.",
    "published_precision": "day, month or year.",
    "published_note": "What the date was inferred from.",
    "title": "The article's title.",
    "url": "The article's URL, when known.",
    "file": "The article's file name.",
    "path": "The path the article was loaded from.",
    "article_id": "The article's id.",
    "claim_rowid": "The claim's rowid (what the full-text index of quotes points to).",
    "claims": "How many claims.",
    "version": "Version of the article at this URL or path (1 for the first).",
    "superseded_by": "Id of the newer version of the article, if any (its claims are then hidden from the views).",
    "loaded_at": "When the article was loaded (UTC).",
    "content_hash": "Hash of the article's text: the same text is stored once.",
    "author": "The article's author, when its metadata names one.",
    "body_start": "Character offset where the article's body starts (after front matter).",
    "text": "The article's text as stored: the file decoded, or a saved page's main text. Offsets count its characters.",
    "extractor_version": "Version of the extractor rules that made the article's claims.",
    "source_key": "What versions of one article share: its URL, else its resolved path.",
    "finding_id": "The finding's id (as `xiaomi-ev-kb contradictions` lists it).",
    "kind": "Kind of finding: value_conflict, supplier_divergence, missed_prediction, self_contradiction, …",
    "severity": "high, medium or low.",
    "explanation": "One plain sentence a journalist could paste.",
    "sides": "How many sides the finding has.",
    "side": "Which side of the finding the claim is on (1, 2, …).",
    "side_claim_ids": "The claim ids on each side (JSON list of lists).",
    "backing": "Per side: articles, independent origins and their labels (JSON).",
    "backing_articles": "How many articles make claims agreeing with this one (itself included).",
    "backing_origins": "How many independent origins those articles have (articles repeating one report count once).",
    "backing_labels": "The origins, named (JSON list).",
    "finding_ids": "Findings that cite the claim (JSON list of ids).",
    "findings": "Those findings: kind and explanation, one a line.",
}

_TABLES: dict[str, str] = {
    "claim_details": "Every claim of the current version of every article, with its article's metadata. Facet by source, topic or certainty; search the quotes.",
    "source_details": "Every article (all versions) with its publication date, how that date is known, and its number of claims.",
    "contradictions": "Every finding: a contradiction or divergence between claims, with one explanation. As of the last load, import or refresh.",
    "contradiction_claims": "The claims on each side of each finding, one row per claim, with quote, source and date.",
    "claim_provenance": "Where each claim comes from: article, sentence, offsets, certainty, attribution, rule, backing and the findings citing it.",
    "claim": "The claims as stored (values and qualifiers as JSON), every version of every article.",
    "article": "The articles as stored, with their full text; offsets count characters of this text.",
}

_HIDDEN = ("kb_meta", "dirty_partition", "claim_backing", "backing", "finding", "finding_claim")

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "contradictions_by_topic": {
        "title": "Contradictions by topic",
        "description": "The claims on each side of every finding of one topic (leave the topic empty for all), worst first.",
        "sql": (
            "SELECT finding_id, kind, severity, explanation, side, claim_id, value, unit, per, period_label, scope,"
            " status, certainty, quote, source, published, start, \"end\"\n"
            "FROM contradiction_claims\nWHERE :topic = '' OR topic = :topic\n"
            "ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END,"
            " topic, finding_id, side, published"
        ),
    },
    "claims_of_entity": {
        "title": "Claims of one entity",
        "description": "Claims whose subject, value, attribution or a qualifier names the entity (its canonical name, as `xiaomi-ev-kb entities` lists it; case is ignored).",
        "sql": (
            "SELECT claim_id, topic, subject, property, value, unit, per, period_label, scope, status, certainty,"
            " attributed_to, quote, source, published\n"
            "FROM claim_details\n"
            "WHERE subject = :entity COLLATE NOCASE OR entity = :entity COLLATE NOCASE"
            " OR attributed_to = :entity COLLATE NOCASE\n"
            "   OR EXISTS (SELECT 1 FROM json_each(qualifiers) q WHERE q.value = :entity COLLATE NOCASE)\n"
            "ORDER BY coalesce(published, '9999'), file, start"
        ),
    },
    "provenance_of_claim": {
        "title": "Provenance of one claim",
        "description": "One claim (by id, as `xiaomi-ev-kb claims` lists it): its article, sentence, offsets, certainty, attribution, rule, backing and findings.",
        "sql": "SELECT * FROM claim_provenance WHERE claim_id = :claim_id",
    },
}


def database_name(kb: KB) -> str:
    """The name Datasette gives the database: the file's name without its suffix."""
    return Path(kb.path).stem


def datasette_metadata(kb: KB) -> dict[str, Any]:
    """Datasette's metadata for this knowledge base: descriptions, facets, search, canned queries."""
    con = kb.raw()
    tables: dict[str, Any] = {}
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
    for name in names:
        if name.startswith("claim_fts") or name.startswith("sqlite_"):
            continue
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({_quoted(name)})")]
        entry: dict[str, Any] = {"columns": {c: _COLUMNS[c] for c in columns if c in _COLUMNS}}
        if name in _TABLES:
            entry["description"] = _TABLES[name]
        if name in _HIDDEN:
            entry["hidden"] = True
        tables[name] = entry
    if "claim_details" in tables:
        tables["claim_details"].update(
            facets=["source", "topic", "certainty"],
            fts_table="claim_fts",
            fts_pk="claim_rowid",
            sort="published",
        )
    if "claim" in tables:
        tables["claim"].update(facets=["topic"], fts_table="claim_fts", fts_pk="rowid")
    if "contradiction_claims" in tables:
        tables["contradiction_claims"].update(facets=["source", "topic", "kind"])
    if "contradictions" in tables:
        tables["contradictions"].update(facets=["topic", "kind", "severity"])
    if "source_details" in tables:
        tables["source_details"].update(facets=["publisher", "published_basis"])
    return {
        "title": "xiaomi-ev-kb",
        "description": "Sourced claims about Xiaomi's EV business and where sources contradict each other. "
        "Start with claim_details (search the quotes, facet by source) or contradictions.",
        "databases": {
            database_name(kb): {
                "description": f"Knowledge base {Path(kb.path).name}: read-only view.",
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def datasette_installed() -> bool:
    return importlib.util.find_spec("datasette") is not None


def datasette_command(kb: KB, metadata: Path, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> list[str]:
    """The command line that serves ``kb`` with ``metadata`` (a JSON file of datasette_metadata)."""
    cmd = [sys.executable, "-m", "datasette", "serve", str(kb.path), "--metadata", str(metadata), "--host", host, "--port", str(port)]
    return cmd + (["--open"] if open_browser else [])


def serve_datasette(
    kb: KB,
    host: str = "127.0.0.1",
    port: int = 8001,
    open_browser: bool = False,
    on_start: Callable[[str], None] | None = None,
) -> int:
    """Serve the knowledge base in Datasette until it stops (Ctrl-C); returns its exit status.

    ``on_start(url)`` is told where it will listen. KBError if Datasette is not installed."""
    if not datasette_installed():
        raise KBError(f"Datasette is not installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="xiaomi-ev-kb-") as tmp:
        metadata = Path(tmp) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(kb), ensure_ascii=False, indent=2), encoding="utf-8")
        if on_start:
            on_start(f"http://{host}:{port}/{database_name(kb)}")
        process = subprocess.Popen(datasette_command(kb, metadata, host, port, open_browser))
        # a SIGTERM (a service manager, a test stopping us) stops Datasette too, not only us
        previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())
        try:
            return process.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches Datasette too; let it finish
            process.terminate()
            return process.wait()
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            signal.signal(signal.SIGTERM, previous)
