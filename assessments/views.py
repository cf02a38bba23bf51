"""Assessment pages: create, record each test/side, photos and landmarks, sign, history.

Every view is scoped through assessments/selectors.py (clinic of the signed-in
clinician; strangers get 404). Writes need an editing role (403 for read-only
members). Each test/side section posts on its own; with htmx only that section
is swapped, without it the whole page reloads.
"""

import copy
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import charts, selectors, services
from assessments.angles import DegeneratePointsError
from assessments.forms import (
    AssessmentForm,
    HipDropForm,
    KneeValgusForm,
    LandmarkForm,
    PhotoUploadForm,
)
from assessments.models import Assessment, Kind, Photo, Side
from assessments.reference import thresholds
from physio.access_log import access_record
from physio.models import AccessEvent
from physio.selectors import client_get, clinician_can_edit, clinician_required

DETAIL = "assessments/assessment_detail.html"
HISTORY_PER_PAGE = 20
KIND_SLUGS = {"hip-drop": Kind.HIP_DROP, "knee-valgus": Kind.KNEE_VALGUS}
FORMS = {Kind.HIP_DROP: HipDropForm, Kind.KNEE_VALGUS: KneeValgusForm}


# --- building the page's sections ----------------------------------------------


@dataclass
class Slot:
    """One photo place of a section: a trial of the squat, or the stance photo."""

    section_id: str
    trial: int
    photo: Photo | None
    landmarks: LandmarkForm | None
    upload: PhotoUploadForm
    upload_error: str = ""

    @property
    def dom_id(self) -> str:
        return f"slot-{self.section_id}-{self.trial}"

    @property
    def upload_form_id(self) -> str:
        return f"upload-{self.section_id}-{self.trial}"


@dataclass
class Section:
    test: object
    form: HipDropForm | KneeValgusForm | None
    slots: list[Slot]
    editable: bool
    amending: bool
    saved: bool = False
    error: str = ""
    slugs: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.test.kind

    @property
    def slug(self) -> str:
        return "hip-drop" if self.kind == Kind.HIP_DROP else "knee-valgus"

    @property
    def dom_id(self) -> str:
        return f"{self.slug}-{self.test.side}"

    @property
    def key(self) -> str:
        return services.section_key(self.test)

    @property
    def title(self) -> str:
        if self.kind == Kind.HIP_DROP:
            return f"Hip drop · standing on the {self.test.side} leg"
        return f"Knee valgus · {self.test.side} leg squat"

    @property
    def url(self) -> str:
        return reverse(
            "assessments:section", args=[self.test.assessment_id, self.slug, self.test.side]
        )


def _can_edit(request) -> bool:
    return request.clinician.can_edit


def _slots(assessment, test, *, editable, data=None) -> list[Slot]:
    photos = {
        photo.trial: photo
        for photo in assessment.photos.all()
        if photo.test == test.kind and photo.side == test.side
    }
    section_id = f"{'hip-drop' if test.kind == Kind.HIP_DROP else 'knee-valgus'}-{test.side}"
    slots = []
    for trial in range(1, Photo.MAX_TRIALS[test.kind] + 1):
        photo = photos.get(trial)
        landmarks = None
        if photo and editable:
            landmarks = LandmarkForm(data, photo=photo, auto_id=f"id_{section_id}_%s")
        slots.append(Slot(section_id, trial, photo, landmarks, PhotoUploadForm()))
    return slots


def _section(request, assessment, test, *, amend=False, data=None) -> Section:
    can_edit = _can_edit(request)
    amending = assessment.is_signed and amend and can_edit
    editable = can_edit and (not assessment.is_signed or amending)
    form = None
    if editable:
        # A copy: a rejected form must not leave its values on the page's own objects.
        form = FORMS[test.kind](
            data,
            instance=copy.copy(test),
            amending=amending,
            auto_id=f"id_{services.section_key(test).replace(':', '_')}_%s",
        )
    return Section(
        test=test,
        form=form,
        slots=_slots(assessment, test, editable=editable, data=data),
        editable=editable,
        amending=amending,
    )


def _sections(request, assessment, *, amend_key="", bound: Section | None = None):
    sections = []
    for test in [*assessment.hip_drop_tests.all(), *assessment.knee_valgus_tests.all()]:
        if bound is not None and bound.key == services.section_key(test):
            sections.append(bound)
        else:
            key = services.section_key(test)
            sections.append(_section(request, assessment, test, amend=key == amend_key))
    return sections


def _details_form(request, assessment, *, amend=False, data=None):
    if not _can_edit(request):
        return None
    if assessment.is_signed and not amend:
        return None
    return AssessmentForm(data, instance=copy.copy(assessment), amending=assessment.is_signed)


