"""Loading: a bad file is reported and the rest still loads; nothing stored is lost."""

from __future__ import annotations

from xiaomi_ev_kb import load_paths, open_db
from xiaomi_ev_kb.queries import all_claims

from conftest import SEEDS


def test_loader_reports_bad_files_and_loads_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    good = tmp_path / "in" / "good.md"
    good.write_text("---\npublished: 2024-03-28\n---\nXiaomi's SU7 starts at 215,900 yuan, the company said.\n")
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "latin1.txt").write_bytes("Xiaomi caf\xe9 300,000".encode("cp1252"))  # detected, loads
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "in" / "broken.md").write_text("---\ntitle: x\nno closing line\n")
    (tmp_path / "in" / "ignored.pdf").write_bytes(b"%PDF")
    kb = open_db(tmp_path / "kb.db", create=True)
    seen = []
    report = load_paths(kb, [tmp_path / "in", tmp_path / "missing"], on_file=seen.append, on_start=seen.append)
    assert [p.rsplit("/", 1)[-1] for p in report.loaded] == ["good.md", "latin1.txt"]
    failed = {p.rsplit("/", 1)[-1]: why for p, why in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "broken.md", "missing"}
    assert all("\n" not in why for why in failed.values())
    assert seen[0] == 5  # files found in the folder; the missing path is a failure of its own
    assert report.claims_per_topic["price"] == 1


def test_loader_second_run_adds_only_new_content(tmp_path):
    kb = open_db(tmp_path / "kb.db", create=True)
    load_paths(kb, [SEEDS])
    n = len(all_claims(kb))
    extra = tmp_path / "extra.md"
    extra.write_text("---\npublished: 2024-04-03\n---\nXiaomi began SU7 deliveries on April 3, 2024.\n")
    report = load_paths(kb, [SEEDS, extra])
    assert len(report.unchanged) == 5 and len(report.loaded) == 1
    assert len(all_claims(kb)) > n


def _stored(kb):
    con = kb.raw()
    claims = con.execute("SELECT * FROM claim ORDER BY id").fetchall()
    articles = con.execute("SELECT id, content_hash, path, published, version, superseded_by FROM article ORDER BY id").fetchall()
    return claims, articles


def test_loader_worker_processes_store_exactly_what_one_process_does(tmp_path):
    """Extraction in two processes: same rows, same report, same order, bad files still reported."""
    from xiaomi_ev_kb.loader import LoadOptions

    corpus = tmp_path / "in"
    corpus.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "copy.txt").write_bytes(sorted(SEEDS.iterdir())[0].read_bytes())  # same content twice
    (corpus / "broken.md").write_text("---\ntitle: x\nno closing line\n")
    (corpus / "v.md").write_text("---\npublished: 2024-03-28\n---\nThe SU7 starts at 215,900 yuan, Xiaomi said.\n")
    results = {}
    for jobs in (1, 2):
        kb = open_db(tmp_path / f"kb{jobs}.db", create=True)
        done = []
        report = load_paths(kb, [corpus], on_file=done.append, options=LoadOptions(jobs=jobs))
        (corpus / "v.md").write_text("---\npublished: 2024-03-28\n---\nThe SU7 starts at 229,900 yuan, Xiaomi said.\n")
        again = load_paths(kb, [corpus], options=LoadOptions(jobs=jobs))  # a new version, the rest unchanged
        (corpus / "v.md").write_text("---\npublished: 2024-03-28\n---\nThe SU7 starts at 215,900 yuan, Xiaomi said.\n")
        results[jobs] = (report.loaded, report.unchanged, report.failed, dict(report.claims_per_topic), done,
                         again.loaded, again.new_versions, len(again.unchanged), _stored(kb))
        kb.close()
    assert results[1] == results[2]
    loaded, unchanged, failed, per_topic, done, *_ = results[2]
    assert len(loaded) == 6 and [p.rsplit("/", 1)[-1] for p in unchanged] == ["copy.txt"]
    assert [p.rsplit("/", 1)[-1] for p, _ in failed] == ["broken.md"]
    assert len(done) == 8 and sum(per_topic.values()) > 50


def test_loader_default_jobs_is_at_least_one():
    from xiaomi_ev_kb.workers import default_jobs

    assert default_jobs() >= 1


