"""Scoring rules of the outcome measures, and what counts as an important change.

Plain functions with no Django imports. Each rule takes the answers as a mapping of
item key to points (a skipped item is absent or None) and returns the score, or None
when the rule says no score can be computed. The rules and their numbers are those of
docs/clinical.md §5; each function names its subsection.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Answers = Mapping[str, int | str | None]


def _points(answers: Answers, key: str) -> int | None:
    value = answers.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def single_rating(answers: Answers, *, key: str) -> float | None:
    """The rating itself (NPRS "pain now", the global rating of change): docs/clinical.md
    §5.1 and §5.3. No rating, no score."""
    value = _points(answers, key)
    return None if value is None else float(value)


def plain_sum(answers: Answers, *, keys: Sequence[str]) -> float | None:
    """The sum of every item (LEFS, 0–80: docs/clinical.md §5.4). A skipped item leaves
    no score: physio does not guess the missing points."""
    values = [_points(answers, key) for key in keys]
    if any(value is None for value in values):
        return None
    return float(sum(values))


def branching_sum(
    answers: Answers, *, keys: Sequence[str], branch_key: str, branches: Mapping[str, int]
) -> float | None:
    """Items ``keys`` plus the branch the client chose for ``branch_key`` (VISA-G item 8:
    docs/clinical.md §5.5). ``answers[branch_key]`` is the branch's letter; its points are
    under ``branch_key + letter`` (``"8B"``) and may not exceed that branch's maximum.
    Points given under another branch are not counted. Anything missing: no score."""
    base = plain_sum(answers, keys=keys)
    branch = answers.get(branch_key)
    if base is None or branch not in branches:
        return None
    points = _points(answers, f"{branch_key}{branch}")
    if points is None or not 0 <= points <= branches[branch]:
        return None
    return base + points


def percent_of_answered(answers: Answers, *, keys: Sequence[str], section_max: int) -> float | None:
    """The sum ÷ (``section_max`` × sections answered) × 100, a blank section left out
    (ODI: docs/clinical.md §5.7). With no section answered there is no score."""
    values = [v for v in (_points(answers, key) for key in keys) if v is not None]
    if not values:
        return None
    return round(sum(values) / (section_max * len(values)) * 100, 1)


def weighted_sum(answers: Answers, *, maxima: Mapping[str, int]) -> float | None:
    """The sum of the points of each answer chosen, every item with its own maximum
    (Kujala: docs/clinical.md §5.6). A skipped item, or points above an item's maximum,
    leave no score."""
    total = 0
    for key, maximum in maxima.items():
        points = _points(answers, key)
        if points is None or not 0 <= points <= maximum:
            return None
        total += points
    return float(total)


def mean_of_ratings(answers: Answers, *, keys: Sequence[str]) -> float | None:
    """The mean of the activities rated, 0–10 (PSFS: docs/clinical.md §5.2). An activity
    not rated (dropped, or not named) is left out; none rated, no score."""
    values = [v for v in (_points(answers, key) for key in keys) if v is not None]
    if not values:
        return None
    return round(sum(values) / len(values), 2)


# --- change and its verdict ------------------------------------------------------------

IMPROVED = "improved"
NO_CHANGE = "no-change"
WORSE = "worse"
CHANGE_ONLY = "change-only"

VERDICT_TEXT = {
    IMPROVED: "improved by more than the MCID",
    NO_CHANGE: "no important change",
    WORSE: "worse",
    CHANGE_ONLY: "no MCID established: the change only",
}


@dataclass(frozen=True)
class Change:
    first: float
    latest: float
    verdict: str

    @property
    def delta(self) -> float:
        return round(self.latest - self.first, 2)

    @property
    def text(self) -> str:
        return VERDICT_TEXT[self.verdict]


def is_important(
    first: float, latest: float, *, mcid_points: float, mcid_percent: float | None = None
) -> bool:
    """Whether the change from ``first`` to ``latest`` reaches the MCID (docs/clinical.md
    §5.8): at least ``mcid_points``, or, where the instrument also has a relative MCID
    (NPRS: 30%), at least that share of the first score."""
    size = abs(latest - first)
    # Scores carry two decimals at most; the tolerance keeps 5.67 − 3.67 at 2.
    if size >= mcid_points - 1e-9:
        return True
    return bool(mcid_percent and first and size / abs(first) * 100 >= mcid_percent - 1e-9)


def change_verdict(
    first: float,
    latest: float,
    *,
    higher_is_better: bool,
    mcid_points: float | None,
    mcid_percent: float | None = None,
) -> Change:
    """The change since the first score, worded by the MCID and the direction that is
    better (docs/clinical.md §5.8): a change smaller than the MCID, either way, is "no
    important change"; without an MCID only the change is shown."""
    if mcid_points is None:
        return Change(first, latest, CHANGE_ONLY)
    if not is_important(first, latest, mcid_points=mcid_points, mcid_percent=mcid_percent):
        return Change(first, latest, NO_CHANGE)
    better = latest > first if higher_is_better else latest < first
    return Change(first, latest, IMPROVED if better else WORSE)
