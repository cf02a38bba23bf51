import pytest
from playwright.sync_api import expect

from physio.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_demo_clinician_signs_in_and_opens_a_client(page):
    seed_demo()
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Alex")).to_be_visible()

    page.get_by_role("link", name="Clients", exact=True).click()
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    expect(page.get_by_text("Lopez, Maria")).to_be_visible()
    # Archived clients stay hidden, and other clinics' clients never show.
    expect(page.get_by_text("Novak, Peter")).to_have_count(0)
    expect(page.get_by_text("Fischer, Lena")).to_have_count(0)
    page.wait_for_load_state()  # htmx (a deferred script) must be listening before we type

    page.get_by_label("Search by name").fill("aish")
    expect(page.get_by_text("Lopez, Maria")).to_have_count(0)
    expect(page.get_by_text("Khan, Aisha")).to_be_visible()
    assert "q=aish" in page.url
    screenshot(page, "smoke-client-list")

    page.get_by_text("Khan, Aisha").click()
    expect(page.get_by_role("heading", name="Aisha Khan")).to_be_visible()
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    screenshot(page, "smoke-client-record")


def test_the_menu_is_reachable_on_a_phone_without_javascript(
    browser, live_server, transactional_db
):
    seed_demo()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    expect(page.get_by_role("link", name="Clients", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    context.close()

    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    # With scripts the menu folds behind the toggler and opens on a tap.
    clients = page.get_by_role("link", name="Clients", exact=True)
    expect(clients).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(clients).to_be_visible()
    context.close()


def test_typing_before_htmx_listens_still_searches(page):
    """A fast typist (or a value restored on Back) is caught up once htmx loads."""
    seed_demo()
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    held = []
    page.route("**/htmx*.js", lambda route: held.append(route))
    page.goto("/clients/", wait_until="commit")
    search = page.get_by_label("Search by name")
    search.fill("aish")  # htmx is still on its way
    page.wait_for_timeout(300)
    expect(page.get_by_text("Lopez, Maria")).to_be_visible()  # nothing searched yet
    for route in held:
        route.continue_()
    expect(page.get_by_text("Lopez, Maria")).to_have_count(0)
    expect(page.get_by_text("Khan, Aisha")).to_be_visible()
    assert "q=aish" in page.url
