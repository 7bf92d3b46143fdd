"""Trims: which version of a car a figure or a name belongs to. Shared by the price, spec and
supplier rules; the words are in ``data/rules/trims.toml``.

A figure takes its trim from, in turn: the words right after it ("830 km (Xiaomi SU7 Pro)",
"871V platform on the Max", "the 215,900-yuan sticker price of the entry version"), a
"respectively" list ("Xiaomi SU7, SU7 Pro and SU7 Max, priced at A, B and C respectively"), the
trims named before it ("The standard and Pro versions carry a 96.3 kWh battery": both), or the
label of its line ("SU7 Pro: 245,900 yuan"). A configuration ("single motor", "dual-motor",
"RWD") is a trim only where the article itself pairs the two ("The base version is powered by a
single rear motor, while a dual-motor version wears a Max badge"): the pairs are learned per
article, in the order read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import signals
from ..context import Context
from ..ruledata import RuleData, load_rule_data


@dataclass(frozen=True)
class Trim:
    name: str  # as the claims record it: standard, pro, max, ultra, founders-edition
    start: int
    end: int


@lru_cache(maxsize=1)
def data() -> RuleData:
    return load_rule_data("trims")


def name_of(word: str) -> str | None:
    """The trim a word names ("base" -> standard, "Max" -> max), or None."""
    key = re.sub(r"[\s-]+", " ", word.replace("’", "'")).strip().lower()
    return data().values["names"].get(key) or data().values["names"].get(key.replace(" ", "-"))


def find(view: str, lo: int = 0, hi: int | None = None) -> list[Trim]:
    """The trim words in view[lo:hi], in order."""
    d = data()
    hi = len(view) if hi is None else hi
    out = []
    for m in d.trim.finditer(view, lo, hi):
        if d.not_trim_before.search(view[max(0, m.start() - 20) : m.start()]) and (
            m.group("word") or re.search(r"\d\s*$", view[: m.start()])
        ):
            continue  # "under China's CLTC standard"
        name = name_of(m.group())
        if name:
            out.append(Trim(name, m.start(), m.end()))
    return out


_LIST_GLUE = re.compile(
    r"\s*(?:(?:versions?|models?|trims?|variants?|cars?)\s*)?(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s*/\s*|\s+or\s+)(?:the\s+|both\s+)?(?:(?:Xiaomi\s+)?(?:SU7|YU7)\s+)?$",
    re.I,
)


def coordinated(view: str, trims: list[Trim], last: int) -> list[Trim]:
    """The trim at index ``last`` with those listed with it before ("the standard and Pro")."""
    group = [trims[last]]
    for t in reversed(trims[:last]):
        if not _LIST_GLUE.fullmatch(view[t.end : group[0].start]):
            break
        group.insert(0, t)
    # "the Pro and Max versions": a list may also go on after the trim at ``last``
    return group


def before(view: str, lo: int, pos: int) -> list[Trim]:
    """The trims a figure at ``pos`` takes from view[lo:pos]: the last one named there, with the
    ones listed with it ("The standard and Pro versions carry ..."); none when another subject
    stands between ("the other two", "all three trims")."""
    trims = find(view, lo, pos)
    if not trims:
        return []
    if data().no_carry.search(view, trims[-1].end, pos):
        return []
    return _unique(coordinated(view, trims, len(trims) - 1))


def after(
    view: str, pos: int, hi: int | None = None, aliases: dict[str, list[str]] | None = None
) -> tuple[list[Trim], str | None]:
    """The trims named right after a figure ending at ``pos``: in brackets ("830 km (Xiaomi SU7
    Pro)", "(single motor)"), or after "for / on / in / of the" ("871V platform on the Max",
    "800km CLTC on the top model, the Max"), or a trim name straight after ("the 1,548-hp Ultra").
    Also the configuration named there when the article never said which trim it is."""
    d = data()
    hi = len(view) if hi is None else hi
    noun = d.figure_noun.pattern
    m = re.compile(
        rf"(?:{noun}|\s+of\s+(?:CLTC\s+|WLTP\s+)?range){{0,4}}?\s*\((?P<inside>[^()]{{1,60}})\)",
        re.I,
    ).match(view, pos, hi)
    if m:
        inside = m.group("inside")
        found = find(view, m.start("inside"), m.end("inside"))
        if found:
            return _unique(found), None
        config = configuration(inside)
        if config:
            return _aliased(config, aliases, m.start("inside"), m.end("inside")), config if not (
                aliases or {}
            ).get(config) else None
    lead = rf"(?:{noun}|\s+of\s+(?:CLTC\s+|WLTP\s+)?range|\s*\([^()]{{1,40}}\)){{0,4}}?"  # "265 km/h (165 mph) for the Max"
    m = re.compile(lead + d.after_prep.pattern + "(?P<trim>" + d.trim.pattern + ")", re.I).match(
        view, pos, hi
    )
    if m:
        found = find(view, m.start("trim"), min(hi, m.start("trim") + 60))
        if found and found[0].start == m.start("trim"):
            group = [found[0]]
            for t in found[1:]:  # "for the Pro and Max"
                if not _LIST_GLUE.fullmatch(view[group[-1].end : t.start]):
                    break
                group.append(t)
            return _unique(group), None
    m = re.compile(lead + r"\s*,?\s*(?:for|on|in|of|with)\s+(?:the|its|a|an)\s+", re.I).match(
        view, pos, hi
    )
    if m:
        config = configuration(view[m.end() : m.end() + 25])
        if config and re.match(
            r"(?:[\w-]+\s+)?(?:single|one|dual|twin|two|tri|three|triple|rwd|awd|rear|all|four|4wd)",
            view[m.end() :],
            re.I,
        ):
            return _aliased(config, aliases, m.end(), m.end() + 25), config if not (
                aliases or {}
            ).get(config) else None
    m = re.match(r"\s+(?:the\s+)?", view[pos:hi])
    if m:
        found = find(view, pos + m.end(), min(hi, pos + m.end() + 12))
        if found and found[0].start == pos + m.end() and re.match(r"[A-Z]", view[found[0].start]):
            return [found[0]], None  # "The 1,548-hp Ultra"
    return [], None


def shared_with(view: str, pos: int, hi: int | None = None) -> list[Trim]:
    """The trim a figure is shared with: "(its 96.3 kWh pack) with the Pro", "(the same 800V
    platform) as the Max"."""
    d = data()
    hi = len(view) if hi is None else hi
    lead = rf"(?:{d.figure_noun.pattern}){{0,4}}?"
    m = re.compile(
        lead
        + r"\s*,?\s*(?:with|as)\s+(?:the|its)\s+(?:[\w-]+\s+){0,2}?(?P<trim>"
        + d.trim.pattern
        + ")",
        re.I,
    ).match(view, pos, hi)
    if not m:
        return []
    found = find(view, m.start("trim"), m.end("trim"))
    return found[:1]


