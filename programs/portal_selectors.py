"""Scoped reads for the client portal and the clinician's view of a client's activity.

Every query starts from the programmes of one client: the signed-in portal client,
or a client the clinician's clinic holds (fetched with ``physio.selectors.client_get``).
Each page reads a fixed number of queries, however many items or logs there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import caches
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from exercises.models import Exercise, ExerciseMedia, MediaKind
from physio.models import Client
from programs import adherence
from programs.models import CheckIn, ItemLog, Program, ProgramItem, ProgramStatus, SessionLog
from programs.selectors import decoded_json

CALENDAR_WEEKS = 4
STREAK_LOOKBACK_DAYS = 366  # the streak is counted back at most a year
RECENT_SESSIONS = 10
FLAGS_SHOWN = 20
# Exercise columns the portal never shows (the search vector is large).
EXERCISE_UNUSED = ("exercise__search_vector", "exercise__mistakes", "exercise__dosing_notes")
ITEM_EXERCISE_UNUSED = tuple(f"item__{name}" for name in EXERCISE_UNUSED)


def programs_of(client: Client) -> QuerySet[Program]:
    """Every programme of ``client``: the root of all portal reads."""
    return Program.objects.filter(client=client)


def media_to_show(exercise) -> ExerciseMedia | None:
    """The video (uploaded or embedded) to show for an exercise, else its main picture."""
    media = getattr(exercise, "portal_media", None)
    if media is None:
        media = list(exercise.media.order_by("-is_main", "order", "pk"))
    for item in media:
        if item.kind in (MediaKind.VIDEO, MediaKind.LINK):
            return item
    return media[0] if media else None


def is_due(item: ProgramItem, day: date) -> bool:
    return day.weekday() in item.days_of_week


# --- today ----------------------------------------------------------------


@dataclass
class Round:
    item: ProgramItem
    number: int
    of: int
    log: ItemLog | None = None
    form: object = None  # a bound form with errors, shown instead of the saved log

    @cached_property
    def dom_id(self) -> str:
        return f"log-{self.item.pk}-{self.number}"

    @cached_property
    def url(self) -> str:
        """Where the round's form opens (GET) and saves (POST)."""
        return reverse("programs:portal-item-log", args=[self.item.pk, self.number])

    @property
    def label(self) -> str:
        if self.of == 1:
            return "Today's log"
        return f"Round {self.number} of {self.of}"


@dataclass
class TodayItem:
    item: ProgramItem
    media: ExerciseMedia | None
    rounds: list[Round] = field(default_factory=list)
    # The card's unchanging part (all but the rounds) is cached under this key: the
    # digest of every row it comes from (``_today_rows``), so it is never stale.
    card_key: str = ""

    @property
    def done_rounds(self) -> int:
        return sum(1 for r in self.rounds if r.log is not None and r.log.done)


@dataclass
class TodayProgram:
    program: Program
    items: list[TodayItem]  # due today
    not_due: list[ProgramItem] = field(default_factory=list)  # the programme's other items

    @property
    def is_rest_day(self) -> bool:
        return not self.items


def today_logs(program_ids, day: date) -> dict[tuple[int, int], ItemLog]:
    """Logs of ``day`` for the given programmes, by (item id, round): for one round's
    card and the exercise page (Today reads its logs with ``_today_rows``)."""
    logs = ItemLog.objects.filter(
        session__program_id__in=list(program_ids), session__date=day
    ).annotate(round=F("session__round"))
    return {(log.item_id, log.round): log for log in logs}


# What Today shows of an item, its programme and its exercise: fewer columns are less
# to compile, send and build (the page's cost is mostly Python, not PostgreSQL).
TODAY_ITEM_FIELDS = [
    "program_id",
    "exercise_id",
    "order",
    "notes",
    "removed_on",
    *ProgramItem.DOSE_FIELDS,
    "program__client_id",
    "program__title",
    "program__notes_to_client",
    "program__start_date",
    "program__end_date",
    "program__status",
    "exercise__name",
    "exercise__steps",
    "exercise__cues",
]


# Programmes running on a day: the rule of ``is_loggable`` (active, and the day within
# its dates). Parameters: client id, status, day, day.
_RUNNING_SQL = f"""
    SELECT p.* FROM {Program._meta.db_table} p
    WHERE p.client_id = %s AND p.status = %s AND p.start_date <= %s
      AND (p.end_date IS NULL OR p.end_date >= %s)
"""

