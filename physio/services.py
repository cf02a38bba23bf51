"""Writes of the practice core that touch several rows or send mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from physio.models import Client, Clinician, Invitation


def client_create(*, created_by: Clinician, **fields) -> Client:
    """A new client in the creating clinician's clinic (lead clinician defaults to them)."""
    if fields.get("lead_clinician") is None:
        fields["lead_clinician"] = created_by
    return Client.objects.create(clinic=created_by.clinic, **fields)


def client_set_archived(*, client: Client, archived: bool) -> Client:
    client.archived = archived
    client.save(update_fields=["archived", "updated_at"])
    return client


@transaction.atomic
def invitation_send(*, client: Client, sent_by: Clinician, base_url: str) -> Invitation:
    """Email the client a single-use link to set a password.

    Earlier links that were not used stop working, so only the newest is live.
    Raises ValidationError when the client has no email or already has an account.
    """
    if not client.email:
        raise ValidationError("Add the client's email address before inviting them.", "no_email")
    if client.user_id:
        raise ValidationError("This client already has a portal account.", "has_account")
    now = timezone.now()
    client.invitations.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        client=client,
        email=client.email,
        token_hash=token_hash,
        created_by=sent_by,
        created_at=now,
        expires_at=Invitation.default_expiry(),
    )
    link = base_url.rstrip("/") + reverse("invitation-accept", args=[token])
    context = {
        "client": client,
        "clinic": client.clinic,
        "clinician": sent_by,
        "link": link,
        "days": settings.INVITATION_DAYS,
    }
    send_mail(
        subject=f"{client.clinic.name} invites you to physio",
        message=render_to_string("physio/email/invitation.txt", context),
        from_email=None,
        recipient_list=[client.email],
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """Use the invitation: create (or reuse) the client's account with ``password``.

    Raises ValidationError when the link is used or expired, or the email already
    belongs to someone else's account.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("client").get(pk=invitation.pk)
    )
    if invitation.is_used:
        raise ValidationError("This invitation has already been used.", "used")
    if invitation.is_expired:
        raise ValidationError("This invitation has expired.", "expired")
    client = invitation.client
    User = get_user_model()
    user = client.user or User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and Client.objects.filter(user=user).exclude(pk=client.pk).exists():
        raise ValidationError("This email address already belongs to another account.", "taken")
    if user is not None and hasattr(user, "clinician"):
        raise ValidationError("This email address already belongs to another account.", "taken")
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=client.full_name
        )
    else:
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user
