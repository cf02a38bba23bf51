"""Who may reach a view: the access decorators every app uses.

Each decorator finds the signed-in user's clinician or client profile and puts it on
the request; anyone else gets 404 (a stranger never learns that a page exists) or,
for a member without the right, 403.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from physio.models import Client, Clinician


def clinician_for(user) -> Clinician | None:
    """The clinician profile of ``user`` (with its clinic), or None. Cached on the user."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_clinician_cache"):
        user._clinician_cache = (
            Clinician.objects.select_related("clinic", "user").filter(user=user).first()
        )
    return user._clinician_cache


def portal_client_for(user) -> Client | None:
    """The client record ``user`` signs in as, or None. Archived clients lose portal access."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_client_cache"):
        user._portal_client_cache = (
            Client.objects.select_related("clinic", "lead_clinician__user")
            .filter(user=user, archived=False)
            .first()
        )
    return user._portal_client_cache


def clinician_required(view):
    """Only clinicians reach the view (``request.clinician`` is set); anyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        clinician = clinician_for(request.user)
        if clinician is None:
            raise Http404("Not a clinician.")
        request.clinician = clinician
        return view(request, *args, **kwargs)

    return wrapper


def clinician_can_edit(view):
    """A clinician who may change records; read-only members get 403."""

    @wraps(view)
    @clinician_required
    def wrapper(request, *args, **kwargs):
        if not request.clinician.can_edit:
            raise PermissionDenied("Read-only members cannot change records.")
        return view(request, *args, **kwargs)

    return wrapper


def clinic_admin_required(view):
    """Only a clinic's administrators reach the view; other clinicians get 403."""

    @wraps(view)
    @clinician_required
    def wrapper(request, *args, **kwargs):
        if not request.clinician.is_admin:
            raise PermissionDenied("Only clinic administrators can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def client_required(view):
    """Only clients with a portal account reach the view (``request.client`` is set)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        client = portal_client_for(request.user)
        if client is None:
            raise Http404("Not a client.")
        request.client = client
        return view(request, *args, **kwargs)

    return wrapper


def clinician_or_staff_required(view):
    """Clinicians and staff reach the view (``request.clinician`` may be None); clients
    and anyone else get 404: two-factor sign-in is for the people who see many records."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        clinician = clinician_for(request.user)
        if clinician is None and not request.user.is_staff:
            raise Http404("Neither a clinician nor staff.")
        request.clinician = clinician
        return view(request, *args, **kwargs)

    return wrapper


def own_clinic_admin_required(view):
    """A clinic admin of the clinic in the URL (``clinic_id``); other clinics get 404,
    the clinic's other members 403."""

    @wraps(view)
    @clinician_required
    def wrapper(request, clinic_id, *args, **kwargs):
        if request.clinician.clinic_id != clinic_id:
            raise Http404("Not your clinic.")
        return clinic_admin_required(view)(request, clinic_id, *args, **kwargs)

    return wrapper
