"""Time expressions: find them in a sentence and normalise them to intervals.

A small grammar of our own (compiled regular expressions, stdlib only) finds the
candidate spans: full dates, months, years, halves, quarters, early/mid/late and
"end of", relative years and months, ranges and "by ..." deadlines. HeidelTime's
normalisation is the model for the labels (2024-H1, 2024-Q1, 2024-START,
2023-08-END, 2023-06/2023-07, by 2023-END). Relative expressions are resolved
against a reference date (the article's publication date, or a reported event's
date); without one they are skipped. dateparser is deliberately not used here: it
misreads "Q1 2024", "first quarter of 2024", "Lei Jun" and the verb "may", and
``datetime.date`` is enough to validate day/month/year triples.

Conventions:

* leading prepositions ("in", "on", "at", "from", "since", "during") are not part
  of a span; "the" is ("the end of September"); "by" / "no later than" are, because
  they change the meaning ("by the end of 2023" is a deadline, not a period), and so
  is a trailing "at the latest"; "between" is, when it introduces "X and Y";
* "since 2017" yields just the inner expression "2017";
* a month or a month-day without a year takes the reference year, or the year before
  when that would put it more than about two months after the reference date;
  a quarter or half without a year ("Q3", "the second half") takes the reference year;
* ``TimeMention.relative`` is True when the named period depended on the reference
  date; for "by ..." it is the inner period's flag (the interval still starts at
  the reference date when one is given).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Interval:
    """A closed interval of days with a readable label such as ``2024-H1``."""

    start: date
    end: date
    label: str
    granularity: str  # day | month | quarter | half | part | year | range | by

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class TimeMention:
    """One time expression found in a text, with offsets into that text."""

    start: int
    end: int
    text: str
    interval: Interval
    relative: bool  # True when the reference date was needed to resolve it


__all__ = ["Interval", "TimeMention", "find_time_expressions", "parse_period"]


# --------------------------------------------------------------------------------------
# Parsed (not yet resolved) expressions


@dataclass(frozen=True)
class _Spec:
    """What an expression says, before the reference date is applied.

    ``year`` is ("abs", 2024), ("rel", +1) for next year, ("ref", 0) for the reference
    year, or ("near", 0) for the reference year unless that lands > ~2 months after it.
    """

    kind: str  # day | day_range | month | month_rel | month_part | year | half | quarter
    #            | year_part | earlier | later | weekday_day
    year: tuple[str, int]
    month: int = 0  # 1..12; for month_rel / month_part with month == 0: see ``offset``
    day: int = 0
    day2: int = 0  # last day of a day_range
    n: int = 0  # half (1-2) or quarter (1-4)
    offset: int = 0  # month offset for "this/last/next month"; the weekday (0 = Monday) of a weekday_day
    part: str = ""  # START | MID | END; "month" | "year" for earlier/later


_ABS = "abs"
_REL = "rel"
_REFYEAR = "ref"
_NEAR = "near"
_NEAR_DAYS = 62  # "about two months"

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_FULL_MONTHS = {name for name in _MONTH_NUMBERS if len(name) > 4 or name in ("may", "june", "july")}

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "final": 0, "last": 0, "latter": 0,
}  # fmt: skip

# --------------------------------------------------------------------------------------
# Building blocks of the grammar (strings; compiled once below)

_FULL = "january|february|march|april|may|june|july|august|september|october|november|december"
_ABBR = "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_UNITS = (
    r"%|percent|per\s*cent|vehicles?|units?|cars?|evs?|km|kms|kilomet(?:er|re)s?|miles?|yuan|rmb|"
    r"dollars?|usd|euros?|kwh|kw|hp|ps|mm|cm|kg|tons?|tonnes?|people|employees|staff|workers|"
    r"engineers|orders|stores|shops|jobs|shares|patents|points?|million|billion|thousand|times"
)
_NO_UNIT = rf"(?!\s*(?:{_UNITS})(?!\w))"
_DASH = r"[-\u2010-\u2015]"


def _mon(g: str) -> str:
    return rf"\b(?P<{g}>(?:{_FULL})(?!\w)|(?:{_ABBR})(?:\.|(?!\w)))"


def _day(g: str) -> str:
    return rf"(?<![\w,])(?<!\d\.)(?P<{g}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%])(?![.,]\d)"


def _year(g: str) -> str:
    return rf"(?<![\w$¥€£#./])(?<!\d,)(?P<{g}>199\d|20\d\d)(?![\w%])(?![.,]\d)"


def _year_ref(g: str) -> str:
    """A year: explicit, or "this/next/last year", "the year", "the current year"."""
    return (
        rf"(?:{_year(g)}|\b(?P<{g}r>this|next|last|the\s+current|the\s+coming|the\s+next|the)"
        r"\s+year(?!\w))"
    )


def _part(g: str) -> str:
    """early / mid / late and their long forms, including the connector after them."""
    return (
        rf"\b(?:(?P<{g}s>early(?:\s+in)?|(?:the\s+)?(?:beginning|start)\s+of)"
        rf"|(?P<{g}m>mid|(?:the\s+)?middle\s+of)"
        rf"|(?P<{g}e>late(?:\s+in)?|(?:the\s+)?end\s+of|end(?=\s*{_DASH})))"
        rf"(?:\s*{_DASH}\s*|\s+)"
    )


_FLAGS = re.IGNORECASE
# Each rule starts with a lookahead on its possible first characters: it lets the regex
# engine skip most positions of a sentence quickly (2-4x faster on news sentences).
_MONTH_INITIALS = "JFMASONDjfmasond"

# --------------------------------------------------------------------------------------
# Helpers used by the rules

_PREV_WORD = re.compile(r"([^\W\d_]+)\s+$")
_RANGE_NEXT = re.compile(rf"\s*(?:{_DASH}|\s(?:to|through|until|till)\s)\s*{_mon('m')}", _FLAGS)
_CONNECTOR = re.compile(
    rf"\s*{_DASH}\s*|\s+(?:to|through|thru|until|till|or)\s+|\s+(?P<conj>and)\s+", _FLAGS
)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", _FLAGS)
_BY_BEFORE = re.compile(
    r"\b(?:by\s+(?:no|not)\s+later\s+than|(?:no|not)\s+later\s+than|by)\s+$", _FLAGS
)
_BEFORE_BEFORE = re.compile(r"\bbefore\s+$", _FLAGS)
_AT_LATEST = re.compile(r"\s*,?\s*at\s+the\s+(?:very\s+)?latest\b", _FLAGS)

# Words that may precede a month/quarter token that has no digits of its own.
_FUNCTION_WORDS = frozenset(
    "in on at by of for from since until till to and or the this that its their his her "
    "during through between before after around about early late mid end each every "
    "than as while when with".split()
)
_MAY_PREV = frozenset("in since from until till by during between before after through of".split())


def _prev_word(text: str, start: int) -> str | None:
    """The word just before ``start`` when only spaces separate them, else None."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return m.group(1) if m else None


