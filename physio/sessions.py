"""How long a signed-in session lasts, by role, and signing out of other devices."""

import time

from django.conf import settings
from django.contrib.auth import update_session_auth_hash

from physio.access import clinician_for, portal_client_for

# A session's expiry slides forward at most this often, so an active user costs one
# session write a minute rather than one a request. Sessions end up to this much sooner
# than the idle time after the last request.
REFRESH_SECONDS = 60
LAST_REFRESH_KEY = "_physio_expiry_set_at"


def idle_seconds_for(user) -> int:
    """The idle timeout of ``user``'s sessions: long for client-only accounts, short otherwise.

    Staff, superusers and clinicians get the short one even when they are also a client.
    """
    staff_idle = settings.STAFF_SESSION_IDLE_HOURS * 3600
    if user.is_staff or user.is_superuser or clinician_for(user) is not None:
        return staff_idle
    if portal_client_for(user) is not None:
        return settings.CLIENT_SESSION_IDLE_DAYS * 86400
    return staff_idle


def set_idle_timeout(session, user) -> None:
    """Give ``session`` the idle timeout of ``user``'s role, counted from now."""
    session.set_expiry(idle_seconds_for(user))
    session[LAST_REFRESH_KEY] = int(time.time())


def set_idle_timeout_on_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the session starts with its role's timeout."""
    set_idle_timeout(request.session, user)


class IdleTimeoutMiddleware:
    """Slide each signed-in session's expiry forward by its user's idle timeout.

    It works after the view, once a minute at most per session; the expiry is written
    with the session (any backend: the database row's expire_date, the cookie's max-age).
    Sign-in sets it at once (``set_idle_timeout_on_sign_in``), so a fresh session costs
    no write on its first request; the role comes from the selectors' lookups, which the
    page itself usually made already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            last = request.session.get(LAST_REFRESH_KEY, 0)
            if int(time.time()) - last >= REFRESH_SECONDS:
                set_idle_timeout(request.session, user)
        return response


def sign_out_other_sessions(request) -> None:
    """End every session of the signed-in user except this request's."""
    request.user.rotate_session_salt()
    update_session_auth_hash(request, request.user)
