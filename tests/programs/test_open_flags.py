"""The clinician's home page: open flags across the clinic's clients ("Needs attention")."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ClientFactory
from tests.programs.portal_helpers import check_in, days_ago, log_item, make_program

URL = reverse("programs:open-flags")
HTMX = {"HX-Request": "true"}


def pain(client, days: int, value: int, **fields):
    program = client.programs.first() or make_program(client, items=1, start=days_ago(20))
    return log_item(program.items.first(), days_ago(days), pain=value, **fields)


def test_the_home_page_loads_the_section(as_a):
    body = as_a.get(reverse("physio:dashboard")).content.decode()
    assert "Needs attention" in body
    assert f'hx-get="{URL}"' in body
    assert f'href="{URL}"' in body  # without JavaScript, a link


def test_it_lists_open_flags_of_the_clinic_newest_first(as_a, client1, clinic1):
    other = ClientFactory(clinic=clinic1, first_name="Olga", last_name="Second")
    pain(client1, 3, 7, comment="Sharp at the knee")
    check_in(other, days_ago(1), pain=6, compared_with=3)
    pain(client1, 2, 4)  # acceptable: no flag
    body = as_a.get(URL, headers=HTMX).content.decode()
    assert "<html" not in body
    assert "2 open</span>" in body
    assert "in 2 clients" in body
    assert body.index("Olga Second") < body.index("Cora Client")
    assert "Morning pain 6/10, above 3/10 the day before" in body
    assert "Pain 7/10 during" in body
    assert "Sharp at the knee" in body
    assert "Pain 4/10" not in body
    assert f'href="{client1.get_absolute_url()}#section-activity-title"' in body


def test_reviewed_archived_and_other_clinics_flags_stay_out(as_a, client1, client2, clinic1):
    reviewed = pain(client1, 3, 8)
    reviewed.flag_reviewed_at = timezone.now()
    reviewed.save()
    archived = ClientFactory(clinic=clinic1, first_name="Arch", last_name="Ived", archived=True)
    pain(archived, 2, 9)
    pain(client2, 1, 9)
    body = as_a.get(URL, headers=HTMX).content.decode()
    assert "No open flags" in body
    assert "Arch Ived" not in body
    assert "Dan Other" not in body


def test_a_page_without_htmx_and_a_cap_on_the_list(as_a, client1):
    for days in range(1, 25):
        pain(client1, days, 7)
    body = as_a.get(URL).content.decode()
    assert "<html" in body
    assert "24 open</span>" in body
    assert body.count("Pain 7/10 during") == 20
    assert "And 4 older" in body


def test_query_count_does_not_grow_with_flags_or_clients(as_a, client1, clinic1):
    pain(client1, 1, 7)
    as_a.get(URL, headers=HTMX)
    with CaptureQueriesContext(connection) as few:
        as_a.get(URL, headers=HTMX)
    for n in range(5):
        client = ClientFactory(clinic=clinic1, first_name=f"C{n}", last_name="Many")
        pain(client, 1, 8)
        check_in(client, days_ago(0), pain=7, compared_with=2)
    with CaptureQueriesContext(connection) as many:
        assert "11 open</span>" in as_a.get(URL, headers=HTMX).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_only_clinicians_reach_it(client, as_client1):
    assert as_client1.get(URL).status_code == 404
    assert client.get(URL).status_code == 302
    assert as_client1.post(URL).status_code in (404, 405)
