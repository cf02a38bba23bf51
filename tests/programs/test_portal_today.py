"""The portal's Today page and the region the portal home loads (point 7)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Exercise, ExerciseMedia
from programs import services
from programs.models import Program, ProgramItem, ProgramStatus
from programs.today import today_plan
from tests.exercises.factories import add_video
from tests.programs.factories import ExerciseFactory, ProgramItemFactory
from tests.programs.portal_helpers import days_ago, log_every_day, log_item, make_program, today

URL = reverse("programs:portal-today")
SECTION = reverse("programs:portal-today-section")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(client1):
    program = make_program(
        client1, items=0, title="Knee plan", notes_to_client="Slow and steady, Cora."
    )
    exercise = ExerciseFactory(
        name="Clam shell", steps="Lie on your side.\nOpen the knees.", cues="Heels together."
    )
    ProgramItemFactory(
        program=program,
        exercise=exercise,
        sets=3,
        reps=15,
        side="left",
        times_per_day=2,
        notes="Use the red band from week 2.",
    )
    return program


def test_it_shows_todays_exercises_with_dose_steps_cues_and_notes(as_client1, program):
    body = as_client1.get(URL).content.decode()
    assert "Knee plan" in body
    assert "Slow and steady, Cora." in body
    assert "Clam shell" in body
    assert "3 sets of 15, left leg, twice a day, every day" in body
    assert "Lie on your side." in body
    assert "Open the knees." in body
    assert "Heels together." in body
    assert "Use the red band from week 2." in body
    # Twice a day: one log card per round, each opening its form in place.
    assert "Round 1 of 2" in body
    assert "Round 2 of 2" in body
    log_url = reverse("programs:portal-item-log", args=[program.items.get().pk, 2])
    assert f'hx-get="{log_url}"' in body
    assert f'href="{log_url}"' in body
    assert "Morning check-in" in body


def test_an_uploaded_video_plays_with_poster_and_seeking(as_client1, program):
    media = add_video(program.items.get().exercise, is_main=True)
    media.refresh_from_db()
    body = as_client1.get(URL).content.decode()
    assert '<video class="w-100 rounded bg-dark" controls preload="metadata"' in body
    assert f'src="{media.file_url}"' in body
    assert media.poster, "the exercises app makes a poster frame"
    assert f'poster="{media.poster_url}"' in body
    # The file view answers ranges, so the player can seek.
    response = as_client1.get(media.file_url, headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert len(b"".join(response.streaming_content)) == 10


def test_an_embedded_video_shows_its_iframe(as_client1, program):
    ExerciseMedia.objects.create(
        exercise=program.items.get().exercise,
        kind="link",
        url="https://www.youtube.com/watch?v=abcdefghijk",
        embed_url="https://www.youtube-nocookie.com/embed/abcdefghijk",
        provider="youtube",
        is_main=True,
    )
    body = as_client1.get(URL).content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in body


def test_a_video_is_preferred_to_the_main_picture(as_client1, program):
    from tests.exercises.factories import add_image

    exercise = program.items.get().exercise
    add_image(exercise, is_main=True)
    video = add_video(exercise, is_main=False)
    body = as_client1.get(URL).content.decode()
    assert f'src="{video.file_url}"' in body


def test_a_rest_day_says_so(as_client1, client1):
    program = make_program(client1, items=0, title="Gym days")
    not_today = [d for d in range(7) if d != today().weekday()]
    item = ProgramItemFactory(program=program, days_of_week=not_today, exercise__name="Squat")
    body = as_client1.get(URL).content.decode()
    assert "Gym days" in body
    assert "Rest day." in body
    assert "Save" not in body.split("Gym days", 1)[1]
    # The exercises stay one tap away, to look at how they are done.
    item_url = reverse("programs:portal-item", args=[item.pk])
    assert f'href="{item_url}">Squat</a>' in body


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ProgramStatus.PAUSED},
        {"status": ProgramStatus.FINISHED},
        {"start": "tomorrow"},
        {"end_date": "yesterday"},
    ],
    ids=["paused", "finished", "not-started", "ended"],
)
def test_programmes_not_running_today_are_not_shown(as_client1, client1, fields):
    fields = dict(fields)
    if fields.get("start") == "tomorrow":
        fields["start"] = today() + timedelta(days=1)
    if fields.get("end_date") == "yesterday":
        fields["end_date"] = days_ago(1)
    make_program(client1, title="Not today", **fields)
    body = as_client1.get(URL).content.decode()
    assert "Not today" not in body
    assert "You have no programme running today." in body


def test_a_programme_runs_on_its_first_and_last_day(as_client1, client1):
    make_program(client1, title="Starts today", start=today())
    make_program(client1, title="Ends today", start=days_ago(10), end_date=today())
    body = as_client1.get(URL).content.decode()
    assert "Starts today" in body
    assert "Ends today" in body


def test_saved_logs_show_and_the_form_stays_for_changes(as_client1, program):
    item = program.items.get()
    log_item(item, today(), round=1, pain=2)
    body = as_client1.get(URL).content.decode()
    assert "Pain <strong>2/10</strong>" in body
    assert "Change" in body


def test_another_clients_programme_never_shows(as_client1, client1, clinic1):
    from tests.factories import ClientFactory, UserFactory

    other = ClientFactory(clinic=clinic1, user=UserFactory())
    make_program(other, title="Someone else's plan")
    body = as_client1.get(URL).content.decode()
    assert "Someone else" not in body


def test_the_section_is_a_fragment_for_htmx_and_a_page_without(as_client1, program):
    fragment = as_client1.get(SECTION, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "Clam shell" in fragment.content.decode()
    page = as_client1.get(SECTION)
    assert "<html" in page.content.decode()
    assert "Clam shell" in page.content.decode()


def test_the_portal_home_loads_the_section(as_client1, program):
    body = as_client1.get(reverse("physio:portal-home")).content.decode()
    assert f'hx-get="{SECTION}"' in body
    assert f'href="{SECTION}"' in body


@pytest.mark.parametrize("url", [URL, SECTION])
def test_a_clinician_gets_404(as_a, url):
    assert as_a.get(url).status_code == 404


@pytest.mark.parametrize("url", [URL, SECTION])
def test_anonymous_goes_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post(as_client1):
    assert as_client1.post(URL).status_code == 405


def test_no_inline_styles_or_scripts(as_client1, program):
    body = as_client1.get(URL).content.decode()
    assert "style=" not in body
    assert "<script>" not in body
    assert "hx-on" not in body


def _build(client, items: int, logged_days: int):
    program = make_program(client, items=items, start=days_ago(logged_days + 1))
    for item in program.items.all():
        add_video(item.exercise, is_main=True)
        item.times_per_day = 2
        item.save()
    log_every_day(program, days=logged_days)
    for item in program.items.all():
        log_item(item, today(), round=1)


def _queries(http) -> int:
    """Queries of one Today request."""
    with CaptureQueriesContext(connection) as captured:
        assert http.get(URL).status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_items_or_logs(as_client1, client1):
    _build(client1, items=1, logged_days=2)
    as_client1.get(URL)  # the first request of a session does extra work
    small = _queries(as_client1)
    _build(client1, items=6, logged_days=40)
    assert _queries(as_client1) == small
    response = as_client1.get(URL)
    assert response.content.decode().count('class="card mb-3 portal-item"') == 7


def test_the_plan_is_four_queries_at_one_item_and_at_many(client1, django_assert_num_queries):
    """Items with programme and exercise, their media, the day's logs, the check-in."""
    _build(client1, items=1, logged_days=2)
    with django_assert_num_queries(4):
        today_plan(client1, today())
    _build(client1, items=6, logged_days=40)
    with django_assert_num_queries(4):
        plan, _ = today_plan(client1, today())
    assert sum(len(p.items) for p in plan) == 7


