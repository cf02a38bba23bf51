"""Default dosing by goal and the dose in plain words. Plain functions, no Django.

Numbers from docs/clinical.md §3 (dosing table). Each is a starting point the
clinician overrides; none is a prescription by itself.
"""

from dataclasses import dataclass

from programs.adherence import PAIN_SAFE_MAX

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EVERY_DAY = list(range(7))


@dataclass(frozen=True)
class GoalDose:
    sets: int
    reps: int
    rest_seconds: int
    load: str
    hold_seconds: int | None = None


# docs/clinical.md §3: endurance 15–30 reps × 1–3 sets, light load, 30–60 s rest.
# docs/clinical.md §3: strength 8–12 reps × 1–3 sets (novice), 60–80% 1RM, 1–3 min rest.
# docs/clinical.md §3: power 3–6 reps × 3–5 sets, 0–60% 1RM moving fast, 2–3 min rest.
# Mobility is not in the table: gentle, higher repetitions, short holds.
GOAL_DOSES = {
    "endurance": GoalDose(sets=2, reps=15, rest_seconds=45, load="light"),
    "strength": GoalDose(sets=3, reps=10, rest_seconds=120, load="moderate to heavy (60–80% 1RM)"),
    "power": GoalDose(sets=4, reps=5, rest_seconds=150, load="light to moderate, move fast"),
    "mobility": GoalDose(sets=2, reps=10, rest_seconds=30, load="bodyweight", hold_seconds=20),
}

# Exercises dosed by time (planks, balance holds): the goal scales the hold.
GOAL_HOLD_SECONDS = {"endurance": 30, "strength": 20, "power": 10, "mobility": 20}


def dose_for_goal(goal: str, *, exercise_default: dict) -> dict:
    """Starting dose for a new programme item, from the goal (docs/clinical.md §3).

    ``exercise_default`` is the exercise's own default (sets, reps, hold_seconds,
    rest_seconds). An exercise dosed by holds keeps a hold; one dosed by reps gets
    the goal's reps.
    """
    goal_dose = GOAL_DOSES.get(goal)
    if goal_dose is None:
        return dict(exercise_default)
    held = exercise_default.get("hold_seconds") and not exercise_default.get("reps")
    return {
        "sets": goal_dose.sets,
        "reps": None if held else goal_dose.reps,
        "hold_seconds": GOAL_HOLD_SECONDS[goal] if held else None,
        "rest_seconds": goal_dose.rest_seconds,
        "load": "" if goal_dose.load in ("light", "bodyweight") and held else goal_dose.load,
    }


def _times(n: int) -> str:
    return {1: "once a day", 2: "twice a day", 3: "three times a day"}.get(n, f"{n} times a day")


def days_text(days: list[int]) -> str:
    days = sorted(set(days))
    if not days or days == EVERY_DAY:
        return "every day"
    if days == [0, 1, 2, 3, 4]:
        return "on weekdays"
    names = [WEEKDAYS[d] for d in days]
    if len(names) == 1:
        return f"on {names[0]}s"
    return "on " + ", ".join(f"{n}s" for n in names[:-1]) + f" and {names[-1]}s"


def dose_text(
    *,
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    side: str = "both",
    times_per_day: int = 1,
    days: list[int] | None = None,
    load: str = "",
) -> str:
    """The dose in plain words: "3 sets of 15, left leg, twice a day, every day"."""
    set_word = "set" if sets == 1 else "sets"
    if reps and hold_seconds:
        what = f"{sets} {set_word} of {reps}, holding each for {hold_seconds} seconds"
    elif reps:
        what = f"{sets} {set_word} of {reps}"
    else:
        what = f"{sets} {set_word} of a {hold_seconds}-second hold"
    parts = [what]
    if side == "left":
        parts.append("left leg")
    elif side == "right":
        parts.append("right leg")
    if load:
        parts.append(f"with {load}")
    parts.append(_times(times_per_day))
    parts.append(days_text(days if days is not None else EVERY_DAY))
    return ", ".join(parts)


# --- pace of a guided session ------------------------------------------------

# Ours, not a clinical number: the pace a guided session counts at when the tempo is not
# a list of seconds (a steady repetition of about three seconds).
STEADY_REP_SECONDS = 3


def tempo_seconds(tempo: str) -> int | None:
    """Seconds one repetition takes at a tempo written as phases in seconds ("3-1-1",
    "3-0-1-0", "2:1:2"), or None when the tempo is not written that way ("slow")."""
    parts = [part.strip() for part in tempo.replace(":", "-").replace("/", "-").split("-")]
    if len(parts) < 2 or not all(part.isdigit() for part in parts):
        return None
    total = sum(int(part) for part in parts)
    return total if 0 < total <= 60 else None


def rep_seconds(tempo: str) -> int:
    """Seconds between counts when a guided session counts the repetitions itself."""
    return tempo_seconds(tempo) or STEADY_REP_SECONDS


# --- when to progress ---------------------------------------------------------

# docs/clinical.md §3: "Progress load by 2–10% when the top of the rep range is reached
# (ACSM 2009)". The top of each goal's range from the dosing table (strength: novice).
REP_RANGE_TOP = {"endurance": 30, "strength": 12, "power": 6}
# Ours, not the table's: the top reached in each of the last three sessions, so one
# good day is not enough, and each with pain in the safe zone (docs/clinical.md §4: 0–3).
SESSIONS_AT_THE_TOP = 3
DIFFICULTY_JUST_RIGHT = 3  # programs.models.Difficulty: 4 "hard" and 5 "too hard" hold it back


@dataclass(frozen=True)
class LoggedSession:
    """What the client logged of one exercise in one session (the fields that matter here)."""

    done: bool
    sets_done: int | None
    reps_done: int | None
    pain: int | None
    difficulty: int | None = None


def top_reached(
    *, goal: str, sets: int, reps: int | None, latest: list[LoggedSession]
) -> int | None:
    """The top of the goal's rep range when the client has reached it and may progress
    (2–10% more load, or a harder exercise), else None.

    ``latest`` is the item's logs, newest first. Each of the last ``SESSIONS_AT_THE_TOP``
    must be done, with every prescribed set at the top of the range or above, pain
    logged and 0–3, and not rated hard. Items dosed by holds, and goals outside the
    table (mobility), never get a hint.
    """
    top = REP_RANGE_TOP.get(goal)
    if top is None or reps is None or len(latest) < SESSIONS_AT_THE_TOP:
        return None
    for log in latest[:SESSIONS_AT_THE_TOP]:
        if not log.done or (log.sets_done or 0) < sets or (log.reps_done or 0) < top:
            return None
        if log.pain is None or log.pain > PAIN_SAFE_MAX:
            return None
        if log.difficulty is not None and log.difficulty > DIFFICULTY_JUST_RIGHT:
            return None
    return top
