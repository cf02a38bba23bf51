"""The assessment page: who sees it, and what it shows."""

import pytest

from assessments import services
from tests.assessments.factories import hip_drop, record_hip_drop, record_knee

pytestmark = pytest.mark.django_db


def url(assessment):
    return f"/assessments/{assessment.pk}/"


def test_it_shows_the_four_sections(as_a, assessment):
    response = as_a.get(url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    for dom_id in ["hip-drop-left", "hip-drop-right", "knee-valgus-left", "knee-valgus-right"]:
        assert f'id="{dom_id}"' in html
    assert "Sign assessment" in html
    assert "Draft" in html


def test_a_colleague_of_the_same_clinic_sees_it(as_b, assessment):
    assert as_b.get(url(assessment)).status_code == 200


def test_it_is_404_for_another_clinic(as_c, assessment):
    assert as_c.get(url(assessment)).status_code == 404


def test_it_is_404_for_a_client(as_client1, assessment):
    # Even the client the assessment is about: this is the clinician's working record.
    assert as_client1.get(url(assessment)).status_code == 404


def test_it_sends_anonymous_users_to_sign_in(client, assessment):
    response = client.get(url(assessment))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_is_404_for_a_missing_assessment(as_a, assessment):
    assert as_a.get(f"/assessments/{assessment.pk + 1000}/").status_code == 404


def test_it_rejects_post(as_a, assessment):
    assert as_a.post(url(assessment)).status_code == 405


def test_a_viewer_sees_it_read_only(as_viewer, assessment):
    response = as_viewer.get(url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign assessment" not in html
    assert 'id="form-hip-drop-left"' not in html


def test_it_shows_photos_landmarks_and_interpretation(as_a, assessment, clinician_a):
    record_knee(assessment, side="left", fppas=[16, 18, 20], by=clinician_a)
    record_hip_drop(assessment, side="right", drop_deg=6, by=clinician_a)
    html = as_a.get(url(assessment)).content.decode()
    assert "Mean FPPA 18.0°" in html
    assert "above the asymptomatic reference" in html
    assert "Pelvic drop 6.0°" in html
    assert html.count('class="landmark-editor"') == 4
    assert "not a diagnosis" in html


def test_a_signed_assessment_shows_amend_links_not_forms(as_a, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=3, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    html = as_a.get(url(assessment)).content.decode()
    assert 'id="form-hip-drop-left"' not in html
    assert "Amend" in html
    assert "Signed" in html
    assert 'type="file"' not in html


def test_amend_query_opens_one_section_in_amend_mode(as_a, assessment, clinician_a):
    hip_drop(assessment, "left")
    record_hip_drop(assessment, side="left", drop_deg=3, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    html = as_a.get(url(assessment) + "?amend=hip_drop:left").content.decode()
    assert 'id="form-hip-drop-left"' in html
    assert 'id="form-hip-drop-right"' not in html
    assert "Reason for the amendment" in html


def test_the_change_since_the_previous_assessment_is_shown(as_a, client1, clinician_a):
    from datetime import timedelta

    from django.utils import timezone

    from tests.assessments.factories import AssessmentFactory

    first = AssessmentFactory(
        client=client1,
        clinician=clinician_a,
        assessed_on=timezone.localdate() - timedelta(days=30),
    )
    record_knee(first, side="left", fppas=[20, 20, 20], by=clinician_a)
    second = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(second, side="left", fppas=[10, 10, 10], by=clinician_a)
    html = as_a.get(url(second)).content.decode()
    assert "Better: -10.0°" in html

    third = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(third, side="left", fppas=[14, 14, 14], by=clinician_a)
    html = as_a.get(url(third)).content.decode()
    assert "No detectable change (+4.0°" in html
