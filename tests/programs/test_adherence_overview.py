"""The clinician's home page: adherence of the clinic's clients over the last four weeks."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import ProgramPause
from tests.factories import ClientFactory
from tests.programs.portal_helpers import days_ago, log_item, make_program, today

URL = reverse("programs:clinic-adherence")
HTMX = {"HX-Request": "true"}


def with_logs(client, *, due_days: int, logged_days: int, **fields):
    """A programme due every day for ``due_days`` up to yesterday, ``logged_days`` logged."""
    program = make_program(client, items=1, start=days_ago(due_days), **fields)
    item = program.items.get()
    for n in range(1, logged_days + 1):
        log_item(item, days_ago(n))
    return program


def test_the_home_page_loads_the_section(as_a):
    body = as_a.get(reverse("physio:dashboard")).content.decode()
    assert "Adherence, last four weeks" in body
    assert f'hx-get="{URL}"' in body


def test_clients_below_80_percent_are_listed_lowest_first(as_a, client1, clinic1):
    with_logs(client1, due_days=10, logged_days=7)  # 70%
    low = ClientFactory(clinic=clinic1, first_name="Lou", last_name="Low")
    with_logs(low, due_days=10, logged_days=2)  # 20%
    good = ClientFactory(clinic=clinic1, first_name="Gus", last_name="Good")
    with_logs(good, due_days=10, logged_days=9)  # 90%
    body = as_a.get(URL, headers=HTMX).content.decode()
    assert "<html" not in body
    assert "On track: 1 of 3 clients with sessions due" in body
    assert body.index("Lou Low") < body.index("Cora Client")
    assert "20%</span>" in body
    assert "7 of 10 sessions" in body
    assert "Gus Good" not in body


def test_the_figures_match_the_record_and_count_every_programme(as_a, client1):
    with_logs(client1, due_days=10, logged_days=10)
    with_logs(client1, due_days=10, logged_days=0, title="Second")
    body = as_a.get(URL, headers=HTMX).content.decode()
    assert "10 of 20 sessions" in body  # both programmes added up
    section = reverse("programs:client-section", args=[client1.pk])
    record = as_a.get(section, headers=HTMX).content.decode()
    assert "10 of 10 sessions" in record
    assert "0 of 10 sessions" in record


def test_paused_days_archived_clients_and_other_clinics_stay_out(as_a, client1, client2, clinic1):
    program = with_logs(client1, due_days=10, logged_days=4)
    ProgramPause.objects.create(program=program, first_day=days_ago(10), last_day=days_ago(5))
    archived = ClientFactory(clinic=clinic1, first_name="Arch", last_name="Ived", archived=True)
    with_logs(archived, due_days=10, logged_days=0)
    with_logs(client2, due_days=10, logged_days=0)
    body = as_a.get(URL, headers=HTMX).content.decode()
    assert "On track: 1 of 1 client with sessions due" in body  # 4 of the 4 days due
    assert "Arch Ived" not in body
    assert "Dan Other" not in body


def test_nobody_due_says_so_and_a_page_without_htmx(as_a, client1):
    make_program(client1, items=1, start=today() + timedelta(days=3))
    body = as_a.get(URL).content.decode()
    assert "<html" in body
    assert "No client had sessions due in the last four weeks." in body


def test_query_count_does_not_grow_with_clients_or_logs(as_a, client1, clinic1):
    with_logs(client1, due_days=5, logged_days=3)
    as_a.get(URL, headers=HTMX)
    with CaptureQueriesContext(connection) as few:
        as_a.get(URL, headers=HTMX)
    for n in range(5):
        client = ClientFactory(clinic=clinic1, first_name=f"C{n}", last_name="Many")
        with_logs(client, due_days=20, logged_days=15)
    with CaptureQueriesContext(connection) as many:
        as_a.get(URL, headers=HTMX)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_only_clinicians_reach_it(client, as_client1):
    assert as_client1.get(URL).status_code == 404
    assert client.get(URL).status_code == 302


def test_the_home_shows_the_lowest_few_and_links_to_every_client(as_a, client1, clinic1):
    for n in range(7):
        client = ClientFactory(clinic=clinic1, first_name=f"Low{n}", last_name=f"Z{n}")
        with_logs(client, due_days=10, logged_days=n)  # 0% to 60%
    with_logs(client1, due_days=10, logged_days=10)
    body = as_a.get(URL, headers=HTMX).content.decode()
    assert body.count("<li class=") == 5
    assert body.index("Low0 Z0") < body.index("Low4 Z4")
    assert "Low5 Z5" not in body
    assert f'<a href="{URL}">All 8 clients with sessions due (7 below 80%)</a>' in body


def test_the_full_list_pages_every_client_lowest_first(as_a, client1, clinic1):
    for n in range(52):
        client = ClientFactory(clinic=clinic1, first_name="Many", last_name=f"N{n:02}")
        with_logs(client, due_days=4, logged_days=n % 5)
    first = as_a.get(URL).content.decode()
    assert "Page 1 of 2" in first
    assert first.count("<tr>") == 51  # the header and 50 clients
    assert first.index("Many N00") < first.index("Many N04")  # 0% before 100%
    second = as_a.get(URL, {"page": 2}).content.decode()
    assert second.count("<tr>") == 3
    assert "100%" in second  # the highest come last
    with CaptureQueriesContext(connection) as page_one:
        as_a.get(URL)
    with CaptureQueriesContext(connection) as page_two:
        as_a.get(URL, {"page": 2})
    assert len(page_one.captured_queries) == len(page_two.captured_queries)
