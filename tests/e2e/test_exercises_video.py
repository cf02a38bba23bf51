"""A clinician plays a seeded demo video in real Chromium and seeks it (Range → 206)."""

import time

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from exercises.seed import seed_library
from physio.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def wait_until(check, timeout: float = 10.0):
    """Poll ``check`` (the CSP forbids eval, so Playwright's wait_for_function cannot run)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        time.sleep(0.1)


def test_a_seeded_video_plays_and_seeks(page):
    seed_demo()
    seed_library()
    clam = Exercise.objects.get(slug="clam-shell")
    statuses = []

    def record(response):
        if "/library/media/" in response.url and response.url.endswith("/file/"):
            statuses.append(response.status)

    page.on("response", record)
    sign_in(page, "alex@riverside.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_label("Search exercises")).to_be_visible()
    page.wait_for_load_state()  # htmx (a deferred script) must be listening before we type
    page.get_by_label("Search exercises").fill("clam")
    expect(page.locator("#library-results")).to_contain_text("Clam shell with band")
    page.get_by_role("link", name="Clam shell", exact=True).click()
    expect(page.get_by_role("heading", name="Clam shell")).to_be_visible()
    assert page.url.endswith(clam.get_absolute_url())

    video = page.locator("video").first
    assert "/poster/" in video.get_attribute("poster")
    wait_until(lambda: video.evaluate("v => v.readyState") >= 1)
    duration = video.evaluate("v => v.duration")
    assert duration == pytest.approx(4.0, abs=0.5)

    video.evaluate("v => v.play()")
    wait_until(lambda: video.evaluate("v => v.currentTime") > 0.3)
    video.evaluate("v => v.pause()")
    video.evaluate("v => { v.currentTime = 3.2; }")
    wait_until(lambda: video.evaluate("v => !v.seeking && v.currentTime > 3"))
    assert video.evaluate("v => v.currentTime") == pytest.approx(3.2, abs=0.3)
    assert 206 in statuses
    screenshot(page, "exercises-video-seeked")
