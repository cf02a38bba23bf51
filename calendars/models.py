"""A client's private calendar feed of their prescribed sessions."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from physio.models import Client


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Choose a time zone from the list.", code="time_zone")


def default_time_zone() -> str:
    return settings.TIME_ZONE


class CalendarFeed(models.Model):
    """The secret address a client's calendar app subscribes to.

    The token is the only key to the feed (a calendar app cannot sign in), so it is
    long and random, and resetting it gives a new one: the old address stops working.
    It is kept as it is (not hashed) because the portal shows the address again.
    """

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name="client"
    )
    token = models.CharField("secret", max_length=64, unique=True, default=new_feed_token)
    time_zone = models.CharField(
        "time zone", max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "calendar feed"
        verbose_name_plural = "calendar feeds"

    def __str__(self):
        return f"Calendar feed of {self.client}"

    def get_absolute_url(self):
        return reverse("calendars:feed", args=[self.token])
