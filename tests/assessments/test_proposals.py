"""Proposed landmarks on a single photo: the rules, the task and the editor's words."""

import pytest

from assessments import pose, proposals, services
from assessments.models import Photo
from assessments.motion import Frame, Landmark
from tests.assessments.factories import hip_drop, knee_valgus, upload

FAKE = "tests.assessments.fake_pose.FakePose"
NOBODY = "tests.assessments.fake_pose.NobodyPose"


# --- the rules ----------------------------------------------------------------------

FRAME = Frame(
    0.0,
    {
        "left_hip": Landmark(60, 50, 0.9),
        "right_hip": Landmark(40, 52, 0.9),
        "right_knee": Landmark(42, 70, 0.3),
        "right_ankle": Landmark(40, 90, 0.8),
    },
)


def test_it_proposes_the_tested_legs_points_and_leaves_poorly_visible_ones_out():
    assert proposals.propose(FRAME, measure="fppa", side="right", min_visibility=0.5) == {
        "hip": [40, 52],
        "ankle": [40, 90],
    }


def test_it_proposes_both_pelvic_points_for_the_stance():
    assert proposals.propose(FRAME, measure="pelvic", side="left", min_visibility=0.5) == {
        "left": [60, 50],
        "right": [40, 52],
    }


def test_moved_names_only_the_points_dragged_away_from_their_proposal():
    proposed = {"hip": [10, 10], "knee": [20, 20], "ankle": [30, 30]}
    accepted = {"hip": [10.2, 10], "knee": [25, 20], "ankle": [30, 30]}
    assert proposals.moved(proposed, accepted) == ["knee"]
    assert proposals.moved({}, accepted) == []


# --- the task, with a fake detector behind the interface ------------------------------


@pytest.fixture
def fake(settings):
    settings.ASSESSMENT_POSE_DETECTOR = FAKE


def attach(test, by, django_capture_on_commit_callbacks, trial=1):
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_attach(test=test, trial=trial, upload=upload(), by=by)
    photo.refresh_from_db()
    return photo


@pytest.mark.django_db
def test_an_uploaded_photo_gets_proposals_but_no_measurement(
    fake, assessment, clinician_a, django_capture_on_commit_callbacks
):
    photo = attach(knee_valgus(assessment, "left"), clinician_a, django_capture_on_commit_callbacks)
    assert photo.proposal == Photo.Proposal.DONE
    # 400×600 photo: the left knee's visibility (0.2) is under the 0.5 setting.
    assert photo.proposed_points == {"hip": [240.0, 300.0], "ankle": [240.0, 540.0]}
    assert photo.points == {}
    assert photo.angle_deg is None
    assert "Too poorly visible to propose: knee" in photo.proposal_note


@pytest.mark.django_db
def test_accepting_keeps_what_moved_and_recomputes_the_angle(
    fake, assessment, clinician_a, as_a, django_capture_on_commit_callbacks
):
    test = hip_drop(assessment, "left")
    photo = attach(test, clinician_a, django_capture_on_commit_callbacks)
    assert photo.proposed_points == {"left": [240.0, 300.0], "right": [160.0, 312.0]}
    page = as_a.get(assessment.get_absolute_url()).content.decode()
    assert "first guesses: drag them" in page
    assert 'value="240.0"' in page  # the editor starts from the proposal
    services.section_save(
        test=test,
        by=clinician_a,
        values={},
        landmarks={
            1: services.Landmarks(view="back", points={"left": (240, 300), "right": (160, 300)})
        },
    )
    photo.refresh_from_db()
    assert photo.points == {"left": [240.0, 300.0], "right": [160.0, 300.0]}
    assert photo.moved_points == ["right"]
    assert photo.angle_deg == pytest.approx(0.0)  # from the accepted points, not the proposal
    assert photo.proposed_points["right"] == [160.0, 312.0]
    assert "moved by you: right" in photo.proposal_note


@pytest.mark.django_db
def test_no_person_is_said_on_the_page(
    settings, assessment, clinician_a, as_a, django_capture_on_commit_callbacks
):
    settings.ASSESSMENT_POSE_DETECTOR = NOBODY
    photo = attach(
        knee_valgus(assessment, "right"), clinician_a, django_capture_on_commit_callbacks
    )
    assert photo.proposal == Photo.Proposal.NO_PERSON
    assert photo.proposed_points == {}
    page = as_a.get(assessment.get_absolute_url()).content.decode()
    assert "no person was found on this photo" in page


@pytest.mark.django_db
def test_without_the_pose_package_the_page_says_why(
    settings, monkeypatch, assessment, clinician_a, as_a, django_capture_on_commit_callbacks
):
    settings.ASSESSMENT_POSE_DETECTOR = "assessments.pose.MediapipePose"
    monkeypatch.setattr(pose, "available", lambda: False)
    photo = attach(
        knee_valgus(assessment, "right"), clinician_a, django_capture_on_commit_callbacks
    )
    assert photo.proposal == Photo.Proposal.NO_MODEL
    page = as_a.get(assessment.get_absolute_url()).content.decode()
    assert "the pose model is not installed" in page


@pytest.mark.django_db
def test_a_pending_photo_polls_for_its_proposals(assessment, clinician_a, as_a):
    # Without running the on-commit task, the photo stays pending.
    services.photo_attach(
        test=knee_valgus(assessment, "left"), trial=1, upload=upload(), by=clinician_a
    )
    page = as_a.get(assessment.get_absolute_url()).content.decode()
    assert "Looking for points on this photo" in page
    assert 'hx-trigger="every 3s"' in page


@pytest.mark.django_db
def test_the_real_model_on_a_drawn_photo(
    assessment, clinician_a, django_capture_on_commit_callbacks
):
    photo = attach(knee_valgus(assessment, "left"), clinician_a, django_capture_on_commit_callbacks)
    # A stick figure may or may not pass for a person; either is an answer, never a crash.
    assert photo.proposal in (Photo.Proposal.DONE, Photo.Proposal.NO_PERSON)
    assert photo.points == {}


@pytest.mark.django_db
def test_a_photo_signed_before_its_proposals_came_is_left_as_signed(fake, assessment, clinician_a):
    # The worker is slower than the clinician: the assessment is signed first.
    from assessments.tasks import photo_propose_points

    test = knee_valgus(assessment, "left")
    photo = services.photo_attach(test=test, trial=1, upload=upload(), by=clinician_a)
    services.section_save(test=test, by=clinician_a, values={"rating_overall": "good"})
    services.assessment_sign(assessment=assessment, by=clinician_a)
    assert photo_propose_points.call(photo.pk) == "skipped"
    photo.refresh_from_db()
    assert photo.proposed_points in ({}, None)
    assert photo.proposal == Photo.Proposal.PENDING