def _after_name(text: str, start: int) -> bool:
    """True when a capitalised non-function word precedes: "Lei Jun", "Audi Q4"."""
    word = _prev_word(text, start)
    return word is not None and word[0].isupper() and word.lower() not in _FUNCTION_WORDS


def _month_number(token: str) -> int:
    return _MONTH_NUMBERS[token.rstrip(".").lower()]


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _month_ok_with_digits(m: re.Match[str], text: str, g: str = "m") -> bool:
    """A month token next to a day or a year: "may" must be "May", "Jun" not after a name."""
    token = m.group(g)
    low = token.rstrip(".").lower()
    if low == "may" and not _is_capitalised(token):
        return False
    if low not in _FULL_MONTHS and not token.endswith(".") and _after_name(text, m.start(g)):
        return False
    return True


def _month_ok_alone(m: re.Match[str], text: str, g: str = "m") -> bool:
    """A month token with no digit nearby must be capitalised ("may", "march" are verbs)."""
    token = m.group(g)
    return _is_capitalised(token) and _month_ok_with_digits(m, text, g)


def _year_of(m: re.Match[str], g: str) -> tuple[str, int] | None:
    """The year spec of a ``_year_ref(g)`` group (None when the group did not match)."""
    groups = m.groupdict()
    if groups.get(g):
        return (_ABS, int(groups[g]))
    rel = groups.get(g + "r")
    if rel:
        word = rel.split()[-1].lower()
        return (_REL, {"next": 1, "coming": 1, "last": -1}.get(word, 0))
    return None


def _two_digit_year(value: str) -> tuple[str, int]:
    return (_ABS, 2000 + int(value))


def _part_of(m: re.Match[str], g: str) -> str:
    if m.group(g + "s"):
        return "START"
    if m.group(g + "m"):
        return "MID"
    return "END"


# --------------------------------------------------------------------------------------
# The rules: a compiled pattern, the text features it needs (a cheap gate so most rules
# never scan a sentence), and a function from its match to (start, end, _Spec) or None.

_Hit = tuple[int, int, _Spec]
_Handler = Callable[[re.Match[str], str], _Hit | None]

_ALONE_STOP = re.compile(rf"\w|{_DASH}|\s+of\b", _FLAGS)
_WORD_CHAR = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
_WEEKDAY_BEFORE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*$", _FLAGS
)


def _hit(m: re.Match[str], spec: _Spec, start: int | None = None) -> _Hit:
    return (m.start() if start is None else start, m.end(), spec)


def _with_weekday(text: str, start: int) -> int:
    """Where a date starting at ``start`` really starts: "Monday, March 28, 2024"."""
    weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 12), start)
    return weekday.start() if weekday else start


def _valid_day(year: tuple[str, int], month: int, day: int) -> bool:
    """February 30 is not a candidate at all (so "2024" in "February 30, 2024" still is)."""
    if year[0] != _ABS:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    try:
        date(year[1], month, day)
    except ValueError:
        return False
    return True


def _h_iso(m: re.Match[str], text: str) -> _Hit | None:
    if not _valid_day((_ABS, int(m["y"])), int(m["m"]), int(m["d"])):
        return None
    return _hit(m, _Spec("day", (_ABS, int(m["y"])), month=int(m["m"]), day=int(m["d"])))


def _h_month_first(m: re.Match[str], text: str) -> _Hit | None:
    """ "March 28, 2024", "Aug. 19", "March 28-30, 2024", "March 2021", "June this year",
    "June"."""
    month = _month_number(m["m"])
    if m["d1"]:
        if not _month_ok_with_digits(m, text) or int(m["d2"]) <= int(m["d1"]):
            return None
        year = (_ABS, int(m["ry"])) if m["ry"] else (_NEAR, 0)
        if not _valid_day(year, month, int(m["d2"])):
            return None
        spec = _Spec("day_range", year, month=month, day=int(m["d1"]), day2=int(m["d2"]))
        return _hit(m, spec, _with_weekday(text, m.start()))
    if m["d"]:
        if not _month_ok_with_digits(m, text):
            return None
        year = (_ABS, int(m["dy"])) if m["dy"] else (_NEAR, 0)
        if m["dr"]:  # "March 30 this year", "December 28 last year"
            year = (_REL, {"this": 0, "next": 1, "last": -1}[m["dr"].lower()])
        if not _valid_day(year, month, int(m["d"])):
            return None
        return _hit(
            m, _Spec("day", year, month=month, day=int(m["d"])), _with_weekday(text, m.start())
        )
    start = m.start()
    if m["y"]:
        if not _month_ok_with_digits(m, text):
            return None
        return _hit(m, _Spec("month", (_ABS, int(m["y"])), month=month), start)
    if m["r"]:
        if not _month_ok_alone(m, text):
            return None
        offset = {"this": 0, "next": 1, "last": -1}[m["r"].lower()]
        return _hit(m, _Spec("month", (_REL, offset), month=month), start)
    return _month_alone(m, text, start)


