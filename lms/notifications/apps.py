"""The notifications app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class NotificationsConfig(PlatformAppConfig):
    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
