from django.urls import reverse


def _url(client):
    return reverse("physio:client-archive", args=[client.pk])


def test_it_archives_and_restores(as_a, client1):
    response = as_a.post(_url(client1), {"archived": "1"})
    assert response.status_code == 302
    client1.refresh_from_db()
    assert client1.archived
    as_a.post(_url(client1), {"archived": "0"})
    client1.refresh_from_db()
    assert not client1.archived


def test_an_archived_client_loses_portal_access(as_a, as_client1, client1):
    as_a.post(_url(client1), {"archived": "1"})
    assert as_client1.get(reverse("physio:portal-home")).status_code == 404


def test_it_rejects_get(as_a, client1):
    assert as_a.get(_url(client1)).status_code == 405


def test_another_clinic_gets_404(as_c, client1):
    assert as_c.post(_url(client1)).status_code == 404
    client1.refresh_from_db()
    assert not client1.archived


def test_a_viewer_gets_403(as_viewer, client1):
    assert as_viewer.post(_url(client1)).status_code == 403
