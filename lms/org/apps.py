from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "lms.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from .permissions import register_permission_policies  # imports models: only once the registry is ready

        register_permission_policies()
