"""Uploaded videos: stored without the phone's metadata, and refused over the caps.

The videos are real files made with PyAV here; each test first checks that the tag
it looks for is really in the upload, so an assertion that it is gone can fail.
"""

import io
import re
import struct

import av
import pytest
from django.urls import reverse

from exercises.models import ExerciseMedia, MediaKind
from tests.exercises.conftest import stored_files
from tests.exercises.factories import upload, video_bytes
from tests.exercises.test_admin import ADD, add_form, inline_prefixes

ISO6709 = "+51.5074-000.1278/"
PHONE_TAGS = {
    "location": ISO6709,
    "com.apple.quicktime.location.ISO6709": ISO6709,
    "com.apple.quicktime.make": "Apple",
    "com.apple.quicktime.model": "iPhone 15 Pro",
    "com.apple.quicktime.software": "17.4.1",
    "creation_time": "2024-05-01T10:00:00Z",
}
# What the tags leave in the bytes: the text values, the 3GPP location box FFmpeg writes
# for "location", QuickTime's key names, the handler name and FFmpeg's own name.
TELLTALE_BYTES = [
    ISO6709.encode(),
    b"iPhone 15 Pro",
    b"com.apple.quicktime",
    b"loci",
    b"Core Media Video",
    b"Core Media Audio",
    b"Lavf",
]


def phone_video(seconds: float = 2.0, size=(96, 64), fps: int = 10, rotation: int = 90) -> bytes:
    """An MP4 like a phone's: H.264 + AAC, GPS and device tags, named handlers, rotated."""
    out = io.BytesIO()
    # use_metadata_tags makes FFmpeg write QuickTime "mdta" keys, as iPhones do.
    with av.open(
        out, mode="w", format="mp4", container_options={"movflags": "use_metadata_tags"}
    ) as container:
        container.metadata.update(PHONE_TAGS)
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        video.metadata["handler_name"] = "Core Media Video"
        video.metadata["creation_time"] = PHONE_TAGS["creation_time"]
        video.set_display_rotation(rotation)
        audio = container.add_stream("aac", rate=44100)
        audio.layout = "mono"
        audio.metadata["handler_name"] = "Core Media Audio"
        for index in range(int(seconds * fps)):
            frame = av.VideoFrame(*size, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([index * 10 % 256]) * plane.buffer_size)
            for packet in video.encode(frame):
                container.mux(packet)
        samples = av.AudioFrame(format="fltp", layout="mono", samples=1024)
        samples.sample_rate = 44100
        for plane in samples.planes:
            plane.update(bytes(plane.buffer_size))
        for index in range(int(seconds * 44100 / 1024)):
            samples.pts = index * 1024
            for packet in audio.encode(samples):
                container.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode():
                container.mux(packet)
    return out.getvalue()


def read_back(data: bytes) -> dict:
    """What a player sees: tags, streams, every decoded frame, rotation, duration."""
    with av.open(io.BytesIO(data)) as container:
        video = container.streams.video[0]
        frames = list(container.decode(video))
        container.seek(0)
        audio_frames = (
            sum(1 for _ in container.decode(container.streams.audio[0]))
            if container.streams.audio
            else 0
        )
        return {
            "tags": dict(container.metadata),
            "stream_tags": [dict(stream.metadata) for stream in container.streams],
            "kinds": [stream.type for stream in container.streams],
            "codecs": [stream.codec_context.name for stream in container.streams],
            "size": (video.codec_context.width, video.codec_context.height),
            "duration": container.duration / av.time_base,
            "frames": len(frames),
            "audio_frames": audio_frames,
            "rotation": frames[0].rotation,
        }


def url(exercise):
    return reverse("exercises:media-add", args=[exercise.pk])


def post_video(http, exercise, data: bytes, name="IMG_0042.MOV"):
    return http.post(
        url(exercise),
        {"kind": MediaKind.VIDEO, "caption": "My caption", "file": upload(name, data, "video/mp4")},
    )


def stored_bytes(media: ExerciseMedia) -> bytes:
    with media.file.open("rb") as handle:
        return handle.read()


def error_next_to_file_field(response) -> str:
    """The text of the error shown under the file input (crispy's invalid-feedback)."""
    html = response.content.decode()
    found = re.search(r'<[^>]*id="error_\d+_id_file"[^>]*>(.*?)</', html, re.S)
    assert found, "no error under the file field"
    return " ".join(found.group(1).split())


def assert_no_phone_metadata(data: bytes) -> None:
    seen = read_back(data)
    for tags in [seen["tags"], *seen["stream_tags"]]:
        leaked = {
            key: value
            for key, value in tags.items()
            if "location" in key.lower()
            or "apple" in key.lower()
            or key.lower() in {"creation_time", "encoder", "make", "model"}
            or value in {"Core Media Video", "Core Media Audio"}
        }
        assert leaked == {}
    for telltale in TELLTALE_BYTES:
        assert telltale not in data, telltale


