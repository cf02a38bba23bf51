"""Who changed what: the change trail of clinical data, kept by database triggers.

Each app declares an event model per clinical model with ``track_changes`` (a
django-pghistory event model: PostgreSQL triggers write a row for every insert,
update and delete, whatever path made it — a view, the admin, a bulk ``update()``,
a shell). The request's user and URL, or the management command, ride along in
``pgh_context``; the event tables refuse UPDATE and DELETE (settings.PGHISTORY_*).

``physio`` imports no other app, so each app tells it which of its events belong
to a client by registering a function with ``register_client_changes`` (in its
``AppConfig.ready``); the trail page gathers them in one query.
"""

from collections.abc import Callable, Iterable

import pghistory
from django.db.models import QuerySet

# Tracked rows keep their own update stamp; the event's time says when instead, and a
# save that changes nothing else records nothing.
UNTRACKED = ("updated_at",)

_client_change_sources: list[Callable[[int], Iterable[QuerySet]]] = []


def track_changes(model, *, exclude: Iterable[str] = ()):
    """An abstract event model recording every insert, update and delete of ``model``.

    Subclass it in the app's models.py (``class ClientEvent(track_changes(Client))``)
    so the event model is a plain, named model with its own migration.
    """
    return pghistory.create_event_model(
        model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=[*UNTRACKED, *exclude],
    )


def register_client_changes(source: Callable[[int], Iterable[QuerySet]]) -> None:
    """Add ``source(client_id)``: querysets of event models holding that client's rows."""
    if source not in _client_change_sources:
        _client_change_sources.append(source)


def client_change_querysets(client_id: int) -> list[QuerySet]:
    """Every registered app's event querysets for the client."""
    return [qs for source in _client_change_sources for qs in source(client_id)]
