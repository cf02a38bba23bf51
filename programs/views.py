"""Clinician pages of programmes: the builder, the record section, templates, handouts.

Selector → form → service → redirect (plain POST) or partial (htmx). Every view
reaches its programme through ``selectors.program_get`` (the clinician's clinic),
so another clinic's programme is a 404; writes need ``clinician_can_edit`` (403
for read-only members).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from exercises.selectors import exercise_get, exercise_search
from physio.access import clinician_can_edit, clinician_required
from physio.selectors import client_get
from programs import builder_selectors, handout, selectors, services, suggestions
from programs.forms import FromTemplateForm, ProgramForm, ProgramItemForm, TemplateSaveForm
from programs.models import ItemSide, Program

SEARCH_RESULTS = 12
PROGRAMS_PER_PAGE = 10
TEMPLATES_PER_PAGE = 25


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _builder_url(program: Program, anchor: str = "") -> str:
    return reverse("programs:builder", args=[program.pk]) + (f"#{anchor}" if anchor else "")


def _search_context(request: HttpRequest) -> dict:
    """The library search as the library page runs it, its first ``SEARCH_RESULTS`` rows."""
    query = _search_query(request.GET if request.method == "GET" else request.POST)
    if not query:
        return {"q": query, "results": None}
    page = exercise_search(fetched_by=request.user, query=query, per_page=SEARCH_RESULTS)
    return {"q": query, "results": page}


def _search_query(data) -> str:
    return data.get("q", "").strip()[:100]


def _picked_from_stale_results(request: HttpRequest) -> bool:
    """An Add from the builder's search results sends the query its list was found for
    (``results_for``) and, with htmx, the query in the box (``q``): they differ when the
    clinician typed a new search and clicked before its results arrived."""
    if "results_for" not in request.POST or "q" not in request.POST:
        return False
    return _search_query(request.POST) != request.POST["results_for"]


def _builder_context(request: HttpRequest, program: Program, **extra) -> dict:
    findings, suggested = suggestions.suggestions_for(program=program, user=request.user)
    context = {
        "program": program,
        "client": program.client,
        "items": builder_selectors.builder_items(program=program, user=request.user),
        "removed": selectors.removed_items(program=program),
        "findings": findings,
        "suggestions": suggested,
        "can_edit": request.clinician.can_edit,
        "sides": ItemSide,
        **_search_context(request),
    }
    context.update(extra)
    return context


def _items_response(request: HttpRequest, program: Program, **extra) -> HttpResponse:
    context = {
        "program": program,
        "items": builder_selectors.builder_items(program=program, user=request.user),
        "removed": selectors.removed_items(program=program),
        "can_edit": True,
        **extra,
    }
    return render(request, "programs/builder.html#items", context)


# --- the builder ---------------------------------------------------------------


@require_GET
@clinician_required
def builder(request: HttpRequest, program_id: int) -> HttpResponse:
    """The programme's items, with library search and suggestions from the assessment."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    return render(request, "programs/builder.html", _builder_context(request, program))


@require_GET
@clinician_required
def library_search(request: HttpRequest, program_id: int) -> HttpResponse:
    """Library search inside the builder: the results region, or the builder without htmx."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    if request.htmx:
        context = {
            "program": program,
            "can_edit": request.clinician.can_edit,
            **_search_context(request),
        }
        return render(request, "programs/builder.html#search-results", context)
    url = _builder_url(program)
    if request.GET.get("q"):
        url += "?" + request.GET.urlencode()
    return redirect(url + "#library")


@require_POST
@clinician_can_edit
def item_add(request: HttpRequest, program_id: int) -> HttpResponse:
    """Add an exercise the clinician may see, dosed from the programme's goal."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    if _picked_from_stale_results(request):
        # The box already says something else: show its results instead of adding from
        # a list that no longer belongs to it.
        context = {
            "program": program,
            "can_edit": True,
            "stale_pick": True,
            **_search_context(request),
        }
        response = render(request, "programs/builder.html#search-results", context)
        return reswap(retarget(response, "#search-results"), "outerHTML")
    exercise_id = _int(request.POST.get("exercise"))
    exercise = exercise_get(fetched_by=request.user, exercise_id=exercise_id or 0)
    side = request.POST.get("side", ItemSide.BOTH)
    if side not in ItemSide.values:
        side = ItemSide.BOTH
    item = services.program_item_add(program=program, exercise=exercise, side=side)
    if request.htmx:
        return _items_response(request, program, highlight=item.pk)
    messages.success(request, f"{exercise.name} added.")
    return redirect(_builder_url(program, f"item-{item.pk}"))


