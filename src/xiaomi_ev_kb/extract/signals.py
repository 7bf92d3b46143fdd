"""Signals every rule reads: how sure a statement is, whom it is attributed to, and where the
statement a figure belongs to begins and ends. Words and patterns come from
``data/rules/common.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..registry import Mention
from ..timeexpr import Interval
from .ruledata import RuleData, load_rule_data


@lru_cache(maxsize=1)
def common() -> RuleData:
    return load_rule_data("common")


def strength(certainty: str) -> int:
    return common().values["strength"][certainty]


# --- certainty ------------------------------------------------------------------------------


def certainty(view: str, span: tuple[int, int] | None = None, covered: bool | None = None) -> str:
    """Speculated / expected from cues in the claim's clause; reported when a source covers it.

    ``covered`` says whether an attribution of the sentence covers the claim ("X said"
    after it, "according to X" anywhere); without it, reporting cues anywhere count.
    """
    d = common()
    text = case_fold_for_cues(view)
    unquoted = re.sub(r"\"[^\"]*\"", lambda m: " " * len(m.group()), text)
    a, b = clause_window(unquoted, *span) if span else (0, len(text))
    if d.speculated.search(unquoted[a:b]) or d.speculated_sentence.search(unquoted):
        return "speculated"
    for m in d.expected.finditer(unquoted, a, b):
        # "Xiaomi's plan to build cars" names a plan; it does not hedge the statement
        if not (
            re.match(r"plans?\b", m.group())
            and re.search(r"(?:'s|\bits|\bthe|\btheir|\bhis)\s+$", unquoted[max(0, m.start() - 8) : m.start()])
        ):
            return "expected"
    if covered or (covered is None and d.reported.search(text)):
        return "reported"
    if covered is False and d.reported_cue.search(text):
        return "reported"
    return "stated"


def case_fold_for_cues(view: str) -> str:
    """Lower-case a headline in Title Case and a sentence's first letter, for cue matching."""
    words = re.findall(r"[A-Za-z]+", view)
    if words and sum(w[0].isupper() for w in words) > 0.6 * len(words) and len(words) > 3:
        return view.lower()
    return view[:1].lower() + view[1:]


# --- attribution ----------------------------------------------------------------------------

_SOURCE_KINDS = ("outlet", "person", "regulator", "company", "automaker")


def attribution(view: str, mentions: list[Mention], last: str | None) -> list[tuple[int, int, str]]:
    """Who the sentence attributes what to: (scope start, scope end, source), outermost first.

    "According to X, ..." covers the sentence; "X said (that) ..." covers what follows
    it; "..., X said." covers what comes before it.
    """
    d = common()
    nouns = _attribution_nouns()
    scopes: list[tuple[int, int, str]] = []
    sources = [m for m in mentions if m.entity.kind in _SOURCE_KINDS]
    for m in d.according.finditer(view):
        rest = view[m.end() : m.end() + 80]
        name = _source_at(rest, m.end(), sources)
        if name in ("them", "they", "him", "her", "it"):
            noun = nouns.search(view)
            name = noun.group().strip() if noun else last
        if name and re.fullmatch(r"(?:the\s+)?(?:plans?|schedule|timetable|roadmap|planning)", name, re.I):
            continue  # "according to the plan" hedges (expected); it names no source
        if name:
            scopes.append((0, len(view), name))
    for m in d.says.finditer(view):
        head = view[max(0, m.start() - 80) : m.start()]
        src = None
        src_start = m.start()
        for s in sources:
            if s.end <= m.start() and m.start() - s.end < 60 and s.entity.kind in ("outlet", "person"):
                between = view[s.end : m.start()]
                if not re.search(r"[,;]", between) or re.match(r",[^,;]{0,60},\s*(?:\w+ly\s+|also\s+|then\s+)?$", between):
                    src, src_start = s.entity.canonical, s.start
        noun = None
        for n in nouns.finditer(head):
            noun = n
        if noun and (src is None or noun.end() > len(head) - 30):
            src = noun.group().strip()
            src_start = m.start() - (len(head) - noun.start())
            if src.lower() in ("the company",):
                src = "the company"
        if src is None and re.search(r"\b(foreign|local|chinese) media\s*$", head, re.I):
            src, src_start = "foreign media", m.start() - 14
        if src is None:
            continue
        after = view[m.end() :]
        trailing = re.match(
            r"\s*(?:on\s+\w+|in\s+a\s+\w+|to\s+\w+|at\s+\w+)?(?:\s+\w+){0,2}\s*(?:,\s*(?:adding|citing|noting|though|although|but)\b|[.;]|$)",
            after,
        )
        if (view[:src_start].rstrip().endswith(",") and trailing) or len(
            re.sub(r"^\W*(?:that|on\s+\w+day|in\s+a\s+statement|on\s+stage|to\s+\w+)?", "", after).strip(" .,;:\"'")
        ) <= 20:
            scopes.append((0, m.start(), src))  # "..., X said (on stage), adding ..." covers what comes before
        else:
            scopes.append((src_start, len(view), src))  # "X said (that) ..." covers what follows
    for m in d.trailing_says.finditer(view):
        scopes.append((0, m.start(), m.group(1)))  # "..., said the second person"
    scopes = [(a, b, tidy_source(n)) for a, b, n in scopes]
    return [sc for sc in sorted(scopes, key=lambda sc: (sc[0], -sc[1])) if sc[2]]


