"""Schedules, pauses and logged days of programmes over a period: the one loader behind
every adherence figure (the record's Programmes and Activity sections, the clinician's
home, the portal's Progress).

A session counts when at least one exercise in it is done (docs/clinical.md §4); what
the client and the clinician read of a day also says how many of its due exercises
were done ("3 of 4"), from the same rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet

from programs import adherence
from programs.models import ItemLog, Program


@dataclass
class ProgramDays:
    """One programme's schedule and what was logged of it, per day of the period."""

    program: Program
    schedule: adherence.Schedule
    # Sessions with at least one exercise done, at most what was prescribed that day.
    logged: dict[date, int] = field(default_factory=dict)
    # Sessions logged on days that prescribed none.
    extra: dict[date, int] = field(default_factory=dict)
    # Exercises done, at most the exercises due that day.
    done: dict[date, int] = field(default_factory=dict)


def load(programs: QuerySet[Program], *, start: date, end: date) -> list[ProgramDays]:
    """The programmes of ``programs`` with their schedules and logged days from ``start``
    to ``end`` (inclusive): four queries however many programmes, items or logs."""
    loaded = [ProgramDays(p, p.schedule()) for p in programs.with_schedule()]
    add_logged_days(loaded, start=start, end=end)
    return loaded


def add_logged_days(loaded: list[ProgramDays], *, start: date, end: date) -> None:
    """Read the logged days from ``start`` to ``end`` into ``loaded``: one query."""
    by_id = {row.program.pk: row for row in loaded}
    if not by_id:
        return
    sessions = (
        ItemLog.objects.filter(
            done=True,
            session__program_id__in=list(by_id),
            session__date__range=(start, end),
        )
        .values_list("session__program_id", "session__date", "session_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for program_id, day, _session_id, done in sessions:
        counted[(program_id, day)][0] += 1
        counted[(program_id, day)][1] += done
    for (program_id, day), (n_sessions, n_done) in counted.items():
        row = by_id[program_id]
        prescribed = adherence.prescribed_on(row.schedule, day)
        if prescribed:
            row.logged[day] = min(n_sessions, prescribed)
        else:
            row.extra[day] = n_sessions
        due = adherence.exercises_due_on(row.schedule, day)
        row.done[day] = min(n_done, due) if due else n_done


def logged_on(loaded: list[ProgramDays]) -> dict[date, int]:
    """Sessions logged per day over all of ``loaded`` (each within its prescription)."""
    total: dict[date, int] = defaultdict(int)
    for row in loaded:
        for day, n in row.logged.items():
            total[day] += n
    return total
