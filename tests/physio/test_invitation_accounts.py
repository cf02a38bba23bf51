"""An invitation never takes over an account: it opens a new one or links a free client-only one.

Issue #9, point 1. A refused acceptance tells the person nothing about accounts, changes
no account, and shows on the client's record for the clinician.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from physio.models import Client, Invitation, User
from tests.factories import (
    PASSWORD,
    ClientFactory,
    ClinicianFactory,
    InvitationFactory,
    UserFactory,
)

NEW_PASSWORD = "squat-deep-2026"
EMAIL = "someone@example.test"


@pytest.fixture
def invitee(clinic1, clinician_a):
    return ClientFactory(
        clinic=clinic1,
        lead_clinician=clinician_a,
        first_name="Ivy",
        last_name="Invitee",
        email=EMAIL,
    )


def _accept(http, token="tok"):
    url = reverse("invitation-accept", args=[token])
    return http.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def _staff(user):
    user.is_staff = True


def _superuser(user):
    user.is_staff = user.is_superuser = True


def _clinician(user):
    ClinicianFactory(user=user)


def _group_member(user):
    user.save()
    user.groups.add(Group.objects.get_or_create(name="Curators")[0])


def _with_permission(user):
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="change_exercise"))


def _inactive(user):
    user.is_active = False


def _another_clients(user):
    user.save()
    ClientFactory(user=user, email=user.email)


@pytest.mark.parametrize(
    "make_it",
    [_staff, _superuser, _clinician, _group_member, _with_permission, _inactive, _another_clients],
    ids=["staff", "superuser", "clinician", "group-member", "own-permission", "inactive", "client"],
)
def test_an_invitation_never_takes_over_an_existing_account(make_it, invitee, client, as_a):
    account = UserFactory(email=EMAIL.upper())
    make_it(account)
    account.save()
    before = User.objects.values("password", "is_active", "is_staff", "is_superuser").get(
        pk=account.pk
    )
    InvitationFactory(client=invitee, token="tok")

    response = _accept(client)

    assert response.status_code == 410
    page = response.content.decode()
    assert "This invitation cannot be used" in page
    assert "contact your clinic" in page
    for revealing in ("staff", "clinician", "already belongs", "account exists"):
        assert revealing not in page
    after = User.objects.values("password", "is_active", "is_staff", "is_superuser").get(
        pk=account.pk
    )
    assert after == before
    account.refresh_from_db()
    assert account.check_password(PASSWORD)
    assert Client.objects.get(pk=invitee.pk).user_id is None
    assert "_auth_user_id" not in client.session
    invitation = Invitation.objects.get(client=invitee)
    assert invitation.state == "refused"
    assert invitation.used_at is None
    # The link stays refused; the clinician sees why on the record.
    assert (
        "cannot be used" in client.get(reverse("invitation-accept", args=["tok"])).content.decode()
    )
    record = as_a.get(invitee.get_absolute_url()).content.decode()
    assert "could not be used" in record
    assert 'id="invitation-refused"' in record


def test_a_free_client_only_account_with_the_address_is_linked(invitee, client):
    """A client account left without a client (its record deleted) may be invited again."""
    account = UserFactory(email=EMAIL)
    InvitationFactory(client=invitee, token="tok")
    response = _accept(client)
    assert response.status_code == 302
    invitee.refresh_from_db()
    assert invitee.user_id == account.pk
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


def test_a_client_already_linked_to_an_account_is_refused(invitee, client):
    invitee.user = UserFactory(email="other@example.test")
    invitee.save()
    InvitationFactory(client=invitee, token="tok")
    response = _accept(client)
    assert response.status_code == 410
    assert invitee.user.check_password(PASSWORD)
    assert not User.objects.filter(email=EMAIL).exists()


def test_changing_the_clients_email_expires_open_invitations(as_a, invitee, client):
    InvitationFactory(client=invitee, token="tok")
    response = as_a.post(
        reverse("physio:client-edit", args=[invitee.pk]),
        {"first_name": "Ivy", "last_name": "Invitee", "email": "new@example.test"},
    )
    assert response.status_code == 302
    assert Invitation.objects.get(client=invitee).state == "expired"
    page = _accept(client)
    assert page.status_code == 410
    assert "has expired" in page.content.decode()
    assert not User.objects.filter(email__in=[EMAIL, "new@example.test"]).exists()


def test_saving_the_client_unchanged_keeps_the_invitation(as_a, invitee):
    InvitationFactory(client=invitee, token="tok")
    as_a.post(
        reverse("physio:client-edit", args=[invitee.pk]),
        {"first_name": "Ivy", "last_name": "Renamed", "email": EMAIL.upper()},
    )
    assert Invitation.objects.get(client=invitee).state == "valid"


def test_archiving_the_client_expires_open_invitations(as_a, invitee, client):
    InvitationFactory(client=invitee, token="tok")
    as_a.post(reverse("physio:client-archive", args=[invitee.pk]), {"archived": "1"})
    assert Invitation.objects.get(client=invitee).state == "expired"
    assert _accept(client).status_code == 410
    assert not User.objects.filter(email=EMAIL).exists()


def test_acceptance_checks_the_address_is_still_the_clients(invitee, client):
    """Even when the email changes by a path that skips the service (a bulk update)."""
    InvitationFactory(client=invitee, token="tok")
    Client.objects.filter(pk=invitee.pk).update(email="moved@example.test")
    response = _accept(client)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert not User.objects.filter(email__in=[EMAIL, "moved@example.test"]).exists()
    assert Invitation.objects.get(client=invitee).state == "expired"


def test_acceptance_checks_the_client_is_not_archived(invitee, client):
    InvitationFactory(client=invitee, token="tok")
    Client.objects.filter(pk=invitee.pk).update(archived=True)
    assert _accept(client).status_code == 410
    assert not User.objects.filter(email=EMAIL).exists()


def test_an_archived_client_cannot_be_invited(as_a, invitee):
    invitee.archived = True
    invitee.save()
    as_a.post(reverse("physio:client-invite", args=[invitee.pk]))
    assert not Invitation.objects.filter(client=invitee).exists()


def test_a_refused_invitation_can_be_replaced_by_a_new_one(as_a, invitee):
    InvitationFactory(client=invitee, token="tok", refused_at=timezone.now())
    invitee.email = "fresh@example.test"
    invitee.save()
    as_a.post(reverse("physio:client-invite", args=[invitee.pk]))
    assert Invitation.objects.filter(client=invitee).latest("created_at").state == "valid"


def test_changing_the_email_in_the_admin_expires_open_invitations(invitee, admin_client):
    InvitationFactory(client=invitee, token="tok")
    url = reverse("admin:physio_client_change", args=[invitee.pk])
    response = admin_client.post(
        url,
        {
            "clinic": invitee.clinic_id,
            "first_name": "Ivy",
            "last_name": "Invitee",
            "email": "elsewhere@example.test",
            "conditions": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Invitation.objects.get(client=invitee).state == "expired"