# Everything Today reads on each request, in one statement. Only items in the plan
# (``ProgramItemQuerySet.current``: removed_on IS NULL) make the plan and its digest.
# Parameters: those of _RUNNING_SQL, then day, client id, day.
_TODAY_SQL = f"""
WITH running AS ({_RUNNING_SQL})
SELECT
  (SELECT md5(string_agg(
              concat_ws('|', p::text, i::text, e.name, e.steps, e.cues, m.rows), '/' ORDER BY i.id))
     FROM running p
     JOIN {ProgramItem._meta.db_table} i ON i.program_id = p.id AND i.removed_on IS NULL
     JOIN {Exercise._meta.db_table} e ON e.id = i.exercise_id
     LEFT JOIN LATERAL (
         SELECT string_agg(m::text, ',' ORDER BY m.id) AS rows
         FROM {ExerciseMedia._meta.db_table} m WHERE m.exercise_id = e.id
     ) m ON true),
  (SELECT array_agg(DISTINCT i.program_id) FROM {ProgramItem._meta.db_table} i
    WHERE i.program_id IN (SELECT id FROM running) AND i.removed_on IS NULL),
  (SELECT json_agg(json_build_array(log.id, log.item_id, session.round, log.done,
                   log.sets_done, log.reps_done, log.pain, log.difficulty, log.comment))
     FROM {ItemLog._meta.db_table} log
     JOIN {SessionLog._meta.db_table} session ON session.id = log.session_id
    WHERE session.program_id IN (SELECT id FROM running) AND session.date = %s),
  (SELECT json_build_array(c.id, c.pain, c.compared_with, c.note)
     FROM {CheckIn._meta.db_table} c WHERE c.client_id = %s AND c.date = %s)
"""


@dataclass
class _TodayRows:
    digest: str | None
    program_ids: list[int]
    logs: dict[tuple[int, int], ItemLog]  # by (item id, round)
    check_in: CheckIn | None


def _today_rows(client: Client, day: date) -> _TodayRows:
    """What Today reads on each request, in one plain statement (PostgreSQL reads a few
    rows; Python compiles nothing): the programmes running on ``day`` that have items,
    a digest of every row the plan is built from, the day's logs and check-in.

    The digest covers each running programme and item whole, what the page shows of
    each exercise, and every media row of those exercises: any change to any of them
    (a new dose, a reorder, a swapped exercise, a curator's edit, a paused programme),
    by whatever path, gives a new digest, so a plan cached under it is never stale.
    """
    with connection.cursor() as cursor:
        cursor.execute(_TODAY_SQL, [client.pk, ProgramStatus.ACTIVE, day, day, day, client.pk, day])
        digest, program_ids, log_rows, check_in_row = cursor.fetchone()
    logs = {}
    for (
        log_id,
        item_id,
        round_,
        done,
        sets_done,
        reps_done,
        pain,
        difficulty,
        comment,
    ) in decoded_json(log_rows):
        log = ItemLog(
            id=log_id,
            item_id=item_id,
            done=done,
            sets_done=sets_done,
            reps_done=reps_done,
            pain=pain,
            difficulty=difficulty,
            comment=comment,
        )
        log.round = round_
        logs[(item_id, round_)] = log
    check_in = None
    if check_in_row is not None:
        check_in_id, pain, compared_with, note = decoded_json(check_in_row)
        check_in = CheckIn(
            id=check_in_id,
            client=client,
            date=day,
            pain=pain,
            compared_with=compared_with,
            note=note,
        )
    return _TodayRows(digest, program_ids or [], logs, check_in)


def _today_items(digest: str, client: Client, program_ids: list[int]) -> list[ProgramItem]:
    """The items of the running programmes, in order, each with its programme, its
    exercise and the exercise's media; cached under the digest (``_today_rows``), so
    opening Today again reads no item, exercise or media row."""
    cache = caches["fragments"]
    key = f"portal-items:{client.pk}:{digest}"
    items = cache.get(key)
    if items is None:
        items = list(
            ProgramItem.objects.current()
            .filter(program_id__in=program_ids)
            .select_related("program", "exercise")
            .only(*TODAY_ITEM_FIELDS)
            .order_by("program__start_date", "program_id", "order", "pk")
        )
        media = defaultdict(list)
        for m in ExerciseMedia.objects.filter(exercise_id__in={i.exercise_id for i in items}):
            media[m.exercise_id].append(m)  # in the model's order: main first
        for item in items:
            item.exercise.portal_media = media[item.exercise_id]
        cache.set(key, items, settings.FRAGMENT_CACHE_SECONDS)
    return items


