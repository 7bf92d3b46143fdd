"""Worker processes for the parts that pay for a second core (extraction and the cross-check),
and a pause of the garbage collector for the parts that make millions of objects.

Workers are forked (they start with the rule set, the spaCy pipeline and the registry already
built), leave Ctrl-C to the process that started them, and end as soon as it is gone.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def default_jobs() -> int:
    """Worker processes to use: one per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def max_jobs() -> int:
    """The most worker processes a command starts, whatever it is asked for: twice the cores (at
    least 2). The work is CPU-bound, so more only costs memory (each worker holds the spaCy
    pipeline and the rule set) and start-up: '--jobs 2000' forked 2,000 processes for 5 articles."""
    return max(2, 2 * default_jobs())


def worker_count(requested: int | None, work: int | None = None) -> int:
    """Workers to start: as requested (default: one per core), at most max_jobs() and, when the
    amount of work is known, no more than there are pieces of it; at least 1."""
    jobs = requested if requested is not None else default_jobs()
    jobs = min(jobs, max_jobs())
    if work is not None:
        jobs = min(jobs, work)
    return max(1, jobs)


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def _worker_start(parent: int) -> None:
    """A worker leaves Ctrl-C to the starting process, and ends as soon as that process is gone
    (killed with SIGKILL, say) instead of lingering with its pipes open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers (the caller checks can_fork first)."""
    return ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_worker_start, initargs=(os.getpid(),))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for work that makes hundreds of thousands of
    short-lived objects and no reference cycles (reading and cross-checking claims), where
    the collector's passes cost a fifth of the time and find nothing. Whatever cycles there
    are wait for the next collection after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
