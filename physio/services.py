"""Writes of the practice core that touch several rows or send mail."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from physio.models import Client, Clinic, Clinician, Invitation, SignInLink, new_token
from physio.sign_in_throttle import in_words
from physio.tasks import sign_in_link_mail


def client_create(*, created_by: Clinician, **fields) -> Client:
    """A new client in the creating clinician's clinic (lead clinician defaults to them)."""
    if fields.get("lead_clinician") is None:
        fields["lead_clinician"] = created_by
    return Client.objects.create(clinic=created_by.clinic, **fields)


@transaction.atomic
def client_update(*, client: Client) -> Client:
    """Save the client's edited fields; open invitations sent to another address expire,
    and all of them if the client is archived.

    An invitation goes to the address the client had when it was sent: once the
    address changes, that link must not open an account for the new one's owner.
    """
    client.save()
    invitations = client.invitations.all()
    if not client.archived:
        invitations = invitations.exclude(email__iexact=client.email)
    invitations.expire()
    return client


@transaction.atomic
def client_set_archived(*, client: Client, archived: bool) -> Client:
    """Archive or restore the client; archiving expires their open invitations."""
    client.archived = archived
    client.save(update_fields=["archived", "updated_at"])
    if archived:
        client.invitations.expire()
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
    if client.archived:
        raise ValidationError("Restore the client before inviting them.", "archived")
    client.invitations.expire()
    token, token_hash = new_token()
    invitation = Invitation.objects.create(
        client=client,
        email=client.email,
        token_hash=token_hash,
        created_by=sent_by,
        created_at=timezone.now(),
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


# What the person who opened the link reads (the page says it at greater length).
REFUSED_MESSAGE = "This invitation cannot be used to set up your account."


def invitation_accept(*, invitation: Invitation, password: str):
    """Use the invitation: create the client's account with ``password``, or link the one
    free client-only account (``UserQuerySet.client_only``, no other client's) with the
    address and give it that password.

    Raises ValidationError with the code of the link's new state: "used"; "expired",
    also when the client's address is no longer the invitation's or the client was
    archived (the link then expires); "refused" when the client already has an account
    or the address belongs to an account an invitation must not touch (staff, superuser,
    clinician, group member, inactive, another client's). A refused invitation is marked
    so for the clinician; its message to the person says nothing about accounts, and no
    account changes.
    """
    try:
        with transaction.atomic():
            return _invitation_accept(invitation=invitation, password=password)
    except ValidationError as error:
        unused = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True)
        if error.code == "refused":
            unused.update(refused_at=timezone.now())
        elif error.code == "expired":
            unused.expire()
        raise


def _invitation_accept(*, invitation: Invitation, password: str):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    client = Client.objects.select_for_update().get(pk=invitation.client_id)
    state = invitation.state
    if state == "used":
        raise ValidationError("This invitation has already been used.", "used")
    if state == "refused" or client.user_id:
        raise ValidationError(REFUSED_MESSAGE, "refused")
    if state == "expired" or client.archived or client.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation has expired.", "expired")
    User = get_user_model()
    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=client.full_name
        )
    elif (
        Client.objects.filter(user=user).exists()
        or not User.objects.client_only().filter(pk=user.pk).exists()
    ):
        raise ValidationError(REFUSED_MESSAGE, "refused")
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user


SIGN_IN_LINKS_PER_WINDOW = 3


@transaction.atomic
def sign_in_link_send(*, email: str, base_url: str) -> SignInLink | None:
    """Make a one-time sign-in link for the portal client with this address; the task
    ``sign_in_link_mail`` emails it after the transaction commits.

    Says nothing to the caller about whether the address is registered: for an
    unknown address, an archived client's, or any account that is more than a client's
    (staff, clinician, group member: ``UserQuerySet.client_only``) nothing is sent.
    At most three links per account are made within their lifetime, however many
    requests arrive at once: the account's row is locked while they are counted.
    """
    User = get_user_model()
    user = (
        User.objects.client_only()
        .filter(email__iexact=email.strip(), client__archived=False)
        .first()
    )
    if user is None:
        return None
    User.objects.select_for_update().filter(pk=user.pk).get()
    now = timezone.now()
    window_start = now - timedelta(minutes=settings.SIGN_IN_LINK_MINUTES)
    if user.sign_in_links.filter(created_at__gte=window_start).count() >= SIGN_IN_LINKS_PER_WINDOW:
        return None
    # The task gives the link the token it mails; this one is never seen by anyone.
    link = SignInLink.objects.create(
        user=user,
        token_hash=new_token()[1],
        created_at=now,
        expires_at=now + timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
    )
    transaction.on_commit(lambda: sign_in_link_mail.enqueue(link.pk, base_url))
    return link


