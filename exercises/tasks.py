"""Derived media files, made once off the request path (django-tasks).

With the default ImmediateBackend they run inline; with the database backend a
worker (``manage.py db_worker``) makes them, and pages show a placeholder meanwhile.
"""

from django.db import transaction
from django_tasks import task

from exercises.media import poster_frame
from exercises.models import ExerciseMedia, MediaKind
from physio.uploads import thumbnail

THUMBNAIL_SIZE = (480, 360)


@task()
def media_make_derivatives(media_id: int) -> str:
    """Give an image a thumbnail, and a video a poster frame (if none given) and a thumbnail."""
    with transaction.atomic():
        media = ExerciseMedia.objects.select_for_update().filter(pk=media_id).first()
        if media is None or media.kind == MediaKind.LINK:
            return "skipped"
        made = []
        if media.kind == MediaKind.VIDEO and not media.poster:
            with media.file.open("rb") as video:
                media.poster.save("poster.jpg", poster_frame(video), save=False)
            made.append("poster")
        source = media.poster if media.kind == MediaKind.VIDEO else media.file
        if not media.thumbnail:
            with source.open("rb") as handle:
                media.thumbnail.save("thumb.jpg", thumbnail(handle, THUMBNAIL_SIZE), save=False)
            made.append("thumbnail")
        if made:
            media.save(update_fields=["poster", "thumbnail"])
        return ",".join(made) or "nothing to do"
