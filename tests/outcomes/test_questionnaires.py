"""Sending, scheduling, answering, submitting once, amending, and who may do it."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from outcomes import services
from outcomes.due import due_dates
from outcomes.models import InstrumentWording, Questionnaire, QuestionnaireEvent
from tests.programs.factories import ProgramFactory


@pytest.fixture
def nprs(client1, clinician_a):
    return services.questionnaire_send(client=client1, code="nprs", by=clinician_a)


def lefs_texts():
    scale = [{"points": p, "text": f"scale {p}"} for p in range(5)]
    return {"scale": scale} | {str(n): f"item {n}" for n in range(1, 21)}


# --- sending and scheduling -------------------------------------------------------------------


def test_a_clinician_sends_nprs_now(as_a, client1):
    response = as_a.post(
        reverse("outcomes:send", args=[client1.pk]), {"instrument": "nprs"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    sent = Questionnaire.objects.get(client=client1)
    assert sent.instrument == "nprs"
    assert sent.due_on == timezone.localdate()
    assert sent.wording["now"].startswith("How bad is your pain")


def test_an_instrument_with_missing_texts_cannot_be_sent(as_a, client1, clinician_a):
    response = as_a.post(reverse("outcomes:send", args=[client1.pk]), {"instrument": "lefs"})
    assert response.status_code == 422
    assert "LEFS cannot be sent yet" in response.content.decode()
    assert not Questionnaire.objects.exists()
    texts = lefs_texts()
    del texts["20"]
    InstrumentWording.objects.create(clinic=client1.clinic, instrument="lefs", texts=texts)
    with pytest.raises(ValidationError, match=r"1 part missing"):
        services.questionnaire_send(client=client1, code="lefs", by=clinician_a)
    InstrumentWording.objects.filter(instrument="lefs").update(texts=lefs_texts())
    assert services.questionnaire_send(client=client1, code="lefs", by=clinician_a).wording


def test_another_clinics_wording_does_not_count(client1, clinician_a, clinic2):
    InstrumentWording.objects.create(clinic=clinic2, instrument="lefs", texts=lefs_texts())
    with pytest.raises(ValidationError):
        services.questionnaire_send(client=client1, code="lefs", by=clinician_a)


def test_due_dates_from_a_programme():
    start = date(2026, 1, 5)
    assert due_dates(
        start=start, end=date(2026, 2, 2), at_start=True, every_weeks=2, at_end=True
    ) == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]
    assert due_dates(start=start, end=None, at_start=False, every_weeks=None, at_end=True) == []
    assert len(due_dates(start=start, end=None, at_start=True, every_weeks=4, at_end=True)) == 7


def test_scheduling_with_a_programme_creates_the_due_questionnaires(as_a, client1):
    program = ProgramFactory(
        client=client1, start_date=date(2026, 3, 2), end_date=date(2026, 4, 13)
    )
    response = as_a.post(
        reverse("outcomes:schedule", args=[client1.pk]),
        {
            "program": program.pk,
            "instrument": "psfs",
            "at_start": "on",
            "every_weeks": "3",
            "at_end": "on",
        },
    )
    assert response.status_code == 302
    days = list(Questionnaire.objects.order_by("due_on").values_list("due_on", flat=True))
    assert days == [date(2026, 3, 2), date(2026, 3, 23), date(2026, 4, 13)]


def test_scheduling_needs_a_time(as_a, client1):
    program = ProgramFactory(client=client1)
    response = as_a.post(
        reverse("outcomes:schedule", args=[client1.pk]),
        {"program": program.pk, "instrument": "nprs"},
    )
    assert response.status_code == 422
    assert "Choose when to send it" in response.content.decode()


def test_scheduling_refuses_another_clients_programme(as_a, client1, client2):
    other = ProgramFactory(client=client2)
    response = as_a.post(
        reverse("outcomes:schedule", args=[client1.pk]),
        {"program": other.pk, "instrument": "nprs", "at_start": "on"},
    )
    assert response.status_code == 422
    assert not Questionnaire.objects.exists()


# --- access -----------------------------------------------------------------------------------


def test_strangers_get_404(as_c, client, as_client1, nprs, client1):
    for url in (
        reverse("outcomes:client-section", args=[client1.pk]),
        reverse("outcomes:detail", args=[nprs.pk]),
    ):
        assert as_c.get(url).status_code == 404
        assert as_client1.get(url).status_code == 404
        assert client.get(url).status_code in (302, 404)
    assert (
        as_c.post(reverse("outcomes:send", args=[client1.pk]), {"instrument": "nprs"}).status_code
        == 404
    )
    assert client.get(reverse("outcomes:portal-answer", args=[nprs.pk])).status_code in (302, 404)


def test_another_client_cannot_open_the_questionnaire(nprs, clinic1, clinician_a):
    from django.test import Client as HttpClient

    from tests.factories import ClientFactory, UserFactory

    user = UserFactory(email="other@example.test")
    ClientFactory(clinic=clinic1, lead_clinician=clinician_a, user=user, email=user.email)
    http = HttpClient()
    http.force_login(user)
    assert http.get(reverse("outcomes:portal-answer", args=[nprs.pk])).status_code == 404


def test_read_only_members_see_but_cannot_write(as_viewer, client1, nprs):
    section = as_viewer.get(reverse("outcomes:client-section", args=[client1.pk]))
    assert section.status_code == 200
    assert b"Send a questionnaire now" not in section.content
    assert (
        as_viewer.post(
            reverse("outcomes:send", args=[client1.pk]), {"instrument": "nprs"}
        ).status_code
        == 403
    )
    assert (
        as_viewer.post(reverse("outcomes:paper", args=[nprs.pk]), {"now": "3"}).status_code == 403
    )


def test_the_section_rejects_post(as_a, client1):
    assert as_a.post(reverse("outcomes:client-section", args=[client1.pk])).status_code == 405


# --- answering ----------------------------------------------------------------------------------


def test_a_half_answered_questionnaire_keeps_its_answers(as_client1, nprs):
    url = reverse("outcomes:portal-answer", args=[nprs.pk])
    response = as_client1.post(url, {"now": "4"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "1 of 3 answered" in response.content.decode()
    nprs.refresh_from_db()
    assert nprs.answers == {"now": 4}
    assert not nprs.is_submitted
    page = as_client1.get(url).content.decode()
    assert 'id="q-now-4" value="4" checked' in page


def test_a_double_submit_is_stored_once(as_client1, nprs):
    url = reverse("outcomes:portal-answer", args=[nprs.pk])
    data = {"now": "4", "best": "2", "worst": "7", "action": "submit"}
    assert as_client1.post(url, data).status_code == 302
    nprs.refresh_from_db()
    first = nprs.submitted_at
    assert nprs.score == 4
    again = as_client1.post(url, data | {"now": "9"})
    assert again.status_code == 200  # the thank-you page, nothing changed
    nprs.refresh_from_db()
    assert (nprs.submitted_at, nprs.score, nprs.answers["now"]) == (first, 4, 4)
    _, stored = services.questionnaire_submit(questionnaire_id=nprs.pk)
    assert stored is False


def test_a_bad_answer_is_named_and_the_good_ones_kept(as_client1, nprs):
    url = reverse("outcomes:portal-answer", args=[nprs.pk])
    response = as_client1.post(url, {"now": "11", "best": "2", "action": "submit"})
    assert response.status_code == 422
    assert "Choose one of the answers." in response.content.decode()
    nprs.refresh_from_db()
    assert nprs.answers == {"best": 2}
    assert not nprs.is_submitted


def test_a_future_questionnaire_waits(as_client1, client1, clinician_a):
    later = services.questionnaire_send(
        client=client1, code="nprs", by=clinician_a, due_on=timezone.localdate() + timedelta(days=3)
    )
    section = as_client1.get(reverse("outcomes:portal-section")).content.decode()
    assert later.get_portal_url() not in section
    assert as_client1.get(later.get_portal_url()).status_code == 302


def test_psfs_names_activities_first_and_later_asks_the_same(as_client1, client1, clinician_a):
    first = services.questionnaire_send(client=client1, code="psfs", by=clinician_a)
    url = first.get_portal_url()
    assert "Activity 1" in as_client1.get(url).content.decode()
    as_client1.post(url, {"activity_1": "Stairs", "activity_2": "Running"})
    first.refresh_from_db()
    assert first.activities == ["Stairs", "Running"]
    as_client1.post(url, {"1": "3", "2": "5", "action": "submit"})
    first.refresh_from_db()
    assert first.score == 4.0
    later = services.questionnaire_send(client=client1, code="psfs", by=clinician_a)
    assert later.activities == ["Stairs", "Running"]


def test_paper_answers_entered_by_the_clinician(as_a, nprs, clinician_a):
    response = as_a.post(
        reverse("outcomes:paper", args=[nprs.pk]), {"now": "5", "best": "3", "worst": "8"}
    )
    assert response.status_code == 302
    nprs.refresh_from_db()
    assert (nprs.score, nprs.via, nprs.entered_by) == (5, "paper", clinician_a)


# --- records ---------------------------------------------------------------------------------


def test_a_submitted_questionnaire_is_never_deleted_nor_changed_but_by_amendment(
    as_a, nprs, clinician_a
):
    services.answers_save(questionnaire_id=nprs.pk, answers={"now": 6})
    services.questionnaire_submit(questionnaire_id=nprs.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        Questionnaire.objects.filter(pk=nprs.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Questionnaire.objects.filter(pk=nprs.pk).update(answers={"now": 1})
    response = as_a.post(reverse("outcomes:amend", args=[nprs.pk]), {"now": "2", "reason": ""})
    assert response.status_code == 422
    response = as_a.post(
        reverse("outcomes:amend", args=[nprs.pk]), {"now": "2", "reason": "Misread the form"}
    )
    assert response.status_code == 302
    nprs.refresh_from_db()
    assert nprs.score == 2
    amendment = nprs.amendments.get()
    assert (amendment.score_before, amendment.score_after) == (6, 2)
    assert QuestionnaireEvent.objects.filter(pgh_obj_id=nprs.pk).count() >= 3


def test_the_trail_lists_questionnaire_changes(as_a, admin_a, client1, nprs):
    page = as_a.get(reverse("physio:client-trail", args=[client1.pk]))
    assert page.status_code == 200
    assert "questionnaire" in page.content.decode().lower()


# --- the clinic's licensed wording -------------------------------------------------------------


@pytest.fixture
def admin_a(clinician_a):
    clinician_a.role = "admin"
    clinician_a.save()
    return clinician_a


def upload(data, name="lefs.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/json")


def test_the_import_file_is_refused_with_clear_messages(as_a, admin_a):
    url = reverse("outcomes:wording-import", args=["lefs"])
    cases = [
        (b"{not json", "The file is not valid JSON"),
        (
            {"instrument": "odi", "texts": {}},
            "The file is for &quot;odi&quot;, not &quot;lefs&quot;",
        ),
        ({"instrument": "lefs", "texts": []}, "&quot;texts&quot; must be an object"),
        ({"instrument": "lefs", "texts": {"1": "x"}}, "2: This text is missing."),
        (
            {"instrument": "lefs", "texts": lefs_texts() | {"scale": [{"points": 9, "text": "x"}]}},
            "scale: The answers must be worth 0, 1, 2, 3, 4 points",
        ),
    ]
    for data, message in cases:
        response = as_a.post(url, {"file": upload(data)})
        assert response.status_code == 422, message
        assert message in response.content.decode(), message
    assert not InstrumentWording.objects.exists()


def test_a_good_import_makes_the_instrument_sendable(as_a, admin_a, client1):
    url = reverse("outcomes:wording-import", args=["lefs"])
    data = {"instrument": "lefs", "copy": "Licensed copy 2024", "texts": lefs_texts()}
    assert as_a.post(url, {"file": upload(data)}).status_code == 302
    wording = InstrumentWording.objects.get()
    assert wording.is_complete
    assert wording.copy_note == "Licensed copy 2024"
    services.questionnaire_send(client=client1, code="lefs", by=admin_a)


def test_the_wording_form_keeps_what_was_typed_and_names_bad_answers(as_a, admin_a):
    url = reverse("outcomes:wording-edit", args=["kujala"])
    response = as_a.post(url, {"s_1": "Typed question", "s_1__options": "5 | top\nbad line"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 2: write the points" in page
    assert "Typed question" in page
    response = as_a.post(url, {"s_1": "Typed question", "s_1__options": "0 | low\n5 | top"})
    assert response.status_code == 302
    wording = InstrumentWording.objects.get()
    assert wording.texts["1.options"] == [
        {"points": 0, "text": "low"},
        {"points": 5, "text": "top"},
    ]
    assert not wording.is_complete


def test_only_clinic_admins_edit_wording(as_b, as_c):
    url = reverse("outcomes:wording-edit", args=["lefs"])
    assert as_b.get(url).status_code == 403
    assert as_c.get(url).status_code == 403
    assert as_b.get(reverse("outcomes:wording-edit", args=["nprs"])).status_code == 403


def test_shipped_instruments_have_no_wording_form(as_a, admin_a):
    assert as_a.get(reverse("outcomes:wording-edit", args=["nprs"])).status_code == 404