@transaction.atomic
def sign_in_link_use(*, link: SignInLink):
    """Spend the link and return its user; ValidationError if used or expired, or if the
    account is no longer a client-only one of a client who is not archived (a link never
    signs in staff or clinicians, even one sent before the account changed)."""
    link = SignInLink.objects.select_for_update(of=("self",)).select_related("user").get(pk=link.pk)
    if link.state == "used":
        raise ValidationError("This sign-in link has already been used.", "used")
    still_a_client = (
        get_user_model()
        .objects.client_only()
        .filter(pk=link.user_id, client__archived=False)
        .exists()
    )
    if link.state == "expired" or not still_a_client:
        raise ValidationError("This sign-in link has expired.", "expired")
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link.user


RECOVERY_CODE_COUNT = 10
WRONG_CODE = "That code is not right. Type the 6-digit code your app shows now."
WRONG_RECOVERY_CODE = "That code is not right, or it has been used. Check it and try again."


def _recovery_codes_make(device: StaticDevice) -> list[str]:
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _code_error(device, code: str) -> ValidationError | None:
    """None when ``device`` accepts ``code`` now, else why not.

    A wrong code locks the device for a while (django-otp doubles the wait with each
    failure); the caller must let that write commit, so this returns the error rather
    than raising it inside the caller's transaction.
    """
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = details["locked_until"] - timezone.now()
        return ValidationError(
            f"Too many wrong codes. Try again in {in_words(wait)}.", code="throttled"
        )
    if not device.verify_token(code):
        wrong = WRONG_RECOVERY_CODE if isinstance(device, StaticDevice) else WRONG_CODE
        return ValidationError(wrong, code="wrong")
    return None


def two_factor_enrolment_start(*, user) -> TOTPDevice:
    """The user's authenticator app waiting to be confirmed (made once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def two_factor_enrol(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code from it; return ten new one-time recovery codes.

    Raises ValidationError when the code is wrong or attempts are throttled.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        error = _code_error(device, code)
    if error:
        raise error
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user_id=device.user_id).delete()
        recovery = StaticDevice.objects.create(user_id=device.user_id, name="Recovery codes")
        return _recovery_codes_make(recovery)


def two_factor_verify(*, user, code: str):
    """The device of ``user`` that accepts ``code``: an app code, or a recovery code
    (which is spent). Raises ValidationError when the code is wrong or throttled."""
    code = "".join(code.split()).replace("-", "").lower()
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            wrong = WRONG_CODE if model is TOTPDevice else WRONG_RECOVERY_CODE
            error = ValidationError(wrong, code="wrong")
        else:
            error = _code_error(device, code)
    if error:
        raise error
    return device


def two_factor_turn_off(*, user, code: str) -> None:
    """Remove the user's app and recovery codes, after a current code proves it is them.

    Raises ValidationError when the clinic requires two-factor sign-in, or the code fails.
    """
    clinician = Clinician.objects.select_related("clinic").filter(user=user).first()
    if clinician is not None and clinician.clinic.require_two_factor:
        raise ValidationError(
            f"{clinician.clinic} requires two-factor sign-in, so it stays on.", code="required"
        )
    two_factor_verify(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def recovery_codes_replace(*, user, code: str) -> list[str]:
    """Ten new recovery codes in place of the old ones, after a current code."""
    two_factor_verify(user=user, code=code)
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Recovery codes"}
        )
        device.token_set.all().delete()
        return _recovery_codes_make(device)


def clinic_set_two_factor_required(*, clinic: Clinic, required: bool) -> Clinic:
    clinic.require_two_factor = required
    clinic.save(update_fields=["require_two_factor"])
    return clinic
