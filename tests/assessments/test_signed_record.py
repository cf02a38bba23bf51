"""A signed record stays signed, whatever the path: the ORM, a bulk update or delete,
a shell. Only the amendment services change it, and they record why.
"""

import contextlib
import os

import pytest
from django.db import IntegrityError, transaction

from assessments import services
from assessments.models import (
    Amendment,
    Assessment,
    HipDropTest,
    KneeValgusTest,
    Photo,
)
from assessments.services import AssessmentLocked, Landmarks
from tests.assessments.factories import hip_drop, knee_valgus, record_hip_drop, record_knee

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def refused():
    """The statement raises, and the test's transaction stays usable."""
    said = "signed assessment|signature|amendment is kept"
    with pytest.raises(IntegrityError, match=said), transaction.atomic():
        yield


@pytest.fixture
def signed(assessment, clinician_a):
    record_hip_drop(
        assessment, side="left", drop_deg=5, by=clinician_a, result="positive", seconds=4
    )
    record_knee(assessment, side="right", fppas=[8, 10], by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    return assessment


def test_signing_a_draft_still_works(signed, clinician_a):
    signed.refresh_from_db()
    assert signed.is_signed
    assert signed.signed_by == clinician_a


def test_a_bulk_update_of_a_signed_assessment_is_refused(signed):
    with refused():
        Assessment.objects.filter(pk=signed.pk).update(notes="Rewritten")
    signed.refresh_from_db()
    assert signed.notes == ""


def test_saving_a_signed_assessment_is_refused(signed):
    signed.notes = "Rewritten"
    with refused():
        signed.save()
    signed.refresh_from_db()
    assert signed.notes == ""


def test_a_signed_assessment_cannot_go_back_to_draft(signed):
    with refused():
        Assessment.objects.filter(pk=signed.pk).update(
            status="draft", signed_at=None, signed_by=None
        )
    signed.refresh_from_db()
    assert signed.is_signed


def test_deleting_a_signed_assessment_is_refused(signed):
    with refused():
        Assessment.objects.filter(pk=signed.pk).delete()
    with refused():
        signed.delete()
    assert Assessment.objects.filter(pk=signed.pk).exists()
    assert signed.photos.count() == 3
    assert signed.hip_drop_tests.count() == 2


def test_a_draft_can_still_be_changed_and_deleted_in_bulk(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(notes="Fine")
    HipDropTest.objects.filter(assessment=assessment).update(pain=2)
    assert Assessment.objects.get(pk=assessment.pk).notes == "Fine"
    Assessment.objects.filter(pk=assessment.pk).delete()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.parametrize("model", [HipDropTest, KneeValgusTest])
def test_the_tests_of_a_signed_assessment_are_read_only(signed, model):
    with refused():
        model.objects.filter(assessment=signed).update(pain=9)
    test = model.objects.filter(assessment=signed).first()
    test.notes = "Changed in a shell"
    with refused():
        test.save()
    with refused():
        test.delete()
    assert not model.objects.filter(assessment=signed, pain=9).exists()
    assert model.objects.filter(assessment=signed).count() == 2
    assert not model.objects.filter(assessment=signed).exclude(notes="").exists()


def test_the_photos_of_a_signed_assessment_are_read_only(signed):
    with refused():
        Photo.objects.filter(assessment=signed).update(points={}, angle_deg=None)
    with refused():
        Photo.objects.filter(assessment=signed).delete()
    assert Photo.objects.filter(assessment=signed, angle_deg__isnull=True).count() == 0
    assert Photo.objects.filter(assessment=signed).count() == 3


def test_no_photo_is_added_to_a_signed_assessment(signed, clinician_a):
    photo = Photo.objects.filter(assessment=signed, test="knee_valgus").first()
    with refused():
        Photo.objects.create(
            assessment=signed,
            test="knee_valgus",
            side="right",
            trial=3,
            image=photo.image.name,
            width=photo.width,
            height=photo.height,
            view="front",
            uploaded_by=clinician_a,
        )
    assert Photo.objects.filter(assessment=signed).count() == 3


def test_the_photo_file_of_a_signed_assessment_is_never_deleted(signed):
    photo = Photo.objects.filter(assessment=signed).first()
    path = photo.image.path
    with pytest.raises(AssessmentLocked):
        photo.image.storage.delete(photo.image.name)
    with pytest.raises(AssessmentLocked):
        photo.image.delete(save=False)
    assert os.path.exists(path)


def test_the_photo_file_of_a_draft_can_be_deleted(assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    photo = Photo.objects.get(assessment=assessment)
    path = photo.image.path
    photo.image.storage.delete(photo.image.name)
    assert not os.path.exists(path)


def test_amendments_are_insert_only(signed, clinician_a):
    services.section_save(
        test=hip_drop(signed), by=clinician_a, values={"pain": 3}, reason="Asked again"
    )
    amendment = Amendment.objects.get()
    with refused():
        Amendment.objects.filter(pk=amendment.pk).update(reason="Something else")
    amendment.reason = "Something else"
    with refused():
        amendment.save()
    with refused():
        Amendment.objects.all().delete()
    assert Amendment.objects.get().reason == "Asked again"


def test_the_amendment_service_still_changes_a_signed_test_and_says_why(signed, clinician_b):
    test = hip_drop(signed)
    moved = Landmarks(view="back", points={"left": (100, 300), "right": (300, 300)})
    amendment = services.section_save(
        test=test,
        by=clinician_b,
        values={"pain": 4},
        landmarks={1: moved},
        reason="Re-read the video",
    )
    test.refresh_from_db()
    assert (test.pain, test.pelvic_drop_deg) == (4, 0.0)
    assert Photo.objects.get(assessment=signed, test="hip_drop").angle_deg == 0.0
    assert amendment.reason == "Re-read the video"
    assert amendment.amended_by == clinician_b
    # Once the amendment is done, the test is read-only again.
    with refused():
        HipDropTest.objects.filter(pk=test.pk).update(pain=9)
    test.refresh_from_db()
    assert test.pain == 4


def test_the_amendment_service_still_changes_a_signed_knee_test(signed, clinician_a):
    test = knee_valgus(signed, "right")
    services.section_save(test=test, by=clinician_a, values={"pain": 6}, reason="Typo")
    test.refresh_from_db()
    assert test.pain == 6
    assert Amendment.objects.get().section == "knee_valgus:right"


def test_the_details_amendment_still_works_and_keeps_the_signature(signed, clinician_a):
    services.assessment_details_save(
        assessment=signed,
        by=clinician_a,
        assessed_on=signed.assessed_on,
        notes="Seen with her mother",
        reason="Forgot the note",
    )
    row = Assessment.objects.get(pk=signed.pk)
    assert row.notes == "Seen with her mother"
    assert row.is_signed
    assert row.signed_by == clinician_a
    assert Amendment.objects.get().reason == "Forgot the note"
    with refused():
        Assessment.objects.filter(pk=signed.pk).update(notes="Again")
