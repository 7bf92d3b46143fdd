"""The entity registry (``data/entities.tsv``): canonical names, kinds and aliases.

Aliases include translation variants and garbles ("Ningde era" = CATL,
"Zhongchuang Singapore Airlines" = CALB). An apposition "X (formerly known as Y)"
resolves to Y when Y is known, since the former name is the stable one. Unknown
organisations are kept under their own name by the callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import KBError


def data_dir() -> Path:
    """The reference-data folder: inside the installed package, else the project's ``data/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent.parent / "data"):
        if (candidate / "entities.tsv").is_file():
            return candidate
    raise KBError("reference data not found: reinstall the package (pip install -e .)")


@dataclass(frozen=True)
class Entity:
    canonical: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...] = ()  # "key=value" pairs of the fifth column

    def attr(self, key: str, default: str | None = None) -> str | None:
        return next((v for k, v in self.attrs if k == key), default)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity: Entity


class Registry:
    """Alias lookup and mention finding over one compiled pattern."""

    def __init__(self, entities: list[Entity]):
        self.entities = {e.canonical: e for e in entities}
        self._by_alias: dict[str, Entity] = {}
        for e in entities:
            for name in (e.canonical, *e.aliases):
                self._by_alias.setdefault(_key(name), e)
        # One-word Latin aliases are matched as written (or in capitals): "EVE" is EVE Energy,
        # "on the eve of" is not; "Lucid" the automaker, "a lucid account" not. Longer
        # aliases and Chinese names match in any case.
        written = sorted({n for e in entities for n in (e.canonical, *e.aliases)}, key=len, reverse=True)
        parts = []
        for n in written:
            if " " not in n.strip() and n.isascii():
                variants = sorted({n, n.upper()}, key=len, reverse=True)
                parts.append("(?-i:" + "|".join(re.escape(v) for v in variants) + ")")
            else:
                parts.append(_alias_pattern(n))
        alternation = "|".join(parts)
        self._pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])", re.I)
        # Trying that alternation at every character is slow; a match can only start where
        # an alias's first Latin word stands, or where one of the few other aliases (Chinese
        # names) matches, so only those places are tried — with the same pattern, so the
        # mentions found are exactly the ones a scan of every position finds.
        self._first_words = {w.group().lower() for n in written if (w := _WORD_RUN.match(n))}
        others = [_alias_pattern(n) for n in written if not _WORD_RUN.match(n)]
        self._other_starts = re.compile("|".join(others), re.I) if others else None
        self._formerly = re.compile(
            r"\s*\(\s*(?:formerly|previously|once)\s+(?:known\s+as|called|named)\s+([^()]{2,60}?)\s*\)",
            re.I,
        )

    def resolve(self, name: str) -> Entity | None:
        """The entity an alias names, or None (case-insensitive; spacing folded)."""
        return self._by_alias.get(_key(name))

    def canonical(self, name: str) -> str:
        """The canonical name for any alias; an unknown name is returned as written."""
        e = self.resolve(name)
        return e.canonical if e else " ".join(name.split())

    def aliases_of(self, name: str) -> list[str]:
        e = self.resolve(name)
        return [e.canonical, *e.aliases] if e else [name]

    def find(self, text: str) -> list[Mention]:
        """Known entity mentions in ``text``, longest first, with appositions resolved."""
        out: list[Mention] = []
        for m in self._matches(text):
            entity = self._by_alias[_key(m.group())]
            end = m.end()
            f = self._formerly.match(text, end)
            if f:
                former = self.resolve(f.group(1)) or self._prefix_entity(f.group(1))
                if former is not None:
                    entity = former
                end = f.end()
            if out and m.start() < out[-1].end:
                continue
            out.append(Mention(m.start(), end, text[m.start() : end], entity))
        return out

    def _matches(self, text: str) -> Iterator[re.Match]:
        """What ``self._pattern.finditer(text)`` yields, trying only the candidate starts."""
        starts = [w.start() for w in _WORD_RUN.finditer(text) if w.group().lower() in self._first_words]
        if self._other_starts is not None:
            pos = 0
            while (o := self._other_starts.search(text, pos)) is not None:
                starts.append(o.start())
                pos = o.start() + 1
            starts.sort()
        end = 0
        for start in starts:
            if start >= end and (m := self._pattern.match(text, start)) is not None:
                end = m.end()
                yield m

    def find_formerly(self, text: str) -> list[Mention]:
        """Appositions "X (formerly known as Y)" whose Y is known, whatever X is."""
        out = []
        for f in self._formerly.finditer(text):
            former = self.resolve(f.group(1)) or self._prefix_entity(f.group(1))
            if former is None:
                continue
            head = re.search(r"([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})\s*$", text[: f.start()])
            start = head.start(1) if head else f.start()
            out.append(Mention(start, f.end(), text[start : f.end()], former))
        return out

    def _prefix_entity(self, name: str) -> Entity | None:
        words = name.split()
        for n in range(len(words), 0, -1):
            e = self.resolve(" ".join(words[:n]))
            if e:
                return e
        return None


_WORD_RUN = re.compile(r"[A-Za-z0-9]+")


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").lower().split())


def _alias_pattern(name: str) -> str:
    parts = [re.escape(p) for p in name.split()]
    return r"\s+".join(parts)


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    path = data_dir() / "entities.tsv"
    entities: list[Entity] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise KBError(f"{path}:{n}: expected 'canonical<TAB>kind<TAB>parent<TAB>aliases<TAB>attributes'")
        aliases = tuple(a.strip() for a in (cols[3] if len(cols) > 3 else "").split("|") if a.strip())
        parent = cols[2].strip()
        attrs = []
        for pair in (cols[4] if len(cols) > 4 else "").split(";"):
            if not pair.strip():
                continue
            key, eq, value = pair.partition("=")
            if not eq or not key.strip():
                raise KBError(f"{path}:{n}: attribute {pair.strip()!r} is not 'key=value'")
            attrs.append((key.strip(), value.strip()))
        entities.append(
            Entity(cols[0].strip(), cols[1].strip(), None if parent in ("", "-") else parent, aliases, tuple(attrs))
        )
    return Registry(entities)

