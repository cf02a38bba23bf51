"""On a 375 px phone the client asks about an exercise from its card; the clinician sees
the client waiting on the home page, answers on the record, and the client reads it."""

import pytest
from playwright.sync_api import expect

from messaging.models import Message
from physio.demo import DEMO_PASSWORD
from programs.models import ProgramItem
from tests.e2e import test_portal_journey
from tests.e2e.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.e2e

demo = test_portal_journey.demo  # the seeded demo clinic, its client Maria


def test_a_question_from_an_exercise_card_is_answered(phone_page, page, demo):
    phone = phone_page
    sign_in(phone, "maria@example.test", DEMO_PASSWORD)
    phone.goto("/portal/today/")
    card = phone.locator("article.portal-item", has_text="Glute bridge")
    card.get_by_role("link", name="Ask about this").click()
    expect(phone.get_by_role("heading", name="Messages", exact=True)).to_be_visible()
    bridge = ProgramItem.objects.get(
        program__client=demo, exercise__name="Glute bridge", removed_on=None
    )
    expect(phone.get_by_label("About")).to_have_value(str(bridge.pk))
    phone.get_by_label("Your message").fill(
        "This hurts at the front of my knee. Is https://example.org/knee right?"
    )
    phone.get_by_role("button", name="Send").click()
    thread = phone.locator("#conversation .message-thread")
    expect(thread).to_contain_text("This hurts at the front of my knee")
    expect(thread).to_contain_text("about Glute bridge")
    link = thread.get_by_role("link", name="https://example.org/knee")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "messages-client-asks-phone")
    assert_accessible(phone)

    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    waiting = page.locator("#section-messages")
    expect(waiting.locator("li", has_text=demo.full_name)).to_contain_text("1 unread")
    expect(page.get_by_role("link", name="Messages 1 unread")).to_be_visible()
    screenshot(page, "messages-clinician-home")
    assert_accessible(page)
    waiting.get_by_role("link", name=demo.full_name).click()
    section = page.locator("#section-messages")
    expect(section).to_contain_text("This hurts at the front of my knee")
    section.get_by_label("Your message").fill("Do the bridges with a smaller range for now.")
    section.get_by_role("button", name=f"Send to {demo.first_name}").click()
    expect(section.locator(".message-mine")).to_contain_text("smaller range")
    section.scroll_into_view_if_needed()
    screenshot(page, "messages-record-answered")
    assert_accessible(page)
    assert Message.objects.filter(side="clinic", conversation__client=demo).count() == 1

    phone.goto("/portal/today/")
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("link", name="Messages 1 unread")).to_be_visible()
    phone.get_by_role("link", name="Messages 1 unread").click()
    expect(phone.locator(".message-thread")).to_contain_text("smaller range")
    screenshot(phone, "messages-client-reads-answer-phone")
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("link", name="Messages", exact=True)).to_be_visible()
