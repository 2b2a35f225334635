"""The certificates app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class CertificatesConfig(PlatformAppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")
