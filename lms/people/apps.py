from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("People and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_activity
        from .services import sync_role_groups

        user_logged_in.connect(start_activity, dispatch_uid="people.start_activity")

        # After every app's migrate (not only ours): the permissions it grants belong to apps that
        # come later in INSTALLED_APPS, such as the Wagtail admin's access permission.
        post_migrate.connect(sync_role_groups, dispatch_uid="people.sync_role_groups")
