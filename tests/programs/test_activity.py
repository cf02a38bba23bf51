"""The clinician's Activity section of the client record: flags, adherence, sessions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import CheckIn, ItemLog
from tests.programs.portal_helpers import (
    check_in,
    days_ago,
    log_every_day,
    log_item,
    make_program,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def program(client1):
    program = make_program(client1, items=2, start=days_ago(10), title="Knee plan")
    log_every_day(program, days=10)
    return program


@pytest.fixture
def pain_log(program):
    item = program.items.first()
    return log_item(item, days_ago(0), pain=7, comment="Sharp at the knee")


@pytest.fixture
def worse_morning(client1):
    return check_in(client1, days_ago(0), pain=6, compared_with=3)


def url(client):
    return reverse("programs:client-activity", args=[client.pk])


def review_url(client, kind, flagged):
    return reverse("programs:flag-review", args=[client.pk, kind, flagged.pk])


def test_it_shows_flags_adherence_and_sessions(as_a, client1, pain_log, worse_morning):
    response = as_a.get(url(client1), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert '<span class="badge text-bg-danger" id="open-flags">2 open</span>' in body
    assert "<strong>Pain 7/10</strong> during" in body
    assert "Sharp at the knee" in body
    assert "<strong>Morning pain 6/10</strong>, above 3/10 the day before" in body
    assert '<strong id="activity-adherence">100%</strong>' in body
    assert "adherent (≥ 80%)" in body
    assert "Knee plan" in body
    assert body.count("Mark reviewed") == 2


def test_a_full_page_without_htmx(as_a, client1, program):
    body = as_a.get(url(client1)).content.decode()
    assert "<html" in body
    assert "none open" in body


def test_marking_reviewed_with_htmx_swaps_the_section(as_a, client1, pain_log, worse_morning):
    response = as_a.post(review_url(client1, "log", pain_log), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="activity-region"' in body
    assert "1 open" in body
    pain_log.refresh_from_db()
    assert pain_log.flag_reviewed_at is not None
    assert "Reviewed" in body


def test_marking_reviewed_with_a_plain_form_redirects(as_a, client1, worse_morning):
    response = as_a.post(review_url(client1, "check-in", worse_morning))
    assert response.status_code == 302
    assert response["Location"] == client1.get_absolute_url() + "#section-activity"
    worse_morning.refresh_from_db()
    assert worse_morning.flag_reviewed_at is not None


def test_only_flags_can_be_reviewed(as_a, client1, program):
    calm = log_item(program.items.first(), days_ago(0), pain=2)
    assert as_a.post(review_url(client1, "log", calm)).status_code == 404
    not_worse = check_in(client1, days_ago(0), pain=2, compared_with=4)
    assert as_a.post(review_url(client1, "check-in", not_worse)).status_code == 404
    assert as_a.post(review_url(client1, "other", calm)).status_code == 404


def test_a_flag_of_another_client_is_404(as_a, client1, clinic1, pain_log):
    from tests.factories import ClientFactory

    other = ClientFactory(clinic=clinic1)
    assert as_a.post(review_url(other, "log", pain_log)).status_code == 404
    assert ItemLog.objects.get(pk=pain_log.pk).flag_reviewed_at is None


def test_a_colleague_in_the_clinic_sees_it(as_b, client1, pain_log):
    assert as_b.get(url(client1)).status_code == 200


def test_a_read_only_member_sees_flags_but_cannot_review(as_viewer, client1, pain_log):
    body = as_viewer.get(url(client1)).content.decode()
    assert "Pain 7/10" in body
    assert "Mark reviewed" not in body
    assert as_viewer.post(review_url(client1, "log", pain_log)).status_code == 403


def test_another_clinic_gets_404(as_c, client1, pain_log, worse_morning):
    assert as_c.get(url(client1)).status_code == 404
    assert as_c.post(review_url(client1, "log", pain_log)).status_code == 404
    assert as_c.post(review_url(client1, "check-in", worse_morning)).status_code == 404
    assert CheckIn.objects.get(pk=worse_morning.pk).flag_reviewed_at is None


def test_a_client_gets_404(as_client1, client1, pain_log):
    assert as_client1.get(url(client1)).status_code == 404
    assert as_client1.post(review_url(client1, "log", pain_log)).status_code == 404


def test_anonymous_goes_to_sign_in(client, client1):
    response = client.get(url(client1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_methods(as_a, client1, pain_log):
    assert as_a.post(url(client1)).status_code == 405
    assert as_a.get(review_url(client1, "log", pain_log)).status_code == 405


def test_the_client_record_loads_the_section(as_a, client1):
    body = as_a.get(client1.get_absolute_url()).content.decode()
    assert f'hx-get="{url(client1)}"' in body


def test_query_count_does_not_grow_with_logs_or_flags(as_a, client1, django_assert_num_queries):
    small = make_program(client1, items=1, start=days_ago(5))
    log_every_day(small, days=3)
    log_item(small.items.get(), days_ago(0), pain=8)
    as_a.get(url(client1), headers=HTMX)
    with CaptureQueriesContext(connection) as measured:
        as_a.get(url(client1), headers=HTMX)
    for _ in range(2):
        big = make_program(client1, items=5, start=days_ago(400))
        log_every_day(big, days=365, pain=7)
    for n in range(1, 6):
        check_in(client1, days_ago(n), pain=5, compared_with=2)
    with django_assert_num_queries(len(measured.captured_queries)):
        response = as_a.get(url(client1), headers=HTMX)
    assert "3656 open" in response.content.decode()


def test_the_headings_follow_the_page_they_are_on(as_a, client1, program):
    # Alone, under the page's h1: h2. In the record, under the section's "Activity" h2: h3.
    page = as_a.get(url(client1)).content.decode()
    assert '<h2 class="h6 mb-2">Flags' in page
    assert '<h2 class="h6 mb-1">Recent sessions</h2>' in page
    assert "<h3" not in page
    section = as_a.get(url(client1), headers=HTMX).content.decode()
    assert '<h3 class="h6 mb-2">Flags' in section
    assert '<h3 class="h6 mb-1">Recent sessions</h3>' in section
    assert "<h2" not in section
