"""Every app of the platform starts the same way: its permission policies and signal handlers are
connected by PlatformAppConfig, so no app wires them its own way."""

from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

from lms.certificates.models import CertificateTemplate
from lms.core.apps import PlatformAppConfig
from lms.exams.signals import attempt_graded
from lms.learning.signals import course_completed
from lms.people import policies
from media.models import H5PContent
from media.signals import h5p_completed

PLATFORM = ("lms.", "courses", "plc", "media", "theme")


def test_every_app_of_the_platform_is_a_platform_app():
    ours = [config for config in apps.get_app_configs() if config.name.startswith(PLATFORM)]
    assert ours and all(isinstance(config, PlatformAppConfig) for config in ours if config.name != "lms.core")


def _handler_modules(signal, sender=None):
    sync, asynchronous = signal._live_receivers(sender)
    return {receiver.__module__ for receiver in [*sync, *asynchronous]}


def test_the_apps_permission_policies_are_registered_at_start_up():
    for model in (CertificateTemplate, H5PContent):
        assert policies.policy_for(model)


def test_the_apps_signal_handlers_are_connected_at_start_up():
    assert "lms.certificates.signal_handlers" in _handler_modules(course_completed)
    assert "lms.certificates.signal_handlers" in _handler_modules(attempt_graded)
    assert "courses.signal_handlers" in _handler_modules(h5p_completed)
    assert "lms.people.signal_handlers" in _handler_modules(user_logged_in)
    assert "lms.people.signal_handlers" in _handler_modules(post_migrate)