def label(view: str) -> list[Trim]:
    """The trims a line's label names: "SU7 Pro: 245,900 yuan", "- Max: CATL Qilin, 101 kWh",
    "SU7 (standard, rear-wheel drive): 215,900 yuan"."""
    m = data().label.match(view)
    if not m:
        return []
    trims = find(view, m.start("body"), m.end("body"))
    if not trims:
        return []
    # the label is the trims (and the car's name), not a phrase that happens to hold one
    rest = view[m.start("body") : m.end("body")]
    for t in reversed(trims):
        rest = rest[: t.start - m.start("body")] + rest[t.end - m.start("body") :]
    if not re.fullmatch(
        r"[\s,/&()]*(?:(?:and|the|version|model|trim|variant|car|edition|rear-wheel\s+drive|all-wheel\s+drive|RWD|AWD|[\s,/&()])*)",
        rest,
        re.I,
    ):
        return []
    return _unique(trims)


def respectively(
    view: str, figures: list[tuple[int, int]], cars_named: list[tuple[int, int, str | None]]
) -> list[list[Trim]] | None:
    """ "A, B and C, priced at X, Y and Z respectively": each figure's trim, in the order the
    versions were named before the first figure; None when the sentence gives no such list.
    ``cars_named`` are the family's cars named in the sentence: (start, end, the trim their name
    holds); a car named without a trim in a list of versions is the standard one."""
    d = data()
    if len(figures) < 2 or not d.respectively.search(view):
        return None
    first = figures[0][0]
    items: list[tuple[int, int, str]] = []
    for t in find(view, 0, first):
        items.append((t.start, t.end, t.name))
    for s, e, trim in cars_named:
        if e <= first and not any(s <= a < e or a <= s < b for a, b, _ in items):
            items.append((s, e, trim or "standard"))
    items.sort()
    # the list: the last run of items joined by commas and "and"
    run: list[tuple[int, int, str]] = []
    for it in items:
        if (
            run
            and _LIST_GLUE.fullmatch(view[run[-1][1] : it[0]])
            or (run and re.fullmatch(r"\s*(?:,|and|&)?\s*", view[run[-1][1] : it[0]]))
        ):
            run.append(it)
        else:
            run = [it]
    if len(run) != len(figures) or len({n for _, _, n in run}) != len(run):
        return None
    return [[Trim(n, s, e)] for s, e, n in run]


