"""Celery application: imports, PDF rendering and report roll-ups run here, on any number of workers.

Broker and result backend are Redis (``REDIS_URL``); in the demo and the tests tasks run inline
(``CELERY_TASK_ALWAYS_EAGER``), so nothing needs a worker there.
"""

import os

from celery import Celery

# Like lms.wsgi: a worker without DJANGO_SETTINGS_MODULE runs production settings, never dev ones.
# (lms/__init__.py imports this module first, so its default is the one that wins.)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
