"""Writes of assessments: creation, each test/side section, photos, signing, amendments.

A draft is edited freely. A signed assessment is locked: a change to it needs a
reason and is recorded as an Amendment that keeps the earlier values, who and when.
Angles are always recomputed here from the saved landmarks (assessments/angles.py).
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from assessments import proposals
from assessments.models import (
    Amendment,
    Assessment,
    AssessmentLocked,
    Clip,
    HipDropTest,
    KneeValgusTest,
    Photo,
    Side,
    View,
    shown,
)
from assessments.tasks import photo_propose_on_commit
from assessments.triggers import amending
from exercises.media import clean_video
from physio.models import Client, Clinician
from physio.uploads import clean_image, thumbnail

# Stored photos are scaled to fit this box: plenty for placing landmarks, kind to phones.
PHOTO_BOX = (2000, 2000)


@dataclass(frozen=True)
class Landmarks:
    """Landmarks posted for one photo: the camera view and ``{name: (x, y)}``."""

    view: str
    points: dict


@transaction.atomic
def assessment_create(
    *, client: Client, clinician: Clinician, assessed_on=None, notes: str = ""
) -> Assessment:
    """A draft assessment with an empty hip-drop and knee-valgus test for each side."""
    assessment = Assessment.objects.create(
        client=client,
        clinician=clinician,
        assessed_on=assessed_on or timezone.localdate(),
        notes=notes,
    )
    HipDropTest.objects.bulk_create(
        HipDropTest(assessment=assessment, side=side) for side in Side.values
    )
    KneeValgusTest.objects.bulk_create(
        KneeValgusTest(assessment=assessment, side=side) for side in Side.values
    )
    return assessment


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock so signing and saving cannot interleave."""
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _changes(before: dict, after: dict) -> list[dict]:
    return [
        {"field": label, "before": before.get(label, "—"), "after": value}
        for label, value in after.items()
        if before.get(label, "—") != value
    ]


def _record(
    *, assessment, by, section: str, label: str, reason: str, before: dict, after: dict
) -> Amendment | None:
    changes = _changes(before, after)
    if not changes:
        return None
    return Amendment.objects.create(
        assessment=assessment,
        section=section,
        section_label=label,
        reason=reason,
        changes=changes,
        amended_by=by,
    )


def _require_reason(assessment: Assessment, reason: str) -> None:
    if assessment.is_signed and not reason.strip():
        raise AssessmentLocked(
            "This assessment is signed. Give a reason to amend it.", code="signed"
        )


# --- the details of the visit -------------------------------------------------


def _details_snapshot(assessment: Assessment) -> dict:
    return {
        "Date": assessment.assessed_on.strftime("%d %b %Y"),
        "Notes": shown(assessment.notes),
    }


@transaction.atomic
def assessment_details_save(
    *, assessment: Assessment, by: Clinician, assessed_on, notes: str, reason: str = ""
) -> Amendment | None:
    """Change the date and notes; on a signed assessment, as an amendment with ``reason``."""
    row = _locked(assessment)
    _require_reason(row, reason)
    before = _details_snapshot(row)
    row.assessed_on, row.notes = assessed_on, notes
    with amending(row, Assessment):
        row.save(update_fields=["assessed_on", "notes", "updated_at"])
    assessment.assessed_on, assessment.notes = assessed_on, notes
    if not row.is_signed:
        return None
    return _record(
        assessment=row,
        by=by,
        section="details",
        label="Date and notes",
        reason=reason.strip(),
        before=before,
        after=_details_snapshot(row),
    )


# --- a test on one side ----------------------------------------------------------


def _slot_photos(test) -> list[Photo]:
    return list(
        Photo.objects.select_for_update()
        .filter(assessment_id=test.assessment_id, test=test.kind, side=test.side)
        .order_by("trial")
    )


