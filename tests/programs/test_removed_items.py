"""Removing an item from a programme keeps the client's clinical history (issue #9, 5).

The item leaves the plan, the portal and the handout from the day it is removed; its
logs, pain scores and flags stay on the record and in the client's Progress, and the
adherence of the days before stays as it was.
"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.formats import date_format

from programs import services
from programs.models import ItemLog, ProgramItem, ProgramItemDose
from programs.progress import progress
from programs.selectors import client_program_summaries
from tests.programs.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory
from tests.programs.portal_helpers import days_ago, log_item, make_program, today

HTMX = {"HX-Request": "true"}


@pytest.fixture
def program(client1):
    """Ten days in, two exercises every day, the second twice a day (so two sessions a
    day are due): everything logged on days 1–10 ago but the second round 4 days ago
    (19 of 20 sessions); the second exercise hurt 2 days ago."""
    program = make_program(client1, items=0, start=days_ago(10), title="Knee plan")
    keep = ProgramItemFactory(program=program, exercise=ExerciseFactory(name="Clam shell"), order=0)
    gone = ProgramItemFactory(
        program=program, exercise=ExerciseFactory(name="Side plank"), order=1, times_per_day=2
    )
    for n in range(1, 11):
        log_item(keep, days_ago(n))
        if n == 2:
            log_item(gone, days_ago(n), pain=7, comment="Sharp at the hip")
        else:
            log_item(gone, days_ago(n))
        if n != 4:
            log_item(gone, days_ago(n), round=2)
    program.keep, program.gone = keep, gone
    return program


def figures(client):
    """The adherence each page shows: the record's section, Progress (and Activity)."""
    (summary,) = client_program_summaries(client=client, today=today())
    return summary.adherence, progress(client, today()).adherence


def test_a_removed_item_keeps_its_logs_and_flags_on_the_record(as_a, as_client1, client1, program):
    before = figures(client1)
    assert (before[0].logged, before[0].prescribed) == (19, 20)
    response = as_a.post(
        reverse("programs:item-remove", args=[program.pk, program.gone.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302

    program.gone.refresh_from_db()
    assert program.gone.removed_on == today()
    assert ItemLog.objects.filter(item=program.gone).count() == 19
    # Adherence of the days before is unchanged, wherever it shows.
    assert figures(client1) == before

    # The record's Activity section: the flag and its exercise, the same adherence.
    activity = as_a.get(
        reverse("programs:client-activity", args=[client1.pk]), headers=HTMX
    ).content.decode()
    assert "<strong>Pain 7/10</strong> during" in activity
    assert "Side plank" in activity
    assert "Sharp at the hip" in activity
    assert f'<strong id="activity-adherence">{before[1].percent}%</strong>' in activity
    # The clinician's home page flags.
    flags = as_a.get(reverse("programs:open-flags"), headers=HTMX).content.decode()
    assert "Pain 7/10 during" in flags
    assert "Side plank" in flags
    # The record's Programmes section counts the exercises in the plan.
    section = as_a.get(reverse("programs:client-section", args=[client1.pk]), headers=HTMX)
    assert "1 exercise ·" in section.content.decode()

    # The client's Progress still shows the day's logs of the removed exercise.
    day = as_client1.get(
        reverse("programs:portal-progress"), {"day": days_ago(2).isoformat()}
    ).content.decode()
    assert "Side plank" in day
    assert "Clam shell" in day


def test_a_removed_item_is_gone_from_the_plan_from_that_day(as_a, as_client1, program):
    services.program_item_remove(item=program.gone)

    builder = as_a.get(reverse("programs:builder", args=[program.pk])).content.decode()
    assert f'id="item-{program.gone.pk}"' not in builder
    assert f'id="item-{program.keep.pk}"' in builder
    assert "Removed exercises (1)" in builder
    assert f"Side plank: removed {date_format(today(), 'j M Y')}" in builder
    assert "its 19 logs stay on the record" in builder

    handout = as_a.get(reverse("programs:handout", args=[program.pk])).content.decode()
    assert "Side plank" not in handout
    assert "Clam shell" in handout

    plan = as_client1.get(reverse("programs:portal-today")).content.decode()
    assert "Side plank" not in plan
    assert "Clam shell" in plan
    # Not on the portal's exercise pages, and not loggable.
    assert (
        as_client1.get(reverse("programs:portal-item", args=[program.gone.pk])).status_code == 404
    )
    log_url = reverse("programs:portal-item-log", args=[program.gone.pk, 1])
    assert as_client1.post(log_url, {"done": "on", "pain": "1"}).status_code == 404
    assert not ItemLog.objects.filter(item=program.gone, session__date=today()).exists()


def test_a_programme_whose_items_are_all_removed_leaves_today(as_client1, client1):
    program = make_program(client1, items=1, start=days_ago(3), title="Short plan")
    log_item(program.items.get(), days_ago(1))
    services.program_item_remove(item=program.items.get())
    body = as_client1.get(reverse("programs:portal-today")).content.decode()
    assert "Short plan" not in body


def test_days_after_the_removal_do_not_expect_the_item(client1):
    """Removed 3 days ago after 7 days all logged: the 3 days since expect nothing."""
    program = make_program(client1, items=1, start=days_ago(10))
    item = program.items.get()
    for n in range(4, 11):
        log_item(item, days_ago(n))
    services.program_item_remove(item=item, today=days_ago(3))
    adherence_ = progress(client1, today()).adherence
    assert (adherence_.logged, adherence_.prescribed) == (7, 7)
    (summary,) = client_program_summaries(client=client1, today=today())
    assert (summary.adherence.logged, summary.adherence.prescribed) == (7, 7)
    assert summary.item_count == 0


def test_reordering_and_moving_ignore_removed_items(program):
    third = ProgramItemFactory(program=program, order=2)
    services.program_item_remove(item=program.keep)
    assert list(program.items.current().values_list("pk", "order")) == [
        (program.gone.pk, 0),
        (third.pk, 1),
    ]
    services.program_items_reorder(program=program, item_ids=[third.pk, program.gone.pk])
    services.program_item_move(item=program.gone, direction="up")
    assert list(program.items.current().values_list("pk", flat=True)) == [
        program.gone.pk,
        third.pk,
    ]
    # A new item goes after the items in the plan.
    added = services.program_item_add(program=program, exercise=ExerciseFactory())
    assert added.order == 2


def test_a_swap_keeps_the_items_logs(program, clinician_a):
    harder = ExerciseFactory(name="Single-leg bridge")
    services.program_item_swap(item=program.gone, exercise=harder, changed_by=clinician_a)
    program.gone.refresh_from_db()
    assert program.gone.exercise == harder
    assert program.gone.removed_on is None
    assert program.gone.logs.count() == 19
    assert ProgramItemDose.objects.get(item=program.gone).exercise.name == "Side plank"


def test_an_item_with_nothing_to_keep_is_deleted_outright(client1):
    """A programme starting today, an item never logged and never re-dosed: nothing
    clinical hangs off it, so removing it deletes it."""
    program = ProgramFactory(client=client1, start_date=today())
    item = ProgramItemFactory(program=program)
    services.program_item_remove(item=item)
    assert not ProgramItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_a_running_programme_is_kept_even_without_logs(client1):
    program = make_program(client1, items=1, start=days_ago(5))
    item = program.items.get()
    services.program_item_remove(item=item)
    item.refresh_from_db()
    assert item.removed_on == today()


def test_the_database_keeps_logs_from_a_delete(program):
    with pytest.raises(ProtectedError):
        program.gone.delete()
    assert ItemLog.objects.filter(item=program.gone).count() == 19
