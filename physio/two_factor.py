"""Who must pass a second factor, and the gate that holds a session until they have.

Every sign-in (password, admin, one-time link, invitation) goes through
``django.contrib.auth.login``, whose ``user_logged_in`` signal decides here what the
new session still owes:

- "verify": the user has a confirmed device (authenticator app or recovery codes),
  so a code is needed, whatever their role and however they signed in;
- "enrol": a clinician of a clinic that requires two-factor sign-in, with no device
  yet, must set one up first;
- nothing: signed in (clients without a device are never asked).

The owed step lives in the session, so the gate costs no query on ordinary pages.
While a step is owed, ``TwoFactorMiddleware`` lets the session reach only that step's
page and sign-out; every other URL redirects there (the pending state is not signed in
for any clinician, client or staff page). The Django admin also needs a verified
session from staff when ``ADMIN_REQUIRES_TWO_FACTOR`` is on.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from physio.access import clinician_for

SESSION_KEY = "physio_two_factor"
VERIFY = "verify"
ENROL = "enrol"

# The one page each owed step may reach (besides signing out).
STEP_PAGES = {VERIFY: "two-factor-verify", ENROL: "physio:two-factor"}
ALWAYS_OPEN = {"logout"}


def clinic_requires_two_factor(user) -> bool:
    clinician = clinician_for(user)
    return clinician is not None and clinician.clinic.require_two_factor


def step_owed_at_sign_in(user) -> str | None:
    """What a fresh session of ``user`` must do before it counts as signed in."""
    if user_has_device(user, confirmed=True):
        return VERIFY
    if clinic_requires_two_factor(user):
        return ENROL
    return None


def step_owed(request: HttpRequest) -> str | None:
    return request.session.get(SESSION_KEY)


def step_done(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


@receiver(user_logged_in, dispatch_uid="physio.two_factor.on_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    # A new sign-in proves the password (or link) again; the second factor too.
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    owed = step_owed_at_sign_in(user)
    if owed:
        request.session[SESSION_KEY] = owed
    else:
        step_done(request)


def _admin_step(request: HttpRequest) -> str | None:
    """The step staff owe before the Django admin when it requires two-factor sign-in."""
    user = request.user
    if not (settings.ADMIN_REQUIRES_TWO_FACTOR and user.is_staff) or user.is_verified():
        return None
    return VERIFY if user_has_device(user, confirmed=True) else ENROL


def step_url(step: str, next_url: str) -> str:
    return f"{reverse(STEP_PAGES[step])}?{urlencode({'next': next_url})}"


class TwoFactorMiddleware:
    """Sends a session that owes a step to that step's page, from any other URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        step = step_owed(request)
        if step is None and match.namespace == "admin":
            step = _admin_step(request)
        if step is None or match.view_name in ALWAYS_OPEN or match.view_name == STEP_PAGES[step]:
            return None
        url = step_url(step, request.get_full_path())
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
