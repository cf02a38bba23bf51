"""A toast never covers the navigation bar (the user's name, Sign out) or the heading."""

import pytest
from playwright.sync_api import expect

from physio.demo import DEMO_PASSWORD, seed_demo
from physio.models import Client
from tests.e2e.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.e2e


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize(
    ("name", "viewport"), [("desktop", {"width": 1280, "height": 720}), ("phone", PHONE)]
)
def test_the_saved_toast_leaves_the_navigation_and_the_heading_visible(page, name, viewport):
    seed_demo()
    maria = Client.objects.get(first_name="Maria", last_name="Lopez")
    page.set_viewport_size(viewport)
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    page.goto(f"/clients/{maria.pk}/edit/")
    page.get_by_role("button", name="Save client").click()

    toast = page.locator("[data-physio-toast]")
    expect(toast).to_contain_text("Client details saved.")
    expect(toast).to_be_visible()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    screenshot(page, f"toast-{name}")
    toast_box = toast.bounding_box()
    for label, locator in [
        ("navigation bar", page.locator("nav.navbar")),
        ("main heading", heading),
        ("page's first line", page.locator("main > :first-child")),
    ]:
        box = locator.bounding_box()
        assert not overlap(toast_box, box), f"the toast {toast_box} covers the {label} {box}"
