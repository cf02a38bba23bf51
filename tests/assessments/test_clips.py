"""Clips of a test: checked by content, stored privately without metadata, served to
the clinic only, with Range requests; none added once the assessment is signed."""

import io

import av
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from assessments import services
from assessments.models import AssessmentLocked, Clip
from physio.models import AccessEvent
from tests.assessments.factories import knee_valgus, record_hip_drop
from tests.exercises.factories import video_bytes
from tests.exercises.test_media_add_video import ISO6709, phone_video

pytestmark = pytest.mark.django_db


def clip_url(assessment, kind="knee-valgus", side="left"):
    return f"/assessments/{assessment.pk}/{kind}/{side}/clips/"


def video(name="squat.mp4", data=None, content_type="video/mp4"):
    return SimpleUploadedFile(name, data or video_bytes("mp4", 1.0), content_type=content_type)


def stored_clip(assessment, by, data=None) -> Clip:
    return services.clip_attach(test=knee_valgus(assessment), upload=video(data=data), by=by)


def test_a_clip_is_stored_privately_while_its_video_is_prepared(as_a, assessment, private_media):
    response = as_a.post(clip_url(assessment), {"video": video()})
    assert response.status_code == 302
    clip = Clip.objects.get(assessment=assessment)
    assert (clip.test, clip.side, clip.status) == ("knee_valgus", "left", "preparing")
    assert (clip.width, clip.height) == (64, 48)
    assert clip.duration_seconds == pytest.approx(1.0, abs=0.15)
    assert (private_media / clip.original.name).is_file()
    page = as_a.get(assessment.get_absolute_url()).content.decode()
    assert "Preparing the video" in page
    assert 'accept="video/*" capture="environment"' in page


def test_a_gps_tagged_clip_is_stored_without_its_position(as_a, assessment, private_media):
    data = phone_video()
    assert ISO6709.encode() in data
    as_a.post(clip_url(assessment), {"video": video("IMG_0001.MOV", data, "video/quicktime")})
    clip = Clip.objects.get(assessment=assessment)
    stored = (private_media / clip.original.name).read_bytes()
    assert ISO6709.encode() not in stored
    assert b"iPhone" not in stored
    with av.open(io.BytesIO(stored)) as container:
        assert "location" not in container.metadata
        assert sum(1 for _ in container.decode(video=0)) == 20


