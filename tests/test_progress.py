"""Progress bars (progress.py) and the callbacks that feed them: shown after a second, on a
terminal's standard error only, never when data goes to standard output."""

from __future__ import annotations

import io
import time

from rich.console import Console

from xiaomi_ev_kb import load_paths, open_db
from xiaomi_ev_kb.derived import refresh
from xiaomi_ev_kb.progress import Bar, bar_wanted, progress_bar

from conftest import SEEDS


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


def test_progress_wanted_only_on_a_terminal_without_data_on_stdout():
    term, _ = _terminal()
    pipe = Console(file=io.StringIO(), force_terminal=False)
    assert bar_wanted(term) and not bar_wanted(term, data_on_stdout=True)
    assert not bar_wanted(pipe) and not bar_wanted(pipe, data_on_stdout=False)


def test_progress_quick_jobs_show_nothing():
    console, out = _terminal()
    with progress_bar("quick", console, delay=5.0) as bar:
        bar.update(total=3, advance=3)
    assert not bar.shown and out.getvalue() == ""


def test_progress_slow_jobs_show_a_bar():
    console, out = _terminal()
    with progress_bar("exporting", console, delay=0.05) as bar:
        list(bar.track(range(5), total=5))
        time.sleep(0.4)
        assert bar.shown
    assert "exporting" in out.getvalue()


def test_progress_disabled_bar_never_shows():
    console = Console(file=io.StringIO(), force_terminal=False)
    bar = Bar("x", console, enabled=False, delay=0.0)
    time.sleep(0.05)
    bar.update(total=1, advance=1)
    bar.close()
    assert not bar.shown and console.file.getvalue() == ""


def test_progress_load_reports_files_and_cross_check(tmp_path):
    kb = open_db(tmp_path / "kb.db", create=True)
    started, files, checked = [], [], []
    load_paths(kb, [SEEDS], on_start=started.append, on_file=files.append, on_refresh=lambda d, t: checked.append((d, t)))
    assert started == [5] and len(files) == 5
    total = checked[0][1]
    assert checked[0] == (0, total) and checked[-1] == (total, total) and total > 0
    assert [d for d, _ in checked] == list(range(total + 1))


def test_progress_refresh_with_nothing_to_do_reports_nothing(seeded_copy):
    kb = open_db(seeded_copy)
    seen = []
    assert refresh(kb, on_partition=lambda d, t: seen.append(d)) == 0
    assert seen == []
