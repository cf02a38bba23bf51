"""The failed-password throttle: what django-axes counts, and what a locked-out person sees.

django-axes (settings AXES_*) records each failed password sign-in in the database and
refuses further ones while the account or the address has too many recent failures.
These callables tell it which account and address a request is for, and turn its
refusal into the sign-in page (ours or the admin's) with a plain message.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from physio.forms import SignInForm


def attempted_email(request: HttpRequest, credentials: dict | None) -> str:
    """The account tried, spelled one way, so "A@x.test" and "a@x.test" count together."""
    source = credentials if credentials else request.POST
    return (source.get("username") or "").strip().lower()


def client_address(request: HttpRequest) -> str:
    """The address a sign-in came from; behind our proxy, the one the proxy saw."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw; entries before it are the client's say-so.
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def in_words(duration: timedelta) -> str:
    """A duration as a person says it: "15 minutes", "1 hour", "90 seconds"."""
    seconds = max(1, round(duration.total_seconds()))
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    if seconds > 120:
        minutes = -(-seconds // 60)  # round up: never tell someone to come back too early
        return f"{minutes} minutes"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def lockout_message() -> str:
    return f"Too many failed sign-ins. Try again in {in_words(settings.AXES_COOLOFF_TIME)}."


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page that was asked for (our sign-in or the admin's), saying when to try again.

    A failure during the lockout starts the cool-off again (django-axes' default), so
    at the moment of this answer the wait is always the whole cool-off.
    """
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None:  # a sign-in from elsewhere: show ours, with the email typed
        # Unbound, so that showing it does not try the password (and fail) once more.
        form = SignInForm(request, initial={"username": attempted_email(request, credentials)})
        context = {"form": form}
        template = "registration/login.html"
    else:
        template = original_response.template_name
    # The form said the password was wrong; the truth is that nobody may try now.
    form.errors.clear()
    form.add_error(None, ValidationError(lockout_message(), code="locked_out"))
    # Rendered here: the middleware that asks for this runs after the usual rendering.
    return TemplateResponse(request, template, context, status=429).render()
