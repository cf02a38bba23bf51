"""The rules of docs/clinical.md §7 on synthetic landmark series (no model, no Django)."""

import math
import random

from assessments.motion import (
    AnglePoint,
    Frame,
    Landmark,
    deepest_trials,
    pelvic_series,
    squat_repetitions,
    stance_finding,
)

FPS = 30


def squat_frame(t, drop_px, *, visibility=1.0, swap=False):
    """A person filmed from the front: their left hip on the image's right."""
    hip_y = 400 + drop_px
    points = {
        "left_hip": Landmark(560, hip_y, visibility),
        "right_hip": Landmark(440, hip_y, visibility),
        "left_ankle": Landmark(560, 800, visibility),
        "right_ankle": Landmark(440, 800, visibility),
    }
    if swap:
        points = {
            "left_hip": points["right_hip"],
            "right_hip": points["left_hip"],
            "left_ankle": points["right_ankle"],
            "right_ankle": points["left_ankle"],
        }
    return Frame(t, points)


def five_squats(depths=(100, 120, 90, 130, 110), *, noise=0.0, seed=1):
    """Stand 1 s, then a 2 s squat per depth (pixels the pelvis drops; leg = 400 px)."""
    rng = random.Random(seed)
    frames = []
    t = 0.0
    for _ in range(FPS):
        frames.append(squat_frame(t, rng.gauss(0, noise)))
        t += 1 / FPS
    for depth in depths:
        for i in range(2 * FPS):
            drop = depth * math.sin(math.pi * i / (2 * FPS))
            frames.append(squat_frame(t, drop + rng.gauss(0, noise)))
            t += 1 / FPS
    return frames


def test_five_repetitions_and_their_deepest_frames():
    reps = squat_repetitions(five_squats(), leg="right")
    assert len(reps) == 5
    # Each squat is deepest 1 s into its 2 s, after the first second standing.
    for n, rep in enumerate(reps):
        assert abs(rep.deepest_t - (1 + 2 * n + 1)) < 0.1
    # Depth as a share of the standing leg (400 px), near enough to rank the trials.
    expected = [0.25, 0.3, 0.225, 0.325, 0.275]
    assert all(abs(rep.depth - want) < 0.03 for rep, want in zip(reps, expected, strict=True))


def test_the_three_deepest_are_proposed_in_time_order():
    trials = deepest_trials(squat_repetitions(five_squats(), leg="left"))
    assert [round(rep.deepest_t) for rep in trials] == [4, 8, 10]


def test_shallow_bobbing_is_not_a_repetition():
    reps = squat_repetitions(five_squats(depths=(100, 20, 100)), leg="right")
    assert len(reps) == 2


def test_noise_does_not_add_repetitions():
    reps = squat_repetitions(five_squats(noise=6.0), leg="right")
    assert len(reps) == 5


def test_poorly_visible_and_missing_frames_are_left_out():
    frames = five_squats()
    for i in range(0, len(frames), 7):
        frames[i] = Frame(frames[i].t, {})
    for i in range(3, len(frames), 11):
        frames[i] = squat_frame(frames[i].t, 0, visibility=0.2)
    reps = squat_repetitions(frames, leg="right")
    assert len(reps) == 5


def test_a_left_right_swap_is_undone():
    frames = five_squats()
    # The model swaps the person's sides for a stretch of frames mid-clip.
    for i in range(100, 160):
        frame = frames[i]
        drop = frame.points["left_hip"].y - 400
        frames[i] = squat_frame(frame.t, drop, swap=True)
    assert len(squat_repetitions(frames, leg="right")) == 5
    series = pelvic_series(frames, stance="left", view="front")
    assert all(abs(point.deg) < 1e-9 for point in series)


def test_no_person_gives_no_repetitions():
    assert squat_repetitions([Frame(i / FPS) for i in range(90)], leg="left") == []


# --- the stance ------------------------------------------------------------------


def stance_frames(angle_at, seconds=32.0, *, stance="left", view="back", swap_at=()):
    """Hips 200 px apart; the free (right) side dropped by ``angle_at(t)`` degrees."""
    frames = []
    for i in range(int(seconds * FPS)):
        t = i / FPS
        dy = 200 * math.tan(math.radians(angle_at(t)))
        left = Landmark(400, 500)  # from behind the person's left is on the image's left
        right = Landmark(600, 500 + dy)
        if stance == "right":
            left, right = Landmark(400, 500 + dy), Landmark(600, 500)
        if i in swap_at:
            left, right = right, left
        frames.append(Frame(t, {"left_hip": left, "right_hip": right}))
    return frames


def test_a_stance_that_holds_is_negative():
    series = pelvic_series(stance_frames(lambda t: -1.0), stance="left")
    finding = stance_finding(series, threshold_deg=2.0)
    assert finding.result == "negative"
    assert finding.seconds_held == 30.0
    assert finding.largest_drop_deg is None


def test_a_drop_at_18_seconds_is_delayed_positive_at_18():
    # Lifted from the first frame, drops by 4° at 18 s after the lift and stays down.
    series = pelvic_series(stance_frames(lambda t: -1.0 if t < 18 else 4.0), stance="left")
    finding = stance_finding(series, threshold_deg=2.0)
    assert finding.result == "delayed_positive"
    assert abs(finding.seconds_held - 18.0) < 0.15
    assert abs(finding.check_t - 18.0) < 0.15
    assert abs(finding.largest_drop_deg - 4.0) < 1e-6


def test_a_short_dip_is_not_a_drop():
    dip = lambda t: 4.0 if 10 <= t < 10.5 else -1.0  # noqa: E731
    finding = stance_finding(pelvic_series(stance_frames(dip), stance="left"), threshold_deg=2.0)
    assert finding.result == "negative"
    assert abs(finding.largest_drop_t - 10.0) < 0.5


def test_never_lifted_is_positive():
    finding = stance_finding(
        pelvic_series(stance_frames(lambda t: 5.0), stance="left"), threshold_deg=2.0
    )
    assert finding.result == "positive"


def test_a_clip_shorter_than_the_test_gives_no_result():
    finding = stance_finding(
        pelvic_series(stance_frames(lambda t: -1.0, seconds=12), stance="left"),
        threshold_deg=2.0,
    )
    assert finding.result == ""


def test_the_stance_side_signs_the_angle():
    # Standing on the right leg, the left side drops: positive as well (§1.3).
    series = pelvic_series(stance_frames(lambda t: 3.0, stance="right"), stance="right")
    assert all(abs(point.deg - 3.0) < 1e-6 for point in series)


def test_noisy_and_swapped_stance_frames():
    rng = random.Random(4)
    frames = stance_frames(
        lambda t: (-1.0 if t < 18 else 4.0) + rng.gauss(0, 0.4), swap_at=set(range(0, 960, 40))
    )
    finding = stance_finding(pelvic_series(frames, stance="left"), threshold_deg=2.0)
    assert finding.result == "delayed_positive"
    assert abs(finding.seconds_held - 18.0) < 0.3


def test_an_empty_series():
    assert stance_finding([], threshold_deg=2.0).result == ""
    assert stance_finding([AnglePoint(0, 0.0)], threshold_deg=2).result == "positive"
