from django.apps import AppConfig


class PhysioConfig(AppConfig):
    name = "physio"
    verbose_name = "Practice"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Connects the sign-in receiver that decides what a new session still owes.
        from physio import (
            checks,  # noqa: F401  (registers the system checks)
            two_factor,  # noqa: F401
        )
        from physio.history import register_client_changes
        from physio.selectors import client_change_events
        from physio.sessions import set_idle_timeout_on_sign_in

        # Like Django's own update_last_login: the moment of sign-in, whatever the view.
        user_logged_in.connect(set_idle_timeout_on_sign_in, dispatch_uid="physio-idle-timeout")
        register_client_changes(client_change_events)
