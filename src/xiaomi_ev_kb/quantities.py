"""Quantities in a sentence: a number with its unit, rate, range, approximation and bound.

``find_quantities(text)`` returns every numeric quantity in a sentence as a
:class:`Quantity` whose offsets point into the text exactly as given
(``text[q.start:q.end] == q.text``), so a claim can quote its source.
``parse_number(text)`` turns one number phrase ("0.2 million", "200k",
"two hundred thousand", "RMB 50,000") into a float.

What a quantity span covers, left to right::

    [approx/bound words] [currency prefix] NUMBER [multiplier] [-odd|-plus|+] [unit]
        [to|-|and  [currency prefix] NUMBER [multiplier] [unit]]  [or so|or more|...] [rate]

e.g. "about 300,000 vehicles a year", "USD10 billion", "up to 830 km",
"between 100,000 and 120,000 units", "200,000\\u00a0EVs annually".

Span choices worth knowing:

- A rate word *before* the number ("an annual output of 300,000 vehicles",
  "monthly deliveries exceeded 10,000 units") sets ``per`` but is not part of the
  span, which starts at the number (or at its approx/bound words). Up to three
  words may sit between the rate word and the number.
- A parenthesised conversion "($41,506)" is a quantity of its own; the
  parentheses are not in the span.
- "between" is in the span only when an "and" range follows.
- "from X to Y" and "by X to Y" are read as a change, not a range: two
  quantities. "ranging from X to Y" is a range.

Not quantities: years ("in 2024", unless a currency or a measurement unit makes
them one: "2000 km"), dates ("August 30th", "27 November 2021", "2021-11-27"),
year ranges ("2021-2025", "2024-25"), halves and quarters ("1H24", "Q1", "H1"),
ordinals ("4th Street"), model names ("SU7", "Model 3", "Xiaomi 14",
"HyperOS 2.0"), versions ("1.2.3"), times of day ("10:30", "3 pm"), phone-like
ids, fractions/slashed numbers ("24/7"), decades ("the 1990s"), and the
acceleration benchmark "0-100 km/h" (its time, "in 2.78 seconds", is a
quantity). Bare numbers without a unit are returned with ``unit=None`` (a lone
"one" is not), except ungrouped integers of seven or more digits and numbers
with a leading zero ("007"), which look like ids.

Everything here is regular expressions compiled at import plus a small
number-word parser; nothing raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Quantity", "find_quantities", "parse_number"]


@dataclass(frozen=True)
class Quantity:
    """One numeric quantity found in a text, with offsets into that text."""

    start: int
    end: int
    text: str  # text[start:end], e.g. "about 300,000 vehicles a year"
    amount: float  # the value, or the low end of a range
    high: float | None  # the high end of a range, else None
    unit: str | None  # normalised: "vehicles", "CNY", "USD", "kWh", "km", "%", ...
    per: str | None  # rate period: "year" | "month" | "week" | "day" | None
    approx: bool  # "about", "around", "nearly", "~", "or so", "-odd", ...
    bound: str | None  # "min" ("at least", "more than", "over") | "max" ("up to", "under") | None


# --------------------------------------------------------------------------- numbers

_CURRENCY_PREFIX_CODES: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "U.S. $": "USD",
    "USD": "USD",
    "$": "USD",
    "HK$": "HKD",
    "HKD": "HKD",
    "S$": "SGD",
    "SGD": "SGD",
    "A$": "AUD",
    "C$": "CAD",
    "NT$": "TWD",
    "RMB": "CNY",
    "CNY": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "RM": "MYR",
    "MYR": "MYR",
    "JPY": "JPY",
    "INR": "INR",
    "Rs.": "INR",
    "Rs": "INR",
    "₹": "INR",
}
_CUR_PREFIX = (
    r"HK\$|NT\$|US\$|U\.S\.\s?\$|S\$|A\$|C\$|\$|USD|HKD|SGD|RMB|CNY|EUR|GBP|MYR|JPY|INR|Rs\.?|RM|¥|￥|€|£|₹"
)

# 300,000 | 150 000 (space groups need a 2-3 digit head) | 150\u00a0000 | 300000 | 1.5
_DIGITS = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])"
    r"|[0-9]{2,3}(?:\x20[0-9]{3})+(?![0-9]|[.,][0-9])"
    r"|[0-9]{1,3}(?:[\u00a0\u2007\u2009\u202f][0-9]{3})+(?![0-9]|[.,][0-9])"
    r"|[0-9]+(?:\.[0-9]+)?"
)
_NUMBER_BODY = r"(?:(?P<cur>" + _CUR_PREFIX + r")\s?)?(?P<num>" + _DIGITS + r")"
# Scanning: not inside a word or number ("SU7", "COVID-19", "No.1", the "000" of "1,000").
# ... except after analysts' "c." (circa): "c.157k", "c.US$77mn"
_NUM_SCAN_RE = re.compile(r"(?:(?<![\w.])|(?<=\bc\.))(?<![0-9],)(?<![A-Za-z]-)" + _NUMBER_BODY)
# At a known position (the second half of a range): no look-behind.
_NUM_AT_RE = re.compile(_NUMBER_BODY)
_SEPARATORS_RE = re.compile(r"[,\s]")
_SPACE_RE = re.compile(r"\s")

_MULT_RE = re.compile(
    r"(?P<k>[kK])(?!\w)"
    r"|(?P<m>[mM])(?!\w)"
    r"|(?P<b>[bB])(?!\w)"
    r"|\s{0,3}-?(?:(?P<thousand>thousand)|(?P<million>million|mln|mn)"
    r"|(?P<billion>billion|bln|bn)|(?P<trillion>trillion|trn|tn)"
    r"|(?P<lakh>lakhs?|lacs?)|(?P<crore>crores?))(?!\w)",  # South Asian: 1 lakh = 100,000, 1 crore = 10 million
    re.IGNORECASE,
)
_SCALES: dict[str, Decimal] = {
    "k": Decimal(10**3),
    "thousand": Decimal(10**3),
    "m": Decimal(10**6),
    "million": Decimal(10**6),
    "b": Decimal(10**9),
    "billion": Decimal(10**9),
    "trillion": Decimal(10**12),
    "lakh": Decimal(10**5),
    "crore": Decimal(10**7),
}

# Number words. Order matters only for the regex (longer words first).
_SMALL: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_SCALES: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_NUMBER_WORDS = sorted(
    [*_SMALL, *_TENS, *_WORD_SCALES, "hundred", "dozen", "half", "and", "an", "a"],
    key=len,
    reverse=True,
)
_WORD = r"(?:" + "|".join(_NUMBER_WORDS) + r")(?!\w)"
_WORD_SEQ = _WORD + r"(?:(?:\s{1,3}|-)" + _WORD + r")*"
_WORDS_SCAN_RE = re.compile(r"(?<![\w-])" + _WORD_SEQ, re.IGNORECASE)
_WORDS_AT_RE = re.compile(_WORD_SEQ, re.IGNORECASE)
_WORD_TOKEN_RE = re.compile(_WORD, re.IGNORECASE)

# --------------------------------------------------------------------------- units

# (normalised unit, pattern); tried in this order, each must end at a word boundary.
_UNIT_TABLE: list[tuple[str, str]] = [
    ("km/h", r"(?i:km/h|kph|kmph|kmh|km\s?per\s?hour|kilomet(?:re|er)s?\s{1,3}(?:per|an)\s{1,3}hour)"),
    ("mph", r"mph|(?i:miles\s{1,3}per\s{1,3}hour)"),
    ("kWh", r"(?i:kwh|kilowatt[\s-]hours?)"),
    ("GWh", r"(?i:gwh|gigawatt[\s-]hours?)"),
    ("MWh", r"MWh|(?i:megawatt[\s-]hours?)"),
    ("kW", r"(?i:kw|kilowatts?)"),
    ("MW", r"MW|(?i:megawatts?)"),
    ("hp", r"(?i:b?hp|horse\s?power)|PS"),
    ("Nm", r"Nm|N·m|N\.m|(?i:newton[\s-]met(?:re|er)s?)"),
    ("mAh", r"mAh"),
    ("Ah", r"Ah|(?i:amp(?:ere)?[\s-]hours?)"),
    ("V", r"V|(?i:volts?)"),
    ("km2", r"km2|km²|(?i:sq\.?\s?km|square\s{1,3}kilomet(?:re|er)s?)"),
    ("m2", r"m2|m²|sqm|(?i:sq\.?\s?m|square\s{1,3}met(?:re|er)s?)"),
    ("km", r"km|KM|Km|(?i:kilomet(?:re|er)s?)"),
    ("mi", r"(?i:miles?)"),
    ("mm", r"mm|(?i:millimet(?:re|er)s?)"),
    ("m", r"m|(?i:met(?:re|er)s?)"),
    ("kg", r"kg|(?i:kilo(?:gram(?:me)?)?s?)"),
    ("t", r"t|(?i:(?:metric\s{1,3})?(?:tonnes?|tons?))"),
    ("ha", r"(?i:hectares?)"),
    ("%", r"%|(?i:per\s?cent|pct)"),
    ("pp", r"(?i:percentage\s{1,3}points?|ppts?)"),
    ("°C", r"°C|℃|(?i:degrees\s{1,3}celsius)"),
    ("L", r"L|(?i:lit(?:re|er)s?)"),
    ("in", r"(?i:inch(?:es)?)"),
    ("s", r"s|secs?|(?i:seconds?)"),
    ("min", r"(?i:minutes?|mins?)"),
    ("h", r"h|hrs?|(?i:hours?)"),
    ("day", r"(?i:days?)"),
    ("week", r"(?i:weeks?)"),
    ("month", r"(?i:months?)"),
    ("year", r"(?i:years?)"),
    (
        "vehicles",
        r"(?i:(?:electric|prototype|engineering|test|new[\s-]energy|complete|finished|"
        r"pre-production|production|passenger|smart)\s{1,3}(?:vehicles?|cars?)"
        r"|vehicles?|cars?|units?|prototypes?|sedans?|suvs?|evs?|nevs?)",
    ),
    ("people", r"(?i:workers?|employees?|staff(?:ers)?|people|persons?|engineers?)"),
    ("parking spaces", r"(?i:parking\s{1,3}(?:spaces?|spots?|lots?|places?|bays?))"),
    # currencies written after the number
    ("HKD", r"HKD|(?i:h(?:ong\s{0,3}k(?:ong)?|k)\s{1,3}dollars?)"),
    ("SGD", r"SGD|(?i:singapore\s{1,3}dollars?)"),
    ("USD", r"USD|(?i:(?:u\.s\.|us|american)\s{0,3}dollars?|dollars?)"),
    ("CNY", r"RMB|CNY|rmb|(?i:(?:chinese\s{1,3})?yuan|renminbi)"),
    ("EUR", r"EUR|(?i:euros?)"),
    ("MYR", r"MYR|(?i:ringgit)"),
    ("JPY", r"JPY|(?i:yen)"),
    ("GBP", r"GBP|(?i:pounds\s{1,3}sterling)"),
]
_CURRENCIES = frozenset(
    {"HKD", "SGD", "USD", "CNY", "EUR", "MYR", "JPY", "GBP", "AUD", "CAD", "TWD", "INR"}
)
_COUNT_UNITS = frozenset({"vehicles", "people", "parking spaces"})
# A year-like number ("2024") is a quantity only with a currency, or with a unit outside this
# set ("2000 km"), or with one of these plus an approx/bound word ("over 2000 employees").
_NON_MEASURE_UNITS = _COUNT_UNITS | {"day", "week", "month", "year"}

_UNIT_BY_GROUP: dict[str, str] = {f"u{i}": unit for i, (unit, _) in enumerate(_UNIT_TABLE)}
_UNITS = "|".join(f"(?P<u{i}>{pattern})(?!\\w)" for i, (_, pattern) in enumerate(_UNIT_TABLE))
_UNIT_RE = re.compile(r"(?:" + _UNITS + r")")
_UNIT_SPACED_RE = re.compile(r"\s{0,3}(?:" + _UNITS + r")")

# --------------------------------------------------------------------------- modifiers

_NEG = r"(?:cannot|can\s?not|can't|can’t|must\s{1,3}not|should\s{1,3}not|shall\s{1,3}not|will\s{1,3}not|won't|won’t|may\s{1,3}not)"
_PREFIX_RE = re.compile(
    r"(?<![\w])(?:"
    r"(?P<between>between)"
    r"|(?P<min_approx>(?:just|slightly)\s{1,3}(?:over|above|more\s{1,3}than))"
    r"|(?P<max_approx>(?:just|slightly)\s{1,3}(?:under|below|less\s{1,3}than))"
    r"|(?P<min>" + _NEG + r"\s{1,3}(?:be\s{1,3})?(?:less|fewer|lower)\s{1,3}than"
    r"|no[t]?\s{1,3}(?:less|fewer|lower)\s{1,3}than|at\s{1,3}least|more\s{1,3}than"
    r"|greater\s{1,3}than|higher\s{1,3}than|over|above|exceeding|exceeds|exceeded"
    r"|in\s{1,3}excess\s{1,3}of|upwards\s{1,3}of|a?\s{0,3}minimum\s{1,3}of|(?<![-=])>|≥|>=)"  # "->" is an arrow
    r"|(?P<max>" + _NEG + r"\s{1,3}(?:be\s{1,3})?(?:more|greater|higher)\s{1,3}than"
    r"|(?:" + _NEG + r"|not)\s{1,3}(?:to\s{1,3})?exceed(?:ing)?"
    r"|no[t]?\s{1,3}(?:more|greater|higher)\s{1,3}than|up\s{1,3}to|at\s{1,3}most"
    r"|less\s{1,3}than|fewer\s{1,3}than|lower\s{1,3}than|under|below"
    r"|as\s{1,3}many\s{1,3}as|as\s{1,3}much\s{1,3}as|a?\s{0,3}maximum\s{1,3}of|<|≤|<=)"
    r"|(?P<approx>about|around|approximately|approx\.|roughly|nearly|almost|some"
    r"|close\s{1,3}to|circa|c\.|an?\s{1,3}estimated|estimated|~|≈|∼)"
    r")\s{0,3}\Z",
    re.IGNORECASE,
)
_POSTNUM_RE = re.compile(r"(?P<approx>-odd)(?!\w)|(?P<min>-plus(?!\w)|\+)", re.IGNORECASE)
_POST_RE = re.compile(
    r"\s{0,3}(?:(?P<approx>or\s{1,3}so|or\s{1,3}thereabouts)"
    r"|(?P<min>or\s{1,3}more|or\s{1,3}above|and\s{1,3}above|or\s{1,3}higher|or\s{1,3}over)"
    r"|(?P<max>or\s{1,3}less|or\s{1,3}fewer|or\s{1,3}below|or\s{1,3}under|and\s{1,3}below))(?!\w)",
    re.IGNORECASE,
)
_RATE_RE = re.compile(
    r"\s{0,3}(?:(?:a|an|per|each|every)\s{1,3}"
    r"(?:(?P<year>year|annum)|(?P<month>month)|(?P<week>week)|(?P<day>day))(?!\w)"
    r"(?!\s{1,3}(?:ago|earlier|later|before|after|prior|from|or\s{1,3}two)(?!\w))"
    r"|(?P<year_adv>annually|yearly|p\.\s?a\.|per\s{1,3}annum)(?=\W|\Z)|(?P<month_adv>monthly)(?!\w)"
    r"|(?P<week_adv>weekly)(?!\w)|(?P<day_adv>daily)(?!\w)"
    r"|/\s?(?:(?P<year_abbr>year|yr|y)|(?P<month_abbr>month|mo)|(?P<week_abbr>week|wk)"
    r"|(?P<day_abbr>day|d))(?!\w))",
    re.IGNORECASE,
)
# A rate word shortly before the number: "an annual output of", "monthly deliveries exceeded".
_LEFT_RATE_RE = re.compile(
    r"(?<![\w])(?:(?P<year>[Aa]nnual(?:ly|i[sz]ed)?|[Yy]early)|(?P<month>[Mm]onthly)"
    r"|(?P<week>weekly)|(?P<day>daily))"
    r"(?:\s{1,3}[A-Za-z][A-Za-z'’-]*){0,3}\s{0,3}:?\s{0,3}\Z"
)
_RANGE_SEP_RE = re.compile(
    r"\s{0,3}(?P<dash>[-–—~～])\s{0,3}|\s{1,3}(?P<to>to|through)\s{1,3}|\s{1,3}(?P<and>and)\s{1,3}",
    re.IGNORECASE,
)
_FROM_BEFORE_RE = re.compile(
    r"(?<![\w])(?:(?P<ranging>rang(?:e|es|ed|ing)\s{1,3}from)|from|by)\s{0,3}\Z", re.IGNORECASE
)
# A model, product, address or list word right before the number: "Model 3", "Xiaomi 14".
_MODEL_BEFORE_RE = re.compile(
    r"(?<![\w])(?:Model|HyperOS|MIUI|iPhone|iPad|Xiaomi|Redmi|Mi|POCO|Poco|Android|iOS|Snapdragon"
    r"|Galaxy|Pixel|Mate|Gen|Formula|Euro|Day|Week|Mk|St\.|Ave\.|Fig\.|Vol\.|No\.?|Nos\."
    r"|[Mm]odel|[Vv]ersion|[Vv]er\.|[Pp]hase|[Ss]tage|[Ll]evel|[Ss]eries|[Tt]ype|[Mm]ark"
    r"|[Rr]oad|[Ss]treet|[Aa]venue|[Ll]ane|[Ll]ine|[Gg]ate|[Hh]all|[Bb]uilding|[Bb]lock|[Rr]oom"
    r"|[Ff]loor|[Tt]erminal|[Pp]latform|[Cc]hapter|[Ss]ection|[Aa]rticle|[Ff]igure|[Tt]able"
    r"|[Pp]age|[Tt]op|[Rr]ound|[Bb]atch|[Ee]pisode|[Ss]eason|[Pp]art|[Vv]olume|[Ii]ssue"
    r"|[Nn]umber)\s?#?\Z"
)

# --------------------------------------------------------------------------- traps

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?![a-z])\.?"
)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_TRAP_RE = re.compile(
    "|".join(
        [
            # 2021-11-27, 2021/11/27, 2021.11.27
            r"(?<![\w.])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])",
            # 27/11/2021, 24/7, 1/3
            r"(?<![\w.])[0-9]+(?:/[0-9]+)+(?![0-9])",
            # August 30th, Aug. 2-4
            _MONTH + r"\s{1,3}" + _DAY + r"(?:\s{0,3}[-–]\s{0,3}" + _DAY + r")?(?![0-9]|[.,][0-9])",
            # 27 November, 30th of August
            r"(?<![\w.,])"
            + _DAY
            + r"(?:\s{0,3}[-–]\s{0,3}"
            + _DAY
            + r")?\s{1,3}(?:of\s{1,3})?"
            + _MONTH,
            # 10:30, 10:30 am, 3 pm, 10.30pm, 9 o'clock
            r"(?<![\w.])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s?[aApP]\.?[mM]\.?(?!\w))?",
            r"(?<![\w.])[0-9]{1,2}(?:\.[0-9]{2})?\s?(?:a\.m\.|p\.m\.|am|pm|AM|PM)(?!\w)",
            r"(?<![\w.])[0-9]{1,2}\s?o['’]clock",
            # year ranges: 2021-2025, 2024-25, 2024/25
            r"(?<![\w.,])(?:1[89]|20)[0-9]{2}\s{0,3}[-–—/]\s{0,3}(?:(?:1[89]|20)[0-9]{2}|[0-9]{2})(?![0-9])",
            # decades and short years: the 1990s, the '90s, Q4'24, ’23
            r"(?<![\w.,])['’]?(?:1[0-9]|20)?[0-9]0s(?!\w)",
            r"['’][0-9]{2}(?![0-9])",
            # versions: 1.2.3
            r"(?<![\w.])[0-9]+(?:\.[0-9]+){2,}",
            # phone-like ids
            r"\+[0-9][0-9\s()\-]{6,}[0-9]",
            r"(?<![\w.,])[0-9]{3,4}-[0-9]{3,4}-[0-9]{4}(?![0-9])",
            r"(?<![\w.,])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])",
            # the acceleration/braking benchmark: 0-100 km/h, 0 to 60 mph, 100-0 km/h
            r"(?<![\w.,])0\s{0,3}(?:[-–—~]|to)\s{0,3}(?:50|60|62|100|200)(?![0-9,.])"
            r"(?:\s{0,3}(?:km/h|kph|kmh|km|mph)(?!\w))?",
            r"(?<![\w.,])(?:100|60)\s{0,3}[-–—~]\s{0,3}0\s{0,3}(?:km/h|kph|mph)(?!\w)",
            # No. 1, #1
            r"(?:(?<!\w)Nos?\.|#)\s?[0-9]+",
        ]
    )
)


# --------------------------------------------------------------------------- reading


@dataclass
class _Number:
    start: int  # start of the currency prefix, else of the number
    end: int
    value: Decimal  # with the multiplier applied
    base: Decimal  # before a trailing multiplier ("120" of "120 thousand")
    scale: Decimal | None  # the trailing multiplier, if any
    currency: str | None  # from a prefix: "$", "RMB", ...
    words: bool  # spelt out ("two hundred thousand")
    digits: str  # the digit string as written ("" for words)


@dataclass
class _Side:
    number: _Number
    end: int  # after multiplier, "-odd"/"+" and unit
    unit: str | None
    approx: bool
    bound: str | None

    @property
    def unit_or_currency(self) -> str | None:
        return self.number.currency or self.unit


def _to_decimal(digits: str) -> Decimal | None:
    cleaned = _SEPARATORS_RE.sub("", digits)
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _parse_words(words: list[str]) -> tuple[int, Decimal, Decimal, Decimal | None] | None:
    """Parse number words from the start of ``words`` (lower case).

    Returns (tokens used, value, base, trailing scale) or None. "two hundred
    thousand" -> (3, 200000, 200, 1000); "half a million" -> (3, 500000, 0.5, 10**6).
    """
    n = len(words)
    if n >= 3 and words[0] == "half" and words[1] in ("a", "an") and words[2] in _WORD_SCALES:
        scale = Decimal(_WORD_SCALES[words[2]])
        return 3, scale / 2, Decimal("0.5"), scale
    total = 0
    current = 0
    last: str | None = None
    last_scale: int | None = None
    total_before_scale = 0
    used = 0
    i = 0
    while i < n:
        word = words[i]
        following = words[i + 1] if i + 1 < n else ""
        if word in ("a", "an"):
            if last is None and (following in _WORD_SCALES or following in ("hundred", "dozen")):
                current, last = 1, "unit"
                i += 1
                continue
            break
        if word == "and":
            if (
                last in ("unit", "teen", "tens")
                and i + 3 < n
                and words[i + 1 : i + 3] == ["a", "half"]
                and words[i + 3] in _WORD_SCALES
                and (last_scale is None or _WORD_SCALES[words[i + 3]] < last_scale)
            ):
                scale = Decimal(_WORD_SCALES[words[i + 3]])
                base = Decimal(current) + Decimal("0.5")
                value = Decimal(total) + base * scale
                if total:
                    return i + 4, value, value, None
                return i + 4, value, base, scale
            if last in ("hundred", "scale") and (following in _SMALL or following in _TENS):
                last = "and"
                i += 1
                continue
            break
        if word in _SMALL:
            small = _SMALL[word]
            allowed = (None, "hundred", "scale", "and") + (("tens",) if 0 < small < 10 else ())
            if last not in allowed:
                break
            current += small
            last = "unit" if small < 10 else "teen"
        elif word in _TENS:
            if last not in (None, "hundred", "scale", "and"):
                break
            current += _TENS[word]
            last = "tens"
        elif word == "hundred":
            if last not in ("unit", "teen", "tens") or not 0 < current < 100:
                break
            current *= 100
            last = "hundred"
        elif word == "dozen":
            if last != "unit" or not 0 < current < 10:
                break
            current *= 12
            last = "dozen"
        elif word in _WORD_SCALES:
            scale_value = _WORD_SCALES[word]
            if last not in ("unit", "teen", "tens", "hundred", "dozen") or current == 0:
                break
            if last_scale is not None and scale_value >= last_scale:
                break
            total_before_scale = total
            total += current * scale_value
            current = 0
            last, last_scale = "scale", scale_value
        else:
            break
        i += 1
        used = i
    if used == 0:
        return None
    value = Decimal(total + current)
    if last == "scale" and total_before_scale == 0 and last_scale is not None:
        return used, value, value / last_scale, Decimal(last_scale)
    return used, value, value, None


def _read_words(text: str, pos: int, scan: bool) -> _Number | None:
    match = (_WORDS_SCAN_RE if scan else _WORDS_AT_RE).match(text, pos)
    if match is None:
        return None
    tokens = list(_WORD_TOKEN_RE.finditer(text, match.start(), match.end()))
    parsed = _parse_words([t.group().lower() for t in tokens])
    if parsed is None:
        return None
    used, value, base, scale = parsed
    return _Number(pos, tokens[used - 1].end(), value, base, scale, None, True, "")


def _read_number(text: str, pos: int, scan: bool) -> _Number | None:
    """A number at ``pos``: digits (with a currency prefix and multiplier) or words."""
    match = (_NUM_SCAN_RE if scan else _NUM_AT_RE).match(text, pos)
    if match is None:
        return _read_words(text, pos, scan)
    value = _to_decimal(match["num"])
    if value is None:
        return None
    currency = (
        _CURRENCY_PREFIX_CODES.get(_SPACE_RE.sub(" ", match["cur"])) if match["cur"] else None
    )
    number = _Number(match.start(), match.end(), value, value, None, currency, False, match["num"])
    mult = _MULT_RE.match(text, match.end())
    if mult is not None:
        kind = mult.lastgroup or ""
        scale_key = {"million": "m", "billion": "b"}.get(kind, kind)
        if kind in ("m", "b"):
            # "$1.5m", "1.5m yuan", "1.5m vehicles": million; a bare "4.9m" is metres.
            follower = _unit_at(text, mult.end(), spaced=True)
            money = currency is not None or (follower is not None and follower[0] in _CURRENCIES)
            counted = kind == "m" and follower is not None and follower[0] in _COUNT_UNITS
            if not (money or counted):
                return number
        scale = _SCALES.get(scale_key)
        if scale is not None:
            number.scale = scale
            number.value = value * scale
            number.end = mult.end()
    return number


def _unit_at(text: str, pos: int, spaced: bool) -> tuple[str, int] | None:
    match = (_UNIT_SPACED_RE if spaced else _UNIT_RE).match(text, pos)
    if match is None or match.lastgroup is None:
        return None
    return _UNIT_BY_GROUP[match.lastgroup], match.end()


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _read_side(text: str, pos: int, scan: bool) -> _Side | None:
    """A number with its multiplier, "-odd"/"+" and unit; None when it is not a quantity."""
    number = _read_number(text, pos, scan)
    if number is None:
        return None
    p = number.end
    approx, bound = False, None
    post = _POSTNUM_RE.match(text, p)
    if post is not None:
        approx, bound = post.lastgroup == "approx", ("min" if post.lastgroup == "min" else None)
        p = post.end()
    unit: str | None = None
    attached = p < len(text) and _is_word_char(text[p])
    if number.currency is not None:
        if attached:
            return None  # "$5G"
    elif attached:
        found = _unit_at(text, p, spaced=False)
        if found is None:
            return None  # "1H24", "4th", "5G", "2nd"
        unit, p = found
        if (
            unit == "s"
            and "." not in number.digits
            and (number.words or number.digits.endswith("0"))
        ):
            return None  # "the 1990s", "20s"
    elif text.startswith("-", p) and p + 1 < len(text) and text[p + 1].isalpha():
        found = _unit_at(text, p + 1, spaced=False)  # "300,000-unit", "800-volt"
        if found is not None:
            unit, p = found
        elif number.words:
            return None  # "one-stop", "two-door"
    else:
        found = _unit_at(text, p, spaced=True)
        if found is not None:
            unit, p = found
    return _Side(number, p, unit, approx, bound)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _is_year_like(number: _Number) -> bool:
    digits = number.digits
    return (
        not number.words
        and number.scale is None
        and number.currency is None
        and len(digits) == 4
        and digits.isdigit()
        and 1900 <= int(digits) <= 2099
    )


def _read_prefix(text: str, floor: int, start: int) -> tuple[int, bool, str | None, bool]:
    """Approx/bound words ending at ``start``: (new start, approx, bound, between)."""
    approx, bound, between = False, None, False
    for _ in range(2):
        match = _PREFIX_RE.search(text, max(floor, start - 60), start)
        if match is None:
            break
        kind = match.lastgroup
        if kind == "between":
            if between or approx or bound:
                break
            between = True
        elif kind == "approx":
            approx = True
        elif bound is None:
            bound = "min" if kind in ("min", "min_approx") else "max"
            approx = approx or kind in ("min_approx", "max_approx")
        else:
            break
        start = match.start()
    return start, approx, bound, between


def _period(match: re.Match[str] | None) -> str | None:
    if match is None or match.lastgroup is None:
        return None
    return match.lastgroup.split("_")[0]


def _quantity_at(text: str, pos: int, floor: int, traps: list[tuple[int, int]]) -> Quantity | None:
    low = _read_side(text, pos, scan=True)
    if low is None or _overlaps(traps, low.number.start, low.number.end):
        return None
    start, approx, bound, between = _read_prefix(text, floor, low.number.start)
    approx = approx or low.approx
    bound = bound or low.bound

    # A range: "100,000 to 120,000 units", "100,000-120,000", "between X and Y".
    high: _Side | None = None
    end = low.end
    sep = _RANGE_SEP_RE.match(text, low.end)
    if sep is not None and (sep.lastgroup == "and") == between:
        if sep.lastgroup == "to":
            before = _FROM_BEFORE_RE.search(text, max(floor, start - 30), start)
            usable = before is None or before.lastgroup == "ranging"
        else:
            usable = True
        candidate = _read_side(text, sep.end(), scan=False) if usable else None
        if candidate is not None and _range_ok(low, candidate, traps):
            high = candidate
            end = candidate.end
            approx = approx or candidate.approx
            bound = bound or candidate.bound
    if between and high is None:  # "between" without "and": not part of the quantity
        start, approx, bound = low.number.start, low.approx, low.bound

    low_value = low.number.value
    unit = low.unit_or_currency
    if high is not None:
        if low.number.scale is None and high.number.scale is not None:
            if low.number.base <= high.number.base:  # "100 to 120 thousand"
                low_value = low.number.base * high.number.scale
        unit = unit or high.unit_or_currency

    # Trailing modifiers and the rate: "or so", "a year", "annually".
    post = _POST_RE.match(text, end)
    if post is not None:
        end = post.end()
        approx = approx or post.lastgroup == "approx"
        bound = bound or (post.lastgroup if post.lastgroup in ("min", "max") else None)
    rate = _RATE_RE.match(text, end)
    per = _period(rate)
    if rate is not None:
        end = rate.end()
        if post is None:
            post = _POST_RE.match(text, end)
            if post is not None:
                end = post.end()
                approx = approx or post.lastgroup == "approx"
                bound = bound or (post.lastgroup if post.lastgroup in ("min", "max") else None)
    if per is None:
        per = _period(_LEFT_RATE_RE.search(text, max(floor, start - 80), start))

    if high is None and not _single_ok(text, low, unit, bound is not None or approx):
        return None
    amount = float(low_value)
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        amount=amount,
        high=float(high.number.value) if high is not None else None,
        unit=unit,
        per=per,
        approx=approx,
        bound=bound,
    )


def _range_ok(low: _Side, high: _Side, traps: list[tuple[int, int]]) -> bool:
    if _overlaps(traps, high.number.start, high.number.end):
        return False
    if _is_year_like(low.number) and _is_year_like(high.number) and low.unit_or_currency is None:
        return False  # "between 2021 and 2025"
    low_unit, high_unit = low.unit_or_currency, high.unit_or_currency
    if low_unit is not None and high_unit is not None and low_unit != high_unit:
        return False
    if low_unit is not None and high_unit is None and low.number.currency is None:
        return False  # "rose 30% to 40,000"
    low_value = low.number.value
    if low.number.scale is None and high.number.scale is not None:
        if low.number.base <= high.number.base:
            low_value = low.number.base * high.number.scale
    return high.number.value > low_value


def _single_ok(text: str, side: _Side, unit: str | None, modified: bool) -> bool:
    number = side.number
    if _is_year_like(number):
        if number.currency is not None:
            return True
        if unit is None:
            return False
        return unit not in _NON_MEASURE_UNITS or modified
    plain = not number.words and number.currency is None and number.scale is None
    ungrouped = plain and number.digits.isdigit()
    if ungrouped and _MODEL_BEFORE_RE.search(text, max(0, number.start - 20), number.start):
        return False  # "Model 3", "Xiaomi 14", "Phase 2", "Level 3"
    if plain and "," not in number.digits and "." in number.digits:
        if _MODEL_BEFORE_RE.search(text, max(0, number.start - 20), number.start):
            return False  # "HyperOS 2.0"
    if unit is None and number.currency is None:
        if ungrouped and (
            len(number.digits) >= 7 or (len(number.digits) > 1 and number.digits[0] == "0")
        ):
            return False  # ids, "007"
        if number.words and number.value <= 1 and number.scale is None:
            return False  # "one of the", "zero"
    return True


# --------------------------------------------------------------------------- public API


def find_quantities(text: str) -> list[Quantity]:
    """Every numeric quantity in ``text``: non-overlapping, sorted by start; never raises."""
    if not text:
        return []
    traps = [m.span() for m in _TRAP_RE.finditer(text)]
    starts = {m.start() for m in _NUM_SCAN_RE.finditer(text)}
    for sequence in _WORDS_SCAN_RE.finditer(text):
        starts.update(
            t.start() for t in _WORD_TOKEN_RE.finditer(text, sequence.start(), sequence.end())
        )
    found: list[Quantity] = []
    floor = 0
    for pos in sorted(starts):
        if pos < floor:
            continue
        quantity = _quantity_at(text, pos, floor, traps)
        if quantity is not None:
            found.append(quantity)
            floor = quantity.end
    return found


_CURRENCY_SUFFIX_RE = re.compile(r"\s{0,3}(?:" + _UNITS + r")\s*\Z")
_JOINERS_RE = re.compile(r"[\s-]*")
_WORD_GAP_RE = re.compile(r"\s{1,3}|-")


def parse_number(text: str) -> float | None:
    """The value of one number phrase, or None; never raises.

    "300,000", "150 000", "0.2 million", "200k", "1.2bn", "$1.5m", "RMB 50,000",
    "10 billion yuan", "two hundred thousand", "half a million", "a dozen".
    A currency before or after the number is allowed and ignored; in this
    number-only context an attached "m" means million.
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not stripped:
        return None
    match = _NUM_AT_RE.match(stripped)
    if match is not None:
        value = _to_decimal(match["num"])
        if value is None:
            return None
        end = match.end()
        mult = _MULT_RE.match(stripped, end)
        if mult is not None and mult.lastgroup is not None:
            kind = mult.lastgroup
            key = {"million": "m", "billion": "b"}.get(kind, kind)
            value *= _SCALES[key]
            end = mult.end()
        rest = stripped[end:]
        if rest.strip() == "":
            return float(value)
        suffix = _CURRENCY_SUFFIX_RE.match(rest)
        if suffix is not None and suffix.lastgroup in _UNIT_BY_GROUP:
            if _UNIT_BY_GROUP[suffix.lastgroup] in _CURRENCIES:
                return float(value)
        return None
    tokens = list(_WORD_TOKEN_RE.finditer(stripped))
    if not tokens or tokens[0].start() != 0:
        return None
    parsed = _parse_words([t.group().lower() for t in tokens])
    if parsed is None:
        return None
    used, value, _, _ = parsed
    rest = stripped[tokens[used - 1].end() :]
    if _JOINERS_RE.fullmatch(rest) is None:
        # the tokens must be contiguous and the words must be all there is
        suffix = _CURRENCY_SUFFIX_RE.match(rest)
        if suffix is None or suffix.lastgroup not in _UNIT_BY_GROUP:
            return None
        if _UNIT_BY_GROUP[suffix.lastgroup] not in _CURRENCIES:
            return None
    gaps = [
        stripped[a.end() : b.start()]
        for a, b in zip(tokens[: used - 1], tokens[1:used], strict=True)
    ]
    if any(_WORD_GAP_RE.fullmatch(gap) is None for gap in gaps):
        return None
    return float(value)
