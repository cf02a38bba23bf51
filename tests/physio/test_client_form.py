from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from physio.models import Client

CREATE = reverse("physio:client-create")


def _data(**overrides):
    data = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "date_of_birth": "1988-04-12",
        "email": "maria@example.test",
        "conditions": ["patellofemoral_pain", "low_back_pain"],
        "notes": "Runner, 20 km a week.",
    }
    data.update(overrides)
    return data


def test_it_creates_a_client_in_my_clinic(as_a, clinician_a):
    response = as_a.post(CREATE, _data())
    client = Client.objects.get(last_name="Lopez")
    assert response.status_code == 302
    assert response["Location"] == client.get_absolute_url()
    assert client.clinic == clinician_a.clinic
    assert client.lead_clinician == clinician_a
    assert client.conditions == ["patellofemoral_pain", "low_back_pain"]


def test_errors_show_next_to_the_field_and_keep_the_input(as_a):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = as_a.post(CREATE, _data(first_name="", date_of_birth=future))
    assert response.status_code == 200
    form = response.context["form"]
    assert "first_name" in form.errors
    assert form.errors["date_of_birth"] == ["Date of birth cannot be in the future."]
    body = response.content.decode()
    assert "is-invalid" in body
    assert 'value="Lopez"' in body
    assert "Runner, 20 km a week." in body
    assert not Client.objects.exists()


def test_the_same_email_twice_in_a_clinic_is_refused(as_a, client1):
    response = as_a.post(CREATE, _data(email=client1.email.upper()))
    assert "email" in response.context["form"].errors


def test_a_lead_clinician_of_another_clinic_is_refused(as_a, clinician_c):
    response = as_a.post(CREATE, _data(lead_clinician=clinician_c.pk))
    assert "lead_clinician" in response.context["form"].errors
    assert not Client.objects.exists()


def test_a_viewer_cannot_add(as_viewer):
    assert as_viewer.get(CREATE).status_code == 403
    assert as_viewer.post(CREATE, _data()).status_code == 403
    assert not Client.objects.exists()


def test_a_client_account_gets_404(as_client1):
    assert as_client1.get(CREATE).status_code == 404


def test_it_edits_a_client(as_b, client1):
    url = reverse("physio:client-edit", args=[client1.pk])
    assert as_b.get(url).status_code == 200
    response = as_b.post(url, _data(first_name="Corinne", email=client1.email))
    assert response.status_code == 302
    client1.refresh_from_db()
    assert client1.first_name == "Corinne"


def test_another_clinic_cannot_edit(as_c, client1):
    url = reverse("physio:client-edit", args=[client1.pk])
    assert as_c.get(url).status_code == 404
    assert as_c.post(url, _data()).status_code == 404
    client1.refresh_from_db()
    assert client1.first_name == "Cora"


def test_edit_rejects_put(as_a, client1):
    assert as_a.put(reverse("physio:client-edit", args=[client1.pk])).status_code == 405
