"""Services and selectors the programs app builds on."""

import pytest
from django.db import IntegrityError, transaction

from exercises import selectors, services
from exercises.models import Exercise, ExerciseMedia, Progression, Status, WeightBearing
from tests.exercises.factories import ExerciseFactory, add_image, add_video, link


def test_only_one_media_item_is_main_and_the_first_becomes_main(shared_exercise):
    first = add_image(shared_exercise)
    second = add_video(shared_exercise, is_main=True)
    first.refresh_from_db()
    assert (first.is_main, second.is_main) == (False, True)
    third = add_image(shared_exercise)
    assert not third.is_main
    assert [m.pk for m in shared_exercise.media.all()] == [second.pk, first.pk, third.pk]


def test_the_database_refuses_two_main_items(shared_exercise):
    media = add_image(shared_exercise)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseMedia.objects.create(
            exercise=shared_exercise, kind="link", url="x", embed_url="y", is_main=True
        )
    assert media.is_main


def test_deleting_the_main_item_promotes_the_next(shared_exercise):
    main = add_image(shared_exercise)
    other = add_image(shared_exercise)
    services.media_delete(media=main)
    other.refresh_from_db()
    assert other.is_main


def test_a_progression_cannot_point_to_itself(shared_exercise):
    with pytest.raises(IntegrityError), transaction.atomic():
        Progression.objects.create(easier=shared_exercise, harder=shared_exercise)


def test_slugs_are_unique_within_a_clinic(clinician_a, clinician_c):
    fields = {
        "name": "Wall clam",
        "steps": "Do it.",
        "body_region": "hip",
        "movement": "hip_rotation",
        "position": "side_lying",
        "default_reps": 10,
    }
    one = services.exercise_create(created_by=clinician_a, **fields)
    two = services.exercise_create(created_by=clinician_a, **fields)
    other_clinic = services.exercise_create(created_by=clinician_c, **fields)
    assert (one.slug, two.slug, other_clinic.slug) == ("wall-clam", "wall-clam-2", "wall-clam")


def test_bulk_status_change(db):
    drafts = [ExerciseFactory(status=Status.DRAFT) for _ in range(3)]
    changed = services.exercises_set_status(
        exercises=Exercise.objects.filter(pk__in=[d.pk for d in drafts[:2]]),
        status=Status.PUBLISHED,
    )
    assert changed == 2
    assert Exercise.objects.filter(status=Status.PUBLISHED).count() == 2


def test_the_chain_leaves_out_what_the_user_cannot_see(clinician_c, clinic1):
    clam = ExerciseFactory(name="Clam", difficulty=1)
    abduction = ExerciseFactory(name="Abduction", difficulty=2)
    hitch = ExerciseFactory(name="Hitch", difficulty=3)
    hidden = ExerciseFactory(name="Riverside only", owner_clinic=clinic1, difficulty=3)
    link(clam, abduction)
    link(abduction, hitch)
    link(abduction, hidden)
    user = clinician_c.user
    chain = selectors.exercise_chain(exercise=hitch, fetched_by=user)
    assert chain == {"easier": [[abduction], [clam]], "harder": []}
    chain = selectors.exercise_chain(exercise=abduction, fetched_by=user)
    assert chain == {"easier": [[clam]], "harder": [[hitch]]}


def test_suggestions_by_target_weight_bearing_and_difficulty(clinician_a):
    ExerciseFactory(name="Clam", targets=["hip_drop"], difficulty=1)
    ExerciseFactory(
        name="Squat", targets=["knee_valgus"], weight_bearing=WeightBearing.SINGLE_LEG, difficulty=4
    )
    ExerciseFactory(
        name="Hitch", targets=["hip_drop"], weight_bearing=WeightBearing.SINGLE_LEG, difficulty=2
    )
    ExerciseFactory(name="Draft", targets=["hip_drop"], status=Status.DRAFT)
    user = clinician_a.user

    def names(**kwargs):
        return [e.name for e in selectors.exercise_suggestions(fetched_by=user, **kwargs)]

    assert names(targets=["hip_drop"]) == ["Clam", "Hitch"]
    assert names(targets=["hip_drop"], max_weight_bearing=WeightBearing.NONE) == ["Clam"]
    assert names(targets=["hip_drop", "knee_valgus"], max_difficulty=3) == ["Clam", "Hitch"]
    assert names(min_difficulty=4) == ["Squat"]


def test_default_dosing_in_words_and_as_fields(db):
    exercise = ExerciseFactory(
        default_sets=3, default_reps=None, default_hold_seconds=30, default_side="each"
    )
    assert exercise.dosing_text == "3 × 30 s hold, each side, rest 60 s"
    assert exercise.default_dosing()["hold_seconds"] == 30


def test_the_database_needs_reps_or_a_hold(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(default_reps=None, default_hold_seconds=None)
