"""Saving one test/side section: validation next to the field, landmarks, htmx, access."""

import re

import pytest

from assessments import services
from assessments.models import Amendment, HipDropTest
from tests.assessments.factories import hip_drop, knee_valgus, upload

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def section_url(assessment, kind="hip-drop", side="left"):
    return f"/assessments/{assessment.pk}/{kind}/{side}/"


def hip_data(**overrides):
    data = {
        "result": "delayed_positive",
        "seconds_held": "18",
        "compensation": "trunk_lean",
        "pain": "3",
        "notes": "Lateral hip pain at 15 s",
    }
    data.update(overrides)
    return data


def test_it_saves_a_hip_drop_section_with_htmx(as_a, assessment):
    response = as_a.post(section_url(assessment), hip_data(), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="hip-drop-left"' in html
    assert "Saved." in html
    assert re.search(r"<section id=\"interpretation\"[^>]*hx-swap-oob=\"true\"", html)
    test = hip_drop(assessment, "left")
    assert (test.result, test.seconds_held, test.compensation, test.pain) == (
        "delayed_positive",
        18,
        "trunk_lean",
        3,
    )
    assert test.notes == "Lateral hip pain at 15 s"
    assert hip_drop(assessment, "right").result == ""


def test_without_htmx_it_redirects_to_the_section(as_a, assessment):
    response = as_a.post(section_url(assessment), hip_data())
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/#hip-drop-left"


def test_a_negative_result_without_seconds_means_30(as_a, assessment):
    as_a.post(section_url(assessment), hip_data(result="negative", seconds_held=""))
    assert hip_drop(assessment, "left").seconds_held == 30


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pain": "11"}, "pain", "Pain is scored from 0 (none) to 10"),
        ({"pain": "-1"}, "pain", "Pain is scored from 0 (none) to 10"),
        ({"seconds_held": "-2"}, "seconds_held", "Seconds held cannot be negative"),
        ({"seconds_held": "31"}, "seconds_held", "The test stops at 30 s"),
        (
            {"result": "negative", "seconds_held": "12"},
            "seconds_held",
            "held for 12 s is a delayed positive",
        ),
        ({"result": "delayed_positive", "seconds_held": ""}, "seconds_held", "Record how long"),
        ({"result": "delayed_positive", "seconds_held": "30"}, "seconds_held", "is a negative"),
        ({"result": "positive", "seconds_held": "30"}, "seconds_held", "is a negative"),
        ({"result": "sideways"}, "result", "Select a valid choice"),
    ],
)
def test_impossible_values_are_refused_next_to_the_field(
    as_a, assessment, overrides, field, message
):
    response = as_a.post(section_url(assessment), hip_data(**overrides), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # The message sits with its field (crispy renders it under the input's id).
    field_id = f"id_hip_drop_left_{field}"
    assert f'id="{field_id}"' in html
    assert html.index(message) > html.index(f'id="{field_id}"')
    # Nothing typed is lost.
    assert "Lateral hip pain at 15 s" in html
    for name in ("seconds_held", "pain"):
        typed = hip_data(**overrides)[name]
        if typed:
            assert re.search(rf'name="{name}" value="{typed}"', html), name
    # And nothing was saved.
    assert hip_drop(assessment, "left").result == ""


def test_without_htmx_errors_render_the_whole_page_with_the_typed_values(as_a, assessment):
    response = as_a.post(section_url(assessment), hip_data(pain="11"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Pain is scored from 0 (none) to 10" in html
    assert "Lateral hip pain at 15 s" in html
    assert 'value="18"' in html


def test_the_database_refuses_a_negative_held_for_12_s(assessment):
    from django.db import IntegrityError

    test = hip_drop(assessment, "left")
    HipDropTest.objects.filter(pk=test.pk).update(result="", seconds_held=None)
    with pytest.raises(IntegrityError):
        HipDropTest.objects.filter(pk=test.pk).update(result="negative", seconds_held=12)


def test_knee_section_saves_ratings_and_landmarks(as_a, assessment, clinician_a):
    test = knee_valgus(assessment, "right")
    services.photo_attach(test=test, trial=1, upload=upload(), by=clinician_a)
    services.photo_attach(test=test, trial=2, upload=upload(), by=clinician_a)
    data = {
        "depth": "60",
        "rating_overall": "poor",
        "rating_knee": "poor",
        "pain": "0",
        "notes": "",
        # Trial 1: docs/clinical.md §2.1 example, right leg from the front → +22.62°.
        "t1-view": "front",
        "t1-hip_x": "100",
        "t1-hip_y": "100",
        "t1-knee_x": "110",
        "t1-knee_y": "150",
        "t1-ankle_x": "100",
        "t1-ankle_y": "200",
        # Trial 2: the same shape filmed from behind → −22.62°.
        "t2-view": "back",
        "t2-hip_x": "100",
        "t2-hip_y": "100",
        "t2-knee_x": "110",
        "t2-knee_y": "150",
        "t2-ankle_x": "100",
        "t2-ankle_y": "200",
        # A client-sent angle is ignored: there is no such field.
        "t1-angle": "99",
    }
    response = as_a.post(section_url(assessment, "knee-valgus", "right"), data, headers=HTMX)
    assert "Saved." in response.content.decode()
    test.refresh_from_db()
    photos = {photo.trial: photo for photo in test.assessment.photos.all()}
    assert photos[1].angle_deg == pytest.approx(22.62, abs=0.005)
    assert photos[2].angle_deg == pytest.approx(-22.62, abs=0.005)
    assert photos[1].points == {
        "hip": [100.0, 100.0],
        "knee": [110.0, 150.0],
        "ankle": [100.0, 200.0],
    }
    assert test.fppa_mean_deg == pytest.approx(0.0, abs=0.01)
    assert (test.depth, test.rating_overall, test.rating_knee, test.pain) == (
        "60",
        "poor",
        "poor",
        0,
    )


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (
            {"hip": (100, 100), "knee": (100, 100), "ankle": (100, 300)},
            "hip and knee points are in the same place",
        ),
        ({"hip": (100, 100), "knee": (110, 150)}, "Place the ankle point too"),
        (
            {"hip": (100, 100), "knee": (110, 150), "ankle": (100, 900)},
            "ankle point lies outside the photo",
        ),
    ],
)
def test_bad_landmarks_are_refused_next_to_the_photo(
    as_a, assessment, clinician_a, points, message
):
    test = knee_valgus(assessment, "left")
    services.photo_attach(test=test, trial=1, upload=upload(), by=clinician_a)
    data = {"t1-view": "front", "notes": "keep me", "pain": "4"}
    for name, (x, y) in points.items():
        data[f"t1-{name}_x"], data[f"t1-{name}_y"] = str(x), str(y)
    response = as_a.post(section_url(assessment, "knee-valgus", "left"), data, headers=HTMX)
    html = response.content.decode()
    assert message in html
    assert html.index(message) > html.index('id="slot-knee-valgus-left-1"')
    assert "keep me" in html
    assert 'value="4"' in html
    assert test.assessment.photos.get().points == {}


def test_clearing_the_points_clears_the_angle(as_a, assessment, clinician_a):
    from tests.assessments.factories import record_hip_drop

    record_hip_drop(assessment, side="left", drop_deg=5, by=clinician_a)
    as_a.post(section_url(assessment), {"t1-view": "back", "result": ""})
    assert hip_drop(assessment, "left").pelvic_drop_deg is None


def test_get_with_htmx_gives_the_section(as_a, assessment):
    response = as_a.get(section_url(assessment, "knee-valgus", "right"), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="knee-valgus-right"' in html
    assert "<html" not in html


def test_get_without_htmx_goes_to_the_page(as_a, assessment):
    response = as_a.get(section_url(assessment) + "?amend=1")
    assert response.status_code == 302
    assert (
        response["Location"] == f"/assessments/{assessment.pk}/?amend=hip_drop:left#hip-drop-left"
    )


def test_an_unknown_test_or_side_is_404(as_a, assessment):
    assert as_a.get(section_url(assessment, "elbow", "left"), headers=HTMX).status_code == 404
    assert as_a.post(section_url(assessment, "hip-drop", "middle"), hip_data()).status_code == 404


def test_a_viewer_gets_403(as_viewer, assessment):
    assert as_viewer.post(section_url(assessment), hip_data()).status_code == 403
    assert hip_drop(assessment, "left").result == ""


def test_another_clinic_gets_404(as_c, assessment):
    assert as_c.post(section_url(assessment), hip_data()).status_code == 404
    assert as_c.get(section_url(assessment), headers=HTMX).status_code == 404


def test_a_client_gets_404(as_client1, assessment):
    assert as_client1.post(section_url(assessment), hip_data()).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, assessment):
    response = client.post(section_url(assessment), hip_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_it_rejects_put(as_a, assessment):
    assert as_a.put(section_url(assessment)).status_code == 405


# --- after signing ---------------------------------------------------------------------


def test_a_signed_section_cannot_be_changed_without_a_reason(as_a, assessment, clinician_a):
    as_a.post(section_url(assessment), hip_data())
    services.assessment_sign(assessment=assessment, by=clinician_a)
    response = as_a.post(section_url(assessment), hip_data(pain="6"), headers=HTMX)
    assert "Say why the signed record changes." in response.content.decode()
    assert hip_drop(assessment, "left").pain == 3
    assert not Amendment.objects.exists()


def test_a_signed_section_changes_by_an_amendment_that_keeps_the_old_values(
    as_a, assessment, clinician_a
):
    as_a.post(section_url(assessment), hip_data())
    services.assessment_sign(assessment=assessment, by=clinician_a)
    response = as_a.post(
        section_url(assessment),
        hip_data(pain="6", reason="Pain score was misheard"),
        headers=HTMX,
    )
    html = response.content.decode()
    assert hip_drop(assessment, "left").pain == 6
    amendment = Amendment.objects.get()
    assert amendment.reason == "Pain score was misheard"
    assert amendment.amended_by == clinician_a
    assert amendment.changes == [{"field": "Pain (0–10)", "before": "3", "after": "6"}]
    # Visible on the page: the OOB amendments region lists who, why and the old value.
    assert 'id="amendments"' in html
    assert "Pain score was misheard" in html
    assert "<del>3</del>" in html
    page = as_a.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Pain score was misheard" in page
    assert "Ann A" in page
    assert "<del>3</del>" in page
