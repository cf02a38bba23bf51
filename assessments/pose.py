"""The pose model behind a small interface, so it can be swapped (docs/clinical.md §6).

A detector turns the frames of one clip (RGB arrays, in order) into
``motion.Frame`` objects with landmarks in image pixels. ``MediapipePose`` uses the
legacy ``mp.solutions.pose`` at model complexity 1, whose model ships in the wheel
and runs offline; ``available()`` says whether the package is installed, so the
pages work by hand without it.
"""

import importlib.util
from collections.abc import Iterable, Iterator
from typing import Protocol

from assessments.motion import Frame, Landmark

# docs/clinical.md §6: the landmark numbers of the person's hips, knees and ankles.
LANDMARKS = {
    23: "left_hip",
    24: "right_hip",
    25: "left_knee",
    26: "right_knee",
    27: "left_ankle",
    28: "right_ankle",
}


class Detector(Protocol):
    def frames(self, images: Iterable[tuple[float, "object"]]) -> Iterator[Frame]:
        """``(seconds, RGB array of shape (h, w, 3))`` in, one Frame per image out
        (with no points when no person was found)."""


def available() -> bool:
    return importlib.util.find_spec("mediapipe") is not None


class MediapipePose:
    """mediapipe 0.10.21 ``Pose(model_complexity=1)``, a new one per clip, tracking across
    its frames (``static_image_mode=False``, docs/clinical.md §6)."""

    def __init__(self, *, static_image_mode: bool = False):
        self.static_image_mode = static_image_mode

    def frames(self, images):
        from mediapipe.python.solutions import pose as mp_pose

        with mp_pose.Pose(
            static_image_mode=self.static_image_mode,
            model_complexity=1,
            enable_segmentation=False,
        ) as model:
            for seconds, image in images:
                height, width = image.shape[:2]
                found = model.process(image).pose_landmarks
                points = {}
                if found is not None:
                    for index, name in LANDMARKS.items():
                        mark = found.landmark[index]
                        points[name] = Landmark(mark.x * width, mark.y * height, mark.visibility)
                yield Frame(seconds, points)


def detector(*, static_image_mode: bool = False) -> Detector:
    """The detector the settings name (``ASSESSMENT_POSE_DETECTOR``, a dotted class path);
    tests swap in a fake behind the same interface."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(settings.ASSESSMENT_POSE_DETECTOR)(static_image_mode=static_image_mode)


def detector_available() -> bool:
    """Whether the configured detector can run: mediapipe installed, unless swapped."""
    from django.conf import settings

    return settings.ASSESSMENT_POSE_DETECTOR != "assessments.pose.MediapipePose" or available()
