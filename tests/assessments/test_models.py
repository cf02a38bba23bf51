"""What each test kind knows about itself: HipDropTest and KneeValgusTest (and the photo
that asks its test class), without the database unless a test says so."""

import pytest

from assessments import angles
from assessments.models import (
    SIDE_TESTS,
    Assessment,
    HipDropTest,
    Kind,
    KneeValgusTest,
    Photo,
    View,
    shown,
)


def hip(**values) -> HipDropTest:
    return HipDropTest(assessment=Assessment(pk=7), side="left", **values)


def knee(**values) -> KneeValgusTest:
    return KneeValgusTest(assessment=Assessment(pk=7), side="right", **values)


def photo(test: str, trial=1, **values) -> Photo:
    return Photo(test=test, side="left", trial=trial, width=400, height=600, **values)


def test_each_kind_names_itself_once():
    assert (hip().kind, hip().slug, hip().section_key, hip().dom_id) == (
        Kind.HIP_DROP,
        "hip-drop",
        "hip_drop:left",
        "hip-drop-left",
    )
    assert (knee().kind, knee().slug, knee().section_key, knee().dom_id) == (
        Kind.KNEE_VALGUS,
        "knee-valgus",
        "knee_valgus:right",
        "knee-valgus-right",
    )
    assert dict(SIDE_TESTS) == {Kind.HIP_DROP: HipDropTest, Kind.KNEE_VALGUS: KneeValgusTest}


def test_the_label_and_the_page_heading():
    assert hip().label == "Hip drop, left stance"
    assert knee().label == "Knee valgus, right leg"
    assert hip().heading == "Hip drop · standing on the left leg"
    assert knee().heading == "Knee valgus · right leg squat"


def test_the_dom_id_anchors_its_url():
    assert hip().get_absolute_url() == "/assessments/7/#hip-drop-left"
    assert knee().get_absolute_url() == "/assessments/7/#knee-valgus-right"


def test_camera_view_trials_and_landmarks():
    assert (HipDropTest.default_view, KneeValgusTest.default_view) == (View.BACK, View.FRONT)
    assert (HipDropTest.max_trials, KneeValgusTest.max_trials) == (1, 3)
    assert photo("hip_drop").landmark_names == ["left", "right"]
    assert photo("knee_valgus").landmark_names == ["hip", "knee", "ankle"]
    assert (photo("hip_drop").measure, photo("knee_valgus").measure) == ("pelvic", "fppa")


def test_the_summary_of_a_hip_drop_is_its_stance_photo():
    test = hip()
    test.summarise([photo("hip_drop", angle_deg=4.5)])
    assert (test.summary_label, test.summary_deg) == ("Pelvic drop", 4.5)
    test.summarise([])
    assert test.pelvic_drop_deg is None


def test_the_summary_of_a_knee_valgus_is_the_mean_of_its_trials():
    test = knee()
    trials = [photo("knee_valgus", 1, angle_deg=8.0), photo("knee_valgus", 2, angle_deg=11.0)]
    test.summarise([*trials, photo("knee_valgus", 3)])
    assert (test.summary_label, test.summary_deg) == ("Mean FPPA", 9.5)
    test.summarise([])
    assert test.fppa_mean_deg is None


def test_a_hip_drop_snapshot_shows_its_values_and_photo():
    test = hip(result="delayed_positive", seconds_held=12, pain=None, pelvic_drop_deg=5.0)
    stance = photo("hip_drop", view="back", points={"left": [100, 300], "right": [300, 317]})
    stance.angle_deg = 5.0
    assert test.snapshot([stance]) == {
        "Result": "Delayed positive (falls before 30 s)",
        "Seconds held": "12",
        "Compensation": "—",
        "Pain (0–10)": "—",
        "Notes": "—",
        "Pelvic drop": "5.0°",
        "Photo: camera view": "From behind",
        "Photo: landmarks": "left (100, 300), right (300, 317)",
        "Photo: angle": "5.0°",
    }


def test_a_knee_valgus_snapshot_names_each_trial():
    test = knee(depth="peak", rating_overall="poor", pain=3)
    snapshot = test.snapshot([photo("knee_valgus", 2, view="front")])
    assert snapshot["Depth protocol"] == "Peak knee flexion"
    assert snapshot["Rating: overall"] == "Poor"
    assert snapshot["Rating: knee"] == "—"
    assert snapshot["Pain (0–10)"] == "3"
    assert snapshot["Mean FPPA"] == "—"
    assert snapshot["Trial 2: camera view"] == "From the front"
    assert snapshot["Trial 2: landmarks"] == "—"
    assert "Photo: angle" not in snapshot


def test_each_kind_measures_its_own_angle():
    pelvis = {"left": (-10, 0), "right": (10, 1.75)}
    assert HipDropTest.angle(pelvis, side="left", view="back") == pytest.approx(
        angles.pelvic_drop(pelvis["left"], pelvis["right"], stance="left")
    )
    leg = {"hip": (200, 100), "knee": (230, 300), "ankle": (200, 500)}
    assert KneeValgusTest.angle(leg, side="right", view="front") == pytest.approx(
        angles.fppa(leg["hip"], leg["knee"], leg["ankle"], leg="right", view="front")
    )
    assert photo("knee_valgus").angle_for(view="front", points=leg) == pytest.approx(
        angles.fppa(leg["hip"], leg["knee"], leg["ankle"], leg="left", view="front")
    )
    assert photo("knee_valgus").angle_for(view="front", points={"hip": (1, 2)}) is None


def test_shown_values():
    assert (shown(None), shown(""), shown(3), shown(4.25)) == ("—", "—", "3", "4.2°")


@pytest.mark.django_db
def test_the_label_names_the_test_in_its_str(assessment):
    test = assessment.knee_valgus_tests.get(side="left")
    assert str(test) == f"Knee valgus, left leg — {assessment}"


@pytest.mark.django_db
def test_an_assessment_lists_its_tests_in_page_order(assessment):
    assert [(test.kind, test.side) for test in assessment.side_tests()] == [
        ("hip_drop", "left"),
        ("hip_drop", "right"),
        ("knee_valgus", "left"),
        ("knee_valgus", "right"),
    ]
