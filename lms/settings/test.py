"""The test suite: PostgreSQL when ``DATABASE_URL`` is set, SQLite otherwise; tasks run inline."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
# The SQLite database and uploads live in var/, which a fresh clone does not have yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
if not os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "test.sqlite3",  # noqa: F405
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    }
# Static files straight from the apps and node_modules, as in development, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
