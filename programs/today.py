"""Today in the portal: the client's programmes running on a day, their exercises due,
round by round, and one exercise's page.

Every read starts from the programmes of the signed-in portal client (``programs_of``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from exercises.models import Exercise, ExerciseMedia, MediaKind
from physio.models import Client
from programs.models import CheckIn, ItemLog, Program, ProgramItem, ProgramStatus, SessionLog
from programs.selectors import decoded_json

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
