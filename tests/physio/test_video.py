"""physio/video.py on real files encoded here with PyAV: frames at a time, and the
playback copy (HEVC in QuickTime with a rotation flag and a location tag in, H.264 MP4
out)."""

from fractions import Fraction

import av
import numpy
import pytest

from physio import video

# One colour per second of the test clips (red, green, blue).
COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220)]


def encode(path, *, codec="libx264", fmt="mp4", size=(96, 64), times=None, rotate=0, tags=None):
    """A clip whose frames are flat colours: COLOURS[int(t)] at time t (seconds)."""
    times = times if times is not None else [n / 10 for n in range(30)]
    with av.open(str(path), mode="w", format=fmt) as out:
        for key, value in (tags or {}).items():
            out.metadata[key] = value
        stream = out.add_stream(codec, rate=10)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        if rotate:
            stream.set_display_rotation(rotate)
        if codec == "libx265":
            stream.options = {"x265-params": "log-level=none"}
        for t in times:
            pixels = numpy.zeros((size[1], size[0], 3), dtype=numpy.uint8)
            pixels[:, :] = COLOURS[int(t)]
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = int(t * 1000)
            frame.time_base = Fraction(1, 1000)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def colour_at(path, seconds):
    image = video.frame_at(str(path), seconds).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2)), image.size


def near(colour, wanted, tolerance=30):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted, strict=True))


def test_frame_at_gives_the_frame_on_screen_at_that_time(tmp_path):
    clip = encode(tmp_path / "clip.mp4")
    for seconds, second in ((0, 0), (0.95, 0), (1.05, 1), (2.5, 2), (9, 2)):
        colour, size = colour_at(clip, seconds)
        assert near(colour, COLOURS[second]), (seconds, colour)
        assert size == (96, 64)


def test_frame_at_follows_the_timestamps_of_a_variable_frame_rate(tmp_path):
    # Frames bunched in the first second, then one long frame from 1.0 s, then 2.8 s.
    times = [0, 0.1, 0.2, 0.3, 1.0, 2.8]
    clip = encode(tmp_path / "vfr.mp4", times=times)
    assert near(colour_at(clip, 0.5)[0], COLOURS[0])  # still the frame from 0.3 s
    assert near(colour_at(clip, 2.5)[0], COLOURS[1])  # the frame from 1.0 s is on screen
    assert near(colour_at(clip, 2.9)[0], COLOURS[2])


def test_frame_at_turns_a_phone_clip_upright(tmp_path):
    clip = encode(tmp_path / "turned.mp4", rotate=90)
    assert colour_at(clip, 1.5)[1] == (64, 96)


def test_a_text_file_is_not_a_video(tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video at all")
    with pytest.raises(video.VideoError):
        video.frame_at(str(fake), 0)
    with pytest.raises(video.VideoError):
        video.transcode(str(fake), str(tmp_path / "out.mp4"))


def test_an_hevc_quicktime_clip_becomes_an_upright_h264_mp4_without_its_tags(tmp_path):
    original = encode(
        tmp_path / "phone.mov",
        codec="libx265",
        fmt="mov",
        size=(128, 96),
        rotate=90,
        tags={"location": "+51.5074-000.1278/", "make": "PhonePhone"},
    )
    with av.open(str(original)) as check:
        assert check.streams.video[0].codec_context.name == "hevc"
    playback = tmp_path / "playback.mp4"
    video.transcode(str(original), str(playback), max_height=64)
    with av.open(str(playback)) as out:
        stream = out.streams.video[0]
        assert out.format.name.startswith("mov,mp4")
        assert stream.codec_context.name == "h264"
        assert (stream.codec_context.width, stream.codec_context.height) == (48, 64)
        assert "location" not in out.metadata
        assert "make" not in out.metadata
        first = next(out.decode(stream))
        assert not first.rotation
        assert 2.5 < float(out.duration / av.time_base) < 3.5
    data = playback.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # faststart: the index comes first
    # Times on the playback file are times on the original.
    assert near(colour_at(playback, 1.5)[0], COLOURS[1])
    assert near(colour_at(playback, 2.5)[0], COLOURS[2])
