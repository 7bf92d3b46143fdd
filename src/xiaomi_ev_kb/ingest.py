"""Reading article files: text as read, front matter, content hash, publication date.

The text kept for an article is exactly the file's decoded content (front matter
included), so every claim offset counts from the start of the file as read.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .text import match_view

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_BYTES = 10 * 1024 * 1024
MAX_LINE = 200_000  # characters; a longer "line" is minified markup or data, not article text
META_KEYS = ("title", "url", "publisher", "published", "author")


@dataclass
class Article:
    """One article as read, with its metadata and how the publication date is known."""

    path: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    published_precision: str | None = None  # day | month | year
    published_basis: str = (
        "unknown"  # command line | metadata | front matter | stated in text | inferred | unknown
    )
    published_note: str = ""
    body_start: int = 0  # where the text after the front matter begins
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    stored: bool = False  # this exact text is already stored: metadata was not worked out again
    feed: str | None = None  # the JSONL file (resolved) this article is a line of
    feed_id: str | None = None  # the stable id the feed gives the article ("id"), if any

    @property
    def source_key(self) -> str | None:
        """What names this article across its versions (a changed text under the same key is a
        new version): its URL; else its feed's id for it; else its file. A feed line with neither
        URL nor id has none: it is known by its text alone (lines move as a feed grows), and so
        does standard input."""
        if self.url:
            return self.url
        if self.feed is not None:
            return f"{self.feed}#{self.feed_id}" if self.feed_id is not None else None
        return str(Path(self.path).resolve()) if self.path not in ("-", "<stdin>") else None

    @property
    def id(self) -> str:
        return self.content_hash[:16]

    @property
    def published_label(self) -> str | None:
        if self.published is None:
            return None
        if self.published_precision == "month":
            return self.published.strftime("%Y-%m")
        if self.published_precision == "year":
            return str(self.published.year)
        return self.published.isoformat()


def iter_article_paths(
    paths: Iterable[str | Path], problems: list[str] | None = None
) -> Iterator[Path]:
    """Files named, and article files inside folders named, in a stable order ("-" is stdin).

    A folder that cannot be read is an InputError saying so (not "no article files"); a
    subfolder that cannot be read is noted in ``problems`` (if given) and the rest is read."""
    for raw in paths:
        if str(raw) == "-":
            yield Path("-")
            continue
        p = Path(raw)
        if p.is_dir():
            unreadable: list[OSError] = []
            found = sorted(
                Path(root) / name
                for root, _dirs, files in os.walk(p, onerror=unreadable.append)
                for name in files
                if Path(name).suffix.lower() in ARTICLE_SUFFIXES
                and not name.endswith(".meta.json")
                and (Path(root) / name).is_file()
            )
            for exc in unreadable:
                where = Path(exc.filename) if exc.filename else p
                message = f"{where}: cannot read this folder ({exc.strerror or exc}); check its permissions"
                if where == p:
                    raise InputError(message)
                if problems is not None:
                    problems.append(message + "; the rest was read")
            if not found:
                raise InputError(
                    f"{p}: no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder"
                )
            yield from found
        elif p.exists():
            yield p
        else:
            raise InputError(f"{p}: no such file or folder")


def read_article(
    path: str | Path, max_bytes: int = MAX_BYTES, encoding: str | None = None
) -> Article:
    """Read one article file; raise InputError with a one-line reason if it cannot be used."""
    articles = read_articles(path, max_bytes=max_bytes, encoding=encoding)
    if len(articles) != 1:
        raise InputError(f"{path}: holds {len(articles)} articles; read it with read_articles")
    return articles[0]


def read_articles(
    path: str | Path,
    max_bytes: int = MAX_BYTES,
    encoding: str | None = None,
    published: date | None = None,
    stdin: BinaryIO | None = None,
    problems: list[str] | None = None,
    known: Callable[[str], bool] | None = None,
    warnings: list[str] | None = None,
) -> list[Article]:
    """The article(s) a file holds: one for .txt/.md/.html, one per line for .jsonl.

    ``warnings`` gets a line for what was read but not quite as written (bytes that were not
    valid UTF-8 in a UTF-8 file, replaced).

    ``known(content_hash)`` says whether a text is already stored; such an article comes
    back marked ``stored``, without the title, publisher and date worked out again (a
    re-load of an unchanged corpus then costs little more than reading it).

    Metadata comes, strongest first, from ``published`` (the command line), a sidecar
    ``NAME.meta.json``, the file's own metadata (front matter, the page's meta tags, the
    JSONL keys), then the text. Raises InputError with one line naming file and problem.
    """
    p = Path(path)
    if str(path) == "-":
        source = stdin if stdin is not None else sys.stdin.buffer
        raw = source.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise InputError(
                f"<stdin>: over the {max_bytes}-byte limit (raise it with --max-bytes)"
            )
        name, suffix = "<stdin>", ".txt"
    else:
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{p}: {size} bytes is over the {max_bytes}-byte limit (raise it with --max-bytes)"
                )
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
        name, suffix = str(p), p.suffix.lower()
    if suffix == ".jsonl":
        articles = parse_jsonl(raw, name, problems, known, warnings)
    elif suffix in (".html", ".htm"):
        articles = [parse_html(raw, name, encoding, known, warnings)]
    else:
        articles = [parse_article(raw, name, encoding, known, warnings)]
    sidecar = _sidecar(p) if name != "<stdin>" else {}
    for a in articles:
        if sidecar:
            _apply_meta(a, sidecar, "metadata", f"{name}: sidecar")
        if published is not None:
            a.published, a.published_precision, a.published_basis, a.published_note = (
                published,
                "day",
                "command line",
                "--published",
            )
    return articles


def _sidecar(p: Path) -> dict[str, str]:
    """``NAME.meta.json`` (or ``NAME.ext.meta.json``) beside the file, if there is one."""
    for candidate in (p.with_name(p.stem + ".meta.json"), p.with_name(p.name + ".meta.json")):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(f"{candidate}: not a JSON object of metadata ({exc})") from None
            if not isinstance(data, dict):
                raise InputError(f"{candidate}: not a JSON object of metadata")
            return {k: str(v) for k, v in data.items() if k in META_KEYS and v is not None}
    return {}


def _apply_meta(a: Article, meta: dict[str, str], basis: str, where: str) -> None:
    for key in ("title", "url", "publisher", "author"):
        if meta.get(key):
            setattr(a, key, meta[key].strip())
    if meta.get("published"):
        a.published = parse_iso_date(meta["published"], where)
        a.published_precision, a.published_basis, a.published_note = "day", basis, ""


_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_iso_date(value: str, where: str) -> date:
    """An ISO date (a time part is allowed and ignored); InputError naming ``where`` otherwise."""
    value = str(value).strip()
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(
            f"{where}: 'published: {value[:40]}' is not a real ISO date (YYYY-MM-DD)"
        ) from None


# --- decoding ------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_C0 = re.compile(rb"[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def decode_bytes(
    raw: bytes, path: str, encoding: str | None = None, warnings: list[str] | None = None
) -> tuple[str, str]:
    """(text, encoding): the given encoding, else a BOM, UTF-8, UTF-16 without BOM, GB18030
    (Chinese pages) or Windows-1252; anything else is refused with a hint.

    A UTF-8 file with a few bytes that are not UTF-8 (a stray byte pasted in) stays UTF-8: those
    bytes become U+FFFD and ``warnings`` says where. Only a file that is clearly in another
    encoding (no valid UTF-8 character beyond ASCII, or more bad bytes than good characters)
    is read as one: reading the whole file as Windows-1252 for one stray byte made every other
    character mojibake, silently."""
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid {encoding} (byte {exc.start}); try another --encoding"
            ) from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name
            except UnicodeDecodeError:
                break
    if b"\x00" in raw:
        even, odd = raw[0::2].count(0), raw[1::2].count(0)
        if len(raw) % 2 == 0 and max(even, odd) > len(raw) // 4 and min(even, odd) < len(raw) // 50:
            name = "utf-16-le" if odd > even else "utf-16-be"
            try:
                return raw.decode(name), name
            except UnicodeDecodeError:
                pass
        raise InputError(
            f"{path}: holds NUL bytes, so it is binary, not text (save the article as text)"
        )
    if len(_C0.findall(raw[:4096])) > 8:
        raise InputError(
            f"{path}: holds control bytes, so it is binary, not text (save the article as text)"
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        text, bad = mostly
        if warnings is not None:
            warnings.append(
                f"{path}: {bad} byte{'s' if bad != 1 else ''} not valid UTF-8 (the first at byte {first_bad}) "
                "replaced by U+FFFD; the rest read as UTF-8 (pass --encoding if the file is in another encoding)"
            )
        return text, "utf-8"
    if not _mostly_isolated_high_bytes(raw):  # Chinese comes in runs of two-byte characters
        try:
            text = raw.decode("gb18030")
            high = [ch for ch in text if ord(ch) > 127]
            if high and len(_CJK.findall(text)) >= 0.8 * len(high):
                return text, "gb18030"
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("cp1252")
        if sum(ord(ch) > 127 for ch in text) <= 0.1 * len(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    raise InputError(
        f"{path}: cannot tell the text encoding; pass --encoding (e.g. utf-8, gb18030, cp1252, utf-16)"
    )


_ESCAPED = re.compile("[\udc80-\udcff]")


def _mostly_utf8(raw: bytes) -> tuple[str, int] | None:
    """(text with the bytes that are not UTF-8 as U+FFFD, how many) for UTF-8 with a few bad
    bytes: at least one valid character beyond ASCII, and no more bad bytes than such
    characters. None for a file in another encoding, whose text beyond ASCII is nearly all
    invalid as UTF-8 (Windows-1252's lone high bytes, GB18030's pairs)."""
    text = raw.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    if good == 0 or bad > good:
        return None
    return _ESCAPED.sub("\ufffd", text), bad


def _mostly_isolated_high_bytes(raw: bytes) -> bool:
    """Windows-1252 text has lone high bytes between ASCII ("Xiaomi\x92s"); GB18030 text has runs."""
    high = isolated = 0
    for i, b in enumerate(raw):
        if b >= 0x80:
            high += 1
            if (i == 0 or raw[i - 1] < 0x80) and (i + 1 == len(raw) or raw[i + 1] < 0x80):
                isolated += 1
    return high > 0 and isolated > 0.5 * high


def _check_text(text: str, path: str) -> None:
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE:
        raise InputError(
            f"{path}: a line of {longest} characters is not article text (minified page? save it as .html)"
        )


def parse_article(
    raw: bytes,
    path: str,
    encoding: str | None = None,
    known: Callable[[str], bool] | None = None,
    warnings: list[str] | None = None,
) -> Article:
    """Decode, split off front matter, and date an article given as bytes."""
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    text, used = decode_bytes(raw, path, encoding, warnings)
    if text.startswith("\ufeff"):
        text = text[1:]
    return article_from_text(text, path, encoding=used, known=known)


def article_from_text(
    text: str,
    path: str,
    meta: dict[str, str] | None = None,
    basis: str = "metadata",
    encoding: str = "utf-8",
    known: Callable[[str], bool] | None = None,
) -> Article:
    """An article from its text as kept (offsets count from its first character)."""
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if known is not None and known(content_hash):  # this very text passed the checks when stored
        return Article(
            path=path, text=text, content_hash=content_hash, encoding=encoding, stored=True
        )
    _check_text(text, path)
    front, body_start = parse_front_matter(text, path)
    article = Article(
        path=path,
        text=text,
        content_hash=content_hash,
        title=front.get("title") or guess_title(text[body_start:]),
        url=front.get("url"),
        publisher=front.get("publisher") or detect_publisher(text[body_start:]),
        author=front.get("author"),
        body_start=body_start,
        meta=front,
        encoding=encoding,
    )
    if front.get("published") or front.get("date"):  # "date:" is the Jekyll/Hugo name for it
        article.published = parse_iso_date(
            front.get("published") or front["date"], f"{path}: front matter"
        )
        article.published_precision = "day"
        article.published_basis = "front matter"
    if meta:
        _apply_meta(article, meta, basis, path)
    if article.published is None:
        found = date_article(text[body_start:])
        if found:
            (
                article.published,
                article.published_precision,
                article.published_basis,
                article.published_note,
            ) = found
    return article


def parse_html(
    raw: bytes,
    path: str,
    encoding: str | None = None,
    known: Callable[[str], bool] | None = None,
    warnings: list[str] | None = None,
) -> Article:
    """A saved web page: main text and metadata (title, date, site name) by trafilatura.

    The extracted text is what the article keeps and what offsets refer to. Nothing is
    fetched: trafilatura works on the bytes given.
    """
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    html, used = decode_bytes(raw, path, encoding, warnings)
    import trafilatura  # imported here: it costs ~0.5 s and only pages need it

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(f"{path}: cannot read the page ({exc.__class__.__name__})") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if len(text.split()) < 15 or not re.search(r"[.!?。]", text):
        # a page without an article: what comes back is its menu ("Home", "News"), not text
        raise InputError(f"{path}: no article text found in the page")
    meta = {
        "title": getattr(doc, "title", None) or "",
        "url": getattr(doc, "url", None) or "",
        "publisher": getattr(doc, "sitename", None) or "",
        "author": getattr(doc, "author", None) or "",
    }
    page_date = getattr(doc, "date", None)
    if page_date and _ISO_DATE.fullmatch(str(page_date)):
        meta["published"] = str(page_date)
    return article_from_text(
        text.strip() + "\n", path, {k: v for k, v in meta.items() if v}, "metadata", used, known
    )


def parse_jsonl(
    raw: bytes,
    path: str,
    problems: list[str] | None = None,
    known: Callable[[str], bool] | None = None,
    warnings: list[str] | None = None,
) -> list[Article]:
    """One article per line: {"text": ..., "title": ..., "url": ..., "publisher": ..., "published": ...,
    "id": ...}. An article is a version of the one with the same url, else the same id in this
    feed; without either, it is known by its text (see Article.source_key).

    A bad line raises InputError naming it; given a ``problems`` list, it is noted there
    instead and the good lines still load.
    """
    text, _ = decode_bytes(raw, path, None, warnings)
    articles = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{where}: not a JSON object ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                if isinstance(record, dict) and record.get("type") == "claim":
                    continue  # an export's claim lines: load re-extracts claims from the text
                raise InputError(f'{where}: needs a "text" string')
            meta = {k: str(record[k]) for k in META_KEYS if record.get(k) is not None}
            article = article_from_text(record["text"], where, meta, "metadata", known=known)
            if path != "<stdin>":
                article.feed = str(Path(path).resolve())
            if (
                isinstance(record.get("id"), str | int)
                and not isinstance(record["id"], bool)
                and str(record["id"]).strip()
            ):
                article.feed_id = str(record["id"]).strip()
            articles.append(article)
        except InputError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    if not articles and problems:
        raise InputError(problems.pop())
    if not articles:
        raise InputError(f"{path}: the file is empty")
    return articles


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def parse_front_matter(text: str, path: str = "<text>") -> tuple[dict[str, str], int]:
    """``key: value`` lines between two ``---`` lines at the top; returns (meta, body start)."""
    m = _FRONT.match(text)
    if not m:
        if re.match(r"\ufeff?---[ \t]*\r?\n", text):
            raise InputError(
                f"{path}: front matter starts with '---' but has no closing '---' line"
            )
        return {}, 0
    meta: dict[str, str] = {}
    for n, line in enumerate(m.group(1).splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            raise InputError(
                f"{path}: front matter line {n} is not 'key: value': {line.strip()[:60]!r}"
            )
        meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, m.end()


def guess_title(text: str) -> str | None:
    """The headline of a saved page: the first early line of five or more words that names
    Xiaomi (navigation bars and bylines come first on many pages), else the first line."""
    lines = [ln.strip() for ln in text.splitlines()[:20] if ln.strip()]
    for line in lines:
        if (
            len(line.split()) >= 5
            and re.search(r"xiaomi|小米", line, re.I)
            and not re.match(r"(published|posted|by|tags?|updated)\b", line, re.I)
        ):
            return line[:200]
    return lines[0][:200] if lines else None


_PUBLISHER_PATTERNS = (
    re.compile(r"\bFrom:\s*([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})"),
    re.compile(r"©\s*(?:\d{4}\s+)?([A-Z][\w.&-]*(?:\.(?:net|com|cn))?)", re.I),
    re.compile(r"\bCopyright\s*(?:©\s*)?(?:\d{4}\s+)?([A-Z][\w.&-]+)"),
)


def detect_publisher(body: str) -> str | None:
    """A publisher named by the page itself ("From: X", "© 2024 X"), if any."""
    for pattern in _PUBLISHER_PATTERNS:
        m = pattern.search(body)
        if m:
            name = m.group(1).strip()
            name = re.sub(r"\.(net|com|cn)$", "", name, flags=re.I)
            return name or None
    return None


# --- publication dates -------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
_FULL_MDY = re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE},?\s+(\d{{4}})\b")
_FULL_DMY = re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE},?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?!,?\s*\d{{4}})(?!\s*(?:st|nd|rd|th)?\s*\d)")
_MONTH_YEAR = re.compile(rf"\b{_MONTH_RE},?\s+(\d{{4}})\b")
_YEAR = re.compile(r"(?<![\d,.$¥-])\b(19[89]\d|20\d\d)\b(?!,\d|\d|-\d)")
_STATED = re.compile(
    r"(?:^|\||[ \t]{2,}|\t)[ \t]*(?:published|posted|updated|date|release(?:d|\s+time|\s+date)|publication\s+date|"
    r"发布于|发布时间)[ \t]*(?:on|:|：)?[ \t]*(?:[A-Za-z]+,[ \t]*)?",
    re.I | re.M,
)
# a line near the top that is a date, with a time and a zone or page furniture after it:
# "March 30, 2024 1:02 PM GMT+8", "2024-02-20 10:46:12   Source: ...", "Nov 18, 2024, 08:30 ET"
_DATE_LINE = re.compile(
    r"^[ \t]*(?P<date>\d{4}-\d{2}-\d{2}|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"(?:,?[ \t]+(?:at[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*(?:AM|PM|a\.m\.|p\.m\.))?"
    r"(?:[ \t]*(?:GMT|UTC|ET|EST|EDT|CST|BJT|HKT|SGT|IST)(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?"
    r"[ \t]*(?:$|\||[ \t]{2,}|(?:Source|By|From|Editor|Author)\b)",
    re.I | re.M,
)
# a byline's date between separators: "By Marta K. · 21 October 2025 · 6 min read"
_BYLINE_DATE = re.compile(
    rf"^[^\n]{{0,80}}[·•|][ \t]*(?P<date>{_DAY_RE}[ \t]+{_MONTH_RE},?[ \t]+\d{{4}}|{_MONTH_RE}[ \t]+{_DAY_RE},?[ \t]+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"[ \t]*(?:[·•|]|$)",
    re.I | re.M,
)
# "Posted by Dan Whitfield on June 12, 2024 · Filed under ...", "By Jane Doe on 3 March 2024"
_BY_ON = re.compile(
    r"^[ \t]*(?:(?:posted|published|written|filed)[ \t]+)?by[ \t]+[^\n|·•]{1,60}?[ \t]+on[ \t]+(?P<rest>[^\n|·•]{6,40})",
    re.I | re.M,
)
_BOILERPLATE_LINE = re.compile(r"©|copyright|all rights reserved|\bupdate\b|\bupdated\b", re.I)
# "© 2025 Gadget Chronicle", "Copyright 2019-2025": a page is not older than its copyright line
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\bcopyright\b)[ \t]*(?:©[ \t]*)?(?:(?:19|20)\d\d[ \t]*[-–][ \t]*)?((?:19|20)\d\d)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(will|expected|expects|expect|plans?|planned|planning|aims?|target|targets|goal|"
    r"by the end|scheduled|slated|to be|next year|intends?|hopes?|forecast|pencil+ed|due(?!\s+to\b)|on track|set for)\b",
    re.I,
)
_SPEECH_BEFORE = re.compile(
    r"\b(according to|said|says|reported|announced|revealed|told|stated|disclosed|released)\b[^.;]{0,80}$",
    re.I,
)
_QUOTED = re.compile(r"\"[^\"]{0,400}\"")
_LAST_MONTH = re.compile(r"\blast month\b", re.I)
_MONTH_WORD = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DAY_WORD_DATE = re.compile(  # "yesterday, 3rd April", "today (March 28)"
    r"\b(?P<w>yesterday|today|tonight)\s*[,(]?\s*(?:on\s+)?(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?:(?P<m1>{_MONTH_WORD})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_WORD})\.?)\b",
    re.I,
)
_SINCE = re.compile(  # "exactly two weeks since Xiaomi's YU7 launch night (Thursday June 26th)"
    r"\b(?:exactly\s+|just\s+)?(?P<n>a|one|two|three|four|\d)\s+(?P<unit>day|week)s?\s+since\b[^.]{0,80}?"
    r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?:(?P<m1>{_MONTH_WORD})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_WORD}))\b",
    re.I,
)
_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_DATELINE = re.compile(  # "BEIJING, Aug 25, 2023 (Reuters) -", "HONG KONG/BEIJING, March 30 (Reuters) -",
    # "BEIJING, Nov. 18, 2024 /PR Newswire/ --"
    rf"^[A-Z][A-Z ./]{{2,40}},?\s+{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+(\d{{4}}))?\s*(?:\([^)]{{1,40}}\))?"
    r"\s*(?:/[^/\n]{1,40}/)?\s*[-–—:]",
    re.M,
)
_DATELINE_DMY = re.compile(  # "Paris, 5 March 2024 —"
    rf"^[A-Z][A-Za-z .]{{2,30}},\s+{_DAY_RE}\s+{_MONTH_RE},?\s+(\d{{4}})\s*(?:\([^)]{{1,40}}\))?\s*[-–—:]",
    re.M,
)


def _mk(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_full(s: str) -> date | None:
    for rx, order in ((_FULL_MDY, "mdy"), (_FULL_DMY, "dmy")):
        m = rx.search(s)
        if m:
            if order == "mdy":
                mon, day, year = m.group(1), m.group(2), m.group(3)
            else:
                day, mon, year = m.group(1), m.group(2), m.group(3)
            return _mk(int(year), _MONTHS[mon.lower().rstrip(".")], int(day))
    m = _ISO.search(s)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _parse_loose(text: str) -> date | None:
    """Other written-out date formats ("29 Mar. 2024 08:15", "2024年3月29日") via dateparser.

    Only for a short string already known to follow "Published"; strict parsing, so a
    partial date ("March 2024") is not taken for a day.
    """
    if not text or not re.search(r"\d", text):
        return None
    import dateparser  # imported here: it costs ~0.3 s and most articles never need it

    try:
        parsed = dateparser.parse(
            text,
            languages=["en", "zh"],
            settings={
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; an unparsed date is no date
        return None
    return parsed.date() if parsed else None


def date_article(body: str) -> tuple[date, str, str, str] | None:
    """(date, precision, basis, note) for an article without metadata, or None.

    1. stated: "Published on August 30th, 2023", "Posted: 2023-08-30", or a dated
       dateline near the top;
    2. inferred: the latest dated past event the article reports ("On August 23,
       according to ..."), with the year taken from the years the article speaks of
       in the past and the future; if it speaks of "last month" the article is taken
       to be from the month after that latest event. A page's "Update" stamp and
       copyright line are not publication dates.
    """
    view = match_view(body)
    head = "\n".join(view.splitlines()[:15])
    top = "\n".join(view.splitlines()[:25])  # a dateline can sit below a long page header
    for m in _STATED.finditer(head):
        if "updated" in m.group(0).lower():
            continue
        rest = re.split(r"\||\bby\b|\n", head[m.end() : m.end() + 60])[0].strip()
        d = _parse_full(rest) or _parse_loose(rest)
        if d:
            return d, "day", "stated in text", f"'{m.group(0).strip()} {rest}'"
    for m in _BY_ON.finditer(head):
        rest = m.group("rest").strip()
        d = _parse_full(rest) or _parse_loose(rest)
        if d:
            return d, "day", "stated in text", f"byline '{m.group(0).strip()}'"
    for rx in (_DATE_LINE, _BYLINE_DATE):
        for m in rx.finditer(head):
            line = head[m.start() :].split("\n", 1)[0]
            if _BOILERPLATE_LINE.search(line):
                continue  # "Updated on November 28, 2021", "2024-03-04 Update From: ..."
            d = _parse_full(m.group("date"))
            if d:
                return d, "day", "stated in text", f"date line '{line.strip()[:80]}'"
    m = _DATELINE.search(top)
    if m and m.group(3):
        d = _mk(int(m.group(3)), _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
        if d:
            return d, "day", "stated in text", f"dateline '{m.group(0).strip()}'"
    if m:
        # a dateline without a year ("BEIJING, July 19 (APW) -"): the year of a full date of
        # that day in the text, else the year the article speaks of
        month, day = _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
        same_day = [d for d in _full_dates(view) if (d.month, d.day) == (month, day)]
        year = same_day[-1].year if same_day else _dateline_year(view, m.end(), month, day)
        d = _mk(year, month, day) if year else None
        if d:
            return (
                d,
                "day",
                "stated in text",
                f"dateline '{m.group(0).strip()}', year {year} from the text",
            )
    m = _DATELINE_DMY.search(head)
    if m:
        d = _mk(int(m.group(3)), _MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
        if d:
            return d, "day", "stated in text", f"dateline '{m.group(0).strip()}'"
    return _infer_date(view)


def _full_dates(view: str) -> list[date]:
    """Every full written date of the text ("March 30, 2021"), in order."""
    found = []
    for rx, order in ((_FULL_MDY, "mdy"), (_FULL_DMY, "dmy")):
        for m in rx.finditer(view):
            mon, day = (m.group(1), m.group(2)) if order == "mdy" else (m.group(2), m.group(1))
            d = _mk(int(m.group(3)), _MONTHS[mon.lower().rstrip(".")], int(day))
            if d:
                found.append((m.start(), d))
    return [d for _, d in sorted(found)]


_WEEKDAY = re.compile(r"\bon\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR_WORD = re.compile(r"(?<![\d,.$¥-])\b(199\d|20\d\d)\b(?![\d,]|-\d|\.[A-Za-z])")


def _dateline_year(view: str, at: int, month: int, day: int) -> int | None:
    """The year of a dateline that gives none: when its story says "on Friday", the year near
    the latest one the article names in which that day is a Friday; else the year the article
    speaks from (see _infer_date)."""
    named = {_WEEKDAYS.index(w.group(1).lower()) for w in _WEEKDAY.finditer(view, at, at + 600)}
    if named:
        # the dateline's day is one the story names ("rose on Friday"), or the day after one
        # ("sales opened on Thursday evening", filed on Friday): the year that fits most of them
        years = [int(y) for y in _YEAR_WORD.findall(view)] or [int(y) for y in _YEAR.findall(view)]
        if years:
            latest = max(years)
            scored = []
            for y in range(min(years) - 2, latest + 2):
                d = _mk(y, month, day)
                if d is None:
                    continue
                score = 2 * (d.weekday() in named) + sum((d.weekday() - w) % 7 == 1 for w in named)
                if score:
                    scored.append((score, -abs(y - latest), y))
            if scored:
                return max(scored)[2]
    found = _infer_date(view)
    return found[0].year if found else None


def _weekday_year(view: str, month: int, day: int, weekday: int) -> int | None:
    """The year, near the latest one the article names, in which month/day falls on ``weekday``."""
    years = [int(y) for y in _YEAR_WORD.findall(view)] or [int(y) for y in _YEAR.findall(view)]
    if not years:
        return None
    latest = max(years)
    fits = [
        y
        for y in range(min(years) - 2, latest + 2)
        if _mk(y, month, day) and date(y, month, day).weekday() == weekday
    ]
    return min(fits, key=lambda y: (abs(y - latest), -y)) if fits else None


def _infer_date(view: str) -> tuple[date, str, str, str] | None:
    lines = [ln for ln in view.splitlines() if ln.strip() and not _BOILERPLATE_LINE.search(ln)]
    # Headlines speak of the future in the present tense ("Mass production in 2024!"):
    # the first line and short lines without a final full stop are not evidence.
    lines = [
        ln for i, ln in enumerate(lines) if i > 0 and (ln.rstrip().endswith(".") or len(ln) > 120)
    ]
    text = "\n".join(lines)
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    past_years: list[int] = []
    future_years: list[int] = []
    full_dates: list[date] = []
    month_days: list[tuple[int, int]] = []
    month_years: list[tuple[int, int]] = []
    for sent in re.split(r"(?<=[.!?])\s+|\n", unquoted):
        if not sent.strip():
            continue
        future = bool(_FUTURE.search(sent))
        for m in _YEAR.finditer(sent):
            (future_years if future else past_years).append(int(m.group(1)))
        for m in _MONTH_DAY.finditer(sent):
            speech = bool(_SPEECH_BEFORE.search(sent[: m.start()]))
            if future and not speech:
                continue
            month_days.append((_MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))))
        if future:
            continue
        d = _parse_full(sent)
        if d:
            full_dates.append(d)
        for m in _MONTH_YEAR.finditer(sent):
            month_years.append((int(m.group(2)), _MONTHS[m.group(1).lower().rstrip(".")]))
    year_candidates = []
    if past_years:
        year_candidates.append(max(past_years))
    if future_years:
        year_candidates.append(min(future_years) - 1)
    year = max(year_candidates) if year_candidates else None
    cap = max((int(y) for y in _COPYRIGHT_YEAR.findall(view)), default=None)
    if year is not None and cap is not None and year > cap:
        year = cap  # "Europe is pencilled in for 2027" on a page "© 2025": not from 2027
    since = _SINCE.search(unquoted)
    if since and year is not None:
        # "exactly two weeks since the launch night (Thursday June 26th)": that day plus the wait,
        # the year the one in which the day falls on the weekday named, if one is
        month = _MONTHS[(since.group("m1") or since.group("m2")).lower().rstrip(".")]
        day = int(since.group("d1") or since.group("d2"))
        named = since.group("wd")
        event_year = (
            _weekday_year(view, month, day, _WEEKDAYS.index(named.lower())) if named else None
        ) or year
        d = _mk(event_year, month, day)
        if d:
            n = _COUNT_WORDS.get(since.group("n").lower()) or int(since.group("n"))
            d += timedelta(days=n * (7 if since.group("unit").lower() == "week" else 1))
            return d, "day", "inferred", f"'{since.group(0).strip()}'"
    told = _DAY_WORD_DATE.search(unquoted)
    if told and year is not None:
        # "yesterday, 3rd April, Xiaomi handed over the first cars": the article is of the day after
        month = _MONTHS[(told.group("m1") or told.group("m2")).lower().rstrip(".")]
        day = int(told.group("d1") or told.group("d2"))
        d = _mk(year, month, day)
        if d:
            d += timedelta(days=1 if told.group("w").lower() == "yesterday" else 0)
            return (
                d,
                "day",
                "inferred",
                f"'{told.group(0).strip()}'; year from the years it speaks of ({year})",
            )
    candidates: list[tuple[date, str, str]] = []
    for d in full_dates:
        candidates.append((d, "day", d.isoformat()))
    for y, mth in month_years:
        d = _mk(y, mth, calendar.monthrange(y, mth)[1])
        if d:
            candidates.append((d, "month", f"{calendar.month_name[mth]} {y}"))
    if year is not None:
        for mth, day in month_days:
            d = _mk(year, mth, day)
            if d:
                candidates.append((d, "day", f"{calendar.month_name[mth]} {day}"))
    if cap is not None:
        candidates = [c for c in candidates if c[0].year <= cap]
    if not candidates:
        if year is None:
            return None
        return date(year, 1, 1), "year", "inferred", f"years the article speaks of point to {year}"
    latest, precision, what = max(candidates, key=lambda c: c[0])
    note = f"latest dated event the article reports: {what}"
    if year is not None:
        note += f"; year from the years it speaks of ({year})"
    if _LAST_MONTH.search(unquoted) and precision == "day" and latest < date(9999, 12, 1):
        nxt = (latest.replace(day=1) + timedelta(days=32)).replace(day=1)
        return nxt, "month", "inferred", note + "; it speaks of that month as 'last month'"
    return latest, precision, "inferred", note
