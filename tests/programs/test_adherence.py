"""Adherence, streaks and pain flags (docs/clinical.md §4): plain functions, edge cases."""

from datetime import date, timedelta

import pytest

from programs.adherence import (
    Schedule,
    adherence,
    exercises_due_on,
    is_next_day_flag,
    is_pain_flag,
    last_day_due,
    pain_zone,
    prescribed_on,
    streak,
)

EVERY_DAY = frozenset(range(7))
MON_WED_FRI = frozenset({0, 2, 4})
MONDAY = date(2026, 11, 2)  # a Monday


def _days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


def test_nothing_prescribed_gives_no_ratio_rather_than_zero():
    result = adherence([], {}, start=MONDAY, end=MONDAY + timedelta(days=6))
    assert result.prescribed == 0
    assert result.ratio is None
    assert result.percent is None
    assert result.on_track is None


def test_a_programme_with_no_items_prescribes_nothing():
    empty = Schedule(start=MONDAY, end=None, items=())
    assert adherence([empty], {MONDAY: 1}, start=MONDAY, end=MONDAY).prescribed == 0


def test_every_day_fully_logged_is_100_percent():
    schedule = Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 1),))
    logged = dict.fromkeys(_days(MONDAY, 7), 1)
    result = adherence([schedule], logged, start=MONDAY, end=MONDAY + timedelta(days=6))
    assert (result.logged, result.prescribed, result.percent) == (7, 7, 100)
    assert result.on_track


def test_eighty_percent_is_on_track_and_just_below_is_not():
    schedule = Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 1),))
    days = _days(MONDAY, 10)
    eight = dict.fromkeys(days[:8], 1)
    seven = dict.fromkeys(days[:7], 1)
    assert adherence([schedule], eight, start=days[0], end=days[-1]).on_track is True
    assert adherence([schedule], seven, start=days[0], end=days[-1]).on_track is False


def test_a_programme_starting_mid_week_counts_from_its_start():
    thursday = MONDAY + timedelta(days=3)
    schedule = Schedule(start=thursday, end=None, items=((EVERY_DAY, 1),))
    logged = dict.fromkeys(_days(thursday, 4), 1)
    result = adherence([schedule], logged, start=MONDAY, end=MONDAY + timedelta(days=6))
    assert result.prescribed == 4  # Thu, Fri, Sat, Sun
    assert result.percent == 100


def test_only_the_prescribed_weekdays_count():
    schedule = Schedule(start=MONDAY, end=None, items=((MON_WED_FRI, 1),))
    week = _days(MONDAY, 7)
    assert [prescribed_on(schedule, d) for d in week] == [1, 0, 1, 0, 1, 0, 0]
    # A log on a rest day (Tuesday) does not count towards a missed Friday.
    logged = {week[0]: 1, week[1]: 1, week[2]: 1}
    result = adherence([schedule], logged, start=week[0], end=week[-1])
    assert (result.logged, result.prescribed) == (2, 3)


def test_twice_a_day_needs_two_sessions_and_extra_ones_do_not_carry_over():
    schedule = Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 2), (EVERY_DAY, 1)))
    assert prescribed_on(schedule, MONDAY) == 2
    tuesday = MONDAY + timedelta(days=1)
    logged = {MONDAY: 3, tuesday: 1}
    result = adherence([schedule], logged, start=MONDAY, end=tuesday)
    assert (result.logged, result.prescribed) == (3, 4)
    assert result.percent == 75


def test_a_finished_programme_prescribes_nothing_after_its_end():
    wednesday = MONDAY + timedelta(days=2)
    schedule = Schedule(start=MONDAY, end=wednesday, items=((EVERY_DAY, 1),))
    assert prescribed_on(schedule, wednesday) == 1
    assert prescribed_on(schedule, wednesday + timedelta(days=1)) == 0
    logged = dict.fromkeys(_days(MONDAY, 3), 1)
    result = adherence([schedule], logged, start=MONDAY, end=MONDAY + timedelta(days=27))
    assert (result.logged, result.prescribed) == (3, 3)


def test_two_programmes_add_up():
    a = Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 1),))
    b = Schedule(start=MONDAY, end=None, items=((MON_WED_FRI, 1),))
    result = adherence([a, b], {MONDAY: 2}, start=MONDAY, end=MONDAY)
    assert (result.logged, result.prescribed) == (2, 2)


