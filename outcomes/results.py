"""A client's scores over time, per instrument, with the change since the first score, and
the clinic's clients whose score got worse by more than the MCID (docs/clinical.md §5.8)."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from assessments.charts import Chart, line_chart
from outcomes import instruments, scoring
from outcomes.models import Questionnaire
from physio.models import Client, Clinician


@dataclass
class ActivityChange:
    name: str
    first: int
    latest: int
    important: bool

    @property
    def delta(self) -> int:
        return self.latest - self.first


@dataclass
class Result:
    """One instrument's submitted scores of a client, oldest first."""

    definition: instruments.Instrument
    scored: list[Questionnaire]
    chart: Chart
    change: scoring.Change | None
    activities: list[ActivityChange] = field(default_factory=list)

    @property
    def latest(self) -> Questionnaire:
        return self.scored[-1]

    @property
    def key(self) -> str:
        return self.definition.code


def _band(definition: instruments.Instrument, first: float) -> tuple[float, float] | None:
    """The MCID band around the first score: a later score inside it is no important
    change (docs/clinical.md §5.8); the points cut-off only, clipped to the range."""
    if definition.mcid_points is None:
        return None
    low = max(definition.minimum, first - definition.mcid_points)
    high = min(definition.maximum, first + definition.mcid_points)
    return (low, high)


def _psfs_activities(scored: list[Questionnaire]) -> list[ActivityChange]:
    """Each activity followed on its own, from its first rating to its latest (§5.2)."""
    first, latest = scored[0], scored[-1]
    found = []
    for index, name in enumerate(first.activities):
        key = str(index + 1)
        before, after = first.answers.get(key), latest.answers.get(key)
        if before is None or after is None:
            continue
        important = scoring.is_important(before, after, mcid_points=instruments.PSFS.mcid_activity)
        found.append(ActivityChange(name, before, after, important))
    return found


def client_results(client: Client) -> list[Result]:
    """Every instrument the client has a score for; one query."""
    rows = (
        Questionnaire.objects.filter(client_id=client.pk, score__isnull=False)
        .submitted()
        .order_by("submitted_at", "pk")
        .only("instrument", "score", "submitted_at", "answers", "activities", "due_on")
    )
    by_code: dict[str, list[Questionnaire]] = {}
    for row in rows:
        by_code.setdefault(row.instrument, []).append(row)
    results = []
    for code, definition in instruments.INSTRUMENTS.items():
        scored = by_code.get(code)
        if not scored:
            continue
        first = scored[0].score
        points = [(timezone.localtime(q.submitted_at).date(), q.score) for q in scored]
        chart = line_chart(
            [("score", definition.short_name, points)],
            band=_band(definition, first),
            unit="",
        )
        change = None
        if len(scored) > 1 and not definition.measures_change:
            change = definition.change(first, scored[-1].score)
        activities = (
            _psfs_activities(scored) if definition.names_activities and len(scored) > 1 else []
        )
        results.append(Result(definition, scored, chart, change, activities))
    return results


@dataclass
class Worsened:
    client_id: int
    client_name: str
    definition: instruments.Instrument
    change: scoring.Change


def clinic_worsened(clinician: Clinician, *, limit: int = 20) -> list[Worsened]:
    """The clinic's active clients whose latest score of an instrument is worse than the
    first by the MCID or more. One query over (client, instrument) pairs."""
    mine = Questionnaire.objects.filter(
        client_id=OuterRef("client_id"), instrument=OuterRef("instrument"), score__isnull=False
    ).submitted()
    pairs = (
        Questionnaire.objects.filter(
            client__clinic_id=clinician.clinic_id,
            client__archived=False,
            score__isnull=False,
            submitted_at__isnull=False,
        )
        .values("client_id", "instrument", "client__first_name", "client__last_name")
        .distinct()
        .annotate(
            first=Subquery(mine.order_by("submitted_at", "pk").values("score")[:1]),
            latest=Subquery(mine.order_by("-submitted_at", "-pk").values("score")[:1]),
        )
        .order_by("client__last_name", "client__first_name", "instrument")
    )
    found = []
    for row in pairs:
        definition = instruments.get(row["instrument"])
        if definition.measures_change or row["first"] == row["latest"]:
            continue
        change = definition.change(row["first"], row["latest"])
        if change.verdict == scoring.WORSE:
            name = f"{row['client__first_name']} {row['client__last_name']}"
            found.append(Worsened(row["client_id"], name, definition, change))
        if len(found) >= limit:
            break
    return found
