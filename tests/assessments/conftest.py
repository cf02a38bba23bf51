import pytest

from tests.assessments.factories import AssessmentFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Photos go to a temporary private folder, never the developer's var/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def assessment(client1, clinician_a):
    """A draft assessment of clinic 1's client, with its four empty test rows."""
    return AssessmentFactory(client=client1, clinician=clinician_a)
