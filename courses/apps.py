"""The courses (page app) app's configuration: its label and its name in the admin."""

from django.utils.translation import gettext_lazy as _

from lms.core.apps import PlatformAppConfig


class CoursesConfig(PlatformAppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")
