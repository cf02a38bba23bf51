"""Default dosing by goal (docs/clinical.md §3) and the dose in plain words."""

import pytest

from programs.dosing import LoggedSession, days_text, dose_for_goal, dose_text, top_reached

REPS = {"sets": 3, "reps": 12, "hold_seconds": None, "rest_seconds": 60}
HOLD = {"sets": 3, "reps": None, "hold_seconds": 45, "rest_seconds": 60}


@pytest.mark.parametrize(
    ("goal", "sets", "reps", "low", "high"),
    [
        # docs/clinical.md §3: endurance 15–30 reps × 1–3 sets, 30–60 s rest.
        ("endurance", 2, 15, 30, 60),
        # strength (novice) 8–12 reps × 1–3 sets, 1–3 min rest.
        ("strength", 3, 10, 60, 180),
        # power 3–6 reps × 3–5 sets, 2–3 min rest.
        ("power", 4, 5, 120, 180),
    ],
)
def test_the_goal_dose_lies_in_the_clinical_ranges(goal, sets, reps, low, high):
    dose = dose_for_goal(goal, exercise_default=REPS)
    assert (dose["sets"], dose["reps"], dose["hold_seconds"]) == (sets, reps, None)
    assert low <= dose["rest_seconds"] <= high


def test_an_exercise_dosed_by_holds_keeps_a_hold():
    dose = dose_for_goal("endurance", exercise_default=HOLD)
    assert (dose["reps"], dose["hold_seconds"]) == (None, 30)


def test_an_unknown_goal_keeps_the_exercise_default():
    assert dose_for_goal("unknown", exercise_default=REPS) == REPS


def test_the_dose_in_words():
    text = dose_text(sets=3, reps=15, hold_seconds=None, side="left", times_per_day=2)
    assert text == "3 sets of 15, left leg, twice a day, every day"
    text = dose_text(sets=1, reps=None, hold_seconds=30, days=[0, 2, 4], load="red band")
    assert text == (
        "1 set of a 30-second hold, with red band, once a day, on Mondays, Wednesdays and Fridays"
    )


def test_days_in_words():
    assert days_text([0, 1, 2, 3, 4]) == "on weekdays"
    assert days_text([6]) == "on Sundays"
    assert days_text([]) == "every day"


def _at(reps=12, sets=3, pain=2, done=True, difficulty=None):
    return LoggedSession(
        done=done, sets_done=sets, reps_done=reps, pain=pain, difficulty=difficulty
    )


def test_three_sessions_at_the_top_of_the_range_say_progress():
    # docs/clinical.md §3: progress load when the top of the rep range is reached.
    latest = [_at(), _at(reps=13), _at()]
    assert top_reached(goal="strength", sets=3, reps=10, latest=latest) == 12
    assert top_reached(goal="power", sets=3, reps=5, latest=[_at(reps=6)] * 3) == 6
    assert top_reached(goal="endurance", sets=3, reps=15, latest=[_at(reps=30)] * 3) == 30


@pytest.mark.parametrize(
    "latest",
    [
        [_at(), _at()],  # two sessions are not enough
        [_at(), _at(reps=11), _at()],  # one below the top
        [_at(), _at(sets=2), _at()],  # a set short
        [_at(), _at(pain=4), _at()],  # pain beyond the safe zone (docs/clinical.md §4)
        [_at(), _at(pain=None), _at()],  # pain not logged
        [_at(), _at(done=False), _at()],  # not done
        [_at(), _at(difficulty=4), _at()],  # rated hard
    ],
    ids=["two", "reps", "sets", "pain", "no-pain", "not-done", "hard"],
)
def test_anything_short_of_it_says_nothing(latest):
    assert top_reached(goal="strength", sets=3, reps=10, latest=latest) is None


def test_only_the_latest_sessions_count_and_some_doses_never_progress():
    older_bad = [_at(), _at(), _at(), _at(pain=7)]
    assert top_reached(goal="strength", sets=3, reps=10, latest=older_bad) == 12
    assert top_reached(goal="strength", sets=3, reps=None, latest=[_at()] * 3) is None  # holds
    assert top_reached(goal="mobility", sets=3, reps=10, latest=[_at()] * 3) is None
