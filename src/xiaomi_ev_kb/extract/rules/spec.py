"""Specs: a car's figures by unit (battery energy, range, top speed, voltage platform, power,
0-100 km/h time), per trim.

"the Max gets a 101 kWh pack" (battery energy, Max); "a CLTC range of 800 km"; "an 871-volt
platform"; "265 km/h top speed for the Max"; a table row "YU7 Pro (AWD) | 96.3 kWh | 770 km"
(its header says which column is the range); "The standard and Pro versions carry a 96.3 kWh
battery" (one claim per trim); "830 km (Xiaomi SU7 Pro)"; "hits 100 km/h from standstill in 1.98
seconds" (the sprint time, not a top speed); machine translation's "capacity 93.7 degrees" (kWh).

Not specs: a charging rate ("add 510 km in 15 minutes"), a difference ("130 km more range"), a
conversion in brackets ("495 kW (673 hp)"), one motor's share beside the combined figure ("220 kW
front + 275 kW rear, 495 kW combined"), another company's car ("the Porsche Taycan Turbo S (2.8
s)"), and a figure the text gives for a configuration the article never ties to a trim ("Single
motor: 220 kW" where nothing says which trim has one motor).

The trim comes from :mod:`.trims`.
"""

from __future__ import annotations

import re

from ...models import claim_id
from ...quantities import Quantity
from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register, trims


