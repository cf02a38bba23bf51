"""Writes of programmes and templates that touch several rows, each in a transaction.

Programmes are live: the client's portal reads these rows directly, so a change
here reaches the client at once. Before an item's dose or exercise changes, the
dose it had is kept as a ``ProgramItemDose`` row (the dosing history).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from exercises.models import Exercise
from physio.models import Client, Clinician
from programs import dosing
from programs.models import (
    ItemSide,
    Program,
    ProgramItem,
    ProgramItemDose,
    ProgramPause,
    ProgramStatus,
    ProgramTemplate,
    ProgramTemplateItem,
)

PROGRAM_FIELDS = ["title", "goal", "start_date", "end_date", "status", "notes_to_client"]
ITEM_FIELDS = ProgramItem.DOSE_FIELDS + ["notes"]


@transaction.atomic
def program_create(*, client: Client, created_by: Clinician, **fields) -> Program:
    """A new programme for ``client`` (already scoped to ``created_by``'s clinic)."""
    program = Program(client=client, created_by=created_by, **fields)
    program.full_clean()
    return program_save(program=program)


@transaction.atomic
def program_update(*, program: Program, **fields) -> Program:
    """Change a programme's title, goal, dates, status or notes to the client, with its
    pauses (``program_save``)."""
    for name, value in fields.items():
        if name not in PROGRAM_FIELDS:
            raise TypeError(f"{name} is not a programme field")
        setattr(program, name, value)
    program.full_clean(exclude=["client", "created_by"])
    return program_save(program=program)


@transaction.atomic
def program_save(*, program: Program, today=None) -> Program:
    """Save ``program`` as it is (already validated), and its pauses with its status:
    the one write of a status, so the status and the pauses never disagree.

    Stopping it (paused or finished) opens a pause from today, so today's and later
    sessions are no longer due; making it active again closes the pause yesterday,
    so today's sessions are due again. A pause opened and closed the same day leaves
    no trace. Adherence counts only the days in between as neither done nor missed.

    The status it changes from is the one stored, read here under a lock: ``program``
    may already hold the new one (a ModelForm's ``is_valid()`` writes it onto the
    instance, and the admin saves ``program`` as edited). A new programme changes from
    active (a programme created paused is paused from today).
    """
    today = today or timezone.localdate()
    was = ProgramStatus.ACTIVE
    if program.pk is not None:
        stored = Program.objects.select_for_update().filter(pk=program.pk)
        was = stored.values_list("status", flat=True).first() or was
    program.save()
    stopped_before = was != ProgramStatus.ACTIVE
    stopped_now = program.status != ProgramStatus.ACTIVE
    open_pause = program.pauses.filter(last_day__isnull=True).first()
    if stopped_now and not stopped_before and open_pause is None:
        ProgramPause.objects.create(program=program, first_day=today, status=program.status)
    elif stopped_now and open_pause is not None and open_pause.status != program.status:
        open_pause.status = program.status  # paused, then finished (or back)
        open_pause.save(update_fields=["status"])
    elif not stopped_now and open_pause is not None:
        if open_pause.first_day >= today:
            open_pause.delete()
        else:
            open_pause.last_day = today - timedelta(days=1)
            open_pause.save(update_fields=["last_day"])
    return program


def _next_order(queryset) -> int:
    top = queryset.aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


def goal_dose(*, goal: str, exercise: Exercise) -> dict:
    """The starting dose of ``exercise`` for a programme with ``goal`` (docs/clinical.md §3)."""
    return dosing.dose_for_goal(goal, exercise_default=exercise.default_dosing())


@transaction.atomic
def program_item_add(
    *, program: Program, exercise: Exercise, side: str = ItemSide.BOTH, **overrides
) -> ProgramItem:
    """Add ``exercise`` at the end, dosed from the programme's goal (docs/clinical.md §3).

    ``overrides`` replace any part of the goal's dose (the clinician's choice wins).
    """
    Program.objects.select_for_update().filter(pk=program.pk).first()
    dose = goal_dose(goal=program.goal, exercise=exercise)
    dose.update(overrides)
    item = ProgramItem(
        program=program,
        exercise=exercise,
        side=side,
        order=_next_order(program.items.current()),
        **dose,
    )
    item.full_clean(exclude=["program", "exercise"])
    item.save()
    return item


def _keep_history(
    item: ProgramItem, *, changed_by: Clinician | None, dose: dict | None = None
) -> ProgramItemDose:
    """Store the dose (and exercise) the item had, before it changes.

    ``dose`` is the dose before the change (default: the item's current one).
    """
    previous = item.history.order_by("-valid_until", "-pk").first()
    now = timezone.now()
    valid_from = previous.valid_until if previous else item.program.created_at
    return ProgramItemDose.objects.create(
        item=item,
        exercise_id=item.exercise_id,
        valid_from=min(valid_from, now),
        valid_until=now,
        changed_by=changed_by,
        **(item.dose() if dose is None else dose),
    )


@transaction.atomic
def program_item_update(
    *, item: ProgramItem, changed_by: Clinician | None, **fields
) -> ProgramItem:
    """Change an item's dose or notes; a changed dose keeps the old one in the history first.

    Raises ValidationError (nothing saved) when the new dose is invalid.
    """
    for name in fields:
        if name not in ITEM_FIELDS:
            raise TypeError(f"{name} is not an item field")
    # A fresh, locked copy: the caller's instance may hold a form's unsaved values.
    item = ProgramItem.objects.select_for_update().select_related("program").get(pk=item.pk)
    old_dose = item.dose()
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["program", "exercise"])
    if item.dose() != old_dose:
        _keep_history(item, changed_by=changed_by, dose=old_dose)
    item.save()
    return item


