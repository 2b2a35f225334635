"""The H5P activities app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class MediaConfig(PlatformAppConfig):
    name = "media"
    label = "media"
    verbose_name = _("H5P activities")
