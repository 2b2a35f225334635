"""The PLC app's configuration: its name; its signal handlers are connected by PlatformAppConfig."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class PLCConfig(PlatformAppConfig):
    name = "plc"
    label = "plc"
    verbose_name = _("Professional learning communities")
