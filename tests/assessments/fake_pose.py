"""Fake detectors behind assessments.pose's interface (allowed by issue #11)."""

from assessments.motion import Frame, Landmark


class FakePose:
    """Sees a person on every image: left knee poorly visible, the rest clear."""

    def __init__(self, *, static_image_mode=False):
        self.static_image_mode = static_image_mode

    def frames(self, images):
        for seconds, image in images:
            height, width = image.shape[:2]
            yield Frame(
                seconds,
                {
                    "left_hip": Landmark(width * 0.6, height * 0.5, 0.9),
                    "right_hip": Landmark(width * 0.4, height * 0.52, 0.9),
                    "left_knee": Landmark(width * 0.62, height * 0.7, 0.2),
                    "right_knee": Landmark(width * 0.42, height * 0.7, 0.95),
                    "left_ankle": Landmark(width * 0.6, height * 0.9, 0.9),
                    "right_ankle": Landmark(width * 0.4, height * 0.9, 0.9),
                },
            )


class NobodyPose(FakePose):
    def frames(self, images):
        for seconds, _image in images:
            yield Frame(seconds, {})
