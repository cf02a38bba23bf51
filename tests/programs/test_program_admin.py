"""Programmes and templates in the admin, for staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import ItemLog, SessionLog
from tests.factories import UserFactory
from tests.programs.factories import (
    ProgramFactory,
    ProgramItemFactory,
    ProgramTemplateFactory,
    ProgramTemplateItemFactory,
)


@pytest.fixture
def as_admin(db, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_programmes_list_and_open_with_their_items(as_admin, client1):
    item = ProgramItemFactory(program=ProgramFactory(client=client1, title="Knee plan"))
    listing = as_admin.get(reverse("admin:programs_program_changelist"), {"q": "Cora"})
    assert "Knee plan" in listing.content.decode()
    page = as_admin.get(reverse("admin:programs_program_change", args=[item.program.pk]))
    assert page.status_code == 200
    assert item.exercise.name in page.content.decode()


def test_templates_list_and_open_with_their_items(as_admin, clinic1):
    row = ProgramTemplateItemFactory(template=ProgramTemplateFactory(clinic=clinic1, name="Base"))
    listing = as_admin.get(reverse("admin:programs_programtemplate_changelist"))
    assert "Base" in listing.content.decode()
    page = as_admin.get(reverse("admin:programs_programtemplate_change", args=[row.template.pk]))
    assert page.status_code == 200


def test_clinicians_do_not_reach_the_admin(as_a):
    response = as_a.get(reverse("admin:programs_program_changelist"))
    assert response.status_code == 302


def test_a_status_changed_in_the_admin_is_recorded_as_a_pause(as_admin, client1, clinician_a):
    program = ProgramFactory(client=client1, title="Knee plan", created_by=clinician_a)
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = {
        "client": client1.pk,
        "title": "Knee plan",
        "goal": program.goal,
        "status": "paused",
        "start_date": program.start_date.isoformat(),
        "end_date": "",
        "notes_to_client": "",
        "created_by": clinician_a.pk,
    }
    for prefix in ("items", "pauses"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = as_admin.post(url, data)
    assert response.status_code == 302
    pause = program.pauses.get()
    assert (pause.first_day, pause.last_day, pause.status) == (timezone.localdate(), None, "paused")
    # The pauses show on the programme's page, read-only.
    assert "Pauses" in as_admin.get(url).content.decode()


def test_deleting_a_logged_item_in_the_admin_takes_it_off_the_plan(as_admin, client1, clinician_a):
    program = ProgramFactory(
        client=client1, start_date=timezone.localdate(), created_by=clinician_a
    )
    item = ProgramItemFactory(program=program)
    session = SessionLog.objects.create(program=program, date=timezone.localdate())
    ItemLog.objects.create(session=session, item=item, pain=3)
    data = {
        "client": client1.pk,
        "title": program.title,
        "goal": program.goal,
        "status": "active",
        "start_date": program.start_date.isoformat(),
        "end_date": "",
        "notes_to_client": "",
        "created_by": clinician_a.pk,
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-id": item.pk,
        "items-0-program": program.pk,
        "items-0-order": "0",
        "items-0-exercise": item.exercise_id,
        "items-0-sets": item.sets,
        "items-0-reps": item.reps,
        "items-0-hold_seconds": "",
        "items-0-load": "",
        "items-0-side": item.side,
        "items-0-times_per_day": "1",
        "items-0-days_of_week": "0,1,2,3,4,5,6",
        "items-0-tempo": "",
        "items-0-rest_seconds": item.rest_seconds,
        "items-0-notes": "",
        "items-0-DELETE": "on",
        "pauses-TOTAL_FORMS": "0",
        "pauses-INITIAL_FORMS": "0",
    }
    url = reverse("admin:programs_program_change", args=[program.pk])
    response = as_admin.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.removed_on == timezone.localdate()
    assert ItemLog.objects.filter(item=item).count() == 1
    # The inline lists the items in the plan only.
    assert 'name="items-INITIAL_FORMS" value="0"' in as_admin.get(url).content.decode()
