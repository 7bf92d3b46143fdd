"""Sentences and a matching view of the text that keeps every offset exact.

The extractor matches against ``match_view(text)``: the same string with
non-breaking and other exotic spaces turned into plain spaces and curly quotes
into straight ones. It has the same length as the text, so an offset found in
the view is an offset into the file as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\uff0c": ",",
        "\uff08": "(",
        "\uff09": ")",
    }
)


def match_view(text: str) -> str:
    """The text with look-alike characters folded, one character for one."""
    return text.translate(_SAME_LENGTH)


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: offsets into the article text, and its paragraph."""

    start: int
    end: int
    text: str
    paragraph: int
    view: str = ""  # match_view(text), already computed for the whole article


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_MAX_PARAGRAPH = 100_000  # characters handed to spaCy at once; longer runs are cut
# Characters in one sentence at most. The rules search a sentence once per match they find in
# it, so the work grows with the square of its length: text without punctuation (a 10 MB file
# of it ran at about 11 KB/s, with memory some 70 times the file) is cut into pieces of this
# size at spaces. The longest real sentences in the seeds, fixtures and bench corpus are under
# 350 characters; bench/run.py measures text without punctuation against the same text with it.
MAX_SENTENCE = 600


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = max(nlp.max_length, _MAX_PARAGRAPH + 1)
    return nlp


def split_sentences(text: str) -> list[Sentence]:
    """Paragraphs (blank-line separated, and single lines) split into sentences.

    Each line is treated as at least its own unit: news pages put headlines,
    navigation and captions on lines without final punctuation.
    """
    view = match_view(text)
    chunks: list[tuple[int, str, int]] = []
    paragraph = 0
    for block in _PARAGRAPH.finditer(view):
        for line in re.finditer(r"[^\n]+", block.group()):
            raw = line.group()
            if not raw.strip():
                continue
            base = block.start() + line.start()
            for i in range(0, len(raw), _MAX_PARAGRAPH):
                chunks.append((base + i, raw[i : i + _MAX_PARAGRAPH], paragraph))
        paragraph += 1
    # spaCy loads on first use: commands that only read the knowledge base never pay for it
    from spacy.attrs import IDX, SENT_START

    out: list[Sentence] = []
    docs = _nlp().pipe(c[1] for c in chunks)
    for (base, chunk, para), doc in zip(chunks, docs, strict=True):
        # sentence starts as character offsets, read in one array call rather than by
        # walking Span objects token by token (the walk cost more than the tokenizer)
        starts = [idx for flag, idx in doc.to_array([SENT_START, IDX]).tolist() if flag == 1] or [0]
        # "Car No. 100,000", "the No. 2 plant": the number abbreviation does not end a sentence
        starts = [i for i in starts if not (i > 0 and _NUMBER_ABBREV.search(chunk, 0, i) and chunk[i : i + 1].isdigit())]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        bounds = starts[1:] + [len(chunk)]
        for start, stop in zip(starts, bounds, strict=True):
            for s, e in _pieces(chunk, start, stop):
                while s < e and chunk[s].isspace():
                    s += 1
                while e > s and chunk[e - 1].isspace():
                    e -= 1
                if e > s:
                    out.append(Sentence(base + s, base + e, text[base + s : base + e], para, chunk[s:e]))
    return out


_NUMBER_ABBREV = re.compile(r"(?<![\w.])Nos?\.\s*$")


def _pieces(chunk: str, start: int, stop: int) -> list[tuple[int, int]]:
    """chunk[start:stop] in pieces of at most MAX_SENTENCE characters, each cut after the last
    space of its second half (a word longer than that is cut where it must be)."""
    pieces = []
    while stop - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(chunk.rfind(" ", start + MAX_SENTENCE // 2, limit), chunk.rfind("\n", start + MAX_SENTENCE // 2, limit))
        cut = cut + 1 if cut > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, stop))
    return pieces
