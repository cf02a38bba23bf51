"""On a 375 px phone the client runs today's guided session of two exercises: a hold
counts down to the end, a set is counted by taps, the second set stops with pain 7 and
the stop advice; the summary is saved and the clinician sees the logs on the record."""

import pytest
from playwright.sync_api import expect

from programs.models import ItemLog, SessionLog
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.programs.factories import ExerciseFactory, ProgramItemFactory
from tests.programs.portal_helpers import make_program

pytestmark = pytest.mark.e2e


@pytest.fixture
def program(client1):
    program = make_program(client1, items=0, title="Hip plan")
    ProgramItemFactory(
        program=program,
        exercise=ExerciseFactory(name="Side plank"),
        order=0,
        sets=1,
        reps=None,
        hold_seconds=2,
        rest_seconds=0,
    )
    ProgramItemFactory(
        program=program,
        exercise=ExerciseFactory(name="Clam shell"),
        order=1,
        sets=2,
        reps=3,
        rest_seconds=2,
    )
    return program


def test_a_guided_session_on_a_phone(phone_page, page, client1, clinician_a, password, program):
    phone = phone_page
    sign_in(phone, client1.user.email, password)
    phone.goto("/portal/today/")
    start = phone.get_by_role("link", name="Start today's session")
    assert start.bounding_box()["height"] >= 44
    start.click()
    expect(phone.get_by_role("heading", name="Today's session")).to_be_visible()
    phone.get_by_role("button", name="Start the session").click()
    form = phone.locator("form[data-guided]")
    expect(form).to_have_attribute("data-mode", "play")
    expect(form).to_have_attribute("data-wake-lock", "on")  # the screen stays awake

    # 1. The hold: its countdown runs to the end, then the exercise is done.
    plank = phone.locator(".guided-step.is-current")
    expect(plank.get_by_role("heading", name="Side plank")).to_be_visible()
    expect(plank.get_by_text("1 set of a 2-second hold")).to_be_visible()
    plank.get_by_role("button", name="Start the 2-second hold").click()
    expect(plank.locator("[data-guided-timer]")).to_be_visible()
    screenshot(phone, "guided-hold-phone")
    next_button = plank.locator("[data-guided-work] [data-guided-next]")
    expect(next_button).to_be_visible(timeout=6_000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    next_button.click()

    # 2. Clam shell: the first set counted by taps, a rest countdown, then it hurts.
    clam = phone.locator(".guided-step.is-current")
    expect(clam.get_by_role("heading", name="Clam shell")).to_be_visible()
    tap = clam.get_by_role("button", name="Tap for each repetition")
    assert tap.bounding_box()["height"] >= 44
    for _ in range(3):
        tap.click()
    expect(clam.locator("[data-guided-timer]")).to_be_visible()  # the rest between sets
    expect(clam.get_by_role("button", name="Skip the rest")).to_be_visible()
    screenshot(phone, "guided-rest-phone")
    expect(clam.locator("[data-guided-set-label]")).to_contain_text("Set 2 of 2", timeout=6_000)
    tap.click()
    clam.get_by_role("button", name="Stop — it hurts").click()
    expect(clam.get_by_role("heading", name="How much does it hurt, from 0 to 10?")).to_be_visible()
    clam.get_by_role("button", name="7", exact=True).click()
    expect(clam.get_by_text("Stop this exercise and rest.")).to_be_visible()
    screenshot(phone, "guided-stop-advice-phone")
    assert_accessible(phone)
    clam.locator("[data-guided-pain] [data-guided-next]").click()

    # 3. The summary, filled in from the counters; the client adds what is missing.
    expect(form).to_have_attribute("data-mode", "summary")
    expect(form).to_have_attribute("data-wake-lock", "off")  # released at the end
    plank_item, clam_item = program.items.order_by("order")
    expect(phone.locator(f"#id_step-{plank_item.pk}-sets_done")).to_have_value("1")
    expect(phone.locator(f"#id_step-{clam_item.pk}-sets_done")).to_have_value("1")
    expect(phone.locator(f"#id_step-{clam_item.pk}-reps_done")).to_have_value("3")
    expect(phone.locator(f"#id_step-{clam_item.pk}-pain")).to_have_value("7")
    phone.locator(f"#id_step-{plank_item.pk}-pain").fill("1")
    phone.locator(f"#id_step-{plank_item.pk}-difficulty").select_option(label="Just right")
    phone.locator(f"#id_step-{clam_item.pk}-difficulty").select_option(label="Hard")
    screenshot(phone, "guided-summary-phone")
    assert_accessible(phone)
    phone.get_by_role("button", name="Save the session").click()
    expect(phone.get_by_text("Session saved: 2 of 2 exercises done.")).to_be_visible()
    expect(phone.get_by_text("Stop this exercise and rest.")).to_be_visible()
    screenshot(phone, "guided-saved-today-phone")

    clam_log = ItemLog.objects.get(item=clam_item)
    assert (clam_log.sets_done, clam_log.reps_done, clam_log.pain) == (1, 3, 7)
    assert ItemLog.objects.get(item=plank_item).pain == 1
    assert SessionLog.objects.get(program=program).guided_at is not None

    # The clinician sees the logs, the flag and the guided session on the record.
    sign_in(page, clinician_a.user.email, password)
    page.goto(client1.get_absolute_url())
    activity = page.locator("#activity-region")
    expect(activity).to_contain_text("Pain 7/10 during Clam shell")
    expect(activity).to_contain_text("Last guided session:")
    expect(activity).to_contain_text("1 in the last 4 weeks")
    activity.scroll_into_view_if_needed()
    screenshot(page, "guided-record-activity")
