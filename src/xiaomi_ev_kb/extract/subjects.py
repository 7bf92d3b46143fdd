"""Who a claim is about, from the entity registry and ``data/rules/subjects.toml``.

The tracked company and everything under it in the registry (its car business, plants,
cars) is the *family*; a claim's subject is one of them. Cars are the family's entities of
kind ``vehicle``, plants those of kind ``plant``; adding either is one line in
``data/entities.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..registry import Entity, Registry, load_registry
from .ruledata import load_rule_data


@dataclass(frozen=True)
class Subjects:
    company: str
    business: str
    family: frozenset[str]  # canonical names of the company and every non-person entity under it
    vehicles: tuple[Entity, ...]  # the family's cars, in order of announcement
    plants: tuple[str, ...]  # the family's plants, in registry order

    @property
    def plant(self) -> str:
        return self.plants[0] if self.plants else self.business

    def is_family(self, e: Entity) -> bool:
        return e.canonical in self.family

    def is_family_person(self, e: Entity) -> bool:
        return e.kind == "person" and e.parent in self.family

    def is_vehicle(self, name: str) -> bool:
        return any(v.canonical == name for v in self.vehicles)

    def current_vehicle(self, on: date | None) -> str | None:
        """The car an article of this date means when it names none: the only one announced by
        then; before any was announced, the first; None when several were."""
        if not self.vehicles:
            return None
        if on is None:
            return None if len(self.vehicles) > 1 else self.vehicles[0].canonical
        announced = [v for v in self.vehicles if _date(v.attr("announced")) <= on]
        if not announced:
            return self.vehicles[0].canonical
        return announced[0].canonical if len(announced) == 1 else None


def _date(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else date.min
    except ValueError:
        return date.min


def build_subjects(registry: Registry) -> Subjects:
    cfg = load_rule_data("subjects").values
    company = cfg["company"]
    entities = registry.entities

    def under(e: Entity) -> bool:
        seen = set()
        while e is not None and e.canonical not in seen:
            if e.canonical == company:
                return True
            seen.add(e.canonical)
            e = entities.get(e.parent) if e.parent else None
        return False

    family = frozenset(e.canonical for e in entities.values() if e.kind != "person" and under(e))
    vehicles = sorted(
        (e for e in entities.values() if e.kind == "vehicle" and e.canonical in family),
        key=lambda v: (_date(v.attr("announced")), v.canonical),
    )
    plants = tuple(e.canonical for e in entities.values() if e.kind == "plant" and e.canonical in family)
    return Subjects(company, cfg["business"], family, tuple(vehicles), plants)


@lru_cache(maxsize=1)
def default_subjects() -> Subjects:
    return build_subjects(load_registry())
