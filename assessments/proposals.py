"""Proposed landmarks from a pose model's frame: plain functions, no Django.

The model's points are first guesses for the clinician (docs/clinical.md §6): only
the landmarks the editor uses, only those the model sees well enough; the angle is
computed by assessments/angles.py once the clinician accepts them.
"""

import math

from assessments.motion import Frame

# What the editor places (Photo.landmark_names) from which model landmark. The squat
# uses the tested leg (the person's own side); the stance uses both hips as the pelvic
# points (docs/clinical.md §7: the hip landmarks are a proxy for them).
SOURCES = {
    "fppa": {"hip": "{side}_hip", "knee": "{side}_knee", "ankle": "{side}_ankle"},
    "pelvic": {"left": "left_hip", "right": "right_hip"},
}

# A point within this distance (image pixels) of its proposal was accepted as proposed.
MOVED_PX = 0.5


def propose(
    frame: Frame, *, measure: str, side: str, min_visibility: float
) -> dict[str, list[float]]:
    """The editor's points from ``frame``, leaving out those seen below ``min_visibility``."""
    proposed = {}
    for name, source in SOURCES[measure].items():
        mark = frame.points.get(source.format(side=side))
        if mark is None or mark.visibility < min_visibility:
            continue
        proposed[name] = [round(mark.x, 1), round(mark.y, 1)]
    return proposed


def moved(proposed: dict, accepted: dict) -> list[str]:
    """The proposed points the clinician moved before accepting, in proposal order."""
    names = []
    for name, (px, py) in proposed.items():
        point = accepted.get(name)
        if point is not None and math.hypot(point[0] - px, point[1] - py) > MOVED_PX:
            names.append(name)
    return names
