"""Deterministic benchmark corpus and synthetic claims.

``generate(n_articles, out_dir, seed)`` writes n seeded articles (300-1,200 words, .md with
front matter) plus ``expected.json`` (the shape of tests/fixtures/expected.json) listing the
claims planted in each article and the planted findings / non-findings, so
``xiaomi_ev_kb.evaluate.evaluate(out_dir, out_dir / "expected.json")`` can score it.

``generate_claims(kb, n_claims, seed)`` writes n synthetic claim rows (and the article rows
they cite) straight into a knowledge base with sqlite3 ``executemany``, for the cross-check
and query benchmarks.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

# --- planted facts: (sentence variants, expected claims) --------------------------------------
# Every variant of a fact yields the same claims (checked against the extractor).

CAP_PLANT_300 = (
    [
        "Xiaomi's Beijing plant will have an annual capacity of 300,000 vehicles, the company said.",
        "The whole plant is designed to build 300,000 cars a year, according to the filing.",
    ],
    [{"property": "capacity.annual", "value": 300000, "scope": "plant"}],
)
CAP_PLANT_200 = (  # the planted minority figure
    [
        "The whole plant is designed to build 200,000 cars a year, according to the filing.",
        "Xiaomi's Beijing plant will have an annual capacity of 200,000 vehicles, the company said.",
    ],
    [{"property": "capacity.annual", "value": 200000, "scope": "plant"}],
)
CAP_PHASE1 = (
    ["Phase I of the plant has an annual capacity of 150,000 vehicles, according to the planning documents filed with the district."],
    [{"property": "capacity.annual", "value": 150000, "scope": "phase I"}],
)
CAP_PER_PHASE = (
    ["The plant will be built in two phases, each designed to roll out 150,000 vehicles a year."],
    [{"property": "capacity.annual", "value": 150000, "scope": "per phase"}],
)
TARGET = (
    ["Xiaomi aims to deliver 100,000 units in 2024."],
    [{"property": "delivery.target", "value": 100000, "period": "2024"}],
)
TRIAL = (
    ["The line now produces around 50 prototypes a week, insiders revealed."],
    [{"property": "production.trial_output", "value": 50}],
)
SUP_CATL = (
    [
        "Battery cells come from Ningde era, the supplier list shows.",
        "The battery cells are supplied by 宁德时代, according to the parts list.",
    ],
    [{"property": "supplier.battery", "value": "CATL"}],
)
SUP_CATL_FINDREAMS = (
    ["Batteries will be supplied by CATL and BYD's FinDreams, the two insiders said."],
    [{"property": "supplier.battery", "value": "CATL"}, {"property": "supplier.battery", "value": "FinDreams Battery"}],
)
SUP_CATL_CALB = (  # the planted divergent list
    ["Batteries will be supplied by CATL and CALB, the two insiders said."],
    [{"property": "supplier.battery", "value": "CATL"}, {"property": "supplier.battery", "value": "CALB"}],
)
MP_H1_NEXT = (  # only in 2023 articles: "next year" = 2024
    ["Xiaomi is expected to start mass production in the first half of next year."],
    [{"property": "milestone.mass_production", "period": "2024-H1"}],
)
MP_Q1 = (
    ["Mass production is scheduled to start in Q1 2024."],
    [{"property": "milestone.mass_production", "period": "2024-Q1"}],
)
DELIV_EXPECTED = (  # 2023 articles; the later reports make it a missed prediction
    ["Deliveries of the SU7 are expected to start in February 2024, the company said."],
    [{"property": "milestone.deliveries_start", "period": "2024-02"}],
)
DELIV_BEGAN = (
    ["Deliveries of the SU7 began on April 3, 2024."],
    [{"property": "milestone.deliveries_start", "period": "2024-04-03"}],
)
LAUNCH = (
    ["The SU7 went on sale on March 28, 2024."],
    [{"property": "milestone.launch", "period": "2024-03-28"}],
)
PRICE_CNY = (
    ["The SU7 is priced at 215,900 yuan."],
    [{"property": "price.stated", "value": 215900, "unit": "CNY"}],
)
PRICE_USD = (
    ["The car reportedly costs about $30,000."],
    [{"property": "price.stated", "value": 30000, "unit": "USD"}],
)
PRICE_SPEC = (  # speculated: never compared, so no conflict with 215,900
    ["Analysts speculate the car could cost 300,000 yuan."],
    [{"property": "price.stated", "value": 300000, "unit": "CNY"}],
)
SPECS = (
    ["The SU7 Max has a 101 kWh battery pack and a range of 800 km."],
    [{"property": "spec.battery_energy", "value": 101, "unit": "kWh"}, {"property": "spec.range", "value": 800, "unit": "km"}],
)
NDRC = (
    ["The National Development and Reform Commission (NDRC) signed off on the project in August."],
    [{"property": "approval.ndrc", "value": "obtained"}],
)
MIIT_OBTAINED = (
    ["Xiaomi obtained MIIT approval in November 2023."],
    [{"property": "approval.miit", "value": "obtained"}],
)
MIIT_PENDING = (
    ["Xiaomi is reportedly still awaiting approval from the industry ministry."],
    [{"property": "approval.miit", "value": "pending"}],
)
INVEST = (
    ["Xiaomi has pledged US$10 billion for the business over the coming decade."],
    [{"property": "investment.total", "value": 10000000000, "unit": "USD"}],
)

PUBLISHERS = ["EV Wire", "Car Insider CN", "China Auto Review", "Tech Daily", "Auto Beat", "Gasgoo News", "CnEVPost Digest"]

# --- neutral text: nothing in here is a claim ---------------------------------------------------

_WHO = [
    "Analysts at a Hong Kong brokerage", "Dealers in Shanghai", "Industry observers", "People familiar with the matter",
    "Investors in the smartphone maker", "Several rival carmakers", "Retail staff at the flagship store",
    "Engineers who worked on the project", "Consultants who follow the sector", "Local officials",
]
_SAID = ["said", "noted", "argued", "pointed out", "told reporters", "wrote in a note"]
_WHAT = [
    "that competition among electric sedans remains intense",
    "that software and the phone ecosystem will decide which brands survive",
    "that buyers increasingly compare every offer with the Xiaomi",
    "that the brand still has to prove it can build cars reliably",
    "that the price war has squeezed margins across the industry",
    "that the showroom traffic has been unusually strong",
    "that the company has hired heavily from established carmakers",
    "that the next model will matter more than the first",
    "that charging networks remain a weak point for newcomers",
    "that the after-sales network needs to grow quickly",
    "that the stock has become a proxy for the car business",
    "that suppliers are watching the launch closely",
]
_CONTEXT = [
    "The company did not respond to a request for comment.",
    "Xiaomi officials did not respond to the news as of press time.",
    "Trial output is the last exam before volume production: it checks if the equipment runs smoothly.",
    "Problems found on the prototypes go back to the line for debugging.",
    "Competitors have taken note and several brands have added free equipment to their sedans.",
    "Since entering the car circle, Xiaomi has been questioned many times whether a phone company can make a car.",
    "Waiting times for some versions currently stretch to several months, according to the Xiaomi app.",
    "The zone's administration declined to give a timetable for the road works around the site.",
    "The sedan has been one of the most talked-about cars in the country.",
    "Security staff had to close the stand twice because of the crowds.",
]
_QUOTES = [
    "“Our job now is simple: deliver, deliver, deliver,” Lei Jun said.",
    "“Beijing has the talent, the supply chain and the policy support that a young carmaker needs,” Lei Jun wrote on Weibo.",
    "“We will not cut corners on safety,” a Xiaomi spokesperson said.",
    "“Every customer who waits is a customer we let down,” Lei Jun said.",
    "“It is the hardest thing I have ever done,” Lei Jun told a livestream audience.",
]
_HEADERS = [
    "{pub}  |  Markets  |  Autos  |  Technology  |  Sign in",
    "{pub}   Home   News   EV   Tech   Video",
    "{pub} > Industry > Electric vehicles",
]
_FOOTERS = [
    "Share to: WeChat | Weibo | QQ Space",
    "Disclaimer: the article only represents the author’s personal view and does not represent the position of this website.",
    "Share:  WeChat  |  Weibo  |  Copy link",
    "SEE ALSO: ten cars that matter this year",
    "Subscribe to our newsletter to get the first-hand scoops of the car circle",
]


def _filler_paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.55:
            parts.append(f"{rng.choice(_WHO)} {rng.choice(_SAID)} {rng.choice(_WHAT)}.")
        else:
            parts.append(rng.choice(_CONTEXT))
    return " ".join(parts)


def _pub_date(rng: random.Random) -> date:
    start, end = date(2021, 4, 1), date(2025, 11, 30)
    return start + timedelta(days=rng.randrange((end - start).days))


def _facts_for(d: date, rng: random.Random) -> list[tuple[str, tuple]]:
    """Facts an article published on ``d`` can state, each tagged with its role."""
    out: list[tuple[str, tuple]] = []
    if d >= date(2021, 9, 1):
        out += [("cap_plant", CAP_PLANT_300), ("cap_phase", CAP_PHASE1), ("per_phase", CAP_PER_PHASE), ("invest", INVEST)]
    if date(2023, 1, 1) <= d <= date(2023, 12, 31):
        out += [("mp", MP_H1_NEXT), ("mp", MP_Q1), ("deliv_exp", DELIV_EXPECTED)]
    if date(2023, 7, 1) <= d <= date(2023, 12, 31):
        out.append(("trial", TRIAL))
    if d >= date(2023, 9, 1):
        out += [("ndrc", NDRC), ("supplier", SUP_CATL), ("supplier_fd", SUP_CATL_FINDREAMS)]
    if date(2023, 2, 1) <= d <= date(2023, 10, 31):
        out.append(("miit_pending_early", MIIT_PENDING))
    if d >= date(2023, 12, 15):
        out.append(("miit_obtained", MIIT_OBTAINED))
    if d >= date(2024, 5, 1):
        out += [("target", TARGET), ("deliv_began", DELIV_BEGAN), ("launch", LAUNCH), ("price", PRICE_CNY),
                ("price_usd", PRICE_USD), ("price_spec", PRICE_SPEC), ("specs", SPECS)]
    return out


def generate(n_articles: int, out_dir: str | Path, seed: int = 0) -> dict:
    """Write the articles and expected.json into ``out_dir``; return the expectations."""
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dates = sorted(_pub_date(rng) for _ in range(n_articles))
    # force the eras the planted findings need, so even a tiny corpus has them
    anchors = [date(2023, 3, 14), date(2023, 10, 20), date(2024, 6, 3), date(2024, 9, 9), date(2025, 2, 17)]
    for i, a in enumerate(anchors[: n_articles]):
        dates[(i * n_articles) // len(anchors)] = a
    dates.sort()
    n_minor = max(1, n_articles // 25)
    late = [i for i, d in enumerate(dates) if d >= date(2024, 5, 1)]
    sup_late = [i for i, d in enumerate(dates) if d >= date(2023, 9, 1)]
    cap_ok = [i for i, d in enumerate(dates) if d >= date(2021, 9, 1)]
    minority_cap = set(rng.sample(cap_ok, min(n_minor, max(0, len(cap_ok) - 1)))) if len(cap_ok) > 1 else set()
    calb = set(rng.sample(sup_late, min(n_minor, max(0, len(sup_late) - 1)))) if len(sup_late) > 1 else set()
    late_pending = set(rng.sample(late, min(n_minor, max(0, len(late) - 1)))) if len(late) > 1 else set()

    articles: dict[str, dict] = {}
    roles: dict[str, set[str]] = {}
    for i, d in enumerate(dates):
        name = f"a{i:05d}_{PUBLISHERS[i % len(PUBLISHERS)].lower().replace(' ', '_')}.md"
        pub = PUBLISHERS[i % len(PUBLISHERS)]
        facts = _facts_for(d, rng)
        chosen = [f for f in facts if rng.random() < 0.45]
        must = {"cap_plant"} if i in minority_cap else set()
        must |= {"supplier_cal"} if i in calb else set()
        must |= {"miit_pending_late"} if i in late_pending else set()
        # the planted disagreements replace the majority version
        chosen = [f for f in chosen if not (f[0] == "cap_plant" and i in minority_cap)]
        chosen = [f for f in chosen if not (f[0] in ("supplier", "supplier_fd") and i in calb)]
        chosen = [f for f in chosen if not (f[0] == "miit_obtained" and i in late_pending)]
        if i in minority_cap:
            chosen.append(("cap_plant_minor", CAP_PLANT_200))
        if i in calb:
            chosen.append(("supplier_calb", SUP_CATL_CALB))
        if i in late_pending:
            chosen.append(("miit_pending_late", MIIT_PENDING))
        # keep one supplier statement per article: a list and a single name together would be one set anyway
        sup = [f for f in chosen if f[0].startswith("supplier")]
        if len(sup) > 1:
            chosen = [f for f in chosen if not f[0].startswith("supplier")] + [sup[-1]]
        if not chosen and facts:
            chosen = [rng.choice(facts)]
        rng.shuffle(chosen)
        target_words = rng.randint(300, 1200)
        paras: list[str] = []
        expected: list[dict] = []
        for _role, (variants, claims) in chosen:
            sentence = rng.choice(variants)
            lead = _filler_paragraph(rng) if rng.random() < 0.5 else ""
            paras.append((sentence + " " + lead).strip())
            expected.extend(dict(c) for c in claims)
        roles[name] = {r for r, _ in chosen}
        if rng.random() < 0.8:
            paras.insert(rng.randrange(len(paras) + 1), rng.choice(_QUOTES))
        words = sum(len(p.split()) for p in paras)
        while words < target_words - 40:
            p = _filler_paragraph(rng)
            paras.insert(rng.randrange(len(paras) + 1), p)
            words += len(p.split())
        head = rng.choice(_HEADERS).format(pub=pub)
        title = f"Xiaomi EV update {i}: {rng.choice(['plant', 'suppliers', 'deliveries', 'approvals', 'prices', 'SU7'])}"
        body = "\n\n".join([head, title, *paras, rng.choice(_FOOTERS)])
        text = f"---\ntitle: {title}\npublisher: {pub}\npublished: {d.isoformat()}\n---\n{body}\n"
        (out / name).write_text(text, encoding="utf-8")
        articles[name] = {"published": d.isoformat(), "published_basis": "front matter", "claims": expected}

    def having(role: str) -> list[str]:
        return sorted(n for n, r in roles.items() if role in r)

    findings: list[dict] = []
    non_findings: list[dict] = []
    majority_cap = having("cap_plant")
    if majority_cap:
        for n in having("cap_plant_minor"):
            findings.append({"kind": "value_conflict", "property": "capacity.annual", "files": [n, majority_cap[0]]})
    fd = having("supplier_fd")
    for n in having("supplier_calb"):
        if fd:
            findings.append({"kind": "supplier_divergence", "property": "supplier.battery", "files": [n, fd[0]]})
    began = having("deliv_began")
    if began:
        for n in having("deliv_exp"):
            findings.append({"kind": "missed_prediction", "property": "milestone.deliveries_start", "files": [n, began[0]]})
    obtained = having("miit_obtained")
    for n in having("miit_pending_late"):
        earlier = [o for o in obtained if articles[o]["published"] < articles[n]["published"]]
        if earlier:
            findings.append({"kind": "status_conflict", "property": "approval.miit", "files": [earlier[0], n]})
    for n, r in roles.items():
        if "cap_phase" in r and "cap_plant" in r:
            non_findings.append({"property": "capacity.annual", "files": [n], "why": "phase I 150,000 vs whole plant 300,000 in one article"})
        if "per_phase" in r and "cap_plant" in r:
            non_findings.append({"property": "capacity.annual", "files": [n], "why": "per phase 150,000 vs whole plant 300,000"})
        if "target" in r:
            non_findings.append({"property": "capacity.annual", "files": [n], "why": "a delivery target of 100,000 is not a capacity"})
        if "price_spec" in r:
            non_findings.append({"property": "price.stated", "files": [n], "why": "speculated price is not compared"})
    mp = having("mp")
    if len(mp) > 1:
        non_findings.append({"property": "milestone.mass_production", "files": mp[:2], "why": "Q1 2024 lies inside H1 2024"})
    spec = {"articles": articles, "findings": findings, "non_findings": non_findings}
    (out / "expected.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False), encoding="utf-8")
    return spec


# --- synthetic claims straight into the database -------------------------------------------------

_SUBJECTS = ["Xiaomi Auto", "NIO", "XPeng", "Li Auto", "BYD", "Zeekr", "Leapmotor", "Aito", "Geely", "Great Wall",
             "SAIC", "GAC Aion", "Changan", "Chery", "Tesla China", "Avatr", "Deepal", "Neta", "Voyah", "IM Motors"]
_WORDS = ["plant", "capacity", "battery", "supplier", "deliveries", "launch", "approval", "price", "range", "sedan",
          "factory", "phase", "target", "ministry", "Beijing", "Shanghai", "cells", "orders", "output", "week"]


def _synthetic_claim(rng: random.Random, article_id: str, pub: date, k: int):
    from xiaomi_ev_kb.models import Claim

    subject = rng.choice(_SUBJECTS)
    kind = rng.random()
    quote = " ".join(rng.choice(_WORDS) for _ in range(8))
    common = dict(article_id=article_id, subject=subject, quote=quote, start=k * 100, end=k * 100 + 60,
                  sentence=quote + ".", sentence_start=k * 100, rule="synthetic")
    if kind < 0.35:
        scope = rng.choice(["plant", "phase I", "per phase"])
        base = {"plant": 300000, "phase I": 150000, "per phase": 150000}[scope]
        value = base if rng.random() < 0.97 else base * 2 // 3
        return Claim(topic="capacity", property="capacity.annual", value=float(value), value_kind="quantity",
                     unit="vehicles", per="year", qualifiers={"scope": scope}, certainty=rng.choice(["stated", "reported"]), **common)
    if kind < 0.55:
        sup = rng.choice(["CATL", "CATL", "CATL", "FinDreams Battery", "CALB", "EVE Energy"])
        return Claim(topic="supplier", property="supplier.battery", value=sup, value_kind="entity", entity=sup,
                     qualifiers={"component": "battery", "closed_list": rng.random() < 0.5}, **common)
    if kind < 0.75:
        year = rng.choice([2023, 2024, 2025])
        month = rng.randint(1, 12)
        ps = date(year, month, 1)
        pe = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
        status = "achieved" if pe < pub else "planned"
        return Claim(topic="timeline", property=rng.choice(["milestone.mass_production", "milestone.deliveries_start", "milestone.launch"]),
                     value=f"{year}-{month:02d}", value_kind="time", period_start=ps, period_end=pe, period_label=f"{year}-{month:02d}",
                     qualifiers={"status": status}, certainty="stated" if status == "achieved" else "expected", **common)
    if kind < 0.85:
        status = rng.choice(["obtained", "obtained", "pending"])
        return Claim(topic="approval", property=rng.choice(["approval.miit", "approval.ndrc"]), value=status, value_kind="status",
                     qualifiers={"status": status, "regulator": "MIIT"}, **common)
    if kind < 0.93:
        return Claim(topic="price", property="price.stated", value=float(rng.choice([215900, 245900, 299900])), value_kind="quantity",
                     unit="CNY", qualifiers={"variant": rng.choice(["base", "pro", "max"])}, **common)
    return Claim(topic="spec", property="spec.range", value=float(rng.choice([700, 800, 830])), value_kind="quantity",
                 unit="km", qualifiers={"variant": rng.choice(["base", "pro", "max"])}, **common)


def generate_claims(kb, n_claims: int, seed: int = 0, claims_per_article: int = 50, batch: int = 20000) -> int:
    """Insert ``n_claims`` synthetic claims (and their article rows) into ``kb``; return the count."""
    from datetime import UTC, datetime

    from xiaomi_ev_kb.models import EXTRACTOR_VERSION
    from xiaomi_ev_kb.storage import ArticleRow, ClaimRow, _claim_row

    rng = random.Random(seed)
    acols = [c.name for c in ArticleRow.__table__.columns]
    ccols = [c.name for c in ClaimRow.__table__.columns]
    n_articles = max(1, -(-n_claims // claims_per_article))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    con = kb.raw()
    arts = []
    pubs = []
    for i in range(n_articles):
        pub = date(2021, 9, 1) + timedelta(days=rng.randrange(1550))
        aid = "s" + hashlib.sha1(f"{seed}|{i}".encode()).hexdigest()[:11]
        row = {c: None for c in acols}
        row.update(id=aid, content_hash=hashlib.sha256(f"synthetic|{seed}|{i}".encode()).hexdigest(), path=f"synthetic/{i:07d}.md",
                   title=f"synthetic {i}", publisher=rng.choice(PUBLISHERS), published=pub.isoformat(), published_precision="day",
                   published_basis="front matter", published_note="", body_start=0, text="synthetic", loaded_at=now,
                   extractor_version=EXTRACTOR_VERSION, source_key=f"synthetic/{i:07d}.md", version=1, superseded_by=None)
        arts.append(tuple(row[c] for c in acols))
        pubs.append((aid, pub))
    q = lambda cols: ", ".join('"' + c + '"' for c in cols)  # noqa: E731
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO article ({q(acols)}) VALUES ({', '.join('?' * len(acols))})", arts)
    con.execute("COMMIT")
    sql = f"INSERT OR IGNORE INTO claim ({q(ccols)}) VALUES ({', '.join('?' * len(ccols))})"
    rows = []
    for k in range(n_claims):
        aid, pub = pubs[k // claims_per_article]
        r = _claim_row(_synthetic_claim(rng, aid, pub, k % claims_per_article))
        rows.append(tuple(_sql(getattr(r, c)) for c in ccols))
        if len(rows) >= batch:
            con.execute("BEGIN"); con.executemany(sql, rows); con.execute("COMMIT"); rows = []  # noqa: E702
    if rows:
        con.execute("BEGIN"); con.executemany(sql, rows); con.execute("COMMIT")  # noqa: E702
    return n_claims


def _sql(v):
    return int(v) if isinstance(v, bool) else v


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    generate(n, sys.argv[2] if len(sys.argv) > 2 else "bench-corpus", int(sys.argv[3]) if len(sys.argv) > 3 else 0)
