"""Progress bars for the command line: Rich, on standard error, for a person at a terminal.

A bar appears only once its job has run for a second (quick commands print nothing extra),
only when standard error is a terminal, and never when the command writes data to standard
output (the data may be read by a program, and a terminal showing both would mix them).
Library functions report progress through plain callbacks; only ``cli.py`` uses this module.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")

DELAY = 1.0  # seconds a job runs before its bar appears


class Bar:
    """One progress bar whose display starts after ``delay`` seconds, if it is enabled at all."""

    def __init__(self, label: str, console: Console, enabled: bool, delay: float | None = None):
        delay = DELAY if delay is None else delay
        self.enabled = enabled
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not enabled,
        )
        self._task = self._progress.add_task(escape(label), total=None, note="")
        self._lock = threading.Lock()
        self._shown = False
        self._closed = False
        self._timer = threading.Timer(delay, self._show) if enabled else None
        if self._timer:
            self._timer.daemon = True
            self._timer.start()

    @property
    def shown(self) -> bool:
        return self._shown

    def _show(self) -> None:
        with self._lock:
            if not self._closed and not self._shown:
                self._progress.start()
                self._shown = True

    def update(
        self,
        *,
        total: int | None = None,
        advance: int = 0,
        completed: int | None = None,
        label: str | None = None,
        note: str | None = None,
    ) -> None:
        fields: dict = {}
        if total is not None:
            fields["total"] = total
        if completed is not None:
            fields["completed"] = completed
        if advance:
            fields["advance"] = advance
        if label is not None:
            fields["description"] = escape(label)
        if note is not None:
            fields["note"] = escape(note)
        self._progress.update(self._task, **fields)

    def step(self, label: str, done: int, total: int) -> None:
        """A library's (what, done, total) callback."""
        self.update(label=label, completed=done, total=total)

    def counted(self, label: str):
        """A library's (done, total) callback, under this label."""
        return lambda done, total: self.update(label=label, completed=done, total=total)

    def track(self, items: Iterable[T], total: int | None = None) -> Iterator[T]:
        """The items, advancing the bar by one for each."""
        if total is not None:
            self.update(total=total, completed=0)
        for item in items:
            yield item
            self.update(advance=1)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer:
                self._timer.cancel()
            if self._shown:
                self._progress.stop()


def bar_wanted(console: Console, data_on_stdout: bool = False) -> bool:
    """Show a bar on this (standard error) console? Not when it is no terminal, nor when the
    command's data goes to standard output."""
    return console.is_terminal and not data_on_stdout


@contextmanager
def progress_bar(label: str, console: Console, data_on_stdout: bool = False, delay: float | None = None) -> Iterator[Bar]:
    """A Bar for the duration of a job; gone (transient) when the job ends."""
    bar = Bar(label, console, bar_wanted(console, data_on_stdout), delay)
    try:
        yield bar
    finally:
        bar.close()
