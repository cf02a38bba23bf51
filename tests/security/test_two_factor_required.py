"""Who must use two-factor sign-in: a clinic's choice for its clinicians, and the admin's
for staff (ADMIN_REQUIRES_TWO_FACTOR)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from physio.demo import CURATORS_GROUP
from tests.conftest import _signed_in
from tests.factories import ClinicianFactory, UserFactory
from tests.security.two_factor_helpers import code_for, enrol

LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
ENROL = reverse("physio:two-factor")
VERIFY = reverse("two-factor-verify")
DASHBOARD = reverse("physio:dashboard")


@pytest.fixture
def clinic_admin(clinic1):
    return ClinicianFactory(clinic=clinic1, role="admin", user__email="boss@clinic1.test")


@pytest.fixture
def as_clinic_admin(clinic_admin):
    return _signed_in(clinic_admin.user)


def _security(clinic):
    return reverse("physio:clinic-security", args=[clinic.pk])


# --- the clinic's requirement ----------------------------------------------------------


def test_a_clinic_admin_requires_two_factor_for_the_clinic(as_clinic_admin, clinic1, clinician_a):
    enrol(clinician_a.user)
    page = as_clinic_admin.get(_security(clinic1))
    assert page.status_code == 200
    members = {m.user.email: m.has_two_factor for m in page.context["members"]}
    assert members == {"a@clinic1.test": True, "boss@clinic1.test": False}

    response = as_clinic_admin.post(_security(clinic1), {"require_two_factor": "on"}, follow=True)
    assert "Everyone in the clinic now needs two-factor sign-in." in response.content.decode()
    clinic1.refresh_from_db()
    assert clinic1.require_two_factor
    as_clinic_admin.post(_security(clinic1), {})
    clinic1.refresh_from_db()
    assert not clinic1.require_two_factor


def test_only_the_clinic_admin_may_set_it(as_a, as_viewer, as_c, as_client1, clinic1, clinic2):
    for http in (as_a, as_viewer):
        assert http.get(_security(clinic1)).status_code == 403
        assert http.post(_security(clinic1), {"require_two_factor": "on"}).status_code == 403
    other = _signed_in(ClinicianFactory(clinic=clinic2, role="admin").user)
    assert other.get(_security(clinic1)).status_code == 404
    assert other.post(_security(clinic1), {"require_two_factor": "on"}).status_code == 404
    assert as_c.get(_security(clinic1)).status_code == 404
    assert as_client1.get(_security(clinic1)).status_code == 404
    clinic1.refresh_from_db()
    assert not clinic1.require_two_factor


def test_the_two_factor_page_links_clinic_admins_to_the_setting(client, clinic_admin, password):
    _, codes = enrol(clinic_admin.user)
    client.post(LOGIN, {"username": "boss@clinic1.test", "password": password})
    client.post(VERIFY, {"code": codes[0]})
    assert _security(clinic_admin.clinic) in client.get(ENROL).content.decode()


def test_other_clinicians_are_not_offered_the_setting(client, clinician_a, clinic1, password):
    _, codes = enrol(clinician_a.user)
    client.post(LOGIN, {"username": "a@clinic1.test", "password": password})
    client.post(VERIFY, {"code": codes[0]})
    assert _security(clinic1) not in client.get(ENROL).content.decode()


def test_an_unenrolled_clinician_must_enrol_before_anything_else(
    client, clinic1, clinician_a, password
):
    clinic1.require_two_factor = True
    clinic1.save()
    response = client.post(LOGIN, {"username": "a@clinic1.test", "password": password}, follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    body = response.content.decode()
    assert "Clinic One asks everyone to sign in with a code" in body
    for url in (DASHBOARD, reverse("physio:client-list"), VERIFY):
        assert client.get(url)["Location"].startswith(ENROL), url

    device = TOTPDevice.objects.get(user=clinician_a.user, confirmed=False)
    done = client.post(ENROL, {"code": code_for(device), "next": DASHBOARD})
    assert len(done.context["codes"]) == 10
    assert client.get(DASHBOARD).status_code == 200


def test_an_enrolled_clinician_of_such_a_clinic_gives_a_code(
    client, clinic1, clinician_a, password
):
    device, _ = enrol(clinician_a.user)
    clinic1.require_two_factor = True
    clinic1.save()
    response = client.post(LOGIN, {"username": "a@clinic1.test", "password": password}, follow=True)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device, 1)})
    assert client.get(DASHBOARD).status_code == 200


def test_it_cannot_be_turned_off_where_the_clinic_requires_it(
    client, clinic1, clinician_a, password
):
    device, codes = enrol(clinician_a.user)
    clinic1.require_two_factor = True
    clinic1.save()
    client.post(LOGIN, {"username": "a@clinic1.test", "password": password})
    client.post(VERIFY, {"code": codes[0]})
    page = client.get(ENROL).content.decode()
    assert "Clinic One requires two-factor sign-in, so it stays on." in page
    response = client.post(reverse("physio:two-factor-off"), {"off-code": code_for(device, 1)})
    assert "requires two-factor sign-in, so it stays on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=clinician_a.user, confirmed=True).exists()


# --- the Django admin -----------------------------------------------------------------


@pytest.fixture
def curator(db):
    user = UserFactory(email="cur@physio.test", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    return user


def _admin_sign_in(client, password):
    return client.post(
        ADMIN_LOGIN, {"username": "cur@physio.test", "password": password}, follow=True
    )


def test_with_the_setting_on_staff_without_a_device_are_sent_to_enrol(
    client, curator, password, settings
):
    settings.ADMIN_REQUIRES_TWO_FACTOR = True
    response = _admin_sign_in(client, password)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert client.get(reverse("admin:index"))["Location"].startswith(ENROL)
    device = TOTPDevice.objects.get(user=curator, confirmed=False)
    client.post(ENROL, {"code": code_for(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_the_setting_on_staff_with_a_device_give_a_code(client, curator, password, settings):
    settings.ADMIN_REQUIRES_TWO_FACTOR = True
    device, _ = enrol(curator)
    response = _admin_sign_in(client, password)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert client.get(reverse("admin:exercises_exercise_changelist"))["Location"].startswith(VERIFY)
    done = client.post(VERIFY, {"code": code_for(device, 1), "next": "/admin/"}, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/"
    assert done.status_code == 200


def test_with_the_setting_off_staff_sign_in_with_a_password(client, curator, password, settings):
    settings.ADMIN_REQUIRES_TWO_FACTOR = False
    response = _admin_sign_in(client, password)
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200


def test_the_setting_does_not_touch_clients_or_clinicians(
    client, client1, clinician_a, password, settings
):
    settings.ADMIN_REQUIRES_TWO_FACTOR = True
    client.post(LOGIN, {"username": client1.user.email, "password": password})
    assert client.get(reverse("physio:portal-home")).status_code == 200
    client.post(reverse("logout"))
    client.post(LOGIN, {"username": "a@clinic1.test", "password": password})
    assert client.get(DASHBOARD).status_code == 200
