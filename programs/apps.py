from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "programmes"

    def ready(self):
        from physio.history import register_client_changes
        from programs.selectors import client_change_events

        register_client_changes(client_change_events)

    def seed_demo(self):
        """Called by ``manage.py seed_demo`` after the demo people exist (see physio)."""
        from programs.demo import seed_demo_programme

        seed_demo_programme()
