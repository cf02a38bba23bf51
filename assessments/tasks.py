"""Background work of assessments (django-tasks).

- ``photo_propose_points``: proposed landmarks from the pose model. With the default
  ImmediateBackend it runs inline after the upload commits; with the database backend a
  worker runs it and the editor says "looking for points" meanwhile.
- ``clip_prepare``: a clip's playback file, an H.264 MP4 that every browser plays, made
  from the stored original with physio.video.transcode. Until it is ready the page says
  "Preparing the video"; a clip that cannot be decoded is marked failed with the reason,
  and the original is kept either way (frames are measured from it).
"""

import os
import tempfile

import numpy
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django_tasks import task
from PIL import Image

from assessments import pose, proposals
from assessments.models import Assessment, Clip, Photo
from assessments.triggers import READ_ONLY


def _pending(photo_id: int):
    """The photo while it waits for proposals. Once its assessment is signed the photo is
    part of the record and proposals are moot: the record is not written to."""
    return Photo.objects.filter(pk=photo_id, proposal=Photo.Proposal.PENDING).exclude(
        assessment__status=Assessment.Status.SIGNED
    )


def _proposal_save(photo_id: int, **fields) -> None:
    _pending(photo_id).update(**fields)


@task()
def photo_propose_points(photo_id: int) -> str:
    """Run the detector on one photo and store its proposed landmarks (never the points).

    Landmarks seen below ``ASSESSMENT_POSE_MIN_VISIBILITY`` are left out; with no pose
    model, or no person on the photo, the photo says why (Photo.proposal).
    """
    photo = _pending(photo_id).first()
    if photo is None:
        return "skipped"
    if not pose.detector_available():
        _proposal_save(photo_id, proposal=Photo.Proposal.NO_MODEL)
        return Photo.Proposal.NO_MODEL
    try:
        with photo.image.open("rb") as handle, Image.open(handle) as image:
            pixels = numpy.asarray(image.convert("RGB"))
        frame = next(iter(pose.detector(static_image_mode=True).frames([(0.0, pixels)])))
    except Exception:
        _proposal_save(photo_id, proposal=Photo.Proposal.FAILED)
        raise
    proposed = proposals.propose(
        frame,
        measure=photo.measure,
        side=photo.side,
        min_visibility=settings.ASSESSMENT_POSE_MIN_VISIBILITY,
    )
    status = Photo.Proposal.DONE if frame.points else Photo.Proposal.NO_PERSON
    _proposal_save(photo_id, proposal=status, proposed_points=proposed)
    return status


def photo_propose_on_commit(photo: Photo) -> None:
    """Ask for proposals once the photo is committed (the worker must see its row)."""
    transaction.on_commit(lambda: photo_propose_points.enqueue(photo.pk))


@task()
def clip_prepare(clip_id: int) -> str:
    from physio import video

    clip = Clip.objects.filter(pk=clip_id).first()
    if clip is None or clip.status != Clip.Status.PREPARING:
        return "skipped"
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "playback.mp4")
        try:
            with clip.original.open("rb") as source:
                video.transcode(source, target)
        except (ValidationError, OSError, ValueError) as error:
            message = getattr(error, "messages", [str(error)])[0]
            with pgtrigger.ignore(f"{Clip._meta.label}:{READ_ONLY}"):
                Clip.objects.filter(pk=clip_id).update(
                    status=Clip.Status.FAILED,
                    status_message=f"The video could not be prepared: {message}"[:300],
                )
            return "failed"
        # The playback file is a copy for the browser, not part of the record: it is
        # added even when the assessment was signed while the video was being prepared.
        with transaction.atomic(), pgtrigger.ignore(f"{Clip._meta.label}:{READ_ONLY}"):
            clip = Clip.objects.select_for_update().get(pk=clip_id)
            with open(target, "rb") as handle:
                clip.playback.save("playback.mp4", File(handle), save=False)
            clip.status = Clip.Status.READY
            clip.status_message = ""
            clip.save(update_fields=["playback", "status", "status_message"])
    return "ready"
