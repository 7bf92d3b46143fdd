"""Smoke run of the benchmark with tiny sizes: the JSON has every key and sane numbers (no timing asserts)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--articles", "5", "--claims", "2000", "--format", "json",
         "--workdir", str(tmp_path), "--query-reps", "2", "--provenance-reps", "1"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    r = json.loads(out.stdout)
    for key in ("load_words_per_s", "reference_words_per_s", "load_ratio", "reload_speedup", "peak_rss_mb",
                "punctuated_chars_per_cpu_s", "unpunctuated_chars_per_cpu_s", "unpunctuated_slowdown"):  # fmt: skip
        assert r[key] > 0, key
    assert r["check_seconds"]["2000"] > 0
    assert set(r["query_p95_ms"]) == {"topic", "entity", "text", "provenance"}
    assert all(v > 0 for v in r["query_p95_ms"].values())
    for part in ("claims", "findings"):
        assert 0 < r["accuracy"][part]["recall"] <= 1
        assert 0 < r["accuracy"][part]["precision"] <= 1
    assert r["machine"]["cpu_count"] >= 1 and r["machine"]["python"]
    assert (tmp_path / "corpus" / "expected.json").exists()
