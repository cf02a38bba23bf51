"""The private calendar feed: parsed back with icalendar; secret, resettable, scoped."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from calendars.feed import FEED_DAYS, calendar_bytes
from calendars.models import CalendarFeed
from programs.models import ProgramPause
from tests.programs.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory
from tests.programs.portal_helpers import make_program, today

PAGE = reverse("calendars:portal")
NEW = reverse("calendars:new-link")


def events(body: bytes) -> dict[date, object]:
    calendar = Calendar.from_ical(body)
    return {event.decoded("dtstart"): event for event in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_the_client_sets_up_a_feed_and_subscribes_with_webcal(as_client1, client1, client):
    page = as_client1.get(PAGE).content.decode()
    assert "Set up my calendar" in page
    assert as_client1.post(NEW).url == PAGE
    feed = CalendarFeed.objects.get(client=client1)
    page = as_client1.get(PAGE).content.decode()
    assert f'href="webcal://testserver/calendar/{feed.token}.ics"' in page

    make_program(client1, items=2, start=today() - timedelta(days=3))
    answer = client.get(feed.get_absolute_url())  # a calendar app: nobody signed in
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(answer.content)
    assert sorted(found) == [today() + timedelta(days=n) for n in range(FEED_DAYS)]
    first = found[today()]
    assert str(first["summary"]) == "Home exercises"
    assert first.decoded("dtend") == today() + timedelta(days=1)
    assert "exercise 0: 2 sets of 15" in str(first["description"])
    assert len({str(event["uid"]) for event in found.values()}) == FEED_DAYS


@pytest.mark.django_db
def test_only_prescribed_days_pauses_and_times_a_day_follow_the_schedule(client1):
    monday = date(2026, 3, 2)
    program = ProgramFactory(client=client1, start_date=monday, end_date=monday + timedelta(20))
    ProgramItemFactory(
        program=program,
        exercise=ExerciseFactory(name="Bridge"),
        days_of_week=[0, 2, 4],
        times_per_day=2,
    )
    ProgramItemFactory(
        program=program, exercise=ExerciseFactory(name="Calf raise"), days_of_week=[0]
    )
    ProgramPause.objects.create(
        program=program, first_day=monday + timedelta(7), last_day=monday + timedelta(13)
    )
    feed = CalendarFeed.objects.create(client=client1, time_zone="Europe/London")
    found = events(
        calendar_bytes(feed, host="testserver", now=datetime(2026, 3, 1, 12, tzinfo=UTC))
    )
    week1 = [monday, monday + timedelta(2), monday + timedelta(4)]
    week3 = [d + timedelta(14) for d in week1]
    assert sorted(found) == week1 + week3  # the paused week and the days after the end: none
    assert str(found[monday]["summary"]) == "Home exercises (2 sessions)"
    assert "Calf raise" in str(found[monday]["description"])
    assert "Calf raise" not in str(found[monday + timedelta(2)]["description"])


@pytest.mark.django_db
def test_the_days_are_the_clients_own_in_their_time_zone(client1):
    make_program(client1, items=1, start=date(2026, 1, 1))
    noon_utc = datetime(2026, 3, 1, 12, tzinfo=UTC)  # already 2 March at UTC+14
    for zone, first in (
        ("Pacific/Kiritimati", date(2026, 3, 2)),
        ("America/New_York", date(2026, 3, 1)),
    ):
        feed, _ = CalendarFeed.objects.update_or_create(
            client=client1, defaults={"time_zone": zone}
        )
        calendar = Calendar.from_ical(calendar_bytes(feed, host="testserver", now=noon_utc))
        assert str(calendar["x-wr-timezone"]) == zone
        assert min(events(calendar.to_ical())) == first


@pytest.mark.django_db
def test_a_new_address_retires_the_old_one(as_client1, client1, client):
    as_client1.post(NEW)
    old = CalendarFeed.objects.get().get_absolute_url()
    assert client.get(old).status_code == 200
    answer = as_client1.post(NEW, follow=True)
    assert "the old one no longer works" in answer.content.decode()
    new = CalendarFeed.objects.get().get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


@pytest.mark.django_db
def test_the_time_zone_is_chosen_from_the_list(as_client1, client1):
    as_client1.post(NEW)
    answer = as_client1.post(PAGE, {"time_zone": "Mars/Olympus"})
    assert "Select a valid choice" in answer.content.decode()
    as_client1.post(PAGE, {"time_zone": "Australia/Sydney"})
    assert CalendarFeed.objects.get().time_zone == "Australia/Sydney"


@pytest.mark.django_db
def test_strangers_get_404(client, as_a, client1):
    assert client.get(reverse("calendars:feed", args=["not-a-token"])).status_code == 404
    assert as_a.get(PAGE).status_code == 404
    assert as_a.post(NEW).status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_an_archived_client_has_no_feed(as_client1, client1, client):
    as_client1.post(NEW)
    url = CalendarFeed.objects.get().get_absolute_url()
    client1.archived = True
    client1.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_wrong_methods(as_client1, client):
    assert as_client1.get(NEW).status_code == 405
    as_client1.post(NEW)
    assert client.post(CalendarFeed.objects.get().get_absolute_url()).status_code == 405


@pytest.mark.django_db
def test_the_portal_home_leads_to_the_calendar_page(as_client1):
    home = as_client1.get(reverse("physio:portal-home")).content.decode()
    assert f'href="{PAGE}"' in home
