"""Failed password sign-ins are throttled per account and per address (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from tests.factories import UserFactory

LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")


def _cool_off_words() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return f"Try again in {minutes} minutes."


def _fail(client, email, address, url=LOGIN):
    return client.post(url, {"username": email, "password": "wrong-guess"}, REMOTE_ADDR=address)


def _sign_in(client, email, password, address, url=LOGIN):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_too_many_failures_from_any_address(
    client, clinician_a, password
):
    # Each failure from its own address, and in varying case: they all count for the account.
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _fail(client, "A@Clinic1.test" if n % 2 else "a@clinic1.test", f"10.0.0.{n}")
        assert response.status_code == 200
        assert "email and password do not match" in response.content.decode()
    response = _fail(client, "a@clinic1.test", "10.0.1.1")
    assert response.status_code == 429

    # Even the right password, from a new address, is refused until the cool-off ends.
    response = _sign_in(client, "a@clinic1.test", password, "10.0.2.2")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed sign-ins. " + _cool_off_words() in body
    assert "email and password do not match" not in body
    assert "bootstrap.min.css" in body  # our styled sign-in page, not a bare 403 text
    assert 'value="a@clinic1.test"' in body  # what was typed is kept
    assert client.get(reverse("physio:dashboard")).status_code == 302  # not signed in


def test_an_address_is_locked_after_too_many_failures_for_any_account(
    client, clinician_a, password
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, f"guess{n}@clinic1.test", "10.9.9.9")
    response = _sign_in(client, "a@clinic1.test", password, "10.9.9.9")
    assert response.status_code == 429
    assert _cool_off_words() in response.content.decode()

    # The account itself is not locked: from another address it signs in.
    response = _sign_in(client, "a@clinic1.test", password, "10.8.8.8")
    assert response.status_code == 302
    assert client.get(reverse("physio:dashboard")).status_code == 200


def test_signing_in_works_again_after_the_cool_off(client, clinician_a, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "a@clinic1.test", f"10.0.0.{n}")
    assert _sign_in(client, "a@clinic1.test", password, "10.0.0.1").status_code == 429
    # The cool-off passes: every recorded failure is now that much older.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)
    response = _sign_in(client, "a@clinic1.test", password, "10.0.0.1")
    assert response.status_code == 302
    assert client.get(reverse("physio:dashboard")).status_code == 200


def test_failures_are_kept_in_the_database_every_host_reads(client, clinician_a):
    _fail(client, "A@clinic1.TEST", "10.1.2.3")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "a@clinic1.test",
        "10.1.2.3",
        1,
    )
    assert "wrong-guess" not in attempt.post_data  # the password tried is never kept


@pytest.mark.django_db
def test_the_admin_sign_in_is_throttled_with_the_same_message(client, password):
    UserFactory(email="curator@physio.test", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "curator@physio.test", f"10.0.3.{n}", url=ADMIN_LOGIN)
    response = _sign_in(client, "curator@physio.test", password, "10.0.4.4", url=ADMIN_LOGIN)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed sign-ins. " + _cool_off_words() in body
    assert 'class="errornote"' in body  # the admin's own sign-in page shows it
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_admin_and_sign_in_page_failures_count_together(client, password):
    UserFactory(email="curator@physio.test", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        url = ADMIN_LOGIN if n % 2 else LOGIN
        _fail(client, "curator@physio.test", f"10.0.5.{n}", url=url)
    response = _sign_in(client, "curator@physio.test", password, "10.0.6.6")
    assert response.status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_counted(client, clinician_a, password, settings):
    settings.BEHIND_PROXY = True
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"guess{n}@x.test", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        )
    # Another visitor behind the same proxy is not locked out by that address.
    response = client.post(
        LOGIN,
        {"username": "a@clinic1.test", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
