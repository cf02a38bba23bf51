"""The demo client has two signed assessments with a measured photo, written once."""

from io import StringIO

from django.core.management import call_command

from assessments.models import Assessment, Photo
from physio.models import Client


def seed():
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())


def test_seed_demo_gives_maria_two_signed_assessments_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    seed()
    seed()
    maria = Client.objects.get(user__email="maria@example.test")
    older, newer = Assessment.objects.filter(client=maria).order_by("assessed_on")
    assert older.is_signed
    assert newer.is_signed
    assert (newer.assessed_on - older.assessed_on).days == 42
    # The right squat is measured from landmarks on a drawn photo; the angle is the
    # service's, and it improves from one visit to the next.
    photos = Photo.objects.filter(assessment__client=maria).order_by("assessment__assessed_on")
    assert [p.placed and len(p.placed) for p in photos] == [3, 3]
    right = [a.knee_valgus_tests.get(side="right").fppa_mean_deg for a in (older, newer)]
    assert 12 < right[0] < 16
    assert 7 < right[1] < 11
    assert right == [p.angle_deg for p in photos]
    # Both tests of both sides are recorded.
    for assessment in (older, newer):
        assert all(test.is_recorded for test in assessment.side_tests())
