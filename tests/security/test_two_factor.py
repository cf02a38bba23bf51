"""Two-factor sign-in: enrolment, the code step of signing in, recovery codes, turning it off."""

import base64

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from physio.models import SignInLink, hash_token
from tests.security.two_factor_helpers import a_wrong_code, code_for, enrol

LOGIN = reverse("login")
VERIFY = reverse("two-factor-verify")
ENROL = reverse("physio:two-factor")
DASHBOARD = reverse("physio:dashboard")


def _sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, follow=True)


def _code(client, code, next_url=""):
    return client.post(VERIFY, {"code": code, "next": next_url}, follow=True)


# --- enrolment ------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(as_a, clinician_a):
    page = as_a.get(ENROL)
    assert page.status_code == 200
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=clinician_a.user, confirmed=False)
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "style=" not in svg  # the CSP forbids inline styles
    secret = body.split('id="two-factor-secret">', 1)[1].split("<", 1)[0]
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key

    done = as_a.post(ENROL, {"code": code_for(device)})
    assert done.status_code == 200
    assert done["Cache-Control"].startswith("max-age=0")
    codes = done.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=clinician_a.user).count() == 10
    # Shown once: the page now manages two-factor sign-in and shows no codes.
    later = as_a.get(ENROL).content.decode()
    assert "10 unused recovery codes" in later
    assert codes[0] not in later


def test_a_wrong_code_at_enrolment_is_refused_next_to_the_field(as_a, clinician_a):
    as_a.get(ENROL)
    device = TOTPDevice.objects.get(user=clinician_a.user)
    response = as_a.post(ENROL, {"code": a_wrong_code(device)})
    body = response.content.decode()
    assert 'id="error_1_id_code"' in body
    assert "That code is not right" in body
    device.refresh_from_db()
    assert not device.confirmed
    assert as_a.get(DASHBOARD).status_code == 200  # nothing owed: it was never turned on


def test_enrolment_is_for_clinicians_and_staff_not_clients(as_client1, client1):
    assert as_client1.get(ENROL).status_code == 404
    assert not TOTPDevice.objects.filter(user=client1.user).exists()


# --- signing in with a code -----------------------------------------------------------


def test_signing_in_asks_for_a_code_before_anything_else(client, clinician_a, client1, password):
    device, _ = enrol(clinician_a.user)
    record = reverse("physio:client-detail", args=[client1.pk])
    response = client.post(
        LOGIN, {"username": "a@clinic1.test", "password": password, "next": record}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next={record.replace('/', '%2F')}"
    assert "Enter your code" in response.content.decode()

    # Password alone reaches no page, full or partial, and not the admin either.
    for url in (DASHBOARD, record, reverse("physio:client-list"), ENROL, reverse("home")):
        assert client.get(url)["Location"].startswith(VERIFY), url
    partial = client.get(reverse("physio:client-list"), headers={"HX-Request": "true"})
    assert partial["HX-Redirect"].startswith(VERIFY)
    assert "Clients" not in client.get(VERIFY).content.decode()  # no clinician navigation

    done = _code(client, code_for(device, 1), record)
    assert done.redirect_chain[-1][0] == record
    assert client.get(DASHBOARD).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, clinician_a, password):
    device, _ = enrol(clinician_a.user)
    _sign_in(client, "a@clinic1.test", password)
    response = _code(client, a_wrong_code(device))
    body = response.content.decode()
    assert "That code is not right" in body
    assert 'id="error_1_id_code"' in body
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_a_code_works_once(client, clinician_a, password):
    device, _ = enrol(clinician_a.user)
    code = code_for(device, 1)
    _sign_in(client, "a@clinic1.test", password)
    _code(client, code)
    client.post(reverse("logout"))
    _sign_in(client, "a@clinic1.test", password)
    assert "That code is not right" in _code(client, code).content.decode()


