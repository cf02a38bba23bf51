from django.apps import AppConfig


class PhysioConfig(AppConfig):
    name = "physio"
    verbose_name = "Practice"

    def ready(self):
        # Connects the sign-in receiver that decides what a new session still owes.
        from physio import two_factor  # noqa: F401
