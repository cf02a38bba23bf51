"""The portal's "My assessments": the client's own signed results in plain words."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import interpretation, services
from tests.assessments.factories import AssessmentFactory, record_hip_drop, record_knee
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/portal/assessments/"


def signed(client, clinician, *, days_ago, left, right, notes="", sign=True):
    assessment = AssessmentFactory(
        client=client,
        clinician=clinician,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
        notes=notes,
    )
    record_knee(assessment, side="left", fppas=[left], by=clinician)
    record_knee(assessment, side="right", fppas=[right], by=clinician)
    if sign:
        services.assessment_sign(assessment=assessment, by=clinician)
    return assessment


def test_it_says_the_change_in_plain_words(as_client1, client1, clinician_a):
    signed(client1, clinician_a, days_ago=30, left=10, right=14)
    signed(client1, clinician_a, days_ago=1, left=12, right=4)
    response = as_client1.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Right leg: your knee moved inwards 4°, last time 14°: a real improvement." in html
    assert "Left leg: your knee moved inwards 12°, last time 10°: no detectable change" in html
    assert html.count('<svg class="history-chart"') == 2
    assert 'href="/portal/assessments/"' in html  # the menu link
    assert not re.search(r"\sstyle=", html)


def test_drafts_and_notes_never_show(as_client1, client1, clinician_a):
    signed(client1, clinician_a, days_ago=30, left=10, right=10, notes="Private: anxious")
    draft = signed(client1, clinician_a, days_ago=1, left=25, right=25, sign=False)
    html = as_client1.get(URL).content.decode()
    assert "Private: anxious" not in html
    assert "25°" not in html
    assert "last time" not in html  # the draft is neither shown nor compared with
    photo = draft.photos.first()
    assert as_client1.get(f"/portal/assessments/photos/{photo.key}/").status_code == 404


def test_it_shows_the_still_with_its_lines(as_client1, client1, clinician_a):
    assessment = signed(client1, clinician_a, days_ago=1, left=10, right=10)
    photo = assessment.photos.first()
    html = as_client1.get(URL).content.decode()
    assert f"/portal/assessments/photos/{photo.key}/" in html
    assert '<polyline points="' in html
    response = as_client1.get(f"/portal/assessments/photos/{photo.key}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_it_shows_the_stance_result(as_client1, client1, clinician_a):
    assessment = AssessmentFactory(client=client1, clinician=clinician_a)
    record_hip_drop(
        assessment, side="left", drop_deg=4, by=clinician_a, result="delayed_positive", seconds=18
    )
    services.assessment_sign(assessment=assessment, by=clinician_a)
    html = as_client1.get(URL).content.decode()
    assert "Standing on your left leg: you held your pelvis level for 18 seconds" in html


def test_other_clients_results_are_not_reachable(as_client1, client1, clinician_a, clinic1):
    other_user = UserFactory(email="other@example.test")
    other = ClientFactory(clinic=clinic1, lead_clinician=clinician_a, user=other_user)
    theirs = signed(other, clinician_a, days_ago=1, left=17, right=17)
    html = as_client1.get(URL).content.decode()
    assert "17°" not in html
    photo = theirs.photos.first()
    assert as_client1.get(f"/portal/assessments/photos/{photo.key}/").status_code == 404


def test_another_clinics_client_sees_only_their_own(client2, clinician_c, client1, clinician_a):
    from django.test import Client as HttpClient

    mine = signed(client1, clinician_a, days_ago=1, left=17, right=17)
    client2.user = UserFactory(email="dan@example.test")
    client2.save()
    http = HttpClient()
    http.force_login(client2.user)
    html = http.get(URL).content.decode()
    assert "17°" not in html
    assert "not shared any assessments" in html
    photo = mine.photos.first()
    assert http.get(f"/portal/assessments/photos/{photo.key}/").status_code == 404


def test_anonymous_and_clinicians_get_404_or_sign_in(client, as_a, client1, clinician_a):
    assessment = signed(client1, clinician_a, days_ago=1, left=10, right=10)
    photo_url = f"/portal/assessments/photos/{assessment.photos.first().key}/"
    for url in (URL, photo_url):
        anonymous = client.get(url)
        assert anonymous.status_code in (302, 404)
        if anonymous.status_code == 302:
            assert anonymous["Location"].startswith("/sign-in/")
        assert as_a.get(url).status_code == 404


def test_it_rejects_post(as_client1):
    assert as_client1.post(URL).status_code == 405


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (9, 14, "Right leg: your knee moved inwards 9°, last time 14°: no detectable change"),
        (4, 14, "Right leg: your knee moved inwards 4°, last time 14°: a real improvement."),
        (20, 8, "further than last time"),
        (-3, None, "Right leg: your knee moved outwards 3°."),
    ],
)
def test_plain_words(current, previous, expected):
    text = interpretation.fppa_for_client("right", current, previous, sdd_deg=8)
    assert expected in text
