"""A clinician builds a programme in a real browser: create, search, add, reorder, swap, handout."""

import pytest
from playwright.sync_api import expect

from exercises.models import WeightBearing
from physio.demo import DEMO_PASSWORD, seed_demo
from physio.models import Client
from programs.models import Program
from tests.e2e.conftest import screenshot, sign_in
from tests.programs.factories import ExerciseFactory, ProgressionFactory

pytestmark = pytest.mark.e2e


def library():
    clam = ExerciseFactory(
        name="Clam shell",
        slug="e2e-clam-shell",
        steps="Lie on your side with knees bent.\nOpen the top knee.\nLower slowly.",
        default_sets=2,
        default_reps=20,
    )
    banded = ExerciseFactory(
        name="Clam shell with band", slug="e2e-clam-band", difficulty=2, default_reps=15
    )
    ExerciseFactory(
        name="Glute bridge",
        slug="e2e-glute-bridge",
        steps="Lie on your back.\nLift the hips.\nLower slowly.",
        weight_bearing=WeightBearing.BOTH_LEGS,
        targets=["hip_extensor_strength"],
        default_sets=2,
        default_reps=15,
    )
    ProgressionFactory(easier=clam, harder=banded)


def item_names(page):
    return page.locator("#items .item-name")


def test_clinician_builds_a_programme(page):
    seed_demo()
    library()
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)

    # The client's record loads the Programmes section; start a new programme there.
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_text("Baker, Tom").click()
    expect(page.get_by_role("heading", name="Tom Baker")).to_be_visible()
    section = page.locator("#section-programmes")
    expect(section.get_by_text("No programmes yet.")).to_be_visible()
    screenshot(page, "programs-record-section")
    section.get_by_role("link", name="New programme").click()

    page.get_by_label("Title").fill("Glute control")
    page.get_by_label("Goal").select_option("strength")
    page.get_by_role("button", name="Create and add exercises").click()
    expect(page.get_by_role("heading", name="Glute control")).to_be_visible()
    expect(page.get_by_text("No exercises yet.")).to_be_visible()

    # Search the library inside the builder (htmx, as you type) and add two exercises.
    search = page.get_by_label("Search the library")
    page.wait_for_load_state()  # htmx (a deferred script) must be listening before we type
    search.fill("clam")
    results = page.locator("#search-results")
    expect(results.get_by_text("Clam shell with band")).to_be_visible()
    expect(results.get_by_text("Glute bridge")).to_have_count(0)
    page.get_by_role("button", name="Add Clam shell", exact=True).click()
    expect(item_names(page)).to_have_text(["Clam shell"])
    # Dosed from the goal (docs/clinical.md §3, strength), not the exercise's own 2 × 20.
    expect(page.locator("#items .item-dose").first).to_contain_text("3 sets of 10")

    # A new search: from the first keystroke until its results arrive (after a pause in
    # typing), the list on screen belongs to the old query, so its buttons are disabled.
    search.fill("bridge")
    shown = page.evaluate(
        """() => ({
            query: document.getElementById("search-results").dataset.query,
            busy: document.getElementById("search-results").getAttribute("aria-busy"),
            buttons: [...document.querySelectorAll("#search-results button")]
                .map((b) => [b.getAttribute("aria-label"), b.disabled]),
        })"""
    )
    assert shown["query"] == "clam"
    assert shown["busy"] == "true"
    assert ["Add Clam shell with band", True] in shown["buttons"]
    assert all(disabled for _, disabled in shown["buttons"])
    expect(results.get_by_text("Glute bridge")).to_be_visible()
    expect(results).to_have_attribute("aria-busy", "false")
    page.get_by_role("button", name="Add Glute bridge").click()
    expect(item_names(page)).to_have_text(["Clam shell", "Glute bridge"])
    expect(page.locator("#items .item-dose").nth(1)).to_contain_text("3 sets of 10")
    screenshot(page, "programs-builder-added")

    # Reorder by drag and drop: the bridge goes first, and the order is saved.
    program = Program.objects.get(client__first_name="Tom")
    clam_item, bridge_item = program.items.order_by("order")
    # Wait for the order to be saved before reloading (the drop reorders the list at once).
    with page.expect_response(lambda response: "/items/reorder/" in response.url):
        page.locator(f"#item-{bridge_item.pk}").drag_to(page.locator(f"#item-{clam_item.pk}"))
    expect(item_names(page)).to_have_text(["Glute bridge", "Clam shell"])
    page.reload()
    expect(item_names(page)).to_have_text(["Glute bridge", "Clam shell"])

    # The buttons do the same without dragging.
    page.get_by_role("button", name="Move Clam shell up").click()
    expect(item_names(page)).to_have_text(["Clam shell", "Glute bridge"])

    # Swap the clam shell to its progression in one click; the old one is in the history.
    page.get_by_role("button", name="Harder: Clam shell with band").click()
    expect(item_names(page)).to_have_text(["Clam shell with band", "Glute bridge"])
    expect(page.get_by_text("Dose history (1)")).to_be_visible()

    # Edit a dose inline; a bad value keeps what was typed and says what is wrong.
    page.get_by_role("link", name="Edit dose").first.click()
    row = page.locator(f"#item-{clam_item.pk}")
    row.get_by_label("Sets").fill("0")
    row.get_by_label("Load").fill("red band")
    row.get_by_role("button", name="Save dose").click()
    expect(row.get_by_text("Give at least 1 set.")).to_be_visible()
    expect(row.get_by_label("Load")).to_have_value("red band")
    row.get_by_label("Sets").fill("4")
    row.get_by_role("button", name="Save dose").click()
    expect(row.locator(".item-dose")).to_contain_text("4 sets of 10, with red band")
    expect(row.get_by_text("Dose history (2)")).to_be_visible()
    screenshot(page, "programs-builder")

    page.set_viewport_size({"width": 375, "height": 740})
    screenshot(page, "programs-builder-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The handout: each exercise with its steps and dose in words, and a QR code.
    page.get_by_role("link", name="Handout").click()
    expect(page.get_by_role("heading", name="Glute control")).to_be_visible()
    expect(page.get_by_text("Lift the hips.")).to_be_visible()
    expect(page.get_by_text("4 sets of 10, with red band")).to_be_visible()
    expect(page.locator(".handout-qr svg")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "tom-baker-glute-control.pdf"
    screenshot(page, "programs-handout")
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("link", name="Download PDF")).to_be_hidden()
    screenshot(page, "programs-handout-print")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 375, "height": 740})
    screenshot(page, "programs-handout-phone")

    # Back on the record, the programme is listed with its status.
    tom = Client.objects.get(first_name="Tom")
    page.goto(tom.get_absolute_url())
    expect(page.locator("#section-programmes").get_by_text("Glute control")).to_be_visible()
    expect(page.locator("#section-programmes").get_by_text("Active")).to_be_visible()
    screenshot(page, "programs-record-section-phone")
