"""The learning (enrolment, progress, hours ledger) app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class LearningConfig(PlatformAppConfig):
    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning")
