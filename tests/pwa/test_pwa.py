"""The installable portal on the server: manifest, icons, worker, and the idempotency key
that makes a repeated log send (the offline queue's retry) a single stored log."""

import json
import threading
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse
from PIL import Image

from programs import portal_services
from programs.models import ItemLog
from pwa.models import LogReceipt
from tests.programs.portal_helpers import make_program, today


def log_url(item, round=1):
    return reverse("programs:portal-item-log", args=[item.pk, round])


@pytest.fixture
def item(client1):
    return make_program(client1, items=1).items.get()


def post_log(http, item, *, pain, key=None, htmx=True):
    data = {
        "day": today().isoformat(),
        "done": "yes",
        "sets_done": 2,
        "pain": pain,
        "difficulty": 2,
    }
    headers = {"HX-Request": "true"} if htmx else {}
    if key:
        headers["Idempotency-Key"] = str(key)
    return http.post(log_url(item), data, headers=headers)


@pytest.mark.django_db
def test_the_manifest_names_the_portal_and_its_icons(client):
    answer = client.get("/manifest.webmanifest")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/manifest+json"
    data = json.loads(answer.content)
    assert data["start_url"] == reverse("physio:portal-home")
    assert data["display"] == "standalone"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


@pytest.mark.django_db
def test_the_worker_is_served_from_the_root_as_script_with_a_strict_policy(client):
    answer = client.get("/service-worker.js")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/javascript; charset=utf-8"
    assert answer["Service-Worker-Allowed"] == "/"
    assert answer["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in answer["Content-Security-Policy"]
    source = answer.content.decode()
    assert reverse("programs:portal-today") in source
    assert "__VERSION__" not in source
    assert client.post("/service-worker.js").status_code == 405


@pytest.mark.django_db
def test_only_the_portal_registers_the_worker_from_a_static_file(as_client1, as_a, client1):
    portal = as_client1.get(reverse("physio:portal-home")).content.decode()
    assert 'data-worker="/service-worker.js"' in portal
    assert 'rel="manifest"' in portal
    assert "serviceWorker" not in portal  # no inline script: pwa.js registers it
    clinic = as_a.get(reverse("physio:dashboard")).content.decode()
    assert "service-worker" not in clinic


@pytest.mark.django_db
def test_a_repeated_send_with_the_same_key_is_stored_once(as_client1, item):
    key = uuid.uuid4()
    assert post_log(as_client1, item, pain=2, key=key).status_code == 200
    # The answer was lost; the phone sends the same log again, and later the client
    # changes their mind on the card. The retry must not undo that change.
    again = post_log(as_client1, item, pain=2, key=key)
    assert "Saved." in again.content.decode()
    post_log(as_client1, item, pain=4, key=uuid.uuid4())
    post_log(as_client1, item, pain=2, key=key)
    log = ItemLog.objects.get()
    assert log.pain == 4
    assert LogReceipt.objects.filter(key=key, item_log=log).count() == 1


@pytest.mark.django_db
def test_a_plain_form_carries_the_key_as_a_field(as_client1, item):
    key = str(uuid.uuid4())
    data = {"day": today().isoformat(), "done": "yes", "pain": 3, "idempotency_key": key}
    assert as_client1.post(log_url(item), data).status_code == 302
    data["pain"] = 9
    as_client1.post(log_url(item), data)
    assert ItemLog.objects.get().pain == 3


@pytest.mark.django_db
def test_a_send_without_a_key_or_with_a_bad_one_saves_as_before(as_client1, item):
    post_log(as_client1, item, pain=2)
    post_log(as_client1, item, pain=5, key="not-a-uuid")
    assert ItemLog.objects.get().pain == 5
    assert not LogReceipt.objects.exists()


@pytest.mark.django_db
def test_a_refused_send_keeps_no_receipt(client1, item):
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    key = uuid.uuid4()
    with pytest.raises(ValidationError):
        portal_services.item_log_save(
            item=item, day=today() - timedelta(days=1), round=1, today=today(), done=True, key=key
        )
    assert not LogReceipt.objects.exists()


@pytest.mark.django_db
def test_a_key_used_for_one_exercise_does_not_save_another(client1):
    from django.core.exceptions import ValidationError

    first, second = make_program(client1, items=2).items.all()
    key = uuid.uuid4()
    portal_services.item_log_save(
        item=first, day=today(), round=1, today=today(), done=True, key=key
    )
    with pytest.raises(ValidationError):
        portal_services.item_log_save(
            item=second, day=today(), round=1, today=today(), done=True, key=key
        )
    assert ItemLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sends_racing_with_one_key_store_one_log(client1):
    item = make_program(client1, items=1).items.get()
    key = uuid.uuid4()
    start = threading.Barrier(2)
    errors = []

    def send(pain):
        try:
            start.wait()
            portal_services.item_log_save(
                item=item, day=today(), round=1, today=today(), done=True, pain=pain, key=key
            )
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(pain,)) for pain in (1, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ItemLog.objects.count() == 1
    assert LogReceipt.objects.get(key=key).item_log == ItemLog.objects.get()


@pytest.mark.django_db
def test_a_replay_the_server_refuses_tells_the_client_on_their_next_page(as_client1, item):
    """The worker replays as a plain post: a refusal (the day is over) comes back as a
    message the client sees, not as a silent loss."""
    from datetime import timedelta

    data = {
        "day": (today() - timedelta(days=1)).isoformat(),
        "done": "yes",
        "pain": 3,
    }
    answer = as_client1.post(
        log_url(item), data, headers={"Idempotency-Key": str(uuid.uuid4())}, follow=True
    )
    assert "That day is over" in answer.content.decode()
    assert not ItemLog.objects.exists()
    assert not LogReceipt.objects.exists()
