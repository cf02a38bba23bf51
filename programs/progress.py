"""Progress: the client's calendar, adherence and streak, for the portal and the record."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from physio.models import Client
from programs import adherence
from programs.models import ItemLog, Program, ProgramItem, SessionLog
from programs.today import ITEM_EXERCISE_UNUSED, programs_of

CALENDAR_WEEKS = 4
STREAK_LOOKBACK_DAYS = 366  # the streak is counted back at most a year


@dataclass(frozen=True)
class Day:
    date: date
    prescribed: int
    logged: int
    today: date
    before_start: bool = False  # before the first programme began
    paused: bool = False  # nothing due because a programme was paused

    @property
    def state(self) -> str:
        if self.date > self.today:
            return "future"
        if self.before_start and not self.logged:
            return "none"
        if self.prescribed == 0 and self.paused and not self.logged:
            return "paused"
        if self.prescribed == 0:
            return "rest" if self.logged == 0 else "extra"
        if self.logged >= self.prescribed:
            return "done"
        if self.date == self.today:
            return "pending" if self.logged == 0 else "partial"
        return "missed" if self.logged == 0 else "partial"

    @property
    def label(self) -> str:
        state = self.state
        if state == "future":
            return "still to come"
        if state == "none":
            return "before your programme"
        if state == "paused":
            return "programme paused"
        if state in ("rest", "extra"):
            return "rest day" + (f", {self.logged} logged" if self.logged else "")
        return f"{self.logged} of {self.prescribed} sessions"


@dataclass
class Progress:
    weeks: list[list[Day]]
    period_start: date
    period_end: date
    adherence: adherence.Adherence
    streak: int

    @property
    def has_programmes(self) -> bool:
        return bool(self.weeks)


def _schedulable(qs: QuerySet[Program]) -> QuerySet[Program]:
    """Programmes with what ``Program.schedule`` needs: their items' days and times a
    day (removed ones too, due before their removal), and their pauses (a paused or
    finished programme prescribes nothing from the day it stopped until it is active
    again)."""
    items = ProgramItem.objects.only(
        "pk", "program_id", "days_of_week", "times_per_day", "removed_on"
    )
    return qs.prefetch_related(Prefetch("items", queryset=items), "pauses")


def logged_sessions(
    programs: list[Program], schedules: dict, *, start: date, end: date
) -> tuple[dict[date, int], dict[date, int]]:
    """Sessions logged per day, within what was prescribed, and sessions beyond it.

    A session counts when at least one exercise in it is done.

    Per programme a day counts at most what that programme prescribed, so an extra
    session of one programme never makes up for a missed one of another.
    """
    done = ItemLog.objects.filter(session=OuterRef("pk"), done=True)
    rows = (
        SessionLog.objects.filter(
            Exists(done), program_id__in=[p.pk for p in programs], date__range=(start, end)
        )
        .values("program_id", "date")
        .annotate(n=Count("pk"))
    )
    logged: dict[date, int] = defaultdict(int)
    extra: dict[date, int] = defaultdict(int)
    for row in rows:
        prescribed = adherence.prescribed_on(schedules[row["program_id"]], row["date"])
        if prescribed:
            logged[row["date"]] += min(row["n"], prescribed)
        else:
            extra[row["date"]] += row["n"]
    return logged, extra


def progress(client: Client, today: date, *, weeks: int = CALENDAR_WEEKS) -> Progress:
    """The four-week calendar (Monday to Sunday rows, the last holding today), the
    adherence over the four weeks up to today, and the streak (docs/clinical.md §4).

    Today joins the adherence period only once all of today's sessions are logged,
    like the streak, so an unfinished morning does not lower the figure.
    """
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    programs = list(_schedulable(programs_of(client)).filter(start_date__lte=today))
    schedules = {p.pk: p.schedule(p.items.all(), p.pauses.all()) for p in programs}
    all_schedules = list(schedules.values())
    # The logs of the calendar and the adherence period first; further back (to the
    # earliest start, at most a year) only when the streak reaches past them.
    earliest = min([s.start for s in all_schedules], default=today)
    recent = min(first, today - timedelta(weeks=weeks))
    since = min(max(earliest, today - timedelta(days=STREAK_LOOKBACK_DAYS)), recent)
    logged, extra = logged_sessions(programs, schedules, start=recent, end=today)
    streak = adherence.streak(all_schedules, logged, today=today)
    if since < recent and streak >= adherence.days_due(
        all_schedules, recent, today - timedelta(days=1)
    ):
        older, older_extra = logged_sessions(
            programs, schedules, start=since, end=recent - timedelta(days=1)
        )
        logged.update(older)
        extra.update(older_extra)
        streak = adherence.streak(all_schedules, logged, today=today)

    calendar = []
    for week in range(weeks):
        row = []
        for offset in range(7):
            day = first + timedelta(days=week * 7 + offset)
            prescribed = sum(adherence.prescribed_on(s, day) for s in all_schedules)
            shown = logged.get(day, 0) + extra.get(day, 0)
            row.append(
                Day(
                    date=day,
                    prescribed=prescribed,
                    logged=shown,
                    today=today,
                    before_start=day < earliest,
                    paused=any(adherence.is_paused(s, day) for s in all_schedules),
                )
            )
        calendar.append(row)

    prescribed_today = sum(adherence.prescribed_on(s, today) for s in all_schedules)
    today_complete = logged.get(today, 0) >= prescribed_today
    period_end = today if today_complete else today - timedelta(days=1)
    period_start = period_end - timedelta(days=7 * weeks - 1)
    result = adherence.adherence(all_schedules, logged, start=period_start, end=period_end)
    return Progress(
        weeks=calendar if programs else [],
        period_start=period_start,
        period_end=period_end,
        adherence=result,
        streak=streak,
    )


def day_logs(client: Client, day: date) -> list[ItemLog]:
    """Everything the client logged on ``day`` (read-only, for the calendar)."""
    return list(
        ItemLog.objects.filter(session__program__in=programs_of(client), session__date=day)
        .select_related("session__program", "item__exercise")
        .defer(*ITEM_EXERCISE_UNUSED)
        .order_by("session__program_id", "session__round", "item__order", "item_id")
    )
