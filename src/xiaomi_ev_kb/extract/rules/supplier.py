"""Suppliers: which company supplies which component.

"the main suppliers of its batteries will be CATL and FinDreams Battery under BYD" (a closed
list); "lidar from Hesai"; "Hesai is the lidar supplier"; "Sinovel (formerly known as
Zhongchuang Lithium)" is CALB, by the registry's apposition rule. A company the registry
does not know is kept under its own name ("supplied by Acme Cells").
"""

from __future__ import annotations

import re

from ...registry import Entity, Mention
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@register("supplier")
class SupplierRule:
    topic = "supplier"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.components = {name: data.words[name] for name in data.values["components"]}
        self.owners = {e.parent for e in env.registry.entities.values() if e.kind == "supplier" and e.parent}

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        comps = sorted((m.start(), m.end(), name) for name, rx in self.components.items() for m in rx.finditer(view))
        if not comps:
            return
        candidates = [
            m
            for m in ctx.mentions
            if (m.entity.kind in ("supplier", "company") or m.entity.canonical in self.owners)
            and not ctx.is_family(m)
            and not d.owner_after.match(view[m.end : m.end + 40])
        ]
        for f in self.env.registry.find_formerly(view):
            if not any(c.start <= f.start < c.end for c in candidates):
                candidates.append(f)
        for u in d.supplied_by_unknown.finditer(view):
            # an organisation the registry does not know is kept under its own name
            name = re.sub(r"\s+(?:Co|Ltd|Inc|Corp)\.?$", "", u.group(1)).strip(" .,")
            if name and not any(c.start <= u.start(1) < c.end for c in ctx.mentions + candidates):
                candidates.append(Mention(u.start(1), u.start(1) + len(name), name, Entity(name, "supplier", None, ())))
        candidates.sort(key=lambda m: m.start)
        tiers = d.tiers.search(view)
        closed = bool(d.closed.search(view))
        by_comp: dict[str, list[Mention]] = {}
        for cand in candidates:
            if not ctx.mentions_family() and any(
                m.entity.kind == "automaker" and m.entity.canonical not in self.owners for m in ctx.mentions
            ):
                continue  # "CATL supplies battery cells to Tesla": another automaker's supplier
            comp = self.component_for(view, cand, comps)
            if comp is None:
                continue
            by_comp.setdefault(comp[2], []).append(cand)
            order = len(by_comp[comp[2]])
            qualifiers = {"component": comp[2], "closed_list": closed}
            if tiers:
                qualifiers["tier"] = "primary" if order == 1 else "secondary" if order == 2 else None
            if cand.entity.parent and cand.entity.parent not in ctx.subjects.family:
                qualifiers["parent"] = cand.entity.parent
            former = self.env.registry._formerly.match(view, cand.end)
            if former is None and cand.surface and "(" in cand.surface:
                former = d.formerly.search(cand.surface)
            if former is not None:
                qualifiers["formerly"] = former.group(1).strip()
            named_cars = [m for m in ctx.mentions if ctx.subjects.is_vehicle(m.entity.canonical)]
            if named_cars:
                qualifiers["vehicle"] = named_cars[0].entity.canonical
            ctx.add(
                topic=self.topic,
                subject=ctx.subjects.business,  # suppliers are compared across the company; the car is a qualifier
                prop=f"supplier.{comp[2]}",
                value=cand.entity.canonical,
                value_kind="entity",
                span=(min(comp[0], cand.start), max(comp[1], cand.end)),
                rule="supplier.named",
                entity=cand.entity.canonical,
                surface=ctx.article.text[ctx.sent.start + cand.start : ctx.sent.start + cand.end],
                qualifiers=qualifiers,
            )

    def component_for(self, view: str, cand: Mention, comps: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
        """The component an organisation is named as supplying, or None.

        Either the component comes first ("batteries will be supplied by CATL", "lidar
        from Hesai", "battery suppliers have finalized CALB and CATL"), or the
        organisation does ("Hesai is the lidar supplier", "uses Nvidia chips",
        "picked CATL as its battery supplier").
        """
        d = self.d
        if d.owner_before.search(view[max(0, cand.start - 30) : cand.start]):
            return None  # "FinDreams, the battery arm of BYD": the owner, not a second supplier
        if d.former.search(view[max(0, cand.start - 40) : cand.start]):
            return None
        before = [
            c for c in comps if c[1] <= cand.start and not re.search(r"\b(?:while|whereas)\b|;|,\s+and\s", view[c[1] : cand.start])
        ]
        if before:
            comp = before[-1]
            between = view[comp[1] : cand.start]
            if len(between) <= 120 and (
                d.supply.search(between)
                or d.supply.search(view[: comp[0]][-60:])
                or re.search(r"\bwill\s+be\b|\b(?:is|are)\b|\binclude\w*\b", between, re.I)
            ):
                return comp
        after = [c for c in comps if c[0] >= cand.end and c[0] - cand.end <= 60]
        if after:
            comp = after[0]
            between = view[cand.end : comp[0]]
            tail = view[comp[1] : comp[1] + 30]
            head = view[max(0, cand.start - 60) : cand.start]
            supplier_noun = d.supplier_noun.match(tail)
            uses = d.uses.search(head)
            supplies = d.supplies.match(between)
            if (
                supplies
                or (supplier_noun and re.search(r"\b(?:is|was|will\s+be|as|became)\b", between, re.I))
                or (uses and d.entity_then_component.match(between))
                or (uses and re.match(r"^\s+(?:[A-Z0-9][\w-]*\s+){0,4}$", between))
                # "a Hesai lidar", "Nvidia's Drive Thor chip": a supplier naming the part
                or (cand.entity.kind == "supplier" and re.match(r"^(?:'s)?(?:\s+[A-Z0-9][\w-]*){0,3}\s+$", between))
            ):
                return comp
        return None
