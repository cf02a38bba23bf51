from functools import partial

from django.conf import settings

from physio.access import clinician_for, portal_client_for
from physio.two_factor import step_owed


def roles(request):
    """Who is signed in, for the navigation: clinician, portal client or curator.

    Each is a callable the template calls on first use, so a page that never asks
    (an htmx partial) queries nothing, and a clinician's page never looks up a portal
    client (base.html asks for ``current_client`` only when there is no clinician).
    Both selectors cache their answer on the user. A session still owing its second
    factor (or an enrolment) is no one's yet: the navigation shows only sign-out.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if step_owed(request):
        return {"two_factor_pending": True}
    return {
        "current_clinician": partial(clinician_for, user),
        "current_client": partial(portal_client_for, user),
    }


def fragment_cache(request):
    """The lifetime every ``{% cache %}`` tag is given (the tag has no "use the
    cache's default": without a number it would keep the fragment forever)."""
    return {"fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS}
