import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client as HttpClient

from tests.exercises.factories import ExerciseFactory
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def curator(db):
    """Staff in the Curators group, which the data migration gave the library permissions."""
    user = UserFactory(email="curator@example.test", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def as_curator(curator):
    http = HttpClient()
    http.force_login(curator)
    return http


@pytest.fixture
def staff_without_permission(db):
    return UserFactory(email="staff@example.test", is_staff=True)


@pytest.fixture
def shared_exercise(db):
    return ExerciseFactory(name="Clam shell", cues="Open like a book.")


@pytest.fixture
def private_exercise(clinic1):
    """An exercise private to clinic 1."""
    return ExerciseFactory(name="Riverside wall squat", owner_clinic=clinic1)


@pytest.fixture
def curate_permission(db):
    return Permission.objects.get(codename="curate_library")
