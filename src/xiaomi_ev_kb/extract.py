"""From article text to typed, sourced claims.

Per sentence: cheap trigger checks first, then entity mentions (registry),
quantities and time expressions, then one rule per topic. Every claim keeps the
exact span it came from (``article.text[start:end] == quote``), the sentence,
the rule that made it, its certainty and to whom the article attributes it.

Rules are general patterns over news phrasing, not strings of particular
articles; the vocabularies they use live in ``data/vocabulary.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from .ingest import Article
from .models import Claim
from .quantities import Quantity, find_quantities
from .registry import Entity, Mention, Registry, load_registry, load_vocabulary
from .text import Sentence, split_sentences
from .timeexpr import Interval, TimeMention, find_time_expressions

XIAOMI_FAMILY = {"Xiaomi", "Xiaomi Auto", "Xiaomi Beijing plant", "Xiaomi SU7", "Xiaomi YU7"}
VEHICLE_SUBJECTS = ("Xiaomi SU7", "Xiaomi YU7")


def _words(items: list[str]) -> str:
    """An alternation of vocabulary phrases: spaces match any spacing, a trailing * any word ending."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+").replace(r"\*", r"\w*") for w in sorted(items, key=len, reverse=True)
    )


# --- sentence-level signals ---------------------------------------------------------

_SKIP_LINE = re.compile(r"^\s*(see also|related|read more|also read|tags?|share to|views?)\b\s*:?", re.I)
_CONDITIONAL = re.compile(r"^\s*(if|once|as soon as|unless|whether)\b|\bif the news\b|\bas soon as\b", re.I)
_QUESTION = re.compile(
    r"^\s*(will|is|are|can|could|does|do|did|has|have|how|why|what|when|who|should|would)\b[^.!]*\?\s*$", re.I
)
_GENERIC_SUBJECT = re.compile(
    r"^\s*(?:\w+ly\s+|in\s+general,?\s+)?(automakers|carmakers|companies|enterprises|manufacturers|"
    r"many\s+\w+|most\s+\w+|other\s+\w+|some\s+\w+)\b|\bgenerally\b",
    re.I,
)
_SINCE_BEFORE = re.compile(r"\bsince\s+(the\s+)?$", re.I)
_XIAOMI_STAND_IN = re.compile(
    r"\b(it|its|we|our|the\s+(?:[\w-]+\s+){0,2}?(?:company|venture|project|brand|automaker|carmaker|firm|group|smartphone\s+maker|phone\s+maker|"
    r"electronics\s+maker|car\s+unit|ev\s+unit|ev\s+arm|car\s+maker|factory|plant|car|sedan|suv))\b",
    re.I,
)
_PAST_PLAN = re.compile(
    r"\b(?:originally|initially|had\s+planned|had\s+expected|had\s+aimed|was\s+supposed\s+to|were\s+supposed\s+to|previously\s+planned)\b",
    re.I,
)
_OTHERS_APPROVED = re.compile(
    r"\b\d+\s+(?:new\s+)?(?:\w+\s+)?(?:projects|companies|automakers|carmakers|plants|applications|ventures)\b|"
    r"\b(?:other|several|many|some|all|most)\s+(?:\w+\s+)?(?:projects|companies|automakers|carmakers|applicants|ventures)\b",
    re.I,
)
_NEGATED_BEFORE = re.compile(r"\b(?:not|rather\s+than|instead\s+of|than\s+the|nor)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_SPEECH_DATE = re.compile(
    r"\b(?:said|says|announced|told\s+\w+|confirmed|reported|stated|revealed|wrote|posted)\s+(?:\w+\s+){0,2}on\s+$", re.I
)
_REPORT_ANCHOR = re.compile(
    r"\b(reported|reports|according to|revealed|disclosed|news emerged|media)\b", re.I
)


@dataclass
class Context:
    """What one sentence offers the rules."""

    article: Article
    sent: Sentence
    view: str  # the sentence, look-alike characters folded (same length)
    ref: date | None  # what relative time expressions were resolved against
    published: date | None  # the article's publication date: what "planned" is judged against
    mentions: list[Mention]
    times: list[TimeMention]
    quantities: list[Quantity]
    certainty: str
    scopes: list[tuple[int, int, str]]  # (start, end, source) of each attribution, outermost first
    vehicle: str | None = None  # the car the paragraph spoke of last
    article_vehicle: str | None = None  # the only car the whole article names, if it names one
    claims: list[Claim] = field(default_factory=list)

    def entities(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if not kinds or m.entity.kind in kinds]

    def mentions_xiaomi(self) -> bool:
        """Xiaomi, its car unit, plant or cars, or one of its people, is named in the sentence."""
        return any(
            m.entity.canonical in XIAOMI_FAMILY or (m.entity.kind == "person" and m.entity.parent in XIAOMI_FAMILY)
            for m in self.mentions
        )

    def foreign_subject(self, before: int, lo: int = 0, hi: int | None = None) -> bool:
        """Is the statement in view[lo:hi] about another company?

        Yes when the first company named in it (before ``before``) is not Xiaomi
        ("Tesla, unlike Xiaomi, already has approval"), or when another automaker or
        company is named and Xiaomi is not.
        """
        hi = len(self.view) if hi is None else hi
        inside = [m for m in self.mentions if lo <= m.start < hi]
        players = [m for m in inside if m.entity.kind in ("company", "automaker") or m.entity.canonical in XIAOMI_FAMILY]
        earlier = [m for m in players if m.start < before]
        first = earlier[0] if earlier else None
        if first is not None and first.entity.canonical not in XIAOMI_FAMILY:
            if first.entity.kind == "automaker" or not any(m.entity.canonical in XIAOMI_FAMILY for m in inside):
                return True
        # "... below the Tesla Model 3, which starts at 245,900 yuan": a relative clause
        # belongs to the company just before it
        last = earlier[-1] if earlier else None
        if last is not None and last.entity.canonical not in XIAOMI_FAMILY and last.entity.kind == "automaker":
            if re.search(r",\s*(?:which|whose|who|that)\b", self.view[last.end : before]):
                return True
        return False

    def about_xiaomi(self, lo: int, hi: int) -> bool:
        """Does the statement concern Xiaomi: named in the sentence, or a stand-in in the clause?"""
        return self.mentions_xiaomi() or bool(_XIAOMI_STAND_IN.search(self.view, lo, hi))


