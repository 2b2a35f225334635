from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Not at the top: the handlers name the page models, which load only once the registry is ready.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