@transaction.atomic
def program_item_swap(
    *, item: ProgramItem, exercise: Exercise, changed_by: Clinician | None
) -> ProgramItem:
    """Swap the item to another exercise (a progression or regression), keeping its dose.

    The exercise it had, with its dose, goes to the history first.
    """
    item = ProgramItem.objects.select_for_update().select_related("program").get(pk=item.pk)
    if item.exercise_id == exercise.pk:
        return item
    _keep_history(item, changed_by=changed_by)
    item.exercise = exercise
    item.save(update_fields=["exercise"])
    return item


@transaction.atomic
def program_item_remove(*, item: ProgramItem, today=None) -> None:
    """Take the item out of the plan from today and close the gap in the order.

    Its logs, pain scores, flags and dosing history stay (clinical history): the item
    is marked removed, not deleted, so the days before today keep what was due and
    logged, and it is not due, shown or loggable from today on. Only an item with
    nothing to keep — no log, no earlier dose, and a programme that has not started
    before today (so no past day ever expected it) — is deleted outright.
    """
    today = today or timezone.localdate()
    program = item.program
    Program.objects.select_for_update().filter(pk=program.pk).first()
    item = ProgramItem.objects.select_for_update().get(pk=item.pk)
    if item.removed_on is not None:
        return
    nothing_to_keep = (
        program.start_date >= today and not item.logs.exists() and not item.history.exists()
    )
    if nothing_to_keep:
        item.delete()
    else:
        item.removed_on = today
        item.save(update_fields=["removed_on"])
    _renumber(list(program.items.current().order_by("order", "pk")))


def _renumber(items: list[ProgramItem]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        ProgramItem.objects.bulk_update(changed, ["order"])


@transaction.atomic
def program_item_move(*, item: ProgramItem, direction: str) -> None:
    """Move the item one place ``"up"`` or ``"down"``; at either end nothing changes."""
    if direction not in ("up", "down"):
        raise ValueError("direction is up or down")
    Program.objects.select_for_update().filter(pk=item.program_id).first()
    items = list(
        ProgramItem.objects.current().filter(program_id=item.program_id).order_by("order", "pk")
    )
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)


@transaction.atomic
def program_items_reorder(*, program: Program, item_ids: list[int]) -> None:
    """Put the programme's items in the order of ``item_ids`` (every current item, once each).

    Raises ValidationError when the ids are not exactly the programme's items (a
    stale page, say), so nothing is half-applied.
    """
    Program.objects.select_for_update().filter(pk=program.pk).first()
    items = {item.pk: item for item in program.items.current()}
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(items):
        raise ValidationError(
            "The list changed in the meantime: reload the page and try again.", code="stale"
        )
    _renumber([items[pk] for pk in item_ids])


# --- templates ---------------------------------------------------------------


@transaction.atomic
def template_create_from_program(
    *, program: Program, name: str, created_by: Clinician
) -> ProgramTemplate:
    """Save the programme's items and doses as a template of the clinician's clinic."""
    template = ProgramTemplate(
        clinic=created_by.clinic,
        name=name,
        goal=program.goal,
        notes_to_client=program.notes_to_client,
        created_by=created_by,
    )
    template.full_clean()
    template.save()
    ProgramTemplateItem.objects.bulk_create(
        ProgramTemplateItem(
            template=template,
            exercise_id=item.exercise_id,
            order=position,
            notes=item.notes,
            **item.dose(),
        )
        for position, item in enumerate(program.items.current().order_by("order", "pk"))
    )
    return template


@transaction.atomic
def program_create_from_template(
    *, template: ProgramTemplate, client: Client, created_by: Clinician, **fields
) -> Program:
    """A new programme for ``client`` with the template's goal, notes, items and doses.

    ``fields`` (title, start_date, end_date, ...) override the template's.
    """
    values = {"title": template.name, "goal": template.goal}
    values["notes_to_client"] = template.notes_to_client
    values.update(fields)
    program = program_create(client=client, created_by=created_by, **values)
    ProgramItem.objects.bulk_create(
        ProgramItem(
            program=program,
            exercise_id=row.exercise_id,
            order=position,
            notes=row.notes,
            **row.dose(),
        )
        for position, row in enumerate(template.items.order_by("order", "pk"))
    )
    return program


def template_delete(*, template: ProgramTemplate) -> None:
    """Delete a template; programmes started from it keep their own copies."""
    template.delete()
