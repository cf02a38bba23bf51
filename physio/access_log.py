"""Who saw what: every view of a client record, an assessment or a photo is logged.

Views call ``access_record`` after their access check has passed; the row is
insert-only (a trigger refuses UPDATE and DELETE, see ``AccessEvent``).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from physio.models import AccessEvent, Client

USER_AGENT_LENGTH = AccessEvent._meta.get_field("user_agent").max_length
LABEL_LENGTH = AccessEvent._meta.get_field("label").max_length


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from.

    Behind a reverse proxy (settings.BEHIND_PROXY) it is the last address in
    X-Forwarded-For, the one the proxy itself appended; earlier entries come from the
    client and can be forged. Otherwise X-Forwarded-For is ignored.
    """
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.insert(0, forwarded.rsplit(",", 1)[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def access_record(*, request: HttpRequest, client: Client, kind: str, obj) -> AccessEvent:
    """Append one access event: ``request.user`` viewed ``obj`` (of ``kind``) of ``client``."""
    return AccessEvent.objects.create(
        user_id=request.user.pk,
        clinic_id=client.clinic_id,
        client_id=client.pk,
        kind=kind,
        object_id=str(obj.pk),
        label=str(obj)[:LABEL_LENGTH],
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )
