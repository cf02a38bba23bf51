from django.conf import settings
from django.core.management.base import BaseCommand

from pwa.icons import write_icons


class Command(BaseCommand):
    help = "Draw the portal's app icons into static/pwa/ (they are committed; run after a change)."

    def handle(self, *args, **options):
        for path in write_icons(settings.BASE_DIR / "static" / "pwa"):
            self.stdout.write(str(path.relative_to(settings.BASE_DIR)))
