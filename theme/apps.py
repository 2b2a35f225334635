"""The site theme app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class ThemeConfig(PlatformAppConfig):
    name = "theme"
    label = "theme"
    verbose_name = _("Site and theme")
