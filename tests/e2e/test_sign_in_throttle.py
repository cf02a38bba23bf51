"""In the browser, too many failed sign-ins end on the sign-in page saying when to try again."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD, ClinicianFactory

pytestmark = pytest.mark.e2e


def test_too_many_failures_show_when_to_try_again(page):
    ClinicianFactory(user__email="ada@clinic.test", user__full_name="Ada Lovelace")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, "ada@clinic.test", "not-my-password")
        expect(page.get_by_text("That email and password do not match")).to_be_visible()
    sign_in(page, "ada@clinic.test", "not-my-password")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = f"Too many failed sign-ins. Try again in {minutes} minutes."
    expect(page.get_by_text(message)).to_be_visible()
    screenshot(page, "sign-in-locked-out")

    sign_in(page, "ada@clinic.test", PASSWORD)  # the right password waits too
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("ada@clinic.test")
