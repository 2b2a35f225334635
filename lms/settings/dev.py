"""The demo and local development: DEBUG on, SQLite and local files unless the environment says else."""

import os

from .base import *  # noqa: F403

DEBUG = True
# The SQLite database and uploads live in var/, which a fresh clone does not have yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-hcec-demo-key"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# runserver serves static files from the apps and node_modules directly; no manifest to build.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
