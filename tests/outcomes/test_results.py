"""Scores on the record, the clinician's home list of the worse, the client's own view."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from outcomes import services


def answered(client, clinician, code, answers, days_ago):
    sent = services.questionnaire_send(client=client, code=code, by=clinician)
    services.answers_save(questionnaire_id=sent.pk, answers=answers)
    at = timezone.now() - timedelta(days=days_ago)
    return services.questionnaire_submit(questionnaire_id=sent.pk, at=at)[0]


def test_the_record_charts_the_scores_with_the_mcid_band(as_a, client1, clinician_a):
    answered(client1, clinician_a, "nprs", {"now": 8}, 20)
    answered(client1, clinician_a, "nprs", {"now": 5}, 1)
    response = as_a.get(
        reverse("outcomes:client-section", args=[client1.pk]), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert '<svg class="outcome-chart"' in page
    assert 'class="mcid-band"' in page
    assert "improved by more than the MCID" in page
    assert "style=" not in page  # the CSP allows no inline styles


def test_no_important_change_and_worse(as_a, client1, clinician_a):
    answered(client1, clinician_a, "nprs", {"now": 4}, 20)
    answered(client1, clinician_a, "nprs", {"now": 5}, 1)
    page = as_a.get(reverse("outcomes:client-section", args=[client1.pk])).content.decode()
    assert "no important change" in page
    answered(client1, clinician_a, "nprs", {"now": 7}, 0)
    page = as_a.get(reverse("outcomes:client-section", args=[client1.pk])).content.decode()
    assert ">worse<" in page


def test_the_home_lists_clients_worse_by_the_mcid(as_a, as_c, client1, clinician_a):
    answered(client1, clinician_a, "nprs", {"now": 2}, 20)
    answered(client1, clinician_a, "nprs", {"now": 6}, 1)
    page = as_a.get(reverse("outcomes:worsened"), HTTP_HX_REQUEST="true").content.decode()
    assert "Cora Client" in page
    assert "NPRS 2 → 6" in page
    assert "Cora Client" not in as_c.get(reverse("outcomes:worsened")).content.decode()


def test_the_home_list_skips_improvement(as_a, client1, clinician_a, django_assert_max_num_queries):
    answered(client1, clinician_a, "nprs", {"now": 8}, 20)
    answered(client1, clinician_a, "nprs", {"now": 2}, 1)
    with django_assert_max_num_queries(8):
        page = as_a.get(reverse("outcomes:worsened")).content.decode()
    assert "No client's score is worse" in page


def test_the_client_sees_their_scores_in_plain_words(as_client1, client1, clinician_a):
    answered(client1, clinician_a, "nprs", {"now": 8}, 20)
    answered(client1, clinician_a, "nprs", {"now": 4}, 1)
    page = as_client1.get(reverse("outcomes:portal-section")).content.decode()
    assert "Your pain scores" in page
    assert "improved by enough to count as a real change" in page
    assert "where lower is better" in page


def test_psfs_follows_each_activity(as_a, client1, clinician_a):
    first = services.questionnaire_send(client=client1, code="psfs", by=clinician_a)
    services.activities_set(questionnaire=first, names=["Stairs", "Running", "Lifting"])
    services.answers_save(questionnaire_id=first.pk, answers={"1": 3, "2": 5, "3": 4})
    services.questionnaire_submit(questionnaire_id=first.pk, at=timezone.now() - timedelta(days=14))
    answered(client1, clinician_a, "psfs", {"1": 6, "2": 7, "3": 4}, 0)
    page = as_a.get(reverse("outcomes:client-section", args=[client1.pk])).content.decode()
    assert "no important change" in page
    assert "Stairs: 3 → 6 (an important change for this activity)" in page
    assert "Running: 5 → 7</li>" in page
