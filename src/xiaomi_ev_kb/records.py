"""What an exported record must hold: every field of an article or claim record, checked before
anything is written, so that an import never stores a value a reader cannot read back
(``published: "2023-02-31"`` once made every listing raise).

Pure functions: each check returns None or the one-line reason a field is wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .models import CERTAINTIES, TOPICS

VALUE_KINDS = ("quantity", "entity", "status", "time")
_HEX16 = re.compile(r"[0-9a-f]{16}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CLAIM_ID = re.compile(r"c[0-9a-f]{11}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Check = Callable[[Any], str | None]


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"is {_show(value)}, not a string"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a lone surrogate (\\ud800-\\udfff), not Unicode text"
    return None


def _filled(value: Any) -> str | None:
    return _text(value) or (None if value.strip() else "is empty")


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _one_of(choices: tuple[str | None, ...]) -> Check:
    shown = ", ".join("null" if c is None else c for c in choices)
    return lambda value: None if value in choices else f"is {_show(value)}, not one of {shown}"


def _matches(pattern: re.Pattern, what: str) -> Check:
    return lambda value: _text(value) or (None if pattern.fullmatch(value) else f"is {_show(value)}, not {what}")


def _count(low: int) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"is {_show(value)}, not a whole number"
        return None if value >= low else f"is {value}, less than {low}"

    return check


def _day(value: Any) -> str | None:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return f"is {_show(value)}, not a date (YYYY-MM-DD)"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"is {_show(value)}, not a real date"
    return None


def _moment(value: Any) -> str | None:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return f"is {_show(value)}, not an ISO date and time"
    return None


def _number(value: Any) -> str | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"is {_show(value)}, not a number"
    return None if math.isfinite(value) else f"is {_show(value)}, not a finite number"


def _flag(value: Any) -> str | None:
    return None if value in (0, 1) and not isinstance(value, float) else f"is {_show(value)}, not true, false, 0 or 1"


def _json_of(kind: type, what: str) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"is {_show(value)}, not {what} written as JSON text"
        try:
            parsed = json.loads(value)
        except ValueError:
            return f"is {_show(value)}, not JSON"
        return None if isinstance(parsed, kind) else f"is {_show(value)}, not {what}"

    return check


def _strings(value: str) -> str | None:
    return None if all(isinstance(x, str) for x in json.loads(value)) else f"is {_show(value)}, not a list of names"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


ARTICLE_FIELDS: dict[str, Check] = {
    "id": _matches(_HEX16, "16 hexadecimal digits"),
    "content_hash": _matches(_HEX64, "a SHA-256 hash (64 hexadecimal digits)"),
    "path": _filled,
    "title": _optional(_text),
    "url": _optional(_text),
    "publisher": _optional(_text),
    "author": _optional(_text),
    "published": _optional(_day),
    "published_precision": _one_of((None, "day", "month", "year")),
    "published_basis": _filled,
    "published_note": _text,
    "body_start": _count(0),
    "text": _filled,
    "loaded_at": _moment,
    "extractor_version": _filled,
    "source_key": _optional(_text),
    "version": _count(1),
    "superseded_by": _optional(_matches(_HEX16, "an article id (16 hexadecimal digits)")),
}

CLAIM_FIELDS: dict[str, Check] = {
    "id": _matches(_CLAIM_ID, "a claim id ('c' and 11 hexadecimal digits)"),
    "article_id": _matches(_HEX16, "an article id (16 hexadecimal digits)"),
    "topic": _one_of(TOPICS),
    "subject": _filled,
    "property": _filled,
    "value": _json_of(object, "a value"),
    "value_kind": _one_of(VALUE_KINDS),
    "unit": _optional(_text),
    "per": _optional(_filled),
    "value_high": _optional(_number),
    "approx": _flag,
    "bound": _one_of((None, "min", "max")),
    "period_start": _optional(_day),
    "period_end": _optional(_day),
    "period_label": _optional(_text),
    "entity": _optional(_text),
    "surface": _optional(_text),
    "qualifiers": _json_of(dict, "an object"),
    "certainty": _one_of(CERTAINTIES),
    "attributed_to": _optional(_text),
    "origin": lambda v: _json_of(list, "a list")(v) or _strings(v),
    "quote": _filled,
    "start": _count(0),
    "end": _count(0),
    "sentence": _filled,
    "sentence_start": _count(0),
    "rule": _filled,
}


def record_problem(record: Any) -> str | None:
    """Why this is not a valid exported article or claim record, in one line; None if it is."""
    if not isinstance(record, dict):
        return "not an exported article or claim record (a JSON object with a \"type\")"
    kind = record.get("type")
    fields = ARTICLE_FIELDS if kind == "article" else CLAIM_FIELDS if kind == "claim" else None
    if fields is None:
        return f"\"type\" is {_show(kind)}, not \"article\" or \"claim\""
    missing = [name for name in fields if name not in record]
    if missing:
        return f"{kind} record without {', '.join(missing[:4])}" + (" ..." if len(missing) > 4 else "")
    unknown = sorted(set(record) - set(fields) - {"type"})
    if unknown:
        return f"{kind} record with unknown field {unknown[0]!r} (written by a newer xiaomi-ev-kb? upgrade this one)"
    for name, check in fields.items():
        problem = check(record[name])
        if problem:
            return f"{kind} {_label(record)}: {name} {problem}"
    problem = _article_problem(record) if kind == "article" else _claim_problem(record)
    return f"{kind} {_label(record)}: {problem}" if problem else None


def _label(record: dict) -> str:
    rid = record.get("id")
    return rid if isinstance(rid, str) and len(rid) <= 20 else _show(rid)


def _article_problem(r: dict) -> str | None:
    if hashlib.sha256(r["text"].encode("utf-8")).hexdigest() != r["content_hash"]:
        return "content_hash is not the hash of its text (the text was changed after export)"
    if r["id"] != r["content_hash"][:16]:
        return "id is not the start of its content_hash"
    if r["body_start"] > len(r["text"]):
        return f"body_start {r['body_start']} is beyond the end of its text"
    if r["superseded_by"] == r["id"]:
        return "superseded_by names the article itself"
    return None


def _claim_problem(r: dict) -> str | None:
    value = json.loads(r["value"])
    if r["value_kind"] == "quantity":
        problem = _number(value)
        if problem:
            return f"value {problem} (its value_kind is quantity)"
    elif not isinstance(value, str):
        return f"value is {_show(r['value'])}, not a name or label (its value_kind is {r['value_kind']})"
    if (r["period_start"] is None) != (r["period_end"] is None):
        return "period_start and period_end: one is given without the other"
    if r["period_start"] is not None and r["period_start"] > r["period_end"]:
        return f"period_start {r['period_start']} is after period_end {r['period_end']}"
    if r["start"] > r["end"]:
        return f"start {r['start']} is after end {r['end']}"
    if len(r["quote"]) != r["end"] - r["start"]:
        return f"quote is {len(r['quote'])} characters long, but start and end are {r['end'] - r['start']} apart"
    if r["sentence_start"] > r["start"]:
        return f"sentence_start {r['sentence_start']} is after start {r['start']}"
    return None
