"""Journey 1 in a real browser: a clinician logs an assessment with a photo and landmarks."""

import io
import math
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from assessments.models import Assessment, Photo
from physio.demo import DEMO_PASSWORD, seed_demo
from physio.models import Client
from tests.e2e.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.e2e

SIZE = (400, 600)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def squat_photo(tmp_path) -> str:
    """A JPEG drawn with Pillow: a leg with the knee dropped inwards."""
    image = Image.new("RGB", SIZE, (214, 222, 230))
    draw = ImageDraw.Draw(image)
    draw.line([(200, 100), (170, 300), (200, 500)], fill=(40, 40, 40), width=14)
    for x, y in [(200, 100), (170, 300), (200, 500)]:
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(180, 30, 30))
    path = tmp_path / "squat.jpg"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    path.write_bytes(out.getvalue())
    return str(path)


def click_image(page, overlay, x, y, *, tap=False):
    """Click (or tap) the photo at image pixel (x, y)."""
    box = overlay.bounding_box()
    screen_x = box["x"] + x * box["width"] / SIZE[0]
    screen_y = box["y"] + y * box["height"] / SIZE[1]
    if tap:
        page.touchscreen.tap(screen_x, screen_y)
    else:
        page.mouse.click(screen_x, screen_y)


def expected_fppa():
    return math.degrees(2 * math.atan(30 / 200))  # knee 30 px medial over 200 px each way


def angle_in(text: str) -> float:
    match = re.search(r"(-?\d+\.\d)°", text)
    assert match, text
    return float(match.group(1))


MARKERS = """(slot) => Array.from(
  document.querySelectorAll(slot + ' .landmark-overlay [data-point]'),
  (group) => {
    const box = group.querySelector('circle').getBoundingClientRect();
    const label = group.querySelector('text');
    return [group.dataset.point, Math.round(box.width), label ? label.textContent : null];
  })"""


def markers(page, slot: str) -> list:
    """(point name, diameter on screen in px, label) of each marker drawn on a photo."""
    return page.evaluate(MARKERS, slot)


