"""Assessments in the admin: a signed one and every amendment are read-only; a draft can
be corrected or deleted, and deleting it takes its photo files."""

import os
import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Amendment, Assessment, Photo
from tests.assessments.factories import hip_drop, record_hip_drop
from tests.factories import UserFactory

CHANGELIST = reverse("admin:assessments_assessment_changelist")


@pytest.fixture
def as_admin(db, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def recorded(assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=4, by=clinician_a)
    return assessment


@pytest.fixture
def signed(recorded, clinician_a):
    services.assessment_sign(assessment=recorded, by=clinician_a)
    return recorded


@pytest.fixture
def amendment(signed, clinician_a):
    return services.section_save(
        test=hip_drop(signed), by=clinician_a, values={"pain": 3}, reason="Asked again"
    )


def change_url(assessment):
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def delete_url(assessment):
    return reverse("admin:assessments_assessment_delete", args=[assessment.pk])


def change_form(page: str, assessment, **overrides) -> dict:
    """What the change page posts: its hidden inputs (the inlines' management forms)
    and the assessment's own fields."""
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data.pop("csrfmiddlewaretoken", None)
    data.update(
        client=assessment.client_id,
        clinician=assessment.clinician_id,
        assessed_on=assessment.assessed_on.isoformat(),
        notes=assessment.notes,
        _save="Save",
    )
    data.update(overrides)
    return data


def test_a_draft_stays_editable(as_admin, recorded):
    page = as_admin.get(change_url(recorded)).content.decode()
    assert 'name="_save"' in page
    response = as_admin.post(change_url(recorded), change_form(page, recorded, notes="Fixed"))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.notes == "Fixed"


def test_a_signed_assessment_is_shown_read_only(as_admin, signed):
    response = as_admin.get(change_url(signed))
    page = response.content.decode()
    assert response.status_code == 200
    assert "View assessment" in page
    assert 'name="_save"' not in page
    assert 'name="notes"' not in page
    assert delete_url(signed) not in page


def test_posting_to_a_signed_assessment_changes_nothing(as_admin, signed, recorded):
    form = change_form("", signed, notes="Rewritten")
    assert as_admin.post(change_url(signed), form).status_code == 403
    signed.refresh_from_db()
    assert signed.notes == ""


def test_a_signed_assessment_cannot_be_deleted_and_keeps_its_photo_file(as_admin, signed):
    path = Photo.objects.get(assessment=signed).image.path
    assert as_admin.get(delete_url(signed)).status_code == 403
    assert as_admin.post(delete_url(signed), {"post": "yes"}).status_code == 403
    assert Assessment.objects.filter(pk=signed.pk).exists()
    assert os.path.exists(path)


def test_the_bulk_delete_refuses_signed_assessments(as_admin, signed, client1, clinician_a):
    draft = services.assessment_create(client=client1, clinician=clinician_a)
    path = Photo.objects.get(assessment=signed).image.path
    response = as_admin.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [signed.pk, draft.pk], "post": "yes"},
        follow=True,
    )
    assert "Nothing was deleted: 1 of the selected assessments is signed" in (
        response.content.decode()
    )
    assert Assessment.objects.filter(pk__in=[signed.pk, draft.pk]).count() == 2
    assert os.path.exists(path)


def test_a_draft_deleted_in_the_admin_takes_its_photo_files(
    as_admin, recorded, django_capture_on_commit_callbacks
):
    path = Photo.objects.get(assessment=recorded).image.path
    assert as_admin.get(delete_url(recorded)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(delete_url(recorded), {"post": "yes"})
    assert response.status_code == 302
    assert not Assessment.objects.filter(pk=recorded.pk).exists()
    assert not os.path.exists(path)


def test_drafts_deleted_in_bulk_take_their_photo_files(
    as_admin, recorded, django_capture_on_commit_callbacks
):
    path = Photo.objects.get(assessment=recorded).image.path
    form = {"action": "delete_selected", "_selected_action": [recorded.pk]}
    assert "Delete multiple objects" in as_admin.post(CHANGELIST, form).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(CHANGELIST, {**form, "post": "yes"})
    assert response.status_code == 302
    assert not Assessment.objects.filter(pk=recorded.pk).exists()
    assert not os.path.exists(path)


def test_an_amendment_is_read_only(as_admin, amendment):
    url = reverse("admin:assessments_amendment_change", args=[amendment.pk])
    page = as_admin.get(url).content.decode()
    assert "Asked again" in page
    assert 'name="_save"' not in page
    assert as_admin.post(url, {"reason": "Something else"}).status_code == 403
    delete = reverse("admin:assessments_amendment_delete", args=[amendment.pk])
    assert as_admin.post(delete, {"post": "yes"}).status_code == 403
    listing = as_admin.get(reverse("admin:assessments_amendment_changelist")).content.decode()
    assert "delete_selected" not in listing
    bulk = as_admin.post(
        reverse("admin:assessments_amendment_changelist"),
        {"action": "delete_selected", "_selected_action": [amendment.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert Amendment.objects.get().reason == "Asked again"


def test_the_inlines_offer_no_change_or_delete(as_admin, recorded):
    page = as_admin.get(change_url(recorded)).content.decode()
    assert "hip_drop_tests-0-DELETE" not in page
    assert "photos-0-DELETE" not in page
    assert 'name="hip_drop_tests-0-pain"' not in page
