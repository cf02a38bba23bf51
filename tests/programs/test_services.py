"""Writes of programmes: creation, items, dosing history, order, templates."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs import services
from programs.models import ProgramItemDose
from tests.programs.factories import (
    ExerciseFactory,
    ProgramFactory,
    ProgramItemFactory,
    ProgramTemplateFactory,
    ProgramTemplateItemFactory,
)


@pytest.fixture
def program(client1):
    return ProgramFactory(client=client1, goal="endurance")


def test_a_programme_cannot_end_before_it_starts(client1, clinician_a):
    with pytest.raises(ValidationError, match="The end date cannot be before the start date."):
        services.program_create(
            client=client1,
            created_by=clinician_a,
            title="X",
            start_date=date(2025, 3, 3),
            end_date=date(2025, 3, 2),
        )


def test_an_added_item_is_dosed_for_the_goal_and_goes_last(program):
    first = services.program_item_add(program=program, exercise=ExerciseFactory())
    held = ExerciseFactory(default_reps=None, default_hold_seconds=45)
    second = services.program_item_add(program=program, exercise=held, side="right")
    assert (first.order, first.sets, first.reps, first.rest_seconds) == (0, 2, 15, 45)
    assert (second.order, second.reps, second.hold_seconds, second.side) == (1, None, 30, "right")


def test_the_clinician_overrides_the_goal_dose(program):
    item = services.program_item_add(program=program, exercise=ExerciseFactory(), sets=1)
    assert (item.sets, item.reps) == (1, 15)


def test_an_update_keeps_each_earlier_dose_in_order(program, clinician_a):
    item = ProgramItemFactory(program=program, sets=2, reps=15)
    services.program_item_update(item=item, changed_by=clinician_a, sets=3)
    services.program_item_update(item=item, changed_by=clinician_a, reps=20, load="red band")
    item.refresh_from_db()
    assert (item.sets, item.reps, item.load) == (3, 20, "red band")
    newest, oldest = item.history.all()
    assert (oldest.sets, oldest.reps) == (2, 15)
    assert (newest.sets, newest.reps, newest.load) == (3, 15, "")
    assert oldest.valid_from == program.created_at
    assert newest.valid_from == oldest.valid_until
    assert newest.valid_until >= newest.valid_from


def test_notes_alone_are_not_a_dose_change(program, clinician_a):
    item = ProgramItemFactory(program=program)
    services.program_item_update(item=item, changed_by=clinician_a, notes="Slowly")
    assert not item.history.exists()


def test_an_invalid_update_saves_nothing(program, clinician_a):
    item = ProgramItemFactory(program=program, reps=15)
    with pytest.raises(ValidationError):
        services.program_item_update(item=item, changed_by=clinician_a, reps=None)
    item.refresh_from_db()
    assert item.reps == 15
    assert not ProgramItemDose.objects.exists()


def test_a_swap_keeps_the_old_exercise_in_the_history(program, clinician_a):
    item = ProgramItemFactory(program=program, exercise__name="Bridge")
    harder = ExerciseFactory(name="Single-leg bridge")
    services.program_item_swap(item=item, exercise=harder, changed_by=clinician_a)
    item.refresh_from_db()
    assert item.exercise == harder
    assert item.history.get().exercise.name == "Bridge"
    # Swapping to the exercise it already has changes nothing.
    services.program_item_swap(item=item, exercise=harder, changed_by=clinician_a)
    assert item.history.count() == 1


def test_moving_at_either_end_changes_nothing(program):
    top = ProgramItemFactory(program=program, order=0)
    bottom = ProgramItemFactory(program=program, order=1)
    services.program_item_move(item=top, direction="up")
    services.program_item_move(item=bottom, direction="down")
    assert list(program.items.values_list("pk", flat=True)) == [top.pk, bottom.pk]
    with pytest.raises(ValueError, match="direction"):
        services.program_item_move(item=top, direction="sideways")


def test_reorder_needs_every_item_once(program):
    one = ProgramItemFactory(program=program, order=0)
    two = ProgramItemFactory(program=program, order=1)
    for ids in ([one.pk], [one.pk, one.pk], [one.pk, two.pk, 999999]):
        with pytest.raises(ValidationError):
            services.program_items_reorder(program=program, item_ids=ids)
    services.program_items_reorder(program=program, item_ids=[two.pk, one.pk])
    assert list(program.items.values_list("pk", "order")) == [(two.pk, 0), (one.pk, 1)]


def test_removing_closes_the_gap(program):
    items = [ProgramItemFactory(program=program, order=n) for n in range(3)]
    services.program_item_remove(item=items[0])
    assert list(program.items.values_list("pk", "order")) == [(items[1].pk, 0), (items[2].pk, 1)]


def test_template_round_trip(program, clinician_a, client1):
    ProgramItemFactory(program=program, order=0, sets=4, reps=6, load="8 kg", tempo="3-1-1")
    ProgramItemFactory(program=program, order=1, days_of_week=[0, 3], times_per_day=2)
    template = services.template_create_from_program(
        program=program, name="Copy", created_by=clinician_a
    )
    copy = services.program_create_from_template(
        template=template, client=client1, created_by=clinician_a, start_date=date(2025, 5, 5)
    )
    assert copy.pk != program.pk
    assert copy.title == "Copy"
    original = [i.dose() for i in program.items.order_by("order")]
    assert [i.dose() for i in copy.items.order_by("order")] == original


def test_a_template_name_is_unique_in_a_clinic(program, clinician_a):
    services.template_create_from_program(program=program, name="Copy", created_by=clinician_a)
    with pytest.raises(ValidationError):
        services.template_create_from_program(program=program, name="Copy", created_by=clinician_a)


def test_from_template_fields_override_the_template(client1, clinician_a, clinic1):
    template = ProgramTemplateFactory(clinic=clinic1, name="Base", goal="power")
    ProgramTemplateItemFactory(template=template)
    program = services.program_create_from_template(
        template=template, client=client1, created_by=clinician_a, title="Mine", goal="strength"
    )
    assert (program.title, program.goal, program.items.count()) == ("Mine", "strength", 1)


def _spans(program) -> list[tuple]:
    return list(program.pauses.values_list("first_day", "last_day", "status"))


def _set_status(program, status: str, on: date) -> None:
    program.status = status
    services.program_save(program=program, today=on)


def test_pausing_and_resuming_records_the_days_in_between(program):
    _set_status(program, "paused", date(2026, 3, 10))
    assert _spans(program) == [(date(2026, 3, 10), None, "paused")]
    _set_status(program, "paused", date(2026, 3, 12))  # another edit while paused
    assert _spans(program) == [(date(2026, 3, 10), None, "paused")]
    _set_status(program, "active", date(2026, 3, 17))
    # Due again from the day it was resumed.
    assert _spans(program) == [(date(2026, 3, 10), date(2026, 3, 16), "paused")]
    _set_status(program, "finished", date(2026, 4, 1))
    assert _spans(program)[-1] == (date(2026, 4, 1), None, "finished")


def test_the_edit_form_service_records_a_pause(program):
    services.program_update(program=program, status="paused")
    assert _spans(program) == [(timezone.localdate(), None, "paused")]


def test_a_pause_undone_the_same_day_leaves_no_trace(program):
    services.program_update(program=program, status="paused")
    services.program_update(program=program, status="active")
    assert _spans(program) == []


def test_paused_then_finished_is_one_stop(program):
    services.program_update(program=program, status="paused")
    services.program_update(program=program, status="finished")
    assert [status for *_, status in _spans(program)] == ["finished"]


def test_a_programme_created_stopped_is_paused_from_today(client1, clinician_a):
    program = services.program_create(
        client=client1, created_by=clinician_a, title="Later", status="paused"
    )
    assert _spans(program) == [(timezone.localdate(), None, "paused")]
