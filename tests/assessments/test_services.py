"""Services: creation, saving, signing locks the record, amendments keep the old values."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from assessments import services
from assessments.models import Amendment, Assessment, Photo
from assessments.services import AssessmentLocked, Landmarks
from tests.assessments.factories import (
    AssessmentFactory,
    hip_drop,
    knee_valgus,
    record_hip_drop,
    record_knee,
    upload,
)

pytestmark = pytest.mark.django_db


def test_create_makes_a_draft_with_both_tests_for_both_sides(client1, clinician_a):
    assessment = services.assessment_create(client=client1, clinician=clinician_a, notes="Hi")
    assert assessment.status == Assessment.Status.DRAFT
    assert sorted(assessment.hip_drop_tests.values_list("side", flat=True)) == ["left", "right"]
    assert sorted(assessment.knee_valgus_tests.values_list("side", flat=True)) == ["left", "right"]


def test_the_stored_angle_is_the_servers(assessment, clinician_a):
    test = record_knee(assessment, side="left", fppas=[10, 20, 30], by=clinician_a)
    assert test.fppa_mean_deg == pytest.approx(20.0)
    angles = sorted(Photo.objects.filter(assessment=assessment).values_list("angle_deg", flat=True))
    assert angles == pytest.approx([10.0, 20.0, 30.0])


def test_pelvic_drop_follows_the_stance_side(assessment, clinician_a):
    left = record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    right = record_hip_drop(assessment, side="right", drop_deg=-2, by=clinician_a)
    assert left.pelvic_drop_deg == pytest.approx(5.0)
    assert right.pelvic_drop_deg == pytest.approx(-2.0)


def test_degenerate_landmarks_are_refused_by_the_service(assessment, clinician_a):
    from assessments.angles import DegeneratePointsError

    test = hip_drop(assessment, "left")
    services.photo_attach(test=test, trial=1, upload=upload(), by=clinician_a)
    same = Landmarks(view="back", points={"left": (10, 10), "right": (10, 10)})
    with pytest.raises(DegeneratePointsError):
        services.section_save(test=test, by=clinician_a, values={}, landmarks={1: same})
    assert Photo.objects.get().points == {}


def test_sign_records_who_and_when(assessment, clinician_a, clinician_b):
    record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_b)
    assessment.refresh_from_db()
    assert assessment.is_signed
    assert assessment.signed_by == clinician_b
    assert assessment.signed_at is not None


def test_an_empty_assessment_cannot_be_signed(assessment, clinician_a):
    with pytest.raises(ValidationError, match="at least one test"):
        services.assessment_sign(assessment=assessment, by=clinician_a)


def test_signing_twice_is_refused(assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    with pytest.raises(ValidationError, match="already signed"):
        services.assessment_sign(assessment=assessment, by=clinician_a)


def test_the_database_refuses_signed_without_who(assessment):
    with pytest.raises(IntegrityError):
        Assessment.objects.filter(pk=assessment.pk).update(status="signed")


def test_a_signed_test_cannot_be_changed_without_a_reason(assessment, clinician_a):
    test = record_hip_drop(
        assessment, side="left", drop_deg=5, by=clinician_a, result="positive", seconds=4
    )
    services.assessment_sign(assessment=assessment, by=clinician_a)
    with pytest.raises(AssessmentLocked):
        services.section_save(test=test, by=clinician_a, values={"pain": 7})
    test.refresh_from_db()
    assert test.pain is None
    assert not Amendment.objects.exists()


def test_a_signed_photo_cannot_be_replaced(assessment, clinician_a):
    test = record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    with pytest.raises(AssessmentLocked):
        services.photo_attach(test=test, trial=1, upload=upload(), by=clinician_a)
    assert Photo.objects.get().angle_deg == pytest.approx(5.0)


def test_an_amendment_keeps_the_earlier_values_who_and_when(assessment, clinician_a, clinician_b):
    test = record_hip_drop(
        assessment, side="left", drop_deg=5, by=clinician_a, result="positive", seconds=4
    )
    services.assessment_sign(assessment=assessment, by=clinician_a)
    moved = Landmarks(view="back", points={"left": (100, 300), "right": (300, 300)})
    amendment = services.section_save(
        test=test,
        by=clinician_b,
        values={"result": "delayed_positive", "seconds_held": 12},
        landmarks={1: moved},
        reason="Re-read the video",
    )
    test.refresh_from_db()
    assert (test.result, test.seconds_held, test.pelvic_drop_deg) == ("delayed_positive", 12, 0.0)
    assert amendment.amended_by == clinician_b
    assert amendment.amended_at is not None
    assert amendment.reason == "Re-read the video"
    assert amendment.section_label == "Hip drop, left stance"
    changes = {change["field"]: (change["before"], change["after"]) for change in amendment.changes}
    assert changes["Result"] == (
        "Positive (cannot lift or hold)",
        "Delayed positive (falls before 30 s)",
    )
    assert changes["Seconds held"] == ("4", "12")
    assert changes["Pelvic drop"] == ("5.0°", "0.0°")
    assert changes["Photo: angle"] == ("5.0°", "0.0°")
    assert changes["Photo: landmarks"][1] == "left (100, 300), right (300, 300)"
    # The assessment stays signed, by its signer.
    assessment.refresh_from_db()
    assert assessment.is_signed
    assert assessment.signed_by == clinician_a


def test_an_amendment_that_changes_nothing_is_not_recorded(assessment, clinician_a):
    test = record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    assert services.section_save(test=test, by=clinician_a, values={}, reason="No-op") is None
    assert not Amendment.objects.exists()


def test_the_details_of_a_signed_assessment_change_only_by_amendment(assessment, clinician_a):
    from datetime import timedelta

    record_knee(assessment, side="right", fppas=[8], by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    day = assessment.assessed_on - timedelta(days=1)
    with pytest.raises(AssessmentLocked):
        services.assessment_details_save(
            assessment=assessment, by=clinician_a, assessed_on=day, notes="x"
        )
    amendment = services.assessment_details_save(
        assessment=assessment, by=clinician_a, assessed_on=day, notes="x", reason="Wrong date"
    )
    assert amendment.changes[0]["field"] == "Date"
    assert {c["field"] for c in amendment.changes} == {"Date", "Notes"}


def test_draft_changes_leave_no_amendments(assessment, clinician_a):
    record_knee(assessment, side="right", fppas=[8, 9], by=clinician_a)
    services.section_save(test=knee_valgus(assessment, "right"), by=clinician_a, values={"pain": 2})
    assert not Amendment.objects.exists()


def test_findings_for_another_assessment_leave_this_ones_alone(client1, clinician_a):
    first = AssessmentFactory(client=client1, clinician=clinician_a)
    second = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(first, side="left", fppas=[12], by=clinician_a)
    assert knee_valgus(second, "left").fppa_mean_deg is None
