"""The starter library: at least 24 published exercises, chains, demo media; idempotent."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.models import Exercise, ExerciseMedia, Progression, Status
from exercises.seed import seed_library
from exercises.selectors import exercise_chain


def test_seed_library_loads_a_linked_published_library_once(db, clinician_a):
    call_command("seed_library")
    shared = Exercise.objects.shared()
    assert shared.count() >= 24
    assert not shared.exclude(status=Status.PUBLISHED).exists()
    assert not shared.filter(targets=[]).exists()
    names = set(shared.values_list("name", flat=True))
    for expected in ["Clam shell", "Single-leg bridge", "Single-leg squat", "Hip hitch"]:
        assert expected in names
    # Every exercise has a demo picture; a few have a demo video, and all media says "demo".
    assert not shared.filter(media__isnull=True).exists()
    assert ExerciseMedia.objects.filter(kind="video").count() >= 3
    assert not ExerciseMedia.objects.filter(is_demo=False).exists()
    assert not ExerciseMedia.objects.filter(thumbnail="").exists()
    # clam shell → … → single-leg squat
    squat = shared.get(slug="single-leg-squat")
    chain = exercise_chain(exercise=squat, fetched_by=clinician_a.user)
    assert "clam-shell" in {e.slug for level in chain["easier"] for e in level}

    counts = (Exercise.objects.count(), ExerciseMedia.objects.count(), Progression.objects.count())
    with CaptureQueriesContext(connection) as queries:
        again = seed_library()
    assert again["created"] == again["media"] == 0
    assert len(queries) <= 3
    assert counts == (
        Exercise.objects.count(),
        ExerciseMedia.objects.count(),
        Progression.objects.count(),
    )


def test_seed_library_leaves_curators_changes_alone(db):
    seed_library(with_media=False)
    Exercise.objects.filter(slug="clam-shell").update(summary="Curated text")
    seed_library(with_media=False)
    assert Exercise.objects.get(slug="clam-shell").summary == "Curated text"
