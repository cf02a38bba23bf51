"""Every stopped programme has an open pause and no active one has: the pauses agree
with the status. Rows written before pauses were recorded (or by a path that skipped
``services.program_save``) are stopped from the day they were last changed,
or resumed that day, which is what adherence used to assume for them."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def pauses_agree_with_status(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    ProgramPause = apps.get_model("programs", "ProgramPause")
    open_pauses = ProgramPause.objects.filter(last_day__isnull=True)
    stopped = Program.objects.exclude(status="active").exclude(
        pk__in=open_pauses.values("program_id")
    )
    ProgramPause.objects.bulk_create(
        ProgramPause(
            program_id=program.pk,
            first_day=max(timezone.localtime(program.updated_at).date(), program.start_date),
            status=program.status,
        )
        for program in stopped.only("pk", "status", "updated_at", "start_date")
    )
    for pause in open_pauses.filter(program__status="active").select_related("program"):
        changed = timezone.localtime(pause.program.updated_at).date()
        if pause.first_day < changed:
            pause.last_day = changed - timedelta(days=1)
            pause.save(update_fields=["last_day"])
        else:
            pause.delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0007_trail_program_item_removed_on")]

    operations = [migrations.RunPython(pauses_agree_with_status, migrations.RunPython.noop)]
