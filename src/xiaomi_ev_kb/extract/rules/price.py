"""Prices: what a car costs, per trim.

"The SU7 starts at 215,900 yuan" (starting price); "prices top out at 299,900 yuan" (upper
limit); "the Pro is priced at 245,900 yuan", "Standard 215,900 yuan, Pro 245,900" (a trim's
price); "at a price of 253,500-329,900 yuan" (both ends); "netizens guess between 200,000 and
300,000 yuan" (both ends, speculated). A parenthesised conversion is the same price in another
currency, not another claim; a difference ("30,000 yuan less than a Model 3"), a price cut, an
average selling price or another company's price is not a price of ours.
"""

from __future__ import annotations

import re

from ...quantities import Quantity
from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register

_NAMES = {"base": "standard", "entry-level": "standard", "entry level": "standard"}


@register("price")
class PriceRule:
    topic = "price"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.currencies = set(data.values["currencies"])
        self.low, self.high = data.values["range"]

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        triggers = list(d.price.finditer(view))
        in_table = "|" in view and self.table_of_prices(ctx)
        if not triggers and not in_table and " at " not in view:
            return
        previous: Quantity | None = None  # the last price taken, for conversions and bare list items
        for q in ctx.quantities:
            unit = q.unit
            if unit is None and previous is not None and self.listed_after(view, previous, q):
                unit = previous.unit  # "Standard 215,900 yuan, Pro 245,900, Max 299,900"
            if unit not in self.currencies or not self.low <= q.amount < self.high:
                continue
            if d.difference_after.match(view, q.end) or d.difference_before.search(view[max(0, q.start - 40) : q.start]):
                continue
            if d.not_a_price.search(view[max(0, q.start - 60) : q.start]) or d.per_unit_after.match(view, q.end):
                continue
            if signals.in_parenthesis(view, q.start) and previous is not None and previous.unit != unit:
                continue  # "($29,870)": the same price in another currency
            before = [t for t in triggers if t.end() <= q.start and q.start - t.end() <= 100]
            trig = before[-1] if before else None
            at_car = bool(d.at_sum_before.search(view[max(0, q.start - 20) : q.start])) and any(
                ctx.subjects.is_vehicle(m.entity.canonical) for m in ctx.mentions if m.start < q.start
            )
            if trig is None and not (in_table or at_car or (previous is not None and self.listed_after(view, previous, q))):
                continue
            anchor = trig.start() if trig is not None else q.start
            lo, hi = signals.region(view, anchor, q.end)
            if self.foreign(ctx, q, lo):
                continue
            variant = self.variant(view, q, lo) or self.car_variant(ctx, q)
            subject = ctx.vehicle_subject(before=q.start)
            presale = d.presale.search(view, max(lo, anchor - 60), q.start)
            for prop, value in self.properties(view, q, trig, lo, variant, previous):
                qualifiers: dict = {"variant": variant} if variant else {}
                if presale:
                    qualifiers["stage"] = "pre-sale"
                ctx.add(
                    topic=self.topic,
                    subject=subject,
                    prop=prop,
                    value=value,
                    value_kind="quantity",
                    span=(min(anchor, q.start), q.end),
                    rule=prop,
                    unit=unit,
                    approx=q.approx,
                    bound=q.bound if q.high is None else None,
                    qualifiers=qualifiers,
                )
            previous = q if q.unit else Quantity(q.start, q.end, q.text, q.amount, q.high, unit, q.per, q.approx, q.bound)

    def properties(
        self, view: str, q: Quantity, trig, lo: int, variant: str | None, previous: Quantity | None
    ) -> list[tuple[str, float]]:
        """(property, value) pairs the figure states: both ends of a range, else one. The words
        that decide are those since the previous price of the sentence: in "starts at 215,900
        yuan for the standard version, with the Pro at 245,900 yuan" the second is the Pro's."""
        d = self.d
        if previous is not None and re.search(r"\bto\s*$", view[max(0, q.start - 6) : q.start]) and re.search(
            r"\bfrom\s+(?:about\s+|around\s+)?\S*$", view[max(lo, previous.start - 20) : previous.start], re.I
        ):
            return [("price.upper_limit", q.amount)]  # "runs from about $30,400 to $42,200"
        since = previous.end if previous is not None and previous.end <= q.start else 0
        window = view[max(lo, since, (trig.start() if trig is not None else q.start) - 40) : q.start]
        if q.high is not None:
            return [("price.starting", q.amount), ("price.upper_limit", q.high)]
        if d.upper.search(window) or (q.bound == "max" and variant in (None, "top")):
            return [("price.upper_limit", q.amount)]
        starts = d.starting.search(window)
        if starts and re.match(r"launch", starts.group(), re.I) and variant:
            return [("price.stated", q.amount)]  # "the Ultra launched at 529,900 yuan": that trim's price
        if starts or q.bound == "min" or d.upward_after.match(view, q.end):
            return [("price.starting", q.amount)]
        return [("price.stated", q.amount)]

    def variant(self, view: str, q: Quantity, lo: int) -> str | None:
        """The trim a price is for: named right before the figure, right after it ("for the
        standard version"), or (else) the last trim word of the statement before it."""
        d = self.d
        m = d.variant_before.search(view, max(lo, q.start - 40), q.start)
        if m is None:
            m = d.variant_after.match(view, q.end)
        if m is not None:
            word = re.sub(r"\s+", " ", m.group("v").lower())
            return _NAMES.get(word, signals.variant(word) or word)
        return signals.variant(view[lo : q.start])

    def car_variant(self, ctx: Context, q: Quantity) -> str | None:
        """A trim in the car's own name as written ("SU7 Ultra", "YU7 Max")."""
        cars = [m for m in ctx.mentions if m.start < q.start and ctx.subjects.is_vehicle(m.entity.canonical)]
        return signals.variant(cars[-1].surface) if cars else None

    def foreign(self, ctx: Context, q: Quantity, lo: int) -> bool:
        """Is the figure another company's price? The last company or car named before it in its
        statement decides ("below the Model Y, which Tesla sells from 263,500 yuan")."""
        if ctx.foreign_subject(before=q.start, lo=lo, hi=q.end):
            return True
        named = [m for m in ctx.mentions if lo <= m.start < q.start and m.entity.kind in ("automaker", "company", "vehicle")]
        return bool(named) and not ctx.is_family(named[-1])

    def listed_after(self, view: str, previous: Quantity, q: Quantity) -> bool:
        """Is ``q`` the next item of a list the previous price opened ("..., Pro 245,900",
        "$30k / $34k")? Only a trim name or a separator may stand between, and nothing after
        the number may count something else ("200,000 orders")."""
        between = view[previous.end : q.start]
        if len(between) > 40 or self.d.not_a_list_item_after.match(view, q.end):
            return False
        if re.fullmatch(r"\s*[/|]\s*", between):
            return True
        return bool(self.d.variant_before.search(between)) and bool(
            re.fullmatch(r"[\s,;/|]*(?:and\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}(?:at\s+|:\s*)?", between)
        )

    def table_of_prices(self, ctx: Context) -> bool:
        """Is the sentence a row of a table whose header names prices?"""
        head = ctx.discourse.table_head(ctx.sent.paragraph) if ctx.discourse else None
        return head is not None and bool(self.d.table_price_header.search(head))
