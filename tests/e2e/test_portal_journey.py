"""Journey 2 on a phone: the demo client plays a video, logs two exercises (pain 2 and 7),
sees the stop advice and the progress; then the clinician sees the flag on the record."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from physio.demo import DEMO_PASSWORD
from physio.models import Client
from programs.models import ItemLog
from tests.e2e.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())
    return Client.objects.get(user__email="maria@example.test")


def open_menu_link(page, name: str) -> None:
    """On a phone the navigation folds behind the menu button."""
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def log_round(page, exercise: str, *, pain: str, difficulty: str):
    card = page.locator("article.portal-item", has_text=exercise)
    round_card = card.locator(".portal-log").first
    dom_id = round_card.get_attribute("id")
    round_card.get_by_role("link", name="Log").click()  # opens the form in the card
    round_card = page.locator(f"#{dom_id}")
    round_card.get_by_label("Pain (0–10)").fill(pain)
    if int(pain) > 5:  # the zone shows while typing (portal.js); the server says it again
        expect(round_card.get_by_text("Above 5: stop this exercise and rest.")).to_be_visible()
        round_card.scroll_into_view_if_needed()
        screenshot(page, "portal-log-form-phone")
    round_card.get_by_label("How hard was it?").select_option(label=difficulty)
    box = round_card.get_by_role("button", name="Save").bounding_box()
    assert box["height"] >= 44, "tap targets are at least 44 px high"
    round_card.get_by_role("button", name="Save").click()
    swapped = page.locator(f"#{dom_id}")
    expect(swapped.get_by_text("Saved.")).to_be_visible()
    return swapped


def test_client_logs_on_a_phone_and_the_clinician_sees_the_flag(phone_page, page, demo):
    phone = phone_page
    sign_in(phone, "maria@example.test", DEMO_PASSWORD)
    expect(phone.get_by_role("heading", name="Hello, Maria")).to_be_visible()
    # The portal home loads today's exercises with htmx.
    expect(phone.locator("#section-today article.portal-item").first).to_be_visible()
    screenshot(phone, "portal-home-phone")
    assert_accessible(phone)

    open_menu_link(phone, "Today")
    expect(phone.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(phone.get_by_text("2 sets of 15, right leg, twice a day, every day")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "nothing is wider than the phone"

    # The uploaded demo video plays and can seek.
    video = phone.locator("article.portal-item", has_text="Clam shell").locator("video")
    expect(video).to_have_attribute("preload", "metadata")
    video.scroll_into_view_if_needed()
    video.evaluate("v => { v.muted = true; return v.play(); }")
    phone.wait_for_function(
        "v => v.currentTime > 0.3 && !v.paused", arg=video.element_handle(), timeout=10_000
    )
    video.evaluate("v => { v.pause(); v.currentTime = 2.5; }")
    phone.wait_for_function("v => !v.seeking && v.currentTime >= 2.4", arg=video.element_handle())
    screenshot(phone, "portal-today-phone")
    assert_accessible(phone)

    first = log_round(phone, "Clam shell", pain="2", difficulty="Just right")
    expect(first.get_by_text("fine", exact=True)).to_be_visible()
    expect(first.get_by_text("Stop this exercise and rest.")).to_have_count(0)

    # While typing 7 the zone shows at once; after saving, the stop advice.
    second = log_round(phone, "Glute bridge", pain="7", difficulty="Hard")
    expect(second.get_by_text("Stop this exercise and rest.")).to_be_visible()
    second.scroll_into_view_if_needed()
    screenshot(phone, "portal-stop-advice-phone")
    assert_accessible(phone)
    assert ItemLog.objects.filter(session__program__client=demo, pain=7).count() == 2

    # The exercise's own page, from its name on the card.
    phone.locator("article.portal-item", has_text="Glute bridge").get_by_role(
        "link", name="Glute bridge"
    ).click()
    expect(phone.get_by_role("heading", name="Glute bridge", level=1)).to_be_visible()
    assert_accessible(phone)
    phone.go_back()

    open_menu_link(phone, "Progress")
    expect(phone.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(phone.locator("#adherence")).to_contain_text("%")
    expect(phone.locator(".portal-calendar tbody tr")).to_have_count(4)
    expect(phone.locator(".portal-day-missed").first).to_be_visible()
    phone.locator(".portal-day-today").click()
    expect(phone.locator("#day-detail")).to_contain_text("pain 7/10")
    screenshot(phone, "portal-progress-phone")
    assert_accessible(phone)

    # The clinician, at a desk, sees the flag on the home page and on the client's record.
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    attention = page.locator("#section-attention")
    expect(attention.locator("li", has_text="Pain 7/10 during Glute bridge")).to_be_visible()
    expect(page.locator("#section-adherence")).to_contain_text("On track:")
    screenshot(page, "home-needs-attention")
    assert_accessible(page)
    attention.get_by_role("link", name=demo.full_name).first.click()
    activity = page.locator("#section-activity")
    expect(activity.get_by_text("2 open")).to_be_visible()
    flag = activity.locator("li", has_text="Glute bridge").first
    expect(flag).to_contain_text("Pain 7/10")
    screenshot(page, "record-activity-flags")
    assert_accessible(page)
    flag.get_by_role("button", name="Mark reviewed").click()
    expect(activity.get_by_text("1 open")).to_be_visible()
    # The section's own page (its link without JavaScript).
    page.goto(reverse("programs:client-activity", args=[demo.pk]))
    expect(page.get_by_role("heading", name=f"Activity of {demo.full_name}")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def phone_without_js(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def small_targets(page) -> list[str]:
    """Buttons, button-like links and calendar days in the page body under 44 px high."""
    return page.eval_on_selector_all(
        "main .btn, main button, main .portal-day, main summary",
        """els => els.filter(e => e.offsetParent !== null)
                   .filter(e => e.getBoundingClientRect().height < 44)
                   .map(e => e.outerHTML.slice(0, 80))""",
    )


def test_the_portal_reads_and_logs_without_javascript(phone_without_js, demo):
    page = phone_without_js
    sign_in(page, "maria@example.test", DEMO_PASSWORD)
    page.goto("/portal/today/")
    expect(page.get_by_role("heading", name="Clam shell")).to_be_visible()
    expect(page.locator("video").first).to_have_attribute("preload", "metadata")
    assert small_targets(page) == []

    # "Log it" leads to the exercise's page, whose form posts and comes back to Today.
    card = page.locator("article.portal-item", has_text="Glute bridge")
    card.get_by_role("link", name="Log it").click()
    expect(page.get_by_role("heading", name="Glute bridge", level=1)).to_be_visible()
    page.get_by_label("Pain (0–10)").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Glute bridge: saved.").first).to_be_visible()
    card = page.locator("article.portal-item", has_text="Glute bridge")
    expect(card.get_by_text("fine", exact=True)).to_be_visible()

    page.goto("/portal/progress/")
    expect(page.locator(".portal-calendar tbody tr")).to_have_count(4)
    assert small_targets(page) == []
    screenshot(page, "portal-progress-no-js")
