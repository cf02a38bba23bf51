"""Pausing from the programme's edit form is recorded as a pause (issue #9, 6).

ModelForm's ``is_valid()`` writes the new status onto the instance before the service
runs: the pause must still be opened and closed, so paused days are not missed ones.
"""

from datetime import timedelta

from django.urls import reverse

from programs.models import ProgramPause
from programs.progress import progress
from programs.selectors import client_program_summaries
from tests.programs.portal_helpers import days_ago, log_item, make_program, today


def edit(as_user, program, status):
    return as_user.post(
        reverse("programs:program-edit", args=[program.pk]),
        {
            "title": program.title,
            "goal": program.goal,
            "start_date": program.start_date.isoformat(),
            "end_date": "",
            "status": status,
            "notes_to_client": "",
        },
    )


def test_pausing_and_resuming_through_the_edit_form_records_the_pause(as_a, client1):
    """Logged 10 to 6 days ago, paused 5 days ago, active again today: the five paused
    days are neither done nor missed, so adherence stays 5 of 5."""
    program = make_program(client1, items=1, start=days_ago(10))
    for n in range(6, 11):
        log_item(program.items.get(), days_ago(n))

    assert edit(as_a, program, "paused").status_code == 302
    pause = ProgramPause.objects.get(program=program)
    assert (pause.first_day, pause.last_day, pause.status) == (today(), None, "paused")
    # As if the programme had been paused from the form five days ago.
    ProgramPause.objects.filter(pk=pause.pk).update(first_day=days_ago(5))

    assert edit(as_a, program, "active").status_code == 302
    pause.refresh_from_db()
    assert (pause.first_day, pause.last_day) == (days_ago(5), today() - timedelta(days=1))

    result = progress(client1, today()).adherence
    assert (result.logged, result.prescribed) == (5, 5)
    (summary,) = client_program_summaries(client=client1, today=today())
    assert (summary.adherence.logged, summary.adherence.prescribed) == (5, 5)


def test_finishing_a_paused_programme_from_the_form_keeps_one_pause(as_a, client1):
    program = make_program(client1, items=1, start=days_ago(10))
    edit(as_a, program, "paused")
    edit(as_a, program, "finished")
    pause = ProgramPause.objects.get(program=program)
    assert (pause.first_day, pause.last_day, pause.status) == (today(), None, "finished")


def test_saving_the_form_without_a_status_change_opens_no_pause(as_a, client1):
    program = make_program(client1, items=1, start=days_ago(10))
    edit(as_a, program, "active")
    assert not ProgramPause.objects.filter(program=program).exists()
