"""The installable portal with the network cut: Today still shows, a log made offline is
queued, and sent once (and stored once) when the phone is back online."""

import pytest
from playwright.sync_api import expect

from physio.demo import DEMO_PASSWORD
from programs.models import ItemLog
from pwa.models import LogReceipt
from tests.e2e import test_portal_journey
from tests.e2e.conftest import PHONE, assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.e2e

demo = test_portal_journey.demo  # the seeded demo clinic, its client Maria


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        service_workers="allow",
    )
    context.set_default_timeout(10_000)
    yield context, context.new_page()
    context.close()


def today_logs(client, exercise):
    return ItemLog.objects.filter(session__program__client=client, item__exercise__name=exercise)


def test_today_reads_offline_and_an_offline_log_is_sent_once(phone, demo):
    context, page = phone
    sign_in(page, "maria@example.test", DEMO_PASSWORD)
    page.goto("/portal/today/")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker keeps the page, its pictures and its log forms once it controls it.
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    before = today_logs(demo, "Glute bridge").count()

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    card = page.locator("article.portal-item", has_text="Glute bridge")
    expect(card.get_by_role("heading", name="Glute bridge")).to_be_visible()
    screenshot(page, "offline-today-phone")

    round_card = card.locator(".portal-log").first
    dom_id = round_card.get_attribute("id")
    round_card.get_by_role("link", name="Log").click()  # the form, kept by the worker
    round_card = page.locator(f"#{dom_id}")
    round_card.get_by_label("Pain (0–10)").fill("3")
    round_card.get_by_label("How hard was it?").select_option(label="Just right")
    round_card.get_by_role("button", name="Save").click()
    queued = page.locator(f"#{dom_id}")
    expect(queued.get_by_text("Saved on this phone.")).to_be_visible()
    expect(queued.get_by_text("Waiting to send")).to_be_visible()
    screenshot(page, "offline-log-queued-phone")
    assert_accessible(page)
    assert today_logs(demo, "Glute bridge").count() == before

    context.set_offline(False)
    # Back online the worker sends the queue; the page reloads with the saved round.
    card = page.locator("article.portal-item", has_text="Glute bridge")
    expect(page.locator(f"#{dom_id}").get_by_text("Done")).to_be_visible()
    expect(page.locator(".portal-log-queued")).to_have_count(0)
    expect(page.get_by_text("Glute bridge: saved.").first).to_be_visible()
    assert today_logs(demo, "Glute bridge").count() == before + 1
    log = today_logs(demo, "Glute bridge").latest("created_at")
    assert log.pain == 3
    assert LogReceipt.objects.filter(item_log=log).count() == 1

    # Another nudge to send (a second "online", a later visit) sends nothing again.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'replay'})")
    page.reload()
    expect(page.locator(f"#{dom_id}").get_by_text("Done")).to_be_visible()
    assert today_logs(demo, "Glute bridge").count() == before + 1
    assert LogReceipt.objects.count() == 1
    screenshot(page, "offline-log-sent-phone")