_NAME_NEXT = re.compile(r"\.?\s+[A-Z]")
_MONTH_WORD_NEXT = re.compile(r"\s+month\b", _FLAGS)


def _abbreviation_ok(text: str, start: int, end: int) -> bool:
    """ "deliveries in Oct", "since Sept", "Nov deliveries: ...": an abbreviated month after a
    preposition or opening the text, not a name's first part ("in Jan Koum's words")."""
    if _NAME_NEXT.match(text, end):
        return False
    if not text[:start].strip():
        return True  # a headline's "Nov deliveries: ..."
    word = _prev_word(text, start)
    return word is not None and word.lower() in _MAY_PREV


def _month_alone(m: re.Match[str], text: str, start: int) -> _Hit | None:
    token = m["m"]
    low = token.rstrip(".").lower()
    range_next = _RANGE_NEXT.match(text, m.end("m")) is not None
    if not _is_capitalised(token):
        return None
    if low not in _FULL_MONTHS and not range_next and not _abbreviation_ok(text, start, m.end("m")):
        return None  # "Lei Jun said": abbreviations need a digit, a range or "in Oct"
    if low == "may" and not range_next and not _MONTH_WORD_NEXT.match(text, m.end("m")):
        word = _prev_word(text, start)
        if word is None or word.lower() not in _MAY_PREV:
            return None  # the verb; but "May month delivery" (machine translation of 5月) is the month
    if not _month_ok_with_digits(m, text):
        return None
    return (start, m.end("m"), _Spec("month", (_NEAR, 0), month=_month_number(token)))


def _h_day_first(m: re.Match[str], text: str) -> _Hit | None:
    """ "27 November 2021", "the 12th of March 2024", "3 June"."""
    if not _month_ok_with_digits(m, text):
        return None
    spec = _Spec("day", (_NEAR, 0), month=_month_number(m["m"]), day=int(m["d"]))
    if m["y"]:
        spec = replace(spec, year=(_ABS, int(m["y"])))
    if not _valid_day(spec.year, spec.month, spec.day):
        return None
    start = _with_weekday(text, m.start())
    if m["y"]:
        return _hit(m, spec, start)
    if _after_name(text, start):
        return None  # "Model 3 June sales"
    return _hit(m, spec, start)


def _h_part(m: re.Match[str], text: str) -> _Hit | None:
    """early / mid / late / the end of + a month ("mid-July", "the end of last month") or a
    year ("early next year", "the end of 2023")."""
    part = _part_of(m, "p")
    if m["m"]:
        if m["my"]:
            ok = _month_ok_with_digits(m, text)
            year = (_ABS, int(m["my"]))
        elif m["mr"]:
            ok = _month_ok_alone(m, text)
            year = (_REL, {"this": 0, "next": 1, "last": -1}[m["mr"].lower()])
        else:
            ok = _month_ok_alone(m, text)
            year = (_NEAR, 0)
        if not ok:
            return None
        return _hit(m, _Spec("month_part", year, month=_month_number(m["m"]), part=part))
    if m["mm"]:
        word = m["mm"].split()[-1].lower()
        offset = {"next": 1, "last": -1}.get(word, 0)
        return _hit(m, _Spec("month_part", (_REFYEAR, 0), offset=offset, part=part))
    year = _year_of(m, "y")
    if year is None:  # pragma: no cover - the pattern requires one of the three
        return None
    return _hit(m, _Spec("year_part", year, part=part))


def _h_earlier_later(m: re.Match[str], text: str) -> _Hit | None:
    return _hit(m, _Spec(m["w"].lower(), (_REFYEAR, 0), part=m["u"].lower()))


def _h_month_rel(m: re.Match[str], text: str) -> _Hit | None:
    word = m["r"].split()[-1].lower()
    offset = {"next": 1, "last": -1}.get(word, 0)
    return _hit(m, _Spec("month_rel", (_REFYEAR, 0), offset=offset))


def _h_year_rel(m: re.Match[str], text: str) -> _Hit | None:
    word = m["r"].split()[-1].lower()
    return _hit(m, _Spec("year", (_REL, {"next": 1, "last": -1}.get(word, 0))))


def _h_year(m: re.Match[str], text: str) -> _Hit | None:
    return _hit(m, _Spec("year", (_ABS, int(m["y"]))))


def _h_half_or_quarter(m: re.Match[str], text: str) -> _Hit | None:
    """ "the first half of 2024", "the fourth quarter of this year", "the third quarter"."""
    kind = "half" if m["u"].lower() == "half" else "quarter"
    last = 2 if kind == "half" else 4
    number = _ORDINALS[m["o"].lower()] or last
    if number > last:
        return None  # "third half"
    year = _year_of(m, "y")
    if year is None:
        if m["o"].lower() in ("last", "final", "latter") or _ALONE_STOP.match(text, m.end()):
            return None  # "the last quarter" (of what?), "first half of the decade"
        year = (_REFYEAR, 0)
    return _hit(m, _Spec(kind, year, n=number))


def _h_compact(m: re.Match[str], text: str) -> _Hit | None:
    """ "Q1 2024", "1Q24", "H1'24", "2H 2023"; "Q3" alone."""
    kind = "quarter" if (m["qa"] or m["qb"]) else "half"
    number = int(m["qa"] or m["qb"] or m["ha"] or m["hb"])
    short = m["yy"] or m["yy2"]
    if short:
        return _hit(m, _Spec(kind, _two_digit_year(short), n=number))
    if m["y"]:
        return _hit(m, _Spec(kind, (_ABS, int(m["y"])), n=number))
    if not m["qa"] or _WORD_CHAR.match(text, m.end()) or _after_name(text, m.start()):
        return None  # "1Q" or "H1" alone, "Q12"; "Audi Q4 e-tron"
    return _hit(m, _Spec("quarter", (_REFYEAR, 0), n=number))


