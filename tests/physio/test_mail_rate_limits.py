"""Password-reset and sign-in-link requests are limited per email and per IP, in a cache
every worker shares, with a message saying when to try again that reveals nothing about
which addresses have accounts (issue #9, point 2)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.urls import reverse

SIGN_IN_LINK = reverse("sign-in-link")
PASSWORD_RESET = reverse("password_reset")


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post a form, then run what the request left for after commit (the mail task)."""

    def send(http, url, email, ip="127.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return http.post(url, {"email": email}, REMOTE_ADDR=ip)

    return send


@pytest.fixture
def two_per_email(settings):
    settings.MAIL_REQUEST_RATE_PER_EMAIL = "2/h"
    settings.MAIL_REQUEST_RATE_PER_IP = "100/h"


def _comparable(html: str, email: str) -> str:
    html = re.sub(r'csrf(token|middlewaretoken)[^>]*?value="[^"]+"', "", html)
    html = re.sub(r'csrftoken": "[^"]+"', "", html)
    # The wait depends on the address (django-ratelimit staggers windows by key), never on
    # whether it has an account.
    html = re.sub(r"again in (\d+ minutes|a minute)", "again in N", html)
    return html.replace(email, "X")


def _waits_minutes(html: str) -> int:
    found = re.search(r"Please try again in (\d+) minutes|Please try again in a minute", html)
    assert found, html
    return int(found.group(1) or 1)


@pytest.mark.parametrize("url", [SIGN_IN_LINK, PASSWORD_RESET], ids=["sign-in-link", "reset"])
def test_an_address_is_limited_with_a_message_saying_when(
    two_per_email, post, client, client1, url
):
    for _ in range(2):
        assert post(client, url, client1.user.email).status_code in (200, 302)
    limited = post(client, url, client1.user.email)
    assert limited.status_code == 429
    page = limited.content.decode()
    assert "Too many requests for a link" in page
    assert 1 <= _waits_minutes(page) <= 60
    assert f'value="{client1.user.email}"' in page  # nothing typed is lost
    assert len(mail.outbox) == 2
    # Another address from the same place still gets through.
    assert post(client, url, "someone-else@example.test").status_code in (200, 302)


@pytest.mark.parametrize("url", [SIGN_IN_LINK, PASSWORD_RESET], ids=["sign-in-link", "reset"])
def test_the_limit_reveals_nothing_about_registration(two_per_email, post, client, client1, url):
    unknown = "nobody@example.test"
    for _ in range(2):
        post(client, url, client1.user.email)
        post(client, url, unknown)
    known_page = post(client, url, client1.user.email)
    unknown_page = post(client, url, unknown)
    assert known_page.status_code == unknown_page.status_code == 429
    assert _comparable(known_page.content.decode(), client1.user.email) == _comparable(
        unknown_page.content.decode(), unknown
    )


@pytest.mark.parametrize("url", [SIGN_IN_LINK, PASSWORD_RESET], ids=["sign-in-link", "reset"])
def test_an_ip_address_is_limited_across_addresses(settings, post, client, db, url):
    settings.MAIL_REQUEST_RATE_PER_IP = "3/h"
    for n in range(3):
        assert post(client, url, f"person{n}@example.test", ip="203.0.113.9").status_code != 429
    limited = post(client, url, "person9@example.test", ip="203.0.113.9")
    assert limited.status_code == 429
    assert "Please try again in" in limited.content.decode()
    # Another IP address is counted on its own.
    assert post(client, url, "person9@example.test", ip="198.51.100.7").status_code != 429


def test_the_counts_live_in_the_shared_cache_not_in_the_process(
    two_per_email, post, client, client1
):
    assert "locmem" not in settings.CACHES[settings.RATELIMIT_USE_CACHE]["BACKEND"].lower()
    for _ in range(2):
        post(client, SIGN_IN_LINK, client1.user.email)
    # Another worker has empty per-process caches; the count is still there.
    caches["default"].clear()
    caches["fragments"].clear()
    assert post(client, SIGN_IN_LINK, client1.user.email).status_code == 429


def test_the_reset_mail_leaves_from_a_task_after_commit(
    client, clinician_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(PASSWORD_RESET, {"email": "A@clinic1.test"})
    assert response.status_code == 302
    assert not mail.outbox  # nothing sent during the request
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [clinician_a.user.email]
    assert "/password-reset/" in mail.outbox[0].body


def test_an_unknown_address_enqueues_no_reset_mail(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(PASSWORD_RESET, {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert callbacks == []
    assert not mail.outbox


def test_behind_a_proxy_the_address_the_proxy_saw_is_counted(settings, client, db):
    settings.BEHIND_PROXY = True
    settings.MAIL_REQUEST_RATE_PER_IP = "1/h"

    def ask(forwarded_for):
        with_header = {"HTTP_X_FORWARDED_FOR": forwarded_for}
        return client.post(SIGN_IN_LINK, {"email": "x@example.test"}, **with_header)

    assert ask("203.0.113.9").status_code == 200
    # A forged first entry does not make a new caller: the proxy's last entry counts.
    assert ask("192.0.2.1, 203.0.113.9").status_code == 429
    assert ask("203.0.113.10").status_code == 200
