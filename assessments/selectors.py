"""Scoped reads of assessments, and the findings other apps may use.

Every query that takes an id from a request starts from the assessments of the
signed-in clinician's clinic; anything else is a 404. ``latest_findings`` is the
read programs uses for suggestions.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from assessments import interpretation
from assessments.models import (
    Amendment,
    AmendmentEvent,
    Assessment,
    AssessmentEvent,
    Clip,
    ClipEvent,
    HipDropTest,
    HipDropTestEvent,
    KneeValgusTest,
    KneeValgusTestEvent,
    Photo,
    PhotoEvent,
    Side,
)
from assessments.reference import thresholds
from physio.models import Client, Clinician


def assessments_for_clinician(clinician: Clinician) -> QuerySet[Assessment]:
    """Every assessment of a client of the clinician's clinic."""
    return Assessment.objects.filter(client__clinic_id=clinician.clinic_id)


def _with_tests(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.prefetch_related(
        Prefetch("hip_drop_tests", queryset=HipDropTest.objects.order_by("side")),
        Prefetch("knee_valgus_tests", queryset=KneeValgusTest.objects.order_by("side")),
    )


def assessment_get(*, fetched_by: Clinician, pk: int) -> Assessment:
    """One assessment of the clinician's clinic with its tests, photos and amendments, or 404."""
    assessment = (
        _with_tests(assessments_for_clinician(fetched_by))
        .select_related("client__clinic", "clinician__user", "signed_by__user")
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("test", "side", "trial")),
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related("amended_by__user").order_by(
                    "amended_at", "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment.")
    return assessment


def photo_get(*, fetched_by: Clinician, key) -> Photo:
    """A photo of an assessment of the clinician's clinic, or 404 (also for a guessed key)."""
    photo = (
        Photo.objects.filter(key=key, assessment__client__clinic_id=fetched_by.clinic_id)
        .select_related("assessment__client")
        .first()
    )
    if photo is None:
        raise Http404("No such photo.")
    return photo


def clip_get(*, fetched_by: Clinician, key) -> Clip:
    """A clip of an assessment of the clinician's clinic, or 404 (also for a guessed key)."""
    clip = (
        Clip.objects.filter(key=key, assessment__client__clinic_id=fetched_by.clinic_id)
        .select_related("assessment__client")
        .first()
    )
    if clip is None:
        raise Http404("No such clip.")
    return clip


def client_assessments(*, client: Client) -> QuerySet[Assessment]:
    """The client's assessments, newest first, with both tests of both sides prefetched."""
    return _with_tests(
        Assessment.objects.filter(client=client).select_related("clinician__user")
    ).order_by("-assessed_on", "-created_at")


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The client's assessment just before this one (by date, then creation), with its tests."""
    earlier = Assessment.objects.filter(client_id=assessment.client_id).filter(
        Q(assessed_on__lt=assessment.assessed_on)
        | Q(assessed_on=assessment.assessed_on, created_at__lt=assessment.created_at)
    )
    return _with_tests(earlier.order_by("-assessed_on", "-created_at")).first()


# --- findings ---------------------------------------------------------------


@dataclass(frozen=True)
class SideFindings:
    """What one side showed. For the hip drop the side is the stance side
    (docs/clinical.md §1.1)."""

    side: str
    hip_drop_result: str  # "negative", "positive", "delayed_positive" or "" (not recorded)
    hip_drop_result_label: str
    seconds_held: int | None
    compensation_label: str
    pelvic_drop_deg: float | None
    stance_pain: int | None
    fppa_mean_deg: float | None
    fppa_above_reference: bool | None  # None when no FPPA was measured
    squat_pain: int | None
    crossley_overall: str
    fppa_reference: interpretation.Note | None = None
    fppa_change: interpretation.Change | None = None
    stance_pain_note: interpretation.Note | None = None

    @property
    def hip_drop_result_short(self) -> str:
        """The result in a few words for tables, e.g. "Delayed positive (12 s)"."""
        if not self.hip_drop_result:
            return ""
        short = self.hip_drop_result_label.split(" (")[0]
        if self.hip_drop_result == "delayed_positive" and self.seconds_held is not None:
            short += f" ({self.seconds_held} s)"
        return short


@dataclass(frozen=True)
class Findings:
    assessment: Assessment
    assessed_on: date
    signed: bool
    left: SideFindings
    right: SideFindings
    fppa_asymmetry: interpretation.Note | None = None
    notes: list[interpretation.Note] = field(default_factory=list)

    @property
    def sides(self) -> list["SideFindings"]:
        return [self.left, self.right]


def _by_side(rows) -> dict[str, object]:
    return {row.side: row for row in rows}


def findings_for(assessment: Assessment, previous: Assessment | None = None) -> Findings:
    """The per-side findings of an assessment (tests prefetched) with their interpretation.

    Interpretation is support, not diagnosis: FPPA against the reference values
    (docs/clinical.md §2.2), left–right asymmetry and the change since ``previous``
    against the smallest detectable difference.
    """
    limits = thresholds()
    hips = _by_side(assessment.hip_drop_tests.all())
    knees = _by_side(assessment.knee_valgus_tests.all())
    before = _by_side(previous.knee_valgus_tests.all()) if previous else {}
    sides = {}
    for side in Side.values:
        hip, knee = hips.get(side), knees.get(side)
        mean = knee.fppa_mean_deg if knee else None
        previous_mean = before[side].fppa_mean_deg if side in before else None
        sides[side] = SideFindings(
            side=side,
            hip_drop_result=hip.result if hip else "",
            hip_drop_result_label=hip.get_result_display() if hip and hip.result else "",
            seconds_held=hip.seconds_held if hip else None,
            compensation_label=hip.get_compensation_display() if hip and hip.compensation else "",
            pelvic_drop_deg=hip.pelvic_drop_deg if hip else None,
            stance_pain=hip.pain if hip else None,
            fppa_mean_deg=mean,
            fppa_above_reference=None if mean is None else mean > limits.fppa_upper_deg,
            squat_pain=knee.pain if knee else None,
            crossley_overall=knee.get_rating_overall_display() if knee else "",
            fppa_reference=None
            if mean is None
            else interpretation.fppa_against_reference(
                mean,
                upper_deg=limits.fppa_upper_deg,
                asymptomatic=(limits.asymptomatic_mean_deg, limits.asymptomatic_sd_deg),
                patellofemoral=(limits.patellofemoral_mean_deg, limits.patellofemoral_sd_deg),
            ),
            fppa_change=None
            if mean is None or previous_mean is None
            else interpretation.fppa_change(mean, previous_mean, sdd_deg=limits.sdd_deg),
            stance_pain_note=None
            if hip is None or hip.pain is None
            else interpretation.stance_pain(hip.pain, positive_from=limits.stance_pain_positive),
        )
    left, right = sides["left"], sides["right"]
    asymmetry = None
    if left.fppa_mean_deg is not None and right.fppa_mean_deg is not None:
        asymmetry = interpretation.fppa_asymmetry(
            left.fppa_mean_deg, right.fppa_mean_deg, sdd_deg=limits.sdd_deg
        )
    return Findings(
        assessment=assessment,
        assessed_on=assessment.assessed_on,
        signed=assessment.is_signed,
        left=left,
        right=right,
        fppa_asymmetry=asymmetry,
    )


def latest_findings(*, client: Client, signed_only: bool = False) -> Findings | None:
    """The findings of the client's most recent assessment, or None if there is none.

    For each side (``findings.left`` / ``findings.right``): the hip-drop result
    (``"negative"``, ``"positive"``, ``"delayed_positive"`` or ``""`` when not
    recorded) with seconds held and compensation, the pelvic drop angle in degrees
    (positive = free side drops), the mean FPPA in degrees and
    ``fppa_above_reference`` (True/False, None when not measured), pain during each
    test, plus interpretation notes and the change since the assessment before.
    ``signed_only`` skips drafts. ``client`` must already be scoped to the caller.
    Runs a fixed number of queries.
    """
    qs = client_assessments(client=client)
    if signed_only:
        qs = qs.filter(status=Assessment.Status.SIGNED)
    recent = list(qs[:2])
    if not recent:
        return None
    return findings_for(recent[0], recent[1] if len(recent) > 1 else None)


def portal_assessments(*, client: Client) -> list[Assessment]:
    """The client's own SIGNED assessments, newest first, with tests and photos prefetched
    (drafts never reach the portal). A fixed number of queries."""
    return list(
        client_assessments(client=client)
        .filter(status=Assessment.Status.SIGNED)
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("test", "side", "trial"))
        )
    )


