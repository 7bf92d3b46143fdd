"""Cross-checking claims: a pure function from claims (and their sources) to findings.

Claims are compared only within a comparison key (`comparison_key`, as docs/claims.md sets it
out): subject, property and what else must match for two claims to be about the same thing,
such as the scope and shifts of a capacity, the trim of a price, the period a target or a
volume is for, or the date a running total is given as of. Whether two claims state the same
value is decided in one place, `values`: ranges that meet, periods that meet, equal names and
statuses, and the clusters of agreeing claims a group splits into. Within a key:

* quantities in different clusters are a value conflict (within one article, a
  self-contradiction);
* a target (``*.target``) and a different value announced more than a week later, or said to
  be raised or cut (``revised``), are a target revision (low severity); different values
  announced within a week of each other, the later not said to be revised, are a value
  conflict;
* a supplier list given as complete (``closed_list``) against another source's list for the
  same car, trim and role that names a supplier it leaves out is a supplier divergence; a
  trim's list is checked against the car's complete list as a part of it, never for naming
  fewer;
* a prediction (expected / planned, with a period) that later reports say came true only
  after that period is a missed prediction;
* an approval reported obtained and, later, still pending is a status conflict (pending first
  and obtained later is progress, not a conflict);
* achieved milestones placed in disjoint periods are a timeline conflict (one period inside
  another is a refinement); a planned date a later source moves to a disjoint period is a
  timeline revision (low severity).

Claims that record history rather than state the present are never a side of a
contradiction: a figure the article itself says was superseded (``superseded``), a plan it
says was the earlier one (``past_plan``), a plan printed after its own period was over.
Speculated claims are never compared.

Every finding lies within one (subject, property): `find_contradictions` runs
`check_partition` on each such partition, so a caller can recompute only the partitions that
changed. Within a partition each step sorts and sweeps (n log n) instead of comparing pairs;
the one thing that can still grow faster is the output itself: a missed prediction lists
every later report of the outcome. Explanations name at most `CITE_LIMIT` articles per side.
There is no database in here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable
from datetime import date
from operator import attrgetter

from . import values
from .models import Claim, Finding, Source, published_on
from .origins import Corroboration, claim_origins
from .workers import gc_paused

_UNCOMPARED_CERTAINTY = {"speculated"}
_FORECAST_TOPICS = frozenset(("price",))  # a price "expected" before the launch is a forecast


def is_compared(c: Claim) -> bool:
    """Is the claim a side the cross-check weighs? Not speculation, and not a forecast of a
    price ("is expected to start at around 250,000 yuan"): a guess the launch later settles,
    not a statement that contradicts the launch price."""
    return c.certainty not in _UNCOMPARED_CERTAINTY and not (
        c.certainty == "expected" and c.topic in _FORECAST_TOPICS
    )


REVISION_KINDS = ("timeline_revision", "target_revision")  # shown, low severity, not contradictions
REVISION_DAYS = 7  # a different target announced more than this many days later is a revision


def comparison_key(c: Claim) -> tuple:
    """Claims are compared only when this key is equal (docs/claims.md, "Comparison keys").

    A claim whose key needs a date it does not have (a target without the period it is for, a
    running total without its as-of date, a rate without the month it was said in) is compared
    with nothing: its key is its own.
    """
    q = c.qualifiers
    prop = c.property
    kind = _KEY_KIND.get(prop)
    if kind is None:
        kind = _KEY_KIND[prop] = _key_kind(prop)
    if kind == "supplier":
        return (c.subject, prop, q.get("variant"), q.get("role"))
    if kind == "milestone":
        return (
            c.subject,
            prop,
            q.get("scope"),
            q.get("variant"),
        )  # the SU7 Ultra's launch is not the SU7's
    if kind == "approval":
        return (c.subject, prop, q.get("partner"))
    if kind == "period":
        # a stretch goal beside a target ("target 100,000, strive for 120,000") is its own figure
        return _dated(
            c,
            (
                c.subject,
                prop,
                c.per,
                q.get("scope") if q.get("scope") != "target" else None,
                _period(c),
            ),
        )
    if kind == "as of":
        return _dated(c, (c.subject, prop, _as_of(c)))
    if kind == "orders":
        window = q.get("window")
        order_kind = q.get("order_kind") or q.get("kind") or "order"
        if window:
            return (c.subject, prop, order_kind, " ".join(str(window).lower().split()))
        return _dated(c, (c.subject, prop, order_kind, _as_of(c)))
    if kind == "trim":
        # a pre-sale price is not the launch price; one trim's price or a spec given without its
        # trim is a figure of some trim of a car that has several: it is compared with nothing
        if q.get("variant") is None and prop not in _RANGE_PRICES:
            return (c.subject, prop, "trim not named", c.id)
        return (c.subject, prop, c.per, c.unit, q.get("variant"), q.get("stage"))
    if kind == "investment":
        return (c.subject, prop, c.unit, q.get("scope"))
    base = (c.subject, prop, q.get("scope"), c.per, q.get("shifts"), q.get("component"))
    if c.per in _RATES or kind == "rate":
        # a rate changes as production ramps up: compare only what was said in the same month
        return _dated(c, (*base, q.get("as_of_month") or c.period_label))
    return base


_RANGE_PRICES = frozenset(
    ("price.starting", "price.upper_limit")
)  # a car's whole line-up: no trim needed
_KEY_KIND: dict[str, str] = {}  # property -> which comparison key it has (found once per property)
_RATES = frozenset(("week", "month", "day"))


def _key_kind(prop: str) -> str:
    family = prop.split(".", 1)[0]
    if family in ("supplier", "milestone", "approval", "investment"):
        return family
    if prop.endswith((".target", ".volume")):
        return "period"
    if prop.endswith(".cumulative"):
        return "as of"
    if prop == "orders.count":
        return "orders"
    if family in ("price", "spec"):
        return "trim"
    return "rate" if prop == "capacity.monthly" else "other"


def _period(c: Claim) -> tuple | None:
    """The period a target or a volume is for, by its days ("by" a deadline: the deadline)."""
    if c.period_start is None or c.period_end is None:
        return None
    if (c.period_label or "").startswith("by "):
        return ("by", c.period_end.isoformat())
    return (c.period_start.isoformat(), c.period_end.isoformat())


def _as_of(c: Claim) -> str | None:
    """The date a running total is given as of: the last day of its period."""
    return c.period_end.isoformat() if c.period_end is not None else None


def _dated(c: Claim, key: tuple) -> tuple:
    """``key``, or the claim's own key when the date it ends with is unknown."""
    return key if key[-1] is not None else (*key[:-1], "not compared", c.id)


