"""The history page: every assessment in a table, FPPA and pelvic drop charts, fixed queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.assessments.factories import AssessmentFactory, record_hip_drop, record_knee

pytestmark = pytest.mark.django_db


def url(client):
    return f"/clients/{client.pk}/assessments/"


def make(client, clinician, n, *, start=0):
    today = timezone.localdate()
    made = []
    for i in range(start, start + n):
        assessment = AssessmentFactory(
            client=client, clinician=clinician, assessed_on=today - timedelta(days=7 * (20 - i))
        )
        record_knee(assessment, side="left", fppas=[10 + i], by=clinician)
        record_knee(assessment, side="right", fppas=[5 + i], by=clinician)
        record_hip_drop(assessment, side="left", drop_deg=1 + i / 2, by=clinician)
        made.append(assessment)
    return made


def test_it_lists_every_assessment_with_a_chart(as_a, client1, clinician_a):
    make(client1, clinician_a, 3)
    response = as_a.get(url(client1))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("/assessments/") >= 3
    assert "Mean FPPA per leg" in html
    assert "Pelvic drop per stance side" in html
    # Server-rendered SVG: lines and points exist without any JavaScript.
    assert html.count('<svg class="history-chart"') == 2
    assert html.count("<polyline") == 3  # FPPA left and right, pelvic drop left
    assert "Left, " in html
    assert "12.0°" in html  # third assessment's left FPPA (10 + 2)
    # CSP: no inline style attributes anywhere on the page.
    assert not re.search(r"\sstyle=", html)


def test_the_query_count_does_not_grow_with_the_assessments(
    as_a, client1, clinician_a, django_assert_num_queries
):
    make(client1, clinician_a, 2)
    with CaptureQueriesContext(connection) as two:
        assert as_a.get(url(client1)).status_code == 200
    make(client1, clinician_a, 8, start=2)
    with django_assert_num_queries(len(two.captured_queries)):
        response = as_a.get(url(client1))
    assert (
        response.content.decode().count("Signed") + response.content.decode().count("Draft") >= 10
    )


def test_it_paginates_the_table(as_a, client1, clinician_a):
    for _ in range(21):
        AssessmentFactory(client=client1, clinician=clinician_a)
    html = as_a.get(url(client1)).content.decode()
    assert "Page 1 of 2" in html
    response = as_a.get(url(client1) + "?page=2", headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'id="history-table"' in fragment
    assert "Page 2 of 2" in fragment


def test_an_empty_history_says_so(as_a, client1):
    html = as_a.get(url(client1)).content.decode()
    assert "No assessments yet." in html
    assert "No measurements yet" in html


def test_a_viewer_reads_it_without_the_new_button(as_viewer, client1):
    response = as_viewer.get(url(client1))
    assert response.status_code == 200
    assert "New assessment" not in response.content.decode()


def test_another_clinic_gets_404(as_c, client1):
    assert as_c.get(url(client1)).status_code == 404


def test_a_client_gets_404(as_client1, client1):
    assert as_client1.get(url(client1)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, client1):
    response = client.get(url(client1))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_rejects_post(as_a, client1):
    assert as_a.post(url(client1)).status_code == 405
