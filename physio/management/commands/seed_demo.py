from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from physio.demo import seed_demo


class Command(BaseCommand):
    help = "Create demo clinics, clinicians, clients and a curator (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Run with DEBUG off all the same (a staging copy, a test).",
        )

    def handle(self, *args, **options):
        # The demo accounts share a published password: never on a production database.
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "seed_demo creates accounts whose password is published in the README, so it "
                "runs only with DEBUG=1. If this database is not production, pass "
                "--i-know-this-is-not-production."
            )
        sign_ins = seed_demo()
        # Apps that add demo data of their own (programmes, say) offer a ``seed_demo()``
        # method on their AppConfig; physio calls them without importing those apps.
        for config in apps.get_app_configs():
            hook = getattr(config, "seed_demo", None)
            if callable(hook):
                hook()
        self.stdout.write("Demo sign-ins (http://127.0.0.1:8000/sign-in/):")
        for role, email, password in sign_ins:
            self.stdout.write(f"  {role:<10} {email:<24} {password}")
