"""The iCalendar feed: one all-day event for each day with sessions prescribed.

What is prescribed comes from ``Program.schedule()`` and ``adherence.prescribed_on``
(the rules the adherence figures use: start and end dates, pauses, weekdays, times a
day), so the calendar never promises a session the app would not count. Days are the
client's own: "today" is worked out in the feed's time zone.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone
from icalendar import Calendar, Event

from calendars.models import CalendarFeed
from programs import adherence
from programs.models import Program, ProgramItem, ProgramStatus

FEED_DAYS = 28


def feed_programs(client) -> list[Program]:
    """The client's running programmes with their items (removed ones too) and pauses."""
    return list(
        Program.objects.filter(client=client, status=ProgramStatus.ACTIVE).prefetch_related(
            Prefetch("items", queryset=ProgramItem.objects.select_related("exercise")), "pauses"
        )
    )


def sessions_ahead(programs: list[Program], first: date, days: int = FEED_DAYS):
    """(programme, day, sessions, items due) for each day with something prescribed."""
    for program in programs:
        items = list(program.items.all())
        schedule = program.schedule()
        for offset in range(days):
            day = first + timedelta(days=offset)
            sessions = adherence.prescribed_on(schedule, day)
            if not sessions:
                continue
            due = [i for i in items if i.removed_on is None and day.weekday() in i.days_of_week]
            yield program, day, sessions, due


def calendar_bytes(feed: CalendarFeed, *, host: str, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    zone = ZoneInfo(feed.time_zone)
    first = now.astimezone(zone).date()
    calendar = Calendar()
    calendar.add("prodid", "-//physio//home exercise programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "My exercises (physio)")
    calendar.add("x-wr-timezone", feed.time_zone)
    # Calendar apps that honour it fetch again twice a day.
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    for program, day, sessions, due in sessions_ahead(feed_programs(feed.client), first):
        event = Event()
        event.add("uid", f"physio-program-{program.pk}-{day:%Y%m%d}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        times = f" ({sessions} sessions)" if sessions > 1 else ""
        event.add("summary", f"Home exercises{times}")
        lines = [f"{program.title}:"]
        lines += [f"- {item.exercise.name}: {item.dose_text}" for item in due]
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
