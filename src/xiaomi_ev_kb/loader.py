"""Loading articles: read, extract, store; one transaction per article.

A bad file is reported on one line and the others still load; Ctrl-C stops after
the article being written, so what is stored is always whole articles.
"""

from __future__ import annotations

import json
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .derived import refresh
from .errors import InputError
from .extract import default_extractor, extract_claims
from .ingest import MAX_BYTES, Article, iter_article_paths, read_articles
from .models import Claim
from .storage import KB, has_article, import_rows, store_article
from .workers import can_fork, worker_count, worker_pool


@dataclass
class LoadReport:
    """What a load did: new articles, claims per topic, and files skipped or refused."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    claims_per_topic: Counter = field(default_factory=Counter)
    interrupted: bool = False

    @property
    def claims(self) -> int:
        return sum(self.claims_per_topic.values())


@dataclass
class LoadOptions:
    encoding: str | None = None  # force a text encoding instead of detecting it
    published: date | None = None  # publication date for every article loaded (strongest basis)
    max_bytes: int = MAX_BYTES
    jobs: int | None = None  # extraction processes (default: one per core; 1 = no worker processes)


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Article files to read, and the named paths that could not be used."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        unread: list[str] = []
        try:
            files.extend(iter_article_paths([p], unread))
        except InputError as exc:
            problems.append((str(p), str(exc)))
        problems.extend((str(p), problem) for problem in unread)
    return files, problems


def load_paths(
    kb: KB,
    paths: Iterable[str | Path],
    on_file: Callable[[Path], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    options: LoadOptions | None = None,
    on_refresh: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Load files and folders into ``kb``; a bad file is reported and the others still load.

    ``on_start(n)`` is told how many files will be read, ``on_file(path)`` each one done,
    ``on_refresh(done, total)`` how far the cross-check of what changed has got.
    Extraction runs in ``options.jobs`` worker processes while this process reads and
    stores; articles are stored in the order they were read, so the outcome does not
    depend on the number of jobs.
    """
    options = options or LoadOptions()
    files, problems = collect_paths(paths)
    report = LoadReport(failed=problems)
    if on_start:
        on_start(len(files))
    with _CtrlC() as ctrl_c:
        with _Extraction(options.jobs) as extraction:
            queue: deque[tuple] = deque()  # work in reading order: stored as it comes out
            try:
                for path in files:
                    if ctrl_c.pressed:
                        break
                    _read_file(kb, path, options, report, queue, extraction)
                    queue.append(("file", path))
                    while extraction.outstanding > extraction.window and not ctrl_c.pressed:
                        _drain_one(kb, queue, report, extraction, on_file)
                while queue and not ctrl_c.pressed:
                    _drain_one(kb, queue, report, extraction, on_file)
            except KeyboardInterrupt:
                ctrl_c.pressed = True  # raised where no handler of ours was installed
    # Read only now, with the worker pool shut down and Ctrl-C no longer ours: a press up to
    # here (during the pool's shutdown too) was recorded, and one from here on raises.
    report.interrupted = ctrl_c.pressed  # every article stored so far was committed whole
    if not report.interrupted:
        refresh(kb, options.jobs, on_refresh)  # stored findings and backing of the partitions this load touched
    return report


def _read_file(kb: KB, path: Path, options: LoadOptions, report: LoadReport, queue: deque, extraction: _Extraction) -> None:
    """Queue one file's articles for extraction (or its import, or its refusal)."""
    try:
        if path.suffix.lower() == ".jsonl" and is_export(path):
            queue.append(("import", path))
            return
        line_problems: list[str] = []
        read_warnings: list[str] = []
        articles = read_articles(
            path,
            max_bytes=options.max_bytes,
            encoding=options.encoding,
            published=options.published,
            problems=line_problems,
            known=lambda content_hash: has_article(kb, content_hash),
            warnings=read_warnings,
        )
    except InputError as exc:
        queue.append(("failed", path, str(exc)))
        return
    report.failed.extend((str(path), problem) for problem in line_problems)
    report.warnings.extend((str(path), warning) for warning in read_warnings)
    for article in articles:
        if article.stored:
            queue.append(("unchanged", article))
            continue
        if article.published is None:
            report.warnings.append(
                (article.path, f"{article.path}: no publication date found; relative dates stay unresolved "
                 "(give one with --published or front matter 'published: YYYY-MM-DD')")
            )
        elif article.published > date.today() + timedelta(days=1):  # a day's grace for time zones
            report.warnings.append(
                (article.path, f"{article.path}: publication date {article.published.isoformat()} ({article.published_basis}) "
                 "is in the future; check it, or give the right one with --published")
            )
        queue.append(("article", article, extraction.submit(article)))


