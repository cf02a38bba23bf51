"""When a scheduled instrument falls due over a programme: plain dates, no Django."""

from datetime import date, timedelta

# A programme with no end date gets its repeats for this long; a later schedule adds more.
OPEN_ENDED_WEEKS = 26


def due_dates(
    *, start: date, end: date | None, at_start: bool, every_weeks: int | None, at_end: bool
) -> list[date]:
    """The days the instrument is due: the start, every ``every_weeks`` weeks after it
    up to the end (or ``OPEN_ENDED_WEEKS`` without one), and the end; each day once."""
    days = set()
    if at_start:
        days.add(start)
    if every_weeks:
        last = end or start + timedelta(weeks=OPEN_ENDED_WEEKS)
        day = start + timedelta(weeks=every_weeks)
        while day <= last:
            days.add(day)
            day += timedelta(weeks=every_weeks)
    if at_end and end is not None:
        days.add(end)
    return sorted(days)
