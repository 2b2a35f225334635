from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # These import models: only once the app registry is ready.
        from .permissions import register_permission_policies
        from .signal_handlers import register_signal_handlers

        register_permission_policies()
        register_signal_handlers()
