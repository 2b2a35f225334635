from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PLCConfig(AppConfig):
    name = "plc"
    label = "plc"
    verbose_name = _("Professional learning communities")

    def ready(self):
        from . import signals  # noqa: F401
