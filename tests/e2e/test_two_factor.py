"""A clinician turns on two-factor sign-in with an authenticator app, signs out, and signs
in again with a code; a wrong code is refused first. The test plays the app: it reads the
key shown on the page and computes the codes from it."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD, ClinicianFactory

pytestmark = pytest.mark.e2e


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for ``secret`` (now, or a 30-second step later)."""
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_clinician_enrols_and_signs_in_with_a_code(page):
    ClinicianFactory(user__email="ada@clinic.test", user__full_name="Ada Lovelace", role="admin")
    sign_in(page, "ada@clinic.test", PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Ada")).to_be_visible()

    page.get_by_role("link", name="Account").click()
    expect(page.get_by_text("Off: a stolen password is enough")).to_be_visible()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("#two-factor-secret").inner_text()
    assert len(secret.replace(" ", "")) == 32
    screenshot(page, "two-factor-enrol")

    page.get_by_label("Code").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").locator("li")).to_have_count(10)
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept them, continue").click()
    expect(page.get_by_role("heading", name="Hello, Ada")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "ada@clinic.test", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    # Nothing else opens until the code is given.
    page.goto("/clients/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(page.get_by_role("link", name="Clients", exact=True)).to_have_count(0)

    right = app_code(secret, 1)  # the app's next code: the one used to enrol is spent
    accepted = {app_code(secret, step) for step in range(-1, 3)}
    wrong = next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in accepted)
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "two-factor-wrong-code")

    # django-otp makes the next try wait a second after one wrong code; a person takes longer.
    page.wait_for_timeout(1500)
    page.get_by_label("Code").fill(right)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()  # back where it went
    assert page.url.endswith("/clients/")
    screenshot(page, "two-factor-signed-in")

    # Signed in: the page now manages it, and a clinic admin can require it for everyone.
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_text("On: every sign-in asks for a code")).to_be_visible()
    page.get_by_role("link", name="Manage two-factor sign-in").click()
    expect(page.get_by_text("You have 10 unused recovery codes.")).to_be_visible()
    screenshot(page, "two-factor-manage")
    page.get_by_role("link", name="Clinic security").click()
    page.get_by_label("Require two-factor sign-in for everyone in the clinic").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Everyone in the clinic now needs two-factor sign-in.")).to_be_visible()
    expect(
        page.get_by_label("Require two-factor sign-in for everyone in the clinic")
    ).to_be_checked()
    screenshot(page, "clinic-security")
