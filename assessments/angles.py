"""Angles from landmarks placed on a photo: plain maths, no Django.

Points are ``(x, y)`` in image pixels with y growing downwards, as a browser or
Pillow reports them. The formulas are those of docs/clinical.md; each function
cites its section. static/js/assessments.js mirrors these functions for the live
preview only: the stored number always comes from here.
"""

import math
from collections.abc import Iterable, Sequence

Point = Sequence[float]

LEGS = ("left", "right")
VIEWS = ("front", "back")

# Points closer than this (in pixels) are the same point: no line runs through them.
COINCIDENT_PX = 1e-6


class DegeneratePointsError(ValueError):
    """The landmarks do not define the angle (coincident or aligned points)."""


def _check_point(name: str, point: Point) -> tuple[float, float]:
    try:
        x, y = (float(value) for value in point)
    except (TypeError, ValueError):
        raise ValueError(f"The {name} point must be a pair of numbers (x, y).") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"The {name} point must have finite coordinates.")
    return x, y


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _refuse_coincident(named: dict[str, tuple[float, float]]) -> None:
    names = list(named)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            if _distance(named[first], named[second]) <= COINCIDENT_PX:
                raise DegeneratePointsError(
                    f"The {first} and {second} points are in the same place: "
                    "move one of them so the angle can be measured."
                )


def medial_direction(*, leg: str, view: str) -> int:
    """+1 when the leg's medial side points towards +x in the image, else -1.

    docs/clinical.md §2.1: filmed from the front the client's right leg is on the image's
    left and its medial side is towards +x; the left leg's is towards -x; from behind
    both are reversed.
    """
    if leg not in LEGS:
        raise ValueError(f"leg must be one of {LEGS}, not {leg!r}.")
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}.")
    direction = 1 if leg == "right" else -1
    return direction if view == "front" else -direction


def fppa(hip: Point, knee: Point, ankle: Point, *, leg: str, view: str) -> float:
    """Frontal plane projection angle in degrees (docs/clinical.md §2.1).

    FPPA = 180° − the interior hip–knee–ankle angle, positive when the knee lies
    medial to the hip–ankle line (valgus), negative when lateral (varus). Which
    image direction is medial depends on ``leg`` ("left"/"right") and ``view``
    ("front"/"back"). Raises DegeneratePointsError when two points coincide.
    """
    direction = medial_direction(leg=leg, view=view)
    h, k, a = _check_point("hip", hip), _check_point("knee", knee), _check_point("ankle", ankle)
    _refuse_coincident({"hip": h, "knee": k, "ankle": a})

    # Interior angle at the knee, by atan2 of cross and dot (stable near 0° and 180°).
    ux, uy = h[0] - k[0], h[1] - k[1]
    vx, vy = a[0] - k[0], a[1] - k[1]
    interior = math.degrees(math.atan2(abs(ux * vy - uy * vx), ux * vx + uy * vy))
    magnitude = 180.0 - interior
    if magnitude == 0.0:
        return 0.0

    # Which side of the hip–ankle line is the knee on? Offset from its foot on the line.
    dx, dy = a[0] - h[0], a[1] - h[1]
    t = ((k[0] - h[0]) * dx + (k[1] - h[1]) * dy) / (dx * dx + dy * dy)
    offset_x = k[0] - (h[0] + t * dx)
    sign = 1.0 if offset_x * direction >= 0 else -1.0
    return sign * magnitude


def pelvic_drop(left: Point, right: Point, *, stance: str) -> float:
    """Pelvic drop angle in degrees (docs/clinical.md §1.3).

    ``left`` and ``right`` are the client's left and right pelvic points (PSIS
    from behind, ASIS from the front); ``stance`` is the leg the client stands on.
    Angle = atan2(dy, |dx|) between the line joining the points and the image
    horizontal, where dy is how much lower the non-stance side is: positive means
    the free side drops. Raises DegeneratePointsError for coincident points or
    points one above the other (no line across the pelvis).
    """
    if stance not in LEGS:
        raise ValueError(f"stance must be one of {LEGS}, not {stance!r}.")
    lp, rp = _check_point("left pelvic", left), _check_point("right pelvic", right)
    _refuse_coincident({"left pelvic": lp, "right pelvic": rp})
    dx = abs(rp[0] - lp[0])
    if dx <= COINCIDENT_PX:
        raise DegeneratePointsError(
            "The two pelvic points are one above the other: place them on the left "
            "and right sides of the pelvis."
        )
    stance_point, free_point = (lp, rp) if stance == "left" else (rp, lp)
    dy = free_point[1] - stance_point[1]  # image y grows downwards: positive = free side lower
    return math.degrees(math.atan2(dy, dx))


def mean_angle(angles: Iterable[float | None]) -> float | None:
    """The mean of the measured trials, ignoring missing ones (docs/clinical.md §2.1: mean of 3)."""
    values = [float(value) for value in angles if value is not None]
    if not values:
        return None
    return sum(values) / len(values)


def smallest_detectable_difference(sem: float) -> float:
    """MDC95 = 1.96 × √2 × SEM, in the SEM's unit (docs/clinical.md §2.2)."""
    if sem < 0:
        raise ValueError("The standard error of measurement cannot be negative.")
    return 1.96 * math.sqrt(2) * sem
