"""The "Curators" group and the library permissions it holds."""

CURATORS_GROUP = "Curators"
CURATOR_CODENAMES = [
    "curate_library",
    *(
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("exercise", "exercisemedia", "progression")
    ),
]


def curators_group_grant(*, using: str = "default", **_signal_kwargs) -> None:
    """Make sure the Curators group exists and holds the library permissions.

    The data migration does this once; this also runs after every ``migrate`` (the
    post_migrate signal), so a flushed or hand-edited database gets it back.
    """
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name=CURATORS_GROUP)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="exercises", codename__in=CURATOR_CODENAMES
    )
    group.permissions.add(*permissions)
