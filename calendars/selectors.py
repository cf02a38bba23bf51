"""Scoped reads of the calendar feeds."""

from calendars.models import CalendarFeed
from physio.models import Client


def feed_of(client: Client) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(client=client).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed at this secret address, if its client still has portal access."""
    return (
        CalendarFeed.objects.select_related("client")
        .filter(token=token, client__archived=False, client__user__is_active=True)
        .first()
    )