def test_the_phone_video_really_carries_gps_and_device_tags():
    data = phone_video()
    seen = read_back(data)
    assert seen["tags"]["location"] == ISO6709
    assert seen["tags"]["com.apple.quicktime.location.ISO6709"] == ISO6709
    assert seen["tags"]["com.apple.quicktime.model"] == "iPhone 15 Pro"
    assert seen["stream_tags"][0]["handler_name"] == "Core Media Video"
    for telltale in TELLTALE_BYTES:
        assert telltale in data, telltale
    assert seen["rotation"] == 90


def test_a_clinician_uploads_a_phone_video_stored_without_its_metadata(as_a, private_exercise):
    original = phone_video(seconds=2.0)
    before = read_back(original)
    response = post_video(as_a, private_exercise, original)
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    stored = stored_bytes(media)
    assert_no_phone_metadata(stored)
    after = read_back(stored)
    # The same streams, packet for packet: it still plays, as long, as large, upright.
    assert after["kinds"] == before["kinds"] == ["video", "audio"]
    assert after["codecs"] == before["codecs"] == ["h264", "aac"]
    assert after["frames"] == before["frames"] == 20
    assert after["audio_frames"] == before["audio_frames"] > 0
    assert after["size"] == before["size"] == (96, 64)
    assert after["duration"] == pytest.approx(before["duration"], abs=0.05)
    assert after["rotation"] == 90
    assert (media.width, media.height) == (96, 64)
    assert media.duration_seconds == pytest.approx(2.0, abs=0.1)
    assert media.size_bytes == len(stored)
    # The index comes first, so browsers can start playing before the end arrives.
    assert stored.index(b"moov") < stored.index(b"mdat")
    assert media.poster
    assert media.thumbnail


def test_the_stored_copy_is_not_re_encoded(as_a, private_exercise):
    original = phone_video(seconds=1.0)

    def packets(data):
        with av.open(io.BytesIO(data)) as container:
            return [bytes(packet) for packet in container.demux(container.streams.video[0])]

    post_video(as_a, private_exercise, original)
    assert packets(stored_bytes(ExerciseMedia.objects.get())) == packets(original)


