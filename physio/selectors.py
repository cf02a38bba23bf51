"""Scoped reads for the practice core, and the access decorators other apps use.

Every query that takes an id from a request starts from a queryset narrowed to
the signed-in user. Strangers get 404, never a hint that the record exists.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from physio.models import Client, ClientEvent, Clinician, Invitation, InvitationEvent, User


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


def clients_for_clinician(clinician: Clinician) -> QuerySet[Client]:
    """Every client of the clinician's clinic, archived included."""
    return Client.objects.filter(clinic_id=clinician.clinic_id)


def client_list(
    *, fetched_by: Clinician, query: str = "", include_archived: bool = False
) -> QuerySet[Client]:
    """Clients of the clinician's clinic matching ``query`` by name; archived only if asked."""
    qs = clients_for_clinician(fetched_by).select_related("lead_clinician__user")
    if not include_archived:
        qs = qs.active()
    if query:
        qs = qs.search(query)
    return qs


def client_get(*, fetched_by: Clinician, client_id: int) -> Client:
    """One client of the clinician's clinic, or 404."""
    client = (
        clients_for_clinician(fetched_by)
        .select_related("lead_clinician__user", "user")
        .filter(pk=client_id)
        .first()
    )
    if client is None:
        raise Http404("No such client.")
    client.clinic = fetched_by.clinic  # the same row, already loaded with the clinician
    return client


def latest_invitation(client: Client) -> Invitation | None:
    """The last invitation sent to ``client``, or None."""
    return Invitation.objects.filter(client_id=client.pk).order_by("-created_at", "-pk").first()


def client_change_events(client_id: int) -> list[QuerySet]:
    """The change events of the client row and its invitations (the trail)."""
    return [
        ClientEvent.objects.filter(pgh_obj_id=client_id),
        InvitationEvent.objects.filter(client_id=client_id),
    ]


def trail_people(client: Client) -> list[User]:
    """Who may appear in a client's trail: the clinic's clinicians and the client."""
    return list(
        User.objects.filter(
            Q(clinician__clinic_id=client.clinic_id) | Q(pk=client.user_id)
        ).order_by("full_name", "email")
    )


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


def authenticator_for(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None when two-factor sign-in is off."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def clinicians_with_two_factor(clinic) -> QuerySet[Clinician]:
    """The clinic's clinicians, each with ``has_two_factor`` (a confirmed app)."""
    enrolled = TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
    return (
        Clinician.objects.filter(clinic=clinic)
        .select_related("user")
        .annotate(has_two_factor=Exists(enrolled))
    )
