import time

from django.core.management.base import BaseCommand

from exercises.seed import seed_library


class Command(BaseCommand):
    help = "Load the starter exercise library with generated demo media (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-media", action="store_true", help="Skip the generated demo pictures and videos."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = seed_library(with_media=not options["no_media"])
        elapsed = time.perf_counter() - started
        if counts["created"] or counts["media"]:
            self.stdout.write(
                f"Library: {counts['created']} exercises added, {counts['links']} links, "
                f"media for {counts['media']} ({elapsed:.1f} s)."
            )
        else:
            self.stdout.write(f"Library: all {counts['total']} starter exercises present.")