def _drain_one(kb: KB, queue: deque, report: LoadReport, extraction: _Extraction, on_file) -> None:
    """Store the oldest piece of queued work."""
    item = queue.popleft()
    kind = item[0]
    if kind == "article":
        article = item[1]
        claims = extraction.result(item[2])
        if has_article(kb, article.content_hash):
            # the same content came earlier in this load, while this copy was being extracted
            report.unchanged.append(article.path)
            return
        # what this process stored, decided in the write's own transaction: another load storing
        # the same article meanwhile makes it "unchanged" here
        outcome = store_article(kb, article, claims)
        if outcome == "unchanged":
            report.unchanged.append(article.path)
        else:
            report.loaded.append(article.path)
            if outcome == "new version":
                report.new_versions.append(article.path)
            report.claims_per_topic.update(c.topic for c in claims)
    elif kind == "unchanged":
        report.unchanged.append(item[1].path)
    elif kind == "failed":
        report.failed.append((str(item[1]), item[2]))
    elif kind == "import":
        path = item[1]
        try:
            # an export of a knowledge base: restore it exactly rather than re-reading it
            counts = import_rows(kb, _records(path), str(path))
        except InputError as exc:
            report.failed.append((str(path), str(exc)))
        else:
            report.loaded.extend(f"{path}#{n}" for n in range(counts["articles"]))
            if counts["claims"]:
                report.claims_per_topic["restored from export"] += counts["claims"]
    elif kind == "file" and on_file:
        on_file(item[1])


class _CtrlC:
    """Ctrl-C during a load only sets a flag, read between articles: an interrupt raised in
    the middle of the worker pool's bookkeeping (or of SQLite) could leave a lock held and
    the load hung. Outside the main thread signals cannot be caught; then KeyboardInterrupt
    is handled as it comes."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous = None

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._press)
        return self

    def _press(self, _signum, _frame) -> None:
        self.pressed = True

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


class _Extraction:
    """Extraction in worker processes, or in this process when ``jobs`` is 1.

    The first article is extracted in this process (a single article is not worth a
    process). The others are held until ``jobs`` of them are waiting or a result is wanted;
    then the workers are forked, no more than there are articles held (a few articles get a
    few workers, however many were asked for), with the rule set and spaCy pipeline already
    built, so they start warm. At most ``window`` articles are in flight, which keeps memory
    flat however large the corpus.
    """

    def __init__(self, jobs: int | None):
        self.jobs = worker_count(jobs)
        self.window = 4 * self.jobs
        self.outstanding = 0
        self._pool: ProcessPoolExecutor | None = None
        self._submitted = 0
        self._held: list[_Held] = []  # work for the workers, until there are enough to size the pool

    def __enter__(self) -> _Extraction:
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()

    def submit(self, article: Article):
        self._submitted += 1
        self.outstanding += 1
        if self.jobs > 1 and self._submitted > 1 and can_fork():
            work = _Held(article)
            if self._pool is None:
                self._held.append(work)
                if len(self._held) >= self.jobs:
                    self._start()
            else:
                work.future = self._pool.submit(extract_claims, article)
            return work
        return article  # extracted when its result is asked for, in this process

    def _start(self) -> None:
        default_extractor().warm()
        self._pool = worker_pool(worker_count(self.jobs, len(self._held)))
        for work in self._held:
            work.future = self._pool.submit(extract_claims, work.article)
        self._held = []

    def result(self, work) -> list[Claim]:
        self.outstanding -= 1
        if self._held:
            self._start()  # a result is wanted: the held articles go to workers now
        if isinstance(work, _Held):
            return work.future.result()
        return extract_claims(work)

    def cancel(self) -> None:
        self._held = []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass
class _Held:
    """An article for the workers, and its result once it has been handed to them."""

    article: Article
    future: Future | None = None


def is_export(path: Path) -> bool:
    """Does this JSONL file come from 'export' (records with a type and stored ids)?"""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    first = json.loads(line)
                    return isinstance(first, dict) and first.get("type") == "article" and "content_hash" in first
    except (OSError, ValueError):
        return False
    return False


def json_records(lines: Iterable[str], where: str) -> Iterator[tuple[int, Any]]:
    """(line number, JSON value) for each non-blank line; InputError naming the line otherwise."""
    for n, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield n, json.loads(line)
            except ValueError as exc:
                raise InputError(f"{where}:{n}: not JSON ({exc.msg}); nothing was imported") from None


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as fh:
        yield from json_records(fh, str(path))
