"""The clinician's view of a client's logging: flags, adherence and recent sessions.

A section of the client record (``physio.sections``): loaded with htmx as a fragment,
a full page without it. Only clinicians of the client's clinic; anyone else gets 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from physio.access import clinician_can_edit, clinician_required
from physio.selectors import client_get
from programs import activity, flags
from programs import portal_services as services
from programs.selectors import clinic_adherence

TEMPLATE = "programs/portal/activity.html"
ADHERENCE_ON_HOME = 5  # the lowest few below 80% on the clinician's home
ADHERENCE_PER_PAGE = 50


def _render(request: HttpRequest, client) -> HttpResponse:
    context = {"activity": activity.client_activity(client, timezone.localdate())}
    template = TEMPLATE + "#activity" if request.htmx else TEMPLATE
    return render(request, template, context)


@require_GET
@clinician_required
def client_activity(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    return _render(request, client)


@require_POST
@clinician_can_edit
def flag_review(request: HttpRequest, client_id: int, kind: str, flag_id: int) -> HttpResponse:
    """Mark a flag (a pain log or a morning check-in) as reviewed."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    if kind == "log":
        flagged = flags.flagged_log_get(client, flag_id)
    elif kind == "check-in":
        flagged = flags.flagged_check_in_get(client, flag_id)
    else:
        raise Http404("No such flag.")
    services.flag_mark_reviewed(flagged=flagged)
    if request.htmx:
        return _render(request, client)
    messages.success(request, "Flag marked as reviewed.")
    return redirect(client.get_absolute_url() + "#section-activity")


@require_GET
@clinician_required
def open_flags(request: HttpRequest) -> HttpResponse:
    """The clinic's open flags, newest first: a section of the clinician's home page
    (htmx), or a page of its own without htmx."""
    context = {"open": flags.open_flags_for_clinic(request.clinician.clinic_id)}
    template = "programs/open_flags.html" + ("#open-flags" if request.htmx else "")
    return render(request, template, context)


@require_GET
@clinician_required
def adherence_overview(request: HttpRequest) -> HttpResponse:
    """Adherence of each of the clinic's clients over the last four weeks, lowest first:
    on the clinician's home page (htmx) the few lowest below 80% with a link here; as a
    page of its own every client with sessions due, a page at a time."""
    rows = clinic_adherence(clinic_id=request.clinician.clinic_id, today=timezone.localdate())
    below = sum(1 for row in rows if not row.adherence.on_track)
    context = {"total": len(rows), "below": below, "on_track": len(rows) - below}
    if request.htmx:
        context["lowest"] = [row for row in rows[:ADHERENCE_ON_HOME] if not row.adherence.on_track]
        return render(request, "programs/adherence_overview.html#adherence", context)
    context["page"] = Paginator(rows, ADHERENCE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/adherence_overview.html", context)
