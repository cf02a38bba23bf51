"""Every signed-in home passes axe-core with no serious or critical violation.

The three journeys (test_assessments, test_portal_journey, test_exercises_curation)
run the same check on each page they pass through.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from physio.demo import DEMO_PASSWORD
from tests.e2e.conftest import PHONE, assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())


HOMES = [
    ("alex@riverside.test", "Hello, Alex"),  # the clinician's home, with its sections
    ("maria@example.test", "Hello, Maria"),  # the client's portal home
    ("curator@physio.test", "Curation"),  # the curator's admin index
]


def test_every_home_is_accessible_on_desktop_and_phone(page, demo):
    for email, heading in HOMES:
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 800})
        sign_in(page, email, DEMO_PASSWORD)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        assert_accessible(page)
        screenshot(page, f"home-{email.split('@')[0]}-desktop")
        page.set_viewport_size(PHONE)
        page.reload()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        assert_accessible(page)
