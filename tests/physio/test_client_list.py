import pytest
from django.urls import reverse

from tests.factories import ClientFactory

URL = reverse("physio:client-list")


def test_it_lists_only_my_clinics_active_clients(as_a, client1, client2, clinic1):
    ClientFactory(clinic=clinic1, first_name="Old", last_name="Archived", archived=True)
    response = as_a.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Client, Cora" in body
    assert "Other, Dan" not in body  # clinic 2
    assert "Archived, Old" not in body


def test_it_shows_archived_when_asked(as_a, clinic1):
    ClientFactory(clinic=clinic1, first_name="Old", last_name="Archived", archived=True)
    response = as_a.get(URL, {"archived": "1"})
    assert "Archived, Old" in response.content.decode()


def test_it_searches_by_name(as_a, clinic1):
    ClientFactory(clinic=clinic1, first_name="Maria", last_name="Lopez")
    ClientFactory(clinic=clinic1, first_name="Tom", last_name="Baker")
    body = as_a.get(URL, {"q": "lop"}).content.decode()
    assert "Lopez, Maria" in body
    assert "Baker, Tom" not in body
    body = as_a.get(URL, {"q": "maria lopez"}).content.decode()
    assert "Lopez, Maria" in body


def test_htmx_gets_only_the_results(as_a, client1):
    response = as_a.get(URL, {"q": "cora"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="client-results"' in body
    assert "Client, Cora" in body


def test_it_paginates(as_a, clinic1):
    ClientFactory.create_batch(30, clinic=clinic1)
    first = as_a.get(URL)
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = as_a.get(URL, {"page": "2"})
    assert len(second.context["page"].object_list) == 5


def test_query_count_does_not_grow(as_a, clinic1, clinician_a, django_assert_max_num_queries):
    ClientFactory.create_batch(3, clinic=clinic1, lead_clinician=clinician_a)
    with django_assert_max_num_queries(8) as small:
        as_a.get(URL)
    ClientFactory.create_batch(22, clinic=clinic1, lead_clinician=clinician_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        as_a.get(URL)


def test_a_client_account_gets_404(as_client1):
    assert as_client1.get(URL).status_code == 404


def test_it_rejects_post(as_a):
    assert as_a.post(URL).status_code == 405


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