@pytest.mark.parametrize(
    ("upload", "limits", "message"),
    [
        (
            lambda: video("squat.mp4", b"just some notes, not a video\n" * 40, "video/mp4"),
            {},
            "not a video",
        ),
        (lambda: video(), {"EXERCISE_VIDEO_MAX_BYTES": 1000}, "too large"),
        (
            lambda: video(data=video_bytes("mp4", 3.0)),
            {"EXERCISE_VIDEO_MAX_SECONDS": 2},
            "too long",
        ),
    ],
    ids=["renamed text file", "oversized", "too long"],
)
def test_a_bad_clip_is_refused_with_a_message_next_to_the_field(
    as_a, assessment, settings, upload, limits, message
):
    for name, value in limits.items():
        setattr(settings, name, value)
    response = as_a.post(clip_url(assessment), {"video": upload()})
    assert response.status_code == 400
    page = response.content.decode()
    field = page.index('id="clip-knee-valgus-left"')
    assert message in page[field : field + 1500]
    assert not Clip.objects.exists()
    # The script gets the message alone.
    response = as_a.post(
        clip_url(assessment), {"video": upload()}, headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def sign(assessment, clinician):
    record_hip_drop(assessment, side="left", drop_deg=4, by=clinician)
    services.assessment_sign(assessment=assessment, by=clinician)


def test_a_signed_assessment_takes_no_new_clips(as_a, assessment, clinician_a):
    sign(assessment, clinician_a)
    response = as_a.post(clip_url(assessment), {"video": video()})
    assert response.status_code == 400
    assert "no clips can be added" in response.content.decode()
    assert not Clip.objects.exists()
    with pytest.raises(AssessmentLocked):
        stored_clip(assessment, clinician_a)


def test_the_clip_of_a_signed_assessment_is_kept(assessment, clinician_a):
    clip = stored_clip(assessment, clinician_a)
    sign(assessment, clinician_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        Clip.objects.filter(pk=clip.pk).delete()
    with pytest.raises(AssessmentLocked):
        clip.original.storage.delete(clip.original.name)
    assert clip.events.filter(pgh_label="insert").exists()


def test_the_original_is_served_to_the_clinic_with_ranges(as_a, assessment, clinician_a):
    clip = stored_clip(assessment, clinician_a)
    url = f"/assessments/clips/{clip.key}/original/"
    whole = as_a.get(url)
    assert whole.status_code == 200
    assert whole["Cache-Control"] == "private, no-store"
    body = b"".join(whole.streaming_content)
    part = as_a.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == body[:100]
    assert part["Content-Range"] == f"bytes 0-99/{len(body)}"
    assert AccessEvent.objects.filter(kind="clip", object_id=str(clip.pk)).exists()
    # Until the worker has made it, there is no playback file to serve.
    assert as_a.get(f"/assessments/clips/{clip.key}/").status_code == 404


def test_strangers_never_get_a_clip(as_c, as_client1, client, assessment, clinician_a):
    clip = stored_clip(assessment, clinician_a)
    for url in (f"/assessments/clips/{clip.key}/original/", f"/assessments/clips/{clip.key}/"):
        assert as_c.get(url).status_code == 404  # another clinic
        assert as_client1.get(url).status_code in (403, 404)  # the client's own portal user
        anonymous = client.get(url)
        assert anonymous.status_code == 302
        assert "/sign-in" in anonymous["Location"] or "login" in anonymous["Location"]
    assert as_c.post(clip_url(assessment), {"video": video()}).status_code == 404
    frame = f"/assessments/clips/{clip.key}/frame/"
    assert as_c.post(frame, {"seconds": "0.5", "trial": "1"}).status_code == 404
    assert client.post(frame, {"seconds": "0.5", "trial": "1"}).status_code == 302
    assert not clip.stills.exists()


def test_a_ready_clip_plays_from_its_playback_file_with_a_frame_form(as_a, assessment, clinician_a):
    clip = stored_clip(assessment, clinician_a)
    # What the worker leaves behind once the playback file is made.
    with clip.original.open("rb") as handle:
        clip.playback.save("playback.mp4", handle, save=False)
    clip.status = Clip.Status.READY
    clip.save()
    page = as_a.get(assessment.get_absolute_url()).content.decode()
    assert f'src="/assessments/clips/{clip.key}/"' in page
    assert f'action="/assessments/clips/{clip.key}/frame/"' in page
    assert "Use this frame" in page
    part = as_a.get(f"/assessments/clips/{clip.key}/", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206
    assert len(b"".join(part.streaming_content)) == 10


def test_an_hevc_phone_clip_is_prepared_and_a_frame_of_it_measured(
    as_a, assessment, clinician_a, private_media, tmp_path
):
    from assessments.tasks import clip_prepare
    from tests.physio.test_video import COLOURS, encode, near

    original = encode(tmp_path / "IMG_0002.MOV", codec="libx265", fmt="mov", size=(96, 64))
    upload = video("IMG_0002.MOV", original.read_bytes(), "video/quicktime")
    clip = services.clip_attach(test=knee_valgus(assessment), upload=upload, by=clinician_a)
    assert clip_prepare.call(clip.pk) == "ready"
    clip.refresh_from_db()
    assert clip.status == Clip.Status.READY
    with clip.playback.open("rb") as handle, av.open(handle) as playback:
        assert playback.streams.video[0].codec_context.name == "h264"
    assert clip.original.name != clip.playback.name  # the original is kept

    response = as_a.post(f"/assessments/clips/{clip.key}/frame/", {"seconds": "1.5", "trial": 2})
    assert response.status_code == 302
    photo = assessment.photos.get(test="knee_valgus", side="left", trial=2)
    assert (photo.clip_id, photo.clip_seconds) == (clip.pk, 1.5)
    with photo.image.open("rb") as handle:
        from PIL import Image

        still = Image.open(handle).convert("RGB")
        assert near(still.getpixel((still.width // 2, still.height // 2)), COLOURS[1])


def test_a_clip_that_cannot_be_decoded_is_marked_failed(assessment, clinician_a, private_media):
    from assessments.tasks import clip_prepare

    clip = stored_clip(assessment, clinician_a)
    with clip.original.open("rb") as handle:
        whole = handle.read()
    name = clip.original.name
    clip.original.storage.delete(name)
    clip.original.storage.save(name, io.BytesIO(whole[:200]))
    assert clip_prepare.call(clip.pk) == "failed"
    clip.refresh_from_db()
    assert clip.status == Clip.Status.FAILED
    assert "could not be prepared" in clip.status_message
