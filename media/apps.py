from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    label = "media"
    verbose_name = _("Media and storage")

    def ready(self):
        from lms.people import policies  # imports models: only once the app registry is ready

        from .models import H5PContent

        policies.register_queryset_rules(H5PContent)
