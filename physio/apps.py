from django.apps import AppConfig


class PhysioConfig(AppConfig):
    name = "physio"
    verbose_name = "Practice"
