"""Serving media: access by who may see the exercise, and Range requests for seeking."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from exercises.models import Status
from tests.exercises.factories import ExerciseFactory, add_image, add_video


def file_url(media, part="file"):
    return reverse("exercises:media-file", args=[media.pk, part])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def shared_video(shared_exercise):
    return add_video(shared_exercise, fmt="mp4", seconds=2.0)


def test_a_byte_range_of_a_video_answers_206_with_those_bytes(as_a, shared_video):
    with shared_video.file.open("rb") as handle:
        data = handle.read()
    assert len(data) > 1000
    response = as_a.get(file_url(shared_video), headers={"Range": "bytes=100-599"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-599/{len(data)}"
    assert response["Content-Length"] == "500"
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == data[100:600]


def test_an_open_ended_and_a_suffix_range(as_a, shared_video):
    with shared_video.file.open("rb") as handle:
        data = handle.read()
    response = as_a.get(file_url(shared_video), headers={"Range": "bytes=1000-"})
    assert response.status_code == 206
    assert body(response) == data[1000:]
    response = as_a.get(file_url(shared_video), headers={"Range": "bytes=-10"})
    assert body(response) == data[-10:]


def test_a_range_past_the_end_answers_416(as_a, shared_video):
    size = shared_video.file.size
    response = as_a.get(file_url(shared_video), headers={"Range": f"bytes={size + 5}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_without_range_the_whole_file_answers_200(as_a, shared_video):
    response = as_a.get(file_url(shared_video))
    assert response.status_code == 200
    assert int(response["Content-Length"]) == shared_video.file.size
    assert "private" in response["Cache-Control"]


def test_poster_and_thumbnail_are_served(as_a, shared_video):
    for part in ("poster", "thumb"):
        response = as_a.get(file_url(shared_video, part))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"


def test_an_unknown_part_is_404(as_a, shared_video):
    assert as_a.get(file_url(shared_video, "original")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(shared_video):
    response = HttpClient().get(file_url(shared_video))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_published_shared_media_is_for_anyone_signed_in(as_client1, shared_video, curator):
    assert as_client1.get(file_url(shared_video)).status_code == 200
    other = HttpClient()
    other.force_login(curator)
    assert other.get(file_url(shared_video)).status_code == 200


def test_clinic_private_media_is_for_that_clinic_only(
    as_a, as_client1, as_c, private_exercise, curator
):
    media = add_image(private_exercise)
    assert as_a.get(file_url(media)).status_code == 200
    assert as_client1.get(file_url(media)).status_code == 200  # portal client of clinic 1
    assert as_c.get(file_url(media)).status_code == 404
    staff = HttpClient()
    staff.force_login(curator)
    assert staff.get(file_url(media)).status_code == 404


def test_shared_drafts_are_for_curators_only(as_a, as_client1, curator):
    draft = ExerciseFactory(name="Unfinished", status=Status.DRAFT)
    media = add_image(draft)
    assert as_a.get(file_url(media)).status_code == 404
    assert as_client1.get(file_url(media)).status_code == 404
    staff = HttpClient()
    staff.force_login(curator)
    assert staff.get(file_url(media)).status_code == 200


def test_clinic_drafts_are_for_the_owning_clinic(as_b, as_c, clinic1):
    draft = ExerciseFactory(name="Our draft", status=Status.DRAFT, owner_clinic=clinic1)
    media = add_image(draft)
    assert as_b.get(file_url(media)).status_code == 200
    assert as_c.get(file_url(media)).status_code == 404


def test_it_rejects_post(as_a, shared_video):
    assert as_a.post(file_url(shared_video)).status_code == 405
