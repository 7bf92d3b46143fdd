"""Tests for xiaomi_ev_kb.evaluate: when an extracted claim matches an annotated one."""

from __future__ import annotations

from datetime import date

import pytest

from xiaomi_ev_kb.evaluate import claim_matches
from xiaomi_ev_kb.models import Claim


def _milestone(label: str, start: date, end: date) -> Claim:
    return Claim(
        article_id="a",
        topic="timeline",
        subject="Xiaomi SU7",
        property="milestone.trial_production",
        value=label,
        value_kind="time",
        quote="q",
        start=0,
        end=1,
        sentence="q",
        sentence_start=0,
        rule="r",
        period_start=start,
        period_end=end,
        period_label=label,
        qualifiers={"status": "achieved"},
    )


SUMMER = _milestone("2023-SU", date(2023, 6, 1), date(2023, 8, 31))
DAY = _milestone("2024-03-28", date(2024, 3, 28), date(2024, 3, 28))


@pytest.mark.parametrize(
    ("claim", "value", "matches"),
    [
        (SUMMER, "2023-SU", True),
        (SUMMER, "2023-MID", True),  # June-August lies inside May-August
        (SUMMER, "2023", True),
        (SUMMER, "2023-H1", False),
        (SUMMER, "2023-07", False),  # coarser than the annotation
        (DAY, "2024-03", True),
        (DAY, "2024-Q1", True),
        (DAY, "2024-04", False),
    ],
)
def test_evaluate_time_value_matches_by_containment_like_the_period(claim, value, matches):
    expected = {
        "property": claim.property,
        "subject": claim.subject,
        "value": value,
        "period": value,
    }
    assert claim_matches(claim, expected) is matches
    assert claim_matches(claim, {k: v for k, v in expected.items() if k != "period"}) is matches
