"""Creating a programme for a client, and editing its details."""

from datetime import date

import pytest
from django.urls import reverse

from programs.models import Program
from tests.programs.factories import ProgramFactory


def create_url(client):
    return reverse("programs:program-create", args=[client.pk])


def form_data(**changes):
    data = {
        "title": "Glute control",
        "goal": "strength",
        "start_date": "2025-03-03",
        "end_date": "2025-05-26",
        "status": "active",
        "notes_to_client": "Slowly, no pain above 5.",
    }
    data.update(changes)
    return data


def test_it_shows_the_form(as_a, client1):
    response = as_a.get(create_url(client1))
    assert response.status_code == 200
    assert "New programme for Cora Client" in response.content.decode()


def test_it_creates_a_programme_and_opens_the_builder(as_a, clinician_a, client1):
    response = as_a.post(create_url(client1), form_data())
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:builder", args=[program.pk])
    assert program.client == client1
    assert program.created_by == clinician_a
    assert (program.goal, program.start_date, program.end_date) == (
        "strength",
        date(2025, 3, 3),
        date(2025, 5, 26),
    )


def test_an_end_before_the_start_is_refused_next_to_the_field(as_a, client1):
    response = as_a.post(create_url(client1), form_data(end_date="2025-03-01"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The end date cannot be before the start date." in body
    assert 'value="Glute control"' in body
    assert "Slowly, no pain above 5." in body
    assert not Program.objects.exists()


def test_a_missing_title_is_refused(as_a, client1):
    response = as_a.post(create_url(client1), form_data(title=""))
    assert "This field is required." in response.content.decode()
    assert not Program.objects.exists()


def test_create_refuses_a_viewer(as_viewer, client1):
    assert as_viewer.get(create_url(client1)).status_code == 403
    assert as_viewer.post(create_url(client1), form_data()).status_code == 403


def test_create_refuses_another_clinic(as_c, client1):
    assert as_c.post(create_url(client1), form_data()).status_code == 404
    assert not Program.objects.exists()


def test_create_refuses_a_client(as_client1, client1):
    assert as_client1.get(create_url(client1)).status_code == 404


def test_create_rejects_delete(as_a, client1):
    assert as_a.delete(create_url(client1)).status_code == 405


# --- editing -------------------------------------------------------------------------


@pytest.fixture
def program(client1):
    return ProgramFactory(client=client1, title="Old title", start_date=date(2025, 1, 6))


def edit_url(program):
    return reverse("programs:program-edit", args=[program.pk])


def test_it_edits_title_goal_dates_status_and_notes(as_b, program):
    response = as_b.post(edit_url(program), form_data(status="paused", end_date=""))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Glute control"
    assert program.status == "paused"
    assert program.end_date is None
    assert program.notes_to_client == "Slowly, no pain above 5."


def test_edit_keeps_what_was_typed_when_the_dates_are_wrong(as_a, program):
    response = as_a.post(edit_url(program), form_data(title="New title", start_date="2025-06-01"))
    body = response.content.decode()
    assert "The end date cannot be before the start date." in body
    assert 'value="New title"' in body
    program.refresh_from_db()
    assert program.title == "Old title"


def test_edit_refuses_a_viewer_another_clinic_and_a_client(as_viewer, as_c, as_client1, program):
    assert as_viewer.post(edit_url(program), form_data()).status_code == 403
    assert as_c.get(edit_url(program)).status_code == 404
    assert as_client1.get(edit_url(program)).status_code == 404
    program.refresh_from_db()
    assert program.title == "Old title"
