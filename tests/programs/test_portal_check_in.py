"""The next-morning check-in: pain compared with the day before (docs/clinical.md §4)."""

import pytest
from django.urls import reverse

from programs.models import CheckIn
from programs.portal_services import check_in_save
from tests.programs.portal_helpers import check_in, days_ago, log_item, make_program, today

URL = reverse("programs:portal-check-in")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def program(client1):
    return make_program(client1, items=2)


def test_it_compares_with_the_check_in_of_the_day_before(as_client1, client1, program):
    check_in(client1, days_ago(1), pain=2)
    log_item(program.items.first(), days_ago(1), pain=6)  # a check-in wins over the logs
    body = as_client1.post(URL, {"pain": "4"}, headers=HTMX).content.decode()
    saved = CheckIn.objects.get(date=today())
    assert (saved.pain, saved.compared_with) == (4, 2)
    assert saved.is_flagged
    assert "Your pain is worse than the day before." in body
    assert "Reduce the load" in body
    assert "<html" not in body


def test_without_a_check_in_it_compares_with_the_worst_pain_logged(as_client1, client1, program):
    first, second = program.items.all()
    log_item(first, days_ago(1), pain=3)
    log_item(second, days_ago(1), pain=5)
    log_item(second, days_ago(2), pain=9)  # two days ago does not count
    as_client1.post(URL, {"pain": "4"}, headers=HTMX)
    saved = CheckIn.objects.get()
    assert saved.compared_with == 5
    assert not saved.is_flagged


def test_with_nothing_the_day_before_there_is_no_flag(as_client1, program):
    body = as_client1.post(URL, {"pain": "8"}, headers=HTMX).content.decode()
    saved = CheckIn.objects.get()
    assert saved.compared_with is None
    assert not saved.is_flagged
    assert "worse than the day before" not in body


def test_the_same_pain_is_not_worse(as_client1, client1, program):
    check_in(client1, days_ago(1), pain=3)
    body = as_client1.post(URL, {"pain": "3"}, headers=HTMX).content.decode()
    assert "Not worse than the day before" in body
    assert not CheckIn.objects.get(date=today()).is_flagged


def test_it_can_be_changed_the_same_day_and_a_new_score_reopens_the_flag(client1, program):
    check_in(client1, days_ago(1), pain=1)
    first = check_in_save(client=client1, day=today(), pain=4)
    first.flag_reviewed_at = first.created_at
    first.save()
    again = check_in_save(client=client1, day=today(), pain=5, note="Stiff")
    assert again.pk == first.pk
    assert (again.pain, again.note, again.flag_reviewed_at) == (5, "Stiff", None)
    assert CheckIn.objects.filter(client=client1).count() == 2


@pytest.mark.parametrize("pain", ["11", "-1", "", "bad"])
def test_bad_pain_gets_a_message_and_keeps_the_note(as_client1, program, pain):
    body = as_client1.post(
        URL, {"pain": pain, "note": "Slept badly"}, headers=HTMX
    ).content.decode()
    assert "Pain is a whole number from 0 to 10." in body
    assert "Slept badly" in body
    assert not CheckIn.objects.exists()


def test_without_htmx_it_redirects_or_shows_the_page(as_client1, program):
    response = as_client1.post(URL, {"pain": "11"})
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    response = as_client1.post(URL, {"pain": "2"})
    assert response.status_code == 302
    assert CheckIn.objects.get().pain == 2


def test_the_today_page_shows_this_mornings_check_in(as_client1, client1, program):
    check_in(client1, today(), pain=6, compared_with=3)
    body = as_client1.get(reverse("programs:portal-today")).content.decode()
    assert "Pain this morning: <strong>6/10</strong>; the day before: 3/10." in body
    assert "Your pain is worse than the day before." in body


def test_a_clinician_gets_404(as_a):
    assert as_a.post(URL, {"pain": "2"}).status_code == 404


def test_it_rejects_get(as_client1):
    assert as_client1.get(URL).status_code == 405