@require_GET
@clinician_required
def item_detail(request: HttpRequest, program_id: int, item_id: int) -> HttpResponse:
    """One item's row (htmx: after "Cancel"); without htmx, the builder at that item."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    item = selectors.item_get(program=program, item_id=item_id)
    if not request.htmx:
        return redirect(_builder_url(program, f"item-{item.pk}"))
    (item,) = builder_selectors.builder_items(program=program, user=request.user, only=item.pk)
    context = {"program": program, "item": item, "can_edit": request.clinician.can_edit}
    return render(request, "programs/builder.html#item", context)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def item_edit(request: HttpRequest, program_id: int, item_id: int) -> HttpResponse:
    """Edit an item's dose in place. An invalid dose comes back with what was typed."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    item = selectors.item_get(program=program, item_id=item_id)
    form = ProgramItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_item_update(item=item, changed_by=request.clinician, **form.dose)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if not request.htmx:
                messages.success(request, f"{item.exercise.name}: dose saved.")
                return redirect(_builder_url(program, f"item-{item.pk}"))
            (item,) = builder_selectors.builder_items(
                program=program, user=request.user, only=item.pk
            )
            context = {"program": program, "item": item, "can_edit": True, "highlight": item.pk}
            return render(request, "programs/builder.html#item", context)
    if request.htmx:
        (row,) = builder_selectors.builder_items(program=program, user=request.user, only=item.pk)
        context = {"program": program, "item": row, "form": form, "can_edit": True}
        return render(request, "programs/builder.html#item", context)
    context = _builder_context(request, program, form=form)
    return render(request, "programs/builder.html", context)


@require_POST
@clinician_can_edit
def item_move(request: HttpRequest, program_id: int, item_id: int) -> HttpResponse:
    """Move an item up or down one place (a plain form: works without JavaScript)."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    item = selectors.item_get(program=program, item_id=item_id)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.program_item_move(item=item, direction=direction)
    if request.htmx:
        return _items_response(request, program, highlight=item.pk)
    return redirect(_builder_url(program, f"item-{item.pk}"))


@require_POST
@clinician_can_edit
def items_reorder(request: HttpRequest, program_id: int) -> HttpResponse:
    """Put every item in the posted order (drag and drop sends the whole list)."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    ids = [_int(value) for value in request.POST.getlist("item")]
    error = ""
    try:
        services.program_items_reorder(program=program, item_ids=[i for i in ids if i])
    except ValidationError as problem:
        error = problem.messages[0]
    if request.htmx:
        return _items_response(request, program, reorder_error=error)
    if error:
        messages.error(request, error)
    return redirect(_builder_url(program, "items"))


@require_POST
@clinician_can_edit
def item_remove(request: HttpRequest, program_id: int, item_id: int) -> HttpResponse:
    """Take an item off the plan from today (``services.program_item_remove``). One the
    client has logged asks first; its logs, pain scores and flags stay on the record."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    item = selectors.item_get(program=program, item_id=item_id)
    log_count = item.logs.count()
    if log_count and request.POST.get("confirm") != "1":
        (row,) = builder_selectors.builder_items(program=program, user=request.user, only=item.pk)
        if request.htmx:
            context = {
                "program": program,
                "item": row,
                "can_edit": True,
                "confirm_item": row.pk,
                "log_count": log_count,
            }
            # The Remove button targets the whole list; the question replaces only its card.
            response = render(request, "programs/builder.html#item", context)
            return reswap(retarget(response, f"#item-{row.pk}"), "outerHTML")
        context = _builder_context(request, program, confirm_item=row.pk, log_count=log_count)
        return render(request, "programs/builder.html", context)
    name = item.exercise.name
    services.program_item_remove(item=item)
    if request.htmx:
        return _items_response(request, program)
    kept = f" Its logs ({log_count}) stay on the record." if log_count else ""
    messages.success(request, f"{name} removed from the plan from today.{kept}")
    return redirect(_builder_url(program, "items"))


@require_POST
@clinician_can_edit
def item_swap(request: HttpRequest, program_id: int, item_id: int) -> HttpResponse:
    """Swap an item to a progression or regression of its exercise, keeping the dose."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    item = selectors.item_get(program=program, item_id=item_id)
    exercise = selectors.swap_target_get(
        item=item, exercise_id=_int(request.POST.get("exercise")) or 0, user=request.user
    )
    services.program_item_swap(item=item, exercise=exercise, changed_by=request.clinician)
    if request.htmx:
        (row,) = builder_selectors.builder_items(program=program, user=request.user, only=item.pk)
        context = {"program": program, "item": row, "can_edit": True, "highlight": item.pk}
        return render(request, "programs/builder.html#item", context)
    messages.success(request, f"Swapped to {exercise.name}.")
    return redirect(_builder_url(program, f"item-{item.pk}"))