def test_loader_ctrl_c_while_the_workers_shut_down_still_interrupts(tmp_path, monkeypatch):
    """A Ctrl-C that lands after the last article was stored, while the worker pool shuts down,
    is a Ctrl-C: the load reports itself interrupted (exit 130) and does not go on to refresh.
    The press was recorded then, but read before it, and the load ended as if nothing happened."""
    import os
    import signal

    import xiaomi_ev_kb.loader as loader

    cancel = loader._Extraction.cancel

    def press_then_cancel(self):
        os.kill(os.getpid(), signal.SIGINT)  # handled by the load's handler: it only sets a flag
        cancel(self)

    monkeypatch.setattr(loader._Extraction, "cancel", press_then_cancel)
    refreshed = []
    monkeypatch.setattr(loader, "refresh", lambda *args: refreshed.append(args))
    kb = open_db(tmp_path / "kb.db", create=True)
    report = load_paths(kb, [SEEDS], options=loader.LoadOptions(jobs=1))
    assert len(report.loaded) == 5  # every article was stored whole before the press
    assert report.interrupted
    assert not refreshed
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_loader_counts_only_what_it_stored_when_another_load_stored_it_first(tmp_path, monkeypatch):
    """Two loads of one corpus at once: an article the other load stored after this one checked
    (has_article said no) is unchanged here, not "re-extracted" and counted again; and its claims
    are left as they are (they were deleted and written again)."""
    import xiaomi_ev_kb.loader as loader

    path = tmp_path / "kb.db"
    first = load_paths(open_db(path, create=True), [SEEDS])
    assert len(first.loaded) == 5
    before = open_db(path).raw().execute("SELECT rowid, id FROM claim ORDER BY rowid").fetchall()
    monkeypatch.setattr(loader, "has_article", lambda kb, content_hash: False)  # the other load had not stored them yet
    second = load_paths(open_db(path), [SEEDS])
    assert second.loaded == [] and len(second.unchanged) == 5 and second.claims == 0
    assert open_db(path).raw().execute("SELECT rowid, id FROM claim ORDER BY rowid").fetchall() == before


def test_loader_starts_no_more_workers_than_articles_or_a_sane_maximum(tmp_path, monkeypatch):
    """'--jobs 2000' forked 2,000 processes for 5 articles: the pool is sized when there is work
    for it, at most one worker per article it was handed and at most workers.max_jobs(); the
    refresh after the load is bounded the same way."""
    import xiaomi_ev_kb.derived as derived
    import xiaomi_ev_kb.loader as loader
    from xiaomi_ev_kb.workers import max_jobs, worker_pool

    asked: list[int] = []

    def counted(n: int):
        asked.append(n)
        return worker_pool(min(n, 2))  # never really fork what was asked for, whatever it is

    monkeypatch.setattr(loader, "worker_pool", counted)
    monkeypatch.setattr(derived, "worker_pool", counted)
    monkeypatch.setattr(derived, "_PARALLEL_CLAIMS", 0)  # the refresh uses workers too
    kb = open_db(tmp_path / "kb.db", create=True)
    report = load_paths(kb, [SEEDS], options=loader.LoadOptions(jobs=2000))
    assert len(report.loaded) == 5
    loading, refreshing = asked
    assert loading == min(4, max_jobs())  # the first article is extracted in this process
    assert refreshing <= max_jobs()
    asked.clear()
    load_paths(open_db(tmp_path / "one.db", create=True), [SEEDS / "002_9cd80047efbb1761.txt"], options=loader.LoadOptions(jobs=2000))
    assert asked == [] or asked[0] <= max_jobs()  # one article: no extraction workers at all
    assert max_jobs() >= 2


def test_loader_passes_on_what_reading_warns_about(tmp_path):
    f = tmp_path / "stray.md"
    f.write_bytes("---\npublished: 2024-03-28\n---\nXiaomi’s SU7 starts at 215,900 yuan, the company said.\n".encode() + b"\x92\n")
    report = load_paths(open_db(tmp_path / "kb.db", create=True), [f])
    assert report.loaded == [str(f)]
    assert any("not valid UTF-8" in warning for _path, warning in report.warnings), report.warnings


def test_loader_warns_about_a_publication_date_in_the_future(tmp_path):
    f = tmp_path / "later.md"
    f.write_text("---\npublished: 2999-01-01\n---\nXiaomi said the SU7 starts at 215,900 yuan.\n")
    report = load_paths(open_db(tmp_path / "kb.db", create=True), [f])
    assert report.loaded == [str(f)]
    [(path, warning)] = report.warnings
    assert path == str(f) and "publication date 2999-01-01 (front matter) is in the future" in warning
