"""Default dosing by goal (CLINICAL.md §3) and the dose in plain words."""

import pytest

from programs.dosing import days_text, dose_for_goal, dose_text

REPS = {"sets": 3, "reps": 12, "hold_seconds": None, "rest_seconds": 60}
HOLD = {"sets": 3, "reps": None, "hold_seconds": 45, "rest_seconds": 60}


@pytest.mark.parametrize(
    ("goal", "sets", "reps", "low", "high"),
    [
        # CLINICAL.md §3: endurance 15–30 reps × 1–3 sets, 30–60 s rest.
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
