from django.apps import AppConfig


class PhysioConfig(AppConfig):
    name = "physio"
    verbose_name = "Practice"

    def ready(self):
        from physio.history import register_client_changes
        from physio.selectors import client_change_events

        register_client_changes(client_change_events)