def _h_fiscal(m: re.Match[str], text: str) -> _Hit | None:
    """ "FY25", "FY2025", "FY25E", "2024E" (an analyst's estimate for the year), "FY24A" (the
    actual figure): the year."""
    if m["fyy"]:
        return _hit(m, _Spec("year", _two_digit_year(m["fyy"])))
    return _hit(m, _Spec("year", (_ABS, int(m["fy"] or m["fe"]))))


def _h_year_end(m: re.Match[str], text: str) -> _Hit | None:
    if m["y"]:
        year = (_ABS, int(m["y"]))
    else:
        word = (m["r"] or "this").lower()
        year = (_REL, {"next": 1, "last": -1}.get(word, 0))
    return _hit(m, _Spec("year_part", year, part="END"))


_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_SEASON_CODES = ("SP", "SU", "FA", "WI")
# a bare season ("over the summer", "for summer debut") needs one of these words before it
_SEASON_PREV = frozenset(
    "in over during by for until till since from through before after around this the".split()
)
_SEASON_NOT_NEXT = re.compile(
    r"\s*(?:festival|launch|event|conference|press|sales?\b|lineup|collection|edition|holidays?|"
    r"break|olympics|games|fair|show|auto\s+show|release|schedule|campaign)",
    _FLAGS,
)
_SEASON_RECENT_DAYS = 120  # a bare season starting this long after the reference is last year's


def _h_season(m: re.Match[str], text: str) -> _Hit | None:
    """ "summer 2023", "the spring of 2022", "2023 summer", "this summer", "last winter",
    "over the summer", "autumn next year"."""
    word = (m["s"] or m["s2"]).lower()
    if _SEASON_NOT_NEXT.match(text, m.end()):
        return None  # "the Spring Festival", "its spring launch event"
    n = _SEASONS[word]
    if m["y2"]:
        return _hit(m, _Spec("season", (_ABS, int(m["y2"])), n=n))
    if m["y"]:
        return _hit(m, _Spec("season", (_ABS, int(m["y"])), n=n))
    if m["yr"]:
        return _hit(m, _Spec("season", (_REL, {"next": 1, "last": -1}.get(m["yr"].lower(), 0)), n=n))
    if m["r"]:
        return _hit(m, _Spec("season", (_REFYEAR, 0), n=n, part=m["r"].split()[-1].lower()))
    if word == "fall":
        return None  # "the fall in sales": the American season needs a year or this/last/next
    start = m.start()
    if m["the"]:
        start = m.start("s")
        word_before = _prev_word(text, m.start())
    else:
        word_before = _prev_word(text, start)
    if word_before is None or word_before.lower() not in _SEASON_PREV:
        return None  # "a spring", "its summer range"
    return (m.start(), m.end(), _Spec("season", (_NEAR, 0), n=n))


def _h_year_first_half(m: re.Match[str], text: str) -> _Hit | None:
    """Year first, as machine translation from Chinese writes it: "the 2024 first half year",
    "this year first half", "2024, first half", "next year second quarter"."""
    kind = "half" if m["u"].lower() == "half" else "quarter"
    number = _ORDINALS[m["o"].lower()]
    if not number or number > (2 if kind == "half" else 4):
        return None
    year = _year_of(m, "y")
    if year is None:
        return None
    return _hit(m, _Spec(kind, year, n=number))


def _h_year_first_part(m: re.Match[str], text: str) -> _Hit | None:
    """ "next year early", "next year middle", "this year end" (machine translation)."""
    year = _year_of(m, "y")
    if year is None:
        return None
    word = m["p"].lower()
    part = "START" if word.endswith(("early", "beginning", "start")) else "MID" if "mid" in word else "END"
    return _hit(m, _Spec("year_part", year, part=part))


def _h_year_first_month(m: re.Match[str], text: str) -> _Hit | None:
    """ "2021 year March 30", "in 2022 year April", "last year December 28" (machine
    translation)."""
    if not _month_ok_with_digits(m, text):
        return None
    year = _year_of(m, "y")
    if year is None:
        return None
    month = _month_number(m["m"])
    if m["d"]:
        if not _valid_day(year, month, int(m["d"])):
            return None
        return _hit(m, _Spec("day", year, month=month, day=int(m["d"])))
    return _hit(m, _Spec("month", year, month=month))


_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this evening": 0, "this afternoon": 0,
              "yesterday": -1, "last night": -1, "tomorrow": 1}  # fmt: skip


def _h_day_word(m: re.Match[str], text: str) -> _Hit | None:
    """ "today", "tonight", "yesterday", "tomorrow": a day counted from the reference date."""
    offset = _DAY_WORDS[re.sub(r"\s+", " ", m["w"].lower())]
    return _hit(m, _Spec("day_rel", (_REFYEAR, 0), offset=offset))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _h_weekday_day(m: re.Match[str], text: str) -> _Hit | None:
    """ "Wednesday the 15th": the 15th of a month that falls on a Wednesday."""
    return _hit(m, _Spec("weekday_day", (_REFYEAR, 0), day=int(m["d"]), offset=_WEEKDAYS.index(m["wd"].lower())))


_TAIL_YEAR = r"(?:\s+of\s+|\s*[,\-]?\s*)" + _year("y")
_TAIL_SHORT_YEAR = r"|\s*['\u2019](?P<yy>\d\d)(?!\d)|(?<=[QH])(?P<yy2>\d\d)(?!\d)"

