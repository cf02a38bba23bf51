from django.urls import reverse

URL = reverse("physio:portal-home")


def test_a_client_is_greeted(as_client1):
    response = as_client1.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hello, Cora" in body
    assert "Clinic One" in body


def test_a_clinician_gets_404(as_a):
    assert as_a.get(URL).status_code == 404


def test_it_rejects_post(as_client1):
    assert as_client1.post(URL).status_code == 405
