"""Sentences and the same-length matching view."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaomi_ev_kb.text import match_view, split_sentences


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("200,000\u00a0EVs", "200,000 EVs"),
        ("Xiaomi\u2019s plant", "Xiaomi's plant"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("2023\u20132024", "2023-2024"),
        ("plain", "plain"),
    ],
)
def test_text_match_view_folds_look_alikes_one_for_one(raw, folded):
    assert match_view(raw) == folded
    assert len(match_view(raw)) == len(raw)


def test_text_sentences_keep_exact_offsets_and_paragraphs():
    text = "Headline without stop\n\nFirst sentence here. Second one, with\u00a0nbsp.\nA new line.\n\nNext paragraph."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Headline without stop",
        "First sentence here.",
        "Second one, with\u00a0nbsp.",
        "A new line.",
        "Next paragraph.",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text
    assert sents[0].paragraph < sents[1].paragraph == sents[3].paragraph < sents[4].paragraph


def test_text_abbreviated_months_do_not_split():
    (s,) = split_sentences("On Aug. 19, Lei Jun took part in a road test.")
    assert s.text.endswith("road test.")


@pytest.mark.parametrize(
    "text",
    ["November 18, 2024: Car No. 100,000", "The No. 2 plant opened in June.", "Xiaomi Nos. 1 and 2 lines run two shifts."],
)
def test_text_number_abbreviation_does_not_split(text):
    assert [s.text for s in split_sentences(text)] == [text]


@given(st.text(max_size=400))
def test_text_sentences_are_exact_spans_for_any_text(text):
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text


def test_text_an_unpunctuated_run_is_cut_into_bounded_sentences_at_spaces():
    """Text without punctuation is one 'sentence' as long as its line (up to 200,000 characters),
    and the rules' work grows with the square of a sentence: it is cut at spaces into pieces of
    at most MAX_SENTENCE characters, with offsets exact and every word whole."""
    from xiaomi_ev_kb.text import MAX_SENTENCE

    words = [f"word{n % 97}" for n in range(12_000)]
    text = "Intro line\n" + " ".join(words) + "\n"
    sentences = split_sentences(text)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    assert len(sentences) > len(text) // MAX_SENTENCE
    for s in sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip()
    assert " ".join(s.text for s in sentences[1:]).split() == words  # nothing lost, no word cut


def test_text_a_sentence_under_the_limit_is_left_whole():
    sentence = "Xiaomi said " + ", ".join(f"item {n}" for n in range(60)) + "."
    assert [s.text for s in split_sentences(sentence)] == [sentence]


def test_text_a_word_longer_than_the_limit_is_cut_where_it_must_be():
    from xiaomi_ev_kb.text import MAX_SENTENCE

    text = "x" * (3 * MAX_SENTENCE + 5)
    pieces = [s.text for s in split_sentences(text)]
    assert "".join(pieces) == text and max(map(len, pieces)) == MAX_SENTENCE
