"""Loading articles: read, extract, store; one transaction per article.

A bad file is reported on one line and the others still load; Ctrl-C stops after
the article being written, so what is stored is always whole articles.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InputError
from .extract import extract_claims
from .ingest import MAX_BYTES, iter_article_paths, read_articles
from .storage import KB, has_article, import_rows, replace_claims, store_article


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


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Article files to read, and the named paths that could not be used."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        try:
            files.extend(iter_article_paths([p]))
        except InputError as exc:
            problems.append((str(p), str(exc)))
    return files, problems


def load_paths(
    kb: KB,
    paths: Iterable[str | Path],
    on_file: Callable[[Path], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    options: LoadOptions | None = None,
) -> LoadReport:
    """Load files and folders into ``kb``; a bad file is reported and the others still load.

    ``on_start(n)`` is told how many files will be read, ``on_file(path)`` each one done.
    """
    options = options or LoadOptions()
    files, problems = collect_paths(paths)
    report = LoadReport(failed=problems)
    if on_start:
        on_start(len(files))
    for path in files:
        try:
            if path.suffix.lower() == ".jsonl" and is_export(path):
                # an export of a knowledge base: restore it exactly rather than re-reading it
                counts = import_rows(kb, _records(path), str(path))
                report.loaded.extend(f"{path}#{n}" for n in range(counts["articles"]))
                if counts["claims"]:
                    report.claims_per_topic["restored from export"] += counts["claims"]
                if on_file:
                    on_file(path)
                continue
            line_problems: list[str] = []
            articles = read_articles(
                path, max_bytes=options.max_bytes, encoding=options.encoding, published=options.published, problems=line_problems
            )
            report.failed.extend((str(path), problem) for problem in line_problems)
            for article in articles:
                if article.published is None:
                    report.warnings.append(
                        (article.path, f"{article.path}: no publication date found; relative dates stay unresolved "
                         "(give one with --published or front matter 'published: YYYY-MM-DD')")
                    )
                if has_article(kb, article.content_hash):
                    report.unchanged.append(article.path)
                    continue
                claims = extract_claims(article)
                outcome = store_article(kb, article, claims)
                if outcome == "unchanged" and replace_claims(kb, article, claims):
                    outcome = "re-extracted"  # stored by an older rule set: its claims are renewed
                if outcome == "unchanged":
                    report.unchanged.append(article.path)
                else:
                    report.loaded.append(article.path)
                    if outcome == "new version":
                        report.new_versions.append(article.path)
                    report.claims_per_topic.update(c.topic for c in claims)
        except InputError as exc:
            report.failed.append((str(path), str(exc)))
        except KeyboardInterrupt:
            # the article being written was committed or rolled back whole; stop here
            report.interrupted = True
            break
        if on_file:
            on_file(path)
    return report


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


def json_records(lines: Iterable[str], where: str) -> Iterator[dict]:
    """JSON objects, one per non-blank line; InputError naming the line otherwise."""
    for n, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise InputError(f"{where}:{n}: not JSON ({exc.msg})") from None


def _records(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        yield from json_records(fh, str(path))