# (features the text must have, pattern, handler); see _features()
_RULES: list[tuple[frozenset[str], re.Pattern[str], _Handler]] = [
    (
        frozenset({"digit"}),
        re.compile(
            r"(?=[12])(?<![\w.\-/])(?P<y>199\d|20\d\d)(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)"
            r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\w\-/]|\.\d)"
        ),
        _h_iso,
    ),
    (
        frozenset({"month"}),
        re.compile(
            rf"(?=[{_MONTH_INITIALS}]){_mon('m')}(?:"
            rf"\s*{_day('d1')}\s*(?:{_DASH}|\s(?:to|through|until|till)\s)\s*{_day('d2')}"
            rf"{_NO_UNIT}(?:\s*,?\s*{_year('ry')})?"
            rf"|\s*{_day('d')}(?:(?:\s*,\s*|\s+){_year('dy')}"
            r"|\s*,?\s+(?:of\s+)?(?P<dr>this|next|last)\s+year(?!\w)"
            rf"|{_NO_UNIT})"
            rf"|\s*,?\s*(?:of\s+)?{_year('y')}"
            r"|\s+(?:of\s+)?(?P<r>this|next|last)\s+year(?!\w)"
            r")?",
            _FLAGS,
        ),
        _h_month_first,
    ),
    (
        frozenset({"digit", "month"}),
        re.compile(
            rf"(?=[tT\d])(?:\bthe\s+)?{_day('d')}(?:\s+of)?\s+{_mon('m')}"
            rf"(?:\s*,?\s*{_year('y')})?",
            _FLAGS,
        ),
        _h_day_first,
    ),
    (
        frozenset({"part"}),
        re.compile(
            rf"(?=[eEmMlLtTbBsS]){_part('p')}(?:{_mon('m')}(?:\s*,?\s*(?:of\s+)?{_year('my')}"
            r"|\s+(?:of\s+)?(?P<mr>this|next|last)\s+year(?!\w))?"
            r"|\b(?P<mm>this|last|next|the\s+current|the)\s+month(?!\w)"
            rf"|{_year_ref('y')})",
            _FLAGS,
        ),
        _h_part,
    ),
    (
        frozenset({"earlier"}),
        re.compile(
            r"(?=[eElL])\b(?P<w>earlier|later)\s+(?:this|in\s+the|the\s+current)\s+(?P<u>month|year)(?!\w)",
            _FLAGS,
        ),
        _h_earlier_later,
    ),
    (
        frozenset({"month-word"}),
        re.compile(r"(?=[tTlLnN])\b(?P<r>this|last|next|the\s+current)\s+month(?!\w)", _FLAGS),
        _h_month_rel,
    ),
    (
        frozenset({"year-word"}),
        re.compile(r"(?=[tTlLnN])\b(?P<r>this|next|last|the\s+current)\s+year(?!\w)", _FLAGS),
        _h_year_rel,
    ),
    (
        frozenset({"digit"}),
        re.compile(
            rf"(?=[12])(?<!RMB\s)(?<!USD\s)(?<!CNY\s)(?<!HKD\s)(?<!EUR\s){_year('y')}"
            rf"(?!{_DASH}\d{{1,2}}(?!\d)){_NO_UNIT}",
            _FLAGS,
        ),
        _h_year,
    ),
    (
        frozenset({"half-quarter"}),
        re.compile(
            r"(?=[tTfFsS1-4lL])\b(?:the\s+)?"
            r"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th|latter|last|final)"
            rf"(?:\s|{_DASH})+(?P<u>half|quarter)(?:(?:\s+of)?\s+{_year_ref('y')})?",
            _FLAGS,
        ),
        _h_half_or_quarter,
    ),
    (
        frozenset({"digit"}),
        re.compile(
            r"(?=[qQhH1-4])\b(?:Q(?P<qa>[1-4])|(?P<qb>[1-4])Q|H(?P<ha>[12])|(?P<hb>[12])H)(?![^\W\d_])"
            rf"(?:{_TAIL_YEAR}{_TAIL_SHORT_YEAR})?",
            _FLAGS,
        ),
        _h_compact,
    ),
    (
        frozenset({"digit"}),
        # fiscal years and analysts' estimate and actual years: "FY25", "FY2025E", "FY24A", "2024E",
        # "2024A" (as written)
        re.compile(r"(?=[F12])\b(?:FY\s?(?:(?P<fy>20\d\d)|(?P<fyy>\d\d))[EA]?|(?P<fe>20\d\d)[EA])(?![\w%])"),
        _h_fiscal,
    ),
    (
        frozenset({"year-word"}),
        re.compile(
            rf"(?=[tTnNlLyY])\b(?:(?:the|(?P<r>this|next|last))\s+)?year(?:\s|{_DASH})?end(?!\w)"
            rf"(?:\s*,?\s*(?:of\s+)?{_year('y')})?",
            _FLAGS,
        ),
        _h_year_end,
    ),
    (
        frozenset({"season"}),
        re.compile(
            r"(?=[tTlLnNsSaAfFwWiIoOdD12])\b(?:(?P<r>this|last|next|the\s+coming|the\s+past)\s+|(?P<the>the)\s+)?"
            r"(?P<s>spring|summer|autumn|fall|winter)(?!\w)"
            rf"(?:\s*,?\s+(?:of\s+)?(?:{_year('y')}|(?P<yr>this|next|last)\s+year(?!\w)))?"
            rf"|{_year('y2')}\s+(?P<s2>spring|summer|autumn|winter)(?!\w)",
            _FLAGS,
        ),
        _h_season,
    ),
    (
        frozenset({"half-quarter"}),
        re.compile(
            rf"(?=[tTnNlL12])\b(?:the\s+)?{_year_ref('y')}(?:\s+year)?\s*,?\s+(?:the\s+)?"
            r"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)(?:\s|-)+(?P<u>half|quarter)"
            r"(?:\s+(?:of\s+the\s+)?year(?!\w)|(?!\s+of\b))",
            _FLAGS,
        ),
        _h_year_first_half,
    ),
    (
        frozenset({"year-word"}),
        re.compile(
            rf"(?=[tTnNlL12])\b{_year_ref('y')}\s+(?P<p>early|the\s+beginning|beginning|the\s+start|"
            r"middle|the\s+middle|mid|the\s+end|end|late)(?![\w-])(?!\s+(?:of|to|in|on|for)\b)",
            _FLAGS,
        ),
        _h_year_first_part,
    ),
    (
        frozenset({"digit", "month"}),
        re.compile(
            rf"(?=[12tTlLnN])(?:{_year('y')}(?:\s+year)?|\b(?P<yr>this|last|next)\s+year)\s*,?\s+"
            rf"{_mon('m')}(?:\s+{_day('d')}{_NO_UNIT})?",
            _FLAGS,
        ),
        _h_year_first_month,
    ),
    (
        frozenset({"digit", "weekday"}),
        # "on Wednesday the 15th", "Friday, the 13th" (a month name after it is another rule's)
        re.compile(
            r"(?=[mMtTwWfFsS])\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s+(?:the\s+)?"
            rf"(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)(?!\w)(?!\s+(?:of\s+)?(?:{_FULL}|{_ABBR})\b)",
            _FLAGS,
        ),
        _h_weekday_day,
    ),
    (
        frozenset({"day-word"}),
        re.compile(
            r"(?=[tTyYlL])\b(?P<w>today|tonight|yesterday|tomorrow|this\s+(?:morning|evening|afternoon)|"
            r"last\s+night)(?!\w)",
            _FLAGS,
        ),
        _h_day_word,
    ),
]

