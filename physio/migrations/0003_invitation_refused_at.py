from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("physio", "0002_sign_in_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="refused_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When someone tried to accept it and an existing account stood in the way.",
                null=True,
                verbose_name="refused",
            ),
        ),
    ]