def test_clinician_logs_an_assessment_with_a_photo_and_signs_it(page, tmp_path):
    seed_demo()
    maria = Client.objects.get(first_name="Maria", last_name="Lopez")
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)

    page.goto(f"/clients/{maria.pk}/")
    section = page.locator("#section-assessments")
    expect(section.get_by_text("No assessments yet.")).to_be_visible()
    assert_accessible(page)
    section.get_by_role("link", name="New assessment").click()

    expect(page.get_by_role("heading", name="New assessment of Maria Lopez")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", name="Assessment of Maria Lopez")).to_be_visible()
    assessment = Assessment.objects.get(client=maria)

    knee = page.locator("#knee-valgus-left")
    knee.locator("#photo-slot-knee-valgus-left-1").set_input_files(squat_photo(tmp_path))
    knee.locator("#slot-knee-valgus-left-1").get_by_role(
        "button", name="Upload", exact=True
    ).click()
    image = knee.locator("#slot-knee-valgus-left-1 img.landmark-image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "document.querySelector('#slot-knee-valgus-left-1 img').naturalWidth > 0"
    )
    overlay = knee.locator("#slot-knee-valgus-left-1 .landmark-overlay")
    overlay.scroll_into_view_if_needed()
    output = knee.locator("#slot-knee-valgus-left-1 .landmark-angle")
    expect(output).to_have_text(re.compile(r"FPPA\s+—"))

    click_image(page, overlay, 200, 100)
    click_image(page, overlay, 170, 300)
    expect(output).to_have_text(re.compile(r"FPPA\s+—"))
    click_image(page, overlay, 200, 500)
    expect(output).to_have_text(re.compile(r"FPPA -?\d+\.\d° \(valgus\)"))
    assert angle_in(output.inner_text()) == pytest.approx(expected_fppa(), abs=1.0)
    screenshot(page, "assessments-landmarks-placed")

    # Drag the knee further in: the live angle grows.
    box = overlay.bounding_box()
    scale = box["width"] / SIZE[0]
    page.mouse.move(box["x"] + 170 * scale, box["y"] + 300 * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + 150 * scale, box["y"] + 300 * scale, steps=5)
    page.mouse.up()
    dragged = angle_in(output.inner_text())
    assert dragged > expected_fppa() + 3

    knee.get_by_label("Depth protocol").select_option("peak")
    knee.get_by_label("Overall").select_option("fair")
    knee.get_by_label("Pain during the test (0–10)").fill("2")
    knee.get_by_role("button", name=re.compile("Save knee valgus")).click()
    expect(page.locator("#knee-valgus-left").get_by_text("Saved.")).to_be_visible()
    summary = page.locator("#summary-knee-valgus-left")
    expect(summary).to_contain_text("Mean FPPA")
    assert angle_in(summary.inner_text()) == pytest.approx(dragged, abs=0.15)

    photo = Photo.objects.get(assessment=assessment, test="knee_valgus", side="left", trial=1)
    assert photo.angle_deg == pytest.approx(dragged, abs=0.1)  # the server's own number
    expect(page.locator("#interpretation")).to_contain_text("Mean FPPA")
    screenshot(page, "assessments-knee-saved")
    assert_accessible(page)
    in_the_editor = markers(page, "#slot-knee-valgus-left-1")
    assert [(name, label) for name, _, label in in_the_editor] == [
        ("hip", "H"),
        ("knee", "K"),
        ("ankle", "A"),
    ]

    # Bad input: an error next to the field, and what was typed stays.
    hip = page.locator("#hip-drop-left")
    hip.get_by_label("Result").select_option("negative")
    hip.get_by_label("Seconds held").fill("12")
    hip.get_by_label("Pain during the test (0–10)").fill("11")
    hip.get_by_label("Notes").fill("Trunk shifted at the end")
    hip.get_by_role("button", name=re.compile("Save hip drop")).click()
    hip = page.locator("#hip-drop-left")
    expect(hip.get_by_text("held for 12 s is a delayed positive")).to_be_visible()
    expect(hip.get_by_text("Pain is scored from 0 (none) to 10")).to_be_visible()
    expect(hip.get_by_label("Notes")).to_have_value("Trunk shifted at the end")
    expect(hip.get_by_label("Seconds held")).to_have_value("12")
    screenshot(page, "assessments-hip-drop-errors")
    hip.get_by_label("Result").select_option("delayed_positive")
    hip.get_by_label("Pain during the test (0–10)").fill("3")
    hip.get_by_role("button", name=re.compile("Save hip drop")).click()
    expect(page.locator("#hip-drop-left").get_by_text("Saved.")).to_be_visible()

    page.get_by_role("button", name="Sign assessment").click()
    expect(page.locator("#sign-panel").get_by_text("Signed", exact=True)).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.is_signed
    expect(page.locator("#form-knee-valgus-left")).to_have_count(0)
    screenshot(page, "assessments-signed")
    assert_accessible(page)
    # The signed photo shows the points as the editor did: the same size, the same labels.
    signed = markers(page, "#slot-knee-valgus-left-1")
    assert [(name, label) for name, _, label in signed] == [
        (name, label) for name, _, label in in_the_editor
    ]
    for (_, size, _), (_, editor_size, _) in zip(signed, in_the_editor, strict=True):
        assert abs(size - editor_size) <= 1, (signed, in_the_editor)

    # A change after signing is an amendment with a reason; the old value stays visible.
    page.locator("#hip-drop-left").get_by_role("link", name="Amend").click()
    hip = page.locator("#hip-drop-left")
    hip.get_by_label("Pain during the test (0–10)").fill("5")
    hip.get_by_role("button", name="Save amendment").click()
    expect(
        page.locator("#hip-drop-left").get_by_text("Say why the signed record changes.")
    ).to_be_visible()
    page.locator("#hip-drop-left").get_by_label("Reason for the amendment").fill(
        "Misheard the score"
    )
    page.locator("#hip-drop-left").get_by_role("button", name="Save amendment").click()
    amendments = page.locator("#amendments")
    expect(amendments).to_contain_text("Misheard the score")
    expect(amendments.locator("del")).to_have_text("3")
    expect(amendments).to_contain_text("Alex Morgan")
    screenshot(page, "assessments-amended")
    assert_accessible(page)

    # The client record shows the latest findings.
    page.goto(f"/clients/{maria.pk}/")
    expect(page.locator("#section-assessments")).to_contain_text("Delayed positive")
    screenshot(page, "assessments-client-record")


def test_points_are_placed_by_touch_on_a_phone(phone_page, tmp_path):
    page = phone_page
    seed_demo()
    maria = Client.objects.get(first_name="Maria", last_name="Lopez")
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    page.goto(f"/clients/{maria.pk}/assessments/new/")
    page.get_by_role("button", name="Start the assessment").click()

    slot = page.locator("#slot-knee-valgus-right-1")
    slot.locator("input[type=file]").set_input_files(squat_photo(tmp_path))
    slot.get_by_role("button", name="Upload", exact=True).click()
    expect(slot.locator("img.landmark-image")).to_be_visible()
    page.wait_for_function(
        "document.querySelector('#slot-knee-valgus-right-1 img').naturalWidth > 0"
    )
    overlay = slot.locator(".landmark-overlay")
    overlay.scroll_into_view_if_needed()
    for x, y in [(200, 100), (170, 300), (200, 500)]:
        click_image(page, overlay, x, y, tap=True)
    output = slot.locator(".landmark-angle")
    # Right leg from the front: medial is +x, so a knee at -x is varus.
    expect(output).to_have_text(re.compile(r"FPPA -\d+\.\d° \(varus\)"))
    assert angle_in(output.inner_text()) == pytest.approx(-expected_fppa(), abs=1.0)
    screenshot(page, "assessments-phone-landmarks")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page must not scroll sideways on a phone"
    page.locator("#knee-valgus-right").get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator("#knee-valgus-right").get_by_text("Saved.")).to_be_visible()
    screenshot(page, "assessments-phone-saved")
