"""The client's calendar feed: the portal page with its address, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from calendars import selectors, services
from calendars.feed import calendar_bytes
from calendars.forms import TimeZoneForm
from physio.access import client_required


def _webcal(request: HttpRequest, feed) -> str:
    """The address to subscribe with: webcal:// opens the phone's calendar app."""
    url = request.build_absolute_uri(feed.get_absolute_url())
    return "webcal://" + url.split("://", 1)[1]


@require_http_methods(["GET", "POST"])
@client_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """How to put the sessions in the phone's calendar; the feed's time zone."""
    feed = selectors.feed_of(request.client)
    form = TimeZoneForm(request.POST or None, initial={"time_zone": feed and feed.time_zone})
    if request.method == "POST":
        if feed is None:
            raise Http404("No calendar feed yet.")
        if form.is_valid():
            services.calendar_feed_set_time_zone(
                feed=feed, time_zone=form.cleaned_data["time_zone"]
            )
            messages.success(request, "Time zone saved.")
            return redirect("calendars:portal")
    context = {
        "feed": feed,
        "webcal": _webcal(request, feed) if feed else None,
        "https": request.build_absolute_uri(feed.get_absolute_url()) if feed else None,
        "form": form,
    }
    return render(request, "calendars/portal.html", context)


@require_POST
@client_required
def new_link(request: HttpRequest) -> HttpResponse:
    """Make the feed's address, or replace it (the old one stops working)."""
    had_one = selectors.feed_of(request.client) is not None
    services.calendar_feed_new_link(client=request.client)
    if had_one:
        messages.success(request, "New calendar address made: the old one no longer works.")
    return redirect("calendars:portal")


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed. A calendar app cannot sign in: the secret address is the key,
    and an unknown or replaced one is 404."""
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404("No such calendar.")
    body = calendar_bytes(found, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="physio-exercises.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
