"""The people and roles app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class PeopleConfig(PlatformAppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("People and roles")
