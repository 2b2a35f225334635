"""What the people app does when Django signals: a sign-in starts the idle clock, a migrate syncs the
role groups. Connected by :func:`register_signal_handlers` from ``PeopleConfig.ready()``."""

import time

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

from .middleware import LAST_ACTIVITY_KEY
from .services import sync_role_groups


def start_activity(sender, request, user, **kwargs):
    """Signing in is activity; recorded with the login's own session write, not on the next request."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())


def sync_role_groups_after_migrate(**kwargs):
    sync_role_groups()


def register_signal_handlers():
    user_logged_in.connect(start_activity, dispatch_uid="people.start_activity")
    # After every app's migrate (not only ours): the permissions it grants belong to apps that come later
    # in INSTALLED_APPS, such as the Wagtail admin's access permission.
    post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="people.sync_role_groups")
