"""Adding media to a clinic's own exercise: every refusal says why and saves nothing."""

import io
import struct
import zlib

import pytest
from django.urls import reverse
from PIL import Image

from exercises.models import ExerciseMedia, MediaKind
from tests.exercises.conftest import stored_files
from tests.exercises.factories import image_bytes, upload, video_bytes


def url(exercise):
    return reverse("exercises:media-add", args=[exercise.pk])


def post(http, exercise, **data):
    return http.post(url(exercise), {"caption": "My caption", **data})


def bomb_png(width=30000, height=30000) -> bytes:
    """A tiny PNG that claims a huge canvas (the IHDR says so; the data is one empty row)."""

    def chunk(kind, payload):
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
        + chunk(b"IEND", b"")
    )


def assert_refused(response, message, media_root):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="My caption"' in response.content.decode()  # what was typed is kept
    assert ExerciseMedia.objects.count() == 0
    assert stored_files(media_root) == []


def test_it_refuses_a_text_file_named_mp4(as_a, private_exercise, media_root):
    response = post(
        as_a,
        private_exercise,
        kind=MediaKind.VIDEO,
        file=upload("exercise.mp4", b"just some text, not a video\n" * 50, "video/mp4"),
    )
    assert_refused(response, "This file is not a video we can play.", media_root)


def test_it_refuses_a_truncated_jpeg(as_a, private_exercise, media_root):
    data = image_bytes("JPEG", size=(400, 300), quality=95)
    response = post(
        as_a,
        private_exercise,
        kind=MediaKind.IMAGE,
        file=upload("photo.jpg", data[: len(data) // 2], "image/jpeg"),
    )
    assert_refused(response, "The image file is damaged or incomplete.", media_root)


def test_it_refuses_a_decompression_bomb_png(as_a, private_exercise, media_root):
    data = bomb_png()
    assert len(data) < 100_000  # small on disk, 900 megapixels once decoded
    response = post(
        as_a, private_exercise, kind=MediaKind.IMAGE, file=upload("bomb.png", data, "image/png")
    )
    assert_refused(
        response, "The image has far too many pixels (the limit is 40 megapixels).", media_root
    )


def test_it_refuses_an_image_over_the_pixel_cap(as_a, private_exercise, media_root, settings):
    settings.EXERCISE_IMAGE_MAX_PIXELS = 10_000
    response = post(
        as_a,
        private_exercise,
        kind=MediaKind.IMAGE,
        file=upload("big.png", image_bytes("PNG", size=(200, 100)), "image/png"),
    )
    assert_refused(response, "The image is too large: 200×100 pixels", media_root)


def test_it_refuses_an_svg(as_a, private_exercise, media_root):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    )
    response = post(
        as_a, private_exercise, kind=MediaKind.IMAGE, file=upload("logo.svg", svg, "image/svg+xml")
    )
    assert_refused(response, "This file is not an image we can read.", media_root)


def test_it_refuses_an_oversized_video(as_a, private_exercise, media_root, settings):
    data = video_bytes("webm")
    settings.EXERCISE_VIDEO_MAX_BYTES = len(data) - 1
    response = post(
        as_a, private_exercise, kind=MediaKind.VIDEO, file=upload("v.webm", data, "video/webm")
    )
    assert_refused(response, "The file is too large", media_root)


def test_it_refuses_an_oversized_image(as_a, private_exercise, media_root, settings):
    data = image_bytes("PNG", size=(300, 300))
    settings.EXERCISE_IMAGE_MAX_BYTES = len(data) - 1
    response = post(
        as_a, private_exercise, kind=MediaKind.IMAGE, file=upload("i.png", data, "image/png")
    )
    assert_refused(response, "The file is too large", media_root)


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://www.dailymotion.com/video/x7tgad0",
        "javascript:alert(1)",
        "https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ",
    ],
)
def test_it_refuses_a_link_that_is_not_youtube_or_vimeo(as_a, private_exercise, media_root, link):
    response = post(as_a, private_exercise, kind=MediaKind.LINK, url=link)
    assert_refused(response, "Only YouTube and Vimeo video links can be embedded.", media_root)


def test_it_refuses_a_video_with_a_codec_browsers_cannot_play(as_a, private_exercise, media_root):
    import av

    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_image(Image.new("RGB", (64, 48)))
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    response = post(
        as_a,
        private_exercise,
        kind=MediaKind.VIDEO,
        file=upload("old.mp4", out.getvalue(), "video/mp4"),
    )
    assert_refused(response, "which browsers cannot play", media_root)


