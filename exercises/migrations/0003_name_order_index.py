from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("exercises", "0002_curators_group")]

    operations = [
        migrations.AddIndex(
            model_name="exercise",
            index=models.Index(fields=["name", "id"], name="exercise_name_order_idx"),
        ),
    ]
