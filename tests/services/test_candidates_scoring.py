"""Composite exam score and the masking of names."""

import pytest

from planner.candidates.privacy import mask_name
from planner.candidates.scoring import composite_score


def test_composite_weights_written_and_interview_equally_by_default():
    assert composite_score(70.0, 90.0, 0.5) == pytest.approx(80.0)


def test_composite_with_40_60_weighting():
    # 80 × 0.4 + 65 × 0.6 = 32 + 39 = 71.
    assert composite_score(80.0, 65.0, 0.4) == pytest.approx(71.0)


@pytest.mark.parametrize(("written", "interview"), [(None, 70.0), (70.0, None), (None, None)])
def test_composite_is_none_until_both_scores_exist(written, interview):
    assert composite_score(written, interview, 0.5) is None


def test_zero_scores_give_zero_not_none():
    assert composite_score(0.0, 0.0, 0.5) == 0.0


@pytest.mark.parametrize(
    ("name", "masked"), [("王小明", "王**"), ("欧阳娜娜", "欧**"), ("李", "李**"), ("", "")]
)
def test_masked_name_keeps_only_the_first_character(name, masked):
    assert mask_name(name) == masked
