from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("People and roles")

    def ready(self):
        # These import models: only once the app registry is ready.
        from .permissions import register_permission_policies
        from .signal_handlers import register_signal_handlers

        register_permission_policies()
        register_signal_handlers()