def test_streak_counts_back_over_complete_days_and_skips_rest_days():
    schedule = Schedule(start=MONDAY, end=None, items=((MON_WED_FRI, 1),))
    week = _days(MONDAY, 7)
    logged = {week[0]: 1, week[2]: 1, week[4]: 1}
    # Sunday: rest days neither break nor extend it.
    assert streak([schedule], logged, today=week[6]) == 3
    # A missed Wednesday breaks it.
    logged.pop(week[2])
    assert streak([schedule], logged, today=week[6]) == 1


def test_an_unfinished_today_does_not_break_the_streak():
    schedule = Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 2),))
    tuesday = MONDAY + timedelta(days=1)
    logged = {MONDAY: 2, tuesday: 1}
    assert streak([schedule], logged, today=tuesday) == 1
    logged[tuesday] = 2
    assert streak([schedule], logged, today=tuesday) == 2


def test_no_programme_no_streak():
    assert streak([], {MONDAY: 1}, today=MONDAY) == 0


@pytest.mark.parametrize(
    ("pain", "zone", "flag"),
    [
        (None, None, False),
        (0, "safe", False),
        (3, "safe", False),
        (4, "acceptable", False),
        (5, "acceptable", False),
        (6, "too_much", True),
        (7, "too_much", True),
        (10, "too_much", True),
    ],
)
def test_pain_zones_and_the_flag_above_five(pain, zone, flag):
    assert pain_zone(pain) == zone
    assert is_pain_flag(pain) is flag


@pytest.mark.parametrize(
    ("morning", "day_before", "flag"),
    [(4, 3, True), (3, 3, False), (2, 5, False), (4, None, False), (None, 2, False)],
)
def test_next_morning_pain_above_the_day_before_is_flagged(morning, day_before, flag):
    assert is_next_day_flag(morning, day_before) is flag


def test_paused_days_are_neither_done_nor_missed():
    week = _days(MONDAY, 7)
    # Paused Wednesday to Friday, active again on Saturday.
    schedule = Schedule(
        start=MONDAY, end=None, items=((EVERY_DAY, 1),), pauses=((week[2], week[4]),)
    )
    assert [prescribed_on(schedule, day) for day in week] == [1, 1, 0, 0, 0, 1, 1]
    logged = {week[0]: 1, week[1]: 1, week[3]: 1, week[5]: 1, week[6]: 1}
    result = adherence([schedule], logged, start=week[0], end=week[6])
    assert (result.logged, result.prescribed) == (4, 4)  # Thursday's log is extra
    # The pause neither breaks nor extends the streak.
    assert streak([schedule], logged, today=week[6]) == 4


def test_a_pause_with_no_last_day_stops_the_schedule():
    week = _days(MONDAY, 7)
    schedule = Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 1),), pauses=((week[3], None),))
    assert [prescribed_on(schedule, day) for day in week] == [1, 1, 1, 0, 0, 0, 0]
    assert last_day_due(schedule) == week[2]
    ended = Schedule(start=MONDAY, end=week[1], items=((EVERY_DAY, 1),), pauses=((week[3], None),))
    assert last_day_due(ended) == week[1]
    assert last_day_due(Schedule(start=MONDAY, end=None, items=((EVERY_DAY, 1),))) is None


def test_a_removed_item_is_due_before_its_removal_day_only():
    week = _days(MONDAY, 7)
    schedule = Schedule(
        start=MONDAY,
        end=None,
        items=((EVERY_DAY, 1),),
        removed=((EVERY_DAY, 2, week[3]),),  # twice a day until removed on Thursday
    )
    assert [prescribed_on(schedule, day) for day in week] == [2, 2, 2, 1, 1, 1, 1]
    logged = dict.fromkeys(week[:3], 2) | dict.fromkeys(week[3:], 1)
    assert adherence([schedule], logged, start=week[0], end=week[6]).percent == 100


def test_exercises_due_count_each_item_once_per_round_it_is_due_in():
    schedule = Schedule(
        start=MONDAY,
        end=None,
        items=((EVERY_DAY, 2), (MON_WED_FRI, 1), (EVERY_DAY, 1)),
        pauses=((MONDAY + timedelta(days=3), MONDAY + timedelta(days=3)),),
    )
    assert exercises_due_on(schedule, MONDAY) == 4  # two rounds of one, once the others
    assert exercises_due_on(schedule, MONDAY, round=1) == 3
    assert exercises_due_on(schedule, MONDAY, round=2) == 1
    assert exercises_due_on(schedule, MONDAY + timedelta(days=1)) == 3  # Tuesday
    assert exercises_due_on(schedule, MONDAY + timedelta(days=3)) == 0  # paused
    assert exercises_due_on(schedule, MONDAY - timedelta(days=1)) == 0  # before the start
