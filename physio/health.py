"""Health for a load balancer, and a short answer while the database is away.

``/healthz`` says the process answers; ``/readyz`` that it can serve: the database, the
caches and the storages reachable and every migration applied. Both are answered by
the first middleware, before host checks, HTTPS redirects, sessions or sign-in (a load
balancer probes by address, over plain HTTP), and say nothing but "ok" or which check
failed. While the database is unreachable every page answers 503 with a short page and
``Retry-After`` (``server_error``, the 500 handler); htmx requests get the message as a
toast in place, leaving the page and what was typed in it as they were.
"""

import logging
import sys

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("physio.health")

UNAVAILABLE = (
    "physio is briefly unavailable; what you were saving was not saved — try again in a moment."
)
_migrations_applied = False
RedisUnreachable = RedisConnectionError | RedisTimeoutError


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations() -> None:
    """Every migration on disk applied. Checked until true once: code does not change
    under a running process, and migrations are never unapplied by a deploy."""
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations not applied")
    _migrations_applied = True


def _cache() -> None:
    for alias in settings.CACHES:
        cache = caches[alias]
        cache.set("readyz", "1", timeout=10)
        if cache.get("readyz") != "1":
            raise RuntimeError(f"cache {alias} lost a value")


def _storage() -> None:
    for alias in ("default", "private"):
        storages[alias].exists("readyz-probe")


CHECKS = {"database": _database, "migrations": _migrations, "cache": _cache, "storage": _storage}


def readiness() -> dict[str, bool]:
    """Each check's name and whether it passed (failures are logged with their reason)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = True
        except Exception:
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = False
    return results


def _plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers ``/healthz`` and ``/readyz`` first of all; everything else passes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _plain("ok\n", 200)
        if request.path == "/readyz":
            results = readiness()
            lines = "".join(
                f"{name}: {'ok' if ok else 'failing'}\n" for name, ok in results.items()
            )
            return _plain(lines, 200 if all(results.values()) else 503)
        return self.get_response(request)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) is the database -- or Redis, with REDIS_URL --
    being out of reach (restarting, failing over)."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError | RedisUnreachable):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_response(request) -> HttpResponse:
    """503 with the message: a short page, or for htmx a toast added in place."""
    htmx = request.headers.get("HX-Request") == "true"
    template = "partials/unavailable_toast.html" if htmx else "unavailable.html"
    # Rendered without the request: the context processors would ask the database.
    response = HttpResponse(render_to_string(template, {"message": UNAVAILABLE}), status=503)
    response["Retry-After"] = str(settings.UNAVAILABLE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    if htmx:
        response["HX-Retarget"] = "#toasts"
        response["HX-Reswap"] = "beforeend"
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """The 500 handler: 503 and the message when the database is unreachable."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return defaults.server_error(request, template_name)
