"""Three of four due exercises logged: the client and the clinician read "3 of 4" and
"partly done" (exercises done ÷ due), while adherence still counts the session once one
exercise in it is done (docs/clinical.md §4)."""

from django.urls import reverse
from django.utils.dateformat import format as date_format

from programs.adherence import PAIN_ACCEPTABLE_MAX, PAIN_SAFE_MAX
from programs.progress import progress
from tests.programs.portal_helpers import days_ago, log_item, make_program, today

HTMX = {"HX-Request": "true"}


def _three_of_four(client):
    program = make_program(client, items=4, start=days_ago(1))
    for item in list(program.items.order_by("order"))[:3]:
        log_item(item, days_ago(1))
    return program


def test_the_calendar_says_partly_done_3_of_4(as_client1, client1):
    _three_of_four(client1)
    body = as_client1.get(reverse("programs:portal-progress")).content.decode()
    label = f'aria-label="{date_format(days_ago(1), "l j F")}: partly done, 3 of 4 exercises"'
    assert label in body
    assert "portal-day-partial" in body
    (day,) = [d for week in progress(client1, today()).weeks for d in week if d.date == days_ago(1)]
    assert (day.state, day.done, day.due) == ("partial", 3, 4)


def test_adherence_still_counts_the_session(client1):
    _three_of_four(client1)
    result = progress(client1, today()).adherence
    assert (result.logged, result.prescribed) == (1, 1)


def test_the_activity_section_says_3_of_4(as_a, client1):
    _three_of_four(client1)
    url = reverse("programs:client-activity", args=[client1.pk])
    body = as_a.get(url, headers=HTMX).content.decode()
    assert "<td>3 of 4</td>" in body
    assert "3 of 3" not in body


def test_a_day_with_every_exercise_done_is_all_done(as_client1, client1):
    program = _three_of_four(client1)
    log_item(program.items.order_by("order").last(), days_ago(1))
    (day,) = [d for week in progress(client1, today()).weeks for d in week if d.date == days_ago(1)]
    assert (day.state, day.label) == ("done", "all done, 4 of 4 exercises")


def test_the_pain_guide_reads_its_limits_from_the_one_constant(as_client1, client1):
    program = make_program(client1, items=1, start=days_ago(1))
    item = program.items.get()
    url = reverse("programs:portal-item", args=[item.pk])
    body = as_client1.get(url).content.decode()
    assert f'data-pain-safe-max="{PAIN_SAFE_MAX}"' in body
    assert f'data-pain-acceptable-max="{PAIN_ACCEPTABLE_MAX}"' in body
    assert f"above {PAIN_ACCEPTABLE_MAX}: stop" in body
