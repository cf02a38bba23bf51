"""Programme templates: save a programme as one, list and open them, start a programme from one."""

from datetime import date

import pytest
from django.urls import reverse

from programs.models import Program, ProgramTemplate
from tests.programs.factories import (
    ProgramFactory,
    ProgramItemFactory,
    ProgramTemplateFactory,
    ProgramTemplateItemFactory,
)


@pytest.fixture
def program(client1):
    program = ProgramFactory(client=client1, title="Knee plan", goal="power", notes_to_client="Go")
    ProgramItemFactory(program=program, exercise__name="Squat", order=0, sets=4, reps=5)
    ProgramItemFactory(
        program=program, exercise__name="Plank", order=1, reps=None, hold_seconds=30, side="left"
    )
    return program


def save_url(program):
    return reverse("programs:template-save", args=[program.pk])


def test_it_saves_a_programme_as_a_clinic_template(as_a, clinician_a, program, clinic1):
    response = as_a.post(save_url(program), {"name": "Power block"})
    template = ProgramTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:template-detail", args=[template.pk])
    assert (template.clinic, template.goal, template.notes_to_client) == (clinic1, "power", "Go")
    assert template.created_by == clinician_a
    rows = list(template.items.order_by("order"))
    assert [(r.exercise.name, r.sets, r.reps, r.hold_seconds, r.side) for r in rows] == [
        ("Squat", 4, 5, None, "both"),
        ("Plank", 2, None, 30, "left"),
    ]


def test_the_form_suggests_the_programme_title(as_a, program):
    assert 'value="Knee plan"' in as_a.get(save_url(program)).content.decode()


def test_a_duplicate_name_is_refused_next_to_the_field(as_a, program, clinic1):
    ProgramTemplateFactory(clinic=clinic1, name="Power block")
    response = as_a.post(save_url(program), {"name": "power block"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "already has a template with this name" in body
    assert 'value="power block"' in body
    assert ProgramTemplate.objects.count() == 1


def test_another_clinic_may_use_the_same_name(as_c, client2, clinic1):
    ProgramTemplateFactory(clinic=clinic1, name="Power block")
    other = ProgramFactory(client=client2)
    assert as_c.post(save_url(other), {"name": "Power block"}).status_code == 302


def test_save_refuses_a_viewer_another_clinic_and_a_client(as_viewer, as_c, as_client1, program):
    assert as_viewer.post(save_url(program), {"name": "X"}).status_code == 403
    assert as_c.post(save_url(program), {"name": "X"}).status_code == 404
    assert as_client1.post(save_url(program), {"name": "X"}).status_code == 404
    assert not ProgramTemplate.objects.exists()


# --- the list and one template -------------------------------------------------------


@pytest.fixture
def template(clinic1):
    template = ProgramTemplateFactory(clinic=clinic1, name="Hip basics", goal="endurance")
    ProgramTemplateItemFactory(template=template, exercise__name="Clam shell", order=0)
    ProgramTemplateItemFactory(template=template, exercise__name="Bridge", order=1, sets=3)
    return template


def test_the_list_shows_only_the_clinic_templates(as_a, template, clinic2):
    ProgramTemplateFactory(clinic=clinic2, name="Their template")
    body = as_a.get(reverse("programs:template-list")).content.decode()
    assert "Hip basics" in body
    assert "2 exercises" in body
    assert "Their template" not in body


def test_the_list_is_for_clinicians_only(as_client1):
    assert as_client1.get(reverse("programs:template-list")).status_code == 404


def test_a_template_shows_its_exercises(as_b, template):
    body = as_b.get(reverse("programs:template-detail", args=[template.pk])).content.decode()
    assert "Clam shell" in body
    assert "3 sets of 15" in body


def test_a_template_of_another_clinic_is_404(as_c, template):
    assert as_c.get(reverse("programs:template-detail", args=[template.pk])).status_code == 404


def test_it_deletes_a_template(as_a, template):
    response = as_a.post(reverse("programs:template-delete", args=[template.pk]))
    assert response.status_code == 302
    assert not ProgramTemplate.objects.exists()


def test_delete_refuses_a_viewer_another_clinic_and_get(as_viewer, as_c, as_a, template):
    delete = reverse("programs:template-delete", args=[template.pk])
    assert as_viewer.post(delete).status_code == 403
    assert as_c.post(delete).status_code == 404
    assert as_a.get(delete).status_code == 405
    assert ProgramTemplate.objects.exists()


# --- starting a programme from a template ----------------------------------------------


def start_url(client):
    return reverse("programs:program-from-template", args=[client.pk])


def test_it_starts_a_programme_from_a_template(as_a, clinician_a, client1, template):
    response = as_a.post(
        start_url(client1), {"template": template.pk, "title": "", "start_date": "2025-04-07"}
    )
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == program.get_absolute_url()
    assert (program.client, program.title, program.goal) == (client1, "Hip basics", "endurance")
    assert program.start_date == date(2025, 4, 7)
    assert program.created_by == clinician_a
    names = list(program.items.order_by("order").values_list("exercise__name", "sets"))
    assert names == [("Clam shell", 2), ("Bridge", 3)]


def test_the_programme_is_its_own_copy(as_a, client1, template):
    as_a.post(start_url(client1), {"template": template.pk, "start_date": "2025-04-07"})
    template.delete()
    assert Program.objects.get().items.count() == 2


def test_starting_keeps_what_was_typed_on_error(as_a, client1, template):
    data = {
        "template": template.pk,
        "title": "My title",
        "start_date": "2025-04-07",
        "end_date": "2025-04-01",
    }
    response = as_a.post(start_url(client1), data)
    body = response.content.decode()
    assert "The end date cannot be before the start date." in body
    assert 'value="My title"' in body
    assert not Program.objects.exists()


def test_a_template_of_another_clinic_cannot_be_used(as_a, client1, template, clinic2):
    theirs = ProgramTemplateFactory(clinic=clinic2)
    response = as_a.post(start_url(client1), {"template": theirs.pk, "start_date": "2025-04-07"})
    assert response.status_code == 200
    assert "Choose a template." in response.content.decode()
    assert not Program.objects.exists()


def test_starting_refuses_a_viewer_another_clinic_and_a_client(
    as_viewer, as_c, as_client1, client1, template
):
    data = {"template": template.pk, "start_date": "2025-04-07"}
    assert as_viewer.post(start_url(client1), data).status_code == 403
    assert as_c.post(start_url(client1), data).status_code == 404
    assert as_client1.get(start_url(client1)).status_code == 404
    assert not Program.objects.exists()
