"""Photos: checked by content, stripped of metadata, stored privately, served to the clinic."""

import io
import os
import re
import stat

import pytest
from PIL import ExifTags, Image

from assessments import services
from assessments.models import Photo
from tests.assessments.factories import hip_drop, image_bytes, knee_valgus, record_hip_drop, upload

pytestmark = pytest.mark.django_db


def upload_url(assessment, kind="knee-valgus", side="left", trial=1):
    return f"/assessments/{assessment.pk}/{kind}/{side}/photos/{trial}/"


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    data = image_bytes(exif=exif)
    # The test image really carries the position before upload.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def test_it_stores_a_photo_without_gps_metadata(as_a, assessment, private_media):
    response = as_a.post(upload_url(assessment), {"image": upload(data=jpeg_with_gps())})
    assert response.status_code == 302
    photo = Photo.objects.get(assessment=assessment)
    path = private_media / photo.image.name
    stored = path.read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
        assert (image.width, image.height) == (photo.width, photo.height) == (400, 600)
    assert b"Exif" not in stored
    assert b"PhoneCo" not in stored


def test_it_stores_photos_outside_the_public_media_root(as_a, assessment, private_media, settings):
    as_a.post(upload_url(assessment), {"image": upload()})
    photo = Photo.objects.get(assessment=assessment)
    path = (private_media / photo.image.name).resolve()
    assert path.is_file()
    assert not path.is_relative_to(settings.MEDIA_ROOT.resolve())
    # An unguessable name: nothing from the upload, no ids.
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", path.name)
    with pytest.raises(ValueError, match="no public URL"):
        photo.image.url  # noqa: B018


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_photo_files_and_folders_are_for_the_server_user_only(
    as_a, assessment, private_media, umask
):
    previous = os.umask(umask)
    try:
        response = as_a.post(upload_url(assessment), {"image": upload()})
    finally:
        os.umask(previous)
    assert response.status_code == 302
    photo = Photo.objects.get(assessment=assessment)
    path = private_media / photo.image.name
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    folders = [folder for folder in path.parents if folder.is_relative_to(private_media)]
    assert private_media in folders
    assert len(folders) >= 2
    for folder in folders:
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder


def test_it_scales_large_photos_down(as_a, assessment):
    as_a.post(upload_url(assessment), {"image": upload(size=(3000, 4000))})
    photo = Photo.objects.get(assessment=assessment)
    assert max(photo.width, photo.height) == 2000


def test_it_refuses_a_file_that_is_not_an_image(as_a, assessment):
    fake = upload(name="leg.jpg", data=b"%PDF-1.4 not an image at all")
    response = as_a.post(upload_url(assessment), {"image": fake}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "not an image we can read" in html
    assert "<html" not in html
    assert not Photo.objects.exists()


def test_it_refuses_an_oversized_file(as_a, assessment, settings):
    settings.ASSESSMENT_PHOTO_MAX_BYTES = 1000
    response = as_a.post(
        upload_url(assessment), {"image": upload()}, headers={"HX-Request": "true"}
    )
    assert "too large" in response.content.decode()
    assert not Photo.objects.exists()


def test_it_asks_for_a_file(as_a, assessment):
    response = as_a.post(upload_url(assessment), {}, headers={"HX-Request": "true"})
    assert "Choose a photo" in response.content.decode()


def test_the_htmx_answer_is_the_photo_slot(as_a, assessment):
    response = as_a.post(
        upload_url(assessment, "hip-drop", "right"),
        {"image": upload()},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert 'id="slot-hip-drop-right-1"' in html
    assert 'class="landmark-editor"' in html
    assert 'id="summary-hip-drop-right"' in html
    assert 'hx-swap-oob="true"' in html
    assert "<html" not in html


def test_replacing_a_photo_drops_the_old_file_and_landmarks(
    as_a, assessment, clinician_a, django_capture_on_commit_callbacks
):
    test = record_hip_drop(assessment, side="left", drop_deg=4, by=clinician_a)
    old = Photo.objects.get(assessment=assessment)
    old_path = old.image.path
    assert test.pelvic_drop_deg == pytest.approx(4)
    with django_capture_on_commit_callbacks(execute=True):
        as_a.post(upload_url(assessment, "hip-drop", "left"), {"image": upload()})
    new = Photo.objects.get(assessment=assessment)
    assert new.pk != old.pk
    assert new.key != old.key
    assert new.points == {}
    assert new.angle_deg is None
    assert not os.path.exists(old_path)
    assert hip_drop(assessment, "left").pelvic_drop_deg is None


def test_there_is_no_fourth_trial_and_one_stance_photo(as_a, assessment):
    assert as_a.post(upload_url(assessment, trial=4), {"image": upload()}).status_code == 404
    bad = upload_url(assessment, "hip-drop", trial=2)
    assert as_a.post(bad, {"image": upload()}).status_code == 404
    assert as_a.post(upload_url(assessment, "elbow"), {"image": upload()}).status_code == 404


def test_no_photo_is_replaced_once_signed(as_a, assessment, clinician_a):
    record_hip_drop(assessment, side="left", drop_deg=4, by=clinician_a)
    services.assessment_sign(assessment=assessment, by=clinician_a)
    response = as_a.post(
        upload_url(assessment, "hip-drop", "left"),
        {"image": upload()},
        headers={"HX-Request": "true"},
    )
    assert "photos can no longer be replaced" in response.content.decode()
    assert Photo.objects.get(assessment=assessment).angle_deg == pytest.approx(4)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("as_c", 404), ("as_client1", 404), ("as_viewer", 403)],
)
def test_uploading_is_refused_to_others(request, persona, status, assessment):
    http = request.getfixturevalue(persona)
    assert http.post(upload_url(assessment), {"image": upload()}).status_code == status
    assert not Photo.objects.exists()


