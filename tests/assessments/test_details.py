"""The date and notes of an assessment; amendments once signed."""

from datetime import timedelta

import pytest

from assessments import services
from assessments.models import Amendment
from tests.assessments.factories import record_hip_drop

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def url(assessment):
    return f"/assessments/{assessment.pk}/details/"


def test_it_saves_a_draft_with_htmx(as_a, assessment):
    day = assessment.assessed_on - timedelta(days=2)
    response = as_a.post(url(assessment), {"assessed_on": day, "notes": "New"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "Saved." in html
    assessment.refresh_from_db()
    assert assessment.assessed_on == day
    assert assessment.notes == "New"


def test_a_bad_date_is_refused_next_to_the_field(as_a, assessment):
    response = as_a.post(url(assessment), {"assessed_on": "31/02/2020", "notes": "Kept"})
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "Kept" in html


def test_signed_details_need_a_reason_and_keep_the_old_values(as_a, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=2, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    data = {"assessed_on": assessment.assessed_on, "notes": "Changed"}
    html = as_a.post(url(assessment), data, headers=HTMX).content.decode()
    assert "Say why the signed record changes." in html
    assessment.refresh_from_db()
    assert assessment.notes == ""

    html = as_a.post(url(assessment), data | {"reason": "Forgot a note"}, headers=HTMX)
    amendment = Amendment.objects.get()
    assert amendment.changes == [{"field": "Notes", "before": "—", "after": "Changed"}]
    assert "Forgot a note" in html.content.decode()


def test_get_with_htmx_opens_the_amend_form(as_a, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=2, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    html = as_a.get(url(assessment) + "?amend=1", headers=HTMX).content.decode()
    assert "Reason for the amendment" in html
    assert "<html" not in html


def test_get_without_htmx_goes_to_the_page(as_a, assessment):
    response = as_a.get(url(assessment) + "?amend=1")
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/?amend=details"


def test_a_viewer_gets_403(as_viewer, assessment):
    data = {"assessed_on": assessment.assessed_on, "notes": "x"}
    assert as_viewer.post(url(assessment), data).status_code == 403


def test_another_clinic_gets_404(as_c, assessment):
    data = {"assessed_on": assessment.assessed_on, "notes": "x"}
    assert as_c.post(url(assessment), data).status_code == 404


def test_a_client_gets_404(as_client1, assessment):
    assert as_client1.get(url(assessment), headers=HTMX).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, assessment):
    assert client.post(url(assessment), {}).status_code == 302


def test_it_rejects_delete(as_a, assessment):
    assert as_a.delete(url(assessment)).status_code == 405
