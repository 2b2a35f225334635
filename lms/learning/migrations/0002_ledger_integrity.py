import re

from django.db import migrations, models

PLC_KEY = re.compile(r"plc:session:(\d+):\d+")


def name_evidence(apps, schema_editor):
    """Entries written before ``evidence`` existed stand for their key; a PLC credit for its session."""
    HoursEntry = apps.get_model("learning", "HoursEntry")
    for entry in HoursEntry.objects.only("pk", "key").iterator():
        match = PLC_KEY.fullmatch(entry.key)
        evidence = f"plc.session:{match.group(1)}" if match else entry.key
        HoursEntry.objects.filter(pk=entry.pk).update(evidence=evidence)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="hoursentry",
            name="evidence",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(name_evidence, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="hoursentry",
            name="source",
            field=models.CharField(
                choices=[
                    ("course", "Course"),
                    ("plc", "Professional learning community"),
                    ("live", "Live online session"),
                    ("face_to_face", "Face-to-face session"),
                    ("test", "Test"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="source",
            ),
        ),
        migrations.AddConstraint(
            model_name="hoursentry",
            constraint=models.CheckConstraint(condition=models.Q(hours__gt=0), name="hours_entry_hours_positive"),
        ),
        migrations.AddConstraint(
            model_name="hoursentry",
            constraint=models.UniqueConstraint(fields=("user", "evidence"), name="one_hours_entry_per_evidence"),
        ),
    ]
