from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    label = "media"
    verbose_name = _("Media and storage")

    def ready(self):
        from .permissions import register_permission_policies  # imports models: only once the registry is ready

        register_permission_policies()
