"""Rule data: the trigger words and patterns of each rule, read from ``data/rules/<name>.toml``.

A rule file has up to three tables:

* ``[words]``: phrase lists. Each list becomes one case-insensitive pattern matching any of
  its phrases on word boundaries; a space matches any run of spacing and a trailing ``*``
  any word ending (``announc*`` = announce, announced, announcing).
* ``[patterns]``: regular expressions (Python syntax, case-insensitive). A value may be a
  string, or a list of alternatives joined with ``|``. ``(?-i:...)`` makes a part
  case-sensitive.
* ``[values]``: anything else a rule reads (tables of names, numbers); ``case_sensitive``
  lists the word lists and patterns matched as written.

Everything is compiled once per process; rules read ``data.NAME`` (a word list or a pattern).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import KBError
from ..registry import data_dir


def phrases(items: list[str]) -> str:
    """An alternation of phrases: spaces match any spacing, a trailing * any word ending."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+").replace(r"\*", r"\w*") for w in sorted(items, key=len, reverse=True)
    )


@dataclass(frozen=True)
class RuleData:
    """One rule file, compiled."""

    name: str
    words: dict[str, re.Pattern] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, key: str) -> re.Pattern:
        for table in ("patterns", "words"):
            found = object.__getattribute__(self, table).get(key)
            if found is not None:
                return found
        raise AttributeError(f"rule data {self.name!r} has no word list or pattern {key!r}")


def compile_rule_data(name: str, raw: dict[str, Any]) -> RuleData:
    where = f"data/rules/{name}.toml"
    exact = set(raw.get("values", {}).get("case_sensitive", ()))
    words: dict[str, re.Pattern] = {}
    lists: dict[str, list[str]] = {}
    for key, items in raw.get("words", {}).items():
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise KBError(f"{where}: words.{key} must be a list of phrases")
        lists[key] = items
        words[key] = re.compile(rf"\b(?:{phrases(items)})\b", 0 if key in exact else re.I)
    patterns: dict[str, re.Pattern] = {}
    for key, value in raw.get("patterns", {}).items():
        source = "|".join(value) if isinstance(value, list) else value
        if isinstance(value, list):
            source = f"(?:{source})"
        try:
            patterns[key] = re.compile(source, 0 if key in exact else re.I)
        except (re.error, TypeError) as exc:
            raise KBError(f"{where}: patterns.{key} is not a regular expression ({exc})") from None
    data = RuleData(name, words, lists, patterns, dict(raw.get("values", {})))
    # each word list and pattern also as an attribute of its own (data.NAME without a lookup
    # through __getattr__ on every call: rules read them a hundred thousand times a corpus)
    for key, rx in {**words, **patterns}.items():
        if key not in RuleData.__dataclass_fields__:
            object.__setattr__(data, key, rx)
    return data


@cache
def load_rule_data(name: str) -> RuleData:
    path = data_dir() / "rules" / f"{name}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KBError(f"{path}: cannot read rule data ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise KBError(f"{path}: not valid TOML ({exc})") from None
    return compile_rule_data(name, raw)
