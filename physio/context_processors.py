from functools import partial

from django.conf import settings

from physio.selectors import clinician_for, portal_client_for


def roles(request):
    """Who is signed in, for the navigation: clinician, portal client or curator.

    Each is a callable the template calls on first use, so a page that never asks
    (an htmx partial) queries nothing, and a clinician's page never looks up a portal
    client (base.html asks for ``current_client`` only when there is no clinician).
    Both selectors cache their answer on the user.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_clinician": partial(clinician_for, user),
        "current_client": partial(portal_client_for, user),
    }


def fragment_cache(request):
    """The lifetime every ``{% cache %}`` tag is given (the tag has no "use the
    cache's default": without a number it would keep the fragment forever)."""
    return {"fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS}
