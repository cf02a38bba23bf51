"""Frames out of a video, and a copy of it that every browser plays (PyAV, no Django models).

``frame_at`` is how a measurement still is taken from a clip: the frame on screen at a
time, from the original. ``transcode`` makes the playback file: H.264 and AAC in an MP4
with its index first, upright, no larger than a cap, and without the original's tags
(GPS, device, dates), whatever the phone recorded (HEVC in QuickTime, say).
"""

from fractions import Fraction

import av
from PIL import Image

ROTATE = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180}
ROTATE[270] = Image.Transpose.ROTATE_270


class VideoError(ValueError):
    """The file cannot be decoded as a video (its message can be shown to the user)."""


def _upright(frame: av.VideoFrame) -> Image.Image:
    """The frame as an image the right way up (phones store the turn as a flag)."""
    image = frame.to_image()
    # PyAV's rotation is the display matrix's angle, counter-clockwise.
    turn = int(round(frame.rotation or 0)) % 360
    return image.transpose(ROTATE[turn]) if turn in ROTATE else image


def frame_at(source, seconds: float) -> Image.Image:
    """The frame shown at ``seconds`` from the start, upright.

    That is the last frame whose presentation time is not after ``seconds``, read from
    the frames' own timestamps, so a variable frame rate (as phones record) gives the
    frame the player showed; before the first frame, the first. ``source`` is a path
    or an open binary file (a storage file, never its ``.path``).
    Raises VideoError when nothing can be decoded.
    """
    try:
        with av.open(source) as container:
            stream = container.streams.video[0]
            start = float(stream.start_time * stream.time_base) if stream.start_time else 0.0
            target = start + max(seconds, 0.0)
            if seconds > 0:
                container.seek(int(target / stream.time_base), stream=stream, backward=True)
            chosen = None
            for frame in container.decode(stream):
                if chosen is not None and frame.time is not None and frame.time > target + 1e-6:
                    break
                chosen = frame
            if chosen is None:
                raise VideoError("No frame could be read from this video.")
            return _upright(chosen)
    except (av.FFmpegError, IndexError, OSError) as error:
        raise VideoError("This file could not be read as a video.") from error


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def transcode(
    source,
    target,
    *,
    max_height: int = 720,
    video_bitrate: int = 2_500_000,
    audio_bitrate: int = 128_000,
) -> None:
    """Write ``source`` to ``target`` (a path) as H.264/AAC MP4 with ``faststart``.

    The picture is turned upright (no rotation flag is left), scaled down to at most
    ``max_height`` pixels high in yuv420p with even sides, and encoded at about
    ``video_bitrate``; the first audio track, if any, becomes stereo AAC. No tags are
    copied. Raises VideoError when the source cannot be decoded.
    """
    try:
        with av.open(source) as original:
            video = original.streams.video[0]
            audio = original.streams.audio[0] if original.streams.audio else None
            with av.open(
                target,
                mode="w",
                format="mp4",
                container_options={"movflags": "+faststart", "fflags": "+bitexact"},
            ) as copy:
                rate = video.average_rate or Fraction(30)
                out_video = copy.add_stream("libx264", rate=rate)
                out_video.pix_fmt = "yuv420p"
                out_video.bit_rate = video_bitrate
                out_video.options = {"preset": "veryfast", "profile": "high"}
                # The original's own clock, so a variable frame rate keeps its timing and
                # a time on the playback file is the same time on the original.
                out_video.codec_context.time_base = video.time_base
                first = video.start_time or 0
                out_audio = resampler = None
                if audio is not None:
                    out_audio = copy.add_stream("aac", rate=48_000)
                    out_audio.bit_rate = audio_bitrate
                    out_audio.layout = "stereo"
                    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
                size = None
                wanted = [video] + ([audio] if audio is not None else [])
                for packet in original.demux(wanted):
                    for frame in packet.decode():
                        if packet.stream is video:
                            image = _upright(frame)
                            if size is None:
                                scale = min(1.0, max_height / image.height)
                                size = (_even(image.width * scale), _even(image.height * scale))
                                out_video.width, out_video.height = size
                            if image.size != size:
                                image = image.resize(size, Image.Resampling.LANCZOS)
                            picture = av.VideoFrame.from_image(image)
                            picture.time_base = video.time_base
                            picture.pts = None if frame.pts is None else frame.pts - first
                            copy.mux(out_video.encode(picture))
                        else:
                            for chunk in resampler.resample(frame):
                                chunk.pts = None
                                copy.mux(out_audio.encode(chunk))
                if size is None:
                    raise VideoError("No frame could be read from this video.")
                copy.mux(out_video.encode(None))
                if out_audio is not None:
                    copy.mux(out_audio.encode(None))
    except (av.FFmpegError, IndexError, OSError) as error:
        raise VideoError("This file could not be read as a video.") from error
