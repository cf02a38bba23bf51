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


# Every header here must give the whole file (200) or "not satisfiable" (416), never 500.
BAD_RANGES = {
    "thousands of digits in first": "bytes=" + "9" * 5000 + "-",
    "thousands of digits, end before start": "bytes=" + "9" * 5000 + "-" + "9" * 4999,
    "several ranges": "bytes=0-9,20-29",
    "several ranges, one absurd": "bytes=0-1,-" + "9" * 5000,
    "start past the end": "bytes=999999999-",
    "start past the end, with an end": "bytes=999999999-1000000000",
    "negative start": "bytes=-5-10",
    "negative end": "bytes=5--10",
    "end before start": "bytes=500-100",
    "garbage unit": "items=0-10",
    "no unit": "0-10",
    "empty": "",
    "empty range": "bytes=",
    "only a dash": "bytes=-",
    "zero-length suffix": "bytes=-0",
    "not numbers": "bytes=a-b",
    "other scripts' digits": "bytes=١-٢",
    "spaces inside": "bytes=1 0-20",
    "a fraction": "bytes=1.5-20",
    "an exponent": "bytes=1e3-",
    "hex": "bytes=0x10-0x20",
    "plus sign": "bytes=+1-20",
    "no equals": "bytes 0-10",
    "nul byte": "bytes=0-\x0010",
}


@pytest.fixture(params=["video", "image"])
def served(request, shared_exercise):
    """A video and an image, as the one view that answers Range serves them."""
    if request.param == "image":
        media = add_image(shared_exercise)
    else:
        media = add_video(shared_exercise, fmt="mp4", seconds=2.0)
    with media.file.open("rb") as handle:
        return file_url(media), handle.read()


@pytest.mark.parametrize("header", BAD_RANGES.values(), ids=BAD_RANGES.keys())
def test_a_bad_range_answers_200_or_416_never_500(as_a, served, header):
    url, data = served
    response = as_a.get(url, headers={"Range": header})
    assert response.status_code in (200, 416)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == data
        assert response["Content-Length"] == str(len(data))
    else:
        assert response["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=10-19", 10, 19),
        ("bytes=10-", 10, None),
        ("bytes=-7", -7, None),
        ("bytes=0-" + "9" * 5000, 0, None),  # an end past the file stops at its end
        ("bytes=-" + "9" * 5000, 0, None),  # a suffix longer than the file is all of it
        ("bytes=00010-00019", 10, 19),
        ("bytes=" + "0" * 5000 + "1-" + "0" * 5000 + "2", 1, 2),
        ("Bytes=10-19", 10, 19),  # range units are case-insensitive
        (" bytes=10-19 ", 10, 19),
    ],
)
def test_a_good_range_answers_206_with_those_bytes(as_a, served, header, first, last):
    url, data = served
    response = as_a.get(url, headers={"Range": header})
    assert response.status_code == 206
    wanted = data[first:] if last is None else data[first : last + 1]
    assert body(response) == wanted
    start = first % len(data)
    assert response["Content-Range"] == f"bytes {start}-{start + len(wanted) - 1}/{len(data)}"
    assert response["Content-Length"] == str(len(wanted))


@pytest.mark.parametrize("header", ["bytes=0-", "bytes=-1", "bytes=0-0"])
def test_any_range_of_an_empty_file_answers_416(as_a, shared_video, header):
    with shared_video.file.open("wb") as handle:
        handle.truncate(0)
    response = as_a.get(file_url(shared_video), headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"
