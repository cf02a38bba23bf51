"""Background work on assessment clips (django-tasks, run by the worker).

``clip_prepare`` makes the playback file: an H.264 MP4 that every browser plays,
made from the stored original with physio.video.transcode. Until it is ready the page
says "Preparing the video"; a clip that cannot be decoded is marked failed with the
reason, and the original is kept either way (frames are measured from it).
"""

import os
import tempfile

import pgtrigger
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django_tasks import task

from assessments.models import Clip
from assessments.triggers import READ_ONLY


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
