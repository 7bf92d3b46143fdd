"""Approvals: which regulator's approval a sentence speaks of, and its status.

"Xiaomi won approval from the state planner" (NDRC, obtained); "still awaits the MIIT's
approval" (MIIT, pending); "expected to obtain its production qualification in June-July"
(expected); "denied reports that it had obtained a licence" (denied).
"""

from __future__ import annotations

from ...errors import KBError
from .. import signals
from ..context import Context, nearest
from ..ruledata import RuleData
from . import Environment, register


@register("approval")
class ApprovalRule:
    topic = "approval"

    def __init__(self, data: RuleData, env: Environment):
        self.d = data
        self.env = env
        self.regulators = tuple(data.values["regulators"])
        for name in self.regulators:
            if env.registry.resolve(name) is None:
                raise KBError(f"data/rules/approval.toml: regulator {name!r} is not in data/entities.tsv")

    def __call__(self, ctx: Context) -> None:
        d = self.d
        if not d.approval.search(ctx.view) or d.no_news.search(ctx.view):
            return
        # "Xiaomi denied reports that it had obtained ...", "reports that ... were untrue"
        denial = d.denied.search(ctx.view) or d.untrue.search(ctx.view)
        # What is approved, by whom: each regulator named, else a production-approval phrase.
        targets: list[tuple[str, tuple[int, int]]] = [
            (f"approval.{m.entity.canonical.lower()}", (m.start, m.end))
            for m in ctx.entities("regulator")
            if m.entity.canonical in self.regulators
        ]
        production = d.production_approval.search(ctx.view)
        if production and not any(abs(production.start() - ps) < 80 for _, (ps, _) in targets):
            targets.append(("approval.production_qualification", production.span()))
        seen: set[str] = set()
        for prop, (ps, pe) in targets:
            # The statement the target sits in: clauses joined by "while", "but", ";" are
            # separate statements ("approved by the MIIT, while Tesla's is still pending").
            lo, hi = signals.region(ctx.view, ps, pe)
            if denial:  # a denial speaks for the whole sentence ("..., but Xiaomi denied the reports")
                status, cue = "denied", denial
            else:
                status, cue = self.status(ctx.view, lo, hi)
            if status is None or prop in seen or ctx.foreign_subject(before=max(cue.start(), ps), lo=lo, hi=hi):
                continue
            if not ctx.about_family(lo, hi) and (
                any(m.entity.kind in ("company", "automaker") for m in ctx.mentions) or d.others_approved.search(ctx.view)
            ):
                continue  # "The NDRC approved 12 new EV projects": not a claim about Xiaomi
            if not signals.linked(ctx.view, (ps, pe), cue.span()) and status != "denied":
                continue
            seen.add(prop)
            time = None
            region_times = [
                t
                for t in ctx.usable_times()
                if lo <= t.start and t.end <= hi and signals.in_quotes(ctx.view, t.start) == signals.in_quotes(ctx.view, cue.start())
            ]
            region_times = [t for t in region_times if not signals.in_relative_clause(ctx.view, t.start, cue.end())]
            if status == "obtained":
                past = [t for t in region_times if ctx.ref is None or t.interval.start <= ctx.ref]
                time = nearest(past, cue.start()) if past else None
            elif status == "expected":
                fut = [t for t in region_times if ctx.ref is None or t.interval.end > ctx.ref or t.interval.granularity == "by"]
                time = nearest(fut, cue.end()) if fut else None
            span_pts = [ps, pe, cue.start(), cue.end()]
            if time is not None:
                span_pts += [time.start, time.end]
            regulator = prop.split(".")[1].upper() if prop != "approval.production_qualification" else None
            ctx.add(
                topic=self.topic,
                subject=ctx.subjects.business,
                prop=prop,
                value=status,
                value_kind="status",
                span=(min(span_pts), max(span_pts)),
                rule=f"approval.{status}",
                qualifiers={"status": status, "regulator": regulator},
                at_least="expected" if status == "expected" else None,
                interval=time.interval if time else None,
            )

    def status(self, view: str, lo: int = 0, hi: int | None = None):
        hi = len(view) if hi is None else hi
        d = self.d
        for status, rx in (
            ("denied", d.refused),
            ("pending", d.failed),
            ("pending", d.pending),
            ("expected", d.expected_approval),
            ("obtained", d.obtained),
        ):
            m = rx.search(view, lo, hi)
            if m:
                return status, m
        return None, None
