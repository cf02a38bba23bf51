from django.db import migrations, models


class Migration(migrations.Migration):
    """Removing an item from a programme marks the day it left the plan (its logs stay)."""

    dependencies = [
        ("programs", "0003_item_log_pain_flag"),
    ]

    operations = [
        migrations.AddField(
            model_name="programitem",
            name="removed_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The first day the item was no longer in the plan (set by removing it).",
                null=True,
                verbose_name="removed on",
            ),
        ),
        migrations.AddIndex(
            model_name="programitem",
            index=models.Index(
                condition=models.Q(("removed_on__isnull", True)),
                fields=["program", "order"],
                name="program_item_current",
            ),
        ),
    ]
