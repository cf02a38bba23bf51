"""Deleting a draft assessment (a signed one is never deleted, only amended)."""

import os

import pytest

from assessments.models import Assessment, Photo
from tests.assessments.factories import record_hip_drop

pytestmark = pytest.mark.django_db


def url(assessment):
    return f"/assessments/{assessment.pk}/delete/"


def test_the_draft_page_offers_to_delete_and_asks_first(as_a, assessment):
    assert url(assessment) in as_a.get(f"/assessments/{assessment.pk}/").content.decode()
    page = as_a.get(url(assessment)).content.decode()
    assert "Delete this draft assessment?" in page
    assert "This cannot be undone." in page
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_it_deletes_the_draft_with_its_photo_files(
    as_a, assessment, clinician_a, client1, django_capture_on_commit_callbacks
):
    record_hip_drop(assessment, side="left", drop_deg=3, by=clinician_a)
    path = Photo.objects.get(assessment=assessment).image.path
    assert os.path.exists(path)
    assert "1 photo" in as_a.get(url(assessment)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_a.post(url(assessment), follow=True)
    assert response.redirect_chain[-1][0] == client1.get_absolute_url()
    assert "Draft assessment deleted." in response.content.decode()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Photo.objects.filter(assessment_id=assessment.pk).exists()
    assert not os.path.exists(path)


def test_a_signed_assessment_is_not_deleted(as_a, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=3, by=clinician_a)
    as_a.post(f"/assessments/{assessment.pk}/sign/")
    page = as_a.get(f"/assessments/{assessment.pk}/").content.decode()
    assert url(assessment) not in page
    response = as_a.post(url(assessment), follow=True)
    assert "A signed assessment cannot be deleted. Amend it instead." in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_viewer_gets_403(as_viewer, assessment):
    assert as_viewer.get(url(assessment)).status_code == 403
    assert as_viewer.post(url(assessment)).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_another_clinic_and_a_client_get_404(as_c, as_client1, assessment):
    assert as_c.post(url(assessment)).status_code == 404
    assert as_client1.post(url(assessment)).status_code == 404
    assert Assessment.objects.filter(pk=assessment.pk).exists()