def _page_context(request, assessment, **extra) -> dict:
    previous = selectors.previous_assessment(assessment)
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "previous": previous,
        "findings": selectors.findings_for(assessment, previous),
        "limits": thresholds(),
        "can_edit": _can_edit(request),
    }
    context.update(extra)
    return context


def _detail_page(request, assessment, *, amend_key="", bound=None, details_form=None, status=200):
    if details_form is None:
        details_form = _details_form(request, assessment, amend=amend_key == "details")
    context = _page_context(
        request,
        assessment,
        sections=_sections(request, assessment, amend_key=amend_key, bound=bound),
        details_form=details_form,
    )
    return render(request, DETAIL, context, status=status)


# --- pages ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def assessment_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_create(
            client=client,
            clinician=request.clinician,
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, "Assessment started: record each test and side below.")
        return redirect(assessment)
    return render(request, "assessments/assessment_form.html", {"form": form, "client": client})


@require_GET
@clinician_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    access_record(
        request=request, client=assessment.client, kind=AccessEvent.Kind.ASSESSMENT, obj=assessment
    )
    return _detail_page(request, assessment, amend_key=request.GET.get("amend", "")[:40])


@require_http_methods(["GET", "POST"])
@clinician_required
def assessment_details(request: HttpRequest, pk: int) -> HttpResponse:
    """The date and notes: GET gives the region (amend mode with ?amend=1), POST saves."""
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    if request.method == "GET":
        amend = request.GET.get("amend") == "1"
        if not request.htmx:
            return redirect(assessment.get_absolute_url() + ("?amend=details" if amend else ""))
        form = _details_form(request, assessment, amend=amend)
        return render(
            request, DETAIL + "#details", _page_context(request, assessment, details_form=form)
        )
    if not _can_edit(request):
        raise PermissionDenied("Read-only members cannot change records.")
    form = _details_form(request, assessment, amend=True, data=request.POST)
    if form.is_valid():
        services.assessment_details_save(
            assessment=assessment,
            by=request.clinician,
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
            reason=form.cleaned_data.get("reason", ""),
        )
        if not request.htmx:
            messages.success(request, "Date and notes saved.")
            return redirect(assessment.get_absolute_url() + "#details")
        assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
        context = _page_context(
            request,
            assessment,
            details_form=_details_form(request, assessment),
            details_saved=True,
        )
        return render(request, DETAIL + "#details-response", context)
    if not request.htmx:
        return _detail_page(request, assessment, amend_key="details", details_form=form)
    return render(
        request, DETAIL + "#details", _page_context(request, assessment, details_form=form)
    )


def _test_of(assessment: Assessment, kind_slug: str, side: str):
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None or side not in Side.values:
        raise Http404("No such test.")
    tests = (
        assessment.hip_drop_tests.all()
        if kind == Kind.HIP_DROP
        else assessment.knee_valgus_tests.all()
    )
    test = next((test for test in tests if test.side == side), None)
    if test is None:
        raise Http404("No such test.")
    return test


def _section_response(request, assessment, section: Section) -> HttpResponse:
    context = _page_context(request, assessment, section=section)
    return render(request, DETAIL + "#section-response", context)


@require_http_methods(["GET", "POST"])
@clinician_required
def section_view(request: HttpRequest, pk: int, kind: str, side: str) -> HttpResponse:
    """One test on one side. GET gives the section (amend mode with ?amend=1); POST saves
    its values and landmarks, as an amendment with a reason once the assessment is signed.
    """
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    key = services.section_key(test)
    if request.method == "GET":
        amend = request.GET.get("amend") == "1"
        if not request.htmx:
            return redirect(
                f"{assessment.get_absolute_url()}{'?amend=' + key if amend else ''}#{kind}-{side}"
            )
        section = _section(request, assessment, test, amend=amend)
        return render(
            request, DETAIL + "#section", _page_context(request, assessment, section=section)
        )

    if not _can_edit(request):
        raise PermissionDenied("Read-only members cannot change records.")
    section = _section(request, assessment, test, amend=True, data=request.POST)
    landmark_forms = [slot.landmarks for slot in section.slots if slot.landmarks is not None]
    # Validate every form (not just up to the first failure) so all errors show at once.
    results = [section.form.is_valid()] + [form.is_valid() for form in landmark_forms]
    valid = all(results)
    if valid:
        values = {
            name: value for name, value in section.form.cleaned_data.items() if name != "reason"
        }
        landmarks = {
            form.photo.trial: services.Landmarks(
                view=form.cleaned_data["view"], points=form.cleaned_data["points"]
            )
            for form in landmark_forms
        }
        try:
            amendment = services.section_save(
                test=test,
                by=request.clinician,
                values=values,
                landmarks=landmarks,
                reason=section.form.cleaned_data.get("reason", ""),
            )
        except (ValidationError, DegeneratePointsError) as error:
            section.error = "; ".join(getattr(error, "messages", [str(error)]))
        else:
            if not request.htmx:
                text = "Amendment recorded." if amendment else "Saved."
                messages.success(request, f"{services.section_label(test)}: {text}")
                return redirect(f"{assessment.get_absolute_url()}#{section.dom_id}")
            assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
            test = _test_of(assessment, kind, side)
            section = _section(request, assessment, test)
            section.saved = True
            return _section_response(request, assessment, section)
    if not request.htmx:
        return _detail_page(request, assessment, amend_key=key, bound=section)
    return _section_response(request, assessment, section)


