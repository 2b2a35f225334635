from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from lms.people import policies

        from . import receivers  # noqa: F401 - connects issuing to course completion and graded tests
        from .models import CertificateTemplate

        policies.register_queryset_rules(CertificateTemplate)