def test_every_change_shows_on_the_next_request(as_client1, client1, program):
    """Whatever path changes a row Today shows (a form, the admin, a bulk update that
    skips save()), the client sees it on the next request: nothing is cached stale."""
    item = program.items.get()
    exercise = item.exercise
    media = add_video(exercise, is_main=True, caption="Side view")

    def body():
        return as_client1.get(URL).content.decode()

    assert "3 sets of 15, left leg" in body()
    item.sets, item.reps = 2, 10
    item.save()
    assert "2 sets of 10, left leg" in body()
    ProgramItem.objects.filter(pk=item.pk).update(notes="Now with the blue band.")
    assert "Now with the blue band." in body()
    Exercise.objects.filter(pk=exercise.pk).update(steps="Lie down.\nLift the top knee.")
    assert "Lift the top knee." in body()
    ExerciseMedia.objects.filter(pk=media.pk).update(caption="Front view")
    page = body()
    assert "Front view" in page
    assert "Side view" not in page
    second = ProgramItemFactory(program=program, exercise=ExerciseFactory(name="Side plank"))
    page = body()
    assert page.index("Side plank") > page.index("Lift the top knee.")
    services.program_items_reorder(program=program, item_ids=[second.pk, item.pk])
    page = body()
    assert page.index("Side plank") < page.index("Lift the top knee.")
    services.program_item_swap(
        item=second, exercise=ExerciseFactory(name="Copenhagen plank"), changed_by=None
    )
    page = body()
    assert "Copenhagen plank" in page
    assert "Side plank" not in page
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.PAUSED)
    assert "Clam shell" not in body()