def test_an_hevc_video_keeps_the_sample_entry_safari_plays(as_a, private_exercise):
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        container.metadata["location"] = ISO6709
        stream = container.add_stream("libx265", rate=10, options={"x265-params": "log-level=0"})
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.codec_tag = "hvc1"  # as iPhones write it
        for _ in range(5):
            for packet in stream.encode(av.VideoFrame(64, 48, "yuv420p")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    original = out.getvalue()
    assert b"hvc1" in original
    assert b"loci" in original
    response = post_video(as_a, private_exercise, original)
    assert response.status_code == 302
    stored = stored_bytes(ExerciseMedia.objects.get())
    assert b"hvc1" in stored
    assert b"hev1" not in stored
    assert b"loci" not in stored
    assert read_back(stored)["frames"] == 5


def test_a_curator_uploads_a_phone_video_in_the_admin_stored_without_its_metadata(as_curator):
    data = add_form()
    for prefix in inline_prefixes(as_curator)[1:]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data["media-0-file"] = upload("IMG_0042.MOV", phone_video(), "video/quicktime")
    response = as_curator.post(ADD, data)
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert_no_phone_metadata(stored_bytes(media))
    assert read_back(stored_bytes(media))["rotation"] == 90


def test_a_webm_is_stored_without_its_tags(as_a, private_exercise):
    out = io.BytesIO()
    with av.open(out, mode="w", format="webm") as container:
        container.metadata.update({"title": "Garden, 12 Acacia Avenue", "location": ISO6709})
        stream = container.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.metadata["handler_name"] = "PhoneCam"
        for _ in range(10):
            for packet in stream.encode(av.VideoFrame(64, 48, "yuv420p")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    original = out.getvalue()
    telltales = (b"Acacia", ISO6709.encode(), b"PhoneCam")
    for telltale in telltales:
        assert telltale in original
    # The writing app and its version go (Matroska's bit-exact muxer still says "Lavf").
    assert re.search(rb"Lavf\d+\.\d+", original)
    response = post_video(as_a, private_exercise, original, name="clip.webm")
    assert response.status_code == 302
    stored = stored_bytes(ExerciseMedia.objects.get())
    for telltale in telltales:
        assert telltale not in stored
    assert not re.search(rb"Lavf\d+\.\d+", stored)
    seen = read_back(stored)
    assert seen["frames"] == 10
    assert "title" not in seen["tags"]


def eight_k_header_with_garbage_frames() -> bytes:
    """An MP4 whose headers say 7680×4320 and whose frame data is all zero bytes.

    Decoding it fails; so if the upload is refused for its size, and not as damaged,
    the size was read from the headers before any frame was decoded.
    """
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=1, options={"preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = 7680, 4320, "yuv420p"
        for packet in stream.encode(av.VideoFrame(7680, 4320, "yuv420p")):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    data = bytearray(out.getvalue())
    at = data.index(b"mdat")
    (box_size,) = struct.unpack(">I", data[at - 4 : at])
    data[at + 4 : at - 4 + box_size] = bytes(box_size - 8)
    data = bytes(data)
    with av.open(io.BytesIO(data)) as container, pytest.raises(av.FFmpegError):
        next(container.decode(video=0))
    return data


def assert_refused(response, message, media_root):
    assert response.status_code == 200
    assert message in error_next_to_file_field(response)
    assert 'value="My caption"' in response.content.decode()  # what was typed is kept
    assert ExerciseMedia.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_video_whose_headers_say_8k_is_refused_before_decoding(
    as_a, private_exercise, media_root
):
    response = post_video(as_a, private_exercise, eight_k_header_with_garbage_frames())
    assert_refused(
        response,
        "The video is too large: 7680×4320 pixels (the limit is 3840×2160, either way up).",
        media_root,
    )


def test_a_portrait_4k_video_is_within_the_caps(as_a, private_exercise, settings):
    settings.EXERCISE_VIDEO_MAX_LONG_SIDE, settings.EXERCISE_VIDEO_MAX_SHORT_SIDE = 96, 64
    response = post_video(as_a, private_exercise, video_bytes("mp4", size=(64, 96)))
    assert response.status_code == 302


def test_a_video_over_the_resolution_cap_is_refused(as_a, private_exercise, media_root, settings):
    settings.EXERCISE_VIDEO_MAX_LONG_SIDE, settings.EXERCISE_VIDEO_MAX_SHORT_SIDE = 96, 64
    response = post_video(as_a, private_exercise, video_bytes("mp4", size=(128, 64)))
    assert_refused(
        response, "The video is too large: 128×64 pixels (the limit is 96×64", media_root
    )


def test_a_video_over_the_duration_cap_is_refused(as_a, private_exercise, media_root, settings):
    settings.EXERCISE_VIDEO_MAX_SECONDS = 1
    response = post_video(as_a, private_exercise, video_bytes("mp4", seconds=3.0))
    assert_refused(response, "The video is too long: 0:03 (the limit is 0:01).", media_root)


def test_a_video_with_more_frames_than_the_cap_is_refused(
    as_a, private_exercise, media_root, settings
):
    settings.EXERCISE_VIDEO_MAX_SECONDS = 1
    data = video_bytes("mp4", seconds=0.9, size=(16, 16), fps=300)  # 270 frames in 0.9 s
    response = post_video(as_a, private_exercise, data)
    assert_refused(response, "The video has too many frames: 270 (the limit is 240", media_root)


def live_webm(seconds: int) -> bytes:
    """A WebM as a browser's recorder writes it: no duration in its headers."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="webm", container_options={"live": "1"}) as container:
        stream = container.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(seconds * 10):
            for packet in stream.encode(av.VideoFrame(64, 48, "yuv420p")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    data = out.getvalue()
    with av.open(io.BytesIO(data)) as container:
        assert container.duration is None
        assert not container.streams.video[0].frames
    return data


def test_a_video_without_a_duration_header_is_measured_by_its_packets(
    as_a, private_exercise, media_root, settings
):
    settings.EXERCISE_VIDEO_MAX_SECONDS = 2
    response = post_video(as_a, private_exercise, live_webm(3), name="recording.webm")
    assert_refused(response, "The video is too long: 0:03 (the limit is 0:02).", media_root)

    response = post_video(as_a, private_exercise, live_webm(1), name="recording.webm")
    assert response.status_code == 302
    assert ExerciseMedia.objects.get().duration_seconds == pytest.approx(1.0, abs=0.15)


def test_the_caps_are_refused_in_the_admin_too(as_curator, settings):
    settings.EXERCISE_VIDEO_MAX_SECONDS = 1
    data = add_form()
    for prefix in inline_prefixes(as_curator)[1:]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data["media-0-file"] = upload("clip.mp4", video_bytes("mp4", seconds=3.0), "video/mp4")
    response = as_curator.post(ADD, data)
    assert response.status_code == 200
    assert "The video is too long: 0:03 (the limit is 0:01)." in response.content.decode()
    assert not ExerciseMedia.objects.exists()
