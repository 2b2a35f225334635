"""The platform core's app, and the AppConfig every app of the platform is built on."""

from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from lms.core.thaidate import use_buddhist_era_in_date_formats

# What an app may provide for start-up: (module, function). See docs/architecture.md.
START_UP = (
    ("permissions", "register_permission_policies"),
    ("signal_handlers", "register_signal_handlers"),
)


class PlatformAppConfig(AppConfig):
    """Connects, once the app registry is ready (both modules import models), the app's admin
    permission policies (``permissions.register_permission_policies``) and signal handlers
    (``signal_handlers.register_signal_handlers``), where the app defines them."""

    # Django takes the one AppConfig of an app's apps.py; this class is imported there too, so it is
    # marked as nobody's default and each app's own subclass as its app's.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = True

    def ready(self):
        for module_name, function_name in START_UP:
            if module_has_submodule(self.module, module_name):
                register = getattr(import_module(f"{self.name}.{module_name}"), function_name, None)
                if register is not None:
                    register()


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self):
        use_buddhist_era_in_date_formats()
        from .slugs import accept_thai_marks

        accept_thai_marks()
