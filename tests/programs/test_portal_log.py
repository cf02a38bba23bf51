"""Logging one round of an exercise from the portal (point 8)."""

import pytest
from django.urls import reverse

from programs.models import ItemLog, ProgramStatus
from tests.factories import ClientFactory, UserFactory
from tests.programs.factories import ProgramItemFactory
from tests.programs.portal_helpers import days_ago, log_item, make_program, today

HTMX = {"HX-Request": "true"}


@pytest.fixture
def item(client1):
    program = make_program(client1, items=0)
    return ProgramItemFactory(program=program, sets=3, reps=15, times_per_day=2)


def url(item, round=1):
    return reverse("programs:portal-item-log", args=[item.pk, round])


def data(**changes):
    values = {
        "day": today().isoformat(),
        "done": "yes",
        "sets_done": "3",
        "reps_done": "15",
        "pain": "2",
        "difficulty": "3",
        "comment": "Felt good",
    }
    values.update(changes)
    return values


def test_it_saves_a_round_and_swaps_the_card(as_client1, item):
    response = as_client1.post(url(item), data(), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="log-{item.pk}-1"' in body
    assert "Saved." in body
    assert "Pain <strong>2/10</strong>" in body
    log = ItemLog.objects.get()
    assert (log.session.date, log.session.round) == (today(), 1)
    assert (log.done, log.sets_done, log.reps_done, log.pain, log.difficulty) == (
        True,
        3,
        15,
        2,
        3,
    )
    assert log.comment == "Felt good"
    assert not log.is_flagged


def test_each_round_is_its_own_log(as_client1, item):
    as_client1.post(url(item, 1), data(), headers=HTMX)
    as_client1.post(url(item, 2), data(pain="3"), headers=HTMX)
    assert sorted(ItemLog.objects.values_list("session__round", "pain")) == [(1, 2), (2, 3)]


def test_pain_above_5_shows_stop_advice_and_flags_the_log(as_client1, item):
    body = as_client1.post(url(item), data(pain="7"), headers=HTMX).content.decode()
    assert "Stop this exercise and rest." in body
    assert "too much" in body
    log = ItemLog.objects.get()
    assert log.is_flagged
    assert log.flag_reviewed_at is None


@pytest.mark.parametrize(("pain", "advice"), [("3", "fine"), ("5", "acceptable")])
def test_the_pain_zone_is_explained(as_client1, item, pain, advice):
    body = as_client1.post(url(item), data(pain=pain), headers=HTMX).content.decode()
    assert "Stop this exercise" not in body
    assert f">{advice}</span>" in body


def test_the_same_day_log_can_be_changed(as_client1, item):
    as_client1.post(url(item), data(pain="7"), headers=HTMX)
    log = ItemLog.objects.get()
    log.flag_reviewed_at = log.updated_at
    log.save()
    as_client1.post(url(item), data(pain="1", comment="Better after a rest"), headers=HTMX)
    log = ItemLog.objects.get()
    assert (log.pain, log.comment) == (1, "Better after a rest")
    assert log.flag_reviewed_at is None  # a new pain score is new news


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain", "11", "Pain is a whole number from 0 to 10."),
        ("pain", "-1", "Pain is a whole number from 0 to 10."),
        ("pain", "a lot", "Pain is a whole number from 0 to 10."),
        ("sets_done", "-1", "Sets are a whole number from 0 to 20."),
        ("reps_done", "500", "Repetitions are a whole number from 0 to 200."),
        ("difficulty", "9", "Choose how hard it was from the list."),
        ("pain", "", "How much pain did you feel? Enter 0 if none."),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_typing(
    as_client1, item, field, value, message
):
    typed = data(**{field: value}, comment="Typed with care")
    body = as_client1.post(url(item), typed, headers=HTMX).content.decode()
    assert message in body
    assert f'id="id_{item.pk}_1_{field}"' in body
    assert 'aria-invalid="true"' in body or "is-invalid" in body
    assert "Typed with care" in body
    if value and field != "difficulty":  # a select cannot show a value it does not offer
        assert f'value="{value}"' in body
    assert not ItemLog.objects.exists()


def test_bad_input_without_htmx_renders_the_page_with_the_message(as_client1, item):
    response = as_client1.post(url(item), data(pain="11", comment="Kept"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert "Pain is a whole number from 0 to 10." in body
    assert 'value="11"' in body
    assert "Kept" in body


def test_without_htmx_it_redirects_to_today(as_client1, item):
    response = as_client1.post(url(item), data())
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:portal-today") + f"#item-{item.pk}"
    assert ItemLog.objects.count() == 1


def test_not_done_needs_no_pain(as_client1, item):
    response = as_client1.post(url(item), data(done="no", pain="", sets_done=""), headers=HTMX)
    assert "Not done" in response.content.decode()
    log = ItemLog.objects.get()
    assert (log.done, log.pain, log.sets_done) == (False, None, None)


def test_earlier_days_are_read_only(as_client1, item):
    earlier = log_item(item, days_ago(1), pain=2)
    body = as_client1.post(
        url(item), data(day=days_ago(1).isoformat(), pain="9"), headers=HTMX
    ).content.decode()
    assert "That day is over" in body
    earlier.refresh_from_db()
    assert earlier.pain == 2
    assert ItemLog.objects.count() == 1


def test_a_programme_not_running_today_takes_no_logs(as_client1, item):
    item.program.status = ProgramStatus.PAUSED
    item.program.save()
    body = as_client1.post(url(item), data(), headers=HTMX).content.decode()
    assert "not running today" in body
    assert not ItemLog.objects.exists()


def test_a_round_beyond_times_a_day_is_404(as_client1, item):
    assert as_client1.post(url(item, 3), data(), headers=HTMX).status_code == 404
    assert as_client1.post(url(item, 0), data(), headers=HTMX).status_code == 404


def test_another_clients_item_is_404(as_client1, clinic1):
    other = ClientFactory(clinic=clinic1, user=UserFactory())
    foreign = ProgramItemFactory(program=make_program(other, items=0))
    assert as_client1.post(url(foreign), data(), headers=HTMX).status_code == 404
    assert as_client1.get(url(foreign), headers=HTMX).status_code == 404
    assert not ItemLog.objects.exists()


def test_a_clinician_gets_404(as_a, item):
    assert as_a.post(url(item), data()).status_code == 404


def test_anonymous_goes_to_sign_in(client, item):
    response = client.post(url(item), data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_opens_the_form_in_the_card_with_what_was_logged(as_client1, item):
    log_item(item, today(), round=2, pain=4, comment="Tight hips")
    response = as_client1.get(url(item, 2), headers=HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="log-{item.pk}-2"' in body
    assert f'action="{url(item, 2)}"' in body
    assert f'id="id_{item.pk}_2_pain"' in body
    assert 'value="4"' in body
    assert "Tight hips" in body


def test_get_without_htmx_goes_to_the_exercise_page(as_client1, item):
    response = as_client1.get(url(item, 2))
    assert response.status_code == 302
    page = reverse("programs:portal-item", args=[item.pk])
    assert response["Location"] == f"{page}?round=2#log-{item.pk}-2"


def test_get_for_a_programme_not_running_is_404(as_client1, item):
    item.program.status = ProgramStatus.FINISHED
    item.program.save()
    assert as_client1.get(url(item), headers=HTMX).status_code == 404


def test_it_rejects_put(as_client1, item):
    assert as_client1.put(url(item)).status_code == 405
