"""Scoped reads of programmes and templates for clinicians.

Every query that takes an id from a request starts from the programmes (or
templates) of the signed-in clinician's clinic; anything else is a 404.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from exercises.models import ExerciseMedia, Progression
from exercises.selectors import exercises_visible_to
from physio.models import Client, Clinician
from programs import adherence, schedules
from programs.models import (
    CheckInEvent,
    ItemLogEvent,
    Program,
    ProgramEvent,
    ProgramItem,
    ProgramItemDoseEvent,
    ProgramItemEvent,
    ProgramPauseEvent,
    ProgramTemplate,
    ProgramTemplateItem,
    SessionLogEvent,
)

ADHERENCE_WEEKS = 4  # docs/clinical.md §4: adherence over a period; the record shows four weeks


def programs_for_clinician(clinician: Clinician) -> QuerySet[Program]:
    """Every programme of a client of the clinician's clinic."""
    return Program.objects.filter(client__clinic_id=clinician.clinic_id)


def program_get(*, fetched_by: Clinician, program_id: int) -> Program:
    """One programme of the clinician's clinic (with its client), or 404."""
    program = (
        programs_for_clinician(fetched_by)
        .select_related("client__clinic", "created_by__user")
        .filter(pk=program_id)
        .first()
    )
    if program is None:
        raise Http404("No such programme.")
    return program


def item_get(*, program: Program, item_id: int) -> ProgramItem:
    """One item in the plan of an already scoped programme, or 404 (a removed item is
    history: it cannot be edited, moved, swapped or removed again)."""
    item = program.items.current().select_related("exercise").filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item.")
    return item


def main_media():
    """Each item's exercise with ``main``: its main media as a list of 0 or 1."""
    return Prefetch(
        "exercise__media", queryset=ExerciseMedia.objects.filter(is_main=True), to_attr="main"
    )


def swap_options(*, exercise_ids: set[int], user) -> dict[str, dict[int, list]]:
    """Progressions and regressions of each exercise that ``user`` may see: two queries.

    ``{"harder": {exercise_id: [Exercise, ...]}, "easier": {...}}``, easiest harder
    option first and hardest easier option first.
    """
    result = {"harder": defaultdict(list), "easier": defaultdict(list)}
    if not exercise_ids:
        return result
    visible = exercises_visible_to(user)
    harder = (
        Progression.objects.filter(easier_id__in=exercise_ids, harder__in=visible)
        .select_related("harder")
        .order_by("harder__difficulty", "harder__name")
    )
    for link in harder:
        result["harder"][link.easier_id].append(link.harder)
    easier = (
        Progression.objects.filter(harder_id__in=exercise_ids, easier__in=visible)
        .select_related("easier")
        .order_by("-easier__difficulty", "easier__name")
    )
    for link in easier:
        result["easier"][link.harder_id].append(link.easier)
    return result


def swap_target_get(*, item: ProgramItem, exercise_id: int, user):
    """A progression or regression of the item's exercise that ``user`` may see, or 404."""
    options = swap_options(exercise_ids={item.exercise_id}, user=user)
    for exercise in options["harder"][item.exercise_id] + options["easier"][item.exercise_id]:
        if exercise.pk == exercise_id:
            return exercise
    raise Http404("Not a progression or regression of this exercise.")


def handout_items(*, program: Program) -> list[ProgramItem]:
    """Items in the plan for the handout: exercise and its main media, two queries."""
    return list(program.items.current().select_related("exercise").prefetch_related(main_media()))


def removed_items(*, program: Program) -> list[ProgramItem]:
    """Items taken out of the plan, last removed first, each with its exercise and
    ``log_count`` (their logs stay on the record): one query."""
    return list(
        program.items.removed()
        .select_related("exercise")
        .only("removed_on", "program_id", "exercise__name")
        .annotate(log_count=Count("logs"))
        .order_by("-removed_on", "-pk")
    )


# --- the client record's programmes section ----------------------------------


@dataclass(frozen=True)
class ProgramSummary:
    program: Program
    item_count: int
    adherence: adherence.Adherence
    period_start: date | None
    period_end: date | None
    stopped_since: date | None = None  # the first day of a pause that has not ended


def adherence_window_start(today: date) -> date:
    """The first day of the four calendar weeks (Monday to Sunday) that end this week.

    The same four weeks as the client's progress calendar, so the figures agree.
    """
    return today - timedelta(days=today.weekday()) - timedelta(weeks=ADHERENCE_WEEKS - 1)