def portal_photo_get(*, client: Client, key) -> Photo:
    """A photo of one of the client's own signed assessments, or 404."""
    photo = Photo.objects.filter(
        key=key, assessment__client=client, assessment__status=Assessment.Status.SIGNED
    ).first()
    if photo is None:
        raise Http404("No such photo.")
    return photo


# --- history chart ------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    assessed_on: date
    value: float
    assessment_id: int


def history_series(*, client: Client, signed_only: bool = False) -> dict[str, list[SeriesPoint]]:
    """Mean FPPA and pelvic drop per side over time, oldest first: two queries in all.

    Keys: ``fppa_left``, ``fppa_right``, ``drop_left``, ``drop_right``. ``signed_only``
    leaves drafts out (the client's own page).
    """
    series = {"fppa_left": [], "fppa_right": [], "drop_left": [], "drop_right": []}
    order = ["assessment__assessed_on", "assessment__created_at", "side"]
    scope = Q(assessment__client=client)
    if signed_only:
        scope &= Q(assessment__status=Assessment.Status.SIGNED)
    knees = (
        KneeValgusTest.objects.filter(scope, fppa_mean_deg__isnull=False)
        .order_by(*order)
        .values_list("side", "fppa_mean_deg", "assessment__assessed_on", "assessment_id")
    )
    for side, value, day, assessment_id in knees:
        series[f"fppa_{side}"].append(SeriesPoint(day, value, assessment_id))
    hips = (
        HipDropTest.objects.filter(scope, pelvic_drop_deg__isnull=False)
        .order_by(*order)
        .values_list("side", "pelvic_drop_deg", "assessment__assessed_on", "assessment_id")
    )
    for side, value, day, assessment_id in hips:
        series[f"drop_{side}"].append(SeriesPoint(day, value, assessment_id))
    return series


def client_change_events(client_id: int) -> list[QuerySet]:
    """The change events of the client's assessments, their tests, photos and amendments.

    Found through the assessment events, so a deleted assessment's rows still count.
    """
    assessment_ids = AssessmentEvent.objects.filter(client_id=client_id).values("pgh_obj_id")
    return [
        AssessmentEvent.objects.filter(client_id=client_id),
        *(
            model.objects.filter(assessment_id__in=assessment_ids)
            for model in (
                HipDropTestEvent,
                KneeValgusTestEvent,
                PhotoEvent,
                ClipEvent,
                AmendmentEvent,
            )
        ),
    ]
