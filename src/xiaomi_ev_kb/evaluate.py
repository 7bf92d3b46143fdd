"""Measuring the extractor and the cross-check against hand-written expectations.

An expectations file (JSON) lists, per article file, the claims it must yield
(property plus any of value, entity, scope, period, unit, per), and across the
set the findings that must be flagged and the ones that must not. ``evaluate``
loads the articles into a throw-away in-memory run and reports recall, precision
and every miss, so a rule change can be judged by numbers, not impressions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .crosscheck import find_contradictions
from .errors import KBError
from .extract import extract_claims
from .ingest import read_article
from .models import Claim, Finding, Source


@dataclass
class Evaluation:
    expected_claims: int = 0
    matched_claims: int = 0
    extracted_claims: int = 0
    extracted_matching: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    expected_findings: int = 0
    found_findings: int = 0
    missed_findings: list[dict[str, Any]] = field(default_factory=list)
    false_findings: list[dict[str, Any]] = field(default_factory=list)
    dates_wrong: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def claim_recall(self) -> float:
        return self.matched_claims / self.expected_claims if self.expected_claims else 1.0

    @property
    def claim_precision(self) -> float:
        return self.extracted_matching / self.extracted_claims if self.extracted_claims else 1.0

    @property
    def finding_recall(self) -> float:
        return self.found_findings / self.expected_findings if self.expected_findings else 1.0

    @property
    def finding_precision(self) -> float:
        total = len(self.findings)
        return (total - len(self.false_findings)) / total if total else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "claims": {
                "expected": self.expected_claims,
                "matched": self.matched_claims,
                "recall": round(self.claim_recall, 3),
                "extracted": self.extracted_claims,
                "precision": round(self.claim_precision, 3),
            },
            "findings": {
                "expected": self.expected_findings,
                "found": self.found_findings,
                "recall": round(self.finding_recall, 3),
                "reported": len(self.findings),
                "false": len(self.false_findings),
                "precision": round(self.finding_precision, 3),
            },
            "missed_claims": self.missed,
            "unexpected_claims": self.unexpected,
            "missed_findings": self.missed_findings,
            "false_findings": self.false_findings,
            "dates_wrong": self.dates_wrong,
        }


def claim_matches(c: Claim, exp: dict[str, Any]) -> bool:
    """Does claim ``c`` satisfy every field the expectation names?"""
    if c.property != exp["property"]:
        return False
    if "value" in exp:
        v = exp["value"]
        if isinstance(v, int | float) and not isinstance(v, bool):
            try:
                if abs(float(c.value) - float(v)) > 1e-6 * max(1.0, abs(float(v))):
                    return False
            except (TypeError, ValueError):
                return False
        elif str(c.value) != str(v):
            return False
    if "entity" in exp and c.entity != exp["entity"]:
        return False
    if "scope" in exp and c.qualifiers.get("scope") != exp["scope"]:
        return False
    if "period" in exp and c.period_label != exp["period"]:
        # a finer period inside the expected one counts ("2023-06-MID" for "2023-06")
        if not (c.period_label or "").startswith(str(exp["period"]) + "-"):
            return False
    if "unit" in exp and c.unit != exp["unit"]:
        return False
    if "per" in exp and c.per != exp["per"]:
        return False
    return True


def spec_problem(spec: Any) -> str | None:
    """Why an expectations file does not have the shape evaluate reads, in one line; None if it
    does: {"articles": {file: {"published"?, "claims": [{"property", ...}]}}, "findings": [{"kind",
    "property", "files"?}], "non_findings": [{"property", "files"?, "why"?}]}."""
    if not isinstance(spec, dict):
        return f"expectations are a JSON object, not {type(spec).__name__ if spec is not None else 'null'}"
    articles = spec.get("articles", {})
    if not isinstance(articles, dict):
        return '"articles" is not an object of file names'
    for name, exp in articles.items():
        if not isinstance(exp, dict):
            return f'"articles" / {name!r} is not an object'
        claims = exp.get("claims", [])
        if not isinstance(claims, list) or not all(isinstance(c, dict) and isinstance(c.get("property"), str) for c in claims):
            return f'"articles" / {name!r} / "claims" is not a list of objects with a "property"'
        if exp.get("published") is not None and not isinstance(exp["published"], str):
            return f'"articles" / {name!r} / "published" is not a date string'
    for key, needed in (("findings", ("kind", "property")), ("non_findings", ("property",))):
        items = spec.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) and all(isinstance(i.get(k), str) for k in needed) for i in items):
            return f'"{key}" is not a list of objects with ' + " and ".join(f'"{k}"' for k in needed)
        if not all(isinstance(i.get("files", []), list) for i in items):
            return f'"{key}": "files" is not a list of file names'
    return None


def evaluate(articles_dir: str | Path, expected_path: str | Path | None = None) -> Evaluation:
    """Extract and cross-check the articles in ``articles_dir`` and compare with the expectations."""
    articles_dir = Path(articles_dir)
    expected_path = Path(expected_path) if expected_path else articles_dir.parent / "expected.json"
    try:
        spec = json.loads(expected_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KBError(f"{expected_path}: cannot read expectations ({exc})") from None
    problem = spec_problem(spec)
    if problem:
        raise KBError(f"{expected_path}: {problem} (tests/fixtures/expected.json shows the shape)")
    ev = Evaluation()
    all_claims: list[Claim] = []
    sources: dict[str, Source] = {}
    file_of: dict[str, str] = {}
    for name, exp in spec.get("articles", {}).items():
        article = read_article(articles_dir / name)
        claims = extract_claims(article)
        all_claims.extend(claims)
        file_of[article.id] = name
        sources[article.id] = Source(
            id=article.id,
            file=name,
            publisher=article.publisher,
            published=article.published,
            published_label=article.published_label,
            published_basis=article.published_basis,
        )
        got = article.published.isoformat() if article.published else None
        inferred_for_unknown = exp.get("published") is None and article.published_basis == "inferred"
        if "published" in exp and exp["published"] != got and not inferred_for_unknown:
            ev.dates_wrong.append({"file": name, "expected": exp["published"], "got": article.published_label})
        used: set[str] = set()
        for e in exp.get("claims", []):
            ev.expected_claims += 1
            hit = next((c for c in claims if c.id not in used and claim_matches(c, e)), None)
            if hit is None:
                hit = next((c for c in claims if claim_matches(c, e)), None)
            if hit is not None:
                ev.matched_claims += 1
                used.add(hit.id)
            else:
                ev.missed.append({"file": name, **e})
        expected_props = {e["property"] for e in exp.get("claims", [])}
        for c in claims:
            ev.extracted_claims += 1
            if any(claim_matches(c, e) for e in exp.get("claims", [])):
                ev.extracted_matching += 1
            else:
                ev.unexpected.append(
                    {
                        "file": name,
                        "property": c.property,
                        "value": c.value,
                        "scope": c.qualifiers.get("scope"),
                        "period": c.period_label,
                        "quote": c.quote,
                        "property_expected": c.property in expected_props,
                    }
                )
    findings = find_contradictions(all_claims, sources)
    ev.findings = findings
    by_id = {c.id: c for c in all_claims}

    def files_of(f: Finding) -> set[str]:
        return {file_of[by_id[i].article_id] for side in f.sides for i in side if i in by_id}

    matched_findings: set[str] = set()
    for e in spec.get("findings", []):
        ev.expected_findings += 1
        hit = [
            f
            for f in findings
            if f.kind == e["kind"] and f.property == e["property"] and set(e.get("files", [])) <= files_of(f)
        ]
        if hit:
            ev.found_findings += 1
            matched_findings.update(f.id for f in hit)
        else:
            ev.missed_findings.append(e)
    for f in findings:
        if f.id in matched_findings:
            continue
        for n in spec.get("non_findings", []):
            files = set(n.get("files", []))
            if n["property"] == f.property and files <= files_of(f) and (len(files) > 1 or f.kind == "self_contradiction"):
                ev.false_findings.append({"finding": f.kind, "property": f.property, "explanation": f.explanation, "why": n.get("why")})
                break
        else:
            ev.false_findings.append({"finding": f.kind, "property": f.property, "explanation": f.explanation, "why": "not expected"})
    return ev
