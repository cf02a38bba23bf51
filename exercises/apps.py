from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "exercise library"

    def ready(self):
        from exercises.curators import curators_group_grant

        # Runs after the permissions are created (auth's handler is connected first).
        post_migrate.connect(curators_group_grant, sender=self, dispatch_uid="curators_group")
