"""Adherence, streaks and pain flags. Plain functions, no Django.

docs/clinical.md §4: adherence = sessions logged ÷ sessions prescribed over a period;
≥ 80% counts as adherent. Pain during exercise 0–3 safe, 4–5 acceptable, > 5 too
much; the app flags a log with pain > 5, or next-day pain above the day before.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

ADHERENT_AT = 0.80  # docs/clinical.md §4: ≥ 80% counts as adherent
PAIN_SAFE_MAX = 3  # docs/clinical.md §4: 0–3 safe
PAIN_ACCEPTABLE_MAX = 5  # docs/clinical.md §4: 4–5 acceptable, > 5 too much


@dataclass(frozen=True)
class Schedule:
    """What one programme prescribes: its dates and, per item, weekdays and times a day,
    less the stretches it was paused (or finished early)."""

    start: date
    end: date | None  # last day, inclusive; None = open-ended
    items: tuple[tuple[frozenset[int], int], ...]  # (weekdays 0=Mon…6=Sun, times a day)
    pauses: tuple[tuple[date, date | None], ...] = ()  # (first, last day); last None = open
    # Items taken out of the plan: (weekdays, times a day, the day they were removed).
    # They were due before that day, and are not from it on.
    removed: tuple[tuple[frozenset[int], int, date], ...] = ()


def last_day_due(schedule: Schedule) -> date | None:
    """The last day the schedule can prescribe: its end, or the day before a pause with
    no last day (stopped since); None while it runs open-ended."""
    ends = [first - timedelta(days=1) for first, last in schedule.pauses if last is None]
    if schedule.end is not None:
        ends.append(schedule.end)
    return min(ends, default=None)


def is_paused(schedule: Schedule, day: date) -> bool:
    return any(first <= day and (last is None or day <= last) for first, last in schedule.pauses)


def prescribed_on(schedule: Schedule, day: date) -> int:
    """Sessions prescribed on ``day``: the most times-a-day of the items due that weekday
    (an item removed from the plan was due only before the day it was removed).

    Nothing before the start, after the end or while paused: a paused day is neither
    done nor missed (adherence counts prescribed sessions only, docs/clinical.md §4).
    """
    if day < schedule.start or (schedule.end is not None and day > schedule.end):
        return 0
    if schedule.pauses and is_paused(schedule, day):
        return 0
    weekday = day.weekday()
    due = [times for days, times in schedule.items if weekday in days]
    due += [times for days, times, gone in schedule.removed if weekday in days and day < gone]
    return max(due, default=0)


def exercises_due_on(schedule: Schedule, day: date, *, round: int | None = None) -> int:
    """Exercises due on ``day``: each item due that weekday once per time a day (in
    ``round`` only, when given: an item done twice a day is due in rounds 1 and 2).

    What "3 of 4" counts: exercises done ÷ exercises due, while adherence counts a
    session once one exercise in it is done (docs/clinical.md §4).
    """
    if not prescribed_on(schedule, day):
        return 0
    weekday = day.weekday()
    times = [t for days, t in schedule.items if weekday in days]
    times += [t for days, t, gone in schedule.removed if weekday in days and day < gone]
    if round is None:
        return sum(times)
    return sum(1 for t in times if t >= round)


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def days_due(schedules: Iterable[Schedule], start: date, end: date) -> int:
    """Days from ``start`` to ``end`` (inclusive) with at least one session prescribed."""
    schedules = list(schedules)
    return sum(any(prescribed_on(s, day) for s in schedules) for day in _days(start, end))


@dataclass(frozen=True)
class Adherence:
    logged: int
    prescribed: int

    @property
    def ratio(self) -> float | None:
        """None when nothing was prescribed (no ratio, rather than 0% or 100%)."""
        if self.prescribed == 0:
            return None
        return self.logged / self.prescribed

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else round(ratio * 100)

    @property
    def on_track(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio >= ADHERENT_AT


def adherence(
    schedules: Iterable[Schedule],
    logged: Mapping[date, int],
    *,
    start: date,
    end: date,
) -> Adherence:
    """Sessions logged ÷ sessions prescribed between ``start`` and ``end`` (inclusive).

    ``logged`` maps a day to the sessions logged that day. Sessions beyond what was
    prescribed that day do not count (a double session does not make up a missed one).
    """
    schedules = list(schedules)
    total_prescribed = 0
    total_logged = 0
    for day in _days(start, end):
        prescribed = sum(prescribed_on(s, day) for s in schedules)
        total_prescribed += prescribed
        total_logged += min(logged.get(day, 0), prescribed)
    return Adherence(logged=total_logged, prescribed=total_prescribed)


def streak(schedules: Iterable[Schedule], logged: Mapping[date, int], *, today: date) -> int:
    """Prescribed days in a row, back from today, with every prescribed session logged.

    Days with nothing prescribed (rest days) neither break nor extend the streak.
    Today counts only once it is complete, so an unfinished today does not break it.
    """
    schedules = list(schedules)
    if not schedules:
        return 0
    earliest = min(s.start for s in schedules)
    count = 0
    day = today
    while day >= earliest:
        prescribed = sum(prescribed_on(s, day) for s in schedules)
        if prescribed:
            if logged.get(day, 0) >= prescribed:
                count += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return count


def pain_zone(pain: int | None) -> str | None:
    """docs/clinical.md §4 zones: "safe" 0–3, "acceptable" 4–5, "too_much" above 5."""
    if pain is None:
        return None
    if pain <= PAIN_SAFE_MAX:
        return "safe"
    if pain <= PAIN_ACCEPTABLE_MAX:
        return "acceptable"
    return "too_much"


def is_pain_flag(pain: int | None) -> bool:
    """A log with pain above 5 is flagged to the clinician (docs/clinical.md §4)."""
    return pain is not None and pain > PAIN_ACCEPTABLE_MAX


def is_next_day_flag(morning_pain: int | None, day_before_pain: int | None) -> bool:
    """Next-morning pain above the day before's is flagged (docs/clinical.md §4).

    With nothing to compare against there is no flag.
    """
    if morning_pain is None or day_before_pain is None:
        return False
    return morning_pain > day_before_pain
