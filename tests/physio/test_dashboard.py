from django.urls import reverse

URL = reverse("physio:dashboard")


def test_it_shows_my_clients(as_a, client1, client2):
    body = as_a.get(URL).content.decode()
    assert "Cora Client" in body
    assert "Dan Other" not in body
    assert "1 active client" in body


def test_a_client_gets_404(as_client1):
    assert as_client1.get(URL).status_code == 404
