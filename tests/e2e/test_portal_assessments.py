"""On a 375 px phone a client reads their signed assessment in plain words, with the
chart over time and the still with its lines; the draft stays hidden."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from tests.assessments.factories import AssessmentFactory, record_knee
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import PASSWORD, ClientFactory, ClinicFactory, ClinicianFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def cora(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.ASSESSMENT_POSE_DETECTOR = "tests.assessments.fake_pose.NobodyPose"
    clinic = ClinicFactory(name="Clinic One", slug="clinic-one")
    clinician = ClinicianFactory(clinic=clinic, user__email="a@clinic1.test")
    user = UserFactory(email="cora@example.test", full_name="Cora Client")
    client = ClientFactory(
        clinic=clinic,
        lead_clinician=clinician,
        first_name="Cora",
        last_name="Client",
        email=user.email,
        user=user,
    )
    today = timezone.localdate()
    for days_ago, right, sign in ((42, 14, True), (2, 4, True), (0, 30, False)):
        assessment = AssessmentFactory(
            client=client,
            clinician=clinician,
            assessed_on=today - timedelta(days=days_ago),
            notes="Clinician only: discuss load",
        )
        record_knee(assessment, side="right", fppas=[right], by=clinician)
        if sign:
            services.assessment_sign(assessment=assessment, by=clinician)
    return client


def test_the_client_reads_the_result_in_plain_words_on_a_phone(phone_page, cora):
    sign_in(phone_page, cora.user.email, PASSWORD)
    phone_page.get_by_role("button", name="Menu").click()
    phone_page.get_by_role("link", name="My assessments").click()
    expect(phone_page.get_by_role("heading", name="My assessments")).to_be_visible()
    expect(
        phone_page.get_by_text(
            "Right leg: your knee moved inwards 4°, last time 14°: a real improvement."
        )
    ).to_be_visible()
    expect(phone_page.get_by_text("discuss load")).to_have_count(0)
    expect(phone_page.get_by_text("30°")).to_have_count(0)
    expect(phone_page.locator("svg.history-chart")).to_have_count(2)
    still = phone_page.locator(".landmark-image").first
    expect(still).to_be_visible()
    assert still.evaluate("image => image.naturalWidth") > 0  # the photo loaded, access-checked
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "portal-my-assessments-375")
    assert_accessible(phone_page)
