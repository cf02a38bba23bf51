"""Assessment pages: create, record each test/side, photos and landmarks, sign, history.

Every view is scoped through assessments/selectors.py (clinic of the signed-in
clinician; strangers get 404). Writes need an editing role (403 for read-only
members). Each test/side section posts on its own; with htmx only that section
is swapped, without it the whole page reloads.
"""

import copy
import os
from dataclasses import dataclass

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
    ClipFrameForm,
    ClipUploadForm,
    HipDropForm,
    KneeValgusForm,
    LandmarkForm,
    PhotoUploadForm,
)
from assessments.models import Assessment, Clip, HipDropTest, KneeValgusTest, Photo
from assessments.reference import thresholds
from physio.access import clinician_can_edit, clinician_required
from physio.access_log import access_record
from physio.models import AccessEvent
from physio.selectors import client_get
from physio.uploads import ranged_file_response

DETAIL = "assessments/assessment_detail.html"
HISTORY_PER_PAGE = 20
FORMS = {HipDropTest: HipDropForm, KneeValgusTest: KneeValgusForm}


# --- the page's view-model: a panel per test and side -------------------------------


@dataclass
class Slot:
    """One photo place of a panel: a trial of the squat, or the stance photo."""

    panel_id: str
    trial: int
    photo: Photo | None
    landmarks: LandmarkForm | None
    upload: PhotoUploadForm
    upload_error: str = ""

    @property
    def dom_id(self) -> str:
        return f"slot-{self.panel_id}-{self.trial}"

    @property
    def upload_form_id(self) -> str:
        return f"upload-{self.panel_id}-{self.trial}"


@dataclass
class TestPanel:
    """What the page shows of one test on one side: the test, its form and photo slots.

    (Not to be confused with the client record's sections, physio/sections.py.)
    """

    test: HipDropTest | KneeValgusTest
    form: HipDropForm | KneeValgusForm | None
    slots: list[Slot]
    editable: bool
    amending: bool
    saved: bool = False
    error: str = ""
    clip_error: str = ""

    @property
    def clips(self) -> list[Clip]:
        """The clips of this test and side, oldest first."""
        return list(
            Clip.objects.filter(
                assessment_id=self.test.assessment_id, test=self.test.kind, side=self.test.side
            )
        )

    @property
    def kind(self) -> str:
        return self.test.kind

    @property
    def slug(self) -> str:
        return self.test.slug

    @property
    def dom_id(self) -> str:
        return self.test.dom_id

    @property
    def key(self) -> str:
        return self.test.section_key

    @property
    def title(self) -> str:
        return self.test.heading

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
    slots = []
    for trial in range(1, test.max_trials + 1):
        photo = photos.get(trial)
        landmarks = None
        if photo and editable:
            landmarks = LandmarkForm(data, photo=photo, auto_id=f"id_{test.dom_id}_%s")
        slots.append(Slot(test.dom_id, trial, photo, landmarks, PhotoUploadForm()))
    return slots


def _panel(request, assessment, test, *, amend=False, data=None) -> TestPanel:
    can_edit = _can_edit(request)
    amending = assessment.is_signed and amend and can_edit
    editable = can_edit and (not assessment.is_signed or amending)
    form = None
    if editable:
        # A copy: a rejected form must not leave its values on the page's own objects.
        form = FORMS[type(test)](
            data,
            instance=copy.copy(test),
            amending=amending,
            auto_id=f"id_{test.section_key.replace(':', '_')}_%s",
        )
    return TestPanel(
        test=test,
        form=form,
        slots=_slots(assessment, test, editable=editable, data=data),
        editable=editable,
        amending=amending,
    )


def _panels(request, assessment, *, amend_key="", bound: TestPanel | None = None):
    return [
        bound
        if bound is not None and bound.key == test.section_key
        else _panel(request, assessment, test, amend=test.section_key == amend_key)
        for test in assessment.side_tests()
    ]


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
        panels=_panels(request, assessment, amend_key=amend_key, bound=bound),
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