_MONTH_PREFIXES = tuple("jan feb mar apr may jun jul aug sep oct nov dec".split())
_PART_WORDS = ("earl", "mid", "late", "end", "begin", "start")
_SEASON_WORDS = ("spring", "summer", "autumn", "fall", "winter")
_DAY_WORD_PREFIXES = ("today", "tonight", "yesterday", "tomorrow", "this morning", "this evening", "this afternoon", "last night")


def _features(text: str) -> frozenset[str]:
    """Cheap facts about ``text`` that decide which rules are worth running."""
    low = text.lower()
    found = set()
    if _DIGIT.search(text):
        found.add("digit")
    if any(prefix in low for prefix in _MONTH_PREFIXES):
        found.add("month")
    if "year" in low:
        found.add("year-word")
    if "month" in low:
        found.add("month-word")
    if "half" in low or "quarter" in low:
        found.add("half-quarter")
    if any(word in low for word in _SEASON_WORDS):
        found.add("season")
    if any(word in low for word in _DAY_WORD_PREFIXES):
        found.add("day-word")
    if "day" in low and any(word in low for word in _WEEKDAYS):
        found.add("weekday")
    if found and any(word in low for word in _PART_WORDS):
        found.add("part")
        if "earlier" in low or "later" in low:
            found.add("earlier")
    return frozenset(found)


# --------------------------------------------------------------------------------------
# Resolution against the reference date


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _year_for(spec: _Spec, ref: date | None) -> tuple[int, bool] | None:
    """The calendar year of ``spec`` and whether the reference date was needed."""
    kind, value = spec.year
    if kind == _ABS:
        return value, False
    if ref is None:
        return None
    if kind == _REL:
        return ref.year + value, True
    if kind == _REFYEAR or not spec.month:
        return ref.year, True
    year = ref.year
    day = min(spec.day or 1, _last_day(year, spec.month))
    if (date(year, spec.month, day) - ref).days > _NEAR_DAYS:
        year -= 1
    return year, True


def _resolve(spec: _Spec, ref: date | None) -> tuple[Interval, bool] | None:
    """The interval an expression denotes, or None (impossible date, or no ``ref``)."""
    try:
        return _resolve_unchecked(spec, ref)
    except (ValueError, OverflowError):
        return None


def _resolve_unchecked(spec: _Spec, ref: date | None) -> tuple[Interval, bool] | None:
    kind = spec.kind
    if kind == "day_rel":
        if ref is None:
            return None
        day = ref + timedelta(days=spec.offset)
        return Interval(day, day, day.isoformat(), "day"), True
    if kind == "season":
        return _resolve_season(spec, ref)
    if kind == "weekday_day":
        return _resolve_weekday_day(spec, ref)
    if kind in ("month_rel", "earlier", "later") or (kind == "month_part" and not spec.month):
        if ref is None:
            return None
        if kind == "earlier" or kind == "later":
            if spec.part == "month":
                first = ref.replace(day=1)
                last = ref.replace(day=_last_day(ref.year, ref.month))
                label, granularity = _month_label(ref.year, ref.month), "month"
            else:
                first, last = date(ref.year, 1, 1), date(ref.year, 12, 31)
                label, granularity = f"{ref.year:04d}", "year"
            if kind == "earlier":
                return Interval(first, ref, label, granularity), True
            return Interval(ref, last, label, granularity), True
        year, month = _shift_month(ref.year, ref.month, spec.offset)
        kind = "month" if kind == "month_rel" else kind
        spec = replace(spec, kind=kind, year=(_ABS, year), month=month)
        resolved = _resolve_unchecked(spec, ref)
        return (resolved[0], True) if resolved else None

    found = _year_for(spec, ref)
    if found is None:
        return None
    year, relative = found
    if kind == "day":
        day = date(year, spec.month, spec.day)
        return Interval(day, day, day.isoformat(), "day"), relative
    if kind == "day_range":
        first = date(year, spec.month, spec.day)
        last = date(year, spec.month, spec.day2)
        return Interval(first, last, f"{first.isoformat()}/{last.isoformat()}", "range"), relative
    if kind == "month":
        first = date(year, spec.month, 1)
        last = date(year, spec.month, _last_day(year, spec.month))
        return Interval(first, last, _month_label(year, spec.month), "month"), relative
    if kind == "month_part":
        lo, hi = {"START": (1, 10), "MID": (11, 20), "END": (21, 31)}[spec.part]
        hi = min(hi, _last_day(year, spec.month))
        label = f"{_month_label(year, spec.month)}-{spec.part}"
        first, last = date(year, spec.month, lo), date(year, spec.month, hi)
        return Interval(first, last, label, "part"), relative
    if kind == "year":
        return Interval(date(year, 1, 1), date(year, 12, 31), f"{year:04d}", "year"), relative
    if kind == "half":
        first_month = 1 if spec.n == 1 else 7
        first = date(year, first_month, 1)
        last = date(year, first_month + 5, _last_day(year, first_month + 5))
        return Interval(first, last, f"{year:04d}-H{spec.n}", "half"), relative
    if kind == "quarter":
        first_month = 3 * spec.n - 2
        first = date(year, first_month, 1)
        last = date(year, first_month + 2, _last_day(year, first_month + 2))
        return Interval(first, last, f"{year:04d}-Q{spec.n}", "quarter"), relative
    if kind == "year_part":
        lo, hi = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[spec.part]
        first, last = date(year, lo, 1), date(year, hi, _last_day(year, hi))
        return Interval(first, last, f"{year:04d}-{spec.part}", "part"), relative
    raise ValueError(f"unknown kind {kind!r}")  # pragma: no cover