def today_plan(
    client: Client, day: date, *, forms: dict | None = None
) -> tuple[list[TodayProgram], CheckIn | None]:
    """The client's programmes running on ``day`` with the exercises due, round by round,
    and the day's morning check-in.

    A programme with no items yet is not listed (it has nothing to show). ``forms`` maps
    (item id, round) to a bound form to show in place of the saved log (a form that came
    back with errors keeps what the client typed). One statement, and on a cache miss
    the items and the media: the count does not grow with items or logs.
    """
    forms = forms or {}
    rows = _today_rows(client, day)
    if not rows.program_ids:
        return [], rows.check_in
    items = _today_items(rows.digest, client, rows.program_ids)
    logs, digest = rows.logs, rows.digest
    plan: list[TodayProgram] = []
    for item in items:
        if not plan or plan[-1].program.pk != item.program_id:
            plan.append(TodayProgram(program=item.program, items=[]))
        if not is_due(item, day):
            plan[-1].not_due.append(item)
            continue
        rounds = [
            Round(
                item=item,
                number=n,
                of=item.times_per_day,
                log=logs.get((item.pk, n)),
                form=forms.get((item.pk, n)),
            )
            for n in range(1, item.times_per_day + 1)
        ]
        plan[-1].items.append(
            TodayItem(
                item=item,
                media=media_to_show(item.exercise),
                rounds=rounds,
                card_key=f"{digest}:{item.pk}",
            )
        )
    return plan, rows.check_in


def portal_item_get(client: Client, item_id: int) -> ProgramItem:
    """One item in the plan of the client's programmes (any status), with exercise and
    media; or 404 (a removed item is gone from the portal; its logs stay in Progress)."""
    item = (
        ProgramItem.objects.current()
        .filter(program__in=programs_of(client), pk=item_id)
        .select_related("program", "exercise")
        .defer(*EXERCISE_UNUSED)
        .prefetch_related(
            Prefetch(
                "exercise__media",
                queryset=ExerciseMedia.objects.order_by("-is_main", "order", "pk"),
                to_attr="portal_media",
            )
        )
        .first()
    )
    if item is None:
        raise Http404("No such exercise in your programme.")
    return item


def is_loggable(item: ProgramItem, day: date) -> bool:
    """The client may log an item today only while it is in the plan and its programme
    runs."""
    program = item.program
    return (
        not item.is_removed
        and program.status == ProgramStatus.ACTIVE
        and program.start_date <= day
        and (program.end_date is None or program.end_date >= day)
    )


def item_history(item: ProgramItem, *, before: date, limit: int = 14) -> list[ItemLog]:
    """The latest logs of one item before ``before`` (read-only history)."""
    return list(
        ItemLog.objects.filter(item=item, session__date__lt=before)
        .select_related("session")
        .order_by("-session__date", "-session__round")[:limit]
    )


# --- progress: calendar, adherence, streak ----------------------------------


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


# --- the clinician's view: activity and flags ---------------------------------


def pain_flags(client: Client) -> QuerySet[ItemLog]:
    """Logs with pain above 5 (docs/clinical.md §4), open ones first, newest first."""
    return (
        ItemLog.objects.filter(
            session__program__in=programs_of(client), pain__gt=adherence.PAIN_ACCEPTABLE_MAX
        )
        .select_related("session__program", "item__exercise")
        .defer(*ITEM_EXERCISE_UNUSED)
        .order_by(F("flag_reviewed_at").desc(nulls_first=True), "-session__date", "-pk")
    )


def check_in_flags(client: Client) -> QuerySet[CheckIn]:
    """Morning check-ins with more pain than the day before (docs/clinical.md §4)."""
    return (
        CheckIn.objects.filter(client=client, compared_with__isnull=False)
        .filter(pain__gt=F("compared_with"))
        .order_by(F("flag_reviewed_at").desc(nulls_first=True), "-date", "-pk")
    )


@dataclass
class Activity:
    client: Client
    pain_flags: list[ItemLog]
    check_in_flags: list[CheckIn]
    open_flags: int
    sessions: list[SessionLog]
    progress: Progress


