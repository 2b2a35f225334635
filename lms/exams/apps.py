"""The Testing Center's app: its label, name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class ExamsConfig(PlatformAppConfig):
    name = "lms.exams"
    label = "exams"
    verbose_name = _("Testing Center")
