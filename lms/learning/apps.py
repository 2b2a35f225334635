from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class LearningConfig(PlatformAppConfig):
    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning")
