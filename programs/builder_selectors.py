"""Reads of the programme builder: the plan's items with everything a row shows.

The builder's own module (not ``selectors``) so that its reads are scoped to the one
programme on screen: the latest logs are taken from that programme's sessions, not
from every session log of the network.
"""

from collections import defaultdict

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber

from programs import dosing
from programs.models import ItemLog, Program, ProgramItem, ProgramItemDose
from programs.selectors import main_media, swap_options


def builder_items(*, program: Program, user, only: int | None = None) -> list[ProgramItem]:
    """The programme's items in order, ready for the builder, in a fixed number of queries.

    Each item has its exercise (with ``main``: the main media as a list of 0 or 1),
    ``changes`` (earlier doses, newest first), ``harder_options`` /
    ``easier_options`` (the progressions and regressions ``user`` may see) and
    ``progress_at`` (the top of the dose reached in the latest sessions).
    ``only`` narrows to one item (for re-rendering a single row).
    """
    qs = (
        program.items.current()
        .select_related("exercise")
        .prefetch_related(
            main_media(),
            Prefetch(
                "history",
                queryset=ProgramItemDose.objects.select_related("exercise", "changed_by__user"),
                to_attr="changes",
            ),
        )
    )
    if only is not None:
        qs = qs.filter(pk=only)
    items = list(qs)
    options = swap_options(exercise_ids={item.exercise_id for item in items}, user=user)
    latest = latest_logs(
        program=program, item_ids=[item.pk for item in items], per_item=dosing.SESSIONS_AT_THE_TOP
    )
    for item in items:
        item.harder_options = options["harder"].get(item.exercise_id, [])
        item.easier_options = options["easier"].get(item.exercise_id, [])
        item.progress_at = dosing.top_reached(
            goal=program.goal, sets=item.sets, reps=item.reps, latest=latest.get(item.pk, [])
        )
    return items


def latest_logs(
    *, program: Program, item_ids: list[int], per_item: int
) -> dict[int, list[dosing.LoggedSession]]:
    """The latest ``per_item`` logs of each of the programme's items, newest first: one
    query however many items or logs. The sessions are the programme's (its index), so
    the ranking never joins the session logs of other programmes."""
    if not item_ids:
        return {}
    newest_first = [F("session__date").desc(), F("session__round").desc(), F("pk").desc()]
    rows = (
        ItemLog.objects.filter(session__program=program, item_id__in=item_ids)
        .annotate(rank=Window(RowNumber(), partition_by=F("item_id"), order_by=newest_first))
        .filter(rank__lte=per_item)
        .order_by("item_id", "rank")
        .values_list("item_id", "done", "sets_done", "reps_done", "pain", "difficulty")
    )
    latest = defaultdict(list)
    for item_id, *fields in rows:
        latest[item_id].append(dosing.LoggedSession(*fields))
    return latest
