from django.db import migrations, models


def mark_open_attempts(apps, schema_editor):
    """Attempts under way when options got opaque values keep accepting the ids their page was sent."""
    apps.get_model("exams", "ExamAttempt").objects.filter(status="in_progress").update(legacy_option_ids=True)


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0002_exam_issues_certificates"),
    ]

    operations = [
        migrations.AddField(
            model_name="examattempt",
            name="legacy_option_ids",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_open_attempts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="exam",
            name="shuffle_options",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Leave on: imported files usually write the right answer first, and unshuffled options show "
                    "it in the first place. Turn off only for items written with a deliberate order."
                ),
                verbose_name="shuffle options",
            ),
        ),
    ]
