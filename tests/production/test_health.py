"""Health and readiness for a load balancer, and the 503 while the database is away."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client as HttpClient

from physio.health import UNAVAILABLE


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_refusing(django_db_blocker):
    """The default connection pointed at a closed port: every query really fails to connect."""
    with django_db_blocker.unblock():
        connection.close()
        saved = dict(connection.settings_dict)
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


def test_healthz_answers_without_sign_in_or_an_allowed_host(client, settings):
    settings.ALLOWED_HOSTS = ["physio.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_readyz_names_each_check_and_nothing_else(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\nmigrations: ok\ncache: ok\nstorage: ok\n"


def test_readyz_fails_while_the_database_refuses(client, django_db_blocker):
    with database_refusing(django_db_blocker):
        response = client.get("/readyz")
    assert response.status_code == 503
    text = response.content.decode()
    assert "database: failing\n" in text
    # Without REDIS_URL the shared cache is a table: it fails with the database.
    assert "cache: failing\n" in text
    assert "storage: ok\n" in text
    # No reason, host or port is given away.
    assert "127.0.0.1" not in text
    assert "refused" not in text.lower()


@pytest.fixture
def signed_in(clinician_a):
    http = HttpClient(raise_request_exception=False)
    http.force_login(clinician_a.user)
    return http


@pytest.mark.django_db
def test_a_page_answers_503_with_the_message_while_the_database_refuses(
    signed_in, django_db_blocker
):
    with database_refusing(django_db_blocker):
        response = signed_in.get("/clients/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "<title>Briefly unavailable · physio</title>" in text
    assert UNAVAILABLE in text


@pytest.mark.django_db
def test_a_save_answers_503_and_says_it_was_not_saved(signed_in, django_db_blocker):
    with database_refusing(django_db_blocker):
        response = signed_in.post("/clients/new/", {"first_name": "Nell"})
    assert response.status_code == 503
    assert "what you were saving was not saved" in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_request_gets_the_message_as_a_toast_in_place(signed_in, django_db_blocker):
    with database_refusing(django_db_blocker):
        response = signed_in.get("/clients/?q=ann", HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["HX-Retarget"] == "#toasts"
    assert response["HX-Reswap"] == "beforeend"
    text = response.content.decode()
    assert UNAVAILABLE in text
    assert "<html" not in text
    assert 'role="alert"' in text


def test_only_database_errors_become_the_503():
    from django.db.utils import InterfaceError, OperationalError, ProgrammingError
    from redis.exceptions import ConnectionError as RedisConnectionError

    from physio.health import database_unavailable

    assert database_unavailable(OperationalError("connection refused"))
    assert database_unavailable(InterfaceError("connection already closed"))
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = OperationalError("server closed the connection")
    assert database_unavailable(wrapped)
    assert database_unavailable(RedisConnectionError("Connection refused"))
    assert not database_unavailable(ProgrammingError("no such column"))
    assert not database_unavailable(ValueError("a bug"))
    assert not database_unavailable(None)


def test_log_format_json_writes_one_object_per_line():
    import json
    import logging

    from physio.log_format import JsonLines

    try:
        raise ValueError("bad")
    except ValueError:
        import sys

        record = logging.LogRecord("physio", logging.ERROR, __file__, 1, "failed %s", ("x",),
                                   sys.exc_info())  # fmt: skip
    line = JsonLines().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "physio"
    assert entry["message"] == "failed x"
    assert "ValueError: bad" in entry["exception"]
