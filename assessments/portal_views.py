"""The client's side of assessments: "My assessments", their own signed results only.

Scoped to the signed-in client (``client_required``: anyone else gets 404). Drafts and
the clinician's notes never reach these pages.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import interpretation, selectors
from assessments.models import Assessment, Photo
from assessments.reference import thresholds
from assessments.views import history_charts, photo_response
from physio.access import client_required


@dataclass(frozen=True)
class PortalResult:
    """One signed assessment as the client reads it: sentences and the stills."""

    assessment: Assessment
    sentences: list[str]
    photos: list[Photo]


def _sentences(findings, previous) -> list[str]:
    sdd = thresholds().sdd_deg
    before = {side.side: side for side in previous.sides} if previous else {}
    lines = []
    for side in findings.sides:
        if side.fppa_mean_deg is not None:
            last = before.get(side.side)
            lines.append(
                interpretation.fppa_for_client(
                    side.side,
                    side.fppa_mean_deg,
                    last.fppa_mean_deg if last else None,
                    sdd_deg=sdd,
                )
            )
    for side in findings.sides:
        text = interpretation.hip_drop_for_client(
            side.side, side.hip_drop_result, side.seconds_held
        )
        if text:
            lines.append(text)
    return lines


@require_GET
@client_required
def my_assessments(request: HttpRequest) -> HttpResponse:
    """Each signed assessment in plain words, the charts over time and the stills."""
    assessments = selectors.portal_assessments(client=request.client)
    findings = [selectors.findings_for(assessment) for assessment in assessments]
    results = []
    for index, assessment in enumerate(assessments):
        previous = findings[index + 1] if index + 1 < len(findings) else None
        photos = [photo for photo in assessment.photos.all() if photo.placed]
        results.append(PortalResult(assessment, _sentences(findings[index], previous), photos))
    context = {
        "results": results,
        **history_charts(selectors.history_series(client=request.client, signed_only=True)),
    }
    return render(request, "assessments/portal.html", context)


@require_GET
@client_required
def my_photo(request: HttpRequest, key) -> HttpResponse:
    """A still of the client's own signed assessment; never kept by shared caches."""
    photo = selectors.portal_photo_get(client=request.client, key=key)
    return photo_response(photo)
