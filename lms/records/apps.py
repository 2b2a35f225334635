"""The records (transcripts and totals) app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class RecordsConfig(PlatformAppConfig):
    name = "lms.records"
    label = "records"
    verbose_name = _("Records")
