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

Every finding lies within one (subject, property): `find_contradictions` runs
`check_partition` on each such partition, so a caller can recompute only the
partitions that changed. Within a partition each step sorts and sweeps (n log n)
instead of comparing pairs; the one thing that can still grow faster is the output
itself: a missed prediction lists every later report of the outcome. Explanations
name at most `CITE_LIMIT` articles per side. There is no database in here.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from operator import attrgetter

from .models import Claim, Finding, Source, published_on
from .origins import Corroboration, claim_origins
from .workers import gc_paused

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
    if c.topic == "timeline":
        return (*base, q.get("variant"))  # a trim's own milestone: the SU7 Ultra's launch is not the SU7's
    return base


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
        if c.certainty not in _UNCOMPARED_CERTAINTY:
            partitions[(c.subject, c.property)].append(c)
    return partitions


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def finding_order(f: Finding) -> tuple:
    """How findings are listed: by severity, topic, property, id."""
    return (_SEVERITY_ORDER.get(f.severity, 3), f.topic, f.property, f.id)


def check_partition(
    members: list[Claim], sources: dict[str, Source], origins: dict[str, str] | None = None
) -> list[Finding]:
    """The findings among the claims of one subject and property, with their backing, sorted
    by `finding_order`.

    The result depends on ``members`` and their sources alone (origins too are found within
    the partition), so a caller can recompute just the partitions a load touched. Speculated
    claims are skipped; claims of another subject or property are an error. ``origins``, if
    given, must be ``claim_origins`` of the members as passed (none of them speculated).
    """
    members = [c for c in members if c.certainty not in _UNCOMPARED_CERTAINTY]
    if not members:
        return []
    subject, prop = members[0].subject, members[0].property
    if any(c.subject != subject or c.property != prop for c in members):
        raise ValueError("check_partition takes the claims of one subject and property")
    findings: list[Finding] = []
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in members:
        groups[comparison_key(c)].append(c)
    for group in groups.values():
        if group[0].value_kind == "quantity":
            findings.extend(_value_conflicts(group, sources))
    if prop == "capacity.annual":
        by_article: dict[str, list[Claim]] = defaultdict(list)
        for c in members:
            by_article[c.article_id].append(c)
        for own in by_article.values():
            findings.extend(_phase_self_contradictions(own, sources))
    if prop.startswith("supplier."):
        findings.extend(_supplier_divergence(subject, prop, members, sources))
    if prop.startswith("approval.") or prop.startswith("milestone."):
        findings.extend(_missed_predictions(subject, prop, members, sources))
    if prop.startswith("approval."):
        findings.extend(_status_conflicts(subject, prop, members, sources))
    if prop.startswith("milestone."):
        findings.extend(_timeline_conflicts(subject, prop, members, sources))
        findings.extend(_timeline_revisions(subject, prop, members, sources))
    if findings:
        origins = origins if origins is not None else claim_origins(members, sources)
        article_of = {c.id: c.article_id for c in members}  # the last claim of an id, as a lookup by id finds
        for f in findings:
            f.backing = [_side_backing(side, article_of, origins) for side in f.sides]
    findings.sort(key=finding_order)
    return findings


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


def _value_clusters(members: list[Claim]) -> list[list[Claim]]:
    """Claims in order of value, each put into the first cluster it agrees with every member of.

    A claim agrees with all of a cluster exactly when its interval meets the intersection of
    theirs, so a cluster keeps only its highest low and lowest high. Values come in rising
    order, so a cluster whose lowest high lies below the lowest low any later claim can have
    (an "up to" bound aside) is closed for good and no longer looked at.
    """
    clusters: list[list[Claim]] = []
    lows: list[float] = []  # per cluster: the highest low of its members
    highs: list[float] = []  # per cluster: the lowest high
    open_: list[int] = []  # clusters a claim without an "up to" bound can still join, in order
    ordered = sorted(members, key=lambda c: (float(c.value), c.id))
    prune = not any(math.isnan(float(c.value)) for c in ordered)
    for c in ordered:
        low, high = _bounds(c)
        if math.isnan(low) or math.isnan(high):
            clusters.append([c])  # agrees with nothing: a cluster of its own that nothing joins
            lows.append(math.inf)
            highs.append(-math.inf)
            continue
        target = None
        if c.bound == "max":
            for n in range(len(clusters)):
                if lows[n] <= high and low <= highs[n]:
                    target = n
                    break
        else:
            v = float(c.value)
            floor = v * (1 - 0.1) if v >= 0 else v * (1 - 0.005)  # no later claim's low is below this
            i = 0
            while i < len(open_):
                n = open_[i]
                if prune and highs[n] < floor:
                    del open_[i]
                    continue
                if lows[n] <= high and low <= highs[n]:
                    target = n
                    break
                i += 1
        if target is None:
            clusters.append([c])
            lows.append(low)
            highs.append(high)
            open_.append(len(clusters) - 1)
        else:
            clusters[target].append(c)
            lows[target] = max(lows[target], low)
            highs[target] = min(highs[target], high)
    return clusters


