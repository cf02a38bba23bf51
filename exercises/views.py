from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from exercises import selectors, services
from exercises.forms import ExerciseForm, LibraryFilterForm, MediaForm
from exercises.models import ExerciseMedia, Status
from physio.access import clinician_can_edit, clinician_for, clinician_required
from physio.uploads import ranged_file_response

MEDIA_PARTS = {"file": "file", "poster": "poster", "thumb": "thumbnail"}


@require_GET
@clinician_required
def library(request: HttpRequest) -> HttpResponse:
    """Search and filter the library; htmx swaps only the results."""
    form = LibraryFilterForm(request.GET)
    query, filters = form.values()
    page = selectors.exercise_search(
        fetched_by=request.user,
        query=query,
        filters=filters,
        number=request.GET.get("page"),
        per_page=settings.EXERCISES_PER_PAGE,
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "q": query,
        "filtering": bool(query or filters),
        "querystring": params.urlencode(),
    }
    template = "exercises/library.html"
    if request.htmx and not request.htmx.boosted:
        template += "#library-results"
    return render(request, template, context)


@require_GET
def exercise_detail(request: HttpRequest, exercise_id: int) -> HttpResponse:
    """An exercise for anyone allowed to see it (clinicians, curators, portal clients)."""
    exercise = selectors.exercise_get(fetched_by=request.user, exercise_id=exercise_id)
    clinician = clinician_for(request.user)
    media = list(exercise.media.all())
    context = {
        "exercise": exercise,
        "main": next((item for item in media if item.is_main), media[0] if media else None),
        "media": media,
        "chain": selectors.exercise_chain(exercise=exercise, fetched_by=request.user),
        "can_edit": bool(
            clinician and clinician.can_edit and exercise.owner_clinic_id == clinician.clinic_id
        ),
    }
    return render(request, "exercises/exercise_detail.html", context)


def _own_exercise(request, exercise_id: int):
    return selectors.exercise_get_editable(fetched_by=request.clinician, exercise_id=exercise_id)


def _linkable(request):
    return selectors.exercises_visible_to(request.user)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def exercise_create(request: HttpRequest) -> HttpResponse:
    form = ExerciseForm(request.POST or None, linkable=_linkable(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        exercise = services.exercise_create(created_by=request.clinician, **data)
        messages.success(request, f"{exercise.name} added to your clinic's library.")
        return redirect("exercises:edit", exercise.pk)
    return render(request, "exercises/exercise_form.html", {"form": form, "exercise": None})


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def exercise_edit(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _own_exercise(request, exercise_id)
    form = ExerciseForm(request.POST or None, instance=exercise, linkable=_linkable(request))
    if request.method == "POST" and form.is_valid():
        services.exercise_update(exercise=exercise, **form.cleaned_data)
        messages.success(request, "Exercise saved.")
        return redirect(exercise)
    context = {
        "form": form,
        "exercise": exercise,
        "media": exercise.media.all(),
        "media_form": MediaForm(),
    }
    return render(request, "exercises/exercise_form.html", context)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def exercise_delete(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = _own_exercise(request, exercise_id)
    context = {"exercise": exercise}
    if request.method == "POST":
        try:
            services.exercise_delete(exercise=exercise)
        except ValidationError as error:
            context["in_use"] = error.messages[0]
        else:
            messages.success(request, f"{exercise.name} deleted.")
            return redirect("exercises:library")
    return render(request, "exercises/exercise_delete.html", context)


@require_POST
@clinician_can_edit
def exercise_unpublish(request: HttpRequest, exercise_id: int) -> HttpResponse:
    """Back to draft: out of the library, kept by the programmes that use it."""
    exercise = _own_exercise(request, exercise_id)
    services.exercises_set_status(
        exercises=selectors.exercises_editable_by(request.clinician).filter(pk=exercise.pk),
        status=Status.DRAFT,
    )
    messages.success(request, f"{exercise.name} unpublished: it is a draft again.")
    return redirect(exercise)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def media_add(request: HttpRequest, exercise_id: int) -> HttpResponse:
    """Add an image, video or link. The progress-bar script posts here with htmx headers."""
    exercise = _own_exercise(request, exercise_id)
    form = MediaForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        form.instance.exercise = exercise
        if form.is_valid():
            services.media_store(media=form.save(commit=False), **form.stored_kwargs())
            messages.success(request, "Media added.")
            target = reverse("exercises:edit", args=[exercise.pk]) + "#media"
            if request.htmx:
                return HttpResponseClientRedirect(target)
            return redirect(target)
    context = {"exercise": exercise, "media_form": form}
    if request.htmx:
        return render(request, "exercises/media_add.html#media-form", context)
    return render(request, "exercises/media_add.html", context)


def _editable_media(request, exercise_id: int, media_id: int) -> ExerciseMedia:
    exercise = _own_exercise(request, exercise_id)
    media = exercise.media.filter(pk=media_id).first()
    if media is None:
        raise Http404("No such media.")
    return media


@require_POST
@clinician_can_edit
def media_delete(request: HttpRequest, exercise_id: int, media_id: int) -> HttpResponse:
    media = _editable_media(request, exercise_id, media_id)
    services.media_delete(media=media)
    messages.success(request, "Media removed.")
    return redirect(reverse("exercises:edit", args=[exercise_id]) + "#media")


@require_POST
@clinician_can_edit
def media_make_main(request: HttpRequest, exercise_id: int, media_id: int) -> HttpResponse:
    media = _editable_media(request, exercise_id, media_id)
    services.media_make_main(media=media)
    messages.success(request, "Main media changed.")
    return redirect(reverse("exercises:edit", args=[exercise_id]) + "#media")


@require_http_methods(["GET", "HEAD"])
def media_file(request: HttpRequest, media_id: int, part: str) -> HttpResponse:
    """Serve a media file after the access check, answering Range requests (206) for seeking."""
    field = MEDIA_PARTS.get(part)
    if field is None:
        raise Http404("No such file.")
    media = selectors.media_get(fetched_by=request.user, media_id=media_id)
    stored = getattr(media, field)
    if not stored:
        raise Http404("No such file.")
    try:
        handle = default_storage.open(stored.name, "rb")
        size = default_storage.size(stored.name)
    except FileNotFoundError:
        raise Http404("File missing.") from None
    content_type = media.content_type if field == "file" and media.content_type else None
    response = ranged_file_response(
        request, handle, size=size, filename=stored.name, content_type=content_type
    )
    # Private to the signed-in user; a file name never changes content, so caching is safe.
    response["Cache-Control"] = "private, max-age=3600"
    return response
