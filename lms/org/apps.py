"""The organisation app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class OrgConfig(PlatformAppConfig):
    name = "lms.org"
    label = "org"
    verbose_name = _("Organisation")
