"""The Testing Center's app: its label, name in the admin."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "lms.exams"
    label = "exams"
    verbose_name = _("Testing Center")

    def ready(self):
        from .permissions import register_permission_policies  # imports models: only once the registry is ready

        register_permission_policies()
