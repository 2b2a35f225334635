from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from . import receivers  # noqa: F401 - connects issuing to course completion and graded tests