# --- programmes ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def program_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    initial = {"start_date": timezone.localdate(), "title": "Home programme"}
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        program = services.program_create(
            client=client, created_by=request.clinician, **form.cleaned_data
        )
        messages.success(request, "Programme created: add exercises from the library.")
        return redirect(program)
    context = {"form": form, "client": client, "program": None}
    return render(request, "programs/program_form.html", context)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        services.program_update(program=program, **form.cleaned_data)
        messages.success(request, "Programme details saved.")
        return redirect(program)
    context = {"form": form, "client": program.client, "program": program}
    return render(request, "programs/program_form.html", context)


@require_GET
@clinician_required
def client_section(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client record's Programmes section: each programme with status and adherence."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    # Newest first, a page at a time; one row more than a page says whether older ones
    # exist (no COUNT query: the record page loads this section on every visit).
    number = max(_int(request.GET.get("page")) or 1, 1)
    summaries = selectors.client_program_summaries(
        client=client,
        today=timezone.localdate(),
        offset=(number - 1) * PROGRAMS_PER_PAGE,
        limit=PROGRAMS_PER_PAGE + 1,
    )
    context = {
        "client": client,
        "summaries": summaries[:PROGRAMS_PER_PAGE],
        "page_number": number,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if len(summaries) > PROGRAMS_PER_PAGE else None,
        "can_edit": request.clinician.can_edit,
    }
    template = "programs/client_section.html"
    if request.htmx:
        template += "#programmes"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def program_from_template(request: HttpRequest, client_id: int) -> HttpResponse:
    """Start a programme for the client from one of the clinic's templates."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    templates = selectors.templates_for_clinician(request.clinician)
    initial = {"start_date": timezone.localdate(), "template": _int(request.GET.get("template"))}
    form = FromTemplateForm(request.POST or None, templates=templates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"start_date": data["start_date"], "end_date": data["end_date"]}
        if data["title"]:
            fields["title"] = data["title"]
        template = selectors.template_get(
            fetched_by=request.clinician, template_id=data["template"].pk
        )
        program = services.program_create_from_template(
            template=template, client=client, created_by=request.clinician, **fields
        )
        messages.success(request, f"Programme started from “{template.name}”.")
        return redirect(program)
    context = {"form": form, "client": client, "templates": templates}
    return render(request, "programs/program_from_template.html", context)


# --- templates ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def template_save(request: HttpRequest, program_id: int) -> HttpResponse:
    """Save the programme as a template of the clinician's clinic."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    form = TemplateSaveForm(
        request.POST or None, clinic=request.clinician.clinic, initial={"name": program.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create_from_program(
                program=program, name=form.cleaned_data["name"], created_by=request.clinician
            )
        except ValidationError as error:
            form.add_error("name", error.messages)
        else:
            messages.success(request, f"Saved as the template “{template.name}”.")
            return redirect("programs:template-detail", template.pk)
    context = {"form": form, "program": program, "client": program.client}
    return render(request, "programs/template_save.html", context)


@require_GET
@clinician_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = selectors.templates_for_clinician(request.clinician)
    page = Paginator(templates, TEMPLATES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/template_list.html", {"page": page})


@require_GET
@clinician_required
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    template = selectors.template_get(fetched_by=request.clinician, template_id=template_id)
    context = {"template": template, "can_edit": request.clinician.can_edit}
    return render(request, "programs/template_detail.html", context)


@require_POST
@clinician_can_edit
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    template = selectors.template_get(fetched_by=request.clinician, template_id=template_id)
    services.template_delete(template=template)
    messages.success(request, f"Template “{template.name}” deleted.")
    return redirect("programs:template-list")


# --- handout -------------------------------------------------------------------------


def _portal_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("physio:portal-home"))


@require_GET
@clinician_required
def program_handout(request: HttpRequest, program_id: int) -> HttpResponse:
    """A printable page: each exercise's image, steps and dose in words, and a QR code."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    portal_url = _portal_url(request)
    context = {
        "program": program,
        "client": program.client,
        "items": selectors.handout_items(program=program),
        "portal_url": portal_url,
        "qr_svg": handout.qr_svg(portal_url),
    }
    return render(request, "programs/handout.html", context)


@require_GET
@clinician_required
def program_handout_pdf(request: HttpRequest, program_id: int) -> HttpResponse:
    """The handout as a PDF download."""
    program = selectors.program_get(fetched_by=request.clinician, program_id=program_id)
    items = selectors.handout_items(program=program)
    data = handout.handout_pdf(program=program, items=items, portal_url=_portal_url(request))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handout.pdf_filename(program)}"'
    return response
