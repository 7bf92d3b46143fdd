"""Suppliers: which company supplies which component of which car, for which trim.

"Xiaomi's first EV will be powered by battery packs from CATL and FinDreams Battery" (a
closed list: both named as the set); "The Pro and Max versions use packs from CATL" (one
claim per trim); "two Nvidia Drive Orin chips for the Xiaomi Pilot system" (role: driving);
"The cockpit runs on Qualcomm's Snapdragon 8295" (role: cockpit); "CALB as the main supplier,
with CATL as the second source" (tiers). The subject is the car (``ctx.vehicle_subject``).

Not supplier claims: parts the company makes itself (its own family is never a supplier),
a supplier's other customers ("BYD, which uses FinDreams cells in its own cars"), a company
named as an investor or rival, a supplier dropped or denied ("CALB does not appear in the
filing"). An owner named to describe its unit ("FinDreams, BYD's battery arm") is not a
second supplier; an automaker named as a battery supplier is its battery arm ("CATL, BYD
batteries" names FinDreams). A company the registry does not know is kept under its own
name ("supplied by Acme Cells").

How an organisation is paired with a part, and the words of each way, are in
``data/rules/supplier.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...models import claim_id
from ...registry import Entity, Mention
from .. import signals
from ..context import Context
from ..ruledata import RuleData
from . import Environment, register


@dataclass(frozen=True)
class Part:
    """A component named in the sentence: a component word, or a product line naming its maker."""

    start: int
    end: int
    component: str
    maker: str | None = None  # "Orin" is Nvidia's
    role: str | None = None  # "Orin" drives, "Snapdragon" runs the cockpit


@dataclass
class Link:
    """An organisation named as supplying a part, in one statement of the sentence."""

    cand: Mention
    component: str
    part: Part | None  # None: the component is what the registry says the company makes
    span: tuple[int, int]
    segment: int = 0
    qualifiers: dict = field(default_factory=dict)
    trims: list[tuple[str, int, int]] = field(default_factory=list)


@register("supplier")
class SupplierRule:
    topic = "supplier"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.components = {name: data.words[name] for name in data.values["components"]}
        self.products = {_fold(k): v for k, v in data.values["products"].items()}
        self.trim_names = {_fold(k): v for k, v in data.values["trims"].items()}
        chem = data.values["chemistries"]
        self.chemistries = {_fold(k): v for k, v in chem.items()}
        self.chemistry_rx = re.compile(
            r"\b(?:"
            + "|".join(
                re.escape(k).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
                for k in sorted(chem, key=len, reverse=True)
            )
            + r")\b",
            re.I,
        )
        words = "|".join(
            re.escape(k).replace(r"\ ", r"[\s-]+")
            for k in sorted(self.trim_names, key=len, reverse=True)
        )
        # "CATL cells (go) on the Pro and Max": trims named right after the names
        self.trailing_trims = re.compile(
            r"(?:\s*\([^)]*\))?(?:\s+(?:to|go|goes|going|went|are|is|be|will|come|comes|used|fitted|installed|offered|available|only|also|exclusively)){0,3}"
            rf"\s+(?:on|for|in|into)\s+(?:(?:the|its|both|all)\s+){{0,2}}(?:(?:{words})\b(?:\s+(?:versions?|trims?|models?|variants?|cars?|SU7|YU7|sedan|SUV))?(?:\s*(?:,|and|&|or)\s*(?:the\s+)?)?)+",
            re.I,
        )
        entities = list(env.registry.entities.values())
        self.makes = {
            e.canonical: [m.strip() for m in (e.attr("makes") or "").split(",") if m.strip()]
            for e in entities
        }
        # an automaker named as a supplier means its arm that makes the part ("BYD batteries": FinDreams)
        self.arms = {
            (e.parent, comp): e
            for e in entities
            if e.kind == "supplier" and e.parent
            for comp in self.makes[e.canonical]
        }
        self.owners = {e.parent for e in entities if e.kind == "supplier" and e.parent}
        self._trim_memo: tuple[str, int, list[tuple[str, int, int]]] | None = (
            None  # (article, paragraph, trims)
        )

    # -- the sentence ---------------------------------------------------------------------

    def __call__(self, ctx: Context) -> None:
        view = ctx.view
        memo = self.paragraph_trims(ctx)
        if self.d.not_a_statement.search(view):
            return
        parts = self.parts(ctx)
        cands = self.candidates(ctx)
        if not cands and not any(p.maker for p in parts):
            return
        links: list[Link] = []
        for n, (lo, hi) in enumerate(self.segments(view)):
            if self.foreign(ctx, lo, hi, cands):
                continue
            seg_parts = [p for p in parts if lo <= p.start and p.end <= hi]
            # "a roof-mounted lidar, which people familiar with the matter said comes from Hesai":
            # a relative clause speaks of the part it follows
            antecedent = [
                p
                for p in parts
                if p.end <= lo and re.fullmatch(r"\s*,\s*(?:which|that)\s", view[p.end : lo])
            ]
            seg_parts = antecedent[-1:] + seg_parts
            seg_cands = [c for c in cands if lo <= c.start and c.end <= hi]
            found: list[Link] = []
            for cand in seg_cands:
                if self.dropped(view, cand, lo, hi):
                    continue
                link = self.link(view, cand, seg_parts, seg_cands, found, lo, hi)
                if link is not None:
                    link.segment = n
                    found.append(link)
            found.extend(self.products_alone(view, seg_parts, seg_cands, found, lo, hi, n))
            found.sort(key=lambda lk: lk.span[0])
            self.qualify(view, found, lo, hi, self.antecedent_trims(view, lo))
            links.extend(found)
        if memo and not any(ctx.subjects.is_vehicle(m.entity.canonical) for m in ctx.mentions):
            for lk in (
                links
            ):  # "Millet SU7 Ultra carries three motors ... Battery uses the Ningde era Kirin"
                if not lk.trims and not self.trims_in(view, 0, len(view)):
                    lk.trims = [(t, None, None) for t, _, _ in memo]
        self.emit(ctx, links)

    def paragraph_trims(self, ctx: Context) -> list[tuple[str, int, int]]:
        """The trims named with the car in the paragraph's latest sentence that named one
        ("Millet SU7 Ultra carries ..."), for a later sentence that names neither."""
        key = (ctx.article.id, ctx.sent.paragraph)
        memo = self._trim_memo
        current = memo[2] if memo and memo[:2] == key else []
        cars = [m for m in ctx.mentions if ctx.subjects.is_vehicle(m.entity.canonical)]
        if cars:
            named: list[tuple[str, int, int]] = []
            for m in cars:
                # the trim after the name ("SU7 Ultra"), or right before it ("The base SU7")
                near = self.trims_in(ctx.view, max(0, m.start - 14), min(len(ctx.view), m.end + 12))
                near = [t for t in near if t[1] >= m.start or not ctx.view[t[2] : m.start].strip()]
                named += [t for t in near if t[0] not in [n[0] for n in named]]
            self._trim_memo = (*key, named)
        elif not memo or memo[:2] != key:
            self._trim_memo = (*key, [])
        return current

    def parts(self, ctx: Context) -> list[Part]:
        d = self.d
        view = ctx.view
        found: list[Part] = []
        for m in d.products.finditer(view):
            info = self.products[_fold(m.group())]
            found.append(
                Part(m.start(), m.end(), info["component"], info["maker"], info.get("role"))
            )
        for name, rx in self.components.items():
            for m in rx.finditer(view):
                as_verb = d.part_as_verb.match(view[m.start() : m.end() + 12]) and re.search(
                    r"(?:\b(?-i:[A-Z])[\w-]*|\bit|\bwhich|\bthat)\s+$",
                    view[max(0, m.start() - 30) : m.start()],
                )
                if d.compound_head.match(view[m.end() : m.end() + 40]) or as_verb:
                    continue  # "battery installations", "Hesai packs 128 channels"
                if name == "battery" and d.unit_as_arm.match(view[m.end() : m.end() + 10]):
                    continue  # "BYD's battery unit" (a "lidar unit" is the part)
                found.append(Part(m.start(), m.end(), name))
        # a part word inside an organisation's name ("FinDreams Battery") is not a part
        names = [(m.start, m.end) for m in ctx.mentions]
        found = [p for p in found if not any(a <= p.start and p.end <= b for a, b in names)]
        found.sort(key=lambda p: (p.start, -(p.end - p.start)))
        out: list[Part] = []
        for p in found:
            prev = out[-1] if out else None
            if prev is not None and p.start < prev.end:
                if p.end > prev.end:  # "battery cells" over "battery"
                    out[-1] = Part(prev.start, p.end, prev.component, prev.maker, prev.role)
                continue
            if (
                prev is not None
                and prev.maker
                and p.component == prev.component
                and not p.maker
                and re.fullmatch(r"[\s\w.+-]{0,14}", view[prev.end : p.start])
            ):
                out[-1] = Part(
                    prev.start, p.end, prev.component, prev.maker, prev.role
                )  # "Qilin pack", "Snapdragon 8295 chip"
                continue
            out.append(p)
        return out

    def candidates(self, ctx: Context) -> list[Mention]:
        """Organisations that may be named as suppliers: the registry's suppliers, an automaker
        owning one (as its arm), other companies, and unknown names after "supplied by"."""
        d = self.d
        view = ctx.view
        mentions = sorted(ctx.mentions, key=lambda m: m.start)
        out: list[Mention] = []
        for m in mentions:
            e = m.entity
            if (
                ctx.is_family(m)
                or e.kind not in ("supplier", "company")
                and e.canonical not in self.owners
            ):
                continue
            if e.canonical in self.owners and self.describes_unit(view, m, mentions):
                arm = self.described_arm(view, m, mentions)
                if arm is not None:
                    out.append(arm)  # "BYD's battery arm", no name after it: FinDreams
                continue  # "BYD's FinDreams", "FinDreams (BYD)": the owner describes its unit
            out.append(m)
        for f in self.env.registry.find_formerly(view):
            if not any(c.start <= f.start < c.end for c in out):
                out.append(f)
        for u in d.supplied_by_unknown.finditer(view):
            name = re.sub(r"\s+(?:Co|Ltd|Inc|Corp)\.?$", "", u.group(1)).strip(" .,")
            if name and not any(c.start <= u.start(1) < c.end for c in ctx.mentions + out):
                out.append(
                    Mention(
                        u.start(1), u.start(1) + len(name), name, Entity(name, "supplier", None, ())
                    )
                )
        out.sort(key=lambda m: m.start)
        # one organisation under two names is one candidate: "China Aviation Lithium Battery
        # Technology Co., known as CALB", "CALB (China Aviation Lithium Battery)"
        merged: list[Mention] = []
        for m in out:
            prev = merged[-1] if merged else None
            if (
                prev is not None
                and prev.entity.canonical == m.entity.canonical
                and d.same_name.fullmatch(view[prev.end : m.start])
            ):
                merged[-1] = Mention(prev.start, m.end, view[prev.start : m.end], prev.entity)
                continue
            merged.append(m)
        return merged

    def describes_unit(self, view: str, owner: Mention, mentions: list[Mention]) -> bool:
        d = self.d
        if d.owner_after.match(view[owner.end : owner.end + 40]):
            return True  # "BYD's battery unit", "BYD's battery-making subsidiary"
        for m in mentions:
            if m.entity.parent != owner.entity.canonical:
                continue
            if 0 <= m.start - owner.end <= 25 and re.fullmatch(
                r"(?:'s|’s)?\s*(?:Co\.?|Group)?(?:'s|’s)?\s*", view[owner.end : m.start]
            ):
                return True  # "BYD's FinDreams", "BYD Fudi", "BYD Co.'s FinDreams unit"
            if 0 <= owner.start - m.end <= 40 and d.owner_before.search(view[m.end : owner.start]):
                return True  # "FinDreams (BYD)", "FinDreams, the battery arm of BYD", "FinDreams under BYD"
        return False

    def described_arm(self, view: str, owner: Mention, mentions: list[Mention]) -> Mention | None:
        """The owner's unit a description names when no name follows it: "BYD's in-house battery
        arm" is FinDreams Battery (the registry's arm of BYD that makes batteries)."""
        m = self.d.owner_description.match(view[owner.end :])
        if m is None:
            return None
        end = owner.end + m.end()
        if any(
            u.entity.parent == owner.entity.canonical
            and (0 <= u.start - end <= 25 or 0 <= owner.start - u.end <= 5)
            for u in mentions
        ):
            return None  # "BYD's battery arm FinDreams", "FinDreams Battery, BYD's battery arm": the name is there
        part = m.group("part").lower()
        comp = next((name for name, rx in self.components.items() if rx.fullmatch(part)), None)
        arm = self.arms.get((owner.entity.canonical, comp)) if comp else None
        if arm is None:
            return None
        return Mention(owner.start, end, view[owner.start : end], arm)

    def segments(self, view: str) -> list[tuple[int, int]]:
        out, lo = [], 0
        for m in self.d.segment_break.finditer(view):
            out.append((lo, m.start()))
            lo = m.end()
        out.append((lo, len(view)))
        return [(a, b) for a, b in out if b > a]

    def foreign(self, ctx: Context, lo: int, hi: int, cands: list[Mention]) -> bool:
        """Is the statement in view[lo:hi] about another company's car, or a conditional?"""
        view = ctx.view
        if self.d.conditional.search(view, lo, hi):
            return True
        spans = [(c.start, c.end) for c in cands]
        players = [
            m
            for m in ctx.mentions
            if lo <= m.start < hi
            and (m.entity.kind in ("company", "automaker") or ctx.is_family(m))
            and m.entity.canonical not in self.owners
            and not any(a <= m.start < b for a, b in spans)
        ]
        others = [m for m in players if not ctx.is_family(m)]
        # "Like Xiaomi, Zeekr ...": a company named to compare with is not what the statement is about
        ours = [
            m
            for m in players
            if ctx.is_family(m)
            and not self.d.comparison.search(view[max(0, m.start - 20) : m.start])
            and not self.d.rival_of.match(view[m.end : m.end + 30])
        ]
        if others and (not ours or others[0].start < ours[0].start):
            return True  # "Tesla's Model 3 uses cells from CATL", "CATL supplies cells to Tesla"
        if re.search(r",\s*(?:which|whose|who)\s$", view[max(0, lo - 10) : lo]):
            # a relative clause belongs to the organisation just before it ("BYD, which uses ...")
            before = [m for m in ctx.mentions if m.end <= lo and lo - m.end < 12]
            if (
                before
                and not ctx.is_family(before[-1])
                and before[-1].entity.kind in ("company", "automaker")
            ):
                return True
        if ctx.discourse is not None and not ours:
            named = ctx.discourse.org_stand_in(view, lo)
            if (
                named is not None
                and named not in ctx.subjects.family
                and named not in {c.entity.canonical for c in cands}
            ):
                return True  # "The company also supplies ...": another company an earlier sentence named
        return False

    def dropped(self, view: str, cand: Mention, lo: int, hi: int) -> bool:
        """A supplier dropped, denied, named as an investor, rival or candidate ("in talks with CATL",
        "considering Gotion"), or one a company invests in."""
        d = self.d
        return bool(
            d.dropped_before.search(view[max(lo, cand.start - 40) : cand.start])
            or d.dropped_after.match(view[cand.end : hi])
            or d.not_supplier_before.search(view[max(lo, cand.start - 50) : cand.start])
            or d.not_supplier_after.match(view[cand.end : hi])
            or d.as_modifier.match(view[cand.end : hi])
            or d.compared.search(view, lo, cand.start)
            or self.refuted(view, cand)
        )

    def refuted(self, view: str, cand: Mention) -> bool:
        """A report the sentence itself refutes: "Earlier reports that Sunwoda would supply the YU7
        proved wrong; Xiaomi denied them"."""
        d = self.d
        return bool(
            d.report_that_before.search(view[max(0, cand.start - 80) : cand.start])
            and d.refuted_after.search(view, cand.end)
        )

    # -- pairing an organisation with a part -------------------------------------------------

    def link(
        self,
        view: str,
        cand: Mention,
        parts: list[Part],
        cands: list[Mention],
        found: list[Link],
        lo: int,
        hi: int,
    ) -> Link | None:
        d = self.d
        # the maker first, through a coordination: "CATL, BYD batteries", "Fudi and Ningde era supply battery"
        chain = [cand]
        for other in cands:
            if other.start < chain[-1].end:
                continue
            if not d.coordination.match(view[chain[-1].end : other.start]):
                break
            chain.append(other)
        last = chain[-1]
        after = [p for p in parts if p.start >= last.end]
        if after and not any(c.start >= last.end and c.end <= after[0].start for c in cands):
            p = after[0]
            between = view[last.end : p.start]
            names_part = bool(d.adjacent.match(between)) and p.maker in (
                None,
                cand.entity.canonical,
            )
            chosen = d.maker_for.match(between) and d.chose.search(
                view[max(lo, cand.start - 60) : cand.start]
            )
            if (names_part and self.in_use(view, lo, hi)) or (
                not p.maker
                and (
                    d.supplies.match(between)
                    or chosen
                    or (
                        (d.maker_is.match(between) or d.apposition.match(between))
                        and d.supplier_noun.match(view[p.end : p.end + 30])
                    )
                )
            ):
                return self.made(cand, p, (min(cand.start, p.start), max(cand.end, p.end)))
        # the part first: "battery packs from CATL and FinDreams", "the lidar comes from Hesai"
        before = [p for p in parts if p.end <= cand.start]
        if before:
            p = before[-1]
            between = view[p.end : cand.start]
            if len(between) <= 120 and p.maker in (None, cand.entity.canonical):
                links = list(d.part_then_maker.finditer(between))
                # the last link word governs the name: "the report from Reuters said, citing CATL
                # data" does not link the battery to CATL
                tail = between[links[-1].end() :] if links else ""
                if d.table.match(between) or (
                    links and len(tail) <= 60 and not d.speech.search(tail)
                ):
                    return self.made(cand, p, (p.start, cand.end))
        # a later name of a list whose first name took the part ("batteries from two suppliers,
        # Contemporary Amperex Technology (CATL) and BYD's in-house battery arm FinDreams")
        if (
            found
            and found[-1].part is not None
            and d.coordination.match(view[found[-1].cand.end : cand.start])
        ):
            prev = found[-1]
            if prev.component in (self.makes.get(cand.entity.canonical) or [prev.component]):
                return self.made(cand, prev.part, (min(prev.span[0], cand.start), cand.end))
        # the part left out of a second clause: "FinDreams supplies cells for the standard car and
        # CATL for the Pro and Max"
        if found and found[-1].part is not None and self.trailing_trims.match(view, cand.end, hi):
            prev = found[-1]
            gap = self.trailing_trims.match(view, prev.span[1], hi)
            rest = view[gap.end() if gap else prev.span[1] : cand.start]
            joined = gap is not None and (
                d.gapped.fullmatch(rest)
                or (not rest.strip() and re.search(r"(?:\band|,)\s*$", gap.group()))
            )
            if joined and prev.component in (
                self.makes.get(cand.entity.canonical) or [prev.component]
            ):
                return self.made(cand, prev.part, (cand.start, cand.end))
        # no part named: a supplier noun, and what the registry says the company makes
        comps = self.makes.get(cand.entity.canonical) or []
        if (
            found
            and found[-1].part is None
            and d.coordination.match(view[found[-1].cand.end : cand.start])
        ):
            # "the suppliers are CATL and CALB", "suppliers are CATL, Hesai and Nvidia"
            return self.made(
                cand,
                None,
                (cand.start, cand.end),
                comps[0] if len(comps) == 1 else found[-1].component,
            )
        if len(comps) == 1:
            tail = view[cand.end : min(hi, cand.end + 60)]
            head = view[max(lo, cand.start - 60) : cand.start]
            said = (
                d.supplier_role.match(tail)
                or d.supplies_bare.match(tail)
                or d.won_order.match(tail)
            )
            if not said and found and re.search(r"\band\s+$", head):
                said = d.tier_secondary.match(
                    tail
                )  # "... the primary supplier and CATL the secondary one"
            if said:
                return self.made(cand, None, (cand.start, cand.end + said.end()), comps[0])
            are = d.suppliers_are.search(head)
            if are:
                return self.made(
                    cand, None, (cand.start - len(head) + are.start(), cand.end), comps[0]
                )
        return None

    def products_alone(
        self,
        view: str,
        parts: list[Part],
        cands: list[Mention],
        found: list[Link],
        lo: int,
        hi: int,
        n: int,
    ) -> list[Link]:
        """A product line no maker is named with: "the standard model makes do with a single Orin N"."""
        out = []
        for p in parts:
            if not p.maker or any(lk.part == p for lk in found) or not self.in_use(view, lo, hi):
                continue
            if any(c.entity.canonical == p.maker and abs(c.start - p.start) < 40 for c in cands):
                continue
            entity = self.env.registry.resolve(p.maker) or Entity(p.maker, "supplier", None, ())
            out.append(
                Link(
                    Mention(p.start, p.end, view[p.start : p.end], entity),
                    p.component,
                    p,
                    (p.start, p.end),
                    n,
                )
            )
        return out

    def in_use(self, view: str, lo: int, hi: int) -> bool:
        """Does the statement speak of a car using a part ("uses", "gets", a trim, "the car")?"""
        return bool(self.d.use_context.search(view, lo, hi) or self.trims_in(view, lo, hi))

    def made(
        self, cand: Mention, part: Part | None, span: tuple[int, int], component: str | None = None
    ) -> Link:
        comp = part.component if part is not None else component
        assert comp is not None
        arm = self.arms.get((cand.entity.canonical, comp))
        if cand.entity.kind != "supplier" and arm is not None:
            cand = Mention(
                cand.start, cand.end, cand.surface, arm
            )  # "BYD batteries": its battery arm
        return Link(cand, comp, part, span)

    # -- qualifiers --------------------------------------------------------------------------

    def antecedent_trims(self, view: str, lo: int) -> list[tuple[str, int, int]]:
        """The trim a relative clause opening at ``lo`` speaks of: "the top model, the Max, which
        gets CATL's 101 kWh Qilin pack"."""
        m = re.search(r",\s*(?:which|who|that)\s+$", view[max(0, lo - 12) : lo])
        if not m:
            return []
        head = max(0, lo - 12) + m.start()
        found = [
            t
            for t in self.trims_in(view, max(0, head - 30), head)
            if re.fullmatch(r"[\s\w-]{0,12}", view[t[2] : head])
        ]
        return found[-1:]

    def qualify(
        self,
        view: str,
        links: list[Link],
        lo: int,
        hi: int,
        antecedent: list[tuple[str, int, int]] | None = None,
    ) -> None:
        """Trims, role, chemistry, tier and whether the list is given as complete."""
        d = self.d
        groups: list[
            list[Link]
        ] = []  # the names given for one part ("packs from CATL and FinDreams")
        for lk in links:
            if (
                groups
                and (groups[-1][0].part is lk.part)
                and (lk.part is not None or groups[-1][0].component == lk.component)
            ):
                groups[-1].append(lk)
            else:
                groups.append([lk])
        ordered = d.tiers.search(view, lo, hi)
        open_list = d.open_list.search(view, lo, hi)
        sole = d.sole.search(view, lo, hi)
        prev_end = lo
        for g, group in enumerate(groups):
            next_start = groups[g + 1][0].span[0] if g + 1 < len(groups) else hi
            g_hi = max(lk.span[1] for lk in group)
            # trims: in the statement up to the names, or right after them ("CATL cells on the Pro and Max")
            trailing = self.trailing_trims.match(view, g_hi, hi)
            window_hi = trailing.end() if trailing else g_hi
            trims = self.trims_in(view, prev_end, window_hi)
            names = {lk.cand.entity.canonical for lk in group}
            closed = (len(names) >= 2 or bool(sole)) and not open_list
            each = self.trims_each(view, group, prev_end, window_hi)
            if each is not None:
                closed = (
                    bool(sole) and not open_list
                )  # one name per trim, not a list given as the set
            for i, lk in enumerate(group):
                q: dict = {"component": lk.component}
                if lk.component == "chip":
                    q["role"] = self.role(view, lk, lo, hi)
                if lk.component == "battery":
                    a = group[i - 1].cand.end if i else prev_end
                    b = group[i + 1].cand.start if i + 1 < len(group) else next_start
                    q["chemistry"] = self.chemistry(view, lk, group, i, (lo, hi), (a, b))
                tier = self.tier(view, lk, hi)
                if tier is None and ordered is not None and len(group) >= 2:
                    tier = ("primary", "secondary")[i] if i < 2 else None
                q["tier"] = tier
                q["closed_list"] = closed
                lk.qualifiers = q
                lk.trims = (
                    self.paren_trims(view, lk.cand.end)
                    or (each[i] if each is not None else trims)
                    or list(antecedent or [])
                )
            prev_end = window_hi
        # "CALB would be the primary supplier and CATL the secondary one": tiers name the whole list
        tiered = [lk for lk in links if lk.qualifiers.get("tier")]
        if len({lk.cand.entity.canonical for lk in tiered}) >= 2:
            for lk in tiered:
                lk.qualifiers["closed_list"] = True

    def trims_each(
        self, view: str, group: list[Link], lo: int, hi: int
    ) -> list[list[tuple[str, int, int]]] | None:
        """Each name's own trims when the sentence pairs them one by one: "standard version is
        supplied by Fudi battery, Pro and Max version by Ningde era" (trims before each name), or
        "FinDreams supplies the standard car and CATL the Pro and Max" (after each); None when the
        trims are the whole list's ("The Pro and Max use packs from CATL and FinDreams")."""
        if len(group) < 2:
            return None
        bounds = [lo] + [lk.cand.end for lk in group]
        before = [
            self.trims_in(view, a, lk.cand.start) for a, lk in zip(bounds, group, strict=False)
        ]
        if all(before):
            return before
        ends = [lk.cand.end for lk in group] + [hi]
        after = [
            self.trims_in(view, ends[i], group[i + 1].cand.start if i + 1 < len(group) else hi)
            for i in range(len(group))
        ]
        if not self.trims_in(view, lo, group[0].cand.start) and all(after):
            return after
        return None

    def trims_in(self, view: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        for m in self.d.trim_names.finditer(view, lo, hi):
            word = re.sub(
                r"^the\s+|\s+(?:version|model|trim|variant|car|edition|SU7|YU7|one)s?$",
                "",
                m.group(),
                flags=re.I,
            )
            name = self.trim_names.get(_fold(word))
            if name and name not in [t[0] for t in out]:
                out.append((name, m.start(), m.end()))
        return out

    def paren_trims(self, view: str, pos: int) -> list[tuple[str, int, int]]:
        """Trims in brackets right after a name: "CATL (Pro, Max), FinDreams (Standard)"."""
        m = re.match(r"\s*\(([^()]{1,40})\)", view[pos:])
        if not m:
            return []
        out: list[tuple[str, int, int]] = []
        for w in re.finditer(r"[^,/&]+", m.group(1)):
            word = re.sub(
                r"^\s*(?:and\s+)?|\s+(?:version|trim|model)s?\s*$", "", w.group(), flags=re.I
            )
            name = self.trim_names.get(_fold(word))
            if name is None:
                return []  # "(BYD)", "(300750.SZ)": not trims
            a = pos + m.start(1) + w.start() + w.group().index(word)
            if name not in [t[0] for t in out]:
                out.append((name, a, a + len(word)))
        return out

    def role(self, view: str, lk: Link, lo: int, hi: int) -> str | None:
        if lk.part is not None and lk.part.role:
            return lk.part.role
        d = self.d
        for a, b in ((lo, hi), (0, len(view))):
            cues = [(m.start(), "driving") for m in d.driving_role.finditer(view, a, b)]
            cues += [(m.start(), "cockpit") for m in d.cockpit_role.finditer(view, a, b)]
            if cues:
                return min(cues, key=lambda c: abs(c[0] - lk.cand.start))[1]
        return None

    def chemistry(
        self,
        view: str,
        lk: Link,
        group: list[Link],
        i: int,
        segment: tuple[int, int],
        window: tuple[int, int],
    ) -> str | None:
        """The chemistry named next to the name: before it ("LFP, FinDreams | NCM, CATL",
        "ternary by CATL", "an LFP pack supplied by FinDreams"), else between the maker and its
        part ("Ningde era ternary lithium battery"); "respectively" pairs a list of chemistries with a list of names."""
        found = [
            (m.start(), self.chemistries.get(_fold(m.group())))
            for m in self.chemistry_rx.finditer(view, *segment)
        ]
        found = [(s, c) for s, c in found if c]
        if not found:
            return None
        if re.search(r"\brespectively\b", view[segment[0] : segment[1]]) and len(found) == len(
            group
        ):
            return found[i][1]
        before = [c for s, c in found if window[0] <= s < lk.cand.start]
        if before:
            return before[-1]
        if (
            lk.part is not None and lk.part.start >= lk.cand.end
        ):  # the maker first: its part follows
            after = [c for s, c in found if lk.cand.end <= s < lk.part.end]
            return after[0] if after else None
        return None

    def tier(self, view: str, lk: Link, hi: int) -> str | None:
        tail = view[lk.cand.end : hi]
        if self.d.tier_primary.match(tail):
            return "primary"
        if self.d.tier_secondary.match(tail):
            return "secondary"
        return None

    # -- claims ----------------------------------------------------------------------------

    def emit(self, ctx: Context, links: list[Link]) -> None:
        seen: set[tuple] = set()
        for lk in links:
            cand, entity = lk.cand, lk.cand.entity
            base = {k: v for k, v in lk.qualifiers.items() if v is not None}
            if entity.parent and entity.parent not in ctx.subjects.family:
                base["parent"] = entity.parent
            former = self.env.registry._formerly.match(ctx.view, cand.end)
            if former is None and cand.surface and "(" in cand.surface:
                former = self.d.formerly.search(cand.surface)
            if former is not None:
                base["formerly"] = former.group(1).strip()
            for trim, t_start, t_end in lk.trims or [(None, None, None)]:
                key = (lk.segment, lk.component, entity.canonical, trim, base.get("role"))
                if key in seen:
                    continue  # "packs from CATL, with the Max's Qilin battery": one claim per trim
                seen.add(key)
                qualifiers = dict(base, variant=trim) if trim else dict(base)
                span = lk.span
                if t_start is not None:
                    span = (min(span[0], t_start), max(span[1], t_end))  # the quote shows the trim
                cars = self.both_cars(ctx, span) or [ctx.vehicle_subject(before=span[0] + 1)]
                for car in cars:
                    extra = {}
                    if (
                        len(cars) > 1 or len(lk.trims) > 1
                    ):  # one claim per car and trim, even over the same words
                        a, b = signals.trim(ctx.view, *span)
                        tag = f"{entity.canonical}@{car}" + (
                            f"@{trim}" if len(lk.trims) > 1 else ""
                        )
                        extra["id"] = claim_id(
                            ctx.article.id,
                            f"supplier.{lk.component}",
                            ctx.sent.start + a,
                            ctx.sent.start + b,
                            tag,
                        )
                    ctx.add(
                        topic=self.topic,
                        subject=car,
                        prop=f"supplier.{lk.component}",
                        value=entity.canonical,
                        value_kind="entity",
                        span=span,
                        rule="supplier.product"
                        if lk.part is not None and cand.start == lk.part.start
                        else "supplier.named",
                        entity=entity.canonical,
                        surface=ctx.article.text[
                            ctx.sent.start + cand.start : ctx.sent.start + cand.end
                        ],
                        qualifiers=qualifiers,
                        **extra,
                    )

    def both_cars(self, ctx: Context, span: tuple[int, int]) -> list[str]:
        """The two cars a statement "on both models" is about: the family's cars the sentence names,
        else those the sentence before names (exactly two)."""
        lo, hi = signals.region(ctx.view, *span)
        cars = [
            m for m in ctx.mentions if ctx.subjects.is_vehicle(m.entity.canonical) and lo <= m.start
        ]
        for a, b in zip(
            cars, cars[1:], strict=False
        ):  # "Both the SU7 and the YU7 run on Nvidia's Thor"
            if a.entity != b.entity and re.fullmatch(
                r"(?:\s+\w+)?\s*(?:,|and|&|as\s+well\s+as)\s+(?:the\s+)?(?:Xiaomi\s+)?",
                ctx.view[a.end : b.start],
            ):
                return [a.entity.canonical, b.entity.canonical]
        if not self.d.both_cars.search(ctx.view, lo, hi):
            return []
        for mentions in (ctx.mentions, ctx.previous.mentions if ctx.previous is not None else []):
            cars = list(
                dict.fromkeys(
                    m.entity.canonical
                    for m in mentions
                    if ctx.subjects.is_vehicle(m.entity.canonical)
                )
            )
            if cars:
                return cars if len(cars) == 2 else []
        return []


def _fold(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.replace("’", "'")).strip().lower()
