from django.conf import settings
from django.db import migrations, models


def drop_orphans(apps, schema_editor):
    # A bundle whose owner's account is gone can be opened by nobody; it goes with the account.
    apps.get_model("certificates", "CertificateBundle").objects.filter(created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_bundle_job"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_orphans, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificatebundle",
            name="created_by",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="started by",
            ),
        ),
        migrations.AddField(
            model_name="certificatebundle",
            name="progressed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