@transaction.atomic
def section_save(
    *,
    test: HipDropTest | KneeValgusTest,
    by: Clinician,
    values: dict,
    landmarks: dict[int, Landmarks] | None = None,
    reason: str = "",
) -> Amendment | None:
    """Save one test/side section: its values and the landmarks on its photos.

    ``values`` are the test's own fields (already validated); ``landmarks`` maps a
    trial number to the posted view and points. Each photo's angle is computed here
    from its points, and the test's pelvic drop or mean FPPA from those angles.
    On a signed assessment a ``reason`` is required and the change is returned as an
    Amendment keeping the earlier values (None when nothing changed). Raises
    AssessmentLocked without a reason, angles.DegeneratePointsError for bad points.
    """
    assessment = _locked(test.assessment)
    _require_reason(assessment, reason)
    model = type(test)
    row = model.objects.select_for_update().get(pk=test.pk)
    photos = _slot_photos(row)
    before = row.snapshot(photos)

    for name, value in values.items():
        setattr(row, name, value)
    with amending(assessment, model, Photo):
        for photo in photos:
            posted = (landmarks or {}).get(photo.trial)
            if posted is None:
                continue
            points = {name: [float(x), float(y)] for name, (x, y) in posted.points.items()}
            photo.view = posted.view
            photo.angle_deg = photo.angle_for(view=posted.view, points=points)
            photo.points = points
            photo.moved_points = proposals.moved(photo.proposed_points, points)
            photo.save(update_fields=["view", "points", "angle_deg", "moved_points"])
        row.summarise(photos)
        row.full_clean(exclude=["assessment"], validate_unique=False)
        row.save()

    # Hand the saved state back to the caller's objects.
    for name in [*values, "pelvic_drop_deg", "fppa_mean_deg"]:
        if hasattr(row, name):
            setattr(test, name, getattr(row, name))
    if not assessment.is_signed:
        return None
    return _record(
        assessment=assessment,
        by=by,
        section=row.section_key,
        label=row.label,
        reason=reason.strip(),
        before=before,
        after=row.snapshot(photos),
    )


# --- photos ---------------------------------------------------------------------


def photo_limits() -> dict:
    return {
        "max_bytes": settings.ASSESSMENT_PHOTO_MAX_BYTES,
        "max_pixels": settings.ASSESSMENT_PHOTO_MAX_PIXELS,
    }


@transaction.atomic
def photo_attach(
    *,
    test: HipDropTest | KneeValgusTest,
    trial: int,
    upload,
    by: Clinician,
    view: str = "",
    clip: Clip | None = None,
    clip_seconds: float | None = None,
) -> Photo:
    """Store a checked, re-encoded copy of ``upload`` as the photo of one trial.

    The image is checked by content (physio.uploads.clean_image), re-encoded without
    metadata (no GPS) and scaled to fit PHOTO_BOX, then saved in private storage
    under a random name. A photo already in the slot is replaced and its landmarks
    dropped. Raises ValidationError for a bad image, AssessmentLocked once signed.
    """
    assessment = _locked(test.assessment)
    if assessment.is_signed:
        raise AssessmentLocked(
            "This assessment is signed: its photos can no longer be replaced. "
            "Correct the landmarks with an amendment instead.",
            code="signed",
        )
    if not 1 <= trial <= test.max_trials:
        raise ValidationError("There is no such trial for this test.", code="trial")
    clean, _extension, _size = clean_image(upload, **photo_limits())
    stored = thumbnail(clean, PHOTO_BOX)
    width, height = _dimensions(stored)
    if view and view not in View.values:
        raise ValidationError("Unknown camera view.", code="view")
    old = (
        Photo.objects.select_for_update()
        .filter(assessment=assessment, test=test.kind, side=test.side, trial=trial)
        .first()
    )
    if old is not None:
        old_name = old.image.name
        old.delete()
        transaction.on_commit(lambda: old.image.storage.delete(old_name))
    photo = Photo(
        assessment=assessment,
        test=test.kind,
        side=test.side,
        trial=trial,
        width=width,
        height=height,
        view=view or test.default_view,
        uploaded_by=by,
        proposal=Photo.Proposal.PENDING,
        clip=clip,
        clip_seconds=clip_seconds,
    )
    photo.image.save("photo.jpg", stored, save=False)
    try:
        photo.save()
        row = type(test).objects.select_for_update().get(pk=test.pk)
        row.summarise(_slot_photos(row))
        row.save()
    except Exception:
        # Nothing in the database points at the new file any more: do not keep it.
        photo.image.storage.delete(photo.image.name)
        raise
    photo_propose_on_commit(photo)
    return photo


