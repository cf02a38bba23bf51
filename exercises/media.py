"""Checks and derived files for exercise media: images, uploaded videos and links.

Images go through ``physio.uploads.clean_image`` (content, bytes and pixel caps,
metadata stripped). Videos are opened with PyAV, which ships FFmpeg in its wheel:
the container and codec must be ones browsers play, and a frame must decode, so a
renamed text file is refused whatever its name says.
"""

import io
from dataclasses import dataclass

import av
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from exercises.embeds import Embed, parse_video_link
from physio.uploads import check_size, clean_image

# Browsers play these: MP4 (H.264, HEVC, AV1, VP9) and WebM (VP8, VP9, AV1).
VIDEO_CONTAINERS = {
    "mp4": ({"h264", "hevc", "av1", "vp9"}, "video/mp4"),
    "webm": ({"vp8", "vp9", "av1"}, "video/webm"),
}
POSTER_MAX = (1280, 720)

NOT_A_VIDEO = "This file is not a video we can play. Upload an MP4 or WebM video."


@dataclass(frozen=True)
class VideoInfo:
    extension: str  # "mp4" or "webm"
    content_type: str
    codec: str
    width: int
    height: int
    duration_seconds: float | None


def _container_kind(format_name: str) -> str | None:
    names = set(format_name.split(","))
    if "mp4" in names or "mov" in names:
        return "mp4"
    if "webm" in names or "matroska" in names:
        return "webm"
    return None


def _open(source):
    """Open a path or a file object with PyAV, from its start."""
    if hasattr(source, "temporary_file_path"):
        return av.open(source.temporary_file_path(), metadata_errors="ignore")
    source.seek(0)
    return av.open(source, metadata_errors="ignore")


def probe_video(source) -> VideoInfo:
    """Read container, codec, size and duration, decoding one frame to be sure.

    Raises ValidationError ``not_video``, ``video_format`` or ``video_broken``.
    """
    try:
        container = _open(source)
    except (av.FFmpegError, OSError, ValueError):
        raise ValidationError(NOT_A_VIDEO, code="not_video") from None
    try:
        kind = _container_kind(container.format.name)
        streams = container.streams.video
        if kind is None or not streams:
            raise ValidationError(NOT_A_VIDEO, code="not_video")
        stream = streams[0]
        codec = stream.codec_context.name
        codecs, content_type = VIDEO_CONTAINERS[kind]
        if codec not in codecs:
            raise ValidationError(
                f"This video uses the {codec} codec, which browsers cannot play. "
                "Export it as MP4 (H.264) or WebM (VP9).",
                code="video_format",
            )
        try:
            frame = next(container.decode(stream), None)
        except (av.FFmpegError, OSError, ValueError):
            frame = None
        if frame is None:
            raise ValidationError("The video file is damaged or empty.", code="video_broken")
        width = stream.codec_context.width or frame.width
        height = stream.codec_context.height or frame.height
        duration = None
        if container.duration:
            duration = container.duration / av.time_base
        elif stream.duration and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        return VideoInfo(kind, content_type, codec, width, height, duration)
    finally:
        container.close()


def clean_video(upload) -> VideoInfo:
    """Check an uploaded video's size (``EXERCISE_VIDEO_MAX_BYTES``) and content."""
    check_size(upload, settings.EXERCISE_VIDEO_MAX_BYTES)
    return probe_video(upload)


def clean_media_image(upload) -> tuple[ContentFile, str, tuple[int, int]]:
    """An image for the library, within the library's caps (see ``physio.uploads``)."""
    return clean_image(
        upload,
        max_bytes=settings.EXERCISE_IMAGE_MAX_BYTES,
        max_pixels=settings.EXERCISE_IMAGE_MAX_PIXELS,
    )


def clean_link(url: str) -> Embed:
    try:
        return parse_video_link(url)
    except ValueError as error:
        raise ValidationError(str(error), code="link") from None


def poster_frame(source, at_seconds: float = 1.0) -> ContentFile:
    """A JPEG of the frame near ``at_seconds`` (or the first frame of a shorter video)."""
    container = _open(source)
    try:
        stream = container.streams.video[0]
        duration = container.duration / av.time_base if container.duration else None
        target = min(at_seconds, duration / 2) if duration else 0
        if target > 0:
            container.seek(int(target * av.time_base), any_frame=False, backward=True)
        chosen = None
        for frame in container.decode(stream):
            chosen = frame
            if frame.time is None or frame.time >= target:
                break
        if chosen is None:
            raise ValidationError("The video file is damaged or empty.", code="video_broken")
        image = chosen.to_image()
    finally:
        container.close()
    image.thumbnail(POSTER_MAX)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue())


def image_size(file) -> tuple[int, int]:
    file.seek(0)
    with Image.open(file) as image:
        return image.size
