from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "outcome measures"

    def ready(self):
        from outcomes.selectors import client_change_events
        from physio.history import register_client_changes

        register_client_changes(client_change_events)

    def seed_demo(self):
        """Called by ``manage.py seed_demo`` after the demo programmes exist."""
        from outcomes.demo import seed_demo_outcomes

        seed_demo_outcomes()
