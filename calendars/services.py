"""Writes of the calendar feeds."""

from calendars.models import CalendarFeed, new_feed_token
from physio.models import Client


def calendar_feed_new_link(*, client: Client) -> CalendarFeed:
    """Give the client a feed address, or a new one: the old address stops working."""
    feed, created = CalendarFeed.objects.get_or_create(client=client)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "updated_at"])
    return feed


def calendar_feed_set_time_zone(*, feed: CalendarFeed, time_zone: str) -> CalendarFeed:
    feed.time_zone = time_zone
    feed.full_clean(validate_unique=False)
    feed.save(update_fields=["time_zone", "updated_at"])
    return feed
