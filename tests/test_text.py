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


@given(st.text(max_size=400))
def test_text_sentences_are_exact_spans_for_any_text(text):
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text
