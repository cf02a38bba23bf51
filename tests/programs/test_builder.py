"""The programme builder: page, library search, adding, editing, ordering, swapping, removing."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises.models import Status, WeightBearing
from programs.models import ItemLog, ProgramItem, ProgramItemDose, SessionLog
from tests.programs.factories import (
    ExerciseFactory,
    ProgramFactory,
    ProgramItemFactory,
    ProgressionFactory,
)
from tests.programs.portal_helpers import days_ago, log_item

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def program(client1):
    return ProgramFactory(client=client1, goal="strength", title="Knee plan")


@pytest.fixture
def item(program):
    return ProgramItemFactory(program=program, exercise__name="Clam shell", order=0)


def url(name, program, *args):
    return reverse(f"programs:{name}", args=[program.pk, *args])


def dose_post(**changes):
    data = {
        "sets": "3",
        "reps": "12",
        "hold_seconds": "",
        "load": "red band",
        "tempo": "",
        "rest_seconds": "60",
        "side": "both",
        "times_per_day": "1",
        "days_of_week": ["0", "2", "4"],
        "notes": "",
    }
    data.update(changes)
    return data


# --- the page ------------------------------------------------------------------


def test_it_shows_the_builder_to_a_clinician_of_the_clinic(as_b, program, item):
    response = as_b.get(url("builder", program))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Knee plan" in body
    assert "Clam shell" in body
    assert "Edit dose" in body
    assert "programs.js" in body


def test_it_shows_the_builder_read_only_to_a_viewer(as_viewer, program, item):
    response = as_viewer.get(url("builder", program))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Clam shell" in body
    assert "Edit dose" not in body
    assert reverse("programs:item-add", args=[program.pk]) not in body


def test_it_hides_the_builder_from_another_clinic(as_c, program):
    assert as_c.get(url("builder", program)).status_code == 404


def test_it_hides_the_builder_from_a_client(as_client1, program):
    assert as_client1.get(url("builder", program)).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(client, program):
    response = client.get(url("builder", program))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_rejects_post_on_the_builder(as_a, program):
    assert as_a.post(url("builder", program)).status_code == 405


def test_builder_query_count_does_not_grow_with_items(as_a, program):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_a.get(url("builder", program)).status_code == 200
        return len(queries)

    first = ProgramItemFactory(program=program)
    ProgressionFactory(easier=first.exercise)
    few = count()
    for _ in range(6):
        row = ProgramItemFactory(program=program)
        ProgressionFactory(easier=row.exercise)
        ProgressionFactory(harder=row.exercise)
        ProgramItemDose.objects.create(
            item=row, exercise=row.exercise, valid_from=row.program.created_at, sets=1, reps=5
        )
    assert count() == few


# --- library search ------------------------------------------------------------------


def test_search_answers_the_results_region_with_htmx(as_a, program):
    ExerciseFactory(name="Glute bridge")
    ExerciseFactory(name="Side plank")
    response = as_a.get(url("library-search", program), {"q": "bridge"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="search-results"' in body
    assert "Glute bridge" in body
    assert "Side plank" not in body


def test_search_leaves_out_exercises_the_clinician_cannot_see(as_a, program, clinic2):
    ExerciseFactory(name="Bridge of clinic two", owner_clinic=clinic2)
    ExerciseFactory(name="Bridge in draft", status=Status.DRAFT)
    body = as_a.get(url("library-search", program), {"q": "bridge"}, **HTMX).content.decode()
    assert "clinic two" not in body
    assert "in draft" not in body


def test_search_without_htmx_shows_the_builder_with_results(as_a, program):
    ExerciseFactory(name="Glute bridge")
    response = as_a.get(url("library-search", program), {"q": "bridge"}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert "Glute bridge" in body


def test_search_ranks_as_the_library_does(as_a, program):
    for name, text in [
        ("Hip hitch", "Clam first."),
        ("Clam shell with band", ""),
        ("Clam shell", ""),
        ("Side plank with clam", ""),
        ("Glute bridge", ""),
    ]:
        ExerciseFactory(name=name, cues=text)
    body = as_a.get(url("library-search", program), {"q": "clam"}, **HTMX).content.decode()
    found = re.findall(r'<span class="min-w-0"><a href="[^"]+">([^<]+)</a>', body)
    library = as_a.get(reverse("exercises:library"), {"q": "clam"})
    assert found == [row.name for row in library.context["page"].object_list]
    assert found == ["Clam shell", "Clam shell with band", "Side plank with clam", "Hip hitch"]


def test_search_shows_the_first_twelve_of_the_real_total(as_a, program):
    for n in range(15):
        ExerciseFactory(name=f"Bridge {n:02d}")
    response = as_a.get(url("library-search", program), {"q": "bridge"}, **HTMX)
    body = response.content.decode()
    assert body.count('class="min-w-0"><a href=') == 12
    assert "The first 12 of 15 matches: type more to narrow them." in body
    assert "Bridge 11" in body
    assert "Bridge 12" not in body


def test_search_is_scoped_to_the_clinic(as_c, program):
    assert as_c.get(url("library-search", program), {"q": "x"}, **HTMX).status_code == 404


# --- adding ----------------------------------------------------------------------------


def test_it_adds_an_exercise_dosed_from_the_goal(as_a, program):
    exercise = ExerciseFactory(name="Clam shell", default_reps=20, default_sets=1)
    response = as_a.post(url("item-add", program), {"exercise": exercise.pk}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="items"' in body
    assert "Clam shell" in body
    item = program.items.get()
    # docs/clinical.md §3, strength: 3 sets of 10 (the exercise's own 1 × 20 is replaced).
    assert (item.sets, item.reps, item.side) == (3, 10, "both")
    assert "3 sets of 10" in body


def test_it_adds_from_results_that_belong_to_the_query_in_the_box(as_a, program):
    exercise = ExerciseFactory(name="Clam shell")
    data = {"exercise": exercise.pk, "results_for": "clam", "q": " clam "}
    response = as_a.post(url("item-add", program), data, **HTMX)
    assert response.status_code == 200
    assert 'id="items"' in response.content.decode()
    assert [i.exercise_id for i in program.items.all()] == [exercise.pk]


def test_it_refuses_an_add_from_results_of_an_earlier_query(as_a, program):
    """Clicking Add just after typing a new search: the list on screen was found for
    "clam", the box says "bridge"; nothing is added and the box's results are shown."""
    clam = ExerciseFactory(name="Clam shell")
    ExerciseFactory(name="Glute bridge")
    data = {"exercise": clam.pk, "results_for": "clam", "q": "bridge"}
    response = as_a.post(url("item-add", program), data, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#search-results"
    assert response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert 'data-query="bridge"' in body
    assert "The results changed before you picked: nothing was added." in body
    assert "Glute bridge" in body
    assert "Clam shell" not in body
    assert not program.items.exists()


def test_search_results_carry_the_query_they_were_found_for(as_a, program):
    ExerciseFactory(name="Glute bridge")
    body = as_a.get(url("library-search", program), {"q": "bridge"}, **HTMX).content.decode()
    assert 'data-query="bridge"' in body
    assert 'name="results_for" value="bridge"' in body
    assert 'hx-include="#library-q"' in body


def test_builder_latest_logs_are_read_from_the_programmes_sessions(as_a, program, item):
    """The dose-progress reads start from the programme's own sessions: the builder
    takes as many queries with another programme's long history as without it."""

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_a.get(url("builder", program)).status_code == 200
        return len(queries), [q["sql"] for q in queries if "ROW_NUMBER" in q["sql"]]

    log_item(item, days_ago(1), pain=2)
    before, ranked = count()
    other = ProgramItemFactory(program=ProgramFactory(client=program.client))
    for n in range(1, 8):
        log_item(other, days_ago(n), pain=3)
    after, ranked_after = count()
    assert before == after
    (sql,) = ranked_after
    assert '"programs_sessionlog"."program_id" =' in sql


def test_it_adds_at_the_end_without_htmx(as_a, program, item):
    exercise = ExerciseFactory()
    response = as_a.post(url("item-add", program), {"exercise": exercise.pk})
    added = program.items.get(exercise=exercise)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{added.pk}")
    assert added.order == item.order + 1


def test_it_adds_a_suggestion_for_a_side(as_a, program):
    exercise = ExerciseFactory()
    as_a.post(url("item-add", program), {"exercise": exercise.pk, "side": "left"}, **HTMX)
    assert program.items.get().side == "left"


def test_it_refuses_an_exercise_of_another_clinic(as_a, program, clinic2):
    private = ExerciseFactory(owner_clinic=clinic2)
    response = as_a.post(url("item-add", program), {"exercise": private.pk}, **HTMX)
    assert response.status_code == 404
    assert not program.items.exists()


def test_add_refuses_a_viewer(as_viewer, program):
    exercise = ExerciseFactory()
    assert as_viewer.post(url("item-add", program), {"exercise": exercise.pk}).status_code == 403


def test_add_refuses_another_clinic(as_c, program):
    exercise = ExerciseFactory()
    assert as_c.post(url("item-add", program), {"exercise": exercise.pk}).status_code == 404


def test_add_refuses_a_client(as_client1, program):
    exercise = ExerciseFactory()
    response = as_client1.post(url("item-add", program), {"exercise": exercise.pk})
    assert response.status_code == 404


def test_add_rejects_get(as_a, program):
    assert as_a.get(url("item-add", program)).status_code == 405


# --- editing a dose ---------------------------------------------------------------------


def test_edit_form_comes_as_a_partial(as_a, program, item):
    response = as_a.get(url("item-edit", program, item.pk), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="item-{item.pk}"' in body
    assert "Save dose" in body


def test_edit_without_htmx_opens_the_form_in_the_builder(as_a, program, item):
    response = as_a.get(url("item-edit", program, item.pk))
    body = response.content.decode()
    assert "<html" in body
    assert "Save dose" in body


def test_it_saves_a_dose_and_keeps_the_old_one(as_a, clinician_a, program, item):
    response = as_a.post(url("item-edit", program, item.pk), dose_post(sets="4"), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "4 sets of 12" in body
    assert "Dose history (1)" in body
    item.refresh_from_db()
    assert (item.sets, item.reps, item.load, item.days_of_week) == (4, 12, "red band", [0, 2, 4])
    (old,) = item.history.all()
    assert (old.sets, old.reps, old.changed_by) == (2, 15, clinician_a)


def test_it_saves_a_dose_without_htmx(as_a, program, item):
    response = as_a.post(url("item-edit", program, item.pk), dose_post(tempo="3-1-1"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.tempo == "3-1-1"


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"sets": "0"}, "Give at least 1 set."),
        ({"reps": "", "hold_seconds": ""}, "Give repetitions or a hold time"),
        ({"days_of_week": []}, "Pick at least one day."),
        ({"sets": "11"}, "less than or equal to 10"),
    ],
)
def test_an_invalid_dose_keeps_what_was_typed(as_a, program, item, changes, field_message):
    data = dose_post(load="green band, typed", tempo="2-0-2", **changes)
    for headers in (HTMX, {}):
        response = as_a.post(url("item-edit", program, item.pk), data, **headers)
        assert response.status_code == 200
        body = response.content.decode()
        assert field_message in body
        assert 'value="green band, typed"' in body
        assert 'value="2-0-2"' in body
        assert ("<html" in body) == (not headers)
    item.refresh_from_db()
    assert (item.sets, item.reps, item.load) == (2, 15, "")
    assert not item.history.exists()


def test_a_hold_alone_is_a_valid_dose(as_a, program, item):
    response = as_a.post(
        url("item-edit", program, item.pk), dose_post(reps="", hold_seconds="30"), **HTMX
    )
    assert "30-second hold" in response.content.decode()


def test_saving_the_same_dose_adds_no_history(as_a, program, item):
    data = dose_post(sets="2", reps="15", load="", rest_seconds="45")
    data["days_of_week"] = [str(d) for d in range(7)]
    data["notes"] = "Slowly"
    as_a.post(url("item-edit", program, item.pk), data, **HTMX)
    item.refresh_from_db()
    assert item.notes == "Slowly"
    assert not item.history.exists()


def test_edit_refuses_a_viewer(as_viewer, program, item):
    assert as_viewer.get(url("item-edit", program, item.pk)).status_code == 403
    assert as_viewer.post(url("item-edit", program, item.pk), dose_post()).status_code == 403


def test_edit_refuses_another_clinic(as_c, program, item):
    assert as_c.post(url("item-edit", program, item.pk), dose_post()).status_code == 404


def test_edit_refuses_an_item_of_another_programme(as_a, program, client1):
    other = ProgramItemFactory(program=ProgramFactory(client=client1))
    assert as_a.get(url("item-edit", program, other.pk)).status_code == 404


def test_edit_rejects_put(as_a, program, item):
    assert as_a.put(url("item-edit", program, item.pk)).status_code == 405


def test_cancel_brings_back_the_row(as_a, program, item):
    response = as_a.get(url("item-detail", program, item.pk), **HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert "Edit dose" in body
    assert as_a.get(url("item-detail", program, item.pk)).status_code == 302


# --- ordering ---------------------------------------------------------------------------


def _order(program):
    return list(program.items.current().order_by("order").values_list("exercise__name", flat=True))


@pytest.fixture
def three(program):
    return [
        ProgramItemFactory(program=program, exercise__name=name, order=position)
        for position, name in enumerate(["One", "Two", "Three"])
    ]


def test_up_and_down_buttons_work_without_javascript(as_a, program, three):
    response = as_a.post(url("item-move", program, three[2].pk), {"direction": "up"})
    assert response.status_code == 302
    assert _order(program) == ["One", "Three", "Two"]
    as_a.post(url("item-move", program, three[0].pk), {"direction": "down"})
    assert _order(program) == ["Three", "One", "Two"]


def test_moving_answers_the_list_with_htmx(as_a, program, three):
    response = as_a.post(url("item-move", program, three[0].pk), {"direction": "up"}, **HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="items"' in body
    assert _order(program) == ["One", "Two", "Three"]


def test_drag_and_drop_order_is_saved(as_a, program, three):
    ids = [three[2].pk, three[0].pk, three[1].pk]
    response = as_a.post(url("items-reorder", program), {"item": ids}, **HTMX)
    assert response.status_code == 200
    assert _order(program) == ["Three", "One", "Two"]


def test_a_stale_order_changes_nothing(as_a, program, three, client1):
    stranger = ProgramItemFactory(program=ProgramFactory(client=client1))
    ids = [three[2].pk, three[0].pk, stranger.pk]
    response = as_a.post(url("items-reorder", program), {"item": ids}, **HTMX)
    assert "reload the page" in response.content.decode()
    assert _order(program) == ["One", "Two", "Three"]


def test_ordering_refuses_a_viewer_and_another_clinic(as_viewer, as_c, program, three):
    data = {"direction": "up"}
    assert as_viewer.post(url("item-move", program, three[1].pk), data).status_code == 403
    assert as_c.post(url("item-move", program, three[1].pk), data).status_code == 404
    assert as_c.post(url("items-reorder", program), {"item": []}).status_code == 404
    assert _order(program) == ["One", "Two", "Three"]


def test_ordering_rejects_get(as_a, program, three):
    assert as_a.get(url("item-move", program, three[0].pk)).status_code == 405
    assert as_a.get(url("items-reorder", program)).status_code == 405


# --- removing ---------------------------------------------------------------------------


def test_it_removes_an_item(as_a, program, three):
    response = as_a.post(url("item-remove", program, three[1].pk), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert _order(program) == ["One", "Three"]
    assert list(program.items.values_list("order", flat=True)) == [0, 1]


def test_removing_a_logged_item_asks_first_and_keeps_its_logs(as_a, program, item):
    session = SessionLog.objects.create(program=program, date=date(2025, 3, 3))
    log = ItemLog.objects.create(session=session, item=item, pain=2)
    for headers in (HTMX, {}):
        response = as_a.post(url("item-remove", program, item.pk), **headers)
        assert response.status_code == 200
        body = response.content.decode()
        assert "has logged this exercise 1 time" in body
        assert "those logs, their pain scores and flags stay on the record" in body
        if headers:  # the question replaces the item's card, not the whole list
            assert response["HX-Retarget"] == f"#item-{item.pk}"
            assert response["HX-Reswap"] == "outerHTML"
    assert program.items.current().exists()
    response = as_a.post(url("item-remove", program, item.pk), {"confirm": "1"})
    assert response.status_code == 302
    assert not program.items.current().exists()
    item.refresh_from_db()
    assert item.removed_on == timezone.localdate()
    assert ItemLog.objects.filter(pk=log.pk, item=item).exists()
    page = as_a.get(url("builder", program)).content.decode()
    assert f'id="item-{item.pk}"' not in page
    assert "Removed exercises (1)" in page
    assert "its 1 log stays on the record" in page
    # A removed item is history: it cannot be edited, swapped or removed again.
    assert as_a.post(url("item-remove", program, item.pk), {"confirm": "1"}).status_code == 404
    assert as_a.get(url("item-edit", program, item.pk)).status_code == 404


def test_remove_refuses_a_viewer_another_clinic_and_get(as_viewer, as_c, as_a, program, item):
    assert as_viewer.post(url("item-remove", program, item.pk)).status_code == 403
    assert as_c.post(url("item-remove", program, item.pk)).status_code == 404
    assert as_a.get(url("item-remove", program, item.pk)).status_code == 405
    assert ProgramItem.objects.filter(pk=item.pk).exists()


# --- swapping to a progression or regression ------------------------------------------------


@pytest.fixture
def chain(program):
    easy = ExerciseFactory(name="Bridge", weight_bearing=WeightBearing.BOTH_LEGS)
    hard = ExerciseFactory(name="Single-leg bridge", weight_bearing=WeightBearing.SINGLE_LEG)
    easiest = ExerciseFactory(name="Bridge on the floor")
    ProgressionFactory(easier=easy, harder=hard)
    ProgressionFactory(easier=easiest, harder=easy)
    item = ProgramItemFactory(program=program, exercise=easy, sets=3, reps=12)
    return item, easiest, hard


def test_the_builder_offers_progression_and_regression(as_a, program, chain):
    body = as_a.get(url("builder", program)).content.decode()
    assert "Harder: Single-leg bridge" in body
    assert "Easier: Bridge on the floor" in body


def test_it_swaps_to_the_progression_keeping_the_dose(as_a, clinician_a, program, chain):
    item, _, hard = chain
    response = as_a.post(url("item-swap", program, item.pk), {"exercise": hard.pk}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Single-leg bridge" in body
    item.refresh_from_db()
    assert (item.exercise, item.sets, item.reps) == (hard, 3, 12)
    (old,) = item.history.all()
    assert old.exercise.name == "Bridge"
    assert old.changed_by == clinician_a


def test_it_swaps_to_the_regression_without_htmx(as_a, program, chain):
    item, easiest, _ = chain
    response = as_a.post(url("item-swap", program, item.pk), {"exercise": easiest.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.exercise == easiest


def test_it_refuses_a_swap_to_an_unlinked_exercise(as_a, program, chain):
    item, _, _ = chain
    unrelated = ExerciseFactory()
    response = as_a.post(url("item-swap", program, item.pk), {"exercise": unrelated.pk})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.exercise.name == "Bridge"


def test_swap_refuses_a_viewer_another_clinic_and_get(as_viewer, as_c, as_a, program, chain):
    item, _, hard = chain
    data = {"exercise": hard.pk}
    assert as_viewer.post(url("item-swap", program, item.pk), data).status_code == 403
    assert as_c.post(url("item-swap", program, item.pk), data).status_code == 404
    assert as_a.get(url("item-swap", program, item.pk)).status_code == 405


def test_an_item_at_the_top_of_its_range_is_ready_to_progress(as_a, program):
    item = ProgramItemFactory(program=program, exercise__name="Clam shell", sets=3, reps=10)
    harder = ProgressionFactory(easier=item.exercise).harder
    for days in (3, 2):
        log_item(item, days_ago(days), reps_done=12, pain=2)
    assert "Ready to progress" not in as_a.get(url("builder", program)).content.decode()
    log_item(item, days_ago(1), reps_done=12, pain=1)
    body = as_a.get(url("builder", program)).content.decode()
    assert "Ready to progress" in body
    assert "(12 repetitions in every set) with pain 0–3" in body
    assert "or a harder exercise" in body
    assert f"Harder: {harder.name}" in body
    log_item(item, days_ago(0), reps_done=12, pain=5)  # the newest session hurt
    assert "Ready to progress" not in as_a.get(url("builder", program)).content.decode()


def test_builder_query_count_does_not_grow_with_logs(as_a, program):
    items = [ProgramItemFactory(program=program, reps=10) for _ in range(3)]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_a.get(url("builder", program)).status_code == 200
        return len(queries)

    log_item(items[0], days_ago(1), reps_done=12)
    few = count()
    for item in items:
        for days in range(1, 15):
            log_item(item, days_ago(days + 1), reps_done=12)
    assert count() == few
