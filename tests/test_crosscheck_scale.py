"""The cross-check at archive scale: partitions by (subject, property), and near-linear steps
that give exactly what the pairwise definitions give.

Pairwise versions of each step are kept below as reference oracles: they compare every pair
of claims as docs/claims.md and values.py define agreement. A differential test runs both on
random small claim sets (hypothesis) and requires the same findings: same ids, sides,
explanations, backing and order.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaomi_ev_kb import consensus, values
from xiaomi_ev_kb import crosscheck as cc
from xiaomi_ev_kb.crosscheck import (
    check_partition,
    find_contradictions,
    finding_order,
    partition_claims,
)
from xiaomi_ev_kb.models import Claim, Finding, Source, published_on
from xiaomi_ev_kb.origins import (
    _GENERIC,
    _MAX_POSTING,
    COPY_THRESHOLD,
    UNNAMED_WINDOW_DAYS,
    _shingles,
    claim_origins,
    corroboration,
)

# ---------------------------------------------------------------------------------------
# Reference oracles: pairwise versions of each step


def ref_clusters(members) -> list[list[Claim]]:
    """values.clusters by its definition: in order_key order, each claim joins the first
    cluster whose every member it agrees with (values.agree, pair by pair)."""
    clusters: list[list[Claim]] = []
    for c in sorted(members, key=values.order_key):
        for cl in clusters:
            if all(values.agree(c, o) for o in cl):
                cl.append(c)
                break
        else:
            clusters.append([c])
    return clusters


def _overlap(a: Claim, b: Claim) -> bool:
    return a.period_start <= b.period_end and b.period_start <= a.period_end


def ref_cite(claims, sources, show_scope=False):
    seen: dict[str, Claim] = {}
    for c in sorted(claims, key=lambda c: (published_on(sources, c), c.article_id, c.start)):
        seen.setdefault(c.article_id, c)
    items = []
    for aid, c in seen.items():
        s = sources.get(aid)
        note = (
            f"scope stated as “{c.qualifiers['facility']}”"
            if show_scope and c.qualifiers.get("facility")
            else ""
        )
        items.append(s.cite(note) if s else aid)
    return cc._join(items)


def ref_divergent_lists(general, shapes):
    """cc._divergent_lists pair by pair of articles: a complete list for ``general`` and another
    article's list (of its key, or of a trim or role of it) naming a supplier it leaves out;
    every article giving one of those lists is taken with it."""
    lists = [
        (key, names, closed, aid)
        for (key, names, closed), arts in shapes.items()
        for aid, _ in arts
    ]
    pairs = set()
    for key_a, names_a, closed_a, aid_a in lists:
        if key_a != general or not closed_a:
            continue
        for key_b, names_b, closed_b, aid_b in lists:
            if aid_b == aid_a or (key_b, names_b, closed_b) == (key_a, names_a, closed_a):
                continue
            covers = all(g is None or g == x for g, x in zip(general, key_b, strict=True))
            if covers and names_b - closed_a:
                pairs.update({(key_a, names_a, closed_a), (key_b, names_b, closed_b)})
    return pairs


def ref_missed_predictions(subject, prop, members, sources):
    """One finding per predicted window: its overtaken predictions against the late outcomes."""
    predictions = [
        c for c in members
        if c.status in cc._PREDICTION and c.period_end is not None and not cc.is_historic(c)
        and published_on(sources, c) <= c.period_end and cc._dated_to_the_day(sources.get(c.article_id))
    ]  # fmt: skip
    outcomes = [
        c
        for c in members
        if c.status in cc._CAME_TRUE and c.period_start is not None and not cc.is_historic(c)
    ]

    def late_for(p):
        said = published_on(sources, p)
        return [
            o
            for o in outcomes
            if o.period_start > p.period_end
            and published_on(sources, o) > said
            and o.article_id != p.article_id
        ]

    windows = defaultdict(list)
    for p in predictions:
        windows[(p.period_end, p.period_start)].append(p)
    out = []
    for group in windows.values():
        missed = [q for q in group if late_for(q)]
        if not missed:
            continue
        p = min(group, key=lambda q: (published_on(sources, q), q.id))
        late = late_for(p)
        first = late[0]  # the first late outcome as they came
        explanation = (
            f"{cc._cite(missed, sources)} expected {cc.describe_event(p)} in "
            f"{cc.format_period(p)}; {cc._cite(late, sources)} report it "
            f"{'obtained' if prop.startswith('approval.') else 'happened'} "
            f"{'on' if first.period_start == first.period_end else 'in'} {cc.format_period(first)}, after that window."
        )
        out.append(cc._missed(p, subject, prop, explanation, [sorted(q.id for q in missed), sorted(o.id for o in late)]))
    return out


def ref_status_conflicts(subject, prop, members, sources):
    obtained = [c for c in members if c.status == "obtained" and not cc.is_historic(c)]
    negative = [c for c in members if c.status in ("pending", "denied") and not cc.is_historic(c)]
    conflicts = []
    for n in negative:
        as_of = published_on(sources, n)
        for o in obtained:
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
        f"{cc._cite(o_claims, sources)} report {cc.describe_event(o_claims[0])} obtained, but "
        f"{cc._cite(n_claims, sources)} describe it as {n_claims[0].status} at a later date."
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


def ref_timeline_conflicts(subject, prop, members, sources):
    done = [
        c for c in members
        if c.status == "achieved" and c.value_kind in ("time", "status") and c.period_start is not None
        and c.period_end is not None and not cc.is_historic(c)
    ]  # fmt: skip
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
    parts = [f"{cc.format_period(cl[0])} in {cc._cite(cl, sources)}" for cl in clusters]
    explanation = (
        f"Sources place {cc.describe_event(done[0])} at different times: " + "; ".join(parts) + "."
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


def ref_timeline_revisions(subject, prop, members, sources):
    planned = sorted(
        (
            c for c in members
            if c.status == "planned" and c.period_start is not None and not cc.is_historic(c)
            and published_on(sources, c) <= c.period_end and cc._dated_to_the_day(sources.get(c.article_id))
        ),
        key=lambda c: (published_on(sources, c), c.id),
    )  # fmt: skip
    out = []
    for n, later in enumerate(planned):
        said = published_on(sources, later)
        before = [
            c
            for c in planned[:n]
            if c.article_id != later.article_id and published_on(sources, c) < said
        ]
        if not before or any(_overlap(later, c) for c in before):
            continue
        prev = max(before, key=lambda c: (published_on(sources, c), c.id))
        moved = "slipped" if later.period_start > prev.period_end else "was brought forward"
        explanation = (
            f"The planned date of {cc.describe_event(later)} {moved}: {cc.format_period(prev)} in "
            f"{cc._cite([prev], sources)}, then {cc.format_period(later)} in {cc._cite([later], sources)}."
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


def ref_overdue_approvals(subject, prop, members, sources):
    """cc._overdue_approvals by brute force: per predicted window, the pending or denied reports
    published after it, unless an obtained report comes by the first of them."""
    out = []
    ends = sorted(
        {p.period_end for p in members if p.status == "expected" and cc._live_plan(p, sources)}
    )
    for end in ends:
        group = sorted(
            (
                p
                for p in members
                if p.status == "expected" and cc._live_plan(p, sources) and p.period_end == end
            ),
            key=lambda p: (published_on(sources, p), p.id),
        )
        later = sorted(
            (c for c in members if c.status in ("pending", "denied") and not cc.is_historic(c)
             and end < published_on(sources, c) != date.max),
            key=lambda c: (published_on(sources, c), c.id),
        )  # fmt: skip
        if not later:
            continue
        first = published_on(sources, later[0])
        if any(
            c.status == "obtained"
            and not cc.is_historic(c)
            and (c.period_end or published_on(sources, c)) <= first
            for c in members
        ):
            continue
        explanation = (
            f"{cc._cite(group, sources)} expected {cc.describe_event(group[0])} in {cc.format_period(group[0])}; "
            f"{cc._cite(later, sources)}, after that window, still describe it as {later[0].status}."
        )
        out.append(cc._missed(group[0], subject, prop, explanation, [sorted(q.id for q in group), sorted(c.id for c in later)]))
    return out


def ref_conflicting_announcements(dated, number, first_said):
    """cc._conflicting_announcements pair by pair: a claim not said to be revised and an earlier
    one of another value announced at most REVISION_DAYS before it (neither the article's own
    earlier figure), the two values first announced at most REVISION_DAYS apart."""
    involved = {}
    for j, (when_b, b) in enumerate(dated):
        if cc.is_historic(b) or b.qualifiers.get("revised"):
            continue
        for when_a, a in dated[:j]:
            if (
                cc.is_historic(a)
                or number[id(a)] == number[id(b)]
                or (when_b - when_a).days > cc.REVISION_DAYS
            ):
                continue
            if abs((first_said[number[id(a)]] - first_said[number[id(b)]]).days) > cc.REVISION_DAYS:
                continue
            involved[id(a)] = a
            involved[id(b)] = b
    return list(involved.values())


def ref_find_contradictions(claims, sources):
    """The pre-partition driver: global groups by comparison key, then each step, then one sort."""
    claims = [c for c in claims if cc.is_compared(c)]
    # an article's whole-plant capacity equal to one it gives for a phase is that phase: pairwise
    claims = [
        c
        for c in claims
        if not (
            c.property == "capacity.annual"
            and c.qualifiers.get("scope") in (None, "plant")
            and any(
                p.property == c.property
                and p.subject == c.subject
                and p.article_id == c.article_id
                and str(p.qualifiers.get("scope") or "").startswith("phase")
                and p.per == c.per
                and values.agree(c, p)
                for p in claims
            )
        )
    ]
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    by_property: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[cc.comparison_key(c)].append(c)
        by_property[(c.subject, c.property)].append(c)
    findings = []
    for members in groups.values():
        quantities = [c for c in members if c.value_kind == "quantity"]
        if quantities and quantities[0].property.endswith(".target"):
            findings.extend(cc._target_findings(quantities, ref_clusters(quantities), sources))
        elif quantities:
            findings.extend(cc._value_conflicts(quantities, sources))
        subject, prop = members[0].subject, members[0].property
        if prop.startswith("approval.") or prop.startswith("milestone."):
            findings.extend(ref_missed_predictions(subject, prop, members, sources))
        if prop.startswith("approval."):
            findings.extend(ref_status_conflicts(subject, prop, members, sources))
            findings.extend(ref_overdue_approvals(subject, prop, members, sources))
        if prop.startswith("milestone."):
            findings.extend(ref_timeline_conflicts(subject, prop, members, sources))
            findings.extend(ref_timeline_revisions(subject, prop, members, sources))
    by_article: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.property == "capacity.annual":
            by_article[(c.article_id, c.subject)].append(c)
    for members in by_article.values():
        findings.extend(cc._phase_self_contradictions(members, sources))
    for (subject, prop), members in by_property.items():
        if prop.startswith("supplier."):
            findings.extend(cc._supplier_divergence(subject, prop, members, sources))
    origins = claim_origins(claims, sources)
    by_id = {c.id: c for c in claims}
    for f in findings:
        f.backing = [
            corroboration([by_id[i] for i in side if i in by_id], origins).to_dict()
            for side in f.sides
        ]
    order = {"high": 0, "medium": 1, "low": 2}
    findings.sort(key=lambda f: (order.get(f.severity, 3), f.topic, f.property, f.id))
    return findings


def ref_claim_origins(claims, sources):
    """The earlier claim_origins, over whatever claims it is given (no partitioning)."""
    claims = sorted(claims, key=lambda c: (published_on(sources, c), c.article_id, c.start))
    attributed: dict[tuple, list[str]] = {}
    for c in claims:
        if c.origin:
            attributed.setdefault((c.article_id, c.property, str(c.entity or c.value)), c.origin)
    origins: dict[str, str] = {}
    postings: dict[tuple, list[int]] = defaultdict(list)
    earlier: list[tuple[str, str]] = []
    unnamed: dict[tuple, list[tuple[date, str]]] = defaultdict(list)
    for c in claims:
        chain = c.origin or attributed.get((c.article_id, c.property, str(c.entity or c.value)), [])
        if not chain and c.certainty == "reported":
            chain = ["unnamed reports"]
        named = next((n for n in chain if not _GENERIC.match(n)), None)
        if named:
            label = named
        elif chain:
            when = published_on(sources, c)
            key = (c.property, str(c.entity or c.value))
            label = None
            for first, lab in unnamed[key]:
                if (
                    when != date.max
                    and first != date.max
                    and abs((when - first).days) <= UNNAMED_WINDOW_DAYS
                ):
                    label = lab
                    break
            if label is None:
                label = (
                    f"unnamed sources, {when.strftime('%Y-%m') if when != date.max else 'undated'}"
                )
                unnamed[key].append((when, label))
        else:
            s = sources.get(c.article_id)
            label = f"own reporting of {s.name if s else c.article_id}"
        shingles = _shingles(c.sentence)
        hits: dict[int, int] = defaultdict(int)
        for sh in shingles:
            posting = postings.get((c.property, sh), ())
            if len(posting) <= _MAX_POSTING:
                for n in posting:
                    hits[n] += 1
        for n, count in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
            if count < COPY_THRESHOLD * len(shingles):
                break
            if earlier[n][0] != c.article_id:
                label = earlier[n][1]
                break
        number = len(earlier)
        earlier.append((c.article_id, label))
        for sh in shingles:
            postings[(c.property, sh)].append(number)
        origins[c.id] = label
    return origins


@contextlib.contextmanager
def reference_steps():
    """Swap the pairwise oracles in for the near-linear steps (and cite every article)."""
    swaps = {
        (cc, "_cite"): ref_cite,
        (cc, "_conflicting_announcements"): ref_conflicting_announcements,
        (cc, "_divergent_lists"): ref_divergent_lists,
        (values, "clusters"): ref_clusters,
    }
    saved = {place: getattr(*place) for place in swaps}
    try:
        for (module, name), fn in swaps.items():
            setattr(module, name, fn)
        yield
    finally:
        for (module, name), fn in saved.items():
            setattr(module, name, fn)


@contextlib.contextmanager
def cite_everything():
    saved = cc.CITE_LIMIT
    cc.CITE_LIMIT = 10**9
    try:
        yield
    finally:
        cc.CITE_LIMIT = saved


def as_data(findings: list[Finding]) -> list[tuple]:
    return [
        (
            f.id,
            f.kind,
            f.topic,
            f.subject,
            f.property,
            f.explanation,
            f.sides,
            f.severity,
            f.backing,
        )
        for f in findings
    ]


# ---------------------------------------------------------------------------------------
# Random claim sets: few articles, subjects, values and periods, so that agreement edges,
# ties, undated articles and copies all come up

ARTICLES = ["a", "b", "c", "d", "e", "f", "g"]
DAYS = [date(2023, 1, 10) + timedelta(days=9 * k) for k in range(40)]
MONTHS = [
    (date(2023, m, 1), date(2023, m + 1, 1) - timedelta(days=1), f"2023-{m:02d}")
    for m in range(1, 12)
]
WORDS = [
    "xiaomi",
    "plant",
    "capacity",
    "approval",
    "battery",
    "said",
    "reuters",
    "will",
    "the",
    "launch",
]


def make_sources(pick) -> dict[str, Source]:
    """Sources for the articles; ``pick`` chooses one of a sequence (hypothesis or random)."""
    out = {}
    for aid in ARTICLES:
        kind = pick(["dated", "dated", "dated", "undated", "missing"])
        if kind == "missing":
            continue
        day = pick(DAYS) if kind == "dated" else None
        out[aid] = Source(
            id=aid,
            file=f"dir/{aid}.md",
            publisher=pick([None, "Wire", "Blog"]),
            published=day,
            published_label=day.isoformat() if day else None,
            published_basis="front matter",
        )
    return out


def make_claim(pick, subjects=("Xiaomi Auto", "Xiaomi SU7")) -> Claim:
    aid = pick(ARTICLES)
    subject = pick(subjects)
    # claim ids leave out the subject: offsets differ by subject so that ids do not collide
    # across partitions (see test_crosscheck_scale_backing_uses_the_partitions_own_claim)
    start = pick(range(41)) * 10 + subjects.index(subject)
    sentence = " ".join(pick(WORDS) for _ in range(pick(range(8))))
    common = dict(
        article_id=aid,
        subject=subject,
        quote=sentence[:15] or "q",
        start=start,
        end=start + 9,
        sentence=sentence,
        sentence_start=start,
        rule="t",
        certainty=pick(["stated", "stated", "reported", "expected", "speculated"]),
        origin=pick([[], [], ["Reuters"], ["people familiar with the matter"]]),
    )
    kind = pick(["capacity", "price", "supplier", "approval", "milestone", "target"])
    if kind == "target":
        year = pick([2023, 2023, 2024, None])
        quals = {}
        if pick(range(4)) == 0:
            quals["revised"] = True
        if pick(range(8)) == 0:
            quals["superseded"] = True
        if pick(range(4)) == 0:
            quals["announced"] = pick(DAYS).isoformat()
        return Claim(
            topic="deliveries", property="delivery.target", value=pick([76_000.0, 100_000.0, 120_000.0, 130_000.0]),
            value_kind="quantity", unit="vehicles", approx=pick((False, True)), bound=pick([None] * 6 + ["min", "max"]),
            period_start=date(year, 1, 1) if year else None, period_end=date(year, 12, 31) if year else None,
            period_label=str(year) if year else None, qualifiers=quals, **common,
        )  # fmt: skip
    if kind in ("capacity", "price"):
        value = pick([0.0, 100.0, 150.0, 160.0, 199.0, 200.0, 201.0, 300.0, 1e6])
        high = pick([None] * 6 + [value + 5, value * 2])
        quals = (
            {"scope": pick(["plant", "plant", "phase I", "per phase"])}
            if kind == "capacity"
            else {}
        )
        if kind == "price":
            quals["variant"] = pick(["base", "pro"])
        if pick(range(8)) == 0:
            quals["revised"] = True
        if pick(range(4)) == 0:
            quals["facility"] = "plant facilities"
        return Claim(
            topic=kind,
            property="capacity.annual" if kind == "capacity" else "price.stated",
            value=value,
            value_kind="quantity",
            unit="vehicles" if kind == "capacity" else "CNY",
            per="year" if kind == "capacity" else None,
            value_high=high,
            approx=pick((False, True)),
            bound=pick([None] * 6 + ["min", "max"]),
            qualifiers=quals,
            **common,
        )
    if kind == "supplier":
        name = pick(["CATL", "BYD", "CALB", "EVE"])
        quals = {
            "component": "battery",
            "closed_list": pick((False, True)),
            "variant": pick([None, None, "pro"]),
        }
        if name == "BYD" and pick((False, True)):
            quals["parent"] = "BYD Group"
        if pick(range(10)) == 0:
            quals["superseded"] = True
        return Claim(
            topic="supplier",
            property="supplier.battery",
            value=name,
            value_kind="entity",
            entity=name,
            qualifiers=quals,
            **common,
        )
    prop = pick(
        ["approval.miit", "milestone.launch"]
        if kind == "approval"
        else ["milestone.launch", "milestone.deliveries_start"]
    )
    states = (
        ["obtained", "pending", "denied", "expected"]
        if prop.startswith("approval.")
        else ["planned", "achieved", "expected"]
    )
    state = pick(states)
    period = pick(
        [
            None,
            *MONTHS,
            (date(2023, 3, 15), date(2023, 3, 15), "15 March 2023"),
            (MONTHS[2][0], MONTHS[5][1], "2023-03/2023-06"),
        ]
    )
    ps, pe, label = period if period else (None, None, None)
    quals = {"status": state}
    if prop.startswith("milestone.") and pick(range(10)) == 0:
        quals["past_plan"] = True
    return Claim(
        topic="approval" if prop.startswith("approval.") else "timeline",
        property=prop,
        value=state if prop.startswith("approval.") else (label or "?"),
        value_kind="status",
        period_start=ps,
        period_end=pe,
        period_label=label,
        qualifiers=quals,
        **common,
    )


def _picker(draw):
    return lambda options: draw(st.sampled_from(list(options)))


@st.composite
def source_maps(draw) -> dict[str, Source]:
    return make_sources(_picker(draw))


@st.composite
def claims_(draw, subjects=("Xiaomi Auto", "Xiaomi SU7")) -> Claim:
    return make_claim(_picker(draw), subjects)


claim_sets = st.lists(claims_(), min_size=0, max_size=40)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------
# Differential tests against the oracles


@SETTINGS
@given(claim_sets, source_maps())
def test_crosscheck_scale_matches_pairwise_reference(claims, sources):
    with cite_everything():
        new = as_data(find_contradictions(claims, sources))
    with reference_steps():
        ref = as_data(ref_find_contradictions(claims, sources))
    assert new == ref


def test_crosscheck_scale_matches_reference_on_seeded_random_sets():
    """Larger random sets than hypothesis tends to draw, so every kind of finding comes up."""
    import random

    kinds: set[str] = set()
    for seed in range(200):
        rng = random.Random(seed)
        sources = make_sources(rng.choice)
        subjects = ("Xiaomi Auto", "Xiaomi SU7")[: 1 + seed % 2]
        claims = [make_claim(rng.choice, subjects) for _ in range(rng.randrange(10, 90))]
        with cite_everything():
            new = as_data(find_contradictions(claims, sources))
        with reference_steps():
            ref = as_data(ref_find_contradictions(claims, sources))
        assert new == ref, f"seed {seed}"
        kinds.update(f[1] for f in new)
    assert kinds >= {
        "value_conflict",
        "self_contradiction",
        "supplier_divergence",
        "missed_prediction",
        "status_conflict",
        "timeline_conflict",
        "timeline_revision",
        "target_revision",
    }


@SETTINGS
@given(st.lists(claims_(subjects=("Xiaomi Auto",)), min_size=0, max_size=60), source_maps())
def test_crosscheck_scale_matches_reference_on_one_crowded_partition(claims, sources):
    with cite_everything():
        new = as_data(find_contradictions(claims, sources))
    with reference_steps():
        ref = as_data(ref_find_contradictions(claims, sources))
    assert new == ref


@SETTINGS
@given(claim_sets, source_maps())
def test_crosscheck_scale_cite_matches_reference_below_the_limit(claims, sources):
    cited = [c for c in claims if c.article_id in ARTICLES[: cc.CITE_LIMIT]]
    for show_scope in (False, True):
        assert cc._cite(cited, sources, show_scope) == ref_cite(cited, sources, show_scope)


@SETTINGS
@given(claim_sets, source_maps())
def test_crosscheck_scale_origins_match_reference_per_partition(claims, sources):
    expected: dict[str, str] = {}
    for members in _by_subject_property(claims).values():
        expected.update(ref_claim_origins(members, sources))
    assert claim_origins(claims, sources) == expected


@SETTINGS
@given(claim_sets, source_maps())
def test_crosscheck_scale_is_the_sorted_concatenation_of_partitions(claims, sources):
    whole = as_data(find_contradictions(claims, sources))
    parts = []
    for members in partition_claims(claims).values():
        found = check_partition(members, sources)
        assert found == sorted(found, key=finding_order), (
            "check_partition returns its findings sorted"
        )
        parts.extend(found)
    assert as_data(sorted(parts, key=finding_order)) == whole


def _by_subject_property(claims):
    out = defaultdict(list)
    for c in claims:
        out[(c.subject, c.property)].append(c)
    return out


# ---------------------------------------------------------------------------------------
# Partitions


def _capacity(
    aid: str,
    value: float,
    subject: str = "Xiaomi Beijing plant",
    sentence: str = "",
    start: int = 0,
) -> Claim:
    return Claim(
        article_id=aid,
        topic="capacity",
        subject=subject,
        property="capacity.annual",
        value=value,
        value_kind="quantity",
        quote=f"{value:,.0f} vehicles",
        start=start,
        end=start + 10,
        sentence=sentence or f"capacity of {value:,.0f} vehicles",
        sentence_start=start,
        rule="t",
        unit="vehicles",
        per="year",
        qualifiers={"scope": "plant"},
    )


def _source(aid: str, day: date) -> Source:
    return Source(
        id=aid,
        file=f"dir/{aid}.md",
        publisher=None,
        published=day,
        published_label=day.isoformat(),
        published_basis="front matter",
    )


def test_crosscheck_scale_check_partition_ignores_other_partitions():
    sources = {a: _source(a, date(2023, 1, 1) + timedelta(days=k)) for k, a in enumerate("abcd")}
    mine = [_capacity("a", 300_000), _capacity("b", 200_000)]
    other = [
        _capacity("c", 300_000, subject="Xiaomi Wuhan plant"),
        _capacity("d", 100_000, subject="Xiaomi Wuhan plant"),
    ]
    alone = as_data(check_partition(mine, sources))
    assert [f[1] for f in alone] == ["value_conflict"]
    together = [
        f
        for f in as_data(find_contradictions(mine + other, sources))
        if f[3] == "Xiaomi Beijing plant"
    ]
    assert together == alone


def test_crosscheck_scale_check_partition_rejects_mixed_partitions():
    mixed = [_capacity("a", 300_000), _capacity("b", 200_000, subject="Xiaomi Wuhan plant")]
    try:
        check_partition(mixed, {})
    except ValueError as exc:
        assert "one subject and property" in str(exc)
    else:
        raise AssertionError("claims of two subjects must be refused")


def test_crosscheck_scale_check_partition_skips_speculation():
    sources = {a: _source(a, date(2023, 1, 1) + timedelta(days=k)) for k, a in enumerate("ab")}
    guess = _capacity("b", 200_000)
    guess.certainty = "speculated"
    assert check_partition([_capacity("a", 300_000), guess], sources) == []


def test_crosscheck_scale_copy_about_another_subject_is_not_an_origin():
    """A sentence copied from an article about another plant says nothing about this one."""
    sources = {"a": _source("a", date(2023, 1, 1)), "b": _source("b", date(2023, 2, 1))}
    sentence = "the plant will have an annual capacity of 300,000 vehicles when complete"
    wuhan = _capacity("a", 300_000, subject="Xiaomi Wuhan plant", sentence=sentence)
    beijing = _capacity("b", 300_000, sentence=sentence)
    assert (
        ref_claim_origins([wuhan, beijing], sources)[beijing.id] == "own reporting of a.md"
    )  # what it was
    assert claim_origins([wuhan, beijing], sources)[beijing.id] == "own reporting of b.md"
    copy = _capacity("a", 300_000, sentence=sentence, start=50)
    assert (
        claim_origins([copy, beijing], sources)[beijing.id] == "own reporting of a.md"
    )  # same subject: a copy


# ---------------------------------------------------------------------------------------
# Large groups: readable explanations, same results as the pairwise steps


def test_crosscheck_scale_long_citation_names_a_few_and_counts_the_rest():
    n = 40
    sources = {
        f"x{k:02d}": _source(f"x{k:02d}", date(2023, 1, 1) + timedelta(days=k)) for k in range(n)
    }
    claims = [_capacity(f"x{k:02d}", 300_000 if k % 2 else 200_000) for k in range(n)]
    (f,) = find_contradictions(claims, sources)
    assert f.kind == "value_conflict"
    assert [len(side) for side in f.sides] == [20, 20], "the sides still hold every claim"
    assert f.explanation.count("more articles") == 2
    assert "and 15 more articles" in f.explanation
    named = re.findall(r"x\d\d\.md", f.explanation)
    assert len(named) == 2 * (cc.CITE_LIMIT - 1), f.explanation
    assert named[: cc.CITE_LIMIT - 1] == ["x00.md", "x02.md", "x04.md", "x06.md", "x08.md"], (
        "earliest first"
    )
    assert [b["articles"] for b in f.backing] == [20, 20]
    with cite_everything():
        (full,) = find_contradictions(claims, sources)
    with reference_steps():
        (ref,) = ref_find_contradictions(claims, sources)
    assert as_data([full]) == as_data([ref])


def test_crosscheck_scale_citation_at_the_limit_names_everyone():
    k = cc.CITE_LIMIT
    sources = {
        f"x{i}": _source(f"x{i}", date(2023, 1, 1) + timedelta(days=i)) for i in range(2 * k)
    }
    claims = [_capacity(f"x{i}", 300_000 if i < k else 200_000) for i in range(2 * k)]
    (f,) = find_contradictions(claims, sources)
    assert "more articles" not in f.explanation
    assert len(re.findall(r"x\d+\.md", f.explanation)) == 2 * k


def _milestone(aid: str, state: str, month: int, start: int = 0) -> Claim:
    ps, pe, label = MONTHS[month - 1]
    return Claim(
        article_id=aid,
        topic="timeline",
        subject="Xiaomi SU7",
        property="milestone.launch",
        value=label,
        value_kind="status",
        quote=label,
        start=start,
        end=start + 7,
        sentence=f"launch in {label} {aid}",
        sentence_start=start,
        rule="t",
        period_start=ps,
        period_end=pe,
        period_label=label,
        qualifiers={"status": state},
    )


def test_crosscheck_scale_crowded_group_matches_reference():
    """Hundreds of claims in one key (the synthetic benchmark's shape) give what the pairwise steps gave."""
    import random

    rng = random.Random(5)
    aids = [f"s{k:03d}" for k in range(150)]
    sources = {a: _source(a, date(2022, 6, 1) + timedelta(days=rng.randrange(600))) for a in aids}
    claims = []
    for k in range(600):
        aid = rng.choice(aids)
        if k % 3 == 0:
            claims.append(_capacity(aid, rng.choice([300_000, 300_000, 200_000]), start=k))
        else:
            month = rng.randint(1, 11)
            said = sources[aid].published
            claims.append(
                _milestone(
                    aid, "achieved" if MONTHS[month - 1][1] < said else "planned", month, start=k
                )
            )
    with cite_everything():
        new = as_data(find_contradictions(claims, sources))
    with reference_steps():
        ref = as_data(ref_find_contradictions(claims, sources))
    assert {f[1] for f in new} >= {"value_conflict", "missed_prediction", "timeline_conflict"}
    assert new == ref


def _consensus_data(entries, sources):
    return [
        (
            e.key,
            e.to_dict(sources),
            [[c.id for c in g.claims] for g in (e.preferred, *e.dissent, *e.earlier)],
        )
        for e in entries
    ]


@contextlib.contextmanager
def pairwise_clusters():
    saved = values.clusters
    values.clusters = ref_clusters
    try:
        yield
    finally:
        values.clusters = saved


@SETTINGS
@given(claim_sets, source_maps())
def test_crosscheck_scale_consensus_clusters_match_pairwise_reference(claims, sources):
    new = _consensus_data(consensus.build_consensus(claims, sources), sources)
    with pairwise_clusters():
        ref = _consensus_data(consensus.build_consensus(claims, sources), sources)
    assert new == ref


@SETTINGS
@given(claim_sets)
def test_crosscheck_scale_clusters_match_pairwise_definition(claims):
    """values.clusters (a sorted sweep) is the pairwise first fit, for every comparison key and
    for the whole mixed set at once (quantities, organisations, times and statuses together)."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[cc.comparison_key(c)].append(c)
    for group in [*groups.values(), claims]:
        got = values.clusters(group)
        assert got == ref_clusters(group)
        assert sorted(c.id for cl in got for c in cl) == sorted(c.id for c in group)
        for cl in got:  # every member agrees with every other
            assert all(values.agree(a, b) for a in cl for b in cl)


def test_crosscheck_scale_mixed_kinds_agree_as_defined():
    """A time claim and a status claim agree when their periods meet (the time claim has no
    status word); agreement is symmetric, whichever comes first."""
    a = _milestone("a", "planned", 3)
    b = _milestone("b", "achieved", 3)
    b.value_kind = "time"
    assert values.agree(a, b) and values.agree(b, a)
    later = _milestone("c", "planned", 5)
    later.value_kind = "time"
    assert not values.agree(a, later) and not values.agree(later, a)
    assert (
        values.clusters([a, b, later])
        == values.clusters([later, b, a])
        == ref_clusters([a, b, later])
    )


def test_crosscheck_scale_backing_uses_the_partitions_own_claim():
    """Two subjects' claims can share an id (it leaves out the subject). Backing is counted from
    the partition's own claim; the global lookup it replaced could pick the other subject's."""
    sources = {a: _source(a, date(2023, 1, 1) + timedelta(days=k)) for k, a in enumerate("abc")}
    beijing = [_capacity("a", 300_000, sentence="one"), _capacity("b", 200_000, sentence="two")]
    twin = _capacity("b", 200_000, subject="Xiaomi Wuhan plant", sentence="three")
    twin.origin = ["Reuters"]
    assert twin.id == beijing[1].id
    (f,) = find_contradictions([*beijing, twin], sources)
    assert f.backing[1]["labels"] == ["own reporting of b.md"]


@SETTINGS
@given(claim_sets)
def test_crosscheck_scale_backing_clusters_are_the_cross_checks(claims):
    """Backing clusters each key's compared claims as the cross-check does; a speculated claim
    (never compared) is a cluster of its own."""
    from xiaomi_ev_kb import derived

    for group in derived._by_key(claims).values():
        compared = [c for c in group if cc.is_compared(c)]
        expected = (ref_clusters(compared) if compared else []) + [
            [c] for c in group if not cc.is_compared(c)
        ]
        assert derived.group_clusters(group) == expected


def test_crosscheck_scale_clusters_match_pairwise_definition_in_crowded_groups():
    """Groups of hundreds, where one claim often agrees with several clusters."""
    import random

    for seed in range(20):
        rng = random.Random(seed)
        quantities, names = [], []
        for i in range(300):
            value = float(
                rng.choice([100, 120, 150, 160, 199, 200, 250, 300]) * rng.choice([1, 1, 1.02, 0.9])
            )
            quantities.append(Claim(
                article_id=f"a{i % 37}", topic="capacity", subject="Xiaomi Auto", property="capacity.annual",
                value=value, value_kind="quantity", quote="q", start=i, end=i + 1, sentence="s", sentence_start=0,
                rule="t", unit="vehicles", per="year", approx=rng.random() < 0.3,
                value_high=value * 1.5 if rng.random() < 0.2 else None, bound=rng.choice([None] * 6 + ["min", "max"]),
            ))  # fmt: skip
            name = rng.choice(["CATL", "BYD", "CALB", "EVE"])
            names.append(Claim(
                article_id=f"a{i % 37}", topic="supplier", subject="Xiaomi Auto", property="supplier.battery",
                value=name, value_kind="entity", entity=rng.choice([name, None]), quote="q", start=i, end=i + 1,
                sentence="s", sentence_start=0, rule="t",
            ))  # fmt: skip
        for group in (quantities, names):
            expected = ref_clusters(group)
            assert values.clusters(group) == expected
            assert group is names or any(len(members) > 1 for members in expected[1:])
