"""Flags for the clinician (docs/clinical.md §4): logs with pain above 5 and morning
check-ins worse than the day before, for one client and across a clinic.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from physio.models import Client
from programs import adherence
from programs.models import CheckIn, ItemLog
from programs.today import ITEM_EXERCISE_UNUSED, programs_of

FLAGS_SHOWN = 20


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
