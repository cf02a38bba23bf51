"""Helpers for the portal and activity tests: programmes with items, and logs."""

from datetime import date, timedelta

from django.utils import timezone

from programs.models import CheckIn, ItemLog, Program, SessionLog
from tests.programs.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def make_program(client, *, items: int = 2, start: date | None = None, **fields) -> Program:
    """A programme for ``client`` with ``items`` exercises due every day, once a day."""
    program = ProgramFactory(client=client, start_date=start or days_ago(30), **fields)
    for n in range(items):
        ProgramItemFactory(
            program=program,
            exercise=ExerciseFactory(name=f"{program.title} exercise {n}"),
            order=n,
        )
    return program


def log_item(item, day: date, *, round: int = 1, pain: int | None = 2, done: bool = True, **more):
    session, _ = SessionLog.objects.get_or_create(program=item.program, date=day, round=round)
    return ItemLog.objects.create(
        session=session, item=item, done=done, pain=pain, sets_done=item.sets, **more
    )


def log_every_day(program: Program, *, days: int, pain: int = 2) -> None:
    """Every item of ``program`` done each day from ``days`` ago to yesterday (in bulk)."""
    items = list(program.items.all())
    sessions = SessionLog.objects.bulk_create(
        [SessionLog(program=program, date=days_ago(n), round=1) for n in range(1, days + 1)]
    )
    ItemLog.objects.bulk_create(
        [
            ItemLog(session=session, item=item, done=True, pain=pain, sets_done=item.sets)
            for session in sessions
            for item in items
        ]
    )


def check_in(client, day: date, pain: int, compared_with: int | None = None) -> CheckIn:
    return CheckIn.objects.create(client=client, date=day, pain=pain, compared_with=compared_with)
