"""The real pose model, loaded offline from its wheel, on a frame (docs/clinical.md §6)."""

import numpy as np

from assessments import pose


def test_the_real_model_runs_offline_and_finds_no_person_on_a_blank_frame():
    assert pose.available()
    blank = np.full((480, 640, 3), 200, dtype=np.uint8)
    frames = list(pose.MediapipePose(static_image_mode=True).frames([(0.0, blank), (0.5, blank)]))
    assert [frame.t for frame in frames] == [0.0, 0.5]
    assert all(frame.points == {} for frame in frames)
