import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from physio.models import Invitation, User
from tests.factories import ClientFactory, InvitationFactory

NEW_PASSWORD = "squat-deep-2026"


@pytest.fixture
def invitee(clinic1, clinician_a):
    return ClientFactory(
        clinic=clinic1,
        lead_clinician=clinician_a,
        first_name="Ivy",
        last_name="Invitee",
        email="ivy@example.test",
    )


def _invite_url(client):
    return reverse("physio:client-invite", args=[client.pk])


def _link_from_mail() -> str:
    return re.search(r"https?://\S+/invite/\S+/", mail.outbox[-1].body).group(0)


def test_a_clinician_sends_an_invitation(as_a, invitee):
    response = as_a.post(_invite_url(invitee))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ivy@example.test"]
    assert "7 days" in message.body
    invitation = Invitation.objects.get(client=invitee)
    assert invitation.state == "valid"
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    # Only a hash is stored: the token in the link is not in the database.
    token = _link_from_mail().rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash != token
    assert Invitation.find(token) == invitation


def test_a_new_invitation_retires_the_old_link(as_a, invitee, client):
    as_a.post(_invite_url(invitee))
    first_link = _link_from_mail()
    as_a.post(_invite_url(invitee))
    response = client.get(first_link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_inviting_without_an_email_says_so(as_a, clinic1):
    no_email = ClientFactory(clinic=clinic1, email="")
    response = as_a.post(_invite_url(no_email), follow=True)
    assert "Add the client&#x27;s email address" in response.content.decode()
    assert not mail.outbox


def test_another_clinic_cannot_invite(as_c, invitee):
    assert as_c.post(_invite_url(invitee)).status_code == 404
    assert not mail.outbox


def test_a_viewer_cannot_invite(as_viewer, invitee):
    assert as_viewer.post(_invite_url(invitee)).status_code == 403


def test_invite_rejects_get(as_a, invitee):
    assert as_a.get(_invite_url(invitee)).status_code == 405


def test_a_valid_link_sets_a_password_and_opens_the_portal(as_a, invitee, client):
    as_a.post(_invite_url(invitee))
    link = _link_from_mail()
    page = client.get(link)
    assert page.status_code == 200
    assert "Welcome, Ivy" in page.content.decode()
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("physio:portal-home")
    invitee.refresh_from_db()
    assert invitee.user.email == "ivy@example.test"
    assert invitee.user.check_password(NEW_PASSWORD)
    portal = client.get(reverse("physio:portal-home"))
    assert "Hello, Ivy" in portal.content.decode()


def test_a_used_link_says_so(invitee, client):
    InvitationFactory(client=invitee, token="used-token", used_at=timezone.now())
    response = client.get(reverse("invitation-accept", args=["used-token"]))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_a_link_cannot_be_used_twice(invitee, client):
    InvitationFactory(client=invitee, token="once")
    url = reverse("invitation-accept", args=["once"])
    client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    second = client.post(url, {"password1": "another-pass-99", "password2": "another-pass-99"})
    assert second.status_code == 410
    user = User.objects.get(email="ivy@example.test")
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_says_so(invitee, client):
    InvitationFactory(
        client=invitee, token="old-token", expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("invitation-accept", args=["old-token"]))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert not User.objects.filter(email="ivy@example.test").exists()


def test_an_unknown_link_gets_404(db, client):
    response = client.get(reverse("invitation-accept", args=["made-up"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_password_errors_show_next_to_the_field(invitee, client):
    InvitationFactory(client=invitee, token="tok")
    url = reverse("invitation-accept", args=["tok"])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "different-99"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]
    weak = client.post(url, {"password1": "123", "password2": "123"})
    assert "password2" in weak.context["form"].errors
    assert Invitation.objects.get(client=invitee).state == "valid"


def test_an_email_of_another_account_is_refused(clinician_b, clinic1, client):
    clash = ClientFactory(clinic=clinic1, email=clinician_b.user.email)
    InvitationFactory(client=clash, token="clash")
    url = reverse("invitation-accept", args=["clash"])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    page = response.content.decode()
    assert "cannot be used" in page
    assert "clinician" not in page
    assert "already belongs" not in page
    assert not clinician_b.user.check_password(NEW_PASSWORD)
