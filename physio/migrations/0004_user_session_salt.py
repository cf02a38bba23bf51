from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("physio", "0003_invitation_refused_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_salt",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Mixed into every session's check; a new value signs out every other device.",
                max_length=32,
                verbose_name="session salt",
            ),
        ),
    ]