def _season(year: int, n: int) -> Interval:
    """Spring (March-May), summer (June-August), autumn (September-November) or winter
    (December to February, labelled with December's year) of ``year``."""
    lo, hi = ((3, 5), (6, 8), (9, 11), (12, 14))[n - 1]
    end_year, end_month = (year + 1, hi - 12) if hi > 12 else (year, hi)
    last = date(end_year, end_month, _last_day(end_year, end_month))
    return Interval(date(year, lo, 1), last, f"{year:04d}-{_SEASON_CODES[n - 1]}", "season")


def _resolve_season(spec: _Spec, ref: date | None) -> tuple[Interval, bool] | None:
    """A season: of a given year; or, from the reference date, the one it falls in ("this"),
    the last one over ("last"), the next one to come ("next"), or for a bare season the one
    of the reference year unless that is still months away (then the year before's)."""
    kind, value = spec.year
    if kind == _ABS:
        return _season(value, spec.n), False
    if ref is None:
        return None
    if kind == _REL:
        return _season(ref.year + value, spec.n), True
    around = [_season(ref.year + k, spec.n) for k in (-2, -1, 0, 1)]
    if spec.part in ("last", "past"):
        return [s for s in around if s.end < ref][-1], True
    if spec.part in ("next", "coming"):
        return next(s for s in around if s.start > ref), True
    current = next((s for s in around if s.start <= ref <= s.end), None)
    if current is not None:
        return current, True
    this_year = around[2]
    if spec.part != "this" and (this_year.start - ref).days > _SEASON_RECENT_DAYS:
        return around[1], True
    return this_year, True


def _resolve_weekday_day(spec: _Spec, ref: date | None) -> tuple[Interval, bool] | None:
    """The date nearest ``ref`` (a year either way at most) that is day ``spec.day`` of its month
    and falls on weekday ``spec.offset``; the earlier one of two as near."""
    if ref is None:
        return None
    best: date | None = None
    for k in range(-12, 13):
        year, month = _shift_month(ref.year, ref.month, k)
        if spec.day > _last_day(year, month):
            continue
        day = date(year, month, spec.day)
        if day.weekday() == spec.offset and (best is None or abs((day - ref).days) < abs((best - ref).days)):
            best = day
    return (Interval(best, best, best.isoformat(), "day"), True) if best else None


_BORROWS_YEAR = frozenset({"day", "month", "month_part", "half", "quarter"})
_NO_RANGE = frozenset({"day_range", "earlier", "later", "season", "day_rel", "weekday_day"})


def _resolve_range(left: _Spec, right: _Spec, ref: date | None) -> tuple[Interval, bool] | None:
    """ "June to July 2023": the left side takes its year from the right side."""
    if left.kind in _NO_RANGE or right.kind in _NO_RANGE:
        return None
    resolved_right = _resolve(right, ref)
    if resolved_right is None:
        return None
    r_int, r_rel = resolved_right
    borrows = left.kind in _BORROWS_YEAR and left.year[0] in (_NEAR, _REFYEAR)
    if borrows and (left.kind != "month_part" or left.month):
        year = r_int.end.year
        resolved_left = _resolve(replace(left, year=(_ABS, year)), ref)
        if resolved_left is not None and resolved_left[0].start > r_int.start:
            resolved_left = _resolve(replace(left, year=(_ABS, year - 1)), ref)
        l_rel = r_rel
    else:
        resolved_left = _resolve(left, ref)
        l_rel = resolved_left[1] if resolved_left else False
    if resolved_left is None:
        return None
    l_int = resolved_left[0]
    if not (l_int.start < r_int.start and l_int.end < r_int.end):
        return None
    label = f"{l_int.label}/{r_int.label}"
    return Interval(l_int.start, r_int.end, label, "range"), l_rel or r_rel


# --------------------------------------------------------------------------------------
# Public API


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: int
    spec: _Spec


