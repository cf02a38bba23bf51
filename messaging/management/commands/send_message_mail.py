from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from messaging.mail import BATCH_WINDOW, UNREAD_FOR, send_unread_mail


class Command(BaseCommand):
    help = (
        f"Mail everyone with messages unread for {UNREAD_FOR} or more: one mail per person "
        f"at most every {BATCH_WINDOW}. Run it every few minutes (cron or the worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="The address the links in the mail start with (default: settings.SITE_URL).",
        )

    def handle(self, *args, base_url, **options):
        if not base_url.startswith(("http://", "https://")):
            raise CommandError("Give --base-url https://… (or set SITE_URL) for the mail's links.")
        sent = send_unread_mail(base_url=base_url)
        self.stdout.write(f"{sent} mail{'s' if sent != 1 else ''} sent.")
