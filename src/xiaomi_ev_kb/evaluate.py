"""Measuring the extractor and the cross-check against hand annotations.

An expectations file (JSON, see ``corpus/GUIDE.md``) lists per article file the claims a
careful reader finds in it and, across the set, the findings that must be flagged and the
differences that must not. ``evaluate`` extracts and cross-checks the articles in memory
(nothing is stored) and compares, per topic, so a rule change is judged by numbers.

An expected claim is matched by an extracted claim of the same property whose every
annotated field agrees: subject, value (within rounding), supplier entity, unit, scope,
trim, status and period (the extracted period must lie inside the annotated one: "2024-03-28"
matches "2024-03", "2024" does not match "2024-03"). Each extracted claim serves one expected
claim; one that matches none counts against precision. A finding is matched by a
contradiction on the same property whose claims come from at least two of the files the annotation
names (the one file, for a self-contradiction); a contradiction matching none is a false alarm.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .crosscheck import find_contradictions
from .errors import KBError
from .extract import extract_claims
from .ingest import read_article
from .models import Claim, Finding, Source
from .timeexpr import label_interval

# findings that tell of a change over time; they are shown but are not contradictions
REVISION_KINDS = frozenset({"timeline_revision", "target_revision"})
# the topics whose claims the headline figures count
CORE_TOPICS = ("approval", "capacity", "supplier", "timeline")
TOPIC_ORDER = ("approval", "capacity", "supplier", "timeline", "deliveries", "production", "investment", "price", "spec")


def topic_of(prop: str) -> str:
    """The topic an annotated property belongs to (``delivery.target`` -> deliveries)."""
    head = prop.split(".", 1)[0]
    return {
        "milestone": "timeline",
        "delivery": "deliveries",
        "orders": "deliveries",
    }.get(head, head)


@dataclass
class TopicScore:
    expected: int = 0
    matched: int = 0
    extracted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def add(self, other: TopicScore) -> None:
        self.expected += other.expected
        self.matched += other.matched
        self.extracted += other.extracted
        self.correct += other.correct

    def to_dict(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "matched": self.matched,
            "recall": round(self.recall, 3),
            "extracted": self.extracted,
            "correct": self.correct,
            "precision": round(self.precision, 3),
        }


@dataclass
class Evaluation:
    topics: dict[str, TopicScore] = field(default_factory=lambda: defaultdict(TopicScore))
    missed: list[dict[str, Any]] = field(default_factory=list)
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    expected_findings: int = 0
    found_findings: int = 0
    kind_right: int = 0
    missed_findings: list[dict[str, Any]] = field(default_factory=list)
    false_findings: list[dict[str, Any]] = field(default_factory=list)
    dates_wrong: list[dict[str, Any]] = field(default_factory=list)
    certainty_confusion: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    findings: list[Finding] = field(default_factory=list)
    articles: int = 0

    def score(self, topics: tuple[str, ...] | None = None) -> TopicScore:
        total = TopicScore()
        for name, s in self.topics.items():
            if topics is None or name in topics:
                total.add(s)
        return total

    @property
    def expected_claims(self) -> int:
        return self.score().expected

    @property
    def claim_recall(self) -> float:
        return self.score().recall

    @property
    def claim_precision(self) -> float:
        return self.score().precision

    @property
    def contradictions(self) -> list[Finding]:
        return [f for f in self.findings if f.kind not in REVISION_KINDS]

    @property
    def finding_recall(self) -> float:
        return self.found_findings / self.expected_findings if self.expected_findings else 1.0

    @property
    def finding_precision(self) -> float:
        total = len(self.contradictions)
        return (total - len(self.false_findings)) / total if total else 1.0

    def summary(self) -> dict[str, Any]:
        order = [t for t in TOPIC_ORDER if t in self.topics] + sorted(set(self.topics) - set(TOPIC_ORDER))
        return {
            "articles": self.articles,
            "claims": self.score().to_dict(),
            "core": self.score(CORE_TOPICS).to_dict(),
            "core_and_deliveries": self.score((*CORE_TOPICS, "deliveries")).to_dict(),
            "topics": {t: self.topics[t].to_dict() for t in order},
            "findings": {
                "expected": self.expected_findings,
                "found": self.found_findings,
                "kind_right": self.kind_right,
                "recall": round(self.finding_recall, 3),
                "contradictions_reported": len(self.contradictions),
                "revisions_reported": len(self.findings) - len(self.contradictions),
                "false": len(self.false_findings),
                "precision": round(self.finding_precision, 3),
            },
            "certainty": {k: dict(v) for k, v in sorted(self.certainty_confusion.items())},
            "missed_claims": self.missed,
            "unexpected_claims": self.unexpected,
            "missed_findings": self.missed_findings,
            "false_findings": self.false_findings,
            "dates_wrong": self.dates_wrong,
        }


# --- matching ---------------------------------------------------------------------------------


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v).replace(",", ""))
    except ValueError:
        return None


_UNITS = {"vehicle": "vehicles", "units": "vehicles", "yuan": "CNY", "rmb": "CNY", "$": "USD", "usd": "USD", "cny": "CNY", "v": "V", "kwh": "kWh"}


def _unit(u: Any) -> str | None:
    if u is None:
        return None
    return _UNITS.get(str(u).lower(), str(u))


def claim_matches(c: Claim, exp: dict[str, Any]) -> bool:
    """Does claim ``c`` agree with every field the expectation names?"""
    if c.property != exp["property"]:
        return False
    if "subject" in exp and c.subject != exp["subject"]:
        return False
    if "value" in exp:
        want = exp["value"]
        if c.value_kind == "time":
            # a milestone's value is its period label: read like the period, by containment
            if not _period_fits(c, want):
                return False
        elif c.value_kind == "quantity":
            got, num = _number(c.value), _number(want)
            if got is None or num is None or abs(got - num) > 1e-6 * max(1.0, abs(num)):
                return False
        elif c.value_kind == "status" or isinstance(want, str):
            if str(c.value) != str(want):
                return False
    if "entity" in exp and (c.entity or c.value) != exp["entity"]:
        return False
    if "unit" in exp and c.value_kind == "quantity" and _unit(c.unit) != _unit(exp["unit"]):
        return False
    if "scope" in exp and c.qualifiers.get("scope") != exp["scope"]:
        return False
    if "variant" in exp and c.qualifiers.get("variant") != exp["variant"]:
        return False
    if "status" in exp and c.qualifiers.get("status", c.value if c.value_kind == "status" else None) != exp["status"]:
        return False
    if "period" in exp and not _period_fits(c, exp["period"]):
        return False
    return True


def _period_fits(c: Claim, label: Any) -> bool:
    """Is the claim's period the annotated one, or inside it ("2024-03-28" in "2024-03")?"""
    if c.period_label == label:
        return True
    want = label_interval(str(label))
    if want is None or c.period_start is None or c.period_end is None:
        return False
    return want.start <= c.period_start and c.period_end <= want.end