def _summary(row: schedules.ProgramDays, *, window_start: date, today: date) -> ProgramSummary:
    """One programme's adherence over the window up to today (docs/clinical.md §4)."""
    schedule, logged = row.schedule, row.logged
    start = max(window_start, row.program.start_date)
    last_due = adherence.last_day_due(schedule)
    end = today if last_due is None else min(today, last_due)
    if end == today and logged.get(today, 0) < adherence.prescribed_on(schedule, today):
        end = today - timedelta(days=1)
    if start > end:
        result = adherence.Adherence(logged=0, prescribed=0)
        start = end = None
    else:
        result = adherence.adherence([schedule], logged, start=start, end=end)
    return ProgramSummary(
        program=row.program,
        item_count=len(schedule.items),
        adherence=result,
        period_start=start,
        period_end=end,
        stopped_since=next((f for f, last in schedule.pauses if last is None), None),
    )


def client_program_summaries(
    *, client: Client, today: date, offset: int = 0, limit: int | None = None
) -> list[ProgramSummary]:
    """The client's programmes (``client`` already scoped), each with its adherence.

    Adherence = sessions logged ÷ sessions prescribed (docs/clinical.md §4) over the four
    calendar weeks up to today. A session counts when at least one exercise in it
    was done; today counts only once all of today's sessions are logged, so an
    unfinished morning does not lower the figure. Newest first, ``limit`` from
    ``offset``. Four queries whatever the number of programmes, items or logs.
    """
    window_start = adherence_window_start(today)
    programs = Program.objects.filter(client=client).order_by("-start_date", "-pk")
    stop = None if limit is None else offset + limit
    loaded = schedules.load(programs[offset:stop], start=window_start, end=today)
    return [_summary(row, window_start=window_start, today=today) for row in loaded]


@dataclass(frozen=True)
class ClientAdherence:
    client: Client
    adherence: adherence.Adherence  # every programme of the client, added up


def clinic_adherence(*, clinic_id: int, today: date) -> list[ClientAdherence]:
    """Each current client of the clinic with sessions due in the four weeks up to today,
    with adherence over all their programmes (docs/clinical.md §4; the same figures as the
    record's Programmes section), lowest first. Four queries however many clients."""
    window_start = adherence_window_start(today)
    programs = (
        Program.objects.filter(client__clinic_id=clinic_id, client__archived=False)
        .overlapping(window_start, today)
        .select_related("client")
        .only("client_id", "start_date", "end_date", "client__first_name", "client__last_name")
    )
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    clients: dict[int, Client] = {}
    for row in schedules.load(programs, start=window_start, end=today):
        result = _summary(row, window_start=window_start, today=today).adherence
        totals[row.program.client_id][0] += result.logged
        totals[row.program.client_id][1] += result.prescribed
        clients[row.program.client_id] = row.program.client
    rows = [
        ClientAdherence(clients[client_id], adherence.Adherence(logged, prescribed))
        for client_id, (logged, prescribed) in totals.items()
        if prescribed
    ]
    return sorted(rows, key=lambda row: (row.adherence.ratio, row.client.last_name, row.client.pk))


# --- templates ---------------------------------------------------------------


def templates_for_clinician(clinician: Clinician) -> QuerySet[ProgramTemplate]:
    """The clinic's programme templates, by name, each with ``item_count``."""
    return (
        ProgramTemplate.objects.filter(clinic_id=clinician.clinic_id)
        .select_related("created_by__user")
        .annotate(item_count=Count("items"))
        .order_by("name", "pk")
    )


def template_get(*, fetched_by: Clinician, template_id: int) -> ProgramTemplate:
    """One template of the clinician's clinic with its items and exercises, or 404."""
    template = (
        ProgramTemplate.objects.filter(clinic_id=fetched_by.clinic_id, pk=template_id)
        .select_related("created_by__user")
        .prefetch_related(
            Prefetch("items", queryset=ProgramTemplateItem.objects.select_related("exercise"))
        )
        .first()
    )
    if template is None:
        raise Http404("No such template.")
    return template


def client_change_events(client_id: int) -> list[QuerySet]:
    """The change events of the client's programmes and everything in them (the trail).

    Rows are found through the event tables themselves, so the events of a programme,
    item or session that has since been deleted still belong to the client.
    """
    program_ids = ProgramEvent.objects.filter(client_id=client_id).values("pgh_obj_id")
    item_ids = ProgramItemEvent.objects.filter(program_id__in=program_ids).values("pgh_obj_id")
    session_ids = SessionLogEvent.objects.filter(program_id__in=program_ids).values("pgh_obj_id")
    return [
        ProgramEvent.objects.filter(client_id=client_id),
        ProgramPauseEvent.objects.filter(program_id__in=program_ids),
        ProgramItemEvent.objects.filter(program_id__in=program_ids),
        ProgramItemDoseEvent.objects.filter(item_id__in=item_ids),
        SessionLogEvent.objects.filter(program_id__in=program_ids),
        ItemLogEvent.objects.filter(session_id__in=session_ids),
        CheckInEvent.objects.filter(client_id=client_id),
    ]
