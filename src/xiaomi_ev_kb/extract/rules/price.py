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
from ...timeexpr import TimeMention
from .. import signals
from ..context import Context, nearest
from ..ruledata import RuleData
from . import Environment, register, trims

_NAMES = {"base": "standard", "entry-level": "standard", "entry level": "standard"}


@register("price")
class PriceRule:
    topic = "price"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.currencies = set(data.values["currencies"])
        self.range = {unit: tuple(lim) for unit, lim in data.values["range"].items()}

    def __call__(self, ctx: Context) -> None:
        d = self.d
        view = ctx.view
        trims.aliases(ctx)
        memory = ctx.discourse.memory.setdefault(self.name, {}) if ctx.discourse is not None else {}
        triggers = list(d.price.finditer(view))
        in_table = "|" in view and self.table_of_prices(ctx)
        if (
            not triggers
            and not in_table
            and " at " not in view
            and ":" not in view
            and not self.trim_is(view, ctx.quantities)
        ):
            self.converted_list(ctx)
            return
        line = trims.label(view)  # "SU7 Pro: 245,900 yuan"
        units = self.shared_units(view, ctx.quantities)
        priced = [q for q in ctx.quantities if self.plausible(units.get(q.start, q.unit), q.amount)]
        aligned = trims.respectively(
            view, [(q.start, q.end) for q in priced], trims.cars_named(ctx)
        )
        previous: Quantity | None = (
            None  # the last price taken, for conversions and bare list items
        )
        made = 0
        for q in ctx.quantities:
            unit = units.get(
                q.start, q.unit
            )  # "priced at 245,900 and 299,900 yuan": the unit after the list
            if unit is None and previous is not None and self.listed_after(view, previous, q):
                unit = previous.unit  # "Standard 215,900 yuan, Pro 245,900, Max 299,900"
            elif (
                unit is None
                and memory.get("currency")
                and d.bare_price_before.search(view[max(0, q.start - 25) : q.start])
            ):
                unit = memory[
                    "currency"
                ]  # "The base car is cheapest at 253,500" after prices in yuan
            if not self.plausible(unit, q.amount):
                continue
            if d.difference_after.match(view, q.end) or d.difference_before.search(
                view[max(0, q.start - 40) : q.start]
            ):
                continue
            if d.question_after.match(view, q.end):
                continue  # "150,000 yuan can buy?"
            if d.not_a_price.search(view[max(0, q.start - 60) : q.start]) or d.per_unit_after.match(
                view, q.end
            ):
                continue
            if (
                signals.in_parenthesis(view, q.start)
                and previous is not None
                and previous.unit != unit
            ):
                continue  # "($29,870)": the same price in another currency
            before = [t for t in triggers if t.end() <= q.start and q.start - t.end() <= 100]
            trig = before[-1] if before else None
            if trig is None:
                trig = d.price_after.match(
                    view, q.end
                )  # "the 215,900-yuan sticker price of the entry version"
            at_car = bool(d.at_sum_before.search(view[max(0, q.start - 20) : q.start])) and any(
                ctx.subjects.is_vehicle(m.entity.canonical)
                for m in ctx.mentions
                if m.start < q.start
            )
            labelled = (
                bool(d.label_before.search(view[max(0, q.start - 60) : q.start]))
                and (
                    bool(line)
                    or bool(d.variant_before.search(view[max(0, q.start - 40) : q.start]))
                )
            ) or bool(q.unit and d.trim_is_before.search(view[max(0, q.start - 40) : q.start]))
            if trig is None and not (
                in_table
                or at_car
                or labelled
                or (previous is not None and self.listed_after(view, previous, q))
            ):
                continue
            anchor = min(trig.start(), q.start) if trig is not None else q.start
            lo, hi = signals.region(view, anchor, q.end)
            if self.foreign(ctx, q, lo):
                continue
            variant, rank = self.variant(ctx, q, lo, hi, priced, aligned, line)
            subject = ctx.vehicle_subject(before=q.start)
            presale = d.presale.search(view, max(lo, anchor - 60), q.start) or d.presale.search(
                view, q.end, hi
            )
            for prop, value in self.properties(view, q, trig, lo, variant, previous, rank):
                if prop == "price.stated" and variant is None:
                    carried = trims.carried(
                        ctx
                    )  # "The SU7 Ultra costs 529,900 yuan. ... below the 814,900 yuan quoted at pre-sale"
                    variant = carried[0] if carried else None
                qualifiers: dict = {"variant": variant} if variant else {}
                extra: dict = {}
                if presale:
                    qualifiers["stage"] = "pre-sale"
                    when = self.presale_time(ctx, lo, hi, q)
                    if when is not None:
                        extra["interval"] = (
                            when.interval
                        )  # "On October 29, Xiaomi opened pre-sales ... at 814,900 yuan"
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
                    **extra,
                )
                made += 1
            if q.unit is not None or unit is not None:
                memory["currency"] = unit
            previous = (
                q
                if q.unit
                else Quantity(
                    q.start, q.end, q.text, q.amount, q.high, unit, q.per, q.approx, q.bound
                )
            )
        if not made:
            self.converted_list(ctx)

    def trim_is(self, view: str, quantities: list[Quantity]) -> bool:
        """Is a sum in a currency said to be a trim's ("The Pro is 279,900 yuan")?"""
        return any(
            q.unit in self.currencies
            and self.d.trim_is_before.search(view[max(0, q.start - 40) : q.start])
            for q in quantities
        )

    def shared_units(self, view: str, quantities: list[Quantity]) -> dict[int, str]:
        """Bare numbers of a list that names its currency once, at the end ("245,900 and 299,900
        yuan", "245,900/299,900 yuan"): start -> that currency."""
        out: dict[int, str] = {}
        for q in reversed(quantities):
            nxt = next((n for n in quantities if n.start > q.start), None)
            unit = out.get(nxt.start, nxt.unit) if nxt is not None else None
            if (
                q.unit is None
                and unit in self.currencies
                and self.d.list_separator.fullmatch(view[q.end : nxt.start])
            ):
                out[q.start] = unit
        return out

    def plausible(self, unit: str | None, amount: float) -> bool:
        """Is ``amount`` in ``unit`` a car's price at all?"""
        if unit not in self.currencies:
            return False
        low, high = self.range[unit]
        return low <= amount < high

    def presale_time(self, ctx: Context, lo: int, hi: int, q: Quantity) -> TimeMention | None:
        """The date a pre-sale price was given: a time named in its statement."""
        times = [t for t in ctx.usable_times() if lo <= t.start < hi]
        return nearest(times, q.start) if times else None

    def converted_list(self, ctx: Context) -> None:
        """A list of prices in another currency right after a sentence listing the trims' prices:
        the same prices converted, trim by trim ("Standard 215,900 yuan, Pro 245,900, Max 299,900.
        That's roughly $30k / $34k / $41.5k.")."""
        previous = ctx.previous
        view = ctx.view
        if previous is None or trims.find(view):
            return
        stated = [
            c
            for c in previous.claims
            if c.property == "price.stated" and c.qualifiers.get("variant")
        ]
        qs = [q for q in ctx.quantities if self.plausible(q.unit, q.amount)]
        if (
            len(qs) < 2
            or len(stated) != len(qs)
            or len({c.qualifiers["variant"] for c in stated}) != len(stated)
        ):
            return
        if len({q.unit for q in qs}) != 1 or qs[0].unit in {c.unit for c in stated}:
            return
        if not all(
            self.d.list_separator.fullmatch(view[a.end : b.start])
            for a, b in zip(qs, qs[1:], strict=False)
        ):
            return
        if not self.d.conversion_cue.search(view[: qs[0].start + len(qs[0].text)]):
            return
        for c, q in zip(stated, qs, strict=True):
            ctx.add(
                topic=self.topic,
                subject=c.subject,
                prop="price.stated",
                value=q.amount,
                value_kind="quantity",
                span=(q.start, q.end),
                rule="price.stated",
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                qualifiers={"variant": c.qualifiers["variant"], "converted": True},
            )

    def properties(
        self,
        view: str,
        q: Quantity,
        trig,
        lo: int,
        variant: str | None,
        previous: Quantity | None,
        rank: str | None = None,
    ) -> list[tuple[str, float]]:
        """(property, value) pairs the figure states: both ends of a range, else one. The words
        that decide are those since the previous price of the sentence: in "starts at 215,900
        yuan for the standard version, with the Pro at 245,900 yuan" the second is the Pro's. A
        trim named as the cheapest or the dearest ("the base variant", "the top-of-the-range Max")
        gives the starting price or the upper limit (``rank`` low / high)."""
        d = self.d
        if (
            previous is not None
            and re.search(r"\bto\s*$", view[max(0, q.start - 6) : q.start])
            and re.search(
                r"\bfrom\s+(?:about\s+|around\s+)?\S*$",
                view[max(lo, previous.start - 20) : previous.start],
                re.I,
            )
        ):
            return [("price.upper_limit", q.amount)]  # "runs from about $30,400 to $42,200"
        since = previous.end if previous is not None and previous.end <= q.start else 0
        window = view[
            max(
                lo, since, (min(trig.start(), q.start) if trig is not None else q.start) - 40
            ) : q.start
        ]
        if q.high is not None:
            return [("price.starting", q.amount), ("price.upper_limit", q.high)]
        if (
            d.upper.search(window)
            or (q.bound == "max" and variant in (None, "top"))
            or variant == "top"
            or rank == "high"
        ):
            return [("price.upper_limit", q.amount)]  # "the top trim lands somewhere near 350k"
        starts = d.starting.search(window)
        if starts and re.match(r"launch", starts.group(), re.I) and variant:
            return [
                ("price.stated", q.amount)
            ]  # "the Ultra launched at 529,900 yuan": that trim's price
        if starts or q.bound == "min" or d.upward_after.match(view, q.end) or rank == "low":
            return [("price.starting", q.amount)]  # "priced at 215,900 yuan for the base variant"
        return [("price.stated", q.amount)]

    def variant(
        self,
        ctx: Context,
        q: Quantity,
        lo: int,
        hi: int,
        priced: list[Quantity],
        aligned: list | None,
        line: list[trims.Trim],
    ) -> tuple[str | None, str | None]:
        """The trim a price is for, and whether the words name it as the cheapest ("base", "entry":
        low) or the dearest ("the top-end SU7 Max": high):
        named right after the figure ("for the standard version", "the 215,900-yuan sticker price
        of the entry version", "(Pro)"), in a "respectively" list, right before it ("Pro
        245,900", "the Pro at"), else the last trim word of its statement, the label of its line
        ("SU7 Pro: 245,900 yuan") or the car's name as written ("SU7 Ultra")."""
        d = self.d
        view = ctx.view
        named, _ = trims.after(view, q.end, hi, trims.aliases(ctx))
        if named:
            return named[0].name, self.rank(view, named[0].start, named[0].end)
        if aligned is not None and q in priced:
            (t,) = aligned[priced.index(q)]
            return t.name, None
        m = d.variant_before.search(view, max(lo, q.start - 40), q.start) or d.variant_after.match(
            view, q.end
        )
        if m is not None:
            word = re.sub(r"\s+", " ", m.group("v").lower())
            return _NAMES.get(word, signals.variant(word) or word), self.rank(
                view, m.start("v"), m.end("v")
            )
        if line and q.start > line[0].end and not trims.find(view, line[0].end, q.start):
            return line[0].name, None
        named = trims.before(view, lo, q.start)
        if len(named) == 1:
            return named[0].name, self.rank(
                view, named[0].start, named[0].end
            )  # "The entry-level SU7 costs ..."
        word = signals.variant(view[lo : q.start])
        return ("top" if word == "top" else None) or self.car_variant(
            ctx, q
        ), None  # "the top trim lands near 350k"

    def known(self, ctx: Context, word: str | None) -> str | None:
        """A trim the claims can record: a trim's name, "top" (the dearest, unnamed), or a
        configuration the article paired with one trim; not "rear-wheel-drive" left as it is."""
        if word is None or word == "top" or word in trims.data().values["names"].values():
            return word
        found = trims.aliases(ctx).get(trims.configuration(word) or "", [])
        return found[0] if len(found) == 1 else None

    def rank(self, view: str, start: int, end: int) -> str | None:
        """Do the words naming the trim at view[start:end] call it the cheapest ("base variant",
        "entry version": low) or the dearest ("the top-end SU7 Max", "the top-of-the-range Max": high)?"""
        if re.match(r"(?:base|entry)\b", view[start:end], re.I):
            return "low"
        if self.d.top_rank_before.search(view[max(0, start - 40) : start]):
            return "high"
        return None

    def car_variant(self, ctx: Context, q: Quantity) -> str | None:
        """A trim in the car's own name as written ("SU7 Ultra", "YU7 Max")."""
        cars = [
            m
            for m in ctx.mentions
            if m.start < q.start and ctx.subjects.is_vehicle(m.entity.canonical)
        ]
        return self.known(ctx, signals.variant(cars[-1].surface)) if cars else None

    def foreign(self, ctx: Context, q: Quantity, lo: int) -> bool:
        """Is the figure another company's price? The last company or car named before it in its
        statement decides ("below the Model Y, which Tesla sells from 263,500 yuan")."""
        if ctx.foreign_subject(before=q.start, lo=lo, hi=q.end) or trims.other_makers_car(ctx):
            return True
        named = [
            m
            for m in ctx.mentions
            if lo <= m.start < q.start and m.entity.kind in ("automaker", "company", "vehicle")
        ]
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
        said = self.d.variant_after.match(view, previous.end)
        if (
            said
            and self.d.variant_after.match(view, q.end)
            and self.d.list_glue.fullmatch(view, said.end(), q.start)
        ):
            return True  # "215,900 yuan for the standard SU7, 249,900 for the Pro and 299,900 for the Max"
        if self.d.top_item_between.fullmatch(between):
            return (
                True  # "starts at around 229,999 yuan and the top trim lands somewhere near 350k"
            )
        return bool(self.d.variant_before.search(between)) and bool(
            re.fullmatch(
                r"[\s,;/|]*(?:and\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}(?:at\s+|:\s*)?", between
            )
        )

    def table_of_prices(self, ctx: Context) -> bool:
        """Is the sentence a row of a table whose header names prices?"""
        head = ctx.discourse.table_head(ctx.sent.paragraph) if ctx.discourse else None
        return head is not None and bool(self.d.table_price_header.search(head))
