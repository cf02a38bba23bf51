"""Demo programme for ``manage.py seed_demo``: the demo client gets an active programme
with three weeks of history (some missed days, one painful log). Written once; later
runs change nothing."""

from datetime import date, timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from exercises.models import Exercise
from physio.models import Client
from programs.models import (
    CheckIn,
    Difficulty,
    Goal,
    ItemLog,
    Program,
    ProgramItem,
    ProgramStatus,
    SessionLog,
)
from programs.portal_services import pain_day_before

DEMO_CLIENT_EMAIL = "maria@example.test"
DEMO_TITLE = "Glute control, phase 1"
HISTORY_DAYS = 21
MISSED_DAYS = {4, 10, 11, 17}  # days after the start with nothing logged
PAINFUL_DAY = 15  # the day of the one pain-7 log
PAINFUL_SLUG = "hip-hitch"
CHECK_IN_DAYS = {13, 14, 16, 18, 19, 20}

# slug, sets, reps, hold, side, times a day, weekdays, notes
ITEMS = [
    ("clam-shell", 2, 15, None, "right", 2, list(range(7)), "Keep your heels together."),
    ("glute-bridge", 3, 12, None, "both", 1, list(range(7)), ""),
    ("side-lying-hip-abduction", 2, 12, None, "right", 1, [0, 2, 4], ""),
    ("hip-hitch", 3, 10, None, "right", 1, [0, 1, 2, 3, 4], "Hold a wall for balance."),
]
PAIN_PATTERN = [2, 3, 2, 1, 3, 2, 4]
DIFFICULTY_PATTERN = [
    Difficulty.JUST_RIGHT,
    Difficulty.EASY,
    Difficulty.JUST_RIGHT,
    Difficulty.HARD,
]


def _exercises() -> list[Exercise]:
    """The library exercises the demo programme uses (loading the library if it is empty)."""
    slugs = [row[0] for row in ITEMS]
    found = {e.slug: e for e in Exercise.objects.shared().published().filter(slug__in=slugs)}
    if not found and not Exercise.objects.shared().published().exists():
        call_command("seed_library", verbosity=0)
        found = {e.slug: e for e in Exercise.objects.shared().published().filter(slug__in=slugs)}
    if len(found) < len(slugs):
        # A library without the starter exercises: take the easiest published ones instead.
        spare = list(
            Exercise.objects.shared()
            .published()
            .exclude(slug__in=found)
            .order_by("weight_bearing", "difficulty", "name")[: len(slugs) - len(found)]
        )
        for slug in slugs:
            if slug not in found and spare:
                found[slug] = spare.pop(0)
    return [found[slug] for slug in slugs if slug in found]


@transaction.atomic
def seed_demo_programme(today: date | None = None) -> Program | None:
    """Give the demo client their programme and its history, unless they already have one."""
    client = Client.objects.filter(user__email__iexact=DEMO_CLIENT_EMAIL).first()
    if client is None or client.programs.filter(title=DEMO_TITLE).exists():
        return None
    exercises = _exercises()
    if not exercises:
        return None
    today = today or timezone.localdate()
    start = today - timedelta(days=HISTORY_DAYS)
    program = Program.objects.create(
        client=client,
        title=DEMO_TITLE,
        goal=Goal.ENDURANCE,
        start_date=start,
        end_date=start + timedelta(weeks=8),
        status=ProgramStatus.ACTIVE,
        notes_to_client=(
            "Little and often: these build control of the muscles at the side of your hip. "
            "Move slowly, and stop any exercise that causes discomfort."
        ),
        created_by=client.lead_clinician,
    )
    items = []
    for order, (exercise, row) in enumerate(zip(exercises, ITEMS, strict=False)):
        _slug, sets, reps, hold, side, times, days, notes = row
        items.append(
            ProgramItem.objects.create(
                program=program,
                exercise=exercise,
                order=order,
                sets=sets,
                reps=reps,
                hold_seconds=hold,
                side=side,
                times_per_day=times,
                days_of_week=days,
                notes=notes,
                rest_seconds=45,
            )
        )
    _history(program, items, start=start, today=today)
    return program


def _history(program: Program, items: list[ProgramItem], *, start: date, today: date) -> None:
    painful = next((i for i in items if i.exercise.slug == PAINFUL_SLUG), items[-1])
    for offset in range(HISTORY_DAYS):
        day = start + timedelta(days=offset)
        if offset in MISSED_DAYS:
            continue
        due = [item for item in items if day.weekday() in item.days_of_week]
        rounds = max((item.times_per_day for item in due), default=0)
        for number in range(1, rounds + 1):
            # The second round of the day is skipped every third day.
            if number > 1 and offset % 3 == 0:
                continue
            session = SessionLog.objects.create(program=program, date=day, round=number)
            for n, item in enumerate(due):
                if number > item.times_per_day:
                    continue
                pain = PAIN_PATTERN[(offset + n) % len(PAIN_PATTERN)]
                comment = ""
                if offset == PAINFUL_DAY and item.pk == painful.pk and number == 1:
                    pain = 7
                    comment = "Sharp pain at the front of the knee on the last set."
                ItemLog.objects.create(
                    session=session,
                    item=item,
                    done=True,
                    sets_done=item.sets,
                    reps_done=item.reps,
                    pain=pain,
                    difficulty=DIFFICULTY_PATTERN[(offset + n) % len(DIFFICULTY_PATTERN)],
                    comment=comment,
                )
        if offset in CHECK_IN_DAYS:
            morning = 2 if offset != PAINFUL_DAY + 1 else 5
            CheckIn.objects.create(
                client=program.client,
                date=day,
                pain=morning,
                compared_with=pain_day_before(client=program.client, day=day),
            )