def _overlap(c: Claim, text: str, quote: str | None) -> bool:
    """Does the claim's span overlap a place where the annotated quote occurs?"""
    if not quote:
        return False
    pos = text.find(quote)
    while pos >= 0:
        if c.start < pos + len(quote) and pos < c.end:
            return True
        pos = text.find(quote, pos + 1)
    return False


def load_expectations(path: Path) -> dict[str, Any]:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KBError(f"{path}: cannot read expectations ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise KBError(f"{path}: not JSON ({exc})") from None
    problem = spec_problem(spec)
    if problem:
        raise KBError(f"{path}: {problem} (see corpus/GUIDE.md for the shape)")
    return spec


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
    spec = load_expectations(expected_path)
    ev = Evaluation()
    all_claims: list[Claim] = []
    sources: dict[str, Source] = {}
    file_of: dict[str, str] = {}
    for name, exp in spec.get("articles", {}).items():
        path = articles_dir / name
        if not path.is_file():
            raise KBError(f"{expected_path}: names {name}, which is not in {articles_dir}")
        article = read_article(path)
        ev.articles += 1
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
        _score_article(ev, name, article.text, claims, exp.get("claims", []))
    findings = find_contradictions(all_claims, sources)
    ev.findings = findings
    _score_findings(ev, spec, findings, {c.id: c for c in all_claims}, file_of)
    return ev


def _score_article(ev: Evaluation, name: str, text: str, claims: list[Claim], expected: list[dict[str, Any]]) -> None:
    # each extracted claim serves one expected claim: first those it stands at (its span overlaps
    # the annotated quote), then any that it matches elsewhere in the article
    fits = [[c for c in claims if claim_matches(c, e)] for e in expected]
    used: set[str] = set()
    hits: list[Claim | None] = [None] * len(expected)
    for n, e in enumerate(expected):
        hits[n] = next((c for c in fits[n] if c.id not in used and _overlap(c, text, e.get("quote"))), None)
        if hits[n] is not None:
            used.add(hits[n].id)
    for n in range(len(expected)):
        if hits[n] is None:
            hits[n] = next((c for c in fits[n] if c.id not in used), None)
            if hits[n] is not None:
                used.add(hits[n].id)
    for e, hit in zip(expected, hits, strict=True):
        topic = topic_of(e["property"])
        ev.topics[topic].expected += 1
        if hit is None:
            ev.missed.append({"file": name, **e})
            continue
        ev.topics[topic].matched += 1
        if e.get("certainty"):
            ev.certainty_confusion[e["certainty"]][hit.certainty] += 1
    props = {e["property"] for e in expected}
    for c in claims:
        topic = topic_of(c.property)
        ev.topics[topic].extracted += 1
        if c.id in used or any(claim_matches(c, e) for e in expected):
            ev.topics[topic].correct += 1
        else:
            ev.unexpected.append(
                {
                    "file": name,
                    "property": c.property,
                    "subject": c.subject,
                    "value": c.value,
                    "scope": c.qualifiers.get("scope"),
                    "variant": c.qualifiers.get("variant"),
                    "status": c.qualifiers.get("status"),
                    "period": c.period_label,
                    "certainty": c.certainty,
                    "quote": c.quote,
                    "property_expected": c.property in props,
                }
            )


def _score_findings(
    ev: Evaluation, spec: dict[str, Any], findings: list[Finding], by_id: dict[str, Claim], file_of: dict[str, str]
) -> None:
    def files_of(f: Finding) -> set[str]:
        return {file_of[by_id[i].article_id] for side in f.sides for i in side if i in by_id}

    contradictions = [f for f in findings if f.kind not in REVISION_KINDS]
    matched: set[str] = set()
    for e in spec.get("findings", []):
        if e.get("kind") in REVISION_KINDS:
            continue  # a revision is shown, not counted as a contradiction
        ev.expected_findings += 1
        files = set(e.get("files", []))
        # the same contradiction: same property, and among its articles at least two the
        # annotation names (the one, for an article contradicting itself); a big group's finding
        # need not cite every article a fact-checker listed
        need = min(2, len(files))
        hit = [f for f in contradictions if f.property == e["property"] and len(files & files_of(f)) >= need]
        if hit:
            ev.found_findings += 1
            ev.kind_right += any(f.kind == e.get("kind") for f in hit)
            matched.update(f.id for f in hit)
        else:
            ev.missed_findings.append(e)
    for f in contradictions:
        if f.id in matched:
            continue
        files = files_of(f)
        why = next(
            (
                n.get("why")
                for n in spec.get("non_findings", [])
                if n["property"] == f.property and set(n.get("files", [])) <= files
            ),
            "not expected",
        )
        ev.false_findings.append(
            {"finding": f.kind, "property": f.property, "files": sorted(files), "explanation": f.explanation, "why": why}
        )
