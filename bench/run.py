"""Benchmark: load speed against bare spaCy, reload, cross-check at scale, query latency, memory, accuracy.

    python bench/run.py --articles 200 --claims 10000,100000 --format json

Every part can be switched off (--no-load, --no-reference, --no-check, --no-query,
--no-accuracy), so a smoke run is quick. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, generate_claims  # noqa: E402

from xiaomi_ev_kb.workers import default_jobs  # noqa: E402


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def _words(corpus: Path) -> tuple[list[str], int]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.md"))]
    return texts, sum(len(t.split()) for t in texts)


def _child(conn, fn, args):
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # noqa: BLE001
        conn.send(("error", repr(exc)))


def with_timeout(fn, args: tuple, timeout: float):
    """Run fn(*args) in a forked process; (result, note). result is None on timeout or error."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, fn, args))
    p.start()
    if parent.poll(timeout):
        status, value = parent.recv()
        p.join()
        return (value, None) if status == "ok" else (None, value)
    p.kill()
    p.join()
    return None, f"did not finish within {timeout:.0f} s (stopped)"


def _check(db: str) -> dict:
    """The cross-check as the program runs it (derived.refresh of every partition: read the
    claims, check, store findings and backing), then the pure function alone on claims in memory."""
    from xiaomi_ev_kb.crosscheck import find_contradictions
    from xiaomi_ev_kb.derived import refresh
    from xiaomi_ev_kb.queries import all_claims
    from xiaomi_ev_kb.storage import all_sources, open_db

    kb = open_db(db)
    t0 = time.perf_counter()
    partitions = refresh(kb)  # generate_claims left every partition dirty
    t1 = time.perf_counter()
    rss = _peak_rss_mb()
    claims = all_claims(kb)
    sources = all_sources(kb)
    t2 = time.perf_counter()
    findings = find_contradictions(claims, sources)
    t3 = time.perf_counter()
    kb.close()
    return {"check_seconds": t1 - t0, "check_peak_rss_mb": rss, "partitions": partitions, "read_seconds": t2 - t1, "function_seconds": t3 - t2,
            "claims": len(claims), "findings": len(findings)}


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def _queries(db: str, reps: int, prov_reps: int) -> dict:
    from xiaomi_ev_kb.queries import PAGE_SIZE, ClaimFilter, page_claims, provenance
    from xiaomi_ev_kb.storage import open_db

    kb = open_db(db)
    out: dict = {}
    rows: dict = {}
    cases = {"topic": ClaimFilter(topic="capacity"), "entity": ClaimFilter(entity="CATL"), "text": ClaimFilter(text="battery plant")}
    for name, f in cases.items():
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            page = page_claims(kb, f, limit=PAGE_SIZE)  # the claims command's call: its first page
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = round(_p95(times), 2)
        rows[name] = {"shown": len(page.rows), "matching": page.total if page.total is not None else f">= {page.at_least}"}
    ids = [r[0] for r in kb.raw().execute("SELECT id FROM claim ORDER BY id LIMIT ?", (prov_reps,))]
    times = []
    for cid in ids:
        t0 = time.perf_counter()
        provenance(kb, cid)
        times.append((time.perf_counter() - t0) * 1000)
    out["provenance"] = round(_p95(times), 2) if times else None
    kb.close()
    return {"p95": out, "rows": rows}


def _load(corpus: str, db: str, jobs: int) -> dict:
    from xiaomi_ev_kb.loader import LoadOptions, load_paths
    from xiaomi_ev_kb.storage import open_db

    kb = open_db(db, create=True)
    t0 = time.perf_counter()
    rep = load_paths(kb, [corpus], options=LoadOptions(jobs=jobs))
    first = time.perf_counter() - t0
    rss = _peak_rss_mb()
    worker_rss = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    t0 = time.perf_counter()
    rep2 = load_paths(kb, [corpus], options=LoadOptions(jobs=jobs))
    reload_ = time.perf_counter() - t0
    kb.close()
    return {"first": first, "reload": reload_, "rss": rss, "worker_rss": worker_rss,
            "loaded": len(rep.loaded), "unchanged": len(rep2.unchanged)}


