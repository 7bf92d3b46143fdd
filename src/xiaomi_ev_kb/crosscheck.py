"""Cross-checking claims: a pure function from claims (and their sources) to findings.

Claims are compared only within a comparison key: subject, property, scope
qualifiers and, for targets, the period they are for. Within a key:

* quantities that differ beyond rounding ("about", bounds) are a value conflict;
* a component's suppliers named by different sources as sets where neither is
  part of the other are a supplier divergence;
* a prediction (expected / planned, with a period) that later reports say came
  true only after that period is a missed prediction;
* an approval reported obtained and, later, still pending is a status conflict
  (pending first and obtained later is progress, not a conflict);
* achieved milestones placed in disjoint periods are a timeline conflict (one
  period inside another is a refinement).

Grouping by key keeps the work near-linear; there is no database in here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from .models import Claim, Finding, Source, published_on
from .origins import claim_origins, corroboration

_UNCOMPARED_CERTAINTY = {"speculated"}


def comparison_key(c: Claim) -> tuple:
    """Claims are compared only when this key is equal."""
    q = c.qualifiers
    base = (c.subject, c.property, q.get("scope"), c.per, q.get("component"))
    if c.property.endswith(".target"):
        return (*base, c.period_label)
    if c.per in ("week", "month", "day"):
        # a rate changes as production ramps up: compare only what was said in the same month
        return (*base, c.period_label or q.get("as_of_month"))
    if c.topic in ("price", "spec"):
        return (*base, c.unit, q.get("variant"))
    if c.topic == "investment":
        return (*base, c.unit)
    return base


def find_contradictions(claims: Iterable[Claim], sources: dict[str, Source]) -> list[Finding]:
    """All findings for these claims; ``sources`` maps article ids to their metadata."""
    claims = [c for c in claims if c.certainty not in _UNCOMPARED_CERTAINTY]
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    by_property: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[comparison_key(c)].append(c)
        by_property[(c.subject, c.property)].append(c)
    findings: list[Finding] = []
    for _key, members in groups.items():
        if members[0].value_kind == "quantity":
            findings.extend(_value_conflicts(members, sources))
    by_article: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.property == "capacity.annual":
            by_article[(c.article_id, c.subject)].append(c)
    for members in by_article.values():
        findings.extend(_phase_self_contradictions(members, sources))
    for (subject, prop), members in by_property.items():
        if prop.startswith("supplier."):
            findings.extend(_supplier_divergence(subject, prop, members, sources))
        if prop.startswith("approval.") or prop.startswith("milestone."):
            findings.extend(_missed_predictions(subject, prop, members, sources))
        if prop.startswith("approval."):
            findings.extend(_status_conflicts(subject, prop, members, sources))
        if prop.startswith("milestone."):
            findings.extend(_timeline_conflicts(subject, prop, members, sources))
            findings.extend(_timeline_revisions(subject, prop, members, sources))
    origins = claim_origins(claims, sources)
    by_id = {c.id: c for c in claims}
    for f in findings:
        f.backing = [corroboration([by_id[i] for i in side if i in by_id], origins).to_dict() for side in f.sides]
    order = {"high": 0, "medium": 1, "low": 2}
    findings.sort(key=lambda f: (order.get(f.severity, 3), f.topic, f.property, f.id))
    return findings


# --- quantities ------------------------------------------------------------------------


def _bounds(c: Claim) -> tuple[float, float]:
    """The values a quantity claim admits, allowing for rounding and stated bounds."""
    low = float(c.value)
    high = float(c.value_high) if c.value_high is not None else low
    slack = 0.1 if c.approx else 0.005
    low, high = low * (1 - slack), high * (1 + slack)
    if c.bound == "min":
        high = float("inf")
    elif c.bound == "max":
        low = 0.0
    return low, high


def _agree(a: Claim, b: Claim) -> bool:
    la, ha = _bounds(a)
    lb, hb = _bounds(b)
    return la <= hb and lb <= ha


def _value_conflicts(members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    clusters: list[list[Claim]] = []
    for c in sorted(members, key=lambda c: (float(c.value), c.id)):
        for cl in clusters:
            if all(_agree(c, o) for o in cl):
                cl.append(c)
                break
        else:
            clusters.append([c])
    if len(clusters) < 2:
        return []
    clusters.sort(key=lambda cl: min(published_on(sources, c) for c in cl))
    # A figure that a later source says was raised or cut is a revision, not a conflict:
    # each value after the first is backed by at least one "raised to ..." statement.
    if all(any(c.qualifiers.get("revised") for c in cl) for cl in clusters[1:]):
        return []
    first = members[0]
    findings: list[Finding] = []
    by_article: dict[str, set[int]] = defaultdict(set)
    for n, cl in enumerate(clusters):
        for c in cl:
            by_article[c.article_id].add(n)
    if first.topic in ("spec", "price") and any(len(ns) > 1 for ns in by_article.values()):
        return []  # one article listing several values is naming trims, not contradicting itself
    for aid, ns in sorted(by_article.items()):
        if len(ns) > 1 and len(by_article) > 1:
            own = [[c for c in clusters[n] if c.article_id == aid] for n in sorted(ns)]
            findings.extend(_value_conflicts(own[0] + [c for side in own[1:] for c in side], sources))
    articles = {c.article_id for c in members}
    same_article = len(articles) == 1
    kind = "self_contradiction" if same_article else "value_conflict"
    parts = []
    for cl in sorted(clusters, key=lambda cl: -len({c.article_id for c in cl})):
        parts.append(f"{format_quantity(cl[0])} in {_cite(cl, sources, show_scope=True)}")
    values = sorted(float(cl[0].value) for cl in clusters)
    spread = (values[-1] - values[0]) / values[-1] if values[-1] else 0
    severity = "high" if spread >= 0.25 and not same_article else "medium"
    what = describe_key(first)
    if same_article:
        explanation = f"{_source_name(first, sources)} gives two values for {what}: " + "; ".join(parts) + "."
    else:
        explanation = f"Sources disagree on {what}: " + "; ".join(parts) + "."
    return findings + [
        Finding(
            topic=first.topic,
            kind=kind,
            subject=first.subject,
            property=first.property,
            explanation=explanation,
            sides=[sorted(c.id for c in cl) for cl in clusters],
            severity=severity,
        )
    ]


# --- suppliers -------------------------------------------------------------------------


def _supplier_divergence(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in members:
        by_article[c.article_id].append(c)
    sets = {aid: frozenset(c.entity or c.value for c in cs) for aid, cs in by_article.items()}
    if len(set(sets.values())) < 2:
        return []
    # An article naming a subset of another's list agrees with it (a partial list).
    maximal = [s for s in set(sets.values()) if not any(s < t for t in sets.values())]
    if len(maximal) < 2:
        return []
    maximal.sort(key=lambda s: min((sources[aid].published if aid in sources and sources[aid].published else date.max) for aid, t in sets.items() if t == s))
    sides: list[list[Claim]] = []
    for s in maximal:
        side = [c for aid, cs in by_article.items() if sets[aid] <= s and _unique_superset(sets[aid], maximal) == s for c in cs]
        sides.append(side)
    component = prop.split(".", 1)[1]
    parts = []
    for s, side in zip(maximal, sides, strict=True):
        names = [_with_parent(n, side) for n in sorted(s, key=lambda n: _first_pos(side, n))]
        parts.append(f"{_join(names)} in {_cite(side, sources)}")
    earliest, latest = maximal[0], maximal[-1]
    everyone = [c for side in sides for c in side]
    dropped = [_with_parent(n, everyone) for n in sorted(earliest - latest)]
    added = [_with_parent(n, everyone) for n in sorted(latest - earliest)]
    if max(published_on(sources, c) for c in sides[0]) >= min(published_on(sources, c) for c in sides[-1]):
        dropped = added = []  # the lists alternate in time: no "later list" to speak of
    change = []
    if dropped:
        change.append(f"{_join(dropped)} {'is' if len(dropped) == 1 else 'are'} not named in the later list")
    if added:
        change.append(f"{_join(added)} {'appears' if len(added) == 1 else 'appear'} only later")
    explanation = f"Sources name different {component} suppliers for {subject}: " + "; ".join(parts) + "."
    if change:
        sentence = "; ".join(change)
        explanation += " " + sentence[:1].upper() + sentence[1:] + "."
    return [
        Finding(
            topic="supplier",
            kind="supplier_divergence",
            subject=subject,
            property=prop,
            explanation=explanation,
            sides=[sorted(c.id for c in side) for side in sides],
            severity="medium",
        )
    ]


def _unique_superset(s: frozenset, maximal: list[frozenset]) -> frozenset | None:
    supers = [m for m in maximal if s <= m]
    return supers[0] if len(supers) == 1 else (s if s in supers else None)


def _first_pos(side: list[Claim], name: str) -> int:
    return min((c.end for c in side if (c.entity or c.value) == name), default=0)


def _with_parent(name: str, claims: list[Claim]) -> str:
    """'FinDreams Battery (BYD)' where the registry names an owner."""
    for c in claims:
        if (c.entity or c.value) == name and c.qualifiers.get("parent"):
            return f"{name} ({c.qualifiers['parent']})"
    return name


# --- predictions, status, timelines -------------------------------------------------------

_PREDICTION = {"expected", "planned"}
_CAME_TRUE = {"obtained", "achieved"}


def _missed_predictions(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    predictions = [c for c in members if c.status in _PREDICTION and c.period_end is not None]
    outcomes = [c for c in members if c.status in _CAME_TRUE and c.period_start is not None]
    out = []
    for p in predictions:
        said = published_on(sources, p)
        late = [
            o
            for o in outcomes
            if o.period_start > p.period_end and published_on(sources, o) > said and o.article_id != p.article_id
        ]
        if not late:
            continue
        explanation = (
            f"{_cite([p], sources)} expected {describe_event(p)} in "
            f"{format_period(p)}; {_cite(late, sources)} report it "
            f"{'obtained' if prop.startswith('approval.') else 'happened'} "
            f"{'on' if late[0].period_start == late[0].period_end else 'in'} {format_period(late[0])}, after that window."
        )
        out.append(
            Finding(
                topic=p.topic,
                kind="missed_prediction",
                subject=subject,
                property=prop,
                explanation=explanation,
                sides=[[p.id], sorted(o.id for o in late)],
                severity="medium",
            )
        )
    return out


def _status_conflicts(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    obtained = [c for c in members if c.status == "obtained"]
    negative = [c for c in members if c.status in ("pending", "denied")]
    conflicts: list[tuple[Claim, Claim]] = []
    for n in negative:
        as_of = published_on(sources, n)
        for o in obtained:
            # obtained by the end of its stated period (or by its article's date): a "pending"
            # said only after that is a conflict; one said before it is progress
            when = o.period_end or published_on(sources, o)
            if when != date.max and as_of != date.max and as_of > when:
                conflicts.append((o, n))
    if not conflicts:
        return []
    obtained_side = sorted({o.id for o, _ in conflicts})
    negative_side = sorted({n.id for _, n in conflicts})
    o_claims = [c for c in obtained if c.id in obtained_side]
    n_claims = [c for c in negative if c.id in negative_side]
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


def _timeline_conflicts(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    done = [c for c in members if c.status == "achieved" and c.period_start is not None]
    clusters: list[list[Claim]] = []
    for c in sorted(done, key=lambda c: (c.period_start, c.id)):
        for cl in clusters:
            if all(_overlap(c, o) for o in cl):
                cl.append(c)
                break
        else:
            clusters.append([c])
    if len(clusters) < 2:
        return []
    parts = [f"{format_period(cl[0])} in {_cite(cl, sources)}" for cl in clusters]
    explanation = f"Sources place {describe_event(done[0])} at different times: " + "; ".join(parts) + "."
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


def _overlap(a: Claim, b: Claim) -> bool:
    return a.period_start <= b.period_end and b.period_start <= a.period_end


# --- wording -------------------------------------------------------------------------------


def _source_name(c: Claim, sources: dict[str, Source]) -> str:
    s = sources.get(c.article_id)
    return s.name if s else c.article_id


def _cite(claims: list[Claim], sources: dict[str, Source], show_scope: bool = False) -> str:
    """'AutoBeta (000_x.txt, 2023-08-23) and 004_y.txt (2022-10-19)', one entry per article."""
    seen: dict[str, Claim] = {}
    for c in sorted(claims, key=lambda c: (published_on(sources, c), c.article_id, c.start)):
        seen.setdefault(c.article_id, c)
    items = []
    for aid, c in seen.items():
        s = sources.get(aid)
        note = f"scope stated as “{c.qualifiers['facility']}”" if show_scope and c.qualifiers.get("facility") else ""
        text = s.cite(note) if s else aid
        items.append(text)
    return _join(items)


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_PROPERTY_WORDS = {
    "capacity.annual": "annual production capacity",
    "production.target": "production target",
    "delivery.target": "delivery target",
    "production.trial_output": "trial output",
    "investment.total": "investment",
    "price.starting": "starting price",
    "price.upper_limit": "upper price limit",
    "price.stated": "price",
    "approval.ndrc": "NDRC approval",
    "approval.miit": "MIIT approval",
    "approval.production_qualification": "production qualification",
}


def describe_key(c: Claim) -> str:
    words = _PROPERTY_WORDS.get(c.property, c.property.split(".", 1)[-1].replace("_", " "))
    scope = c.qualifiers.get("scope")
    scope_words = {"plant": "whole plant", "per phase": "each phase"}.get(scope or "", scope)
    subject = c.subject + "'s" if not c.subject.endswith("s") else c.subject + "'"
    text = f"{subject} {words}"
    if scope_words and scope not in ("target", "trial production"):
        text += f" ({scope_words})"
    if c.property.endswith(".target") and c.period_label:
        text += f" for {c.period_label}"
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
    unit = {"vehicles": " vehicles", "USD": " USD", "CNY": " yuan"}.get(c.unit or "", f" {c.unit}" if c.unit else "")
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
    per_phase = [c for c in members if c.qualifiers.get("scope") == "per phase"]
    phases = [c for c in members if c.qualifiers.get("scope") in ("phase I", "phase II")]
    out = []
    for p in phases:
        clash = [c for c in per_phase if not _agree(c, p)]
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


def _timeline_revisions(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    """A planned date that a later source moves to a disjoint period: a slip (later) or a
    pull-in (earlier). A period inside the earlier one is a refinement and says nothing."""
    planned = sorted(
        (c for c in members if c.status == "planned" and c.period_start is not None),
        key=lambda c: (published_on(sources, c), c.id),
    )
    out = []
    for n, later in enumerate(planned):
        said = published_on(sources, later)
        before = [c for c in planned[:n] if c.article_id != later.article_id and published_on(sources, c) < said]
        if not before or any(_overlap(later, c) for c in before):
            continue
        prev = max(before, key=lambda c: (published_on(sources, c), c.id))
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
