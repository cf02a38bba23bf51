"""The record's Activity section: a client's flags, adherence and latest sessions, as the
clinician sees them.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q

from physio.models import Client
from programs import adherence
from programs.flags import FLAGS_SHOWN, check_in_flags, pain_flags
from programs.models import CheckIn, ItemLog, SessionLog
from programs.progress import Progress, progress
from programs.today import programs_of

RECENT_SESSIONS = 10


@dataclass
class Activity:
    client: Client
    pain_flags: list[ItemLog]
    check_in_flags: list[CheckIn]
    open_flags: int
    sessions: list[SessionLog]
    progress: Progress
    last_guided: datetime | None = None
    guided_recent: int = 0  # guided sessions in the last 4 weeks


def recent_sessions(client: Client, *, limit: int = RECENT_SESSIONS) -> list[SessionLog]:
    """The latest sessions, each with the worst pain and ``done_count`` of ``due_count``:
    exercises done of those due in that round ("3 of 4", not of those logged; a
    session logged on a day nothing was due counts what was logged)."""
    latest = (
        SessionLog.objects.filter(program__in=programs_of(client))
        .order_by("-date", "-round", "-pk")
        .values("pk")[:limit]
    )
    # The counts are taken over the latest sessions only, not the whole history.
    sessions = list(
        SessionLog.objects.filter(pk__in=latest)
        .select_related("program")
        .prefetch_related("program__items", "program__pauses")
        .annotate(
            done_count=Count("item_logs", filter=Q(item_logs__done=True)),
            log_count=Count("item_logs"),
            worst_pain=Max("item_logs__pain"),
        )
        .order_by("-date", "-round", "-pk")
    )
    schedules = {}
    for session in sessions:
        if session.program_id not in schedules:
            schedules[session.program_id] = session.program.schedule()
        due = adherence.exercises_due_on(
            schedules[session.program_id], session.date, round=session.round
        )
        session.due_count = due or session.log_count
    return sessions


GUIDED_WINDOW_DAYS = 28


def guided_sessions(client: Client, today: date) -> tuple[datetime | None, int]:
    """When the client last saved a guided session, and how many in the last 4 weeks
    (the rounds one guided session saves share its time): one query."""
    since = today - timedelta(days=GUIDED_WINDOW_DAYS - 1)
    row = SessionLog.objects.filter(
        program__in=programs_of(client), guided_at__isnull=False
    ).aggregate(
        last=Max("guided_at"),
        recent=Count("guided_at", distinct=True, filter=Q(date__gte=since)),
    )
    return row["last"], row["recent"]


def client_activity(client: Client, today: date) -> Activity:
    """What the clinician sees of a client's logging: flags first, then adherence and sessions."""
    pains = pain_flags(client)
    check_ins = check_in_flags(client)
    open_flags = (
        pains.filter(flag_reviewed_at__isnull=True).count()
        + check_ins.filter(flag_reviewed_at__isnull=True).count()
    )
    last_guided, guided_recent = guided_sessions(client, today)
    return Activity(
        client=client,
        last_guided=last_guided,
        guided_recent=guided_recent,
        pain_flags=list(pains[:FLAGS_SHOWN]),
        check_in_flags=list(check_ins[:FLAGS_SHOWN]),
        open_flags=open_flags,
        sessions=recent_sessions(client),
        progress=progress(client, today),
    )
