"""Progress: the client's calendar, adherence and streak, for the portal and the record."""

from dataclasses import dataclass
from datetime import date, timedelta

from physio.models import Client
from programs import adherence, schedules
from programs.models import ItemLog
from programs.today import ITEM_EXERCISE_UNUSED, programs_of

CALENDAR_WEEKS = 4
STREAK_LOOKBACK_DAYS = 366  # the streak is counted back at most a year


@dataclass(frozen=True)
class Day:
    date: date
    prescribed: int  # sessions
    logged: int  # sessions with at least one exercise done (docs/clinical.md §4)
    today: date
    due: int = 0  # exercises due, a session's each
    done: int = 0  # exercises done, at most ``due``
    before_start: bool = False  # before the first programme began
    paused: bool = False  # nothing due because a programme was paused

    @property
    def state(self) -> str:
        """Every due exercise of every session done is "done"; some is "partial"
        ("partly done"), though adherence counts a session once one exercise is done."""
        if self.date > self.today:
            return "future"
        if self.before_start and not self.logged:
            return "none"
        if self.prescribed == 0 and self.paused and not self.logged:
            return "paused"
        if self.prescribed == 0:
            return "rest" if self.logged == 0 else "extra"
        if self.logged >= self.prescribed and self.done >= self.due:
            return "done"
        if self.logged == 0:
            return "pending" if self.date == self.today else "missed"
        return "partial"

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
        said = {"done": "all done", "partial": "partly done", "missed": "missed"}
        counted = f"{self.done} of {self.due} exercises"
        return f"{said[state]}, {counted}" if state in said else counted


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


def progress(client: Client, today: date, *, weeks: int = CALENDAR_WEEKS) -> Progress:
    """The four-week calendar (Monday to Sunday rows, the last holding today), the
    adherence over the four weeks up to today, and the streak (docs/clinical.md §4).

    Today joins the adherence period only once all of today's sessions are logged,
    like the streak, so an unfinished morning does not lower the figure. Five queries
    at most, however many programmes, items or logs.
    """
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    # The logs of the calendar and the adherence period first; further back (to the
    # earliest start, at most a year) only when the streak reaches past them.
    recent = min(first, today - timedelta(weeks=weeks))
    loaded = schedules.load(
        programs_of(client).filter(start_date__lte=today), start=recent, end=today
    )
    all_schedules = [row.schedule for row in loaded]
    earliest = min([s.start for s in all_schedules], default=today)
    since = min(max(earliest, today - timedelta(days=STREAK_LOOKBACK_DAYS)), recent)
    logged = schedules.logged_on(loaded)
    streak = adherence.streak(all_schedules, logged, today=today)
    if since < recent and streak >= adherence.days_due(
        all_schedules, recent, today - timedelta(days=1)
    ):
        schedules.add_logged_days(loaded, start=since, end=recent - timedelta(days=1))
        logged = schedules.logged_on(loaded)
        streak = adherence.streak(all_schedules, logged, today=today)

    calendar = []
    for week in range(weeks):
        row = []
        for offset in range(7):
            day = first + timedelta(days=week * 7 + offset)
            row.append(
                Day(
                    date=day,
                    prescribed=sum(adherence.prescribed_on(s, day) for s in all_schedules),
                    logged=sum(r.logged.get(day, 0) + r.extra.get(day, 0) for r in loaded),
                    today=today,
                    due=sum(adherence.exercises_due_on(s, day) for s in all_schedules),
                    done=sum(r.done.get(day, 0) for r in loaded),
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
        weeks=calendar if loaded else [],
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
