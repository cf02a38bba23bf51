"""The clinician's library page: full-text search, facets, htmx, pagination, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Equipment, Exercise, Position, Status, Target, WeightBearing
from physio.models import Condition
from tests.exercises.factories import ExerciseFactory, add_image

URL = reverse("exercises:library")


def names(response) -> list[str]:
    return [exercise.name for exercise in response.context["page"].object_list]


@pytest.fixture
def clams(db):
    """Clam variants, and exercises that only mention clams in their text."""
    return [
        ExerciseFactory(name="Hip hitch", cues="Easier than a clam? No.\nClam first."),
        ExerciseFactory(name="Side plank", steps="Start from the clam position.", summary="Clam"),
        ExerciseFactory(name="Clam shell with band"),
        ExerciseFactory(name="Clam shell"),
        ExerciseFactory(name="Side plank with clam"),
        ExerciseFactory(name="Clamshell, feet raised"),
        ExerciseFactory(name="Glute bridge"),
    ]


def test_clam_finds_every_clam_variant_before_anything_else(as_a, clams):
    found = names(as_a.get(URL, {"q": "clam"}))
    variants = {
        "Clam shell",
        "Clam shell with band",
        "Side plank with clam",
        "Clamshell, feet raised",
    }
    assert set(found[:4]) == variants
    assert found[0] == "Clam shell"
    assert set(found[4:]) == {"Hip hitch", "Side plank"}  # they mention clams, lower down
    assert "Glute bridge" not in found


def test_words_match_as_prefixes_and_all_must_match(as_a, clams):
    assert names(as_a.get(URL, {"q": "cla"}))[0] == "Clam shell"
    assert names(as_a.get(URL, {"q": "clam band"})) == ["Clam shell with band"]
    assert names(as_a.get(URL, {"q": "glut brid"})) == ["Glute bridge"]


def test_the_name_outranks_cues_and_steps(as_a, db):
    ExerciseFactory(name="Wall sit", cues="Like a bridge, but standing.", steps="Bridge the gap.")
    ExerciseFactory(name="Bridge")
    assert names(as_a.get(URL, {"q": "bridge"})) == ["Bridge", "Wall sit"]


def test_odd_characters_in_the_query_are_harmless(as_a, clams):
    for query in ["clam & | ! ( ) :* '", "\\", "<script>", "   "]:
        response = as_a.get(URL, {"q": query})
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("facet", "value", "expected"),
    [
        ("position", Position.STANDING, {"Standing"}),
        ("equipment", Equipment.BAND, {"Band"}),
        ("difficulty", "4", {"Hard"}),
        ("weight_bearing", str(WeightBearing.SINGLE_LEG), {"Single"}),
        ("target", Target.KNEE_VALGUS, {"Valgus"}),
        ("condition", Condition.PLANTAR_HEEL_PAIN, {"Heel"}),
        ("body_region", "knee", {"Knee"}),
        ("movement", "hinge", {"Hinge"}),
    ],
)
def test_each_facet_filters(as_a, db, facet, value, expected):
    ExerciseFactory(name="Plain")
    ExerciseFactory(name="Standing", position=Position.STANDING)
    ExerciseFactory(name="Band", equipment=[Equipment.BAND, Equipment.MAT])
    ExerciseFactory(name="Hard", difficulty=4)
    ExerciseFactory(name="Single", weight_bearing=WeightBearing.SINGLE_LEG)
    ExerciseFactory(name="Valgus", targets=[Target.HIP_DROP, Target.KNEE_VALGUS])
    ExerciseFactory(name="Heel", conditions=[Condition.PLANTAR_HEEL_PAIN])
    ExerciseFactory(name="Knee", body_region="knee")
    ExerciseFactory(name="Hinge", movement="hinge")
    assert set(names(as_a.get(URL, {facet: value}))) == expected


def test_facets_combine_with_the_search(as_a, db):
    ExerciseFactory(name="Single-leg squat", weight_bearing=WeightBearing.SINGLE_LEG)
    ExerciseFactory(name="Squat", weight_bearing=WeightBearing.BOTH_LEGS)
    response = as_a.get(URL, {"q": "squat", "weight_bearing": "2"})
    assert names(response) == ["Single-leg squat"]


def test_a_bad_facet_value_is_ignored(as_a, db):
    ExerciseFactory(name="Plain")
    response = as_a.get(URL, {"difficulty": "nine", "position": "upside-down"})
    assert response.status_code == 200
    assert names(response) == ["Plain"]


def test_source_filter_separates_shared_and_clinic_exercises(as_a, clinic1, db):
    ExerciseFactory(name="Shared one")
    ExerciseFactory(name="Ours", owner_clinic=clinic1)
    assert names(as_a.get(URL, {"source": "shared"})) == ["Shared one"]
    assert names(as_a.get(URL, {"source": "clinic"})) == ["Ours"]


def test_other_clinics_private_exercises_and_shared_drafts_never_show(as_c, clinic1, db):
    ExerciseFactory(name="Clam shell")
    ExerciseFactory(name="Clam, Riverside style", owner_clinic=clinic1)
    ExerciseFactory(name="Clam draft", status=Status.DRAFT)
    assert names(as_c.get(URL, {"q": "clam"})) == ["Clam shell"]
    assert names(as_c.get(URL)) == ["Clam shell"]


def test_own_clinic_drafts_show_with_a_badge(as_a, clinic1):
    ExerciseFactory(name="Our draft", owner_clinic=clinic1, status=Status.DRAFT)
    response = as_a.get(URL)
    assert names(response) == ["Our draft"]
    assert "Draft" in response.content.decode()


def test_the_search_is_bookmarkable_and_works_without_javascript(as_a, clams):
    response = as_a.get(URL + "?q=clam+band&position=side_lying")
    body = response.content.decode()
    assert "<html" in body
    assert 'value="clam band"' in body
    assert "Clam shell with band" in body
    assert 'hx-push-url="true"' in body
    assert f'action="{URL}"' in body


def test_htmx_answers_only_the_results(as_a, clams):
    response = as_a.get(URL, {"q": "clam"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<div id="library-results"')
    assert "Clam shell" in body


def test_cards_show_thumbnails_and_paginate(as_a, db, settings):
    settings.EXERCISES_PER_PAGE = 2
    first = ExerciseFactory(name="A first")
    media = add_image(first)
    ExerciseFactory(name="B second")
    ExerciseFactory(name="C third")
    response = as_a.get(URL)
    body = response.content.decode()
    assert media.thumbnail_url in body
    assert names(response) == ["A first", "B second"]
    assert "?&amp;page=2" in body
    assert names(as_a.get(URL, {"page": 2})) == ["C third"]


def test_the_page_keeps_the_search_in_its_page_links(as_a, db, settings):
    settings.EXERCISES_PER_PAGE = 1
    ExerciseFactory(name="Squat one")
    ExerciseFactory(name="Squat two")
    body = as_a.get(URL, {"q": "squat"}).content.decode()
    assert "?q=squat&amp;page=2" in body


def _library_queries(http, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = http.get(URL, {"q": query} if query else {})
        assert response.status_code == 200
    return len(queries)


def test_the_query_count_is_the_same_for_10_and_500_exercises(as_a, clinic1, settings):
    settings.EXERCISES_PER_PAGE = 24

    def make(count, start):
        for n in range(start, start + count):
            exercise = ExerciseFactory(name=f"Squat variation {n}")
            if n % 3 == 0:
                add_image(exercise)
        ExerciseFactory(name=f"Clinic squat {start}", owner_clinic=clinic1)

    make(10, 0)
    small = (_library_queries(as_a), _library_queries(as_a, "squat"))
    Exercise.objects.bulk_create(
        ExerciseFactory.build(name=f"Bulk squat {n}", slug=f"bulk-squat-{n}") for n in range(489)
    )
    make(1, 1000)
    assert Exercise.objects.count() == 502
    large = (_library_queries(as_a), _library_queries(as_a, "squat"))
    assert small == large


def test_it_is_for_clinicians_only(as_client1, curator):
    from django.test import Client as HttpClient

    assert as_client1.get(URL).status_code == 404
    staff = HttpClient()
    staff.force_login(curator)
    assert staff.get(URL).status_code == 404


def test_it_rejects_post(as_a):
    assert as_a.post(URL).status_code == 405


def test_a_cached_card_follows_its_exercise(as_a, db):
    exercise = ExerciseFactory(name="Clam shell", status=Status.PUBLISHED)
    assert "Clam shell" in as_a.get(URL).content.decode()
    exercise.name = "Clam shell, renamed"
    exercise.save()
    assert "Clam shell, renamed" in as_a.get(URL).content.decode()
    Exercise.objects.filter(pk=exercise.pk).update(status=Status.DRAFT)
    assert "Clam shell, renamed" not in as_a.get(URL).content.decode()


def test_pages_show_the_real_total(as_a, db, settings):
    settings.EXERCISES_PER_PAGE = 2
    for n in range(3):
        ExerciseFactory(name=f"Squat {n}")
    first = as_a.get(URL, {"q": "squat"})
    assert first.context["page"].has_next
    body = first.content.decode()
    assert "1–2 of 3 exercises found" in body
    assert "Page 1 of 2" in body
    last = as_a.get(URL, {"q": "squat", "page": 2})
    assert names(last) == ["Squat 2"]
    assert "3–3 of 3 exercises found" in last.content.decode()
    # Django's Paginator: past the end is the last page, not a number the first.
    assert names(as_a.get(URL, {"q": "squat", "page": 9})) == ["Squat 2"]
    assert names(as_a.get(URL, {"q": "squat", "page": "x"})) == ["Squat 0", "Squat 1"]


def test_one_page_says_how_many_without_a_range(as_a, db):
    ExerciseFactory(name="Squat")
    body = as_a.get(URL, {"q": "squat"}).content.decode()
    assert "1 exercise found" in body
    assert "1–1 of" not in body
    assert "Page 1 of" not in body


def test_text_only_matches_go_by_rank_not_by_name_length(as_a, db):
    # Neither name has "hinge": the one whose summary (weight B) says it outranks the
    # one whose mistakes (weight D) do, though its name is longer.
    ExerciseFactory(name="Long-named exercise", summary="A hinge pattern.")
    ExerciseFactory(name="Short", summary="Other.", mistakes="No hinge.")
    ExerciseFactory(name="Hinge")
    assert names(as_a.get(URL, {"q": "hinge"})) == ["Hinge", "Long-named exercise", "Short"]


def test_pages_run_on_from_name_matches_into_text_matches(as_a, db, settings):
    settings.EXERCISES_PER_PAGE = 2
    for name in ["Lunge", "Lunge walk", "Reverse lunge"]:
        ExerciseFactory(name=name)
    ExerciseFactory(name="Step up", summary="Like a lunge.")  # summary: weight B
    ExerciseFactory(name="Wall sit", mistakes="Lunging forward.")  # mistakes: weight D
    pages = [names(as_a.get(URL, {"q": "lunge", "page": n})) for n in (1, 2, 3)]
    assert pages == [["Lunge", "Lunge walk"], ["Reverse lunge", "Step up"], ["Wall sit"]]
    assert "5–5 of 5 exercises found" in as_a.get(URL, {"q": "lunge", "page": 3}).content.decode()


def test_a_search_page_takes_at_most_one_query_more_when_it_reaches_text_matches(
    as_a, db, settings
):
    settings.EXERCISES_PER_PAGE = 2
    for name in ["Lunge", "Lunge walk", "Reverse lunge"]:
        ExerciseFactory(name=name)
    ExerciseFactory(name="Step up", summary="Like a lunge.")
    within = _library_queries(as_a, "lunge")  # page 1: name matches only
    with CaptureQueriesContext(connection) as queries:
        as_a.get(URL, {"q": "lunge", "page": 2})  # name and text matches
    assert len(queries) == within + 1
