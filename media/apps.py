from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class MediaConfig(PlatformAppConfig):
    name = "media"
    label = "media"
    verbose_name = _("Media and storage")
