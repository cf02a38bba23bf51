"""The idempotency key a log send carries (the portal's offline queue sets it)."""

import uuid

from django.http import HttpRequest


def idempotency_key(request: HttpRequest) -> uuid.UUID | None:
    """The ``Idempotency-Key`` header (htmx sends) or ``idempotency_key`` field (a plain
    form), if it is a UUID; anything else is no key (the send is saved as before)."""
    raw = request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key", "")
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        return None