@register("spec")
class SpecRule:
    topic = "spec"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.by_unit = {
            unit: (prop, re.compile(check, re.I) if check else None)
            for unit, (prop, check) in data.values["by_unit"].items()
        }
        self.units = set(self.by_unit) | {"V"}
        self.plausible = {unit: tuple(lim) for unit, lim in data.values["plausible"].items()}

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        aliases = trims.aliases(ctx)
        qs = self.quantities(ctx)
        head = (
            ctx.discourse.table_head(ctx.sent.paragraph) if ctx.discourse and "|" in view else None
        )
        if not qs or not (d.gate.search(view) or (head and d.gate.search(head))):
            return
        context = view + (" " + head if head else "")
        carried: list[str] | None = None
        for n, q in enumerate(qs):
            lo, hi = signals.region(view, q.start, q.end)
            if self.foreign(ctx, q, lo, hi):
                continue
            prop = self.property(view, context, q)
            if prop is None or self.not_its_own(view, q, qs[:n], prop):
                continue
            named = self.trims(ctx, q, qs, lo, hi, aliases)
            if named is None:
                continue  # "Single motor: 220 kW", and the article never says which trim has one motor
            if not named:
                if carried is None:
                    carried = trims.carried(ctx)
                named = [trims.Trim(name, -1, -1) for name in carried]
            span = self.span(view, q)
            for trim in named or [None]:
                variant = trim.name if trim is not None else None
                at, extra = span, {}
                if len(named) > 1:  # one claim per trim, each quoting its trim when it can
                    if trim.start >= 0:
                        at = (min(span[0], trim.start), max(span[1], trim.end))
                    a, b = signals.trim(view, *at)
                    extra["id"] = claim_id(
                        ctx.article.id,
                        prop,
                        ctx.sent.start + a,
                        ctx.sent.start + b,
                        f"{q.amount}@{variant}",
                    )
                ctx.add(
                    topic=self.topic,
                    subject=ctx.vehicle_subject(before=q.start),
                    prop=prop,
                    value=q.amount,
                    value_kind="quantity",
                    span=at,
                    rule=prop,
                    unit=q.unit,
                    approx=q.approx,
                    bound=q.bound,
                    value_high=q.high,
                    qualifiers={"variant": variant} if variant else {},
                    **extra,
                )

    def quantities(self, ctx: Context) -> list[Quantity]:
        """The figures with a spec unit; machine translation's "93.7 degrees" of a battery is kWh."""
        out = []
        for q in ctx.quantities:
            if (
                q.unit is None
                and self.d.degrees_kwh.match(ctx.view, q.end)
                and self.d.battery_words.search(ctx.view)
            ):
                q = Quantity(
                    q.start, q.end, q.text, q.amount, q.high, "kWh", q.per, q.approx, q.bound
                )
            if q.unit in self.units:
                out.append(q)
        return out

    def property(self, view: str, context: str, q: Quantity) -> str | None:
        d = self.d
        if q.unit == "V":
            before = view[max(0, q.start - 40) : q.start]
            if d.platform_after.match(view, q.end) or d.platform_before.search(before):
                return "spec.voltage_platform"
            if d.battery_voltage_before.search(before) and d.battery_words.search(view):
                return "spec.battery_voltage"
            return None
        prop, check = self.by_unit[q.unit]
        if check is not None and not check.search(context):
            return None
        low, high = self.plausible.get(q.unit, (0, float("inf")))
        if not low <= q.amount <= high:
            return None
        if q.unit == "km/h" and (
            d.not_top_speed.match(view, q.end)
            or d.not_top_speed_before.search(view[max(0, q.start - 20) : q.start])
        ):
            return None
        if (q.unit == "kWh" and d.consumption_after.match(view, q.end)) or (
            q.unit == "km" and d.consumption_before.search(view[max(0, q.start - 12) : q.start])
        ):
            return None  # "averaging 15.8 kWh/100km": consumption
        if q.unit == "km":
            if d.added_range.search(
                view[max(0, q.start - 30) : q.start]
            ) or d.range_after_not.match(view, q.end):
                return None
        return prop

    def not_its_own(self, view: str, q: Quantity, earlier: list[Quantity], prop: str) -> bool:
        """A conversion of the figure before it ("495 kW (673 hp)", "495 kW, equal to 673 PS"), or
        one motor's share beside the combined figure ("220 kW front + 275 kW rear, 495 kW combined",
        "power respectively 220kW and 275kW, comprehensive power 495kW")."""
        d = self.d
        if (
            earlier
            and d.conversion_between.fullmatch(view[earlier[-1].end : q.start])
            and self.by_unit.get(earlier[-1].unit, ("",))[0] == prop
        ):
            return True
        cell = (
            view.rfind("|", 0, q.start) + 1,
            view.find("|", q.end) % (len(view) + 1),
        )  # a table's cell, else the sentence
        if prop != "spec.power":
            return False
        one_motor = bool(
            d.one_motor_after.match(view, q.end)
            or d.one_motor_before.search(view[max(0, q.start - 30) : q.start])
        )
        if (
            one_motor
            and d.combined.search(view, *cell)
            and not d.combined.search(view[max(0, q.start - 25) : q.end + 12])
        ):
            return True
        # "front motor power 220kW, rear motor 275kW": each motor's figure, and no total
        return (
            one_motor
            and bool(d.front_motor.search(view, *cell))
            and bool(d.rear_motor.search(view, *cell))
        )

    def trims(
        self,
        ctx: Context,
        q: Quantity,
        qs: list[Quantity],
        lo: int,
        hi: int,
        aliases: dict[str, list[str]],
    ) -> list[trims.Trim] | None:
        """The trims a figure is for ([] for the car as a whole; None when it is for a configuration
        the article never tied to a trim)."""
        view = ctx.view
        named, config = trims.after(view, q.end, hi, aliases)
        if named:
            return named
        if config:
            return None
        same = [f for f in qs if f.unit == q.unit]
        aligned = trims.respectively(view, [(f.start, f.end) for f in same], trims.cars_named(ctx))
        if aligned is not None:
            return aligned[same.index(q)]
        named = trims.others(ctx, lo, q.start) or trims.before(view, lo, q.start)
        if not named and self.continues(ctx, lo, q.start):
            named = trims.before(
                view, 0, q.start
            )  # "The Max gets a 101.7 kWh battery, but its dual-motor setup with 508 kW ..."
        if named and self.d.shared_before.search(view, lo, q.start):
            more = trims.shared_with(view, q.end, hi)  # "sharing its 96.3 kWh pack with the Pro"
            named = named + [t for t in more if t.name not in {n.name for n in named}]
        if named:
            return named
        config = trims.configuration_as_trim(view, lo, q.start)
        if config is not None:
            found = aliases.get(config[0])
            return (
                [trims.Trim(n, config[1], config[2]) for n in found] if found else None
            )  # "The single-motor car gets 220 kW"
        return []

    def continues(self, ctx: Context, lo: int, pos: int) -> bool:
        """Does the statement from ``lo`` go on about the subject before it: no car, company or
        line-up of its own ("but its dual-motor setup ...", "but somehow less range (760km)")?"""
        if lo == 0 or trims.data().no_carry.search(ctx.view, lo, pos):
            return False
        return not any(
            lo <= m.start < pos and m.entity.kind in ("vehicle", "automaker", "company")
            for m in ctx.mentions
        )

    def foreign(self, ctx: Context, q: Quantity, lo: int, hi: int) -> bool:
        """Another company's figure: the statement is about it, or the last car or company named
        before the figure is another's ("the Porsche Taycan Turbo S (2.8 s)")."""
        if ctx.foreign_subject(before=q.start, lo=lo, hi=hi) or trims.other_makers_car(ctx):
            return True
        named = [
            m
            for m in ctx.mentions
            if lo <= m.start < q.start and m.entity.kind in ("automaker", "company", "vehicle")
        ]
        return (
            bool(named)
            and not ctx.is_family(named[-1])
            and bool(self.d.figure_of_car.fullmatch(ctx.view, named[-1].end, q.start))
        )

    def span(self, view: str, q) -> tuple[int, int]:
        head = view[max(0, q.start - 50) : q.start]
        m = self.d.span_head.search(head)
        start = q.start - (len(head) - m.start()) if m else q.start
        return start, q.end
