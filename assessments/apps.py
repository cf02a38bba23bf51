from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from assessments.selectors import client_change_events
        from physio.history import register_client_changes

        register_client_changes(client_change_events)

    def seed_demo(self):
        """Called by ``manage.py seed_demo`` after the demo people exist (see physio)."""
        from assessments.demo import seed_demo_assessments

        seed_demo_assessments()
