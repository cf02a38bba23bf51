"""Suggestions from the latest assessment: the rule, the query, and adding one from the builder."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from assessments.models import Assessment, HipDropTest, KneeValgusTest
from exercises.models import Status, WeightBearing
from programs.suggestions import needs_from_findings, suggestions_for
from tests.programs.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory


@dataclass
class Side:
    side: str
    hip_drop_result: str = ""
    seconds_held: int | None = None
    fppa_mean_deg: float | None = None
    fppa_above_reference: bool | None = None


@dataclass
class Findings:
    left: Side
    right: Side


def findings(left=None, right=None):
    return Findings(left=left or Side("left"), right=right or Side("right"))


# --- the rule ------------------------------------------------------------------------


def test_no_assessment_suggests_nothing():
    assert needs_from_findings(None) == []


def test_negative_tests_and_normal_fppa_suggest_nothing():
    result = findings(
        Side("left", "negative", 30, 9.0, False), Side("right", "negative", 30, 12.0, False)
    )
    assert needs_from_findings(result) == []


def test_unrecorded_tests_suggest_nothing():
    assert needs_from_findings(findings()) == []


@pytest.mark.parametrize("result", ["positive", "delayed_positive"])
def test_a_positive_or_delayed_hip_drop_suggests_hip_drop_work_for_that_side(result):
    (need,) = needs_from_findings(findings(right=Side("right", result, 12)))
    assert need.side == "right"
    assert need.targets == ("hip_drop",)


def test_the_reason_says_how_long_a_delayed_positive_held():
    (need,) = needs_from_findings(findings(Side("left", "delayed_positive", 12)))
    assert need.reasons == ("delayed-positive hip drop (held 12 s)",)


def test_fppa_above_the_reference_suggests_knee_valgus_work():
    (need,) = needs_from_findings(findings(Side("left", "", None, 17.25, True)))
    assert need.side == "left"
    assert need.targets == ("knee_valgus",)
    assert need.reasons == ("mean FPPA 17.2° above the reference",)


def test_both_findings_on_both_sides():
    result = findings(
        Side("left", "positive", None, 18.0, True), Side("right", "", None, 15.0, True)
    )
    needs = needs_from_findings(result)
    assert [(n.side, n.targets) for n in needs] == [
        ("left", ("hip_drop", "knee_valgus")),
        ("right", ("knee_valgus",)),
    ]


# --- against the database -----------------------------------------------------------------


@pytest.fixture
def assessment(client1, clinician_a):
    assessment = Assessment.objects.create(client=client1, clinician=clinician_a)
    HipDropTest.objects.create(
        assessment=assessment, side="left", result="delayed_positive", seconds_held=10
    )
    HipDropTest.objects.create(
        assessment=assessment, side="right", result="negative", seconds_held=30
    )
    KneeValgusTest.objects.create(assessment=assessment, side="left", fppa_mean_deg=9.0)
    KneeValgusTest.objects.create(assessment=assessment, side="right", fppa_mean_deg=19.0)
    return assessment


@pytest.fixture
def library(clinic2):
    single = WeightBearing.SINGLE_LEG
    both = WeightBearing.BOTH_LEGS
    none = WeightBearing.NONE
    return {
        "squat": ExerciseFactory(
            name="Single-leg squat", targets=["knee_valgus"], weight_bearing=single
        ),
        "bridge": ExerciseFactory(
            name="Bridge", targets=["hip_drop"], weight_bearing=both, difficulty=1
        ),
        "clam_hard": ExerciseFactory(
            name="Banded clam", targets=["hip_drop"], weight_bearing=none, difficulty=3
        ),
        "clam": ExerciseFactory(
            name="Clam", targets=["hip_drop", "knee_valgus"], weight_bearing=none, difficulty=1
        ),
        "balance": ExerciseFactory(name="Balance", targets=["balance"], weight_bearing=single),
        "draft": ExerciseFactory(name="Draft clam", targets=["hip_drop"], status=Status.DRAFT),
        "theirs": ExerciseFactory(name="Their clam", targets=["hip_drop"], owner_clinic=clinic2),
    }


def names(group):
    return [exercise.name for exercise in group.exercises]


def test_it_suggests_per_side_easiest_weight_bearing_first(
    assessment, library, client1, clinician_a
):
    program = ProgramFactory(client=client1)
    found, groups = suggestions_for(program=program, user=clinician_a.user)
    assert found.assessment == assessment
    left, right = groups
    assert left.side == "left"
    assert names(left) == ["Clam", "Banded clam", "Bridge"]
    assert right.side == "right"
    assert names(right) == ["Clam", "Single-leg squat"]


def test_exercises_already_in_the_programme_for_that_side_are_left_out(
    assessment, library, client1, clinician_a
):
    program = ProgramFactory(client=client1)
    ProgramItemFactory(program=program, exercise=library["clam"], side="left")
    ProgramItemFactory(program=program, exercise=library["bridge"], side="both")
    _, (left, right) = suggestions_for(program=program, user=clinician_a.user)
    assert names(left) == ["Banded clam"]
    assert names(right) == ["Clam", "Single-leg squat"]


def test_the_builder_shows_suggestions_and_adds_one_for_its_side(
    as_a, assessment, library, client1
):
    program = ProgramFactory(client=client1, goal="endurance")
    body = as_a.get(reverse("programs:builder", args=[program.pk])).content.decode()
    assert "Delayed-positive hip drop (held 10 s)" in body
    assert "Mean FPPA 19.0° above the reference" in body
    assert "Add (left)" in body
    assert "Add (right)" in body
    response = as_a.post(
        reverse("programs:item-add", args=[program.pk]),
        {"exercise": library["squat"].pk, "side": "right"},
        HTTP_HX_REQUEST="true",
    )
    assert "15, right leg" in response.content.decode()
    item = program.items.get()
    assert (item.exercise, item.side, item.reps) == (library["squat"], "right", 15)


def test_the_builder_says_when_there_is_no_assessment(as_a, client1):
    program = ProgramFactory(client=client1)
    body = as_a.get(reverse("programs:builder", args=[program.pk])).content.decode()
    assert "No assessment yet" in body
