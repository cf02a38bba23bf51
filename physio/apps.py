from django.apps import AppConfig


class PhysioConfig(AppConfig):
    name = "physio"
    verbose_name = "Practice"

    def ready(self) -> None:
        from physio import checks  # noqa: F401  (registers the system checks)