def is_historic(c: Claim) -> bool:
    """A figure or plan the article itself gives as the superseded one ("up from 100,000",
    "had originally planned to start in 2023"): history, never a side of a contradiction."""
    q = c.qualifiers
    return bool(q.get("superseded") or q.get("past_plan"))


def find_contradictions(claims: Iterable[Claim], sources: dict[str, Source]) -> list[Finding]:
    """All findings for these claims, sorted; ``sources`` maps article ids to their metadata.

    Every finding lies within one subject and property, so this is `check_partition` over
    each (subject, property) partition, concatenated and sorted by `finding_order`.
    """
    findings: list[Finding] = []
    for members in partition_claims(claims).values():
        with gc_paused():
            findings.extend(check_partition(members, sources))
    findings.sort(key=finding_order)
    return findings


def partition_claims(claims: Iterable[Claim]) -> dict[tuple[str, str], list[Claim]]:
    """The compared claims (speculation is not) by (subject, property), in input order."""
    partitions: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if is_compared(c):
            partitions[(c.subject, c.property)].append(c)
    return partitions


def compared_groups(members: Iterable[Claim]) -> dict[tuple, list[Claim]]:
    """The compared claims (speculation is not) of each comparison key, in input order."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in members:
        if is_compared(c):
            groups[comparison_key(c)].append(c)
    return groups


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def finding_order(f: Finding) -> tuple:
    """How findings are listed: by severity, topic, property, id."""
    return (_SEVERITY_ORDER.get(f.severity, 3), f.topic, f.property, f.id)


def check_partition(
    members: list[Claim],
    sources: dict[str, Source],
    origins: dict[str, str] | None = None,
    clusters: dict[tuple, list[list[Claim]]] | None = None,
) -> list[Finding]:
    """The findings among the claims of one subject and property, with their backing, sorted
    by `finding_order`.

    The result depends on ``members`` and their sources alone (origins too are found within
    the partition), so a caller can recompute just the partitions a load touched. Speculated
    claims are skipped; claims of another subject or property are an error. ``origins``, if
    given, must be ``claim_origins`` of the members as passed (none of them speculated);
    ``clusters``, if given, must be ``values.clusters`` of each of `compared_groups`.
    """
    members = [c for c in members if is_compared(c)]
    if not members:
        return []
    subject, prop = members[0].subject, members[0].property
    if any(c.subject != subject or c.property != prop for c in members):
        raise ValueError("check_partition takes the claims of one subject and property")
    if prop == "capacity.annual":
        kept = _without_loose_phase_figures(members)
        if len(kept) < len(members):  # the given clusters and origins were of the claims left out too
            members, clusters, origins = kept, None, None
    findings: list[Finding] = []
    for key, group in compared_groups(members).items():
        quantities = [c for c in group if c.value_kind == "quantity"]
        if quantities:
            known = clusters.get(key) if clusters is not None else None
            grouped = (
                [cl for cl in known if cl[0].value_kind == "quantity"]
                if known is not None
                else values.clusters(quantities)
            )
            if prop.endswith(".target"):
                findings.extend(_target_findings(quantities, grouped, sources))
            else:
                findings.extend(_value_conflicts(quantities, sources, grouped))
        if prop.startswith(("approval.", "milestone.")):
            findings.extend(_missed_predictions(subject, prop, group, sources))
        if prop.startswith("approval."):
            findings.extend(_status_conflicts(subject, prop, group, sources))
            findings.extend(_overdue_approvals(subject, prop, group, sources))
        if prop.startswith("milestone."):
            findings.extend(_timeline_conflicts(subject, prop, group, sources))
            findings.extend(_timeline_revisions(subject, prop, group, sources))
    if prop == "capacity.annual":
        by_article: dict[str, list[Claim]] = defaultdict(list)
        for c in members:
            by_article[c.article_id].append(c)
        for own in by_article.values():
            findings.extend(_phase_self_contradictions(own, sources))
    if prop.startswith("supplier."):
        findings.extend(_supplier_divergence(subject, prop, members, sources))
    if findings:
        origins = origins if origins is not None else claim_origins(members, sources)
        article_of = {
            c.id: c.article_id for c in members
        }  # the last claim of an id, as a lookup by id finds
        for f in findings:
            f.backing = [_side_backing(side, article_of, origins) for side in f.sides]
    findings.sort(key=finding_order)
    return findings


def _without_loose_phase_figures(members: list[Claim]) -> list[Claim]:
    """The claims without an article's whole-plant figure that is the figure it gives itself
    for one phase ("from the 150,000-unit plant" in the headline, "Phase I annual capacity:
    150,000 units" in the body): that article calls the phase the plant, it does not state two
    capacities for the whole plant."""
    phase_claims: dict[str, list[Claim]] = defaultdict(list)
    for c in members:
        if str(c.qualifiers.get("scope") or "").startswith("phase"):
            phase_claims[c.article_id].append(c)
    if not phase_claims:
        return members
    return [
        c
        for c in members
        if c.qualifiers.get("scope") not in (None, "plant")
        or not any(
            values.agree(c, p) and c.per == p.per for p in phase_claims.get(c.article_id, ())
        )
    ]


def _side_backing(side: list[str], article_of: dict[str, str], origins: dict[str, str]) -> dict:
    """`corroboration` of the claims on one side, from their ids (a side can be thousands long)."""
    try:
        articles = set(map(article_of.__getitem__, side))
        labels = sorted(set(map(origins.__getitem__, side)))
    except KeyError:  # an id from outside the partition (not made here): count only the known ones
        ids = list(filter(article_of.__contains__, side))
        articles = set(map(article_of.__getitem__, ids))
        labels = sorted(set(map(origins.get, ids, map(article_of.__getitem__, ids))))
    return Corroboration(len(articles), len(labels), tuple(labels)).to_dict()


# --- quantities ------------------------------------------------------------------------


def _value_conflicts(
    members: list[Claim], sources: dict[str, Source], clusters: list[list[Claim]] | None = None
) -> list[Finding]:
    """Quantities of one key in more than one cluster of agreeing values (``clusters``, if
    given, must be `values.clusters` of ``members``); history is no side."""
    if clusters is None:
        clusters = values.clusters(members)
    if len(clusters) < 2:
        return []
    sides = [side for side in ([c for c in cl if not is_historic(c)] for cl in clusters) if side]
    if len(sides) < 2:
        return []
    sides.sort(key=lambda cl: min(published_on(sources, c) for c in cl))
    # A figure that a later source says was raised or cut is a revision, not a conflict:
    # each value after the first is backed by at least one "raised to ..." statement.
    if all(any(c.qualifiers.get("revised") for c in cl) for cl in sides[1:]):
        return []
    first = members[0]
    findings: list[Finding] = []
    by_article: dict[str, dict[int, list[Claim]]] = defaultdict(
        dict
    )  # article -> side -> its claims there
    for n, cl in enumerate(sides):
        for c in cl:
            by_article[c.article_id].setdefault(n, []).append(c)
    if first.topic in ("spec", "price") and first.qualifiers.get("variant") is None and any(len(ns) > 1 for ns in by_article.values()):
        return []  # one article listing several values is naming trims, not contradicting itself
    if len(by_article) > 1:
        for aid in sorted(by_article):
            ns = by_article[aid]
            if len(ns) > 1:  # does the article, on its own, give more than one value?
                findings.extend(_value_conflicts([c for n in sorted(ns) for c in ns[n]], sources))
    return findings + [_conflict(first, sides, sources)]


def _conflict(
    first: Claim, sides: list[list[Claim]], sources: dict[str, Source], when: str = ""
) -> Finding:
    """A value conflict between these sides (a self-contradiction when one article gives them
    all); ``when`` qualifies the disagreement ("within a week")."""
    articles = {c.article_id for side in sides for c in side}
    same_article = len(articles) == 1
    named = [(values.representative(cl), cl) for cl in sides]
    parts = []
    for rep, cl in sorted(named, key=lambda rc: -len({c.article_id for c in rc[1]})):
        parts.append(f"{format_quantity(rep)} in {_cite(cl, sources, show_scope=True)}")
    shown = sorted(float(rep.value) for rep, _cl in named)
    spread = (shown[-1] - shown[0]) / shown[-1] if shown[-1] else 0
    severity = "high" if spread >= 0.25 and not same_article else "medium"
    what = describe_key(first)
    if same_article:
        explanation = (
            f"{_source_name(sides[0][0], sources)} gives two values for {what}{when}: "
            + "; ".join(parts)
            + "."
        )
    else:
        explanation = f"Sources disagree on {what}{when}: " + "; ".join(parts) + "."
    return Finding(
        topic=first.topic,
        kind="self_contradiction" if same_article else "value_conflict",
        subject=first.subject,
        property=first.property,
        explanation=explanation,
        sides=[sorted(c.id for c in cl) for cl in sides],
        severity=severity,
    )


# --- targets ---------------------------------------------------------------------------


def announced_on(c: Claim, sources: dict[str, Source]) -> date | None:
    """When a target was set: its ``announced`` qualifier (YYYY-MM-DD, or YYYY-MM: the 1st),
    else its article's publication date; None when neither is known."""
    text = c.qualifiers.get("announced")
    if isinstance(text, str):
        try:
            return date.fromisoformat(text if len(text) != 7 else text + "-01")
        except ValueError:
            pass
    s = sources.get(c.article_id)
    return s.published if s and s.published else None


def _said_order(c: Claim) -> int:
    """On one day: the superseded figure first, then plain statements, then the "raised to"."""
    return 0 if is_historic(c) else 2 if c.qualifiers.get("revised") else 1


def announcement_order(
    members: list[Claim], sources: dict[str, Source]
) -> list[tuple[date, Claim]]:
    """The claims whose announcement date is known, as (date, claim) in the order they were
    announced (on one day: `_said_order`, then id)."""
    dated = [
        (when, _said_order(c), c.id, c)
        for c in members
        if (when := announced_on(c, sources)) is not None
    ]
    dated.sort(key=lambda t: t[:3])
    return [(when, c) for when, _o, _i, c in dated]


def revision_sequence(
    clusters: list[list[Claim]], dated: list[tuple[date, Claim]]
) -> list[tuple[int, date, Claim]]:
    """The values a target went through: (cluster number, date, claim that first announced it).

    Values are taken in the order they were first announced; each next value is a step when
    one of its claims says it was raised or cut, or it was first announced more than
    `REVISION_DAYS` after the current value was; a value announced within that time and not
    said to be revised is no step (it conflicts with the current one: see `_target_findings`).
    """
    number = {id(c): n for n, cl in enumerate(clusters) for c in cl}
    firsts: dict[int, tuple[date, Claim]] = {}
    revised: set[int] = set()
    for when, c in dated:
        n = number[id(c)]
        firsts.setdefault(n, (when, c))
        if c.qualifiers.get("revised"):
            revised.add(n)
    steps: list[tuple[int, date, Claim]] = []
    for n, (when, c) in firsts.items():  # in order of first announcement
        if not steps or n in revised or (when - steps[-1][1]).days > REVISION_DAYS:
            steps.append((n, when, c))
    return steps


def _target_findings(
    members: list[Claim], clusters: list[list[Claim]], sources: dict[str, Source]
) -> list[Finding]:
    """Values of one target (one key: the period it is for) in the order they were announced:
    a value conflict where different values were announced within `REVISION_DAYS` of each other,
    the later not said to be revised; a target revision naming the values it went through."""
    if len(clusters) < 2:
        return []
    dated = announcement_order(members, sources)
    said = {id(c): when for when, c in dated}
    number = {id(c): n for n, cl in enumerate(clusters) for c in cl}
    findings: list[Finding] = []
    first_said: dict[int, date] = {}
    for when, c in dated:
        if not is_historic(c):
            first_said.setdefault(number[id(c)], when)
    # a value some source gives as the one a target replaced ("raised to 350,000 from 300,000")
    # is an old target: an outlet still quoting it later repeats history, it does not disagree
    old = {number[id(c)] for c in members if is_historic(c)}
    involved = [
        c for c in _conflicting_announcements(dated, number, first_said) if number[id(c)] not in old
    ]
    if len({number[id(c)] for c in involved}) < 2:
        involved = []
    if involved:
        sides: dict[int, list[Claim]] = defaultdict(list)
        for c in involved:
            sides[number[id(c)]].append(c)
        first_said = {n: min(said[id(c)] for c in cl) for n, cl in sides.items()}
        ordered = [sides[n] for n in sorted(sides, key=lambda n: (first_said[n], n))]
        findings.append(_conflict(members[0], ordered, sources, " within a week"))
    steps = revision_sequence(clusters, dated)
    if len(steps) > 1:
        first = members[0]
        placed = [
            [c for c in clusters[n] if id(c) in said] for n, _w, _c in steps
        ]  # each value's dated claims
        shown = [values.representative(cl) for cl in placed]
        amounts = [float(c.value) for c in shown]
        rising = all(a < b for a, b in zip(amounts, amounts[1:], strict=False))
        falling = all(a > b for a, b in zip(amounts, amounts[1:], strict=False))
        verb = "raised" if rising else "cut" if falling else "revised"
        sequence = " -> ".join(
            f"{format_quantity(rep)} ({when.isoformat()}, {_source_name(c, sources)})"
            for rep, (_n, when, c) in zip(shown, steps, strict=True)
        )
        explanation = f"{_capitalised(describe_key(first))} was {verb}: {sequence}."
        sides_ids = [sorted(c.id for c in cl) for cl in placed]
        findings.append(
            Finding(
                topic=first.topic,
                kind="target_revision",
                subject=first.subject,
                property=first.property,
                explanation=explanation,
                sides=sides_ids,
                severity="low",
            )
        )
    return findings


def _conflicting_announcements(
    dated: list[tuple[date, Claim]], number: dict[int, int], first_said: dict[int, date]
) -> list[Claim]:
    """The claims of one target in a conflict: a different value announced within
    `REVISION_DAYS` before a claim not said to be revised (neither the article's own earlier
    figure), where the two values first came out within `REVISION_DAYS` of each other: a value
    first announced long before the other is an outlet repeating a target since revised (or the
    other is the revision), not two sources disagreeing on the same date. ``dated``:
    `announcement_order`; ``number``: each claim's cluster, by id(claim); ``first_said``: when
    each cluster was first announced.

    A sweep keeps the claims announced in the past week and, per value, those not yet found in
    a conflict, so each claim is marked once."""
    window: deque[tuple[date, int]] = deque()
    in_window: dict[int, int] = defaultdict(int)  # value -> claims of it in the window
    unmarked: dict[int, deque[tuple[date, Claim]]] = defaultdict(deque)
    involved: dict[int, Claim] = {}
    for when, c in dated:
        while window and (when - window[0][0]).days > REVISION_DAYS:
            _gone, k = window.popleft()
            in_window[k] -= 1
            if not in_window[k]:
                del in_window[k]
        if is_historic(c):
            continue
        n = number[id(c)]
        if not c.qualifiers.get("revised"):
            for k in [
                k
                for k in in_window
                if k != n and abs((first_said[k] - first_said[n]).days) <= REVISION_DAYS
            ]:
                involved[id(c)] = c
                marks = unmarked[k]
                while marks:
                    said, other = marks.popleft()
                    if (when - said).days <= REVISION_DAYS:
                        involved[id(other)] = other
        window.append((when, n))
        in_window[n] += 1
        if id(c) not in involved:
            unmarked[n].append((when, c))
    return list(involved.values())


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- suppliers -------------------------------------------------------------------------


def _covers(general: tuple, specific: tuple) -> bool:
    """Is a list for ``general`` (variant, role) checked against one for ``specific``: the same
    trim and role, or the whole car (or any role) against one trim (or role)?"""
    return all(g is None or g == s for g, s in zip(general, specific, strict=True))


def supplier_lists(members: list[Claim]) -> dict[tuple, tuple[set[str], set[str], list[Claim]]]:
    """Each article's supplier list per (variant, role): (the names it gives, the names it gives
    as a complete list, its claims). History (a supplier the article says was dropped) is left out."""
    lists: dict[tuple, tuple[set[str], set[str], list[Claim]]] = {}
    for c in members:
        if is_historic(c):
            continue
        key = ((c.qualifiers.get("variant"), c.qualifiers.get("role")), c.article_id)
        names, closed, claims = lists.setdefault(key, (set(), set(), []))
        name = values.entity_name(c)
        names.add(name)
        if c.qualifiers.get("closed_list"):
            closed.add(name)
        claims.append(c)
    return lists


def _supplier_divergence(
    subject: str, prop: str, members: list[Claim], sources: dict[str, Source]
) -> list[Finding]:
    """A list given as complete (closed) against another article's list for the same car, trim
    and role, or for one trim of the car the closed list is for, that names a supplier the
    complete list leaves out. A list naming fewer suppliers is a partial list, not a divergence.

    Articles giving the same list are taken together (a few distinct lists, however many
    articles); one finding per (variant, role) of the complete lists concerned."""
    shapes: dict[tuple, list[tuple[str, list[Claim]]]] = defaultdict(
        list
    )  # (key, names, closed) -> articles
    for (key, aid), (names, closed, claims) in supplier_lists(members).items():
        shapes[(key, frozenset(names), frozenset(closed))].append((aid, claims))
    findings = []
    keys = sorted(
        {shape[0] for shape in shapes if shape[2]},
        key=lambda k: [(x is not None, x or "") for x in k],
    )
    for general in keys:
        involved = _divergent_lists(general, shapes)
        if involved:
            findings.append(_divergence_finding(subject, prop, general, involved, shapes, sources))
    return findings


def _divergent_lists(
    general: tuple, shapes: dict[tuple, list[tuple[str, list[Claim]]]]
) -> set[tuple]:
    """The lists (key, names, complete names) in a divergence with a complete list for
    ``general``: it and a list, in another article, that names a supplier it leaves out."""
    involved: set[tuple] = set()
    alone = {
        shape: arts[0][0] if len(arts) == 1 else None for shape, arts in shapes.items()
    }  # its one article
    for a in shapes:
        if a[0] != general or not a[2]:
            continue
        for b in shapes:
            if b == a or not _covers(general, b[0]) or not b[1] - a[2]:
                continue
            if (
                alone[a] is None or alone[a] != alone[b]
            ):  # an article's own lists: not a divergence between sources
                involved.update((a, b))
    return involved


def _divergence_finding(
    subject: str,
    prop: str,
    general: tuple,
    involved: set[tuple],
    shapes: dict,
    sources: dict[str, Source],
) -> Finding:
    """The lists of a divergence as sides: a list naming part of another list of its key (and of
    no other) is shown with it; the lists of one trim or role after the car's, each in the order
    it was first reported."""
    by_names: dict[tuple, list[Claim]] = defaultdict(list)  # (key, names) -> claims
    for key, names, _closed in involved:
        for _aid, claims in shapes[(key, names, _closed)]:
            by_names[(key, names)].extend(claims)
    first_said: dict[tuple, date] = {}
    for kn, claims in by_names.items():
        first_said[kn] = min(published_on(sources, c) for c in claims)
    maximal = [kn for kn in by_names if not any(o[0] == kn[0] and kn[1] < o[1] for o in by_names)]
    maximal.sort(
        key=lambda kn: (kn[0] != general, first_said[kn], sorted(kn[1]))
    )  # ties in name order, not set order
    sides: dict[tuple, list[Claim]] = {kn: [] for kn in maximal}
    for kn, claims in by_names.items():
        home = _unique_superset(kn, [m for m in maximal if m[0] == kn[0]])
        if home is not None:
            sides[home].extend(claims)
    component = prop.split(".", 1)[1]
    parts = []
    for kn in maximal:
        side = sides[kn]
        names = [
            _with_parent(n, side) for n in sorted(kn[1], key=lambda n: (_first_pos(side, n), n))
        ]
        parts.append(f"{_join(names)}{_trim_words(kn[0], general)} in {_cite(side, sources)}")
    car_level = [kn for kn in maximal if kn[0] == general]
    change = []
    if len(car_level) > 1:
        earliest, latest = car_level[0], car_level[-1]
        everyone = [c for kn in car_level for c in sides[kn]]
        dropped = [_with_parent(n, everyone) for n in sorted(earliest[1] - latest[1])]
        added = [_with_parent(n, everyone) for n in sorted(latest[1] - earliest[1])]
        if max(published_on(sources, c) for c in sides[earliest]) >= min(
            published_on(sources, c) for c in sides[latest]
        ):
            dropped = added = []  # the lists alternate in time: no "later list" to speak of
        if dropped:
            change.append(
                f"{_join(dropped)} {'is' if len(dropped) == 1 else 'are'} not named in the later list"
            )
        if added:
            change.append(f"{_join(added)} {'appears' if len(added) == 1 else 'appear'} only later")
    explanation = (
        f"Sources name different {component} suppliers for {subject}{_trim_words(general, (None, None))}: "
        + "; ".join(parts)
        + "."
    )
    if change:
        sentence = "; ".join(change)
        explanation += " " + sentence[:1].upper() + sentence[1:] + "."
    return Finding(
        topic="supplier",
        kind="supplier_divergence",
        subject=subject,
        property=prop,
        explanation=explanation,
        sides=[sorted(c.id for c in sides[kn]) for kn in maximal if sides[kn]],
        severity="medium",
    )


def _trim_words(key: tuple, general: tuple) -> str:
    """' (Pro trim, driving chip)': what a list is for, where it is narrower than ``general``."""
    variant, role = key
    words = []
    if variant is not None and variant != general[0]:
        words.append(f"{variant} trim")
    if role is not None and role != general[1]:
        words.append(f"{role} role")
    return f" ({', '.join(words)})" if words else ""


def _unique_superset(s: tuple, maximal: list[tuple]) -> tuple | None:
    """The one maximal (key, names) whose names include ``s``'s, or ``s`` itself if maximal."""
    if s in maximal:
        return s
    supers = [m for m in maximal if s[1] <= m[1]]
    return supers[0] if len(supers) == 1 else None


def _first_pos(side: list[Claim], name: str) -> int:
    return min((c.end for c in side if values.entity_name(c) == name), default=0)


def _with_parent(name: str, claims: list[Claim]) -> str:
    """'FinDreams Battery (BYD)' where the registry names an owner."""
    for c in claims:
        if values.entity_name(c) == name and c.qualifiers.get("parent"):
            return f"{name} ({c.qualifiers['parent']})"
    return name


# --- predictions, status, timelines -------------------------------------------------------

_PREDICTION = {"expected", "planned"}
_CAME_TRUE = {"obtained", "achieved"}


def _live_plan(c: Claim, sources: dict[str, Source]) -> bool:
    """A plan with a period, printed before that period was over: a prediction. A plan the
    article gives as the earlier one, or prints after its period ended (undated: when is
    unknown), is history; so is one from an article whose date is only inferred to a month or
    a year (its relative dates, "April this year", and when it was said are guesses)."""
    return (
        c.status in _PREDICTION
        and c.period_end is not None
        and not is_historic(c)
        and published_on(sources, c) <= c.period_end
        and _dated_to_the_day(sources.get(c.article_id))
    )


def _dated_to_the_day(s: Source | None) -> bool:
    """Is the article's publication date known to the day (stated, or inferred from a dated event)?"""
    if s is None or s.published is None:
        return False
    return s.published_basis != "inferred" or len(s.published_label or "") == 10


def _missed_predictions(
    subject: str, prop: str, members: list[Claim], sources: dict[str, Source]
) -> list[Finding]:
    predictions = [c for c in members if _live_plan(c, sources)]
    outcomes = [
        c
        for c in members
        if c.status in _CAME_TRUE and c.period_start is not None and not is_historic(c)
    ]
    # Late outcomes start after the predicted window and were published after the prediction
    # (so they come from another article: an article has one date). Outcomes are bucketed by
    # start and sorted by publication within a bucket, so each prediction reads only the
    # buckets after its window and, in each, the run published after it. Outcomes are named
    # by their rank in id order, so sorting ranks puts a side's ids in order.
    by_id = sorted(range(len(outcomes)), key=lambda n: outcomes[n].id)
    ids = [outcomes[n].id for n in by_id]
    rank = {n: r for r, n in enumerate(by_id)}
    # and their articles by the rank in which a citation lists them
    cited = sorted(
        {o.article_id for o in outcomes}, key=lambda aid: (_published(sources, aid), aid)
    )
    cite_rank = {aid: r for r, aid in enumerate(cited)}
    article_rank = [cite_rank[outcomes[n].article_id] for n in by_id]
    buckets: dict[date, list[int]] = defaultdict(list)
    for n, o in enumerate(outcomes):
        buckets[o.period_start].append(n)
    starts = sorted(buckets)
    runs: list[list[int]] = []
    run_dates: list[list[date]] = []
    for start in starts:
        run = sorted(buckets[start], key=lambda n: published_on(sources, outcomes[n]))
        runs.append([rank[n] for n in run])
        run_dates.append([published_on(sources, outcomes[n]) for n in run])
    # One finding per predicted window: every prediction of that window that later reports
    # overtook, against those reports. The earliest prediction's late outcomes include every
    # later one's (an outcome published after it is published after the earlier one too),
    # so they are that side. A finding per prediction would repeat the same outcomes for
    # each, which grows with the square of the claims on a busy subject.
    windows: dict[tuple[date, date | None], list[Claim]] = defaultdict(list)
    for p in predictions:
        windows[(p.period_end, p.period_start)].append(p)
    out = []
    for _window, group in sorted(windows.items(), key=lambda kv: (kv[0][0], kv[0][1] or date.min)):
        group.sort(key=lambda p: (published_on(sources, p), p.id))
        p = group[0]
        said = published_on(sources, p)
        picked: list[int] = []
        for b in range(bisect_right(starts, p.period_end), len(starts)):
            picked.extend(runs[b][bisect_right(run_dates[b], said) :])
        if not picked:
            continue
        newest = max(
            run_dates[b][-1]
            for b in range(bisect_right(starts, p.period_end), len(starts))
            if runs[b]
        )
        missed = [q for q in group if published_on(sources, q) < newest]
        picked.sort()
        first = outcomes[min(map(by_id.__getitem__, picked))]  # the first late outcome as they came
        explanation = (
            f"{_cite(missed, sources)} expected {describe_event(p)} in "
            f"{format_period(p)}; {_cite_sorted([cited[r] for r in sorted(set(map(article_rank.__getitem__, picked)))], sources)} report it "
            f"{'obtained' if prop.startswith('approval.') else 'happened'} "
            f"{'on' if first.period_start == first.period_end else 'in'} {format_period(first)}, after that window."
        )
        out.append(
            _missed(
                p,
                subject,
                prop,
                explanation,
                [sorted(q.id for q in missed), list(map(ids.__getitem__, picked))],
            )
        )
    return out


def _missed(p: Claim, subject: str, prop: str, explanation: str, sides: list[list[str]]) -> Finding:
    """A missed prediction: the prediction (``p`` first of its side) against what came after."""
    return Finding(
        topic=p.topic,
        kind="missed_prediction",
        subject=subject,
        property=prop,
        explanation=explanation,
        sides=sides,
        severity="medium",
    )


def _overdue_approvals(
    subject: str, prop: str, members: list[Claim], sources: dict[str, Source]
) -> list[Finding]:
    """An approval expected within a window that later reports, published after the window,
    still call pending (or denied), with no report of it obtained by then: a missed prediction
    ("expected in June-July 2023"; in November 2023 "still has no licence of its own")."""
    pending = sorted(
        (
            (published_on(sources, c), c.id, c)
            for c in members
            if c.status in ("pending", "denied") and not is_historic(c)
        ),
        key=lambda t: t[:2],
    )
    obtained = [c for c in members if c.status == "obtained" and not is_historic(c)]
    if not pending:
        return []
    dates = [d for d, _i, _c in pending]
    windows: dict[date, list[Claim]] = defaultdict(list)
    for p in members:
        if p.status == "expected" and _live_plan(p, sources):
            windows[p.period_end].append(p)
    out = []
    for end, group in sorted(windows.items()):
        later = [c for d, _i, c in pending[bisect_right(dates, end) :] if d != date.max]
        # an obtained report dated (by its period or its article) before the pending ones
        # answers the question: no miss to speak of
        first_later = published_on(sources, later[0]) if later else None
        if not later or any(
            (o.period_end or published_on(sources, o)) <= first_later for o in obtained
        ):
            continue
        group.sort(key=lambda p: (published_on(sources, p), p.id))
        p = group[0]
        explanation = (
            f"{_cite(group, sources)} expected {describe_event(p)} in {format_period(p)}; "
            f"{_cite(later, sources)}, after that window, still describe it as {later[0].status}."
        )
        out.append(
            _missed(
                p,
                subject,
                prop,
                explanation,
                [sorted(q.id for q in group), sorted(c.id for c in later)],
            )
        )
    return out


def _status_conflicts(
    subject: str, prop: str, members: list[Claim], sources: dict[str, Source]
) -> list[Finding]:
    obtained = [c for c in members if c.status == "obtained" and not is_historic(c)]
    negative = [c for c in members if c.status in ("pending", "denied") and not is_historic(c)]
    # obtained by the end of its stated period (or by its article's date): a "pending" said
    # only after that is a conflict; one said before it is progress. An obtained claim is in
    # conflict when the latest dated "pending" comes after it, a "pending" when it comes
    # after the earliest dated obtained claim.
    whens = [o.period_end or published_on(sources, o) for o in obtained]
    as_ofs = [published_on(sources, n) for n in negative]
    latest_said = max((a for a in as_ofs if a != date.max), default=None)
    earliest_done = min((w for w in whens if w != date.max), default=None)
    if latest_said is None or earliest_done is None or not latest_said > earliest_done:
        return []
    obtained_side = sorted(
        {o.id for o, w in zip(obtained, whens, strict=True) if w != date.max and latest_said > w}
    )
    negative_side = sorted(
        {n.id for n, a in zip(negative, as_ofs, strict=True) if a != date.max and a > earliest_done}
    )
    o_ids, n_ids = (
        set(obtained_side),
        set(negative_side),
    )  # sets: a side can hold thousands of claims
    o_claims = [c for c in obtained if c.id in o_ids]
    n_claims = [c for c in negative if c.id in n_ids]
    explanation = (
        f"{_cite(o_claims, sources)} report {describe_event(o_claims[0])} obtained, but "
        f"{_cite(n_claims, sources)} describe it as {n_claims[0].status} at a later date."
    )
    return [
        Finding(
            topic="approval",
            kind="status_conflict",
            subject=subject,
            property=prop,
            explanation=explanation,
            sides=[obtained_side, negative_side],
            severity="high",
        )
    ]


def _timeline_conflicts(
    subject: str, prop: str, members: list[Claim], sources: dict[str, Source]
) -> list[Finding]:
    done = [
        c for c in members
        if c.status == "achieved" and c.value_kind in ("time", "status") and c.period_start is not None
        and c.period_end is not None and not is_historic(c)
    ]  # fmt: skip
    # periods that all meet one another, as values.clusters splits them (all say "achieved")
    clusters = values.clusters(done)
    if len(clusters) < 2:
        return []
    parts = [f"{format_period(cl[0])} in {_cite(cl, sources)}" for cl in clusters]
    explanation = (
        f"Sources place {describe_event(done[0])} at different times: " + "; ".join(parts) + "."
    )
    return [
        Finding(
            topic="timeline",
            kind="timeline_conflict",
            subject=subject,
            property=prop,
            explanation=explanation,
            sides=[sorted(c.id for c in cl) for cl in clusters],
            severity="medium",
        )
    ]


# --- wording -------------------------------------------------------------------------------


def _source_name(c: Claim, sources: dict[str, Source]) -> str:
    s = sources.get(c.article_id)
    return s.name if s else c.article_id


CITE_LIMIT = 6  # articles named in one citation; past that, the first few and "and N more articles"


def _cite(claims: list[Claim], sources: dict[str, Source], show_scope: bool = False) -> str:
    """'AutoBeta (000_x.txt, 2023-08-23) and 004_y.txt (2022-10-19)', one entry per article,
    earliest first; a long list names the first few and counts the rest."""
    if not show_scope:
        return _cite_articles(set(map(_ARTICLE, claims)), sources)
    seen: dict[str, Claim] = {}  # each article's earliest-placed claim (for its scope note)
    for c in claims:
        first = seen.get(c.article_id)
        if first is None or c.start < first.start:
            seen[c.article_id] = c
    return _cite_articles(seen, sources, seen)


def _cite_articles(
    article_ids: Iterable[str], sources: dict[str, Source], scope_of: dict[str, Claim] | None = None
) -> str:
    """`_cite` for these articles; ``scope_of`` gives the claim whose stated scope to note."""
    return _cite_sorted(
        sorted(article_ids, key=lambda aid: (_published(sources, aid), aid)), sources, scope_of
    )


def _cite_sorted(
    order: list[str], sources: dict[str, Source], scope_of: dict[str, Claim] | None = None
) -> str:
    """`_cite_articles` for articles already in citation order."""
    shown = order if len(order) <= CITE_LIMIT else order[: CITE_LIMIT - 1]
    items = []
    for aid in shown:
        c = scope_of.get(aid) if scope_of else None
        s = sources.get(aid)
        note = (
            f"scope stated as “{c.qualifiers['facility']}”"
            if c is not None and c.qualifiers.get("facility")
            else ""
        )
        text = s.cite(note) if s else aid
        items.append(text)
    if len(shown) < len(order):
        items.append(f"{len(order) - len(shown)} more articles")
    return _join(items)


_ARTICLE = attrgetter("article_id")


def _published(sources: dict[str, Source], article_id: str) -> date:
    s = sources.get(article_id)
    return s.published if s and s.published else date.max


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_PROPERTY_WORDS = {
    "capacity.annual": "annual production capacity",
    "capacity.monthly": "monthly production capacity",
    "production.target": "production target",
    "production.volume": "production",
    "production.cumulative": "cumulative production",
    "delivery.target": "delivery target",
    "delivery.volume": "deliveries",
    "delivery.cumulative": "cumulative deliveries",
    "orders.count": "orders",
    "production.trial_output": "trial output",
    "investment.total": "investment",
    "price.starting": "starting price",
    "price.upper_limit": "upper price limit",
    "price.stated": "price",
    "approval.ndrc": "NDRC approval",
    "approval.miit": "MIIT approval",
    "approval.production_qualification": "production qualification",
    "approval.contract_manufacturing": "contract manufacturing approval",
}
_SHIFTS = {1: "one shift", 2: "two shifts", 3: "three shifts"}


def describe_key(c: Claim) -> str:
    """What a comparison key is about, in words: "Xiaomi Beijing plant's annual production
    capacity (whole plant)", "Xiaomi Auto's delivery target for 2024", "Xiaomi SU7's locked
    orders in 24 hours"."""
    q = c.qualifiers
    prop = c.property
    words = _PROPERTY_WORDS.get(prop, prop.split(".", 1)[-1].replace("_", " "))
    if prop == "orders.count":
        kind = q.get("order_kind") or q.get("kind")
        words = f"{kind} orders" if kind and kind != "order" else "orders"
    subject = c.subject + "'s" if not c.subject.endswith("s") else c.subject + "'"
    text = f"{subject} {words}"
    scope = q.get("scope")
    scope_words = {"plant": "whole plant", "per phase": "each phase"}.get(scope or "", scope)
    notes = []
    if scope_words and scope not in ("target", "trial production", "output"):
        notes.append(scope_words)
    if q.get("shifts") in _SHIFTS:
        notes.append(f"with {_SHIFTS[q['shifts']]}")
    if q.get("variant"):
        notes.append(f"{q['variant']} trim")
    if notes:
        text += f" ({', '.join(notes)})"
    if prop.endswith((".target", ".volume")) and c.period_label:
        text += f" for {c.period_label}" if prop.endswith(".target") else f" in {c.period_label}"
    elif prop.endswith(".cumulative") and c.period_end:
        text += f" as of {c.period_end.isoformat()}"
    elif prop == "orders.count":
        if q.get("window"):
            text += f" in {q['window']}"
        elif c.period_end:
            text += f" as of {c.period_end.isoformat()}"
    return text


def describe_event(c: Claim) -> str:
    if c.property.startswith("milestone."):
        return c.property.split(".", 1)[1].replace("_", " ")
    return f"{c.subject}'s {_PROPERTY_WORDS.get(c.property, c.property)}"


def format_quantity(c: Claim) -> str:
    v = float(c.value)
    num = f"{v:,.0f}" if v == int(v) else f"{v:,}"
    if c.value_high is not None:
        hv = float(c.value_high)
        num += f"–{hv:,.0f}" if hv == int(hv) else f"–{hv:,}"
    prefix = {"min": "at least ", "max": "up to "}.get(c.bound or "", "about " if c.approx else "")
    unit = {"vehicles": " vehicles", "USD": " USD", "CNY": " yuan"}.get(
        c.unit or "", f" {c.unit}" if c.unit else ""
    )
    per = f" a {c.per}" if c.per else ""
    return f"{prefix}{num}{unit}{per}"


def format_period(c: Claim) -> str:
    """'27 November 2021', 'August 2023', '2024', 'June–July 2023 (2023-06/2023-07)'."""
    if c.period_start and c.period_end:
        a, b = c.period_start, c.period_end
        if a == b:
            return f"{a.day} {a.strftime('%B %Y')}"
        if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
            text = str(a.year)
        elif (a.year, a.month) == (b.year, b.month):
            text = a.strftime("%B %Y")
        elif a.year == b.year:
            text = f"{a.strftime('%B')}–{b.strftime('%B %Y')}"
        else:
            text = f"{a.strftime('%B %Y')}–{b.strftime('%B %Y')}"
        return f"{text} ({c.period_label})" if c.period_label and c.period_label != text else text
    return c.period_label or "an unstated time"


def _phase_self_contradictions(members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    """One article giving a phase two sizes: "Phase I ... 300,000 ..., of which Phase I and
    Phase II ... 150,000 respectively" says Phase I is both 300,000 and 150,000."""
    per_phase = [
        c for c in members if c.qualifiers.get("scope") == "per phase" and not is_historic(c)
    ]
    phases = [
        c
        for c in members
        if c.qualifiers.get("scope") in ("phase I", "phase II") and not is_historic(c)
    ]
    out = []
    for p in phases:
        clash = [
            c
            for c in per_phase
            if c.qualifiers.get("shifts") == p.qualifiers.get("shifts") and not values.agree(c, p)
        ]
        if not clash:
            continue
        s = sources.get(p.article_id)
        name = s.cite() if s else p.article_id
        explanation = (
            f"{name} gives {p.qualifiers['scope']} of {p.subject} two capacities: {format_quantity(p)} "
            f"(“{p.quote}”) and, as each phase, {format_quantity(clash[0])} (“{clash[0].quote}”)."
        )
        out.append(
            Finding(
                topic="capacity",
                kind="self_contradiction",
                subject=p.subject,
                property=p.property,
                explanation=explanation,
                sides=[[p.id], sorted(c.id for c in clash)],
                severity="medium",
            )
        )
    return out


def _timeline_revisions(
    subject: str, prop: str, members: list[Claim], sources: dict[str, Source]
) -> list[Finding]:
    """A planned date that a later source moves to a disjoint period: a slip (later) or a
    pull-in (earlier). A period inside the earlier one is a refinement and says nothing."""
    planned = sorted(
        (
            c
            for c in members
            if c.status == "planned" and c.period_start is not None and _live_plan(c, sources)
        ),
        key=lambda c: (published_on(sources, c), c.id),
    )
    # Everything published before a claim (necessarily another article: an article has one
    # date) is a prefix of ``planned``. A Fenwick tree over period starts holds the latest
    # end among the prefix's periods starting by a given day: the claim overlaps none of
    # them exactly when that end, up to its own end, is before its start.
    dates = [published_on(sources, c) for c in planned]
    starts = sorted({c.period_start for c in planned})
    tree: list[date | None] = [None] * (len(starts) + 1)

    def insert(c: Claim) -> None:
        i = bisect_left(starts, c.period_start) + 1
        while i <= len(starts):
            if tree[i] is None or tree[i] < c.period_end:
                tree[i] = c.period_end
            i += i & -i

    def latest_end(by: date) -> date | None:
        i = bisect_right(starts, by)
        best = None
        while i > 0:
            if tree[i] is not None and (best is None or tree[i] > best):
                best = tree[i]
            i -= i & -i
        return best

    out = []
    inserted = 0
    for n, later in enumerate(planned):
        said = dates[n]
        while dates[inserted] < said:
            insert(planned[inserted])
            inserted += 1
        if not inserted:
            continue
        end = latest_end(later.period_end)
        if end is not None and end >= later.period_start:
            continue
        k = inserted - 1
        while k > 0 and dates[k - 1] == dates[k] and planned[k - 1].id == planned[k].id:
            k -= 1  # max() keeps the first of equal keys
        prev = planned[k]
        moved = "slipped" if later.period_start > prev.period_end else "was brought forward"
        explanation = (
            f"The planned date of {describe_event(later)} {moved}: {format_period(prev)} in {_cite([prev], sources)}, "
            f"then {format_period(later)} in {_cite([later], sources)}."
        )
        out.append(
            Finding(
                topic=later.topic,
                kind="timeline_revision",
                subject=subject,
                property=prop,
                explanation=explanation,
                sides=[[prev.id], [later.id]],
                severity="low",
            )
        )
    return out