def recent_sessions(client: Client, *, limit: int = RECENT_SESSIONS) -> list[SessionLog]:
    """The latest sessions, each with how many exercises were done and the worst pain."""
    latest = (
        SessionLog.objects.filter(program__in=programs_of(client))
        .order_by("-date", "-round", "-pk")
        .values("pk")[:limit]
    )
    # The counts are taken over the latest sessions only, not the whole history.
    return list(
        SessionLog.objects.filter(pk__in=latest)
        .select_related("program")
        .annotate(
            done_count=Count("item_logs", filter=Q(item_logs__done=True)),
            log_count=Count("item_logs"),
            worst_pain=Max("item_logs__pain"),
        )
        .order_by("-date", "-round", "-pk")
    )


def client_activity(client: Client, today: date) -> Activity:
    """What the clinician sees of a client's logging: flags first, then adherence and sessions."""
    pains = pain_flags(client)
    check_ins = check_in_flags(client)
    open_flags = (
        pains.filter(flag_reviewed_at__isnull=True).count()
        + check_ins.filter(flag_reviewed_at__isnull=True).count()
    )
    return Activity(
        client=client,
        pain_flags=list(pains[:FLAGS_SHOWN]),
        check_in_flags=list(check_ins[:FLAGS_SHOWN]),
        open_flags=open_flags,
        sessions=recent_sessions(client),
        progress=progress(client, today),
    )


def flagged_log_get(client: Client, log_id: int) -> ItemLog:
    log = pain_flags(client).filter(pk=log_id).first()
    if log is None:
        raise Http404("No such flag.")
    return log


def flagged_check_in_get(client: Client, check_in_id: int) -> CheckIn:
    check_in = check_in_flags(client).filter(pk=check_in_id).first()
    if check_in is None:
        raise Http404("No such flag.")
    return check_in


# --- the clinician's caseload: open flags across the clinic ---------------------


@dataclass(frozen=True)
class OpenFlag:
    """One flag no clinician has reviewed yet: a pain log or a morning check-in."""

    client: Client
    day: date
    kind: str  # "log" (pain during an exercise) or "check-in" (worse next morning)
    pain: int
    comment: str
    exercise: str = ""  # a log's exercise
    compared_with: int | None = None  # a check-in's pain the day before


@dataclass
class OpenFlags:
    flags: list[OpenFlag]  # newest first, at most ``shown``
    total: int
    clients: int

    @property
    def more(self) -> int:
        return self.total - len(self.flags)


def open_flags_for_clinic(clinic_id: int, *, shown: int = FLAGS_SHOWN) -> OpenFlags:
    """The flags nobody has reviewed in the clinic's current (not archived) clients,
    newest first (docs/clinical.md §4: pain above 5, or next-morning pain above the day
    before). Four queries however many clients, logs or flags."""
    in_clinic = Q(client__clinic_id=clinic_id, client__archived=False)
    logs = ItemLog.objects.filter(
        session__program__client__clinic_id=clinic_id,
        session__program__client__archived=False,
        pain__gt=adherence.PAIN_ACCEPTABLE_MAX,
        flag_reviewed_at__isnull=True,
    )
    check_ins = CheckIn.objects.filter(
        in_clinic,
        compared_with__isnull=False,
        pain__gt=F("compared_with"),
        flag_reviewed_at__isnull=True,
    )
    flags = [
        OpenFlag(
            client=log.session.program.client,
            day=log.session.date,
            kind="log",
            pain=log.pain,
            comment=log.comment,
            exercise=log.item.exercise.name,
        )
        for log in logs.select_related("session__program__client", "item__exercise")
        .only(
            "pain",
            "comment",
            "session__date",
            "session__program__client__first_name",
            "session__program__client__last_name",
            "item__exercise__name",
        )
        .order_by("-session__date", "-pk")[:shown]
    ]
    flags += [
        OpenFlag(
            client=check_in.client,
            day=check_in.date,
            kind="check-in",
            pain=check_in.pain,
            comment=check_in.note,
            compared_with=check_in.compared_with,
        )
        for check_in in check_ins.select_related("client")
        .only("pain", "compared_with", "note", "date", "client__first_name", "client__last_name")
        .order_by("-date", "-pk")[:shown]
    ]
    flags.sort(key=lambda flag: flag.day, reverse=True)
    by_log = logs.aggregate(
        n=Count("pk"), clients=ArrayAgg("session__program__client_id", distinct=True)
    )
    by_check_in = check_ins.aggregate(n=Count("pk"), clients=ArrayAgg("client_id", distinct=True))
    clients = {*(by_log["clients"] or []), *(by_check_in["clients"] or [])}
    return OpenFlags(
        flags=flags[:shown], total=by_log["n"] + by_check_in["n"], clients=len(clients)
    )
