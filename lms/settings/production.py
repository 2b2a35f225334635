"""Production: every secret and address comes from the environment; HTTPS everywhere.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL``,
``CERTIFICATE_SIGNING_KEY``; S3 variables for media. ``check --deploy`` passes with them set.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
for required in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CERTIFICATE_SIGNING_KEY"):
    if not os.environ.get(required):
        # Without them production would quietly run on SQLite, a per-process cache and no broker, and sign
        # certificates with a key derived from SECRET_KEY.
        raise ImproperlyConfigured(f"Set the {required} environment variable (see README, Running in production).")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be a postgres:// URL.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail marks its own preview views SAMEORIGIN; nothing else is framed.
X_FRAME_OPTIONS = "DENY"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)  # noqa: F405
