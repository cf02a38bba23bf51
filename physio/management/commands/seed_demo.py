from django.apps import apps
from django.core.management.base import BaseCommand

from physio.demo import seed_demo


class Command(BaseCommand):
    help = "Create demo clinics, clinicians, clients and a curator (safe to run again)."

    def handle(self, *args, **options):
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