def _candidates(text: str, features: frozenset[str]) -> list[_Candidate]:
    found = []
    for index, (needs, pattern, handler) in enumerate(_RULES):
        if not needs <= features:
            continue
        for m in pattern.finditer(text):
            hit = handler(m, text)
            if hit is not None:
                found.append(_Candidate(hit[0], hit[1], index, hit[2]))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first (then leftmost, then rule order)."""
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.rule)):
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _mention(text: str, start: int, end: int, interval: Interval, relative: bool) -> TimeMention:
    return TimeMention(start, end, text[start:end], interval, relative)


def _resolve_all(text: str, chosen: list[_Candidate], ref: date | None) -> list[TimeMention]:
    mentions: list[TimeMention] = []
    i = 0
    while i < len(chosen):
        cand = chosen[i]
        if i + 1 < len(chosen) and chosen[i + 1].start - cand.end <= 12:
            following = chosen[i + 1]
            joint = _CONNECTOR.fullmatch(text, cand.end, following.start)
            between = _BETWEEN_BEFORE.search(text, max(0, cand.start - 12), cand.start)
            if joint and (not joint["conj"] or between):
                resolved = _resolve_range(cand.spec, following.spec, ref)
                if resolved is not None:
                    start = between.start() if (between and joint["conj"]) else cand.start
                    mentions.append(_mention(text, start, following.end, *resolved))
                    i += 2
                    continue
        resolved = _resolve(cand.spec, ref)
        if resolved is not None:
            mentions.append(_mention(text, cand.start, cand.end, *resolved))
        i += 1
    return mentions


def _wrap_deadlines(text: str, mentions: list[TimeMention], ref: date | None) -> list[TimeMention]:
    """ "by the end of 2023" -> from ``ref`` (or the period's start) to 2023-12-31."""
    out: list[TimeMention] = []
    for index, m in enumerate(mentions):
        if m.interval.granularity == "range":
            out.append(m)
            continue
        lo = out[-1].end if out else 0
        hi = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        by = _BY_BEFORE.search(text, max(lo, m.start - 40), m.start)
        if by is None and m.text.lower().startswith(("the end", "end of", "year-end", "the close")):
            by = _BEFORE_BEFORE.search(text, max(lo, m.start - 40), m.start)  # "before the end of 2023"
        if by is None:
            out.append(m)
            continue
        end = m.end
        latest = _AT_LATEST.match(text, m.end, hi)
        if latest is not None:
            end = latest.end()
        inner = m.interval
        first = ref if ref is not None and ref <= inner.end else inner.start
        interval = Interval(first, inner.end, f"by {inner.label}", "by")
        out.append(_mention(text, by.start(), end, interval, m.relative))
    return out


def find_time_expressions(text: str, ref: date | None) -> list[TimeMention]:
    """All time expressions in ``text``, non-overlapping, longest match first, by start.

    ``ref`` is the reference date for relative expressions ("next year", "mid-July",
    "earlier this month"); when it is None those are left out.
    ``text[m.start:m.end] == m.text`` holds for every mention.
    """
    features = _features(text)
    if not features:
        return []
    chosen = _select(_candidates(text, features))
    return _wrap_deadlines(text, _resolve_all(text, chosen, ref), ref)


_LEADING_PREPOSITION = re.compile(r"(?:in|on|at|during|since|from|for)\s+", _FLAGS)


def parse_period(text: str, ref: date | None) -> Interval | None:
    """The whole string as one time expression, or None if it is not exactly one.

    Surrounding whitespace and one leading preposition ("in 2024") are allowed.
    """
    stripped = text.strip()
    prep = _LEADING_PREPOSITION.match(stripped)
    if prep and prep.end() < len(stripped):
        stripped = stripped[prep.end() :]
    mentions = find_time_expressions(stripped, ref)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(stripped):
        return mentions[0].interval
    return None


_LABEL = re.compile(
    r"(?P<y>\d{4})(?:-(?:H(?P<h>[12])|Q(?P<q>[1-4])|(?P<part>START|MID|END)|(?P<season>SP|SU|FA|WI)"
    r"|(?P<m>\d{2})(?:-(?:(?P<d>\d{2})|(?P<mpart>START|MID|END)))?))?"
)
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # winter runs into February


def label_interval(label: str) -> Interval | None:
    """The interval a period label names (the inverse of the labels this module writes):
    ``2024``, ``2024-H1``, ``2024-Q1``, ``2024-START``, ``2024-SU``, ``2024-03``,
    ``2024-03-END``, ``2024-03-28``, a range ``A/B``, a deadline ``by X`` (the interval of
    X). None when the label is not one of these or names an impossible date."""
    text = label.strip()
    if text.startswith("by "):
        inner = label_interval(text[3:])
        return Interval(inner.start, inner.end, text, "by") if inner else None
    if "/" in text:
        left, _, right = text.partition("/")
        a, b = label_interval(left), label_interval(right)
        if a is None or b is None or a.start > b.end:
            return None
        return Interval(a.start, b.end, text, "range")
    m = _LABEL.fullmatch(text)
    if not m:
        return None
    y = int(m["y"])
    try:
        if m["h"]:
            lo, hi = (1, 6) if m["h"] == "1" else (7, 12)
            return Interval(date(y, lo, 1), date(y, hi, _last_day(y, hi)), text, "half")
        if m["q"]:
            lo = 3 * int(m["q"]) - 2
            return Interval(date(y, lo, 1), date(y, lo + 2, _last_day(y, lo + 2)), text, "quarter")
        if m["part"]:
            lo, hi = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[m["part"]]
            return Interval(date(y, lo, 1), date(y, hi, _last_day(y, hi)), text, "part")
        if m["season"]:
            lo, hi = _SEASON_MONTHS[m["season"]]
            end_year, end_month = (y + 1, hi - 12) if hi > 12 else (y, hi)
            return Interval(date(y, lo, 1), date(end_year, end_month, _last_day(end_year, end_month)), text, "season")
        if m["m"]:
            month = int(m["m"])
            if m["d"]:
                day = date(y, month, int(m["d"]))
                return Interval(day, day, text, "day")
            if m["mpart"]:
                lo, hi = {"START": (1, 10), "MID": (11, 20), "END": (21, 31)}[m["mpart"]]
                return Interval(date(y, month, lo), date(y, month, min(hi, _last_day(y, month))), text, "part")
            return Interval(date(y, month, 1), date(y, month, _last_day(y, month)), text, "month")
        return Interval(date(y, 1, 1), date(y, 12, 31), text, "year")
    except ValueError:
        return None