@require_POST
@clinician_can_edit
def photo_upload(request: HttpRequest, pk: int, kind: str, side: str, trial: int) -> HttpResponse:
    """Upload the photo of one trial; with htmx only that photo's place is swapped."""
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    if not 1 <= trial <= Photo.MAX_TRIALS[test.kind]:
        raise Http404("No such trial.")
    form = PhotoUploadForm(request.POST, request.FILES)
    error = ""
    if form.is_valid():
        try:
            services.photo_attach(
                test=test,
                trial=trial,
                upload=form.cleaned_data["image"],
                by=request.clinician,
                view=form.cleaned_data["view"],
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
    else:
        error = " ".join(message for messages_ in form.errors.values() for message in messages_)
    anchor = f"#{kind}-{side}"
    if not request.htmx:
        if error:
            messages.error(request, f"Photo not saved: {error}")
        else:
            messages.success(request, "Photo uploaded: place the points on it, then save.")
        return redirect(assessment.get_absolute_url() + anchor)
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    section = _section(request, assessment, test)
    slot = section.slots[trial - 1]
    slot.upload_error = error
    context = _page_context(request, assessment, section=section, slot=slot)
    return render(request, DETAIL + "#slot-response", context)


@require_GET
@clinician_required
def photo_file(request: HttpRequest, key) -> HttpResponse:
    """The photo itself, only for the clinic of its client; never kept by shared caches."""
    photo = selectors.photo_get(fetched_by=request.clinician, key=key)
    access_record(
        request=request, client=photo.assessment.client, kind=AccessEvent.Kind.PHOTO, obj=photo
    )
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404("The photo file is missing.") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_POST
@clinician_can_edit
def assessment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    try:
        services.assessment_sign(assessment=assessment, by=request.clinician)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Assessment signed. Later changes are recorded as amendments.")
    return redirect(assessment)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def assessment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft: GET asks to confirm (a plain page, no JavaScript needed)."""
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    if assessment.is_signed:
        messages.error(request, "A signed assessment cannot be deleted. Amend it instead.")
        return redirect(assessment)
    if request.method == "POST":
        try:
            services.assessment_delete_draft(assessment=assessment)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(assessment)
        messages.success(request, "Draft assessment deleted.")
        return redirect(assessment.client)
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "photo_count": assessment.photos.count(),
    }
    return render(request, "assessments/assessment_delete.html", context)


@require_GET
@clinician_required
def history(request: HttpRequest, client_id: int) -> HttpResponse:
    """Every assessment of the client in a table, and FPPA and pelvic drop over time."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    page = Paginator(selectors.client_assessments(client=client), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(assessment, selectors.findings_for(assessment)) for assessment in page.object_list]
    series = selectors.history_series(client=client)
    limits = thresholds()
    fppa_chart = charts.line_chart(
        [
            ("left", "Left", [(p.assessed_on, p.value) for p in series["fppa_left"]]),
            ("right", "Right", [(p.assessed_on, p.value) for p in series["fppa_right"]]),
        ],
        band=(
            limits.asymptomatic_mean_deg - limits.asymptomatic_sd_deg,
            limits.asymptomatic_mean_deg + limits.asymptomatic_sd_deg,
        ),
    )
    drop_chart = charts.line_chart(
        [
            ("left", "Left stance", [(p.assessed_on, p.value) for p in series["drop_left"]]),
            ("right", "Right stance", [(p.assessed_on, p.value) for p in series["drop_right"]]),
        ]
    )
    context = {
        "client": client,
        "page": page,
        "rows": rows,
        "fppa_chart": fppa_chart,
        "drop_chart": drop_chart,
        "limits": limits,
    }
    template = "assessments/history.html"
    if request.htmx and not request.htmx.boosted:
        template += "#history-table"
    return render(request, template, context)


@require_GET
@clinician_required
def client_section(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client record's Assessments section: the latest findings and the way in."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    context = {
        "client": client,
        "findings": selectors.latest_findings(client=client),
        "count": client.assessments.count(),
        "can_edit": _can_edit(request),
    }
    template = "assessments/client_section.html"
    if request.htmx:
        template += "#findings"
    return render(request, template, context)
