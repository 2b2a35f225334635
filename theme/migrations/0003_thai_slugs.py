"""Slugs made from Thai titles by the lossy rule get back their vowels and tone marks; the old
addresses redirect (301) to the new ones. Hand-chosen slugs stay. See lms/core/slugs.py."""

from django.db import migrations

from lms.core.slugs import fix_lossy_page_slugs


def forwards(apps, schema_editor):
    fix_lossy_page_slugs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("theme", "0002_english_titles"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
