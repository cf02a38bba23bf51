"""Writes to the exercise library that touch several rows or files."""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils.text import slugify

from exercises.embeds import Embed
from exercises.media import VideoInfo
from exercises.models import Exercise, ExerciseMedia, MediaKind, Progression, Status
from exercises.tasks import media_make_derivatives
from physio.models import Clinician


def _unique_slug(name: str, *, clinic_id: int | None, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:120] or "exercise"
    taken = set(
        Exercise.objects.filter(owner_clinic_id=clinic_id, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_links(exercise: Exercise, *, easier: Iterable[Exercise], harder: Iterable[Exercise]):
    """Replace the exercise's regressions and progressions."""
    Progression.objects.filter(harder=exercise).delete()
    Progression.objects.filter(easier=exercise).delete()
    Progression.objects.bulk_create(
        [Progression(easier=other, harder=exercise) for other in easier if other.pk != exercise.pk]
        + [
            Progression(easier=exercise, harder=other)
            for other in harder
            if other.pk != exercise.pk
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def exercise_create(*, created_by: Clinician, easier=(), harder=(), **fields) -> Exercise:
    """A new exercise private to the clinician's clinic, linked into progression chains."""
    exercise = Exercise(owner_clinic=created_by.clinic, created_by=created_by.user, **fields)
    exercise.slug = _unique_slug(exercise.name, clinic_id=created_by.clinic_id)
    exercise.save()
    _set_links(exercise, easier=easier, harder=harder)
    return exercise


@transaction.atomic
def exercise_update(*, exercise: Exercise, easier=None, harder=None, **fields) -> Exercise:
    """Change a clinic's exercise; links are replaced when ``easier``/``harder`` are given."""
    for name, value in fields.items():
        setattr(exercise, name, value)
    # The slug follows the name (a form may have set the new name on the instance already).
    base = slugify(exercise.name)[:120] or "exercise"
    if not re.fullmatch(rf"{re.escape(base)}(-\d+)?", exercise.slug):
        exercise.slug = _unique_slug(
            exercise.name, clinic_id=exercise.owner_clinic_id, exclude_pk=exercise.pk
        )
    exercise.save()
    if easier is not None or harder is not None:
        keep_easier = easier if easier is not None else list(exercise.easier.all())
        keep_harder = harder if harder is not None else list(exercise.harder.all())
        _set_links(exercise, easier=keep_easier, harder=keep_harder)
    return exercise


def _delete_files_on_commit(names: list[str]) -> None:
    names = [name for name in names if name]

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def exercise_delete(*, exercise: Exercise) -> None:
    """Delete the exercise, its links and its media files.

    Raises ValidationError ``in_use`` (nothing deleted) while programmes or templates
    use it: their items and clients' logs refer to it (PROTECT); unpublish it instead.
    """
    names = []
    for media in exercise.media.all():
        names += [media.file.name, media.poster.name, media.thumbnail.name]
    try:
        exercise.delete()
    except ProtectedError as error:  # raised before anything is deleted
        raise ValidationError(
            "Programmes or templates use this exercise, so it cannot be deleted. "
            "Unpublish it instead: it goes back to draft and leaves the library, "
            "and the programmes that use it keep it.",
            code="in_use",
        ) from error
    _delete_files_on_commit(names)


def exercises_set_status(*, exercises: QuerySet[Exercise], status: str) -> int:
    """Publish or unpublish many exercises at once; returns how many changed."""
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}")
    return exercises.exclude(status=status).update(status=status)


@transaction.atomic
def media_store(
    *,
    media: ExerciseMedia,
    image=None,
    video: tuple[object, VideoInfo] | None = None,
    poster=None,
    embed: Embed | None = None,
) -> ExerciseMedia:
    """Save a media item with files that were already checked (see ``exercises.media``).

    ``image`` is a checked image ``(content, extension, (width, height))``; ``video`` is
    ``(file, VideoInfo)`` as ``media.clean_video`` returns it (the file is closed once
    stored, which deletes a temporary one); ``poster`` a checked image for the video's
    poster; ``embed`` a parsed link. Replaced files are deleted once the transaction
    commits. The item becomes the main one if asked or if the exercise has none; its
    thumbnail and poster are made by a background task.
    """
    old = None
    if media.pk:
        old = (
            ExerciseMedia.objects.filter(pk=media.pk).values("file", "poster", "thumbnail").first()
        )
    stale = []
    if image is not None:
        content, extension, (width, height) = image
        media.kind = MediaKind.IMAGE
        media.file.save(f"image.{extension}", content, save=False)
        media.content_type = f"image/{'jpeg' if extension == 'jpg' else extension}"
        media.size_bytes = content.size
        media.width, media.height, media.duration_seconds = width, height, None
        media.poster = media.thumbnail = ""
        media.url = media.embed_url = media.provider = ""
    elif video is not None:
        upload, info = video
        media.kind = MediaKind.VIDEO
        upload.seek(0)
        media.file.save(f"video.{info.extension}", upload, save=False)
        media.content_type = info.content_type
        media.size_bytes = upload.size
        upload.close()
        media.width, media.height = info.width, info.height
        media.duration_seconds = info.duration_seconds
        media.thumbnail = ""
        if poster is None:
            media.poster = ""
        media.url = media.embed_url = media.provider = ""
    elif embed is not None:
        media.kind = MediaKind.LINK
        media.embed_url, media.provider = embed.embed_url, embed.provider
        media.file = media.poster = media.thumbnail = ""
        media.content_type, media.size_bytes = "", None
        media.width = media.height = media.duration_seconds = None
    if poster is not None:
        content, extension, _size = poster
        media.poster.save(f"poster.{extension}", content, save=False)
        media.thumbnail = ""
    if old:
        stale = [name for field, name in old.items() if name and name != getattr(media, field).name]
    exercise = media.exercise
    if not media.is_main and not exercise.media.exclude(pk=media.pk).filter(is_main=True).exists():
        media.is_main = True
    if media.is_main:
        exercise.media.exclude(pk=media.pk).filter(is_main=True).update(is_main=False)
    if media.order == 0 and not media.pk:
        media.order = exercise.media.count()
    media.save()
    _delete_files_on_commit(stale)
    if media.kind != MediaKind.LINK and (not media.thumbnail or not media.poster):
        media_make_derivatives.enqueue(media.pk)
        media.refresh_from_db()
    return media


@transaction.atomic
def media_delete(*, media: ExerciseMedia) -> None:
    """Delete a media item and its files; another item becomes main if it was."""
    exercise = media.exercise
    names = [media.file.name, media.poster.name, media.thumbnail.name]
    was_main = media.is_main
    media.delete()
    if was_main:
        successor = exercise.media.order_by("order", "pk").first()
        if successor:
            successor.is_main = True
            successor.save(update_fields=["is_main"])
    _delete_files_on_commit(names)


@transaction.atomic
def media_make_main(*, media: ExerciseMedia) -> ExerciseMedia:
    media.exercise.media.exclude(pk=media.pk).filter(is_main=True).update(is_main=False)
    media.is_main = True
    media.save(update_fields=["is_main"])
    return media
