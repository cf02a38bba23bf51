from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from assessments.selectors import client_change_events
        from physio.history import register_client_changes

        register_client_changes(client_change_events)
