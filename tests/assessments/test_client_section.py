"""The client record's Assessments section and the latest_findings selector programs uses."""

import pytest

from assessments import selectors, services
from tests.assessments.factories import AssessmentFactory, record_hip_drop, record_knee

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def url(client):
    return f"/clients/{client.pk}/assessments/section/"


def test_the_record_page_loads_the_section_by_name(as_a, client1):
    html = as_a.get(f"/clients/{client1.pk}/").content.decode()
    assert f'hx-get="{url(client1)}"' in html


def test_with_htmx_it_is_a_fragment_with_the_latest_findings(as_a, client1, clinician_a):
    assessment = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(assessment, side="left", fppas=[18, 20], by=clinician_a)
    record_hip_drop(
        assessment, side="right", drop_deg=4, by=clinician_a, result="positive", seconds=3
    )
    response = as_a.get(url(client1), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "19.0°" in html
    assert "above reference" in html
    assert "<td>Positive</td>" in html
    assert "4.0°" in html
    assert f"/clients/{client1.pk}/assessments/" in html  # history
    assert f"/clients/{client1.pk}/assessments/new/" in html


def test_without_htmx_it_is_a_full_page(as_a, client1):
    html = as_a.get(url(client1)).content.decode()
    assert "<html" in html
    assert "No assessments yet." in html


def test_a_viewer_sees_no_new_button(as_viewer, client1):
    html = as_viewer.get(url(client1), headers=HTMX).content.decode()
    assert "New assessment" not in html


def test_another_clinic_gets_404(as_c, client1):
    assert as_c.get(url(client1), headers=HTMX).status_code == 404


def test_a_client_gets_404(as_client1, client1):
    assert as_client1.get(url(client1), headers=HTMX).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, client1):
    response = client.get(url(client1))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_rejects_post(as_a, client1):
    assert as_a.post(url(client1)).status_code == 405


# --- latest_findings --------------------------------------------------------------------


def test_latest_findings_is_none_without_assessments(client1):
    assert selectors.latest_findings(client=client1) is None


def test_latest_findings_per_side(client1, clinician_a):
    old = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(old, side="left", fppas=[25], by=clinician_a)
    new = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(new, side="left", fppas=[14, 16], by=clinician_a)
    record_knee(new, side="right", fppas=[5], by=clinician_a)
    record_hip_drop(
        new, side="left", drop_deg=6, by=clinician_a, result="delayed_positive", seconds=12
    )
    findings = selectors.latest_findings(client=client1)
    assert findings.assessment == new
    assert findings.left.hip_drop_result == "delayed_positive"
    assert findings.left.seconds_held == 12
    assert findings.left.pelvic_drop_deg == pytest.approx(6.0)
    assert findings.left.fppa_mean_deg == pytest.approx(15.0)
    assert findings.left.fppa_above_reference is True  # above 13.5° by default
    assert findings.right.fppa_above_reference is False
    assert findings.right.hip_drop_result == ""
    assert findings.left.fppa_change.kind == "better"  # 25 → 15: beyond the 8° SDD
    assert findings.fppa_asymmetry.attention  # 15 vs 5: 10° apart


def test_latest_findings_can_skip_drafts(client1, clinician_a):
    signed = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(signed, side="left", fppas=[9], by=clinician_a)
    services.assessment_sign(assessment=signed, by=clinician_a)
    AssessmentFactory(client=client1, clinician=clinician_a)
    assert selectors.latest_findings(client=client1).assessment != signed
    assert selectors.latest_findings(client=client1, signed_only=True).assessment == signed


def test_the_reference_threshold_is_a_setting(client1, clinician_a, settings):
    assessment = AssessmentFactory(client=client1, clinician=clinician_a)
    record_knee(assessment, side="left", fppas=[12], by=clinician_a)
    assert selectors.latest_findings(client=client1).left.fppa_above_reference is False
    settings.ASSESSMENT_FPPA_UPPER_DEG = 10
    assert selectors.latest_findings(client=client1).left.fppa_above_reference is True


def test_latest_findings_runs_a_fixed_number_of_queries(
    client1, clinician_a, django_assert_num_queries
):
    for _ in range(3):
        record_knee(
            AssessmentFactory(client=client1, clinician=clinician_a),
            side="left",
            fppas=[10],
            by=clinician_a,
        )
    with django_assert_num_queries(3):
        selectors.latest_findings(client=client1)
