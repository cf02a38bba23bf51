"""Background work of assessments (django-tasks): proposed landmarks from the pose model.

With the default ImmediateBackend it runs inline after the upload commits; with the
database backend a worker runs it and the editor says "looking for points" meanwhile.
"""

import numpy
from django.conf import settings
from django.db import transaction
from django_tasks import task
from PIL import Image

from assessments import pose, proposals
from assessments.models import Photo


def _proposal_save(photo_id: int, **fields) -> None:
    Photo.objects.filter(pk=photo_id, proposal=Photo.Proposal.PENDING).update(**fields)


@task()
def photo_propose_points(photo_id: int) -> str:
    """Run the detector on one photo and store its proposed landmarks (never the points).

    Landmarks seen below ``ASSESSMENT_POSE_MIN_VISIBILITY`` are left out; with no pose
    model, or no person on the photo, the photo says why (Photo.proposal).
    """
    photo = Photo.objects.filter(pk=photo_id, proposal=Photo.Proposal.PENDING).first()
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
