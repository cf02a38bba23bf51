"""Starting an assessment of a client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def url(client):
    return f"/clients/{client.pk}/assessments/new/"


def test_it_shows_the_form(as_a, client1):
    response = as_a.get(url(client1))
    assert response.status_code == 200
    assert "Start the assessment" in response.content.decode()


def test_it_creates_a_draft_and_opens_it(as_a, client1, clinician_a):
    response = as_a.post(url(client1), {"assessed_on": timezone.localdate(), "notes": "Knee pain"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.client == client1
    assert assessment.clinician == clinician_a
    assert assessment.notes == "Knee pain"
    assert assessment.hip_drop_tests.count() == 2
    assert assessment.knee_valgus_tests.count() == 2


def test_a_future_date_is_refused_and_the_notes_kept(as_a, client1):
    future = timezone.localdate() + timedelta(days=3)
    response = as_a.post(url(client1), {"assessed_on": future, "notes": "Typed notes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The date cannot be in the future." in html
    assert "Typed notes" in html
    assert not Assessment.objects.exists()


def test_a_viewer_gets_403(as_viewer, client1):
    assert as_viewer.get(url(client1)).status_code == 403
    assert as_viewer.post(url(client1), {"assessed_on": timezone.localdate()}).status_code == 403


def test_another_clinic_gets_404(as_c, client1):
    assert as_c.post(url(client1), {"assessed_on": timezone.localdate()}).status_code == 404
    assert not Assessment.objects.exists()


def test_a_client_gets_404(as_client1, client1):
    assert as_client1.get(url(client1)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, client1):
    response = client.get(url(client1))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_rejects_put(as_a, client1):
    assert as_a.put(url(client1)).status_code == 405
