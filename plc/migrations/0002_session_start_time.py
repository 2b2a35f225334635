import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plc", "0001_initial"),
    ]

    operations = [
        # Sessions logged before start times were asked for are taken to begin after school.
        migrations.AddField(
            model_name="plcsession",
            name="start_time",
            field=models.TimeField(default=datetime.time(15, 30), verbose_name="start time"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="plcsession",
            name="status",
            field=models.CharField(
                choices=[
                    ("logged", "Waiting for confirmation"),
                    ("confirmed", "Confirmed"),
                    ("rejected", "Not confirmed"),
                ],
                default="logged",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