def _value_conflicts(members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    clusters = _value_clusters(members)
    if len(clusters) < 2:
        return []
    clusters.sort(key=lambda cl: min(published_on(sources, c) for c in cl))
    # A figure that a later source says was raised or cut is a revision, not a conflict:
    # each value after the first is backed by at least one "raised to ..." statement.
    if all(any(c.qualifiers.get("revised") for c in cl) for cl in clusters[1:]):
        return []
    first = members[0]
    findings: list[Finding] = []
    by_article: dict[str, dict[int, list[Claim]]] = defaultdict(dict)  # article -> cluster -> its claims there
    for n, cl in enumerate(clusters):
        for c in cl:
            by_article[c.article_id].setdefault(n, []).append(c)
    if first.topic in ("spec", "price") and any(len(ns) > 1 for ns in by_article.values()):
        return []  # one article listing several values is naming trims, not contradicting itself
    for aid in sorted(by_article):
        ns = by_article[aid]
        if len(ns) > 1 and len(by_article) > 1:
            own = [ns[n] for n in sorted(ns)]
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
    first_said: dict[frozenset, date] = {}
    for aid, t in sets.items():
        when = sources[aid].published if aid in sources and sources[aid].published else date.max
        first_said[t] = min(first_said.get(t, date.max), when)
    maximal.sort(key=lambda s: (first_said[s], sorted(s)))  # ties in name order, not set order
    # each article's list belongs to the one maximal list it is part of (or is)
    home = {t: _unique_superset(t, maximal) for t in set(sets.values())}
    by_home: dict[frozenset, list[Claim]] = defaultdict(list)
    for aid, cs in by_article.items():
        if home[sets[aid]] is not None:
            by_home[home[sets[aid]]].extend(cs)
    sides: list[list[Claim]] = [by_home.get(s, []) for s in maximal]
    component = prop.split(".", 1)[1]
    parts = []
    for s, side in zip(maximal, sides, strict=True):
        names = [_with_parent(n, side) for n in sorted(s, key=lambda n: (_first_pos(side, n), n))]
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
    # Late outcomes start after the predicted window and were published after the prediction
    # (so they come from another article: an article has one date). Outcomes are bucketed by
    # start and sorted by publication within a bucket, so each prediction reads only the
    # buckets after its window and, in each, the run published after it. Outcomes are named
    # by their rank in id order, so sorting ranks puts a side's ids in order.
    by_id = sorted(range(len(outcomes)), key=lambda n: outcomes[n].id)
    ids = [outcomes[n].id for n in by_id]
    rank = {n: r for r, n in enumerate(by_id)}
    # and their articles by the rank in which a citation lists them
    cited = sorted({o.article_id for o in outcomes}, key=lambda aid: (_published(sources, aid), aid))
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
        newest = max(run_dates[b][-1] for b in range(bisect_right(starts, p.period_end), len(starts)) if runs[b])
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
            Finding(
                topic=p.topic,
                kind="missed_prediction",
                subject=subject,
                property=prop,
                explanation=explanation,
                sides=[sorted(q.id for q in missed), list(map(ids.__getitem__, picked))],
                severity="medium",
            )
        )
    return out


def _status_conflicts(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    obtained = [c for c in members if c.status == "obtained"]
    negative = [c for c in members if c.status in ("pending", "denied")]
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
    obtained_side = sorted({o.id for o, w in zip(obtained, whens, strict=True) if w != date.max and latest_said > w})
    negative_side = sorted({n.id for n, a in zip(negative, as_ofs, strict=True) if a != date.max and a > earliest_done})
    o_ids, n_ids = set(obtained_side), set(negative_side)  # sets: a side can hold thousands of claims
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


def _timeline_conflicts(subject: str, prop: str, members: list[Claim], sources: dict[str, Source]) -> list[Finding]:
    done = [c for c in members if c.status == "achieved" and c.period_start is not None]
    # First fit, as for values: a period meets every period of a cluster exactly when it
    # meets their intersection; periods come by start, so a cluster ending before the
    # current start is closed for good.
    clusters: list[list[Claim]] = []
    latest_start: list[date] = []
    earliest_end: list[date] = []
    open_: list[int] = []
    for c in sorted(done, key=lambda c: (c.period_start, c.id)):
        target = None
        i = 0
        while i < len(open_):
            n = open_[i]
            if earliest_end[n] < c.period_start:
                del open_[i]
                continue
            if latest_start[n] <= c.period_end:
                target = n
                break
            i += 1
        if target is None:
            clusters.append([c])
            latest_start.append(c.period_start)
            earliest_end.append(c.period_end)
            open_.append(len(clusters) - 1)
        else:
            clusters[target].append(c)
            latest_start[target] = max(latest_start[target], c.period_start)
            earliest_end[target] = min(earliest_end[target], c.period_end)
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


def _cite_articles(article_ids: Iterable[str], sources: dict[str, Source], scope_of: dict[str, Claim] | None = None) -> str:
    """`_cite` for these articles; ``scope_of`` gives the claim whose stated scope to note."""
    return _cite_sorted(sorted(article_ids, key=lambda aid: (_published(sources, aid), aid)), sources, scope_of)


def _cite_sorted(order: list[str], sources: dict[str, Source], scope_of: dict[str, Claim] | None = None) -> str:
    """`_cite_articles` for articles already in citation order."""
    shown = order if len(order) <= CITE_LIMIT else order[: CITE_LIMIT - 1]
    items = []
    for aid in shown:
        c = scope_of.get(aid) if scope_of else None
        s = sources.get(aid)
        note = f"scope stated as “{c.qualifiers['facility']}”" if c is not None and c.qualifiers.get("facility") else ""
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