def configuration(text: str) -> str | None:
    """The configuration a phrase names: single-motor, dual-motor, tri-motor, rwd, awd."""
    m = data().configuration.search(text)
    if not m:
        return None
    return {
        "single": "single-motor",
        "dual": "dual-motor",
        "tri": "tri-motor",
        "rwd": "rwd",
        "awd": "awd",
    }[m.lastgroup]


def configuration_as_trim(view: str, lo: int, hi: int) -> tuple[str, int, int] | None:
    """A configuration in view[lo:hi] named as a version of the car, not as its parts: "the
    single-motor car", "dual-motor version", "Single motor: ..." (not "three motors with a
    combined 1,138 kW"): (configuration, start, end)."""
    d = data()
    last = None
    for m in d.configuration.finditer(view, lo, hi):
        last = m
    for m in [last] if last is not None else []:
        opens = view[max(0, m.start() - 3) : m.start()]
        if (
            d.configuration_names_trim.match(view, m.end())
            or re.search(r"\(\s*$", opens)  # "(dual motor, 495 kW combined)"
            or (
                re.search(r"(?:^|[-*•]\s*)\s*$", opens) and re.match(r"\s*:", view[m.end() :])
            )  # "Single motor: 220 kW"
        ):
            return configuration(m.group()), m.start(), m.end()
    return None


def learn(view: str, memory: dict[str, Any], clause_break: re.Pattern) -> None:
    """Pair a configuration with the trim a clause names it with ("the standard version uses a
    single motor", "the dual-motor Max"): memory["aliases"] maps a configuration to its trims.
    A configuration paired with two different trims in different clauses is dropped."""
    d = data()
    if not d.configuration.search(view):
        return
    aliases: dict[str, list[str]] = memory.setdefault("aliases", {})
    lo = 0
    bounds = [m.start() for m in clause_break.finditer(view)] + [len(view)]
    for hi in bounds:
        clause = view[lo:hi]
        configs = {configuration(m.group()) for m in d.configuration.finditer(clause)}
        trims = [t.name for t in _unique(find(view, lo, hi))]
        if len(configs) == 1 and trims and not d.no_carry.search(clause):
            config = next(iter(configs))
            if config not in aliases:
                aliases[config] = trims
            elif aliases[config] != trims and not set(trims) <= set(aliases[config]):
                aliases[config] = []  # the article pairs it with more than one trim: not a name
        lo = hi + 1


def _aliased(config: str, aliases: dict[str, list[str]] | None, start: int, end: int) -> list[Trim]:
    return [Trim(n, start, end) for n in (aliases or {}).get(config, [])]


def _unique(trims: list[Trim]) -> list[Trim]:
    out: list[Trim] = []
    for t in trims:
        if t.name not in [o.name for o in out]:
            out.append(t)
    return out


def aliases(ctx: Context) -> dict[str, list[str]]:
    """The configurations the article has paired with a trim so far, this sentence included
    (learned once per sentence, whichever rule asks first)."""
    if ctx.discourse is None:
        return {}
    memory = ctx.discourse.memory.setdefault("trims", {})
    if memory.get("learned") != ctx.sent.start:
        memory["learned"] = ctx.sent.start
        learn(ctx.view, memory, _CLAUSE)
        named = [t.name for t in _unique(find(ctx.view))]
        seen = memory.setdefault("seen", [])
        seen += [n for n in named if n not in seen]
        # the trims the paragraph spoke of last: a sentence naming a trim or a car sets them (a
        # car without a trim, or another maker's car, clears them)
        memory["before"] = memory.get("paragraph")
        cars = [
            m
            for m in ctx.mentions
            if m.entity.kind in ("vehicle", "automaker")
            or ctx.subjects.is_vehicle(m.entity.canonical)
        ]
        if named or cars:
            ours = all(ctx.is_family(m) for m in cars)
            memory["paragraph"] = (ctx.sent.paragraph, named if ours else [])
    return memory.get("aliases", {})


