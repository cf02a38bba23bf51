"""Personas shared by every app's tests.

Clinic 1 has clinicians A and B, clinic 2 has clinician C. Each clinic has a
client; client 1 has a portal account. Anything of clinic 1 is a stranger's to C.
"""

import os

import pytest
from django.test import Client as HttpClient

from tests.factories import PASSWORD, ClientFactory, ClinicFactory, ClinicianFactory, UserFactory


@pytest.fixture
def clinic1(db):
    return ClinicFactory(name="Clinic One", slug="clinic-one")


@pytest.fixture
def clinic2(db):
    return ClinicFactory(name="Clinic Two", slug="clinic-two")


@pytest.fixture
def clinician_a(clinic1):
    return ClinicianFactory(clinic=clinic1, user__email="a@clinic1.test", user__full_name="Ann A")


@pytest.fixture
def clinician_b(clinic1):
    return ClinicianFactory(clinic=clinic1, user__email="b@clinic1.test", user__full_name="Ben B")


@pytest.fixture
def clinician_c(clinic2):
    return ClinicianFactory(clinic=clinic2, user__email="c@clinic2.test", user__full_name="Cat C")


@pytest.fixture
def viewer(clinic1):
    """A read-only member of clinic 1."""
    return ClinicianFactory(clinic=clinic1, role="viewer", user__email="viewer@clinic1.test")


@pytest.fixture
def client1(clinic1, clinician_a):
    """A client of clinic 1 with a portal account."""
    user = UserFactory(email="client1@example.test", full_name="Cora Client")
    return ClientFactory(
        clinic=clinic1,
        lead_clinician=clinician_a,
        first_name="Cora",
        last_name="Client",
        email=user.email,
        user=user,
    )


@pytest.fixture
def client2(clinic2, clinician_c):
    """A client of clinic 2, no portal account."""
    return ClientFactory(
        clinic=clinic2, lead_clinician=clinician_c, first_name="Dan", last_name="Other"
    )


def _signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def as_a(clinician_a):
    return _signed_in(clinician_a.user)


@pytest.fixture
def as_b(clinician_b):
    return _signed_in(clinician_b.user)


@pytest.fixture
def as_c(clinician_c):
    return _signed_in(clinician_c.user)


@pytest.fixture
def as_viewer(viewer):
    return _signed_in(viewer.user)


@pytest.fixture
def as_client1(client1):
    return _signed_in(client1.user)


@pytest.fixture
def password():
    return PASSWORD


def pytest_collection_modifyitems(config, items):
    """Tests marked ``redis`` run only with REDIS_URL set (as `.ci/run` does); without it they
    are deselected, and the header of the run says so. They are never counted as skipped."""
    if os.environ.get("REDIS_URL"):
        return
    deselected = [item for item in items if item.get_closest_marker("redis")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("redis")]


def pytest_report_header(config):
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL unset: the tests marked redis are deselected (.ci/run sets it)"
    return f"REDIS_URL set: the tests marked redis run against {os.environ['REDIS_URL']}"
