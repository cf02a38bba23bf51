from django.urls import reverse


def _url(client):
    return reverse("physio:client-detail", args=[client.pk])


def test_it_shows_the_record(as_b, client1):
    response = as_b.get(_url(client1))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cora Client" in body
    for section in ("Assessments", "Programmes", "Activity"):
        assert section in body


def test_another_clinic_gets_404(as_c, client1):
    assert as_c.get(_url(client1)).status_code == 404


def test_an_unknown_id_gets_404(as_a):
    assert as_a.get(reverse("physio:client-detail", args=[999999])).status_code == 404


def test_a_client_cannot_open_clinician_pages(as_client1, client1):
    assert as_client1.get(_url(client1)).status_code == 404
    assert as_client1.get(reverse("physio:dashboard")).status_code == 404


def test_it_rejects_post(as_a, client1):
    assert as_a.post(_url(client1)).status_code == 405


def test_a_viewer_sees_no_edit_buttons(as_viewer, client1):
    body = as_viewer.get(_url(client1)).content.decode()
    assert "Cora Client" in body
    assert reverse("physio:client-edit", args=[client1.pk]) not in body
