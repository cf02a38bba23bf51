import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Logs, logged sessions and check-ins are clinical history: deleting the item,
    programme or client they belong to is refused (on_delete=PROTECT)."""

    dependencies = [
        ("physio", "0002_sign_in_links"),
        ("programs", "0004_program_item_removed_on"),
    ]

    operations = [
        migrations.AlterField(
            model_name="checkin",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="check_ins",
                to="physio.client",
                verbose_name="client",
            ),
        ),
        migrations.AlterField(
            model_name="itemlog",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="logs",
                to="programs.programitem",
                verbose_name="exercise",
            ),
        ),
        migrations.AlterField(
            model_name="sessionlog",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sessions",
                to="programs.program",
                verbose_name="programme",
            ),
        ),
    ]
