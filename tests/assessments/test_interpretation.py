"""Interpretation wording: support, not diagnosis (docs/clinical.md §2.2)."""

import pytest

from assessments import interpretation

REF = {"upper_deg": 13.5, "asymptomatic": (8.4, 5.1), "patellofemoral": (16.8, 5.4)}


def test_within_the_reference():
    note = interpretation.fppa_against_reference(9.0, **REF)
    assert "within the asymptomatic reference 8.4 ± 5.1°" in note.text
    assert not note.attention


def test_above_the_reference_mentions_the_patellofemoral_range():
    note = interpretation.fppa_against_reference(17.0, **REF)
    assert note.attention
    assert "above the asymptomatic reference" in note.text
    assert "patellofemoral pain (16.8 ± 5.4°)" in note.text
    assert "screening number" in note.text
    assert "diagnos" not in note.text


def test_varus_is_described_as_such():
    assert "varus" in interpretation.fppa_against_reference(-4.0, **REF).text


@pytest.mark.parametrize(
    ("current", "previous", "kind"),
    [
        (15.0, 20.0, "no_change"),
        (12.1, 20.0, "no_change"),  # 7.9° is under the ~8° SDD
        (12.0, 20.0, "better"),
        (20.0, 10.0, "worse"),
        (-10.0, 0.0, "worse"),  # further from a straight line, into varus
    ],
)
def test_change_against_the_smallest_detectable_difference(current, previous, kind):
    change = interpretation.fppa_change(current, previous, sdd_deg=8.0)
    assert change.kind == kind
    if kind == "no_change":
        assert change.text.startswith("No detectable change")


def test_asymmetry():
    assert not interpretation.fppa_asymmetry(10.0, 6.0, sdd_deg=8.0).attention
    note = interpretation.fppa_asymmetry(6.0, 16.0, sdd_deg=8.0)
    assert note.attention
    assert note.text.startswith("The right knee goes 10.0° further")


def test_stance_pain():
    assert interpretation.stance_pain(1, positive_from=2) is None
    assert "2/10 or more" in interpretation.stance_pain(2, positive_from=2).text
