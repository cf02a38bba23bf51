"""Remove trail entries older than a date: the one way to delete from the trail.

The access log and the change events refuse DELETE through their triggers; this
command lifts exactly those triggers (``append_only``), for its own statements
only, to purge what the clinic no longer has to keep.
"""

from datetime import datetime, time

import pghistory.core
import pgtrigger
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from physio.models import AccessEvent

PROTECTION = "append_only"


class Command(BaseCommand):
    help = (
        "Delete access-log entries and change events recorded before a date, once the "
        "clinic's retention period for them has passed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM-DD: purge entries before it.")

    def handle(self, *args, before, **options):
        day = parse_date(before)
        if day is None:
            raise CommandError("--before must be a date, YYYY-MM-DD.")
        if day > timezone.localdate():
            raise CommandError("--before cannot be in the future.")
        cutoff = timezone.make_aware(datetime.combine(day, time.min))
        event_models = pghistory.core.event_models()
        uris = [f"{model._meta.label}:{PROTECTION}" for model in [AccessEvent, *event_models]]
        with transaction.atomic(), pgtrigger.ignore(*uris):
            views, _ = AccessEvent.objects.filter(at__lt=cutoff).delete()
            changes = sum(
                model.objects.filter(pgh_created_at__lt=cutoff).delete()[0]
                for model in event_models
            )
        self.stdout.write(f"Purged {views} access-log entries and {changes} change events.")
