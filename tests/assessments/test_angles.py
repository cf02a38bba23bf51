"""assessments.angles against every example of docs/clinical.md, and degenerate input."""

import math

import pytest

from assessments.angles import (
    DegeneratePointsError,
    fppa,
    mean_angle,
    medial_direction,
    pelvic_drop,
    smallest_detectable_difference,
)

# --- docs/clinical.md §1.3: pelvic drop ----------------------------------------------------


def test_pelvic_drop_example_stance_left_right_side_low():
    assert pelvic_drop((-10, 0), (10, 1.75), stance="left") == pytest.approx(5.0, abs=0.005)


def test_pelvic_drop_example_level_pelvis_is_zero():
    assert pelvic_drop((0, 0), (200, 0), stance="left") == 0
    assert pelvic_drop((0, 0), (200, 0), stance="right") == 0


def test_pelvic_drop_is_negative_when_the_free_side_rises():
    # Same points, standing on the right: the free (left) side is higher.
    assert pelvic_drop((-10, 0), (10, 1.75), stance="right") == pytest.approx(-5.0, abs=0.005)


def test_pelvic_drop_ignores_which_way_the_points_run():
    # From the front the client's left is on the image's right: |dx| makes no difference.
    assert pelvic_drop((10, 0), (-10, 1.75), stance="left") == pytest.approx(5.0, abs=0.005)


def test_pelvic_drop_refuses_coincident_points():
    with pytest.raises(DegeneratePointsError, match="same place"):
        pelvic_drop((5, 5), (5, 5), stance="left")


def test_pelvic_drop_refuses_points_one_above_the_other():
    with pytest.raises(DegeneratePointsError, match="one above the other"):
        pelvic_drop((5, 0), (5, 40), stance="left")


def test_pelvic_drop_refuses_an_unknown_stance():
    with pytest.raises(ValueError, match="stance"):
        pelvic_drop((0, 0), (10, 0), stance="both")


# --- docs/clinical.md §2.1: FPPA ----------------------------------------------------------


def test_fppa_example_straight_leg_is_zero():
    for leg in ("left", "right"):
        for view in ("front", "back"):
            assert fppa((0, 0), (0, 50), (0, 100), leg=leg, view=view) == 0


def test_fppa_example_right_leg_knee_towards_plus_x_is_valgus():
    assert fppa((0, 0), (10, 50), (0, 100), leg="right", view="front") == pytest.approx(
        22.62, abs=0.005
    )


def test_fppa_example_left_leg_same_points_is_varus():
    assert fppa((0, 0), (10, 50), (0, 100), leg="left", view="front") == pytest.approx(
        -22.62, abs=0.005
    )


def test_fppa_example_tilted_shank_ten_degrees():
    angle = fppa((0, 0), (0, 100), (-17.365, 198.481), leg="right", view="front")
    assert angle == pytest.approx(10.00, abs=0.005)


def test_fppa_from_behind_reverses_the_medial_side():
    # docs/clinical.md §2.1: from behind both legs are reversed.
    assert fppa((0, 0), (10, 50), (0, 100), leg="right", view="back") == pytest.approx(
        -22.62, abs=0.005
    )
    assert fppa((0, 0), (10, 50), (0, 100), leg="left", view="back") == pytest.approx(
        22.62, abs=0.005
    )


def test_medial_direction_table():
    assert medial_direction(leg="right", view="front") == 1
    assert medial_direction(leg="left", view="front") == -1
    assert medial_direction(leg="right", view="back") == -1
    assert medial_direction(leg="left", view="back") == 1


def test_fppa_does_not_depend_on_scale_or_position():
    base = fppa((0, 0), (10, 50), (0, 100), leg="right", view="front")
    moved = fppa((300, 40), (330, 190), (300, 340), leg="right", view="front")
    assert moved == pytest.approx(base)


@pytest.mark.parametrize(
    ("hip", "knee", "ankle", "pair"),
    [
        ((0, 0), (0, 0), (0, 100), "hip and knee"),
        ((0, 0), (0, 100), (0, 100), "knee and ankle"),
        ((5, 5), (20, 50), (5, 5), "hip and ankle"),
    ],
)
def test_fppa_refuses_coincident_points(hip, knee, ankle, pair):
    with pytest.raises(DegeneratePointsError, match=pair):
        fppa(hip, knee, ankle, leg="left", view="front")


def test_degenerate_points_error_is_a_value_error():
    assert issubclass(DegeneratePointsError, ValueError)


@pytest.mark.parametrize(
    "bad",
    [(None, 1), ("a", 2), (1,), (math.nan, 2), (math.inf, 0)],
)
def test_fppa_refuses_points_that_are_not_pairs_of_finite_numbers(bad):
    with pytest.raises(ValueError, match="hip"):
        fppa(bad, (0, 50), (0, 100), leg="left", view="front")


def test_fppa_refuses_unknown_leg_or_view():
    with pytest.raises(ValueError, match="leg"):
        fppa((0, 0), (0, 50), (0, 100), leg="middle", view="front")
    with pytest.raises(ValueError, match="view"):
        fppa((0, 0), (0, 50), (0, 100), leg="left", view="side")


# --- docs/clinical.md §2.1/§2.2: mean of trials and the smallest detectable difference ------


def test_mean_of_three_trials_ignores_missing_ones():
    assert mean_angle([10.0, 12.0, 14.0]) == pytest.approx(12.0)
    assert mean_angle([10.0, None, 14.0]) == pytest.approx(12.0)
    assert mean_angle([None, None]) is None


def test_smallest_detectable_difference_example():
    # MDC95 = 1.96 × √2 × SEM: 2.72° → 7.54°.
    assert smallest_detectable_difference(2.72) == pytest.approx(7.54, abs=0.005)


def test_smallest_detectable_difference_refuses_negative_sem():
    with pytest.raises(ValueError, match="negative"):
        smallest_detectable_difference(-1)