def test_uploading_needs_sign_in(client, assessment):
    response = client.post(upload_url(assessment), {"image": upload()})
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_uploading_rejects_get(as_a, assessment):
    assert as_a.get(upload_url(assessment)).status_code == 405


# --- serving the file -----------------------------------------------------------------


@pytest.fixture
def photo(assessment, clinician_a):
    return services.photo_attach(
        test=knee_valgus(assessment, "left"), trial=1, upload=upload(), by=clinician_a
    )


def test_the_clinic_gets_the_photo_never_cached_by_shared_caches(as_a, as_b, photo):
    for http in (as_a, as_b):
        response = http.get(f"/assessments/photos/{photo.key}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
        body = b"".join(response.streaming_content)
        assert body == photo.image.storage.open(photo.image.name).read()


def test_a_read_only_member_may_look_at_the_photo(as_viewer, photo):
    assert as_viewer.get(f"/assessments/photos/{photo.key}/").status_code == 200


def test_another_clinic_gets_404_for_the_photo(as_c, photo):
    assert as_c.get(f"/assessments/photos/{photo.key}/").status_code == 404


def test_a_client_gets_404_for_the_photo(as_client1, photo):
    assert as_client1.get(f"/assessments/photos/{photo.key}/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in_for_the_photo(client, photo):
    response = client.get(f"/assessments/photos/{photo.key}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_guessed_photo_url_is_404(as_a, photo):
    import uuid

    assert as_a.get(f"/assessments/photos/{uuid.uuid4()}/").status_code == 404
    # Nor is the file reachable under the public media URL.
    assert as_a.get(f"/media/{photo.image.name}").status_code == 404


def test_the_photo_view_rejects_post(as_a, photo):
    assert as_a.post(f"/assessments/photos/{photo.key}/").status_code == 405


def test_a_photo_is_attached_by_the_service_with_its_default_view(assessment, clinician_a):
    hip = services.photo_attach(
        test=hip_drop(assessment, "left"), trial=1, upload=upload(), by=clinician_a
    )
    assert hip.view == "back"  # docs/clinical.md §1.1: the examiner stands behind
    knee = services.photo_attach(
        test=knee_valgus(assessment, "left"), trial=2, upload=upload(fmt="PNG"), by=clinician_a
    )
    assert knee.view == "front"
    assert knee.image.name.endswith(".jpg")


def test_the_camera_view_can_be_given_and_is_checked(as_a, assessment):
    as_a.post(upload_url(assessment), {"image": upload(), "view": "back"})
    assert Photo.objects.get().view == "back"
    response = as_a.post(
        upload_url(assessment, trial=2),
        {"image": upload(), "view": "sideways"},
        headers={"HX-Request": "true"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert Photo.objects.count() == 1
