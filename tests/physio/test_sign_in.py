import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from physio.demo import CURATORS_GROUP
from tests.factories import UserFactory

LOGIN = reverse("login")


def _sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, follow=True)


def test_a_clinician_lands_on_the_clinician_home(client, clinician_a, password):
    response = _sign_in(client, "A@Clinic1.test", password)
    assert response.redirect_chain[-1][0] == reverse("physio:dashboard")
    assert "Hello, Ann" in response.content.decode()


def test_a_client_lands_on_the_portal(client, client1, password):
    response = _sign_in(client, client1.user.email, password)
    assert response.redirect_chain[-1][0] == reverse("physio:portal-home")
    assert "Hello, Cora" in response.content.decode()


def test_a_curator_lands_in_the_admin(db, client, password):
    curator = UserFactory(email="cur@physio.test", is_staff=True)
    curator.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    response = _sign_in(client, "cur@physio.test", password)
    assert response.redirect_chain[-1][0] == reverse("admin:index")


def test_a_wrong_password_is_refused_and_keeps_the_email(client, clinician_a):
    response = _sign_in(client, "a@clinic1.test", "nope")
    assert response.status_code == 200
    body = response.content.decode()
    assert "email and password do not match" in body
    assert 'value="a@clinic1.test"' in body


def test_sign_out_needs_post(client, clinician_a, password):
    _sign_in(client, "a@clinic1.test", password)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("physio:dashboard")).status_code == 302


@pytest.mark.django_db
def test_the_sign_in_page_is_styled(client):
    body = client.get(LOGIN).content.decode()
    assert "bootstrap.min.css" in body
    assert "Forgotten your password?" in body


def test_password_reset_sends_a_working_link(
    client, clinician_a, django_capture_on_commit_callbacks
):
    # The mail goes out from a task enqueued when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "a@clinic1.test"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "glute-med-strong", "new_password2": "glute-med-strong"},
        follow=True,
    )
    assert "Password saved" in done.content.decode()
    clinician_a.user.refresh_from_db()
    assert clinician_a.user.check_password("glute-med-strong")


@pytest.mark.django_db
def test_password_reset_does_not_reveal_unknown_emails(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@x.test"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert not mail.outbox