def _reference(texts: list[str], words: int) -> dict:
    """Bare spaCy on the same texts, best of three passes, fed two ways.

    Whole articles are what the issue names. spaCy's tokenizer is about ten times faster
    on the same text fed line by line (a multi-line text keeps missing its cache), which
    is how the loader feeds it, so that figure is the stricter yardstick.
    """
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    out = {}
    for name, batch in (("reference", texts), ("reference_lines", lines)):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for _doc in nlp.pipe(batch, batch_size=64):  # one process: n_process=2 is not used
                pass
            best = min(best, time.perf_counter() - t0)
        out[f"{name}_seconds"] = round(best, 3)
        out[f"{name}_words_per_s"] = round(words / best, 1)
    return out


def _unpunctuated(texts: list[str]) -> dict:
    """Extraction throughput on the corpus as one article, as written and with its punctuation
    taken out and its lines run together into lines of 150,000 characters (one 'sentence' per
    line for the sentencizer): CPU seconds, so that other load on the machine counts less."""
    import re

    from xiaomi_ev_kb.extract import default_extractor, extract_claims
    from xiaomi_ev_kb.ingest import article_from_text

    default_extractor().warm()
    written = "\n\n".join(t.split("---\n", 2)[-1] for t in texts)
    flat = re.sub(r"\s+", " ", re.sub(r"[.!?;:,]", "", written))
    unpunctuated = "\n".join(flat[i : i + 150_000] for i in range(0, len(flat), 150_000))
    out = {}
    for name, text in (("punctuated", written), ("unpunctuated", unpunctuated)):
        article = article_from_text(text, f"{name}.txt")
        t0 = time.process_time()
        extract_claims(article)
        out[name] = len(text) / (time.process_time() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--claims", default="100000,1000000", help="comma-separated sizes for the cross-check / query benchmarks")
    ap.add_argument("--format", choices=["json"], default="json")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", help="keep the corpus and databases here (default: a temporary folder)")
    ap.add_argument("--jobs", type=int, default=None, help="extraction processes for the load (default: one per core)")
    ap.add_argument("--rss-articles", type=int, default=0, help="also load a corpus of this many articles, to compare peak RSS")
    ap.add_argument("--load-timeout", type=float, default=1800.0)
    ap.add_argument("--check-timeout", type=float, default=300.0)
    ap.add_argument("--query-timeout", type=float, default=300.0)
    ap.add_argument("--query-reps", type=int, default=20)
    ap.add_argument("--provenance-reps", type=int, default=5)
    for part in ("load", "reference", "unpunctuated", "check", "query", "accuracy"):
        ap.add_argument(f"--no-{part}", action="store_true", help=f"skip the {part} benchmark")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.claims.split(",") if s.strip()] if args.claims else []

    tmp = tempfile.TemporaryDirectory(prefix="kb-bench-") if not args.workdir else None
    work = Path(args.workdir or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    result: dict = {
        "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "articles": args.articles,
        "notes": [],
    }
    t0 = time.perf_counter()
    generate(args.articles, corpus, args.seed)
    result["generate_seconds"] = round(time.perf_counter() - t0, 3)
    texts, words = _words(corpus)
    result["words"] = words

    if not args.no_load:
        # each load runs in a process of its own, so its peak RSS is its own
        db = work / "load.db"
        for jobs in sorted({1, args.jobs or default_jobs()}, reverse=True):
            if db.exists():
                db.unlink()
            value, note = with_timeout(_load, (str(corpus), str(db), jobs), args.load_timeout)
            if note:
                result["notes"].append(f"load with {jobs} job(s): {note}")
                continue
            key = "" if jobs == max(1, args.jobs or default_jobs()) else f"_{jobs}_job"
            result[f"load_seconds{key}"] = round(value["first"], 3)
            result[f"load_words_per_s{key}"] = round(words / value["first"], 1)
            result[f"peak_rss_mb{key}"] = value["rss"]
            if not key:
                result["jobs"] = jobs
                result["worker_peak_rss_mb"] = value["worker_rss"]
                result["reload_seconds"] = round(value["reload"], 4)
                result["loaded"] = value["loaded"]
                result["reload_unchanged"] = value["unchanged"]
                result["reload_speedup"] = round(value["first"] / value["reload"], 1) if value["reload"] > 0 else None
        if args.rss_articles:
            # the same load over a smaller corpus: peak memory should not grow with the corpus
            small = work / "corpus-small"
            generate(args.rss_articles, small, args.seed)
            if db.exists():
                db.unlink()
            value, note = with_timeout(_load, (str(small), str(db), args.jobs or default_jobs()), args.load_timeout)
            result["peak_rss_mb_by_articles"] = {str(args.rss_articles): value["rss"] if value else None}
            if "peak_rss_mb" in result:
                result["peak_rss_mb_by_articles"][str(args.articles)] = result["peak_rss_mb"]

    if not args.no_reference:
        result.update(_reference(texts, words))
        if "load_words_per_s" in result:
            result["load_ratio"] = round(result["load_words_per_s"] / result["reference_words_per_s"], 5)
            result["load_ratio_vs_lines"] = round(result["load_words_per_s"] / result["reference_lines_words_per_s"], 5)

    if not args.no_unpunctuated:
        # text without punctuation is cut into bounded sentences: its throughput should stay near normal text's
        value, note = with_timeout(_unpunctuated, (texts,), args.load_timeout)
        if value:
            result["punctuated_chars_per_cpu_s"] = round(value["punctuated"], 1)
            result["unpunctuated_chars_per_cpu_s"] = round(value["unpunctuated"], 1)
            result["unpunctuated_slowdown"] = round(value["punctuated"] / value["unpunctuated"], 2)
        if note:
            result["notes"].append(f"unpunctuated text: {note}")

    if not args.no_accuracy:
        from xiaomi_ev_kb.evaluate import evaluate

        s = evaluate(corpus, corpus / "expected.json").summary()
        result["accuracy"] = {
            "claims": {"recall": s["claims"]["recall"], "precision": s["claims"]["precision"], "expected": s["claims"]["expected"]},
            "findings": {"recall": s["findings"]["recall"], "precision": s["findings"]["precision"], "expected": s["findings"]["expected"]},
        }

    dbs: dict[int, Path] = {}
    if sizes and not (args.no_check and args.no_query):
        from xiaomi_ev_kb.storage import open_db

        result["generate_claims_seconds"] = {}
        for size in sizes:
            db = work / f"claims_{size}.db"
            if db.exists():
                db.unlink()
            kb = open_db(db, create=True)
            t0 = time.perf_counter()
            generate_claims(kb, size, args.seed)
            if args.no_check:  # queries read stored findings: refresh here, untimed
                from xiaomi_ev_kb.derived import refresh

                refresh(kb)
            kb.close()
            # the gigabyte just written goes to disk now, not in the background of the timed cross-check
            os.sync()
            result["generate_claims_seconds"][str(size)] = round(time.perf_counter() - t0, 2)
            dbs[size] = db

    if sizes and not args.no_check:
        result["check_seconds"] = {}
        result["check_read_seconds"] = {}
        result["check_function_seconds"] = {}
        result["check_peak_rss_mb"] = {}
        for size in sizes:
            value, note = with_timeout(_check, (str(dbs[size]),), args.check_timeout)
            result["check_seconds"][str(size)] = round(value["check_seconds"], 3) if value else None
            result["check_read_seconds"][str(size)] = round(value["read_seconds"], 3) if value else None
            result["check_function_seconds"][str(size)] = round(value["function_seconds"], 3) if value else None
            result["check_peak_rss_mb"][str(size)] = value["check_peak_rss_mb"] if value else None
            if note:
                result["notes"].append(f"cross-check of {size} claims: {note}")

    if sizes and not args.no_query:
        size = max(sizes)
        value, note = with_timeout(_queries, (str(dbs[size]), args.query_reps, args.provenance_reps), args.query_timeout)
        result["query_size"] = size
        result["query_p95_ms"] = value["p95"] if value else {"topic": None, "entity": None, "text": None, "provenance": None}
        if value:
            result["query_rows"] = value["rows"]
        if note:
            result["notes"].append(f"queries at {size} claims: {note}")

    print(json.dumps(result, indent=2, ensure_ascii=False))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
