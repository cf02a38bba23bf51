import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from physio.models import SignInLink

REQUEST = reverse("sign-in-link")


def _without_tokens(html: str) -> str:
    return re.sub(r'csrftoken": "[^"]+"', "", html)


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Post a request for a link, then run what it left for after commit (the mail task)."""

    def post(http, email):
        with django_capture_on_commit_callbacks(execute=True):
            return http.post(REQUEST, {"email": email})

    return post


def _path_from_mail() -> str:
    return re.search(r"https?://[^/\s]+(/sign-in/link/\S+/)", mail.outbox[-1].body).group(1)


def test_a_client_gets_a_link_that_signs_them_in_once(ask, client, client1):
    response = ask(client, "CLIENT1@example.test")
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [client1.user.email]
    assert "15 minutes" in mail.outbox[0].body
    path = _path_from_mail()

    # Opening the link (as mail scanners do) does not spend it.
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert client1.user.email in confirm.content.decode()
    assert client.get(reverse("physio:portal-home")).status_code == 302

    signed_in = client.post(path, follow=True)
    assert signed_in.redirect_chain[-1][0] == reverse("physio:portal-home")
    assert "Hello, Cora" in signed_in.content.decode()

    client.logout()
    again = client.post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_the_answer_does_not_reveal_unknown_emails(ask, client, client1, clinician_a):
    known = ask(client, client1.user.email).content.decode()
    mail.outbox.clear()
    unknown = ask(client, "nobody@example.test").content.decode()
    clinician = ask(client, clinician_a.user.email).content.decode()
    assert not mail.outbox
    assert _without_tokens(known.replace(client1.user.email, "X")) == _without_tokens(
        unknown.replace("nobody@example.test", "X")
    )
    assert "Check your email" in clinician


def test_an_expired_link_says_so(ask, client, client1):
    ask(client, client1.user.email)
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(_path_from_mail())
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert client.get(reverse("physio:portal-home")).status_code == 302


def test_links_expire_after_fifteen_minutes(ask, client, client1):
    ask(client, client1.user.email)
    link = SignInLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(minutes=15)


def test_an_unknown_token_gets_404(db, client):
    assert client.get(reverse("sign-in-link-use", args=["nope"])).status_code == 404


def test_an_archived_client_gets_no_link(ask, client, client1):
    client1.archived = True
    client1.save()
    ask(client, client1.user.email)
    assert not mail.outbox


def test_asking_is_rate_limited(ask, client, client1):
    for _ in range(5):
        ask(client, client1.user.email)
    assert len(mail.outbox) == 3


def test_a_bad_email_shows_an_error_next_to_the_field(ask, db, client):
    response = ask(client, "not-an-email")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="not-an-email"' in response.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_offers_a_link(client):
    assert reverse("sign-in-link") in client.get(reverse("login")).content.decode()
