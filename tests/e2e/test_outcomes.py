"""On a 375 px phone the client answers NPRS and PSFS and sees the score; the clinician
then sees the chart with its MCID band on the record."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes import services
from outcomes.models import Questionnaire
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD, ClientFactory, ClinicFactory, ClinicianFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
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
    earlier = services.questionnaire_send(client=client, code="nprs", by=clinician)
    services.answers_save(questionnaire_id=earlier.pk, answers={"now": 8, "best": 5, "worst": 9})
    services.questionnaire_submit(
        questionnaire_id=earlier.pk, at=timezone.now() - timedelta(days=21)
    )
    services.questionnaire_send(client=client, code="nprs", by=clinician)
    services.questionnaire_send(client=client, code="psfs", by=clinician)
    return clinician, client


def choose(page, key: str, value: str) -> None:
    label = page.locator(f"label[for='q-{key}-{value}']")
    box = label.bounding_box()
    assert box["height"] >= 44, "answer targets are at least 44 px high"
    label.click()


def test_the_client_answers_on_a_phone_and_the_clinician_sees_the_chart(phone_page, page, people):
    clinician, client = people
    sign_in(phone_page, client.user.email, PASSWORD)
    phone_page.goto("/portal/")
    phone_page.get_by_role("link", name="NPRS").click()
    choose(phone_page, "now", "4")
    expect(phone_page.locator("#progress")).to_contain_text("1 of 3 answered · saved")
    phone_page.reload()  # saved as they go: nothing lost
    expect(phone_page.locator("#q-now-4")).to_be_checked()
    choose(phone_page, "best", "2")
    choose(phone_page, "worst", "6")
    expect(phone_page.locator("#progress")).to_contain_text("3 of 3 answered")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "no sideways scrolling on a phone"
    screenshot(phone_page, "outcomes-nprs-phone")
    phone_page.get_by_role("button", name="Submit my answers").click()
    expect(phone_page.locator(".portal-score")).to_have_text("4")

    phone_page.goto("/portal/")
    phone_page.get_by_role("link", name="PSFS").click()
    phone_page.get_by_label("Activity 1").fill("Climbing stairs")
    phone_page.get_by_label("Activity 2").fill("Running for the bus")
    phone_page.get_by_role("button", name="Next: rate them").click()
    expect(phone_page.get_by_text("Climbing stairs")).to_be_visible()
    choose(phone_page, "1", "3")
    choose(phone_page, "2", "6")
    screenshot(phone_page, "outcomes-psfs-phone")
    phone_page.get_by_role("button", name="Submit my answers").click()
    expect(phone_page.locator(".portal-score")).to_have_text("4.5")
    assert Questionnaire.objects.submitted().count() == 3

    phone_page.goto("/portal/")
    section = phone_page.locator("#section-questionnaires")
    expect(section).to_contain_text("Your pain scores")
    expect(section).to_contain_text("improved by enough to count as a real change")
    screenshot(phone_page, "outcomes-portal-scores-phone")

    sign_in(page, clinician.user.email, PASSWORD)
    page.goto(client.get_absolute_url())
    outcomes = page.locator("#section-outcomes")
    expect(outcomes.locator("#result-nprs svg.outcome-chart")).to_be_visible()
    expect(outcomes.locator("#result-nprs rect.mcid-band")).to_have_count(1)
    expect(outcomes.locator("#result-nprs")).to_contain_text("improved by more than the MCID")
    expect(outcomes.locator("#result-psfs")).to_contain_text("One score so far")
    outcomes.scroll_into_view_if_needed()
    screenshot(page, "outcomes-record-chart")
