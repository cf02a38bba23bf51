"""Clinicians create, edit and delete their clinic's own exercises."""

from django.urls import reverse

from exercises.models import Exercise, Progression, Status
from tests.exercises.factories import ExerciseFactory, add_image
from tests.programs.factories import ProgramItemFactory

CREATE = reverse("exercises:create")


def form_data(**overrides):
    data = {
        "name": "Wall clam",
        "summary": "A clam against the wall.",
        "steps": "Lie with your back to a wall.\nOpen the knee.",
        "cues": "Heels on the wall.",
        "mistakes": "",
        "body_region": "hip",
        "movement": "hip_rotation",
        "position": "side_lying",
        "equipment": ["wall", "mat"],
        "difficulty": "2",
        "weight_bearing": "0",
        "targets": ["hip_drop"],
        "conditions": ["gluteal_tendinopathy"],
        "default_sets": "3",
        "default_reps": "12",
        "default_hold_seconds": "",
        "default_rest_seconds": "60",
        "default_side": "each",
        "dosing_notes": "",
        "status": "published",
    }
    data.update(overrides)
    return data


def test_a_clinician_creates_a_private_exercise_linked_to_the_library(as_a, clinician_a, db):
    easier = ExerciseFactory(name="Clam shell")
    harder = ExerciseFactory(name="Side plank")
    response = as_a.post(CREATE, form_data(easier=[easier.pk], harder=[harder.pk]))
    exercise = Exercise.objects.get(name="Wall clam")
    assert response.status_code == 302
    assert response["Location"] == reverse("exercises:edit", args=[exercise.pk])
    assert exercise.owner_clinic == clinician_a.clinic
    assert exercise.created_by == clinician_a.user
    assert exercise.slug == "wall-clam"
    assert exercise.equipment == ["wall", "mat"]
    assert list(exercise.easier.all()) == [easier]
    assert list(exercise.harder.all()) == [harder]


def test_bad_input_is_explained_and_nothing_typed_is_lost(as_a, db):
    response = as_a.post(
        CREATE, form_data(default_reps="", default_hold_seconds="", default_sets="40")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Give repetitions, a hold time, or both." in body
    assert "Give a number from 1 to 10." in body
    assert "Lie with your back to a wall.\nOpen the knee." in body
    assert 'value="Wall clam"' in body
    assert Exercise.objects.count() == 0


def test_the_same_exercise_cannot_be_both_easier_and_harder(as_a, db):
    other = ExerciseFactory(name="Clam shell")
    response = as_a.post(CREATE, form_data(easier=[other.pk], harder=[other.pk]))
    assert "Clam shell cannot be both easier and harder." in response.content.decode()


def test_links_only_to_exercises_the_clinician_may_see(as_c, clinic1):
    hidden = ExerciseFactory(name="Riverside secret", owner_clinic=clinic1)
    response = as_c.post(CREATE, form_data(harder=[hidden.pk]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Progression.objects.exists()


def test_edit_saves_and_renames_the_slug(as_b, private_exercise):
    url = reverse("exercises:edit", args=[private_exercise.pk])
    assert as_b.get(url).status_code == 200
    response = as_b.post(url, form_data(name="Wall squat, deeper", status="draft"))
    assert response.status_code == 302
    private_exercise.refresh_from_db()
    assert private_exercise.slug == "wall-squat-deeper"
    assert private_exercise.status == Status.DRAFT


def test_the_edit_page_lists_media_and_the_upload_form(as_a, private_exercise):
    media = add_image(private_exercise, caption="Start position")
    body = as_a.get(reverse("exercises:edit", args=[private_exercise.pk])).content.decode()
    assert "Start position" in body
    assert media.thumbnail_url in body
    assert "data-upload-progress" in body
    assert 'enctype="multipart/form-data"' in body
    assert "js/exercises.js" in body


def test_another_clinic_cannot_edit_or_delete(as_c, private_exercise):
    for name in ("exercises:edit", "exercises:delete"):
        url = reverse(name, args=[private_exercise.pk])
        assert as_c.get(url).status_code == 404
        assert as_c.post(url, form_data()).status_code == 404
    assert Exercise.objects.filter(pk=private_exercise.pk).exists()


def test_the_shared_library_is_not_edited_in_the_app(as_a, shared_exercise):
    url = reverse("exercises:edit", args=[shared_exercise.pk])
    assert as_a.post(url, form_data()).status_code == 404


def test_read_only_members_get_403(as_viewer, private_exercise):
    assert as_viewer.get(CREATE).status_code == 403
    url = reverse("exercises:delete", args=[private_exercise.pk])
    assert as_viewer.post(url).status_code == 403


def test_non_clinicians_get_404(as_client1):
    assert as_client1.get(CREATE).status_code == 404


def test_delete_asks_then_deletes(as_a, private_exercise, django_capture_on_commit_callbacks):
    url = reverse("exercises:delete", args=[private_exercise.pk])
    assert "cannot be undone" in as_a.get(url).content.decode()
    add_image(private_exercise)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_a.post(url)
    assert response.status_code == 302
    assert not Exercise.objects.filter(pk=private_exercise.pk).exists()


def test_it_rejects_put(as_a):
    assert as_a.put(CREATE).status_code == 405


def test_deleting_an_exercise_a_programme_uses_offers_unpublishing(as_a, client1, private_exercise):
    private_exercise.status = Status.PUBLISHED
    private_exercise.save()
    ProgramItemFactory(exercise=private_exercise, program__client=client1)
    response = as_a.post(reverse("exercises:delete", args=[private_exercise.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Programmes or templates use this exercise, so it cannot be deleted." in body
    unpublish = reverse("exercises:unpublish", args=[private_exercise.pk])
    assert f'action="{unpublish}"' in body
    assert Exercise.objects.filter(pk=private_exercise.pk).exists()
    response = as_a.post(unpublish)
    assert response.status_code == 302
    private_exercise.refresh_from_db()
    assert private_exercise.status == Status.DRAFT


def test_unpublish_is_for_editors_of_the_clinic_and_post_only(
    as_a, as_c, as_viewer, private_exercise
):
    unpublish = reverse("exercises:unpublish", args=[private_exercise.pk])
    assert as_viewer.post(unpublish).status_code == 403
    assert as_c.post(unpublish).status_code == 404
    assert as_a.get(unpublish).status_code == 405
