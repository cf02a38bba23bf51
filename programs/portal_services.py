"""Writes of the client portal (logging, check-ins) and the clinician's flag reviews."""

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from physio.models import Client
from programs.models import CheckIn, ItemLog, ProgramItem, SessionLog
from pwa.models import LogReceipt


@transaction.atomic
def item_log_save(
    *,
    item: ProgramItem,
    day: date,
    round: int,
    today: date,
    done: bool,
    sets_done: int | None = None,
    reps_done: int | None = None,
    pain: int | None = None,
    difficulty: int | None = None,
    comment: str = "",
    key: uuid.UUID | None = None,
) -> ItemLog:
    """Save (create or change) what the client did of ``item`` in round ``round`` of ``day``.

    Only today's logs can change: earlier days are read-only (ValidationError ``past``),
    and an item removed from the plan takes no more logs (``removed``).
    A changed pain score reopens a flag the clinician had reviewed.
    A send carrying an idempotency ``key`` (the portal's offline queue) is saved once:
    repeating it returns what the first one saved and changes nothing.
    """
    if key is not None:
        earlier = _receipt_taken(key)
        if earlier is not None:
            if earlier.item_id != item.pk:
                raise ValidationError("This log was already sent for another exercise.", code="key")
            return earlier
    if day != today:
        raise ValidationError(
            "That day is over: logs of earlier days can no longer be changed.", code="past"
        )
    if item.is_removed:
        raise ValidationError(
            "This exercise was taken out of your programme and can no longer be logged.",
            code="removed",
        )
    if not 1 <= round <= item.times_per_day:
        raise ValidationError("This exercise has no such round today.", code="round")
    session, _ = SessionLog.objects.get_or_create(program=item.program, date=day, round=round)
    log = ItemLog.objects.select_for_update().filter(session=session, item=item).first()
    if log is None:
        log = ItemLog(session=session, item=item)
    elif log.pain != pain:
        log.flag_reviewed_at = None
    log.done = done
    log.sets_done = sets_done if done else None
    log.reps_done = reps_done if done else None
    log.pain = pain
    log.difficulty = difficulty if done else None
    log.comment = comment
    log.save()
    if key is not None:
        LogReceipt.objects.filter(key=key).update(item_log=log)
    return log


@transaction.atomic
def guided_session_save(
    *, steps: list[dict], day: date, today: date, guided: bool
) -> list[ItemLog]:
    """Save what the client confirmed at the end of a guided session: each step through
    ``item_log_save`` (the same logs, flags and adherence as the cards), all or nothing.

    ``steps`` holds ``item_log_save``'s arguments per exercise (item, round, key and the
    log's fields). When the client went through the guided screens (``guided``), the
    rounds saved are marked with the time (``SessionLog.guided_at``), all with the same.
    """
    logs = [item_log_save(day=day, today=today, **step) for step in steps]
    if guided and logs:
        SessionLog.objects.filter(pk__in={log.session_id for log in logs}).update(
            guided_at=timezone.now()
        )
    return logs


def _receipt_taken(key: uuid.UUID) -> ItemLog | None:
    """Claim ``key`` for this send; if an earlier send claimed it, that send's log.

    The insert waits for a concurrent send with the same key to finish, so of two
    racing sends exactly one saves (inside the caller's transaction).
    """
    try:
        with transaction.atomic():
            LogReceipt.objects.create(key=key)
    except IntegrityError:
        receipt = LogReceipt.objects.select_related("item_log").get(key=key)
        return receipt.item_log
    return None


def pain_day_before(*, client: Client, day: date) -> int | None:
    """The pain to compare a morning with: the previous day's check-in, else the highest
    pain logged during exercise the previous day, else None (docs/clinical.md §4)."""
    previous = day - timedelta(days=1)
    earlier = CheckIn.objects.filter(client=client, date=previous).values_list("pain", flat=True)
    if earlier:
        return earlier[0]
    return ItemLog.objects.filter(
        session__program__client=client, session__date=previous, pain__isnull=False
    ).aggregate(worst=Max("pain"))["worst"]


@transaction.atomic
def check_in_save(*, client: Client, day: date, pain: int, note: str = "") -> CheckIn:
    """Record this morning's pain and what it is compared with; one check-in a day.

    A next-morning pain above the day before is flagged to the clinician (docs/clinical.md §4:
    if pain is worse the next morning, reduce the load). Changing the pain reopens the flag.
    """
    compared_with = pain_day_before(client=client, day=day)
    check_in = CheckIn.objects.select_for_update().filter(client=client, date=day).first()
    if check_in is None:
        check_in = CheckIn(client=client, date=day)
    elif check_in.pain != pain:
        check_in.flag_reviewed_at = None
    check_in.pain = pain
    check_in.note = note
    check_in.compared_with = compared_with
    check_in.save()
    return check_in


def flag_mark_reviewed(*, flagged: ItemLog | CheckIn) -> ItemLog | CheckIn:
    """The clinician has seen a flag (a pain log or a morning check-in)."""
    if flagged.flag_reviewed_at is None:
        flagged.flag_reviewed_at = timezone.now()
        flagged.save(update_fields=["flag_reviewed_at"])
    return flagged
