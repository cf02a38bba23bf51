"""Checks and derived files for exercise media: images, uploaded videos and links.

Images go through ``physio.uploads.clean_image`` (content, bytes and pixel caps,
metadata stripped). Videos are opened with PyAV, which ships FFmpeg in its wheel:
the container and codec must be ones browsers play, the size and length that the
container's headers declare must be within the caps (checked before any frame is
decoded), and then a frame must decode, so a renamed text file is refused whatever
its name says. What is stored is a remux of the upload: the same compressed video
and audio packets (no re-encoding, so no quality lost) in a fresh container that
carries none of the phone's metadata (GPS position, make and model, dates, names).
"""

import io
import math
import os
from dataclasses import dataclass, replace

import av
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from PIL import Image

from exercises.embeds import Embed, parse_video_link
from physio.uploads import check_size, clean_image

# Browsers play these: MP4 (H.264, HEVC, AV1, VP9) and WebM (VP8, VP9, AV1).
VIDEO_CONTAINERS = {
    "mp4": ({"h264", "hevc", "av1", "vp9"}, "video/mp4"),
    "webm": ({"vp8", "vp9", "av1"}, "video/webm"),
}
POSTER_MAX = (1280, 720)
# The fastest slow motion phones record: with the duration cap it caps the frame count.
MAX_FRAME_RATE = 240

NOT_A_VIDEO = "This file is not a video we can play. Upload an MP4 or WebM video."
BROKEN_VIDEO = "The video file is damaged or empty."


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


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(math.ceil(seconds), 60)
    return f"{minutes}:{seconds:02d}"


def check_video_limits(*, width: int, height: int, seconds: float | None, frames: int) -> None:
    """Refuse a video over the caps: ``EXERCISE_VIDEO_MAX_LONG_SIDE`` and
    ``EXERCISE_VIDEO_MAX_SHORT_SIDE`` (pixels, either way up), ``EXERCISE_VIDEO_MAX_SECONDS``,
    and that many seconds at ``MAX_FRAME_RATE`` frames.

    Raises ValidationError ``video_too_large`` or ``video_too_long``.
    """
    long_cap = settings.EXERCISE_VIDEO_MAX_LONG_SIDE
    short_cap = settings.EXERCISE_VIDEO_MAX_SHORT_SIDE
    if max(width, height) > long_cap or min(width, height) > short_cap:
        raise ValidationError(
            f"The video is too large: {width}×{height} pixels (the limit is "
            f"{long_cap}×{short_cap}, either way up). Export it at a lower resolution.",
            code="video_too_large",
        )
    max_seconds = settings.EXERCISE_VIDEO_MAX_SECONDS
    if seconds is not None and seconds > max_seconds:
        raise ValidationError(
            f"The video is too long: {_clock(seconds)} (the limit is {_clock(max_seconds)}). "
            "Trim it to the part that shows the exercise.",
            code="video_too_long",
        )
    max_frames = max_seconds * MAX_FRAME_RATE
    if frames > max_frames:
        raise ValidationError(
            f"The video has too many frames: {frames} (the limit is {max_frames}, "
            f"{_clock(max_seconds)} at {MAX_FRAME_RATE} frames a second).",
            code="video_too_long",
        )


def probe_video(source) -> VideoInfo:
    """Read container, codec, size and duration, then decode one frame to be sure.

    The caps (``check_video_limits``) are checked on what the container's headers
    declare, before any frame is decoded, so a file claiming 8K is refused at once.
    Raises ValidationError ``not_video``, ``video_format``, ``video_too_large``,
    ``video_too_long`` or ``video_broken``.
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
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height:
            raise ValidationError(BROKEN_VIDEO, code="video_broken")
        duration = None
        if container.duration:
            duration = container.duration / av.time_base
        elif stream.duration and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        check_video_limits(width=width, height=height, seconds=duration, frames=stream.frames)
        try:
            frame = next(container.decode(stream), None)
        except (av.FFmpegError, OSError, ValueError):
            frame = None
        if frame is None:
            raise ValidationError(BROKEN_VIDEO, code="video_broken")
        return VideoInfo(kind, content_type, codec, width, height, duration)
    finally:
        container.close()


def remux_without_metadata(source, info: VideoInfo) -> tuple[TemporaryUploadedFile, VideoInfo]:
    """A copy of the video's first video stream and its audio, packet for packet.

    Nothing is decoded or re-encoded. The new container gets no metadata: not the
    container's tags (``location``, ``com.apple.quicktime.location.ISO6709``, make,
    model, ``creation_time``, software), nor the streams' (handler names, dates), nor
    data, subtitle or attachment streams (phones keep timed GPS in a data track).
    FFmpeg's bit-exact mode leaves out its own name and dates too. The display matrix
    is stream geometry, not a tag: it is kept, so a phone video still plays upright.
    MP4s get their index first ("faststart"), so browsers start playing sooner.

    The caps are checked again on the copied packets' own timestamps and count,
    which headers cannot fake (a WebM from a browser's recorder has no duration).
    Returns a temporary file (deleted once closed or moved into storage) and the
    info, its duration measured when the headers had none.
    Raises ValidationError ``video_too_long`` or ``video_broken``.
    """
    output = TemporaryUploadedFile(f"video.{info.extension}", info.content_type, 0, None)
    options = {"fflags": "+bitexact"}
    if info.extension == "mp4":
        options["movflags"] = "+faststart"
    try:
        with _open(source) as original:
            video = original.streams.video[0]
            with av.open(
                output.temporary_file_path(),
                mode="w",
                format=info.extension,
                container_options=options,
            ) as copy:
                audio = [
                    stream
                    for stream in original.streams.audio
                    if stream.codec_context.name in copy.supported_codecs
                ]
                kept = [video, *audio]
                targets = {stream.index: copy.add_stream_from_template(stream) for stream in kept}
                if info.extension == "mp4":
                    # The sample entry's name: Safari plays HEVC only as "hvc1", which
                    # FFmpeg would otherwise write as "hev1".
                    targets[video.index].codec_context.codec_tag = video.codec_context.codec_tag
                frames, end = 0, 0.0
                for packet in original.demux(kept):
                    if packet.dts is None:  # the demuxer's empty flush packet
                        continue
                    if packet.stream.index == video.index:
                        frames += 1
                        if packet.pts is not None and packet.time_base:
                            last = packet.pts - (video.start_time or 0) + (packet.duration or 0)
                            end = max(end, float(last * packet.time_base))
                    packet.stream = targets[packet.stream.index]
                    copy.mux(packet)
        # The copy is no larger than the upload (EXERCISE_VIDEO_MAX_BYTES), so it is
        # written whole and the refusal can say how long the video really is.
        check_video_limits(width=info.width, height=info.height, seconds=end, frames=frames)
    except ValidationError:
        output.close()
        raise
    except (av.FFmpegError, OSError, ValueError):
        output.close()
        raise ValidationError(BROKEN_VIDEO, code="video_broken") from None
    output.size = os.path.getsize(output.temporary_file_path())
    if info.duration_seconds is None and end:
        info = replace(info, duration_seconds=end)
    return output, info


def clean_video(upload) -> tuple[TemporaryUploadedFile, VideoInfo]:
    """Check an uploaded video (``EXERCISE_VIDEO_MAX_BYTES``, content, caps) and return
    the copy to store, without metadata (see ``remux_without_metadata``), and its info."""
    check_size(upload, settings.EXERCISE_VIDEO_MAX_BYTES)
    return remux_without_metadata(upload, probe_video(upload))


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
            raise ValidationError(BROKEN_VIDEO, code="video_broken")
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