@lru_cache(maxsize=1)
def _attribution_nouns() -> re.Pattern:
    from .ruledata import phrases

    return re.compile(
        rf"\b(?:{phrases(common().lists['attribution_nouns'])})\b(?:\s+(?:(?:of|to|with)\s+)?(?-i:[A-Z][\w]*)(?:\s+(?-i:[A-Z][\w]*))*)?",
        re.I,
    )


def _source_at(rest: str, offset: int, sources: list[Mention]) -> str | None:
    for s in sources:
        if s.start == offset or (s.start > offset and s.start - offset < 5):
            return s.entity.canonical
    noun = _attribution_nouns().match(rest)
    if noun:
        return noun.group().strip()
    m = re.match(r"(them|they|him|her)\b", rest)
    if m:
        return m.group(1)
    m = re.match(r"((?:[A-Z][\w&.-]*\s?){1,4})", rest)
    if m and m.group(1).strip() not in ("The", "A", "An", "This", "It"):
        return m.group(1).strip()
    m = re.match(r"((?:an?\s+|one\s+|the\s+)?[a-z][\w\s-]{2,60}?)(?=\s+on\b|\s+in\b|,|\.|$)", rest)
    if m:
        return m.group(1).strip()
    return None


def tidy_source(name: str) -> str:
    """'The sources' -> 'sources', 'Analysts' -> 'analysts'; proper names keep their case."""
    name = name.strip()
    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.I) if not name.lower().startswith("a new") else name
    name = re.sub(r"\s+(on|in|at|that)$", "", name).strip(" ,.:;\"'")
    if common().generic_source.match(name):
        name = name[:1].lower() + name[1:]
    return name


# --- where a statement begins and ends -------------------------------------------------------


def clause_window(text: str, s: int, e: int) -> tuple[int, int]:
    """The clause around text[s:e]: from the last break before it to the first after it."""
    brk = common().clause_break
    start = 0
    for m in brk.finditer(text, 0, s):
        start = m.end()
    m = brk.search(text, e)
    return start, (m.start() if m else len(text))


def region(view: str, s: int, e: int) -> tuple[int, int]:
    """The statement around view[s:e]: between the clause breaks that separate statements.
    A break inside an aside (", which ... ,", "(...)") that does not hold view[s:e] does not
    count: "The plant, which it runs while BAIC holds the licence, has a capacity of ..." """
    brk = common().region_break
    skip = [a for a in asides(view) if not (a[0] <= s < a[1])]
    lo = 0
    for m in brk.finditer(view, 0, s):
        if not any(a <= m.start() < b for a, b in skip):
            lo = m.end()
    hi = len(view)
    for m in brk.finditer(view, e):
        if not any(a <= m.start() < b for a, b in skip):
            hi = m.start()
            break
    return lo, hi


def asides(view: str) -> list[tuple[int, int]]:
    """Spans of ", which ... ," and "(...)" asides."""
    return [m.span() for m in common().aside.finditer(view)]


def linked(view: str, a: tuple[int, int], b: tuple[int, int], limit: int = 160) -> bool:
    """Are two spans of a sentence parts of one statement (close, no clause-breaking word between)?"""
    lo, hi = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    if hi - lo > limit:
        return False
    return hi <= lo or not common().unlink.search(view[lo:hi])


def in_relative_clause(view: str, pos: int, anchor: int) -> bool:
    """Is ``pos`` inside a ", which/that was ..." clause that starts after ``anchor``?"""
    found = list(re.finditer(r",\s*(?:which|that|who)\b", view[:pos]))
    if not found:
        return False
    last = found[-1]
    return last.start() >= anchor and not re.search(r"[,;]", view[last.end() : pos])


def in_quotes(view: str, pos: int) -> bool:
    return view[:pos].count('"') % 2 == 1


def in_parenthesis(view: str, pos: int) -> bool:
    return view.rfind("(", 0, pos) > view.rfind(")", 0, pos)


def trim(view: str, s: int, e: int) -> tuple[int, int]:
    while s < e and view[s] in " ,;:(\"'":
        s += 1
    while e > s and view[e - 1] in " ,;:(\"'":
        e -= 1
    return s, e


def variant(head: str) -> str | None:
    """The trim a figure belongs to ("the SU7 Max gets a 101 kWh pack"), from the words before it."""
    found = None
    for m in common().variant.finditer(head):
        found = m.group(1).lower()
    if found is None:
        return None
    found = re.sub(r"\s+", " ", found)
    names = common().values["variant_names"]
    return names.get(found, found.replace(" ", "-"))


_HEADING_REST = re.compile(r"[\W\d]*(?:(?:and|to|&)[\W\d]*)*")


def heading_date(view: str, times: list) -> Interval | None:
    """The date a line opens with before a colon ("4. April 2022: Construction begins",
    "May 22 and June 26, 2025: The YU7"): the last one; None when the line is no such heading.
    ``times`` are the line's time mentions, in order."""
    colon = view.find(":")
    if not times or colon < 0 or colon > 60 or times[0].start > 12:
        return None
    head = [t for t in times if t.end <= colon]
    if not head:
        return None
    rest = view[:colon]
    for t in reversed(head):
        rest = rest[: t.start] + rest[t.end :]
    return head[-1].interval if _HEADING_REST.fullmatch(rest) else None


def might_hold_claim(view: str) -> bool:
    """A cheap gate: a digit, or one of the claim hint substrings (one C-level scan each)."""
    if _DIGIT.search(view):
        return True
    low = view.lower()
    return any(hint in low for hint in _hints())


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _hints() -> tuple[str, ...]:
    return tuple(common().values["claim_hints"])