def test_htmx_refusal_answers_the_form_fragment(as_a, private_exercise, media_root):
    response = as_a.post(
        url(private_exercise),
        {"kind": MediaKind.LINK, "url": "https://example.com/v/1", "caption": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="media-form"' in body
    assert "Only YouTube and Vimeo" in body


def test_it_adds_an_image_stripped_of_metadata_with_a_thumbnail(as_a, private_exercise):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    data = image_bytes("JPEG", size=(320, 240), exif=exif.tobytes())
    response = post(as_a, private_exercise, kind=MediaKind.IMAGE, file=upload("p.jpg", data))
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert (media.kind, media.width, media.height, media.is_main) == ("image", 320, 240, True)
    assert media.file.name.startswith(f"exercises/{private_exercise.pk}/")
    assert media.file.name.endswith(".jpg")
    assert "p.jpg" not in media.file.name
    with media.file.open("rb") as handle:
        stored = handle.read()
    assert b"SecretCam" not in stored
    assert media.thumbnail  # made once, by the task
    with media.thumbnail.open("rb") as handle:
        assert Image.open(handle).size[0] <= 480


def test_it_adds_a_video_with_duration_size_and_a_poster_frame(as_a, private_exercise):
    data = video_bytes("mp4", seconds=2.0, size=(96, 64))
    response = post(
        as_a, private_exercise, kind=MediaKind.VIDEO, file=upload("clip.mov", data, "video/mp4")
    )
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert media.kind == "video"
    assert media.content_type == "video/mp4"
    assert media.file.name.endswith(".mp4")  # named by content, not by the upload's name
    assert (media.width, media.height) == (96, 64)
    assert media.duration_seconds == pytest.approx(2.0, abs=0.25)
    assert media.poster
    assert media.thumbnail
    with media.poster.open("rb") as handle:
        assert Image.open(handle).size == (96, 64)


def test_a_given_poster_is_kept_instead_of_a_frame(as_a, private_exercise):
    poster = image_bytes("PNG", size=(96, 64), colour=(1, 2, 3))
    response = post(
        as_a,
        private_exercise,
        kind=MediaKind.VIDEO,
        file=upload("clip.webm", video_bytes("webm")),
        poster=upload("poster.png", poster),
    )
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    with media.poster.open("rb") as handle:
        assert Image.open(handle).getpixel((5, 5)) == (1, 2, 3)


def test_a_bad_poster_is_refused_next_to_its_field(as_a, private_exercise, media_root):
    response = post(
        as_a,
        private_exercise,
        kind=MediaKind.VIDEO,
        file=upload("clip.webm", video_bytes("webm")),
        poster=upload("poster.png", b"not an image"),
    )
    assert_refused(response, "This file is not an image we can read.", media_root)


def test_it_adds_a_youtube_link_as_a_privacy_enhanced_embed(as_a, private_exercise):
    response = post(
        as_a, private_exercise, kind=MediaKind.LINK, url="https://youtu.be/dQw4w9WgXcQ?t=42"
    )
    assert response.status_code == 302
    media = ExerciseMedia.objects.get()
    assert media.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0&start=42"
    assert media.provider == "youtube"


def test_htmx_success_answers_a_client_redirect(as_a, private_exercise):
    response = as_a.post(
        url(private_exercise),
        {"kind": MediaKind.LINK, "url": "https://vimeo.com/76979871"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert (
        response["HX-Redirect"] == reverse("exercises:edit", args=[private_exercise.pk]) + "#media"
    )


def test_a_new_main_item_replaces_the_old_one(as_a, private_exercise):
    post(as_a, private_exercise, kind=MediaKind.LINK, url="https://vimeo.com/76979871")
    post(
        as_a,
        private_exercise,
        kind=MediaKind.LINK,
        url="https://youtu.be/dQw4w9WgXcQ",
        is_main="on",
    )
    mains = list(ExerciseMedia.objects.filter(is_main=True).values_list("provider", flat=True))
    assert mains == ["youtube"]


def test_a_stranger_clinic_gets_404(as_c, private_exercise, media_root):
    response = post(as_c, private_exercise, kind=MediaKind.LINK, url="https://vimeo.com/1234")
    assert response.status_code == 404
    assert ExerciseMedia.objects.count() == 0


def test_shared_library_exercises_are_not_changed_in_the_app(as_a, shared_exercise):
    response = post(as_a, shared_exercise, kind=MediaKind.LINK, url="https://vimeo.com/1234")
    assert response.status_code == 404


def test_a_read_only_member_gets_403(as_viewer, private_exercise):
    response = post(as_viewer, private_exercise, kind=MediaKind.LINK, url="https://vimeo.com/1")
    assert response.status_code == 403


def test_it_rejects_put(as_a, private_exercise):
    assert as_a.put(url(private_exercise)).status_code == 405


def test_deleting_media_removes_its_files(
    as_a, private_exercise, media_root, django_capture_on_commit_callbacks
):
    post(as_a, private_exercise, kind=MediaKind.IMAGE, file=upload("a.png", image_bytes()))
    media = ExerciseMedia.objects.get()
    assert len(stored_files(media_root)) == 2  # image and thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        response = as_a.post(
            reverse("exercises:media-delete", args=[private_exercise.pk, media.pk])
        )
    assert response.status_code == 302
    assert ExerciseMedia.objects.count() == 0
    assert stored_files(media_root) == []


def test_another_clinic_cannot_delete_media(as_c, private_exercise):
    from tests.exercises.factories import add_image

    media = add_image(private_exercise)
    response = as_c.post(reverse("exercises:media-delete", args=[private_exercise.pk, media.pk]))
    assert response.status_code == 404
    assert ExerciseMedia.objects.filter(pk=media.pk).exists()
