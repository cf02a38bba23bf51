"""Today in the portal: the client's programmes running on a day, their exercises due,
round by round, and one exercise's page.

Every read starts from the programmes of the signed-in portal client (``programs_of``).
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from exercises.models import ExerciseMedia, MediaKind
from physio.models import Client
from programs import dosing
from programs.models import CheckIn, ItemLog, Program, ProgramItem

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


@dataclass
class Step:
    """One exercise of today's guided session: an item due today, at its first round not
    logged yet (round 2 of a twice-a-day exercise once round 1 is in)."""

    entry: TodayItem
    round: Round
    form: object = None  # its fields in the session's summary

    @property
    def item(self) -> ProgramItem:
        return self.entry.item

    @property
    def media(self) -> ExerciseMedia | None:
        return self.entry.media

    @cached_property
    def prefix(self) -> str:
        """The names of this step's fields in the session's one form."""
        return f"step-{self.item.pk}"

    @property
    def rep_seconds(self) -> int:
        return dosing.rep_seconds(self.item.tempo)


def session_steps(plan: list[TodayProgram]) -> list[Step]:
    """Today's guided session, in the order of Today: each exercise due with a round not
    logged yet, at the first such round. Nothing left to log: no steps. No query."""
    steps = []
    for program in plan:
        for entry in program.items:
            open_round = next((r for r in entry.rounds if r.log is None), None)
            if open_round is not None:
                steps.append(Step(entry=entry, round=open_round))
    return steps


def today_logs(program_ids, day: date) -> dict[tuple[int, int], ItemLog]:
    """Logs of ``day`` for the given programmes, by (item id, round): one query."""
    logs = ItemLog.objects.filter(
        session__program_id__in=list(program_ids), session__date=day
    ).annotate(round=F("session__round"))
    return {(log.item_id, log.round): log for log in logs}


# What Today shows of an item, its programme and its exercise.
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


def _media_in_order():
    return Prefetch(
        "exercise__media",
        queryset=ExerciseMedia.objects.order_by("-is_main", "order", "pk"),
        to_attr="portal_media",
    )


def today_plan(
    client: Client, day: date, *, forms: dict | None = None
) -> tuple[list[TodayProgram], CheckIn | None]:
    """The client's programmes running on ``day`` with the exercises due, round by round,
    and the day's morning check-in.

    A programme with no items yet is not listed (it has nothing to show). ``forms`` maps
    (item id, round) to a bound form to show in place of the saved log (a form that came
    back with errors keeps what the client typed). Four queries (items with their
    programme and exercise, media, logs, check-in) however many items or logs.
    """
    forms = forms or {}
    running = programs_of(client).running_on(day)
    items = list(
        ProgramItem.objects.current()
        .filter(program__in=running)
        .select_related("program", "exercise")
        .only(*TODAY_ITEM_FIELDS)
        .prefetch_related(_media_in_order())
        .order_by("program__start_date", "program_id", "order", "pk")
    )
    logs = today_logs({item.program_id for item in items}, day) if items else {}
    check_in = CheckIn.objects.filter(client=client, date=day).first()
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
            TodayItem(item=item, media=media_to_show(item.exercise), rounds=rounds)
        )
    return plan, check_in


def portal_item_get(client: Client, item_id: int) -> ProgramItem:
    """One item in the plan of the client's programmes (any status), with exercise and
    media; or 404 (a removed item is gone from the portal; its logs stay in Progress)."""
    item = (
        ProgramItem.objects.current()
        .filter(program__in=programs_of(client), pk=item_id)
        .select_related("program", "exercise")
        .defer(*EXERCISE_UNUSED)
        .prefetch_related(_media_in_order())
        .first()
    )
    if item is None:
        raise Http404("No such exercise in your programme.")
    return item


def is_loggable(item: ProgramItem, day: date) -> bool:
    """The client may log an item today only while it is in the plan and its programme
    runs (``ProgramQuerySet.running_on``): one query."""
    return (
        not item.is_removed and Program.objects.running_on(day).filter(pk=item.program_id).exists()
    )


def item_history(item: ProgramItem, *, before: date, limit: int = 14) -> list[ItemLog]:
    """The latest logs of one item before ``before`` (read-only history)."""
    return list(
        ItemLog.objects.filter(item=item, session__date__lt=before)
        .select_related("session")
        .order_by("-session__date", "-session__round")[:limit]
    )
