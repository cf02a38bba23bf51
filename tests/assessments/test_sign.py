"""Signing an assessment."""

import pytest

from assessments.models import Assessment
from tests.assessments.factories import record_hip_drop

pytestmark = pytest.mark.django_db


def url(assessment):
    return f"/assessments/{assessment.pk}/sign/"


def test_it_signs_and_locks(as_a, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=2, by=clinician_a)
    response = as_a.post(url(assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SIGNED
    assert assessment.signed_by == clinician_a
    page = as_a.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Sign assessment" not in page
    assert "by Ann A" in page


def test_an_empty_assessment_is_not_signed(as_a, assessment):
    response = as_a.post(url(assessment), follow=True)
    assert "Record at least one test before signing." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_a_viewer_gets_403(as_viewer, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=2, by=clinician_a)
    assert as_viewer.post(url(assessment)).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_another_clinic_gets_404(as_c, assessment):
    assert as_c.post(url(assessment)).status_code == 404


def test_a_client_gets_404(as_client1, assessment):
    assert as_client1.post(url(assessment)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, assessment):
    assert client.post(url(assessment)).status_code == 302


def test_it_rejects_get(as_a, assessment):
    assert as_a.get(url(assessment)).status_code == 405
