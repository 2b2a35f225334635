"""The HCEC learning platform: the Django project and the LMS core apps.

The core (``lms.org``, ``lms.people``, ``lms.core`` and the apps that follow) never imports a page app;
page apps (``courses``, ``plc``, ``theme``) call the core's services.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
