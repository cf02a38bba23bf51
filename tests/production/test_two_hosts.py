"""Two app hosts at once on one PostgreSQL, Redis and S3-compatible bucket, with a worker.

Two gunicorn instances (the production config, DEBUG off) on different ports and a task
worker share the test database, the Redis named by REDIS_URL and a bucket on a real S3
server: what one host does, the other sees. Runs only when REDIS_URL is set (`.ci/run`).
"""

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
import requests

from exercises.models import ExerciseMedia
from tests.exercises.factories import ExerciseFactory, video_bytes
from tests.factories import PASSWORD
from tests.production.conftest import (
    SECRET,
    bucket_env,
    free_port,
    process_env,
    s3_client,
    wait_for,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


class FormFields(HTMLParser):
    """The fields of the page's form ``form_id`` as a browser would submit them unchanged."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields, self.select = form_id, False, {}, None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id or (
                not self.form_id and attrs.get("method", "").lower() == "post"
            )
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[attrs["name"]] = attrs.get("value", "on")
                return
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html: str, form_id: str = "") -> dict:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def sign_in(http: requests.Session, host: str, email: str, password: str) -> requests.Response:
    page = http.get(f"{host}/sign-in/")
    fields = form_fields(page.text)
    fields.update(username=email, password=password)
    return http.post(f"{host}/sign-in/", data=fields, allow_redirects=False)


@pytest.fixture
def hosts(processes, static_root, s3_endpoint, bucket, tmp_path):
    """Hosts A and B (gunicorn, one worker process each) and a task worker."""
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    env = process_env(
        DEBUG="0",
        SECRET_KEY=SECRET,
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="",
        ADMIN_REQUIRES_TWO_FACTOR="0",
        **bucket_env(s3_endpoint, bucket),
    )
    urls = []
    for name in ("a", "b"):
        port = free_port()
        processes.start(
            "-m", "gunicorn", "-c", "physio/gunicorn.conf.py",
            env={**env, "BIND": f"127.0.0.1:{port}"}, name=f"host-{name}",
        )  # fmt: skip
        urls.append(f"http://127.0.0.1:{port}")
    processes.start(
        "manage.py",
        "run_worker",
        "--no-reload",
        "--queue-name",
        "*",
        "--interval",
        "0.2",
        env=env,
        name="worker",
    )

    answers = {}

    def ready():
        try:
            for url in urls:
                answers[url] = requests.get(f"{url}/readyz", timeout=5)
        except requests.ConnectionError:
            return False
        return all(answer.status_code == 200 for answer in answers.values())

    try:
        wait_for(ready, 60, "both hosts to be ready")
    except AssertionError:
        logs = "".join(Path(p.log_path).read_text()[-3000:] for p in processes.started)
        raise AssertionError(f"{[a.text for a in answers.values()]}\n{logs}") from None
    return urls


def test_two_hosts_share_sessions_media_throttles_and_edits(
    hosts, s3_endpoint, bucket, clinician_a, client1, clinic1
):
    host_a, host_b = hosts
    exercise = ExerciseFactory(name="Wall squat", owner_clinic=clinic1)

    # Signed in on A, carrying on on B with the same cookie.
    browser = requests.Session()
    assert sign_in(browser, host_a, clinician_a.user.email, PASSWORD).status_code == 302
    on_b = browser.get(f"{host_b}/clients/", allow_redirects=False)
    assert on_b.status_code == 200
    assert "Client, Cora" in on_b.text

    # An edit made on A shows on B at once.
    edit = f"/clients/{client1.pk}/edit/"
    fields = form_fields(browser.get(f"{host_a}{edit}").text)
    fields["last_name"] = "Renamed-on-A"
    saved = browser.post(f"{host_a}{edit}", data=fields, allow_redirects=False)
    assert saved.status_code == 302, saved.text
    assert "Renamed-on-A" in browser.get(f"{host_b}/clients/{client1.pk}/").text

    # A video uploaded on A plays (and seeks) from B; the worker makes its poster.
    add = f"/library/{exercise.pk}/media/new/"
    fields = form_fields(browser.get(f"{host_a}{add}").text)
    fields.update(kind="video", caption="From host A")
    data = video_bytes("mp4", seconds=2.0)
    uploaded = browser.post(
        f"{host_a}{add}",
        data=fields,
        files={"file": ("squat.mp4", data, "video/mp4")},
        allow_redirects=False,
    )
    assert uploaded.status_code == 302, uploaded.text
    media = ExerciseMedia.objects.get(exercise=exercise)
    played = browser.get(
        f"{host_b}/library/media/{media.pk}/file/", headers={"Range": "bytes=0-99"}
    )
    assert played.status_code == 206
    assert played.headers["Content-Range"].startswith("bytes 0-99/")
    stored = s3_client(s3_endpoint).get_object(Bucket=bucket, Key=media.file.name)["Body"].read()
    assert played.content == stored[:100]  # the checked copy, remuxed without metadata
    poster = wait_for(
        lambda: ExerciseMedia.objects.filter(pk=media.pk).exclude(poster="").first(),
        30,
        "the worker to make the poster",
    )
    from_b = browser.get(f"{host_b}/library/media/{poster.pk}/poster/")
    assert from_b.status_code == 200
    assert from_b.headers["Content-Type"] == "image/jpeg"

    # Failed sign-ins counted on A lock the account on B too (django-axes in Redis).
    stranger = requests.Session()
    for _ in range(4):
        refused = sign_in(stranger, host_a, clinician_a.user.email, "wrong password")
        assert refused.status_code == 200
    # The fifth failure (SIGN_IN_FAILURE_LIMIT) locks.
    assert sign_in(stranger, host_a, clinician_a.user.email, "wrong").status_code == 429
    locked = sign_in(requests.Session(), host_b, clinician_a.user.email, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    # The count lives in Redis (the "shared" cache), not in either host or the database.
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()
    kept = redis.Redis.from_url(os.environ["REDIS_URL"]).keys("shared:*")
    assert any(b"axes" in key for key in kept), kept
