"""Sessions end: after an idle time by role, and everywhere else on request (issue #9, point 9)."""

import time
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from physio.sessions import LAST_REFRESH_KEY
from tests.factories import PASSWORD, UserFactory

ACCOUNT = reverse("account")
SIGN_OUT_OTHERS = reverse("account-sign-out-others")


def _sign_in(user) -> HttpClient:
    """A session of its own for ``user``; its first request gets the role's expiry."""
    http = HttpClient()
    http.force_login(user)
    assert http.get(ACCOUNT).status_code == 200
    return http


def _expires_in(http) -> timedelta:
    row = Session.objects.get(session_key=http.cookies["sessionid"].value)
    return row.expire_date - timezone.now()


def _near(actual: timedelta, expected: timedelta) -> bool:
    return expected - timedelta(minutes=1) < actual <= expected


def test_a_clinicians_session_idles_out_after_eight_hours(clinician_a):
    http = _sign_in(clinician_a.user)
    assert _near(_expires_in(http), timedelta(hours=8))


def test_a_clients_session_lasts_thirty_idle_days(client1):
    http = _sign_in(client1.user)
    assert _near(_expires_in(http), timedelta(days=30))


def test_the_request_that_signs_in_sets_the_expiry(client, client1):
    response = client.post(reverse("login"), {"username": client1.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert _near(_expires_in(client), timedelta(days=30))
    assert response.cookies["sessionid"]["max-age"] == 30 * 86400


def _curator(user):
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get_or_create(name="Curators")[0])


def test_staff_idle_out_like_clinicians_even_with_a_client_record(client1):
    _curator(client1.user)
    http = _sign_in(client1.user)
    assert _near(_expires_in(http), timedelta(hours=8))


def test_the_idle_times_are_settings(settings, clinician_a, client1):
    settings.STAFF_SESSION_IDLE_HOURS = 2
    settings.CLIENT_SESSION_IDLE_DAYS = 3
    assert _near(_expires_in(_sign_in(clinician_a.user)), timedelta(hours=2))
    assert _near(_expires_in(_sign_in(client1.user)), timedelta(days=3))


def test_an_idle_session_ends(settings, clinician_a):
    settings.STAFF_SESSION_IDLE_HOURS = 3 / 3600  # three seconds
    http = _sign_in(clinician_a.user)
    assert http.get(reverse("physio:dashboard")).status_code == 200
    time.sleep(3.5)
    response = http.get(reverse("physio:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_slides_the_expiry_at_most_once_a_minute(as_client1, client1):
    key = as_client1.cookies["sessionid"].value
    first = Session.objects.get(session_key=key).expire_date
    as_client1.get(ACCOUNT)
    assert Session.objects.get(session_key=key).expire_date == first  # no write per request
    # A minute later, the next request moves it on.
    session = as_client1.session
    session[LAST_REFRESH_KEY] -= 61
    session.save()
    as_client1.get(ACCOUNT)
    assert Session.objects.get(session_key=key).expire_date > first


def test_the_account_page_is_linked_from_the_menu(as_a, as_client1):
    for http in (as_a, as_client1):
        assert f'href="{ACCOUNT}"' in http.get(reverse("home"), follow=True).content.decode()


def test_signing_out_of_other_devices_keeps_this_one(client1):
    phone = _sign_in(client1.user)
    laptop = _sign_in(client1.user)
    assert laptop.get(reverse("physio:portal-home")).status_code == 200

    response = phone.post(SIGN_OUT_OTHERS, follow=True)
    assert response.redirect_chain[-1][0] == ACCOUNT
    assert "signed out on every other device" in response.content.decode()
    assert phone.get(reverse("physio:portal-home")).status_code == 200

    gone = laptop.get(reverse("physio:portal-home"))
    assert gone.status_code == 302
    assert gone["Location"].startswith(reverse("login"))
    # Signing in again works as before.
    client1.user.refresh_from_db()
    assert _sign_in(client1.user).get(reverse("physio:portal-home")).status_code == 200


def test_signing_out_of_other_devices_works_for_clinicians(clinician_a):
    desk = _sign_in(clinician_a.user)
    other = _sign_in(clinician_a.user)
    desk.post(SIGN_OUT_OTHERS)
    assert desk.get(reverse("physio:dashboard")).status_code == 200
    assert other.get(reverse("physio:dashboard")).status_code == 302


def test_a_session_from_before_the_timeouts_gets_one_on_its_next_request(as_a):
    session = as_a.session
    del session[LAST_REFRESH_KEY]
    session.set_expiry(None)
    session.save()
    as_a.get(ACCOUNT)
    assert _near(_expires_in(as_a), timedelta(hours=8))


def test_sessions_from_before_the_salt_stay_valid(db):
    """An empty salt gives Django's own hash, so the migration signs nobody out."""
    user = UserFactory()
    assert user.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(user)
    user.rotate_session_salt()
    assert user.get_session_auth_hash() != AbstractBaseUser.get_session_auth_hash(user)


def test_sign_out_others_rejects_get(as_a):
    assert as_a.get(SIGN_OUT_OTHERS).status_code == 405


def test_the_account_page_needs_a_signed_in_user(client, db):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