def _dimensions(content) -> tuple[int, int]:
    content.seek(0)
    with Image.open(content) as image:
        size = image.size
    content.seek(0)
    return size


# --- clips ----------------------------------------------------------------------


@transaction.atomic
def clip_attach(*, test: HipDropTest | KneeValgusTest, upload, by: Clinician) -> Clip:
    """Store a checked copy of ``upload`` as a clip of one test and side.

    The video is checked by its content, size, resolution and duration and remuxed
    without its metadata (no GPS) before it is stored privately under a random name;
    the worker then makes the playback file (assessments.tasks.clip_prepare). Raises
    ValidationError for a bad video, AssessmentLocked once the assessment is signed.
    """
    assessment = _locked(test.assessment)
    if assessment.is_signed:
        raise AssessmentLocked(
            "This assessment is signed: no clips can be added to it.", code="signed"
        )
    clean, info = clean_video(upload)
    clip = Clip(
        assessment=assessment,
        test=test.kind,
        side=test.side,
        width=info.width,
        height=info.height,
        duration_seconds=info.duration_seconds or 0,
        uploaded_by=by,
    )
    clean.seek(0)
    clip.original.save(f"clip.{info.extension}", clean, save=False)
    clean.close()  # deletes the temporary copy
    try:
        clip.save()
    except Exception:
        clip.original.storage.delete(clip.original.name)
        raise
    from assessments.tasks import clip_prepare

    transaction.on_commit(lambda: clip_prepare.enqueue(clip.pk))
    return clip


def photo_from_clip(*, clip: Clip, seconds: float, trial: int, by: Clinician) -> Photo:
    """Make the frame of ``clip`` at ``seconds`` the photo of one trial.

    The frame is extracted on the server from the ORIGINAL (not the playback copy)
    with physio.video.frame_at, at its timestamp (variable frame rates respected), and
    stored like an uploaded photo; the photo keeps the clip and the time. For the squat
    up to three trials come from one clip; for the stance its one photo.
    """
    from physio import video

    if not 0 <= seconds <= clip.duration_seconds + 0.5:
        raise ValidationError("That time is outside the clip.", code="seconds")
    test = clip.test_class.objects.get(assessment_id=clip.assessment_id, side=clip.side)
    with clip.original.open("rb") as source:
        image = video.frame_at(source, seconds)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=92)
    still = ContentFile(out.getvalue(), name="frame.jpg")
    return photo_attach(
        test=test, trial=trial, upload=still, by=by, clip=clip, clip_seconds=seconds
    )


# --- signing --------------------------------------------------------------------


@transaction.atomic
def assessment_sign(*, assessment: Assessment, by: Clinician) -> Assessment:
    """Sign a draft: from now on it changes only by amendments.

    Raises ValidationError when it is already signed or records no test at all.
    """
    row = _locked(assessment)
    if row.is_signed:
        raise ValidationError("This assessment is already signed.", code="signed")
    if not any(test.is_recorded for test in row.side_tests()):
        raise ValidationError("Record at least one test before signing.", code="empty")
    row.status = Assessment.Status.SIGNED
    row.signed_at = timezone.now()
    row.signed_by = by
    row.save(update_fields=["status", "signed_at", "signed_by", "updated_at"])
    assessment.status, assessment.signed_at, assessment.signed_by = (
        row.status,
        row.signed_at,
        row.signed_by,
    )
    return row


# --- deleting a draft -------------------------------------------------------------


@transaction.atomic
def assessment_delete_draft(*, assessment: Assessment) -> None:
    """Delete a draft assessment with its tests and photos (their files go once the
    deletion is committed). A signed assessment is part of the record: it is never
    deleted, only amended; ValidationError says so.
    """
    row = _locked(assessment)
    if row.is_signed:
        raise ValidationError(
            "A signed assessment cannot be deleted. Amend it instead.", code="signed"
        )
    files = [(photo.image.storage, photo.image.name) for photo in row.photos.all()]
    row.delete()

    def delete_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