def _test_of(assessment: Assessment, slug: str, side: str):
    test = next(
        (test for test in assessment.side_tests() if (test.slug, test.side) == (slug, side)),
        None,
    )
    if test is None:
        raise Http404("No such test.")
    return test


def _panel_response(request, assessment, panel: TestPanel) -> HttpResponse:
    context = _page_context(request, assessment, panel=panel)
    return render(request, DETAIL + "#panel-response", context)


@require_http_methods(["GET", "POST"])
@clinician_required
def section_view(request: HttpRequest, pk: int, kind: str, side: str) -> HttpResponse:
    """One test on one side. GET gives the section (amend mode with ?amend=1); POST saves
    its values and landmarks, as an amendment with a reason once the assessment is signed.
    """
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    key = test.section_key
    if request.method == "GET":
        amend = request.GET.get("amend") == "1"
        if not request.htmx:
            return redirect(
                f"{assessment.get_absolute_url()}{'?amend=' + key if amend else ''}#{test.dom_id}"
            )
        panel = _panel(request, assessment, test, amend=amend)
        return render(request, DETAIL + "#panel", _page_context(request, assessment, panel=panel))

    if not _can_edit(request):
        raise PermissionDenied("Read-only members cannot change records.")
    panel = _panel(request, assessment, test, amend=True, data=request.POST)
    landmark_forms = [slot.landmarks for slot in panel.slots if slot.landmarks is not None]
    # Validate every form (not just up to the first failure) so all errors show at once.
    results = [panel.form.is_valid()] + [form.is_valid() for form in landmark_forms]
    valid = all(results)
    if valid:
        values = {
            name: value for name, value in panel.form.cleaned_data.items() if name != "reason"
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
                reason=panel.form.cleaned_data.get("reason", ""),
            )
        except (ValidationError, DegeneratePointsError) as error:
            panel.error = "; ".join(getattr(error, "messages", [str(error)]))
        else:
            if not request.htmx:
                text = "Amendment recorded." if amendment else "Saved."
                messages.success(request, f"{test.label}: {text}")
                return redirect(f"{assessment.get_absolute_url()}#{panel.dom_id}")
            assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
            test = _test_of(assessment, kind, side)
            panel = _panel(request, assessment, test)
            panel.saved = True
            return _panel_response(request, assessment, panel)
    if not request.htmx:
        return _detail_page(request, assessment, amend_key=key, bound=panel)
    return _panel_response(request, assessment, panel)


@require_POST
@clinician_can_edit
def photo_upload(request: HttpRequest, pk: int, kind: str, side: str, trial: int) -> HttpResponse:
    """Upload the photo of one trial; with htmx only that photo's place is swapped."""
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    if not 1 <= trial <= test.max_trials:
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
    if not request.htmx:
        if error:
            messages.error(request, f"Photo not saved: {error}")
        else:
            messages.success(request, "Photo uploaded: place the points on it, then save.")
        return redirect(test.get_absolute_url())
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    panel = _panel(request, assessment, test)
    slot = panel.slots[trial - 1]
    slot.upload_error = error
    context = _page_context(request, assessment, panel=panel, slot=slot)
    return render(request, DETAIL + "#slot-response", context)


@require_GET
@clinician_required
def photo_file(request: HttpRequest, key) -> HttpResponse:
    """The photo itself, only for the clinic of its client; never kept by shared caches."""
    photo = selectors.photo_get(fetched_by=request.clinician, key=key)
    access_record(
        request=request, client=photo.assessment.client, kind=AccessEvent.Kind.PHOTO, obj=photo
    )
    return photo_response(photo)


