"""Curation in the admin: curators only, shared library only, media inline, bulk publish."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from exercises.models import Exercise, ExerciseMedia, Status
from tests.exercises.factories import ExerciseFactory, add_image, upload, video_bytes
from tests.programs.factories import ProgramItemFactory

CHANGELIST = reverse("admin:exercises_exercise_changelist")
ADD = reverse("admin:exercises_exercise_add")


def add_form(**overrides):
    data = {
        "name": "Banded clam",
        "slug": "banded-clam",
        "status": "draft",
        "summary": "",
        "steps": "Lie on your side.\nOpen the knee.",
        "cues": "",
        "mistakes": "",
        "body_region": "hip",
        "movement": "hip_rotation",
        "position": "side_lying",
        "difficulty": "2",
        "weight_bearing": "0",
        "equipment": ["band", "mat"],
        "targets": ["hip_drop", "knee_valgus"],
        "default_sets": "3",
        "default_reps": "12",
        "default_hold_seconds": "",
        "default_rest_seconds": "60",
        "default_side": "each",
        "dosing_notes": "",
        "media-TOTAL_FORMS": "1",
        "media-INITIAL_FORMS": "0",
        "media-0-kind": "video",
        "media-0-url": "",
        "media-0-caption": "Demo",
        "media-0-order": "0",
        "media-0-is_main": "on",
        "harder_set-TOTAL_FORMS": "0",
        "harder_set-INITIAL_FORMS": "0",
        "easier_set-TOTAL_FORMS": "0",
        "easier_set-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def inline_prefixes(as_curator):
    response = as_curator.get(ADD)
    return [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]


def test_the_list_shows_thumbnails_and_only_the_shared_library(as_curator, clinic1):
    shared = ExerciseFactory(name="Clam shell", status=Status.DRAFT)
    media = add_image(shared)
    ExerciseFactory(name="Riverside secret", owner_clinic=clinic1)
    body = as_curator.get(CHANGELIST).content.decode()
    assert "Clam shell" in body
    assert media.thumbnail_url in body
    assert "Riverside secret" not in body
    # The thumbnail links to the exercise: its alt text gives the link a name.
    assert re.search(
        rf'<a href="[^"]+"><img class="admin-media-preview" src="{re.escape(media.thumbnail_url)}"'
        r' alt="Clam shell"',
        body,
    )


def test_list_filters_and_search(as_curator):
    ExerciseFactory(name="Clam shell")
    ExerciseFactory(name="Bridge", status=Status.DRAFT)
    response = as_curator.get(CHANGELIST, {"status__exact": "draft"})
    assert [e.name for e in response.context["cl"].result_list] == ["Bridge"]
    response = as_curator.get(CHANGELIST, {"q": "clam"})
    assert [e.name for e in response.context["cl"].result_list] == ["Clam shell"]


def test_a_curator_adds_an_exercise_with_a_video(as_curator, curator):
    prefixes = inline_prefixes(as_curator)
    assert prefixes[0] == "media"
    data = add_form()
    for prefix in prefixes[1:]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data["media-0-file"] = upload("clip.webm", video_bytes("webm"), "video/webm")
    response = as_curator.post(ADD, data)
    assert response.status_code == 302, response.context["errors"]
    exercise = Exercise.objects.get(slug="banded-clam")
    assert exercise.owner_clinic is None
    assert exercise.created_by == curator
    assert exercise.equipment == ["band", "mat"]
    assert exercise.targets == ["hip_drop", "knee_valgus"]
    media = ExerciseMedia.objects.get(exercise=exercise)
    assert media.kind == "video"
    assert media.poster
    assert media.thumbnail
    assert media.duration_seconds == pytest.approx(1.0, abs=0.2)


def test_a_renamed_text_file_is_refused_in_the_admin_too(as_curator):
    data = add_form()
    for prefix in inline_prefixes(as_curator)[1:]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data["media-0-file"] = upload("clip.mp4", b"hello" * 100, "video/mp4")
    response = as_curator.post(ADD, data)
    assert response.status_code == 200
    assert "This file is not a video we can play." in response.content.decode()
    assert not Exercise.objects.exists()


def test_bulk_publish_and_unpublish(as_curator):
    drafts = [ExerciseFactory(status=Status.DRAFT) for _ in range(2)]
    ids = [str(d.pk) for d in drafts]
    as_curator.post(CHANGELIST, {"action": "publish", "_selected_action": ids})
    assert Exercise.objects.filter(status=Status.PUBLISHED).count() == 2
    as_curator.post(CHANGELIST, {"action": "unpublish", "_selected_action": ids[:1]})
    assert Exercise.objects.filter(status=Status.DRAFT).count() == 1


def test_the_change_page_has_a_view_on_site_link_and_media_preview(as_curator):
    exercise = ExerciseFactory(name="Clam shell")
    media = add_image(exercise)
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    body = as_curator.get(url).content.decode()
    assert "View on site" in body
    assert media.thumbnail_url in body  # preview


def test_staff_without_the_curator_permission_cannot_change_the_library(
    staff_without_permission,
):
    exercise = ExerciseFactory()
    http = HttpClient()
    http.force_login(staff_without_permission)
    assert http.get(CHANGELIST).status_code == 403
    assert http.get(ADD).status_code == 403
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    assert http.post(url, add_form()).status_code == 403


def test_clinicians_cannot_reach_the_admin(as_a):
    assert as_a.get(CHANGELIST).status_code == 302  # to the admin sign-in


def test_clinic_exercises_are_not_reachable_in_the_admin(as_curator, private_exercise):
    url = reverse("admin:exercises_exercise_change", args=[private_exercise.pk])
    assert as_curator.get(url).status_code == 302  # "does not exist" → back to the list


def test_the_curators_group_gets_its_permissions_back_after_migrate(db):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    group = Group.objects.get(name="Curators")
    group.permissions.clear()
    call_command("migrate", verbosity=0)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"curate_library", "change_exercise", "add_exercisemedia"} <= codenames


# --- deleting an exercise that programmes use --------------------------------------


def test_deleting_an_exercise_programmes_use_offers_unpublishing(as_curator, client1):
    exercise = ExerciseFactory(name="Clam shell", status=Status.PUBLISHED)
    ProgramItemFactory(exercise=exercise, program__client=client1)
    delete = reverse("admin:exercises_exercise_delete", args=[exercise.pk])
    page = as_curator.get(delete)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Programmes or templates use this exercise" in body
    assert 'value="Unpublish this exercise instead"' in body
    response = as_curator.post(delete, {"post": "yes"})
    assert response.status_code == 200
    assert Exercise.objects.filter(pk=exercise.pk).exists()
    # The offer is the list's unpublish action, for this exercise.
    response = as_curator.post(
        CHANGELIST, {"action": "unpublish", "index": "0", "_selected_action": exercise.pk}
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.status == Status.DRAFT


def test_a_bulk_delete_of_used_exercises_offers_unpublishing(as_curator, client1):
    used = ExerciseFactory(name="Clam shell")
    ProgramItemFactory(exercise=used, program__client=client1)
    response = as_curator.post(
        CHANGELIST, {"action": "delete_selected", "index": "0", "_selected_action": [used.pk]}
    )
    assert response.status_code == 200
    assert 'value="Unpublish the selected exercises instead"' in response.content.decode()
    assert Exercise.objects.filter(pk=used.pk).exists()


def test_an_exercise_nobody_uses_is_deleted(as_curator):
    unused = ExerciseFactory(name="Spare")
    response = as_curator.post(
        reverse("admin:exercises_exercise_delete", args=[unused.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Exercise.objects.filter(pk=unused.pk).exists()
