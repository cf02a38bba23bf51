"""The clinical rules that turn a clip's landmarks into repetitions, deepest frames and
drop times: plain functions, no Django and no pose model (docs/clinical.md §7).

A clip is a list of ``Frame``: its time in seconds (from the frame's own timestamp,
so a variable frame rate is respected) and the landmarks found on it, each a
``Landmark`` in image pixels (y grows downwards) with the model's visibility 0–1.
Names are the person's own left and right: ``left_hip``, ``right_knee``, ...
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from assessments import angles

# docs/clinical.md §6: points the model sees poorly are left for the clinician.
MIN_VISIBILITY = 0.5
# docs/clinical.md §7: a median over a few frames before looking for reps or drops.
SMOOTHING_FRAMES = 5
# docs/clinical.md §7: a repetition descends and returns by at least this share of the
# tested leg's hip-ankle length.
REP_FRACTION = 0.10
# docs/clinical.md §2.1: the score is the mean of three trials.
TRIALS = 3
# docs/clinical.md §1.1 and §7: the stance lasts 30 s; the free side is lifted (level or
# above) for about 2 s first; a drop counts once it stays past the threshold for 1 s.
STANCE_SECONDS = 30.0
LIFT_SECONDS = 2.0
HOLD_SECONDS = 1.0
# Level within this many degrees counts as "level" for the lift (landmark noise).
LEVEL_TOLERANCE_DEG = 0.5

PAIRS = ("hip", "knee", "ankle")


@dataclass(frozen=True)
class Landmark:
    x: float
    y: float
    visibility: float = 1.0


@dataclass(frozen=True)
class Frame:
    t: float
    points: dict[str, Landmark] = field(default_factory=dict)

    def seen(self, *names: str, min_visibility: float = MIN_VISIBILITY) -> bool:
        """Whether every named landmark is there and visible enough (§6)."""
        return all(
            name in self.points and self.points[name].visibility >= min_visibility for name in names
        )


def other(side: str) -> str:
    return "right" if side == "left" else "left"


def unswapped(frame: Frame, *, view: str) -> Frame:
    """The frame with left and right put back where the camera view says they are.

    Pose models now and then swap the person's left and right for a few frames. Filmed
    from the front the person's left is on the image's right, from behind on its left
    (docs/clinical.md §6): when the hips say otherwise, every left/right pair is swapped
    back.
    """
    if not frame.seen("left_hip", "right_hip", min_visibility=0):
        return frame
    left_x, right_x = frame.points["left_hip"].x, frame.points["right_hip"].x
    swapped = left_x < right_x if view == "front" else left_x > right_x
    if not swapped:
        return frame
    points = dict(frame.points)
    for part in PAIRS:
        left, right = points.pop(f"left_{part}", None), points.pop(f"right_{part}", None)
        if right is not None:
            points[f"left_{part}"] = right
        if left is not None:
            points[f"right_{part}"] = left
    return Frame(frame.t, points)


def median_smooth(values: Sequence[float], window: int = SMOOTHING_FRAMES) -> list[float]:
    """A running median over ``window`` frames (shorter at the ends), §7."""
    half = window // 2
    return [statistics.median(values[max(0, i - half) : i + half + 1]) for i in range(len(values))]


# --- the single-leg squat --------------------------------------------------------


@dataclass(frozen=True)
class Repetition:
    start_t: float
    deepest_t: float
    end_t: float
    depth: float  # how far the pelvis went down, as a share of the leg's length


def _leg_length(frames: list[Frame], leg: str) -> float:
    """The leg's hip-ankle length standing: it shortens on screen as the knee bends, so
    take a high percentile (the 90th) rather than the mean, robust to a stray point."""
    lengths = sorted(
        math.dist(
            (frame.points[f"{leg}_hip"].x, frame.points[f"{leg}_hip"].y),
            (frame.points[f"{leg}_ankle"].x, frame.points[f"{leg}_ankle"].y),
        )
        for frame in frames
    )
    return lengths[int(0.9 * (len(lengths) - 1))]


def squat_repetitions(
    frames: Sequence[Frame], *, leg: str, view: str = "front", fraction: float = REP_FRACTION
) -> list[Repetition]:
    """Each repetition of a single-leg squat on ``leg`` and its deepest frame (§7).

    The deepest moment is the lowest pelvis: the largest image y of the hip midpoint,
    divided by the tested leg's hip-ankle length standing. A
    repetition is a descent of at least ``fraction`` of that length followed by a
    return of as much. Frames without visible hips and the tested leg's ankle are left
    out; the series is median-smoothed first.
    """
    names = ("left_hip", "right_hip", f"{leg}_ankle")
    usable = [frame for frame in (unswapped(f, view=view) for f in frames) if frame.seen(*names)]
    if len(usable) < 3:
        return []
    length = _leg_length(usable, leg)
    if length <= 0:
        return []
    raw = [(frame.points["left_hip"].y + frame.points["right_hip"].y) / 2 for frame in usable]
    depth = median_smooth([value / length for value in raw])
    times = [frame.t for frame in usable]

    reps: list[Repetition] = []
    standing, start = depth[0], 0  # the highest pelvis since the last repetition
    deepest: int | None = None
    for i, value in enumerate(depth):
        if deepest is None:
            if value < standing:
                standing, start = value, i
            elif value - standing >= fraction:
                deepest = i
        else:
            if value > depth[deepest]:
                deepest = i
            elif depth[deepest] - value >= fraction:
                reps.append(
                    Repetition(times[start], times[deepest], times[i], depth[deepest] - standing)
                )
                standing, start, deepest = value, i, None
    return reps


def deepest_trials(reps: Sequence[Repetition], count: int = TRIALS) -> list[Repetition]:
    """The ``count`` deepest repetitions, in the order they happened (§2.1, §7)."""
    chosen = sorted(reps, key=lambda rep: rep.depth, reverse=True)[:count]
    return sorted(chosen, key=lambda rep: rep.deepest_t)


# --- the hip-drop stance -----------------------------------------------------------


@dataclass(frozen=True)
class AnglePoint:
    t: float
    deg: float


def pelvic_series(frames: Sequence[Frame], *, stance: str, view: str = "back") -> list[AnglePoint]:
    """The pelvic line angle per frame (docs/clinical.md §1.3, signed: positive = the free
    side drops), from the hip landmarks standing in for the pelvic points (§7).
    Poorly visible frames are left out and the angles are median-smoothed."""
    usable = [
        frame
        for frame in (unswapped(f, view=view) for f in frames)
        if frame.seen("left_hip", "right_hip")
    ]
    times, raw = [], []
    for frame in usable:
        left, right = frame.points["left_hip"], frame.points["right_hip"]
        try:
            raw.append(angles.pelvic_drop((left.x, left.y), (right.x, right.y), stance=stance))
        except angles.DegeneratePointsError:
            continue
        times.append(frame.t)
    return [AnglePoint(t, deg) for t, deg in zip(times, median_smooth(raw), strict=True)]


@dataclass(frozen=True)
class StanceFinding:
    """What the stance clip suggests; the clinician confirms it on the frame (§7).

    ``result`` is "negative", "positive", "delayed_positive", or "" when the clip
    ends before the 30 s are over. ``seconds_held`` counts from the lift.
    """

    result: str
    lifted_t: float | None
    drop_t: float | None
    seconds_held: float | None
    largest_drop_deg: float | None
    largest_drop_t: float | None

    @property
    def check_t(self) -> float | None:
        """The frame to check: where the drop began, else the largest drop."""
        return self.drop_t if self.drop_t is not None else self.largest_drop_t


def _first_run(
    series: Sequence[AnglePoint], test, seconds: float, *, after: float, until: float
) -> float | None:
    """The start of the first run of points passing ``test`` that lasts ``seconds``."""
    run_start = None
    for point in series:
        if point.t < after:
            continue
        if test(point.deg):
            if run_start is None:
                if point.t > until:
                    return None
                run_start = point.t
            if point.t - run_start >= seconds:
                return run_start
        else:
            run_start = None
    return None


def stance_finding(
    series: Sequence[AnglePoint],
    *,
    threshold_deg: float,
    lift_seconds: float = LIFT_SECONDS,
    hold_seconds: float = HOLD_SECONDS,
    test_seconds: float = STANCE_SECONDS,
) -> StanceFinding:
    """The hip-drop result a pelvic angle series suggests (docs/clinical.md §1.1, §7).

    Lifted: the angle level or above (within LEVEL_TOLERANCE_DEG) for ``lift_seconds``;
    never lifted is *positive*. Then *delayed positive* at the first time within
    ``test_seconds`` of the lift that the drop passes ``threshold_deg`` and stays past it
    for ``hold_seconds``; *negative* if the clip covers the 30 s without that.
    """
    if not series:
        return StanceFinding("", None, None, None, None, None)
    worst = max(series, key=lambda point: point.deg)
    largest = (worst.deg, worst.t) if worst.deg > 0 else (None, None)
    lifted = _first_run(
        series,
        lambda deg: deg <= LEVEL_TOLERANCE_DEG,
        lift_seconds,
        after=series[0].t,
        until=math.inf,
    )
    if lifted is None:
        return StanceFinding("positive", None, None, None, *largest)
    drop = _first_run(
        series,
        lambda deg: deg > threshold_deg,
        hold_seconds,
        after=lifted,
        until=lifted + test_seconds,
    )
    if drop is not None:
        return StanceFinding("delayed_positive", lifted, drop, drop - lifted, *largest)
    if series[-1].t - lifted >= test_seconds:
        return StanceFinding("negative", lifted, None, test_seconds, *largest)
    return StanceFinding("", lifted, None, None, *largest)
