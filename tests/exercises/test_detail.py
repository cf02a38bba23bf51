"""The exercise page: player, text, dosing, progression chain; scoped to who may see it."""

from django.test import Client as HttpClient
from django.urls import reverse

from exercises.models import Status
from tests.exercises.factories import ExerciseFactory, add_image, add_video, link


def url(exercise):
    return reverse("exercises:detail", args=[exercise.pk])


def test_it_shows_the_video_with_poster_text_and_dosing(as_a, shared_exercise):
    video = add_video(shared_exercise, caption="How to")
    add_image(shared_exercise)
    shared_exercise.default_reps, shared_exercise.default_sets = 15, 2
    shared_exercise.save()
    body = as_a.get(url(shared_exercise)).content.decode()
    assert f'<source src="{video.file_url}" type="video/webm">' in body
    assert f'poster="{video.poster_url}"' in body
    assert "<li>Do the movement.</li>" in body
    assert "Open like a book." in body
    assert "2 × 15 reps" in body
    assert "More pictures and videos (1)" in body


def test_an_embed_uses_the_privacy_enhanced_address(as_a, shared_exercise):
    from exercises import services
    from exercises.embeds import parse_video_link
    from exercises.models import ExerciseMedia

    services.media_store(
        media=ExerciseMedia(exercise=shared_exercise, url="https://vimeo.com/76979871"),
        embed=parse_video_link("https://vimeo.com/76979871"),
    )
    body = as_a.get(url(shared_exercise)).content.decode()
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in body


def test_the_chain_is_shown_both_ways_as_links(as_a, db):
    clam = ExerciseFactory(name="Clam shell", difficulty=1)
    abduction = ExerciseFactory(name="Side-lying hip abduction", difficulty=2)
    squat = ExerciseFactory(name="Single-leg squat", difficulty=4)
    link(clam, abduction)
    link(abduction, squat)
    body = as_a.get(url(abduction)).content.decode()
    assert f'Easier:\n            <a href="{clam.get_absolute_url()}">Clam shell</a>' in body
    assert f'Harder:\n            <a href="{squat.get_absolute_url()}">Single-leg squat</a>' in body
    body = as_a.get(url(squat)).content.decode()  # two levels down the chain
    assert "Clam shell" in body
    assert "Side-lying hip abduction" in body


def test_the_chain_hides_what_the_viewer_may_not_see(as_c, clinic1, db):
    clam = ExerciseFactory(name="Clam shell")
    private = ExerciseFactory(name="Riverside clam", owner_clinic=clinic1)
    link(clam, private)
    assert "Riverside clam" not in as_c.get(url(clam)).content.decode()


def test_another_clinics_exercise_is_404(as_c, private_exercise):
    assert as_c.get(url(private_exercise)).status_code == 404


def test_the_owning_clinic_and_its_clients_see_it(as_b, as_client1, private_exercise):
    assert as_b.get(url(private_exercise)).status_code == 200
    assert as_client1.get(url(private_exercise)).status_code == 200


def test_only_the_owning_clinic_gets_edit_buttons(as_a, as_viewer, private_exercise, db):
    edit = reverse("exercises:edit", args=[private_exercise.pk])
    assert edit in as_a.get(url(private_exercise)).content.decode()
    assert edit not in as_viewer.get(url(private_exercise)).content.decode()
    shared = ExerciseFactory(name="Shared")
    assert "/edit/" not in as_a.get(url(shared)).content.decode()


def test_shared_drafts_are_for_curators(as_a, curator):
    draft = ExerciseFactory(name="Draft", status=Status.DRAFT)
    assert as_a.get(url(draft)).status_code == 404
    staff = HttpClient()
    staff.force_login(curator)
    assert staff.get(url(draft)).status_code == 200


def test_staff_without_the_curator_permission_see_only_published(staff_without_permission):
    draft = ExerciseFactory(name="Draft", status=Status.DRAFT)
    staff = HttpClient()
    staff.force_login(staff_without_permission)
    assert staff.get(url(draft)).status_code == 404


def test_it_rejects_post(as_a, shared_exercise):
    assert as_a.post(url(shared_exercise)).status_code == 405
