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
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("alex@riverside.test", "Hello, Alex"),
        ("maria@example.test", "Hello, Maria"),
        ("curator@physio.test", "Curation"),
    ],
)
def test_each_home_is_accessible_on_desktop_and_phone(page, demo, email, heading):
    sign_in(page, email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"home-{email.split('@')[0]}-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    assert_accessible(page)
