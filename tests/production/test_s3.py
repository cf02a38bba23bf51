"""Library media and private assessment files in an S3-compatible bucket (a real server).

The settings come from a fresh settings import with the bucket's variables set, so what
is tested is what a deploy with AWS_STORAGE_BUCKET_NAME gets.
"""

import os
import subprocess
import sys

import pytest
from django.utils import timezone

from assessments.models import AssessmentLocked, Photo
from tests.assessments.factories import AssessmentFactory, image_bytes, upload
from tests.exercises.factories import ExerciseFactory, add_video
from tests.production.conftest import ROOT, bucket_env, s3_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(client1, clinician_a):
    return AssessmentFactory(client=client1, clinician=clinician_a)


@pytest.fixture
def shared_exercise(db):
    return ExerciseFactory(name="Clam shell")


def deployed_settings(env: dict) -> dict:
    """STORAGES and the AWS_* settings as physio/settings.py makes them from ``env``."""
    script = (
        "import json, physio.settings as s;"
        "print(json.dumps({k: getattr(s, k) for k in dir(s)"
        " if k == 'STORAGES' or k.startswith('AWS_')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    import json

    return json.loads(result.stdout)


@pytest.fixture
def in_bucket(settings, s3_endpoint, bucket, monkeypatch, tmp_path):
    env = bucket_env(s3_endpoint, bucket)
    for key, value in env.items():
        monkeypatch.setenv(key, value)  # boto3 reads the keys from the environment
    deployed = deployed_settings(env)
    for key, value in deployed.items():
        if key.startswith("AWS_"):
            setattr(settings, key, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {**deployed["STORAGES"], "staticfiles": settings.STORAGES["staticfiles"]}
    return s3_client(s3_endpoint), bucket


def keys(client, bucket) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def only_the_owner_may_read(client, bucket, key) -> bool:
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return [grant["Permission"] for grant in grants] == ["FULL_CONTROL"] and all(
        grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants
    )


def test_the_bucket_settings_move_both_kinds_of_file(in_bucket):
    client, bucket = in_bucket
    from django.conf import settings

    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert settings.STORAGES["private"] == {
        "BACKEND": "assessments.storage.PrivateBucketStorage",
        "OPTIONS": {"location": "private"},
    }
    assert settings.AWS_DEFAULT_ACL is None


def test_a_library_video_lives_in_the_bucket_and_seeks_through_the_view(
    in_bucket, as_a, shared_exercise, tmp_path
):
    client, bucket = in_bucket
    video = add_video(shared_exercise, fmt="mp4", seconds=2.0)
    stored = keys(client, bucket)
    assert video.file.name in stored
    assert video.poster.name in stored
    assert video.thumbnail.name in stored
    assert not (tmp_path / "media").exists()  # nothing on this host's disk
    assert only_the_owner_may_read(client, bucket, video.file.name)
    data = client.get_object(Bucket=bucket, Key=video.file.name)["Body"].read()

    url = f"/library/media/{video.pk}/file/"
    ranged = as_a.get(url, headers={"Range": "bytes=100-599"})
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 100-599/{len(data)}"
    assert b"".join(ranged.streaming_content) == data[100:600]
    whole = as_a.get(url)
    assert whole.status_code == 200
    assert int(whole["Content-Length"]) == len(data)
    assert b"".join(whole.streaming_content) == data


def test_an_assessment_photo_lives_privately_in_the_bucket_served_only_to_its_clinic(
    in_bucket, as_a, as_c, assessment, tmp_path
):
    client, bucket = in_bucket
    url = f"/assessments/{assessment.pk}/knee-valgus/left/photos/1/"
    assert as_a.post(url, {"image": upload(data=image_bytes())}).status_code == 302
    photo = Photo.objects.get(assessment=assessment)
    key = f"private/{photo.image.name}"
    assert keys(client, bucket) == [key]
    assert not (tmp_path / "private").exists()
    assert only_the_owner_may_read(client, bucket, key)
    with pytest.raises(ValueError, match="no public URL"):
        photo.image.url  # noqa: B018

    served = as_a.get(f"/assessments/photos/{photo.key}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == (
        client.get_object(Bucket=bucket, Key=key)["Body"].read()
    )
    assert as_c.get(f"/assessments/photos/{photo.key}/").status_code == 404


def test_a_signed_assessments_photo_is_kept_in_the_bucket(in_bucket, as_a, assessment):
    client, bucket = in_bucket
    as_a.post(f"/assessments/{assessment.pk}/knee-valgus/left/photos/1/", {"image": upload()})
    photo = Photo.objects.get(assessment=assessment)
    type(assessment).objects.filter(pk=assessment.pk).update(
        status="signed", signed_at=timezone.now(), signed_by=assessment.clinician
    )
    with pytest.raises(AssessmentLocked):
        photo.image.storage.delete(photo.image.name)
    assert keys(client, bucket) == [f"private/{photo.image.name}"]


def test_readyz_reaches_the_bucket(in_bucket, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert "storage: ok" in response.content.decode()
