"""A curator adds an exercise with a video in the admin and publishes it; a clinician finds it."""

import re
import time

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise, ExerciseMedia
from exercises.seed import seed_library
from physio.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.exercises.factories import video_bytes

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_curator_publishes_a_video_exercise_and_a_clinician_finds_it(page, tmp_path):
    seed_demo()
    seed_library(with_media=False)  # a library to find it in
    clip = tmp_path / "pelvic-clock.webm"
    clip.write_bytes(video_bytes("webm", seconds=2.0, size=(160, 120)))

    sign_in(page, "curator@physio.test", DEMO_PASSWORD)
    page.goto("/admin/exercises/exercise/add/")
    assert_accessible(page)
    page.get_by_label("Name:").fill("Pelvic clock in standing")
    page.get_by_label("Summary:").fill("Small pelvic circles on one leg for hip control.")
    expect(page.get_by_label("Slug:")).to_have_value("pelvic-clock-in-standing")
    page.get_by_label("Steps:").fill("Stand on one leg.\nMove the pelvis around a clock face.")
    page.get_by_label("Body region:").select_option(label="Hip and glutes")
    page.get_by_label("Movement:").select_option(label="Balance")
    page.get_by_label("Position:").select_option(label="Standing")
    page.get_by_label("Weight-bearing:").select_option(label="Single leg")
    page.get_by_label("Hip drop").check()
    page.get_by_label("Repetitions:").fill("8")

    page.get_by_text("Add another Media item").click()
    page.locator("#id_media-0-kind").select_option(label="Uploaded video")
    page.locator("#id_media-0-file").set_input_files(str(clip))
    page.locator("#id_media-0-caption").fill("Curator's demo clip")

    # Hold the upload's answer back a moment, so the progress bar can be seen while it sends.
    def slow_answer(route):
        time.sleep(1.0)
        route.continue_()

    page.route("**/admin/exercises/exercise/add/", slow_answer)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".admin-upload-progress progress")).to_be_visible()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.unroute("**/admin/exercises/exercise/add/")

    # Publish with the bulk action.
    page.get_by_role(
        "checkbox", name="Select this object for an action - Pelvic clock in standing"
    ).check()
    page.locator("select[name=action]").select_option(label="Publish the selected exercises")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 exercise(s) published.")
    screenshot(page, "exercises-admin-published")
    assert_accessible(page)

    exercise = Exercise.objects.get(slug="pelvic-clock-in-standing")
    media = ExerciseMedia.objects.get(exercise=exercise)
    assert (exercise.status, media.kind, bool(media.poster)) == ("published", "video", True)

    page.context.clear_cookies()
    sign_in(page, "jo@hillside.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_label("Search exercises")).to_be_visible()
    page.wait_for_load_state()  # htmx (a deferred script) must be listening before we type
    page.get_by_label("Search exercises").fill("pelvic clo")
    expect(page).to_have_url(re.compile(r"[?&]q=pelvic(\+|%20)clo"))
    results = page.locator("#library-results")
    expect(results).to_contain_text("1 exercise found")
    expect(results).to_contain_text("Pelvic clock in standing")
    screenshot(page, "exercises-clinician-found")
    assert_accessible(page)
    results.get_by_role("link", name="Pelvic clock in standing").click()
    expect(page.get_by_role("heading", name="Pelvic clock in standing")).to_be_visible()
    assert_accessible(page)
    expect(page.locator("video source")).to_have_attribute("src", media.file_url)
