from django.core.management.base import BaseCommand

from physio.demo import seed_demo


class Command(BaseCommand):
    help = "Create demo clinics, clinicians, clients and a curator (safe to run again)."

    def handle(self, *args, **options):
        sign_ins = seed_demo()
        self.stdout.write("Demo sign-ins (http://127.0.0.1:8000/sign-in/):")
        for role, email, password in sign_ins:
            self.stdout.write(f"  {role:<10} {email:<24} {password}")
