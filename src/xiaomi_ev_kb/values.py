"""What "the same value" means: one definition for the cross-check, backing, consensus and provenance.

Two claims of one comparison key (see ``crosscheck.comparison_key``) state the same value when:

* **quantities**: the ranges they admit meet. A figure admits itself within rounding: half a
  unit of its last non-zero digit (88,898 is exact, so 88,989 is another figure; 136,900 admits
  136,854), at most 0.5 % (300,000 is 298,500 to 301,500, not the whole 250,000 to 350,000 its
  zeros would allow; a decimal, 73.6 kWh, is 0.5 % either way), an approximate one ("about", "nearly") within 10 %, a range its two ends, "more than" /
  "at least" everything above and "up to" / "below" everything under it, so "more than 10,000"
  and 10,432 agree and 200,000 and 300,000 do not. A figure that is not a number agrees with
  nothing.
* **organisations** (entities): they name the same canonical organisation.
* **times**: their periods meet (2024-Q1 lies inside 2024-H1: one is a refinement of the
  other). A time claim without a period agrees with nothing.
* **statuses**: the same status word (obtained, pending, achieved, planned, ...), and periods
  that meet when both have one (a status without a period is not placed in time).
* **mixed groups**: a time claim and a status claim agree as two statuses do, the time claim
  having no status word of its own. A quantity never agrees with an organisation, a time or a
  status, nor an organisation with a time or a status.

Agreement is not transitive ("about 110" agrees with 100 and with 120, which disagree), so
a group is split into clusters, each of claims that all agree with one another: claims are
taken in one order (`order_key`: by value kind, then by the lowest value or earliest day they
admit, then by id) and each joins the first cluster all of whose members it agrees with, or
starts a new one. Every test above is an intersection test (of ranges, of periods, of status
words), so a cluster is summed up by what all its members admit, and since claims come in
rising order of their lowest value, a cluster whose highest admitted value lies below the
current claim's lowest can never be joined again and is closed for good: a sorted sweep, near
linear however crowded the group.

Everything that says which claims share a value (the cross-check's sides, a claim's backing,
the consensus report, provenance's agreeing claims) uses `clusters`; whether one article
contradicts itself is the same split of that article's own claims. Pure functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from .models import Claim

QUANTITY, ENTITY, WHEN = 0, 1, 2  # classes of value: claims of different classes never agree
_KIND_CLASS = {"quantity": QUANTITY, "entity": ENTITY, "time": WHEN, "status": WHEN}
EXACT_SLACK = 0.005  # a figure as printed: rounded to its last digits
APPROX_SLACK = 0.1  # "about", "nearly", "roughly", "some"
_INF = math.inf
_FIRST = itemgetter(0)


def bounds(c: Claim) -> tuple[float, float]:
    """The values a quantity claim admits, allowing for rounding, ranges and stated bounds."""
    low = float(c.value)
    high = float(c.value_high) if c.value_high is not None else low
    if high < low:
        low, high = high, low
    if c.approx:
        low, high = low - abs(low) * APPROX_SLACK, high + abs(high) * APPROX_SLACK
    else:
        low, high = low - _rounding(low), high + _rounding(high)
    if c.bound == "min":
        high = _INF
    elif c.bound == "max":
        low = 0.0
    return low, high


def _rounding(value: float) -> float:
    """How far a figure printed as ``value`` may be from what it rounds: half a unit of its
    last non-zero digit, at most 0.5 %."""
    slack = abs(value) * EXACT_SLACK
    if value and value == int(value) and abs(value) < 1e15:
        n, unit = abs(int(value)), 1
        while n % 10 == 0:
            n //= 10
            unit *= 10
        slack = min(slack, unit / 2)
    return slack


def status_word(c: Claim) -> str:
    """The status a status claim states: its ``status`` qualifier, else its value."""
    word = c.qualifiers.get("status") or c.value
    return word if isinstance(word, str) else str(word)


def entity_name(c: Claim) -> str:
    """The organisation an entity claim names: its canonical entity, else its value."""
    name = c.entity or c.value
    return name if isinstance(name, str) else str(name)


def extent(c: Claim) -> tuple[int, str | None, float, float] | None:
    """(class, word, low, high): what agreement compares, or None for a claim that agrees with
    nothing. ``word`` must be equal where both claims have one (a status word, an organisation's
    name); ``low`` and ``high`` must meet (a quantity's range, a period's first and last day as
    ordinals; -inf and inf where there is nothing to meet)."""
    cls = _KIND_CLASS.get(c.value_kind)
    if cls is None:
        return None
    if cls == QUANTITY:
        try:
            low, high = bounds(c)
        except (TypeError, ValueError):
            return None
        if math.isnan(low) or math.isnan(high):
            return None
        return cls, None, low, high
    if cls == ENTITY:
        return cls, entity_name(c), -_INF, _INF
    word = status_word(c) if c.value_kind == "status" else None
    if c.period_start is None or c.period_end is None:
        if word is None:
            return None  # a time without a period
        return cls, word, -_INF, _INF
    return cls, word, float(c.period_start.toordinal()), float(c.period_end.toordinal())


def agree(a: Claim, b: Claim) -> bool:
    """Do two claims (of one comparison key) state the same value? Symmetric."""
    ea, eb = extent(a), extent(b)
    if ea is None or eb is None or ea[0] != eb[0]:
        return False
    if ea[1] is not None and eb[1] is not None and ea[1] != eb[1]:
        return False
    return ea[2] <= eb[3] and eb[2] <= ea[3]


def order_key(c: Claim) -> tuple:
    """The one order clusters are built in: value class, then claims that agree with nothing
    last, then the lowest value or earliest day admitted (organisations: the name), then id."""
    return _order_key(c, extent(c))


def _order_key(c: Claim, e: tuple | None) -> tuple:
    if e is None:
        return (_KIND_CLASS.get(c.value_kind, 3), 1, 0.0, "", c.id)
    cls, word, low, _high = e
    if cls == ENTITY:
        return (cls, 0, 0.0, word, c.id)
    return (cls, 0, low, "", c.id)


def clusters(claims: Iterable[Claim]) -> list[list[Claim]]:
    """The claims split into clusters of claims that all agree with one another (see the module
    docstring): in `order_key` order, each claim joins the first cluster whose every member it
    agrees with, else starts one. Clusters come in the order they were started, members in
    `order_key` order."""
    keyed = []
    for c in claims:
        e = extent(c)
        keyed.append((_order_key(c, e), e, c))
    keyed.sort(key=_FIRST)
    out: list[list[Claim]] = []
    by_name: dict[str, list[Claim]] = {}  # organisations: a cluster per name
    # open clusters (ranges and periods), in the order they were started: the word all their
    # members share (None: none has one) and the highest value (last day) all admit
    open_: list[list[Any]] = []  # [cluster, word, high]
    open_class = None
    for _key, e, c in keyed:
        if e is None:  # agrees with nothing
            out.append([c])
            continue
        cls, word, low, high = e
        if cls != open_class:  # claims come by class: no cluster of another class can be joined
            open_ = []
            open_class = cls
        if cls == ENTITY:
            cluster = by_name.get(word)  # type: ignore[arg-type]
            if cluster is None:
                cluster = by_name[word] = []  # type: ignore[index]
                out.append(cluster)
            cluster.append(c)
            continue
        target = None
        i = 0
        while i < len(open_):
            entry = open_[i]
            if (
                entry[2] < low
            ):  # no later claim admits a value below this one's lowest: closed for good
                del open_[i]
                continue
            if word is None or entry[1] is None or entry[1] == word:
                target = entry
                break
            i += 1
        if target is None:
            cluster = [c]
            out.append(cluster)
            open_.append([cluster, word, high])
        else:
            target[0].append(c)
            if target[1] is None:
                target[1] = word
            if high < target[2]:
                target[2] = high
    return out


def representative(cluster: list[Claim]) -> Claim:
    """The claim of a cluster that says most, to name its value: an exact figure over an
    approximate one, a figure over a bound or a range, a shorter period, then the lowest id."""

    def width(c: Claim) -> int:
        if c.period_start and c.period_end:
            return (c.period_end - c.period_start).days
        return 1 << 30

    return min(
        cluster,
        key=lambda c: (c.approx, c.bound is not None, c.value_high is not None, width(c), c.id),
    )
