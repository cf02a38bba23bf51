"""Scoped reads for the practice core.

Every query that takes an id from a request starts from a queryset narrowed to
the signed-in user. Strangers get 404, never a hint that the record exists.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from physio.models import Client, ClientEvent, Clinician, Invitation, InvitationEvent, User


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
