"""The PLC app's configuration: its name, and its signal handlers connected once the models are loaded."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PLCConfig(AppConfig):
    name = "plc"
    label = "plc"
    verbose_name = _("Professional learning communities")

    def ready(self):
        # Not at the top: the handlers import the models, which load only once the app registry is ready.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
