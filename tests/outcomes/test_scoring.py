"""The scoring rules and verdicts against hand-worked examples (docs/clinical.md §5)."""

import pytest

from outcomes import instruments, scoring
from outcomes.instruments import GROC, KUJALA, LEFS, NPRS, ODI, PSFS, VISA_G


def test_lefs_all_threes_is_60():
    assert LEFS.score({str(n): 3 for n in range(1, 21)}) == 60


def test_lefs_with_a_skipped_item_has_no_score():
    answers = {str(n): 4 for n in range(1, 21)}
    answers["7"] = None
    assert LEFS.score(answers) is None
    del answers["7"]
    assert LEFS.score(answers) is None


def test_visa_g_adds_the_branch_chosen_only():
    answers = {str(n): 6 for n in range(1, 8)}  # 42
    answers |= {"8": "B", "8B": 14, "8A": 30}  # the A points are not the client's branch
    assert VISA_G.score(answers) == 56


@pytest.mark.parametrize(("branch", "points", "total"), [("A", 30, 100), ("C", 10, 80)])
def test_visa_g_branch_maxima(branch, points, total):
    answers = {str(n): 10 for n in range(1, 8)} | {"8": branch, f"8{branch}": points}
    assert VISA_G.score(answers) == total


def test_visa_g_without_the_branch_or_above_its_maximum_has_no_score():
    items = {str(n): 10 for n in range(1, 8)}
    assert VISA_G.score(items | {"8A": 30}) is None  # no branch chosen
    assert VISA_G.score(items | {"8": "C"}) is None  # branch chosen, not answered
    assert VISA_G.score(items | {"8": "C", "8C": 20}) is None  # C gives at most 10
    assert VISA_G.score({**items, "3": None, "8": "A", "8A": 30}) is None


def test_odi_with_a_section_missing_divides_by_the_sections_answered():
    answers = {str(n): 2 for n in range(1, 10)}  # 9 sections, 18 points
    assert ODI.score(answers) == 40.0
    assert ODI.score(answers | {"10": None}) == 40.0


def test_odi_full_and_empty():
    assert ODI.score({str(n): 5 for n in range(1, 11)}) == 100.0
    assert ODI.score({str(n): 1 for n in range(1, 11)}) == 20.0
    assert ODI.score({}) is None


def test_kujala_is_the_sum_of_the_points_chosen():
    full = dict(instruments.KUJALA_MAXIMA)
    assert sum(full.values()) == 100
    assert KUJALA.score(full) == 100
    assert KUJALA.score(full | {"4": 5, "9": 3}) == 88


def test_kujala_skipped_or_above_an_items_maximum_has_no_score():
    full = dict(instruments.KUJALA_MAXIMA)
    assert KUJALA.score(full | {"13": None}) is None
    assert KUJALA.score(full | {"1": 10}) is None  # item 1 gives at most 5


def test_psfs_mean_and_a_dropped_activity():
    assert PSFS.score({"1": 3, "2": 5, "3": 4}) == 4.0
    assert PSFS.score({"1": 6, "2": 7, "3": 4}) == 5.67
    assert PSFS.score({"1": 6, "2": None, "3": 4}) == 5.0  # the second no longer rated
    assert PSFS.score({}) is None


def test_psfs_worked_example_verdicts():
    change = PSFS.change(4.0, 5.67)
    assert change.delta == 1.67
    assert change.verdict == scoring.NO_CHANGE
    # The first activity alone, 3 → 6, reaches the activity MCID of 3.
    assert scoring.is_important(3, 6, mcid_points=PSFS.mcid_activity)


def test_single_ratings():
    assert NPRS.score({"now": 7, "best": 3, "worst": 9}) == 7
    assert NPRS.score({"best": 3, "worst": 9}) is None
    assert GROC.score({"change": -3}) == -3
    assert GROC.score({"change": None}) is None
    assert NPRS.score({"now": True}) is None  # a boolean is not a rating


@pytest.mark.parametrize(
    ("first", "latest", "verdict"),
    [
        (50, 59, scoring.IMPROVED),  # at the MCID of 9
        (50, 58, scoring.NO_CHANGE),  # just below
        (50, 60, scoring.IMPROVED),  # just above
        (50, 42, scoring.NO_CHANGE),  # 8 worse: below the MCID
        (50, 41, scoring.WORSE),  # 9 worse
    ],
)
def test_lefs_verdict_at_below_and_above_the_mcid(first, latest, verdict):
    assert LEFS.change(first, latest).verdict == verdict


@pytest.mark.parametrize(
    ("first", "latest", "verdict"),
    [
        (40.0, 30.0, scoring.IMPROVED),  # lower is better: 10 down is at the MCID
        (40.0, 30.1, scoring.NO_CHANGE),
        (40.0, 29.9, scoring.IMPROVED),
        (40.0, 50.0, scoring.WORSE),
        (40.0, 49.9, scoring.NO_CHANGE),
    ],
)
def test_odi_verdict_is_direction_aware(first, latest, verdict):
    assert ODI.change(first, latest).verdict == verdict


@pytest.mark.parametrize(
    ("first", "latest", "verdict"),
    [
        (8, 6, scoring.IMPROVED),  # 2 points
        (8, 7, scoring.NO_CHANGE),  # 1 point, 12.5%
        (3, 2, scoring.IMPROVED),  # 1 point but 33%: the relative MCID
        (10, 7, scoring.IMPROVED),  # exactly 30%
        (6, 8, scoring.WORSE),
        (0, 1, scoring.NO_CHANGE),  # from no pain, no percentage
    ],
)
def test_nprs_verdict_by_points_or_percent(first, latest, verdict):
    assert NPRS.change(first, latest).verdict == verdict


def test_psfs_mean_at_below_and_above_its_mcid():
    assert PSFS.change(4.0, 6.0).verdict == scoring.IMPROVED
    assert PSFS.change(4.0, 5.99).verdict == scoring.NO_CHANGE
    assert PSFS.change(4.0, 6.01).verdict == scoring.IMPROVED
    assert PSFS.change(5.67, 3.67).verdict == scoring.WORSE


def test_without_an_mcid_only_the_change_is_shown():
    change = VISA_G.change(40, 70)
    assert change.verdict == scoring.CHANGE_ONLY
    assert change.delta == 30
    assert change.text == "no MCID established: the change only"


def test_verdict_wording():
    assert LEFS.change(10, 30).text == "improved by more than the MCID"
    assert LEFS.change(10, 12).text == "no important change"
    assert LEFS.change(30, 10).text == "worse"