class Extractor:
    """The rule set, compiled once; ``extract(article)`` returns its claims."""

    def __init__(self, registry: Registry | None = None, vocabulary: dict | None = None):
        self.registry = registry or load_registry()
        vocab = vocabulary or load_vocabulary()
        cert = vocab["certainty"]
        self._speculated = re.compile(rf"\b(?:{_words(cert['speculated'])})\b")
        self._expected = re.compile(rf"\b(?:{_words(cert['expected'])})\b")
        self._reported = re.compile(rf"\b(?:{_words(cert['reported'])})\b")
        self._reported_cue = re.compile(
            r"\b(reportedly|it\s+is\s+reported|is\s+reported|it\s+was\s+reported|it\s+is\s+exposed|exposed|exposure|"
            r"leaked|spy\s+(?:photos|shots)|sources|insiders?|people\s+familiar)\b",
            re.I,
        )
        nouns = vocab["attribution_nouns"]
        self._attr_nouns = re.compile(
            rf"\b(?:{_words(nouns)})\b(?:\s+(?:(?:of|to|with)\s+)?(?-i:[A-Z][\w]*)(?:\s+(?-i:[A-Z][\w]*))*)?", re.I
        )
        self._components = {
            name: re.compile(rf"\b(?:{_words(words)})\b", re.I) for name, words in vocab["components"].items()
        }
        self._milestones = {
            name: re.compile(rf"\b(?:{_words(words)})\b", re.I) for name, words in vocab["milestones"].items()
        }
        self._supplier_owners = {e.parent for e in self.registry.entities.values() if e.kind == "supplier" and e.parent}
        self._milestone_any = re.compile(
            "|".join(f"(?:{p.pattern})" for p in self._milestones.values()), re.I
        )

    # -- driver ------------------------------------------------------------------

    def warm(self) -> None:
        """Build everything extraction needs up front (worker processes then start warm)."""
        split_sentences("Warm up.")

    def extract(self, article: Article) -> list[Claim]:
        claims: list[Claim] = []
        anchors: dict[int, date] = {}
        last_attribution: str | None = None
        paragraph, vehicle = -1, None
        # One registry pass per sentence, kept for the rules; the article's only car (if it
        # names exactly one, front matter included) comes from the same mentions.
        sentences = [(sent, sent.view) for sent in split_sentences(article.text)]
        found = [self.registry.find(view) for _, view in sentences]
        cars = {m.entity.canonical for ms in found for m in ms if m.entity.canonical in VEHICLE_SUBJECTS}
        article_vehicle = next(iter(cars)) if len(cars) == 1 else None
        for (sent, view), mentions in zip(sentences, found, strict=True):
            if sent.start < article.body_start or _SKIP_LINE.match(view):
                continue
            hint = _might_hold_claim(view)
            if not hint and not (article.published and _REPORT_ANCHOR.search(view)):
                continue  # no claim, and no dated report that later sentences count from
            ref = anchors.get(sent.paragraph, article.published)
            times = _with_weekdays(view, _prefer_future(view, find_time_expressions(view, ref), ref), ref)
            self._update_anchor(anchors, sent, view, times, article.published)
            if not hint:
                continue
            if sent.paragraph != paragraph:
                paragraph, vehicle = sent.paragraph, None
            certainty = self.certainty(view)
            scopes = self.attribution(view, mentions, last_attribution)
            if scopes:
                last_attribution = scopes[-1][2]
            ctx = Context(
                article=article,
                sent=sent,
                view=view,
                ref=ref,
                published=article.published,
                mentions=mentions,
                times=times,
                quantities=find_quantities(view),
                certainty=certainty,
                scopes=scopes,
                vehicle=vehicle,
                article_vehicle=article_vehicle,
            )
            vehicle = next((m.entity.canonical for m in mentions if m.entity.canonical in VEHICLE_SUBJECTS), vehicle)
            if _CONDITIONAL.search(view) or _QUESTION.search(view) or _GENERIC_SUBJECT.search(view):
                continue
            for rule in (
                self.rule_approval,
                self.rule_capacity,
                self.rule_production,
                self.rule_supplier,
                self.rule_milestones,
                self.rule_investment,
                self.rule_price,
                self.rule_spec,
            ):
                rule(ctx)
            claims.extend(ctx.claims)
        return _dedupe(claims)

    def _update_anchor(self, anchors, sent, view, times, published) -> None:
        """A sentence opening with a dated report sets the time later sentences are relative to."""
        if not times or not published:
            return
        first = times[0]
        if not first.relative or first.start > 40 or not _REPORT_ANCHOR.search(view[: first.end + 80]):
            return
        end = min(first.interval.end, published)
        anchors[sent.paragraph] = end

    # -- certainty and attribution ---------------------------------------------------

    def certainty(self, view: str, span: tuple[int, int] | None = None, covered: bool | None = None) -> str:
        """Speculated / expected from cues in the claim's clause; reported when a source covers it.

        ``covered`` says whether an attribution of the sentence covers the claim ("X said"
        after it, "according to X" anywhere); without it, reporting cues anywhere count.
        """
        text = _case_fold_for_cues(view)
        unquoted = re.sub(r"\"[^\"]*\"", lambda m: " " * len(m.group()), text)
        a, b = _clause_window(unquoted, *span) if span else (0, len(text))
        if self._speculated.search(unquoted[a:b]):
            return "speculated"
        for m in self._expected.finditer(unquoted, a, b):
            # "Xiaomi's plan to build cars" names a plan; it does not hedge the statement
            if not (
                re.match(r"plans?\b", m.group())
                and re.search(r"(?:'s|\bits|\bthe|\btheir|\bhis)\s+$", unquoted[max(0, m.start() - 8) : m.start()])
            ):
                return "expected"
        if covered or (covered is None and self._reported.search(text)):
            return "reported"
        if covered is False and self._reported_cue.search(text):
            return "reported"
        return "stated"

    _ACCORDING = re.compile(
        r"\baccording\s+to\s+(?:(?:the|a|an)\s+)?(?:latest\s+)?(?:(?:news\s+)?reports?\s+(?:of|from|by|in)\s+(?:the\s+)?|news\s+(?:of|from)\s+|(?:a\s+)?statement\s+(?:from|by)\s+)?",
        re.I,
    )
    _SAYS = re.compile(
        r"\b(said|says|say|revealed|reveals|reported|reports|told|pointed out|confirmed|disclosed|stated|"
        r"announced|noted|claimed|speculate[sd]?|believe[sd]?|estimate[sd]?|predict(?:ed|s)?|wrote|added)\b",
        re.I,
    )

    def attribution(self, view: str, mentions: list[Mention], last: str | None) -> list[tuple[int, int, str]]:
        """Who the sentence attributes what to: (scope start, scope end, source), outermost first.

        "According to X, ..." covers the sentence; "X said (that) ..." covers what follows
        it; "..., X said." covers what comes before it.
        """
        scopes: list[tuple[int, int, str]] = []
        sources = [m for m in mentions if m.entity.kind in ("outlet", "person", "regulator", "company", "automaker")]
        for m in self._ACCORDING.finditer(view):
            rest = view[m.end() : m.end() + 80]
            name = self._source_at(rest, m.end(), sources)
            if name in ("them", "they", "him", "her", "it"):
                noun = self._attr_nouns.search(view)
                name = noun.group().strip() if noun else last
            if name and re.fullmatch(r"(?:the\s+)?(?:plans?|schedule|timetable|roadmap|planning)", name, re.I):
                continue  # "according to the plan" hedges (expected); it names no source
            if name:
                scopes.append((0, len(view), name))
        for m in self._SAYS.finditer(view):
            head = view[max(0, m.start() - 80) : m.start()]
            src = None
            src_start = m.start()
            for s in sources:
                if s.end <= m.start() and m.start() - s.end < 60 and s.entity.kind in ("outlet", "person"):
                    between = view[s.end : m.start()]
                    if not re.search(r"[,;]", between) or re.match(r",[^,;]{0,60},\s*(?:\w+ly\s+|also\s+|then\s+)?$", between):
                        src, src_start = s.entity.canonical, s.start
            noun = None
            for n in self._attr_nouns.finditer(head):
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
            trailing = re.match(r"\s*(?:on\s+\w+|in\s+a\s+\w+|to\s+\w+|at\s+\w+)?(?:\s+\w+){0,2}\s*(?:,\s*(?:adding|citing|noting|though|although|but)\b|[.;]|$)", after)
            if (view[:src_start].rstrip().endswith(",") and trailing) or len(
                re.sub(r"^\W*(?:that|on\s+\w+day|in\s+a\s+statement|on\s+stage|to\s+\w+)?", "", after).strip(" .,;:\"'")
            ) <= 20:
                scopes.append((0, m.start(), src))  # "..., X said (on stage), adding ..." covers what comes before
            else:
                scopes.append((src_start, len(view), src))  # "X said (that) ..." covers what follows
        for m in re.finditer(
            r",\s*(?:said|says|according\s+to)\s+((?:the|a|an|one|two)\s+[\w\s-]{2,50}?|(?-i:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}))(?=\s*(?:,|\.|;|$|who|familiar|with))",
            view,
            re.I,
        ):
            scopes.append((0, m.start(), m.group(1)))  # "..., said the second person"
        scopes = [(a, b, _tidy_source(n)) for a, b, n in scopes]
        return [sc for sc in sorted(scopes, key=lambda sc: (sc[0], -sc[1])) if sc[2]]

    def _source_at(self, rest: str, offset: int, sources: list[Mention]) -> str | None:
        for s in sources:
            if s.start == offset or (s.start > offset and s.start - offset < 5):
                return s.entity.canonical
        noun = self._attr_nouns.match(rest)
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

    # -- helpers shared by the rules -------------------------------------------------

    def _claim(
        self, ctx: Context, *, topic, subject, prop, value, value_kind, span, rule, at_least=None, **kw
    ) -> Claim:
        """Make a claim over ``span`` of the sentence; ``at_least`` raises a weaker certainty to it."""
        s, e = span
        s, e = _trim(ctx.view, s, e)
        a = ctx.sent.start
        origin: list[str] = []
        for lo, hi, name in ctx.scopes:
            if lo <= e <= hi and name not in origin:
                origin.append(name)
        certainty = self.certainty(ctx.view, (s, e), covered=bool(origin))
        if at_least and _STRENGTH[certainty] < _STRENGTH[at_least]:
            certainty = at_least
        claim = Claim(
            article_id=ctx.article.id,
            topic=topic,
            subject=subject,
            property=prop,
            value=value,
            value_kind=value_kind,
            quote=ctx.article.text[a + s : a + e],
            start=a + s,
            end=a + e,
            sentence=ctx.sent.text,
            sentence_start=ctx.sent.start,
            rule=rule,
            certainty=certainty,
            attributed_to=origin[-1] if origin else None,
            origin=origin,
            **kw,
        )
        ctx.claims.append(claim)
        return claim

    @staticmethod
    def _period(kw: dict, interval: Interval | None) -> dict:
        if interval is not None:
            kw.update(period_start=interval.start, period_end=interval.end, period_label=interval.label)
        return kw

    @staticmethod
    def _times(ctx: Context, *, future: bool | None = None) -> list[TimeMention]:
        """Time mentions usable as an event's time (not "since X", not inside quotes for past)."""
        out = []
        for t in ctx.times:
            if _SINCE_BEFORE.search(ctx.view[: t.start]) or _SPEECH_DATE.search(ctx.view[: t.start]):
                continue  # "since 2017", and "said on Tuesday" dates the statement, not the event
            if future is not None and ctx.ref is not None:
                is_future = t.interval.end > ctx.ref or t.interval.granularity == "by"
                if future != is_future and not (t.interval.start <= ctx.ref <= t.interval.end):
                    continue
            out.append(t)
        return out

    @staticmethod
    def _nearest(items, pos: int):
        best = None
        for it in items:
            d = min(abs(it.start - pos), abs(it.end - pos))
            if best is None or d < best[0]:
                best = (d, it)
        return best[1] if best else None

    # -- approval ----------------------------------------------------------------------

    _APPROVAL = re.compile(
        r"\b(approv\w*|qualif\w*|licen[cs]\w*|permit\w*|clearance|cleared|green light|sign(?:ed)? off|nod|go-ahead|"
        r"authori[sz]\w*|access|filing|catalog(?:ue)?)\b",
        re.I,
    )
    _PRODUCTION_APPROVAL = re.compile(
        r"\b(production\s+qualifications?|qualifications?\s+(?:for|of)\s+(?:the\s+)?production|"
        r"qualifications?\s+to\s+(?:produce|make|build|manufacture)|qualified\s+(?:for|to)\s+(?:production|produce)|"
        r"(?:production|manufacturing|car-making|carmaking|vehicle[- ]making)\s+(?:licen[cs]es?|permits?|qualifications?)|"
        r"licen[cs]es?\s+to\s+(?:produce|make|build|manufacture)|"
        r"approval\s+to\s+(?:produce|make|build|manufacture|mass[- ]produce)|"
        r"approved\s+to\s+(?:produce|make|build|manufacture))\b",
        re.I,
    )
    _PENDING = re.compile(
        r"\b(not\s+yet|has\s+yet\s+to|have\s+yet\s+to|yet\s+to\s+(?:be|receive|obtain|get|win|secure)|"
        r"still\s+in\s+the\s+process\s+of|awaiting|pending|still\s+waiting|"
        r"(?:has|have|had)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:approved|obtained|received|granted|secured|won)|"
        r"not\s+been\s+(?:approved|granted)|without\s+(?:a\s+|the\s+)?(?:production\s+)?(?:qualification|approval|licen[cs]e)|"
        r"is\s+applying|has\s+applied|applied\s+for|under\s+review|"
        r"(?:still\s+)?needs?\s+(?:\w+\s+){0,2}(?:approval|licen[cs]e|qualification|permit|clearance|green\s+light|nod)s?|"
        r"(?:still\s+)?requires?\s+(?:\w+\s+){0,2}(?:approval|licen[cs]e|qualification|permit|clearance)s?)\b",
        re.I,
    )
    _DENIED = re.compile(
        r"\b(denied|denies|deny|dismissed|rejected|refuted)\b[^.]{0,40}\b(?:reports?|claims?|rumou?rs?|news)\s+that\s+"
        r"(?:it|xiaomi|the\s+company)\s+(?:had\s+|has\s+|would\s+|will\s+|was\s+)?(?:already\s+)?"
        r"(?:obtain|receiv|got|get|gotten|won|win|secur|been\s+granted|been\s+approved|approv)"
        r"|\b(?:denied|denies|dismissed|refuted)\s+(?:the|these|those|such|media|that)\s+(?:reports?|claims?|rumou?rs?)\b",
        re.I,
    )
    _UNTRUE = re.compile(
        r"\b(?:reports?|claims?|rumou?rs?)\s+that\b[^.;]{0,120}\b(?:were|was|are|is)\s+(?:untrue|false|wrong|inaccurate|groundless|baseless|not\s+true)\b",
        re.I,
    )
    _FAILED = re.compile(r"\bfailed\s+to\s+(?:win|obtain|get|secure|receive|gain)\b|\bhas\s+no\s+(?:production\s+)?(?:licen[cs]e|qualification|permit)", re.I)
    _REFUSED = re.compile(
        r"\b(?:rejected|refused|turned\s+down|denied)\s+(?:its|the|xiaomi'?s?)\s+(?:application|request)|"
        r"\b(?:application|request|bid)\b[^.;]{0,60}\b(?:was|has\s+been|had\s+been|were)\s+(?:rejected|refused|turned\s+down|denied)",
        re.I,
    )
    _EXPECTED_APPROVAL = re.compile(
        r"\b(expected\s+to\s+(?:obtain|get|receive|win|secure|be\s+approved|gain)|will\s+(?:obtain|get|receive|win|secure|be\s+approved|gain)|"
        r"(?:can|could|may|might|should)\s+(?:be\s+approved|obtain|get|receive)|likely\s+to\s+(?:obtain|get|receive|be\s+approved)|"
        r"hop(?:es|ing)\s+to\s+(?:secure|obtain|get|win)|plans?\s+to\s+apply|"
        r"(?:reportedly|set|is|are|poised|due|about|likely|expected|plans?|hopes?|aims?)\s+to\s+(?:obtain|get|receive|win|secure|be\s+approved|be\s+granted))\b",
        re.I,
    )
    _OBTAINED = re.compile(
        r"\b(approved|obtained|got|gotten|won|received|granted|secured|signed\s+off|cleared|"
        r"has\s+been\s+qualified|was\s+qualified|gave\s+(?:the\s+)?green\s+light|given\s+(?:the\s+)?green\s+light|"
        r"wins?\s+approval|(?<!\bto\s)obtains?|receives?\s+approval|(?<!\bto\s)gets?\s+(?:the\s+)?approval|approval\s+from|"
        r"(?:got|gets|received|won|given|gave)\s+(?:\w+\s+)?(?:the\s+)?(?:nod|go-ahead|green\s+light)|(?:has|have|already\s+has)\s+(?:the\s+)?approval)\b",
        re.I,
    )

    def rule_approval(self, ctx: Context) -> None:
        if not self._APPROVAL.search(ctx.view):
            return
        if re.search(r"\b(no\s+definite\s+news|no\s+news|unclear\s+whether|still\s+being\s+determined\s+why|questioned)\b", ctx.view, re.I):
            return
        # "Xiaomi denied reports that it had obtained ...", "reports that ... were untrue"
        denial = self._DENIED.search(ctx.view) or self._UNTRUE.search(ctx.view)
        # What is approved, by whom: each regulator named, else a production-approval phrase.
        targets: list[tuple[str, tuple[int, int]]] = [
            (f"approval.{m.entity.canonical.lower()}", (m.start, m.end))
            for m in ctx.entities("regulator")
            if m.entity.canonical in ("NDRC", "MIIT")
        ]
        production = self._PRODUCTION_APPROVAL.search(ctx.view)
        if production and not any(abs(production.start() - ps) < 80 for _, (ps, _) in targets):
            targets.append(("approval.production_qualification", production.span()))
        seen: set[str] = set()
        for prop, (ps, pe) in targets:
            # The statement the target sits in: clauses joined by "while", "but", ";" are
            # separate statements ("approved by the MIIT, while Tesla's is still pending").
            lo, hi = _region(ctx.view, ps, pe)
            if denial:  # a denial speaks for the whole sentence ("..., but Xiaomi denied the reports")
                status, cue = "denied", denial
            else:
                status, cue = self._approval_status(ctx.view, lo, hi)
            if status is None or prop in seen or ctx.foreign_subject(before=max(cue.start(), ps), lo=lo, hi=hi):
                continue
            if not ctx.about_xiaomi(lo, hi) and (
                any(m.entity.kind in ("company", "automaker") for m in ctx.mentions) or _OTHERS_APPROVED.search(ctx.view)
            ):
                continue  # "The NDRC approved 12 new EV projects": not a claim about Xiaomi
            if not _linked(ctx.view, (ps, pe), cue.span()) and status != "denied":
                continue
            seen.add(prop)
            time = None
            region_times = [
                t
                for t in self._times(ctx)
                if lo <= t.start and t.end <= hi and _in_quotes(ctx.view, t.start) == _in_quotes(ctx.view, cue.start())
            ]
            region_times = [t for t in region_times if not _in_relative_clause(ctx.view, t.start, cue.end())]
            if status == "obtained":
                past = [t for t in region_times if ctx.ref is None or t.interval.start <= ctx.ref]
                time = self._nearest(past, cue.start()) if past else None
            elif status == "expected":
                fut = [t for t in region_times if ctx.ref is None or t.interval.end > ctx.ref or t.interval.granularity == "by"]
                time = self._nearest(fut, cue.end()) if fut else None
            span_pts = [ps, pe, cue.start(), cue.end()]
            if time is not None:
                span_pts += [time.start, time.end]
            span = (min(span_pts), max(span_pts))
            kw = self._period({}, time.interval if time else None)
            regulator = prop.split(".")[1].upper() if prop != "approval.production_qualification" else None
            self._claim(
                ctx,
                topic="approval",
                subject="Xiaomi Auto",
                prop=prop,
                value=status,
                value_kind="status",
                span=span,
                rule=f"approval.{status}",
                qualifiers={"status": status, "regulator": regulator},
                at_least="expected" if status == "expected" else None,
                **kw,
            )

    def _approval_status(self, view: str, lo: int = 0, hi: int | None = None):
        hi = len(view) if hi is None else hi
        for status, rx in (
            ("denied", self._REFUSED),
            ("pending", self._FAILED),
            ("pending", self._PENDING),
            ("expected", self._EXPECTED_APPROVAL),
            ("obtained", self._OBTAINED),
        ):
            m = rx.search(view, lo, hi)
            if m:
                return status, m
        return None, None

    # -- capacity ------------------------------------------------------------------------

    _CAPACITY = re.compile(
        r"\b(capacity|capacities|annual\s+output|output\s+of|capable\s+of\s+producing|able\s+to\s+produce|can\s+produce|"
        r"could\s+produce|produce\s+up\s+to|annual\s+production|production\s+lines?|-unit|units?\s+a\s+year|"
        r"(?:vehicles|cars|units|EVs)\s+(?:a|per)\s+year|annually|phases\s+of|-vehicle-a-year)\b",
        re.I,
    )
    _TARGET_WORDS = re.compile(
        r"\b(target\w*|aims?\s+to|plans?\s+to\s+(?:produce|deliver|sell|make|build)|goal|deliver\w*|sell|sales|sold|orders?)\b",
        re.I,
    )
    _PHASE = re.compile(
        r"\b(?:(first|1st|second|2nd|third|3rd)\s+phase|phase\s*(I{1,3}|[123]|one|two|three)\b)", re.I
    )
    _PER_PHASE = re.compile(r"\b(respectively|each\s+phase|per\s+phase|each\s+of\s+the\s+(?:two\s+)?phases)\b", re.I)
    _WHOLE = re.compile(r"\b(in\s+two\s+phases|two[- ]phase|both\s+phases|in\s+total|total|combined|overall|whole\s+plant)\b", re.I)
    _FACILITY = re.compile(r"\b(current|existing|present)\s+(?:plant\s+)?(facilit\w+|plant|factory)|\bplant\s+facilities\b|\bfacilities\b", re.I)

    def rule_capacity(self, ctx: Context) -> None:
        cap = self._CAPACITY.search(ctx.view)
        if not cap:
            return
        vehicle_q = [q for q in ctx.quantities if q.unit == "vehicles" or (q.unit is None and q.amount >= 1000 and _vehicle_noun_after(ctx.view, q.end))]
        if not vehicle_q:
            return
        for q in vehicle_q:
            lo, hi = _region(ctx.view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            if re.match(r"\s*(?:\w+\s+){0,5}?(?:every|a|an|per|each)\s+(hour|minute|day|shift)\b", ctx.view[q.end : q.end + 60], re.I):
                continue  # "40 vehicles rolling off the line every hour" is a line rate
            if _NEGATED_BEFORE.search(ctx.view[max(0, q.start - 30) : q.start]):
                continue  # "100,000 vehicles, not the 300,000 widely reported"
            head = re.split(r"\bof\s+which\b|;", ctx.view[: q.start])[-1]
            per = q.per
            if per is None and (
                (re.search(r"-?units?$", q.text) and re.match(r"\s*(plant|factory|facility|base)", ctx.view[q.end :]))
                or (re.match(r"\s*each\b", ctx.view[q.end :], re.I) and re.search(r"\bphases\b", ctx.view, re.I))
                or re.match(r"[\d,.]+\s*-?(?:vehicle|unit|car)s?-a-year", ctx.view[q.start : q.end + 20], re.I)
            ):
                per = "year"  # "a 300,000-unit plant": a plant's size is its annual capacity
            if per is None and re.search(
                r"\b(annual|annually|a\s+year|per\s+year|yearly|per\s+annum)\b", ctx.view[: q.end + 25], re.I
            ):
                per = "year"  # "an annual output of 300,000 ..., of which each phase 150,000 respectively"
            if per not in ("year",):
                continue  # weekly or monthly output is trial output, handled by the production rule
            if self._TARGET_WORDS.search(ctx.view[max(0, q.start - 60) : q.start]) and not re.search(r"capacit", ctx.view[max(0, q.start - 60) : q.end + 20], re.I):
                continue
            if not re.search(r"capacit|output|capable|able to produce|can produce|could produce|-unit|plant|factory|facilit|phase|production line", ctx.view, re.I):
                continue
            of_which = re.search(r"\bof\s+which\b", ctx.view[: q.start], re.I)
            scope = "plant"
            phase = None
            each = re.search(r"\beach\b", ctx.view[max(0, q.start - 40) : q.start], re.I) and re.search(
                r"phases", ctx.view, re.I
            )
            if (
                (of_which and self._PER_PHASE.search(ctx.view[q.start :]))
                or self._PER_PHASE.search(ctx.view[q.end : q.end + 40])
                or each
                or (re.match(r"\s*each\b", ctx.view[q.end :], re.I) and re.search(r"phases", ctx.view, re.I))
            ):
                scope = "per phase"
            else:
                for m in self._PHASE.finditer(head):
                    phase = m
                if phase is not None and not self._WHOLE.search(head[phase.end() :]):
                    word = (phase.group(1) or phase.group(2)).lower()
                    scope = "phase II" if word in ("second", "2nd", "ii", "2", "two") else (
                        "phase III" if word in ("third", "3rd", "iii", "3", "three") else "phase I"
                    )
            qualifiers = {"scope": scope}
            fac = self._FACILITY.search(ctx.view)
            if scope == "plant" and fac:
                qualifiers["facility"] = fac.group(0)
            start = min(q.start, cap.start()) if abs(cap.start() - q.start) < 60 else q.start
            self._claim(
                ctx,
                topic="capacity",
                subject="Xiaomi Beijing plant",
                prop="capacity.annual",
                value=q.amount,
                value_kind="quantity",
                span=(start, max(q.end, cap.end() if abs(cap.end() - q.end) < 60 else q.end)),
                rule=f"capacity.{scope.replace(' ', '_')}",
                unit="vehicles",
                per="year",
                value_high=q.high,
                approx=q.approx,
                bound=q.bound,
                qualifiers=qualifiers,
            )

    # -- production and delivery targets, trial output --------------------------------

    _PRODUCE_TARGET = re.compile(
        r"\b(?:plans?|aims?|aiming|targets?|targeting|expects?|expected|goal\s+is|hopes?|strives?|intends?|wants?)\s+"
        r"(?:to\s+)?(?:be\s+able\s+to\s+)?(?P<verb>produce|build|make|manufacture|roll\s+out|deliver|sell|ship|hand\s+over)\b"
        r"|\b(?P<noun>production|delivery|deliveries|sales|output|shipment)\s+(?:target|goal|forecast|guidance|plan)\b"
        r"|\b(?:target|goal|aim|ambition)\s+(?:of|to|is\s+to)\s+(?P<verb2>deliver\w*|sell\w*|produc\w*|ship\w*|build\w*|mak\w*)?"
        r"|\b(?:targeting|targets?|aims?\s+for|aiming\s+for|expects?|eyeing)\s+(?:annual\s+|full-year\s+)?(?P<noun2>sales|deliveries|production|output|shipments)\s+of\b",
        re.I,
    )
    _TRIAL = re.compile(r"\b(prototypes?|prototype\s+cars|test\s+(?:cars|vehicles)|trial|engineering\s+vehicles|pilot)\b", re.I)

    def rule_production(self, ctx: Context) -> None:
        """Trial output (a rate of prototypes) and production or delivery targets."""
        for q in ctx.quantities:
            lo, hi = _region(ctx.view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            vehicle_rate = q.per in ("week", "month", "day") and (
                q.unit == "vehicles"
                or (q.unit is None and re.search(r"\b(vehicles|cars|prototypes|units)\b", ctx.view[max(0, q.start - 80) : q.start], re.I))
            )
            if not vehicle_rate:
                continue
            if self._TRIAL.search(ctx.view):
                prop, scope = "production.trial_output", "trial production"
            elif re.search(r"\b(produc\w*|build\w*|making|makes|roll\w*\s+off|output|turn\w*\s+out|assembl\w*)\b", ctx.view, re.I):
                prop, scope = "production.output", "output"
            else:
                continue
            when = ctx.published or ctx.ref
            self._claim(
                ctx,
                topic="production",
                subject="Xiaomi Auto",
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(q.start, q.end),
                rule=prop,
                unit="vehicles",
                per=q.per,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                # a rate changes as production ramps up: it is compared within its month
                qualifiers={"scope": scope, "as_of_month": when.strftime("%Y-%m") if when else None},
            )
        for m in self._PRODUCE_TARGET.finditer(ctx.view):
            # the target is the first vehicle count after its trigger, not a consensus or
            # old figure later in the sentence
            q = next((q for q in ctx.quantities if q.start >= m.end() and q.start - m.end() < 60), None)
            if q is None or q.unit not in ("vehicles", None) or q.amount < 100:
                continue
            if q.unit is None and not re.match(r"\s*(?:\w+\s+){0,2}(vehicles|cars|units|EVs|SU7s?|YU7s?)\b", ctx.view[q.end : q.end + 30], re.I):
                continue
            lo, hi = _region(ctx.view, m.start(), q.end)
            if ctx.foreign_subject(before=m.start(), lo=lo, hi=hi):
                continue
            word = (m.group("verb") or m.group("noun") or m.group("verb2") or m.group("noun2") or "").lower()
            if not word:
                word = ctx.view[m.end() : q.start].lower()
            prop = "delivery.target" if re.search(r"deliver|sell|sales|ship|hand", word) else "production.target"
            times = [
                t for t in self._times(ctx) if lo <= t.start < hi and t.interval.granularity in ("year", "half", "quarter", "part", "month", "by")
            ]
            time = self._nearest(times, q.end) if times else None
            kw = self._period({}, time.interval if time else None)
            span_pts = [m.start(), q.end] + ([time.start, time.end] if time else [])
            self._claim(
                ctx,
                topic="production",
                subject="Xiaomi Auto",
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(min(span_pts), max(span_pts)),
                rule=prop,
                unit="vehicles",
                per=q.per,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers={"scope": "target", **({"revised": True} if _REVISED.search(ctx.view) else {})},
                at_least="expected",
                **kw,
            )

    # -- suppliers ---------------------------------------------------------------------

    _SUPPLY = re.compile(
        r"\b(suppl\w*|provid\w*|sourc\w*|partner\w*|finali[sz]ed|use\s+(?:\w+\s+){0,2}from|uses\s+(?:\w+\s+){0,2}from|"
        r"procure\w*|vendors?|equipped\s+with\s+(?:\w+\s+){0,3}from|made\s+by|from)\b",
        re.I,
    )
    _TIERS = re.compile(r"\b(primary\s+and\s+secondary|first[- ]and\s+second[- ]tier|first-?\s+and\s+second-tier|main\s+and\s+(?:secondary|backup))\b", re.I)
    _CLOSED = re.compile(r"\b(the\s+main\s+suppliers?|finali[sz]ed|will\s+be|are|primary\s+and\s+secondary|first[- ]and\s+second)\b", re.I)

    _SUPPLIED_BY_UNKNOWN = re.compile(
        r"\b(?:supplied|provided|made|manufactured|produced|built)\s+by\s+((?-i:[A-Z][\w&.-]*)(?:\s+(?-i:[A-Z][\w&.-]*)){0,3})", re.I
    )

    def rule_supplier(self, ctx: Context) -> None:
        comps = sorted(
            (m.start(), m.end(), name) for name, rx in self._components.items() for m in rx.finditer(ctx.view)
        )
        if not comps:
            return
        candidates = [
            m
            for m in ctx.mentions
            if (m.entity.kind in ("supplier", "company") or m.entity.canonical in self._supplier_owners)
            and m.entity.canonical not in XIAOMI_FAMILY
            # "FinDreams, a BYD subsidiary" / "BYD's battery unit" describe an owner, not a second supplier
            and not re.match(
                r"(?:'s\s+(?:\w+\s+){0,2}(?:subsidiary|unit|affiliate|arm|division)|\s+(?:subsidiary|affiliate|arm|division))\b",
                ctx.view[m.end : m.end + 40],
                re.I,
            )
        ]
        for f in self.registry.find_formerly(ctx.view):
            if not any(c.start <= f.start < c.end for c in candidates):
                candidates.append(f)
        for u in self._SUPPLIED_BY_UNKNOWN.finditer(ctx.view):
            # an organisation the registry does not know is kept under its own name
            name = re.sub(r"\s+(?:Co|Ltd|Inc|Corp)\.?$", "", u.group(1)).strip(" .,")
            if name and not any(c.start <= u.start(1) < c.end for c in ctx.mentions + candidates):
                candidates.append(Mention(u.start(1), u.start(1) + len(name), name, Entity(name, "supplier", None, ())))
        candidates.sort(key=lambda m: m.start)
        tiers = self._TIERS.search(ctx.view)
        closed = bool(self._CLOSED.search(ctx.view))
        by_comp: dict[str, list[Mention]] = {}
        for cand in candidates:
            lo, hi = _region(ctx.view, cand.start, cand.end)
            if not ctx.mentions_xiaomi() and any(
                m.entity.kind == "automaker" and m.entity.canonical not in self._supplier_owners for m in ctx.mentions
            ):
                continue  # "CATL supplies battery cells to Tesla": another automaker's supplier
            comp = self._component_for(ctx.view, cand, comps)
            if comp is None:
                continue
            by_comp.setdefault(comp[2], []).append(cand)
            order = len(by_comp[comp[2]])
            qualifiers = {"component": comp[2], "closed_list": closed}
            if tiers:
                qualifiers["tier"] = "primary" if order == 1 else "secondary" if order == 2 else None
            if cand.entity.parent and cand.entity.parent not in XIAOMI_FAMILY:
                qualifiers["parent"] = cand.entity.parent
            former = self.registry._formerly.match(ctx.view, cand.end)
            if former is None and cand.surface and "(" in cand.surface:
                former = re.search(r"\((?:formerly|previously|once)\s+(?:known\s+as|called|named)\s+([^()]{2,60}?)\s*\)", cand.surface, re.I)
            if former is not None:
                qualifiers["formerly"] = former.group(1).strip()
            named_cars = [m for m in ctx.mentions if m.entity.canonical in VEHICLE_SUBJECTS]
            if named_cars:
                qualifiers["vehicle"] = named_cars[0].entity.canonical
            self._claim(
                ctx,
                topic="supplier",
                subject="Xiaomi Auto",  # suppliers are compared across the company; the car is a qualifier
                prop=f"supplier.{comp[2]}",
                value=cand.entity.canonical,
                value_kind="entity",
                span=(min(comp[0], cand.start), max(comp[1], cand.end)),
                rule="supplier.named",
                entity=cand.entity.canonical,
                surface=ctx.article.text[ctx.sent.start + cand.start : ctx.sent.start + cand.end],
                qualifiers=qualifiers,
            )

    _ENTITY_THEN_COMPONENT = re.compile(
        r"^(?:'s)?\s*(?:(?:\w+\s+){0,3}(?:chips?|cells?)\s+)?$|^\s+(?:is|was|will\s+be|has\s+been|became|as)\s+(?:the\s+|its\s+|a\s+|an\s+)?"
        r"(?:main\s+|sole\s+|primary\s+|secondary\s+|exclusive\s+|first\s+|second\s+|only\s+)?$",
        re.I,
    )

    def _component_for(self, view: str, cand: Mention, comps: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
        """The component an organisation is named as supplying, or None.

        Either the component comes first ("batteries will be supplied by CATL", "lidar
        from Hesai", "battery suppliers have finalized CALB and CATL"), or the
        organisation does ("Hesai is the lidar supplier", "uses Nvidia chips",
        "picked CATL as its battery supplier").
        """
        if re.search(r"\b(?:arm|unit|subsidiary|division|parent)\s+of\s+$", view[max(0, cand.start - 30) : cand.start], re.I):
            return None  # "FinDreams, the battery arm of BYD": the owner, not a second supplier
        if re.search(r"\b(?:dropped|replaced|ditched|switched\s+away\s+from|no\s+longer\s+uses?|removed)\s+(?:\w+\s+){0,2}$", view[max(0, cand.start - 40) : cand.start], re.I):
            return None  # a former supplier is not a supplier
        before = [
            c for c in comps if c[1] <= cand.start and not re.search(r"\b(?:while|whereas)\b|;|,\s+and\s", view[c[1] : cand.start])
        ]
        if before:
            comp = before[-1]
            between = view[comp[1] : cand.start]
            if len(between) <= 120 and (
                self._SUPPLY.search(between)
                or self._SUPPLY.search(view[: comp[0]][-60:])
                or re.search(r"\bwill\s+be\b|\b(?:is|are)\b|\binclude\w*\b", between, re.I)
            ):
                return comp
        after = [c for c in comps if c[0] >= cand.end and c[0] - cand.end <= 60]
        if after:
            comp = after[0]
            between = view[cand.end : comp[0]]
            tail = view[comp[1] : comp[1] + 30]
            head = view[max(0, cand.start - 60) : cand.start]
            supplier_noun = re.match(r"\s*(?:suppliers?|vendors?|makers?|partners?|providers?)\b", tail, re.I)
            uses = re.search(
                r"\b(?:uses?|using|used|carr(?:y|ies)|equipped\s+with|fitted\s+with|gets?|features?|comes\s+with|runs?\s+on|powered\s+by|handled\s+by|provided\s+by|"
                r"supplied\s+by|built\s+by|made\s+by|picked|chose|chosen|selected|tapped|named|adopt\w*)\s+(?:\w+\s+){0,3}$",
                head,
                re.I,
            )
            supplies = re.match(
                r"^(?:\s*\([^)]*\))?\s+(?:will\s+|would\s+|is\s+to\s+|to\s+|also\s+|now\s+)?(?:supply|supplies|supplied|provide|provides|provided|make|makes)\s+(?:the\s+|its\s+|all\s+|Xiaomi'?s?\s+)?(?:\w+\s+)?$",
                between,
                re.I,
            )
            if supplies or (supplier_noun and re.search(r"\b(?:is|was|will\s+be|as|became)\b", between, re.I)) or (
                uses and self._ENTITY_THEN_COMPONENT.match(between)
            ) or (uses and re.match(r"^\s+(?:[A-Z0-9][\w-]*\s+){0,4}$", between)) or (
                # "a Hesai lidar", "Nvidia's Drive Thor chip": a supplier naming the part
                cand.entity.kind == "supplier" and re.match(r"^(?:'s)?(?:\s+[A-Z0-9][\w-]*){0,3}\s+$", between)
            ):
                return comp
        return None

    # -- milestones --------------------------------------------------------------------

    _DURATION = re.compile(
        r"\b(?:for|been\s+\w+\s+for)\s+(less\s+than\s+|about\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?(one|a|two|three|four|\d+)\s+(day|week|month)s?\b",
        re.I,
    )
    _NOW_IN = re.compile(r"\b(now\s+in|currently\s+in|is\s+in|has\s+been\s+(?:underway|going\s+on|running|carried\s+out))\b", re.I)

    def rule_milestones(self, ctx: Context) -> None:
        """A milestone trigger and the time expression nearest to it (each time serves one trigger)."""
        if not self._milestone_any.search(ctx.view) or ctx.foreign_subject(before=len(ctx.view)):
            return
        triggers: list[tuple[str, re.Match]] = []
        for name, rx in self._milestones.items():
            m = rx.search(ctx.view)
            if m and self._milestone_applies(name, ctx.view, m):
                triggers.append((name, m))
        if not triggers:
            return
        # Pair triggers and time expressions greedily, closest pairs first: each serves once.
        pairs = []
        for t in self._times(ctx):
            for name, m in triggers:
                if _in_quotes(ctx.view, t.start) != _in_quotes(ctx.view, m.start()):
                    continue
                lo, hi = _region(ctx.view, m.start(), m.end())
                if not (lo <= t.start and t.end <= hi):
                    continue  # "MASS PRODUCTION IN Q1; DELIVERIES FROM FEBRUARY": one time per statement
                d = max(0, t.start - m.end(), m.start() - t.end)
                if t.end <= m.start() and t.start > 3:
                    d += 40  # "X in TIME" binds tighter than "TIME, ... X" unless TIME opens the sentence
                if d <= 140:
                    pairs.append((d, t.start, name, t))
        assigned: dict[str, TimeMention] = {}
        taken: set[int] = set()
        for _d, start, name, t in sorted(pairs, key=lambda p: (p[0], p[1])):
            if name not in assigned and start not in taken:
                assigned[name] = t
                taken.add(start)
        for name, m in triggers:
            time = assigned.get(name)
            interval = time.interval if time else None
            pts = [m.start(), m.end()]
            if time is not None:
                pts += [time.start, time.end]
            elif name == "trial_production" and ctx.ref is not None and self._NOW_IN.search(ctx.view):
                # "now in trial production, for less than one month": ongoing, from the
                # stated duration before the reference date until it
                d = self._DURATION.search(ctx.view)
                if d:
                    interval = _ongoing_interval(d, ctx.ref)
                    pts += [d.start(), d.end()]
            if interval is None:
                continue
            now = ctx.published or ctx.ref
            span = (min(pts), max(pts))
            certainty = self.certainty(ctx.view, span)
            lo, hi = _region(ctx.view, m.start(), m.end())
            past_plan = _PAST_PLAN.search(ctx.view, lo, hi)  # "had originally planned to start in 2023"
            planned = bool(past_plan) or (
                now is not None
                and (
                    interval.start > now
                    or (interval.end > now and (certainty in ("expected", "speculated") or interval.granularity == "by"))
                )
            )
            subject = "Xiaomi Auto"
            if name in ("launch", "deliveries_start"):
                subject = self._vehicle_subject(ctx)
            elif name == "plant_completion":
                subject = "Xiaomi Beijing plant"
            self._claim(
                ctx,
                topic="timeline",
                subject=subject,
                prop=f"milestone.{name}",
                value=interval.label,
                value_kind="time",
                span=span,
                rule=f"milestone.{name}",
                qualifiers={"status": "planned" if planned else "achieved"},
                at_least="expected" if planned else None,
                **self._period({}, interval),
            )

    def _milestone_applies(self, name: str, view: str, m: re.Match) -> bool:
        """Checks a bare trigger word needs before it counts as that milestone."""
        if name == "company_registered":
            return bool(re.search(r"\b(Xiaomi\s+(?:Auto\w*|EV|Motors)|company|Co\.,?\s+Ltd|registered\s+as)\b", view, re.I))
        if name == "deliveries_start":
            return bool(
                re.search(
                    r"\b(start\w*|begin\w*|began|begun|commence\w*|kick\w*\s+off|first\s+deliver\w*|"
                    r"deliver\w*\s+(?:the\s+)?first|first\s+(?:batch|cars|units|customers))\b",
                    view,
                    re.I,
                )
            ) and not re.search(r"\b(target|goal|aims?\s+to\s+deliver|delivered\s+(?:more|over|about|nearly)|in\s+\w+\s+alone)\b", view, re.I)
        if name == "launch":
            if re.fullmatch(r"launch\w*", m.group(), re.I):
                # a bare "launch" needs a car nearby ("launched the SU7", "the YU7 will launch"),
                # not "launched its EV unit" or "a launch event"
                near = view[max(0, m.start() - 60) : m.end() + 60]
                return bool(re.search(r"\b(car|cars|vehicle|model|SU7|YU7|sedan|SUV|first\s+model)\b", near, re.I)) and not re.search(
                    r"launch\w*\s+(?:a|an|its|the)\s+(?:\w+\s+)?(?:unit|business|company|subsidiary|recruitment|campaign|program|fund)", view, re.I
                )
            return bool(re.search(r"\b(car|cars|vehicle|model|SU7|YU7|sedan|SUV|EV|Xiaomi\s+(?:Auto\w*|car|EV))\b", view, re.I))
        if name == "plant_completion":
            return bool(re.search(r"\b(plant|factory|phase\s+(?:I{1,2}|one|two|[12])|production\s+base|(?:first|second)\s+phase)\b", view, re.I)) and not re.search(
                r"\b(quotation|filing|test|registration|financing|funding|round|recruitment)\b", view, re.I
            )
        if name == "settled_beijing":
            return bool(re.search(r"\bBeijing\b|Yizhuang|E-Town", view, re.I))
        if name == "mass_production":
            return not re.search(r"\b(trial|pilot|test|sample)\s*$", view[max(0, m.start() - 12) : m.start()], re.I)
        return True

    # -- investment, price, spec --------------------------------------------------------

    _INVEST = re.compile(r"\b(invest\w*|pledg\w*|commit\w*|spend\w*|capital\s+injection|funding)\b", re.I)
    _NOT_INVESTMENT = re.compile(
        r"(?:registered\s+capital|revenue|loss|losses|profit|sales|market\s+value|valuation|salary|salaries|cost\s+of)\s+(?:\w+\s+){0,3}$",
        re.I,
    )

    def rule_investment(self, ctx: Context) -> None:
        triggers = list(self._INVEST.finditer(ctx.view))
        if not triggers:
            return
        for q in ctx.quantities:
            if q.unit not in ("USD", "CNY", "EUR", "HKD") or q.amount < 1e6:
                continue
            inv = min(triggers, key=lambda t: max(0, t.start() - q.end, q.start - t.end()))
            if max(0, inv.start() - q.end, q.start - inv.end()) > 100:
                continue
            lo, hi = _region(ctx.view, min(q.start, inv.start()), max(q.end, inv.end()))
            if ctx.foreign_subject(before=min(q.start, inv.start()), lo=lo, hi=hi):
                continue
            if self._NOT_INVESTMENT.search(ctx.view[max(0, q.start - 40) : q.start]) or re.match(
                r"\s+(?:in|on|for)\s+(?:research\s+and\s+development|R&D|research)", ctx.view[q.end : q.end + 40], re.I
            ):
                continue  # R&D spending, registered capital or revenue is not the investment pledge
            if _in_parenthesis(ctx.view, q.start):
                continue  # "USD10 billion (RM46,435,000,000)": a conversion of the figure before it
            clause_lo, clause_hi = _clause_window(ctx.view, q.start, q.end)
            over = re.search(
                r"\bover\s+(?:the\s+next\s+)?(a\s+decade|ten\s+years|\d+\s+years|(?:five|three|two)\s+years)\b",
                ctx.view[clause_lo : clause_hi + 40],
                re.I,
            )
            initial = re.search(r"\b(initial|first\s+(?:tranche|phase|batch))\s+(?:\w+\s+){0,4}$", ctx.view[max(0, q.start - 50) : q.start], re.I)
            prop = "investment.initial" if initial else "investment.total"
            self._claim(
                ctx,
                topic="investment",
                subject="Xiaomi Auto",
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(min(q.start, inv.start()), max(q.end, inv.end())),
                rule="investment.amount",
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers={"over": over.group(1)} if over else {},
            )

    _PRICE = re.compile(
        r"\b(pric\w*|starts?\s+at|starting\s+at|starting\s+from|sells?\s+for|sold\s+for|costs?|retail\w*|MSRP|launch\w*\s+at|"
        r"goes\s+for|tagged\s+at)\b",
        re.I,
    )
    _DIFFERENCE_AFTER = re.compile(r"\s+(?:less|more|cheaper|lower|higher|dearer|below|above|under|over|off)\b", re.I)

    def rule_price(self, ctx: Context) -> None:
        triggers = list(self._PRICE.finditer(ctx.view))
        if not triggers:
            return
        previous: Quantity | None = None
        for q in ctx.quantities:
            if q.unit not in ("CNY", "USD", "EUR") or not 1000 <= q.amount < 10_000_000:
                continue
            if self._DIFFERENCE_AFTER.match(ctx.view, q.end) or re.search(r"\b(?:by|than)\s*$", ctx.view[: q.start], re.I):
                continue  # "30,000 yuan less than a Model 3" is a difference, not a price
            before = [t for t in triggers if t.end() <= q.start and q.start - t.end() <= 100]
            if not before:
                continue
            trig = before[-1]
            lo, hi = _region(ctx.view, trig.start(), q.end)
            if ctx.foreign_subject(before=trig.start(), lo=lo, hi=hi):
                continue
            window = ctx.view[max(lo, trig.start() - 40) : q.start]
            converted = _in_parenthesis(ctx.view, q.start) and previous is not None and previous.unit != q.unit
            variant = _variant(ctx.view[lo : q.start])
            if re.search(r"\b(upper|ceiling|maximum|highest|top|range-topping|top-of-the-range|flagship|most\s+expensive|priciest)\b(?!\s+speed)", window, re.I) or q.bound == "max":
                prop = "price.upper_limit"
            elif re.search(r"\b(start\w*|from|entry|base|lowest|floor|standard)\b|launch\w*\s+at", window, re.I):
                prop = "price.starting"
            else:
                prop = "price.stated"
            qualifiers: dict = {}
            if variant:
                qualifiers["variant"] = variant
            if converted:
                qualifiers["converted"] = True
            self._claim(
                ctx,
                topic="price",
                subject=self._vehicle_subject(ctx, before=q.start),
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=(trig.start(), q.end),
                rule=prop,
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers=qualifiers,
            )
            previous = q

    _SPEC_BY_UNIT = {
        "kWh": ("spec.battery_energy", None),
        "Ah": ("spec.battery_charge", None),
        "km": ("spec.range", r"\brange\b|CLTC|WLTP|EPA"),
        "kW": ("spec.power", r"\bpower|motor|output\b"),
        "hp": ("spec.power_hp", None),
        "kg": ("spec.battery_weight", r"\bbattery|pack\b"),
        "s": ("spec.acceleration", r"0\s*-\s*100|0\s*to\s*100|sprint|accelerat"),
    }

    def rule_spec(self, ctx: Context) -> None:
        qs = [q for q in ctx.quantities if q.unit in ("kWh", "Ah", "km", "kW", "hp", "kg", "s", "V")]
        if not qs:
            return
        if not re.search(r"\b(battery|pack|range|platform|charging|motor|power|voltage|weigh\w*|accelerat\w*|sprint|CLTC|kWh|km)\b", ctx.view, re.I):
            return
        for q in qs:
            lo, hi = _region(ctx.view, q.start, q.end)
            if ctx.foreign_subject(before=q.start, lo=lo, hi=hi):
                continue
            if q.unit == "km" and re.search(r"\b(?:add|adds|added|gain\w*|recover\w*)\s+(?:\w+\s+){0,2}$", ctx.view[max(0, q.start - 30) : q.start], re.I):
                continue  # "add 620 km of range in 15 minutes" is a charging rate, not the range
            if q.unit == "V":
                before = ctx.view[max(0, q.start - 40) : q.start]
                after = ctx.view[q.end : q.end + 40]
                if re.match(r"[\s-]*(?:class\s+)?(?:\w+\s+)?(platform|architecture|high[- ]voltage|fast[- ]charg|charging|system)", after, re.I) or re.search(
                    r"\b(platform|architecture)\s+(?:of\s+|at\s+)?$", before, re.I
                ):
                    prop = "spec.voltage_platform"
                elif re.search(r"\brated\s+(?:voltage|at)|battery\s+(?:pack\s+)?voltage|voltage\s+of\s+the\s+(?:battery|pack)", before, re.I) and re.search(
                    r"\b(battery|pack)\b", ctx.view, re.I
                ):
                    prop = "spec.battery_voltage"
                else:
                    continue
                check = None
            else:
                prop, check = self._SPEC_BY_UNIT[q.unit]
            if check and not re.search(check, ctx.view, re.I):
                continue
            if q.unit == "km" and q.amount < 100:
                continue
            variant = _variant(ctx.view[lo : q.start])
            self._claim(
                ctx,
                topic="spec",
                subject=self._vehicle_subject(ctx, before=q.start),
                prop=prop,
                value=q.amount,
                value_kind="quantity",
                span=_spec_span(ctx.view, q),
                rule=prop,
                unit=q.unit,
                approx=q.approx,
                bound=q.bound,
                value_high=q.high,
                qualifiers={"variant": variant} if variant else {},
            )

    def _vehicle_subject(self, ctx: Context, before: int | None = None) -> str:
        """The car a statement is about: the last one named before ``before`` in the sentence,
        else the first named in it, else the one the paragraph spoke of, else the company."""
        cars = [m for m in ctx.mentions if m.entity.canonical in VEHICLE_SUBJECTS]
        if before is not None:
            earlier = [m for m in cars if m.start < before]
            if earlier:
                return earlier[-1].entity.canonical
        if cars:
            return cars[0].entity.canonical
        return ctx.vehicle or ctx.article_vehicle or "Xiaomi Auto"


# --- small helpers ---------------------------------------------------------------------

# Words without which a sentence holds no claim (a digit will do too). Checked as plain
# substrings of the lower-cased sentence: one C-level scan each, far cheaper than one
# case-insensitive alternation tried at every character.
_CLAIM_HINTS = (
    "approv", "qualif", "licen", "suppl", "sourc", "capacit", "phase", "launch", "deliver", "mass", "trial", "produc",
    "registered", "settled", "invest", "pric", "batter", "cell", "lidar", "laser", "chip", "half", "quarter",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "year", "month", "hundred", "thousand", "million", "billion", "clearance", "permit", "sign",
    "green light", "nod", "unveil", "debut", "sale", "entry", "宁德", "中创", "弗迪", "比亚迪", "禾赛",
)
_DIGIT = re.compile(r"\d")


def _might_hold_claim(view: str) -> bool:
    if _DIGIT.search(view):
        return True
    low = view.lower()
    return any(hint in low for hint in _CLAIM_HINTS)


def _case_fold_for_cues(view: str) -> str:
    """Lower-case a headline in Title Case and a sentence's first letter, for cue matching."""
    words = re.findall(r"[A-Za-z]+", view)
    if words and sum(w[0].isupper() for w in words) > 0.6 * len(words) and len(words) > 3:
        return view.lower()
    return view[:1].lower() + view[1:]


_GENERIC_SOURCE = re.compile(
    r"(analysts?|people|persons?|sources?|insiders?|industry|informed|foreign|local|chinese|media|netizens|"
    r"officials?|executives?|experts?|a|an|one|two|several|some|many)\b",
    re.I,
)


def _tidy_source(name: str) -> str:
    """'The sources' -> 'sources', 'Analysts' -> 'analysts'; proper names keep their case."""
    name = name.strip()
    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.I) if not name.lower().startswith("a new") else name
    name = re.sub(r"\s+(on|in|at|that)$", "", name).strip(" ,.:;\"'")
    if _GENERIC_SOURCE.match(name):
        name = name[:1].lower() + name[1:]
    return name


def _in_quotes(view: str, pos: int) -> bool:
    return view[:pos].count('"') % 2 == 1


def _trim(view: str, s: int, e: int) -> tuple[int, int]:
    while s < e and view[s] in " ,;:(\"'":
        s += 1
    while e > s and view[e - 1] in " ,;:(\"'":
        e -= 1
    return s, e


def _vehicle_noun_after(view: str, pos: int) -> bool:
    return bool(re.match(r"\s*(?:new\s+energy\s+)?(vehicles?|cars?|units?|EVs?)\b", view[pos:], re.I))


def _spec_span(view: str, q: Quantity) -> tuple[int, int]:
    head = view[max(0, q.start - 50) : q.start]
    m = re.search(r"(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,4}\s+(?:is|of|:)\s*$", head)
    start = q.start - (len(head) - m.start()) if m else q.start
    return start, q.end


_NUM_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4}


def _ongoing_interval(d: re.Match, ref: date) -> Interval:
    """'now in trial production ... for less than one month' -> from ref minus the duration to ref."""
    word = d.group(2).lower()
    n = int(word) if word.isdigit() else _NUM_WORDS.get(word, 1)
    days = n * {"day": 1, "week": 7, "month": 31}[d.group(3).lower()]
    start = ref - timedelta(days=days)
    if (start.year, start.month) == (ref.year, ref.month):
        label = f"{ref.year}-{ref.month:02d}"
        return Interval(start.replace(day=1), ref, label, "month")
    label = f"{start.year}-{start.month:02d}/{ref.year}-{ref.month:02d}"
    return Interval(start.replace(day=1), ref, label, "range")


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out = []
    for c in claims:
        if c.id in seen:
            continue
        seen.add(c.id)
        out.append(c)
    return out


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor()


def extract_claims(article: Article) -> list[Claim]:
    """Claims of one article with the default rule set."""
    return default_extractor().extract(article)


_REVISED = re.compile(
    r"\b(raised|raises|raising|lifted|increased|upped|cut|cuts|lowered|trimmed|revised|adjusted|scaled\s+back)\b", re.I
)
_STRENGTH = {"stated": 0, "reported": 1, "expected": 2, "speculated": 3}
_CLAUSE_BREAK = re.compile(r"[,;:(]|\s(?:which|marking|but|while|whereas)\s")


def _clause_window(text: str, s: int, e: int) -> tuple[int, int]:
    """The clause around text[s:e]: from the last break before it to the first after it."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, s):
        start = m.end()
    m = _CLAUSE_BREAK.search(text, e)
    return start, (m.start() if m else len(text))


_UNLINK = re.compile(r";|,\s*(?:so|but|while|whereas|and\s+then)\b|\s(?:but|while|whereas|after|before|so\s+attention)\s|\.\s")


def _linked(view: str, a: tuple[int, int], b: tuple[int, int], limit: int = 160) -> bool:
    """Are two spans of a sentence parts of one statement (close, no clause-breaking word between)?"""
    lo, hi = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    if hi - lo > limit:
        return False
    return hi <= lo or not _UNLINK.search(view[lo:hi])


_REGION_BREAK = re.compile(
    r";|,\s*(?:so|but|while|whereas|although|though|yet)\b|\s(?:but|while|whereas|although)\s|\s-\s|\s--\s"
)


def _region(view: str, s: int, e: int) -> tuple[int, int]:
    """The statement around view[s:e]: between the clause breaks that separate statements."""
    lo = 0
    for m in _REGION_BREAK.finditer(view, 0, s):
        lo = m.end()
    m = _REGION_BREAK.search(view, e)
    return lo, (m.start() if m else len(view))


def _in_relative_clause(view: str, pos: int, anchor: int) -> bool:
    """Is ``pos`` inside a ", which/that was ..." clause that starts after ``anchor``?"""
    found = list(re.finditer(r",\s*(?:which|that|who)\b", view[:pos]))
    if not found:
        return False
    last = found[-1]
    return last.start() >= anchor and not re.search(r"[,;]", view[last.end() : pos])


_FUTURE_TENSE = re.compile(
    r"\b(will|shall|expected\s+to|expects\s+to|plans?\s+to|aims?\s+to|scheduled|slated|set\s+to|is\s+to|are\s+to|"
    r"going\s+to|intends?\s+to|on\s+track\s+to|could|may|might)\b",
    re.I,
)
_YEARLESS_MONTH = re.compile(
    r"^(?!.*\b(?:19|20)\d\d\b)(?!.*\b(?:last|this|next|earlier|later|ago|previous|past)\b).*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
    re.I,
)


def _prefer_future(view: str, times: list[TimeMention], ref: date | None) -> list[TimeMention]:
    """In a sentence about the future, a month named without a year is the next one.

    "Xiaomi will begin mass production in December" (said in September 2023) is
    December 2023, not the December before.
    """
    if ref is None or not times or not _FUTURE_TENSE.search(view):
        return times
    out = []
    for t in times:
        if t.relative and t.interval.end < ref and _YEARLESS_MONTH.search(t.text):
            t = TimeMention(t.start, t.end, t.text, _shift_years(t.interval, 1), t.relative)
        out.append(t)
    return out


def _shift_years(iv: Interval, n: int) -> Interval:
    def move(d: date) -> date:
        try:
            return d.replace(year=d.year + n)
        except ValueError:  # 29 February
            return d.replace(year=d.year + n, day=28)

    label = re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group()) + n), iv.label)
    return Interval(move(iv.start), move(iv.end), label, iv.granularity)


_VARIANT = re.compile(
    r"\b(standard|base|entry[- ]level|entry|pro|max|ultra|top|top[- ]of[- ]the[- ]range|range[- ]topping|flagship|"
    r"long[- ]range|performance|founders?\s+edition|dual[- ]motor|single[- ]motor|rear[- ]wheel[- ]drive|all[- ]wheel[- ]drive)\b",
    re.I,
)
_VARIANT_NAMES = {"base": "standard", "entry": "standard", "entry-level": "standard", "entry level": "standard",
                  "top-of-the-range": "top", "range-topping": "top", "range topping": "top", "flagship": "top"}


def _variant(head: str) -> str | None:
    """The trim a figure belongs to ("the SU7 Max gets a 101 kWh pack"), from the words before it."""
    found = None
    for m in _VARIANT.finditer(head):
        found = m.group(1).lower()
    if found is None:
        return None
    found = re.sub(r"\s+", " ", found)
    return _VARIANT_NAMES.get(found, found.replace(" ", "-"))


def _in_parenthesis(view: str, pos: int) -> bool:
    return view.rfind("(", 0, pos) > view.rfind(")", 0, pos)


_WEEKDAY = re.compile(r"\bon\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _with_weekdays(view: str, times: list[TimeMention], ref: date | None) -> list[TimeMention]:
    """News dates events by weekday ("launched ... on Thursday"): the one before the reference
    date, or after it in a sentence about the future."""
    if ref is None or "day" not in view:
        return times
    extra = []
    for m in _WEEKDAY.finditer(view):
        if any(t.start <= m.start(1) < t.end for t in times):
            continue
        wd = _WEEKDAYS.index(m.group(1).lower())
        if _FUTURE_TENSE.search(view):
            day = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        else:
            day = ref - timedelta(days=(ref.weekday() - wd) % 7)
        extra.append(TimeMention(m.start(1), m.end(1), m.group(1), Interval(day, day, day.isoformat(), "day"), True))
    return sorted(times + extra, key=lambda t: t.start) if extra else times