def test_wrong_codes_make_the_next_try_wait(client, clinician_a, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the first failure locks for a minute
    device, _ = enrol(clinician_a.user)
    _sign_in(client, "a@clinic1.test", password)
    _code(client, a_wrong_code(device))
    response = _code(client, code_for(device, 1))  # right, but too soon
    assert "Too many wrong codes. Try again in 1 minute." in response.content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_recovery_code_signs_in_once(client, clinician_a, password, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # no wait after the refusal (tested above)
    _, codes = enrol(clinician_a.user)
    _sign_in(client, "a@clinic1.test", password)
    response = _code(client, codes[0].upper())
    assert response.redirect_chain[-1][0] == DASHBOARD
    assert "Recovery code used: 9 left" in response.content.decode()
    client.post(reverse("logout"))

    _sign_in(client, "a@clinic1.test", password)
    assert "That code is not right" in _code(client, codes[0]).content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    assert _code(client, codes[1]).redirect_chain[-1][0] == DASHBOARD


def test_a_sign_in_link_does_not_skip_the_code(client, client1):
    device, _ = enrol(client1.user)  # a client given a device (in the admin) is asked too
    link = SignInLink.objects.create(
        user=client1.user,
        token_hash=hash_token("tok-2fa"),
        expires_at=SignInLink._meta.get_field("expires_at").to_python("2999-01-01T00:00Z"),
    )
    response = client.post(reverse("sign-in-link-use", args=["tok-2fa"]), follow=True)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert client.get(reverse("physio:portal-home"))["Location"].startswith(VERIFY)
    link.refresh_from_db()
    assert link.is_used
    _code(client, code_for(device, 1))
    assert client.get(reverse("physio:portal-home")).status_code == 200


def test_clients_are_never_asked(client, client1, clinic1, password):
    clinic1.require_two_factor = True
    clinic1.save()
    response = _sign_in(client, client1.user.email, password)
    assert response.redirect_chain[-1][0] == reverse("physio:portal-home")
    assert client.get(reverse("physio:portal-home")).status_code == 200


def test_without_two_factor_signing_in_needs_only_the_password(client, clinician_a, password):
    response = _sign_in(client, "a@clinic1.test", password)
    assert response.redirect_chain[-1][0] == DASHBOARD


# --- managing it ----------------------------------------------------------------------


def _signed_in_with_two_factor(client, clinician, password):
    """Enrolled and signed in with a recovery code, so the app's next code is still unused."""
    device, codes = enrol(clinician.user)
    _sign_in(client, clinician.user.email, password)
    _code(client, codes.pop())
    return device, codes


def test_turning_it_off_needs_a_current_code(client, clinician_a, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the refusal (tested above)
    device, _ = _signed_in_with_two_factor(client, clinician_a, password)
    off = reverse("physio:two-factor-off")
    refused = client.post(off, {"off-code": a_wrong_code(device)})
    assert "That code is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=clinician_a.user).exists()

    done = client.post(off, {"off-code": code_for(device, 1)}, follow=True)
    assert "Two-factor sign-in is off." in done.content.decode()
    assert not TOTPDevice.objects.filter(user=clinician_a.user, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=clinician_a.user).exists()
    client.post(reverse("logout"))
    assert _sign_in(client, "a@clinic1.test", password).redirect_chain[-1][0] == DASHBOARD


def test_new_recovery_codes_replace_the_old_ones(client, clinician_a, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the refusal (tested above)
    device, old = _signed_in_with_two_factor(client, clinician_a, password)
    refused = client.post(reverse("physio:two-factor-recovery-codes"), {"codes-code": "123"})
    assert "That code is not right" in refused.content.decode()
    response = client.post(
        reverse("physio:two-factor-recovery-codes"), {"codes-code": code_for(device, 1)}
    )
    new = response.context["codes"]
    assert len(new) == 10
    tokens = set(
        StaticToken.objects.filter(device__user=clinician_a.user).values_list("token", flat=True)
    )
    assert tokens == set(new)
    assert not tokens & set(old)


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_pages_refuse_other_methods(as_a, method):
    assert getattr(as_a, method)(reverse("physio:two-factor-off")).status_code == 405


# --- the account page ---------------------------------------------------------------


def test_the_account_page_says_whether_two_factor_sign_in_is_on(as_a, clinician_a):
    page = as_a.get(reverse("account")).content.decode()
    assert "Off: a stolen password is enough" in page
    assert "Set up two-factor sign-in" in page
    enrol(clinician_a.user)
    page = as_a.get(reverse("account")).content.decode()
    assert "On: every sign-in asks for a code" in page
    assert "Manage two-factor sign-in" in page


def test_clients_are_not_offered_two_factor_sign_in(as_client1):
    page = as_client1.get(reverse("account"))
    assert page.status_code == 200
    assert "two-factor" not in page.content.decode().lower()