def others(ctx: Context, lo: int, pos: int) -> list[Trim] | None:
    """The trims "the other two" (or "the others", "the rest") in view[lo:pos] stand for: those
    the article has named, less those this sentence names; None when the words are not there or
    the count does not fit."""
    found = list(data().others.finditer(ctx.view, lo, pos))
    m = found[-1] if found else None
    if m is None or ctx.discourse is None:
        return None
    aliases(ctx)
    named = {t.name for t in find(ctx.view)}
    rest = [
        n for n in ctx.discourse.memory["trims"].get("seen", []) if n not in named and n in _LINEUP
    ]
    want = {"one": 1, "two": 2, "three": 3, "2": 2, "3": 3}.get((m.group("n") or "").lower())
    if not rest or (want is not None and len(rest) != want):
        return None
    return [Trim(n, m.start(), m.end()) for n in rest]


_LINEUP = (
    "standard",
    "pro",
    "max",
)  # the trims "the other two" can mean; an Ultra or an edition is named on its own


_CLAUSE = re.compile(r"[;,(]|\s(?:while|whereas|but)\s")


def carried(ctx: Context, topics: tuple[str, ...] = ("price", "spec", "supplier")) -> list[str]:
    """The trim the paragraph spoke of last, for a sentence that names no trim, no car and no
    other company ("The Ultra is claimed to hit 100 km/h in 1.98 seconds. Three motors with a
    combined 1,138 kW ... make it ..."): the one trim of the sentence before's claims, else the one
    trim it named, else the one trim the paragraph's last sentence naming a trim or a car named.
    (The sentence before is the paragraph's: it may be one no rule read, "Verdict: buy the Pro.")"""
    previous = ctx.previous
    if (
        previous is None
        or find(ctx.view)
        or data().no_carry.search(ctx.view)
        or configuration_as_trim(ctx.view, 0, len(ctx.view))
    ):
        return []
    away = signals.asides(
        ctx.view
    )  # "made by FinDreams (which is BYD's battery arm)": an aside's company is not the subject
    if any(
        m.entity.kind in ("vehicle", "automaker", "company")
        and not ctx.is_family(m)
        and not any(a <= m.start < b for a, b in away)
        or ctx.subjects.is_vehicle(m.entity.canonical)
        for m in ctx.mentions
    ):
        return []
    claims = [c for c in previous.claims if c.topic in topics]
    if claims:
        named = {c.qualifiers.get("variant") for c in claims}
        return [next(iter(named))] if len(named) == 1 and None not in named else []
    if data().no_carry.search(previous.view):
        return []
    words = {t.name for t in find(previous.view)}
    if words:
        return [next(iter(words))] if len(words) == 1 else []
    if any(
        m.entity.kind in ("vehicle", "automaker") or ctx.subjects.is_vehicle(m.entity.canonical)
        for m in previous.mentions
    ):
        return []  # the sentence before spoke of a car (another maker's, or ours without a trim)
    aliases(ctx)
    before = ctx.discourse.memory["trims"].get("before") if ctx.discourse is not None else None
    if before is None or before[0] != ctx.sent.paragraph or len(before[1]) != 1:
        return []
    return list(
        before[1]
    )  # "I spent a week with the SU7 Ultra. It is absurd. Xiaomi quotes 1,548 hp ..."


def cars_named(ctx: Context) -> list[tuple[int, int, str | None]]:
    """The family's cars named in the sentence: (start, end, the trim their name holds)."""
    out = []
    for m in ctx.mentions:
        if ctx.subjects.is_vehicle(m.entity.canonical):
            end = m.end
            found = find(ctx.view, m.start, min(len(ctx.view), m.end + 8))
            if found and found[0].start <= m.end + 1:
                end = max(end, found[0].end)
            out.append((m.start, end, found[0].name if found else None))
    return out


_STAND_IN = re.compile(r"\s*(?:It|Its|The\s+(?:car|model|sedan|SUV)(?:['’]s)?)\b")


def other_makers_car(ctx: Context) -> bool:
    """Does the sentence open with a stand-in ("Its top speed is 210 km/h") for another maker's
    car, the subject of the sentence before ("The Zeekr 7X, a rival, is priced from ...")?"""
    if not _STAND_IN.match(ctx.view) or any(ctx.is_family(m) for m in ctx.mentions):
        return False
    previous = ctx.previous
    if previous is None:
        return False
    players = [
        m
        for m in previous.mentions
        if m.entity.kind in ("automaker", "company", "vehicle") or ctx.is_family(m)
    ]
    return bool(players) and not ctx.is_family(players[0]) and players[0].entity.kind != "company"