def photo_response(photo: Photo) -> HttpResponse:
    """The photo's file, inline and never kept by shared caches (access already checked)."""
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
def clip_upload(request: HttpRequest, pk: int, kind: str, side: str) -> HttpResponse:
    """Film or upload a clip of one test and side. The page's script sends it with a
    progress bar and shows the answer's message next to the field; without the script
    the page comes back with the message in the same place."""
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    form = ClipUploadForm(request.POST, request.FILES)
    error = ""
    if form.is_valid():
        try:
            services.clip_attach(test=test, upload=form.cleaned_data["video"], by=request.clinician)
        except ValidationError as problem:
            error = " ".join(problem.messages)
    else:
        error = " ".join(message for messages_ in form.errors.values() for message in messages_)
    if not error:
        messages.success(request, "Clip uploaded: it plays here once the video is prepared.")
        return redirect(test.get_absolute_url())
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    assessment = selectors.assessment_get(fetched_by=request.clinician, pk=pk)
    test = _test_of(assessment, kind, side)
    panel = _panel(request, assessment, test)
    panel.clip_error = error
    return _detail_page(request, assessment, bound=panel, status=400)


@require_POST
@clinician_can_edit
def clip_frame_use(request: HttpRequest, key) -> HttpResponse:
    """ "Use this frame": the frame at the posted time becomes a trial's photo, which
    then opens in the landmark editor."""
    clip = selectors.clip_get(fetched_by=request.clinician, key=key)
    form = ClipFrameForm(request.POST, max_trials=clip.test_class.max_trials)
    test = clip.test_class.objects.get(assessment_id=clip.assessment_id, side=clip.side)
    if form.is_valid():
        try:
            services.photo_from_clip(
                clip=clip,
                seconds=form.cleaned_data["seconds"],
                trial=form.cleaned_data["trial"],
                by=request.clinician,
            )
        except ValidationError as problem:
            messages.error(request, "Frame not used: " + " ".join(problem.messages))
        else:
            messages.success(request, "Frame taken: place the points on it, then save.")
    else:
        errors = (message for messages_ in form.errors.values() for message in messages_)
        messages.error(request, "Frame not used: " + " ".join(errors))
    return redirect(test.get_absolute_url())


@require_GET
@clinician_required
def clip_file(request: HttpRequest, key, which: str = "playback") -> HttpResponse:
    """A clip's playback file (or its original), only for the clinic of its client,
    with Range requests answered so the clinician can scrub; never in shared caches."""
    clip = selectors.clip_get(fetched_by=request.clinician, key=key)
    field = clip.original if which == "original" else clip.playback
    if not field:
        raise Http404("The video is still being prepared.")
    access_record(
        request=request, client=clip.assessment.client, kind=AccessEvent.Kind.CLIP, obj=clip
    )
    try:
        handle = field.open("rb")
        size = field.size
    except FileNotFoundError:
        raise Http404("The video file is missing.") from None
    response = ranged_file_response(
        request, handle, size=size, filename=os.path.basename(field.name)
    )
    response["Cache-Control"] = "private, no-store"
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


def history_charts(series: dict) -> dict:
    """The FPPA and pelvic-drop charts over time (and the limits their captions quote)
    from ``selectors.history_series``: the clinician's history and the client's page."""
    limits = thresholds()

    def points(key):
        return [(p.assessed_on, p.value) for p in series[key]]

    fppa_chart = charts.line_chart(
        [("left", "Left", points("fppa_left")), ("right", "Right", points("fppa_right"))],
        band=(
            limits.asymptomatic_mean_deg - limits.asymptomatic_sd_deg,
            limits.asymptomatic_mean_deg + limits.asymptomatic_sd_deg,
        ),
    )
    drop_chart = charts.line_chart(
        [
            ("left", "Left stance", points("drop_left")),
            ("right", "Right stance", points("drop_right")),
        ]
    )
    return {"fppa_chart": fppa_chart, "drop_chart": drop_chart, "limits": limits}


@require_GET
@clinician_required
def history(request: HttpRequest, client_id: int) -> HttpResponse:
    """Every assessment of the client in a table, and FPPA and pelvic drop over time."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    page = Paginator(selectors.client_assessments(client=client), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(assessment, selectors.findings_for(assessment)) for assessment in page.object_list]
    context = {
        "client": client,
        "page": page,
        "rows": rows,
        **history_charts(selectors.history_series(client=client)),
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
