"""Settings shared by every environment, read from environment variables.

With no variable set the site runs on SQLite and local files under ``var/``, which is what the demo
wants; production sets ``DATABASE_URL``, ``REDIS_URL``, the S3 variables and the rest (see README).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from botocore.config import Config as BotocoreConfig
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Uploaded files, the SQLite database and collected static files live here, never in a code folder.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form left open past a sign-out: the themed 403 that says to reload and send again.
CSRF_FAILURE_VIEW = "lms.core.errors.csrf_failure"

INSTALLED_APPS = [
    "lms.core",
    "lms.org",
    "lms.people",
    "lms.learning",
    "lms.notifications",
    "lms.exams",
    "lms.certificates",
    "lms.records",
    "media",
    "courses",
    "plc",
    "theme",
    "fixtures",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "storages",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (lms/core/csp.py says which pages get which policy).
    "lms.core.csp.PolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL character in a path, query or form is answered 400 before any view runs (PostgreSQL refuses
    # NUL in text); after the message middleware so its short page has the reader's language and menu.
    "lms.core.nul.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.people.middleware.IdleSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The throttle first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "lms.people.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "theme" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so concurrent writers wait instead of failing
    # half-way (the demo's enrolment of the last seat, for one).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# A teacher signs in to carry on learning; their profile is one click away in the header.
LOGIN_REDIRECT_URL = "learning:my_learning"
LOGOUT_REDIRECT_URL = "/"

# Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
# The project's catalogue first, then its Thai for the Wagtail admin (locale/wagtail/, kept apart because
# it follows Wagtail's strings, not ours): Django looks in LOCALE_PATHS in order before any app, so the
# second entry replaces Wagtail's own Thai catalogue while the project's wording still comes first.
ADMIN_LOCALE_PATH = BASE_DIR / "locale" / "wagtail"
LOCALE_PATHS = [BASE_DIR / "locale", ADMIN_LOCALE_PATH]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Fails open (lms/core/cache.py): with Redis unreachable pages still answer, from the database.
    # Short socket timeouts so a server that stopped answering costs a page half a second, once.
    CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "lms.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hcec",
            "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "redis://127.0.0.1:6379/0"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Nothing reads a task's return value (jobs report through their rows), so no task writes one: a
# result store that is down can then never fail the hand-off of work already committed.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Periodic work, run by `celery -A lms beat` (one beat process per installation).
CELERY_BEAT_SCHEDULE = {
    "plc-purge-draft-attachments": {"task": "plc.tasks.purge_draft_attachments", "schedule": 60 * 60},
    "exams-submit-expired": {"task": "lms.exams.tasks.submit_expired_attempts", "schedule": 60},
    "core-requeue-waiting-jobs": {"task": "lms.core.tasks.requeue_waiting_jobs", "schedule": 5 * 60},
}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    # The Thai web font comes from npm (the project's own `npm ci`), never from a CDN.
    ("vendor/sarabun", BASE_DIR / "node_modules" / "@fontsource" / "sarabun"),
    # The H5P player, from the npm package h5p-standalone (the project's own `npm ci`).
    ("h5p-standalone", BASE_DIR / "node_modules" / "h5p-standalone" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# S3-compatible object storage when a bucket is named; local files under var/ otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300"))
AWS_S3_FILE_OVERWRITE = False
# Fail fast when the object store is down: a clear error beats a request hanging through retries.
# (With a client config, django-storages reads signature version and addressing style only from it.)
AWS_S3_CLIENT_CONFIG = BotocoreConfig(
    signature_version="s3v4",
    s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "auto")},
    connect_timeout=int(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "5")),
    read_timeout=int(os.environ.get("AWS_S3_READ_TIMEOUT", "60")),
    retries={"max_attempts": 2, "mode": "standard"},
)

if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HCEC <no-reply@hcec.example>")

WAGTAIL_SITE_NAME = _("HCEC Learning Platform")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("th", "ไทย")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "h5p",
    "key",
    "mp4",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "vtt",
    "webm",
    "xlsx",
    "zip",
]

# Where the site lets a user upload (CSV imports today); a request body larger than this is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ORG_IMPORT_MAX_BYTES = int(os.environ.get("ORG_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per page change and per search-index task is noise in the demo and in workers.
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": "WARNING"},
        "celery": {"level": os.environ.get("CELERY_LOG_LEVEL", "WARNING")},
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures" / "data"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
H5P_MAX_UPLOAD_BYTES = int(os.environ.get("H5P_MAX_UPLOAD_BYTES", str(100 * 1024 * 1024)))
H5P_MAX_FILE_BYTES = int(os.environ.get("H5P_MAX_FILE_BYTES", str(64 * 1024 * 1024)))
H5P_MAX_TOTAL_BYTES = int(os.environ.get("H5P_MAX_TOTAL_BYTES", str(256 * 1024 * 1024)))
# Play tokens sit in the player's request paths, so they are bearer credentials: keep them short-lived
# (each lesson page view issues fresh ones).
H5P_PLAY_TOKEN_SECONDS = int(os.environ.get("H5P_PLAY_TOKEN_SECONDS", str(2 * 60 * 60)))
H5P_MAX_FILES = int(os.environ.get("H5P_MAX_FILES", "5000"))

# Professional learning communities.
PLC_EDIT_WINDOW_MINUTES = int(os.environ.get("PLC_EDIT_WINDOW_MINUTES", "30"))
PLC_POST_MAX_CHARS = int(os.environ.get("PLC_POST_MAX_CHARS", "20000"))
PLC_ATTACHMENT_MAX_BYTES = int(os.environ.get("PLC_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
PLC_ATTACHMENTS_PER_POST = int(os.environ.get("PLC_ATTACHMENTS_PER_POST", "5"))
# Posts (reflections and replies together) one person may make per minute and per hour.
PLC_POSTS_PER_MINUTE = int(os.environ.get("PLC_POSTS_PER_MINUTE", "6"))
PLC_POSTS_PER_HOUR = int(os.environ.get("PLC_POSTS_PER_HOUR", "60"))
# The 2021 PA criteria (ว PA) ask for at least this many PLC hours a year.
PLC_HOURS_TARGET = int(os.environ.get("PLC_HOURS_TARGET", "50"))

# Testing Center. Answers are accepted this long after the deadline, for requests already on their way;
# the browser autosaves every EXAM_AUTOSAVE_SECONDS and on each change.
EXAM_GRACE_SECONDS = int(os.environ.get("EXAM_GRACE_SECONDS", "30"))
EXAM_AUTOSAVE_SECONDS = int(os.environ.get("EXAM_AUTOSAVE_SECONDS", "30"))
EXAM_AUDIO_MAX_BYTES = int(os.environ.get("EXAM_AUDIO_MAX_BYTES", str(20 * 1024 * 1024)))
EXAM_IMPORT_MAX_BYTES = int(os.environ.get("EXAM_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))

# Certificates. The signing key is 32 random bytes in base64 (python -c "import os, base64;
# print(base64.b64encode(os.urandom(32)).decode())"); rotating it means a new key and id here and the
# old public key kept in CERTIFICATE_RETIRED_PUBLIC_KEYS ("id:key,id:key"), so older certificates stay valid.
SITE_URL = os.environ.get("SITE_URL", WAGTAILADMIN_BASE_URL)
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_KEY_ID = os.environ.get("CERTIFICATE_KEY_ID", "hcec-1")
CERTIFICATE_RETIRED_PUBLIC_KEYS = dict(
    item.split(":", 1) for item in env_list("CERTIFICATE_RETIRED_PUBLIC_KEYS") if ":" in item
)
# Look-ups of /verify/ per address per minute: enough for people, too few for guessing.
CERTIFICATE_VERIFY_PER_MINUTE = int(os.environ.get("CERTIFICATE_VERIFY_PER_MINUTE", "30"))
# Behind a reverse proxy: the META key of the header holding the client's address (e.g. HTTP_X_REAL_IP),
# which the proxy must set itself; empty: REMOTE_ADDR.
CERTIFICATE_CLIENT_IP_HEADER = os.environ.get("CERTIFICATE_CLIENT_IP_HEADER", "")

# Hours of sessions (PLC, live, face-to-face) one
# person may be credited for one day.
SESSION_HOURS_PER_DAY_MAX = int(os.environ.get("SESSION_HOURS_PER_DAY_MAX", "8"))
# Notices whose e-mail never reached the broker (it was down) are queued by this sweep, up to this age.
NOTIFICATION_EMAIL_MAX_AGE_HOURS = int(os.environ.get("NOTIFICATION_EMAIL_MAX_AGE_HOURS", "48"))
CELERY_BEAT_SCHEDULE["notifications-email-pending"] = {
    "task": "lms.notifications.tasks.email_pending_notifications",
    "schedule": 5 * 60,
}

# Sessions live in the database, not the cache: a Redis outage must not sign everyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Content-Security-Policy (django-csp; lms/core/csp.py says which pages get which policy). Pictures,
# audio and video may also come from the media store's own address in production (presigned S3 URLs).
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS") or [
    origin
    for origin in (
        _origin(AWS_S3_ENDPOINT_URL or ""),
        f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com" if AWS_STORAGE_BUCKET_NAME else "",
        f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
        if AWS_STORAGE_BUCKET_NAME and AWS_S3_REGION_NAME
        else "",
    )
    if origin
]
CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "font-src": [SELF],
    "img-src": [SELF, *MEDIA_ORIGINS],
    "media-src": [SELF, *MEDIA_ORIGINS],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "frame-ancestors": [NONE],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CSP_DIRECTIVES,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*CSP_DIRECTIVES["img-src"], "data:", "blob:"],
        "frame-ancestors": [SELF],
    }
}
# No avatars from Gravatar in the admin: the policy keeps images to the platform, and staff e-mail
# hashes are not sent to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask wagtail.org for new releases from staff browsers (upgrades go through requirements).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Courses: time on lesson pages and H5P attempts. The lesson page sends a heartbeat
# every LESSON_HEARTBEAT_SECONDS while it is visible and in use; the server credits at most twice that
# between two events. A course asks by default for LESSON_TIME_PERCENT_DEFAULT percent of each lesson's
# estimated duration (set per course). An H5P result counts only once its attempt was open this long.
LESSON_HEARTBEAT_SECONDS = int(os.environ.get("LESSON_HEARTBEAT_SECONDS", "30"))
LESSON_TIME_PERCENT_DEFAULT = int(os.environ.get("LESSON_TIME_PERCENT_DEFAULT", "50"))
H5P_MIN_ATTEMPT_SECONDS = int(os.environ.get("H5P_MIN_ATTEMPT_SECONDS", "20"))

# Accounts: login throttling (django-axes), password reset, e-mail changes, idle sessions.
# Behind a reverse proxy: the META key of the header the proxy sets to the client's address; by default
# the same header the certificates' rate limit reads. Unset behind a proxy, every client has the proxy's
# address and the per-address limit below locks out everyone at once.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", CERTIFICATE_CLIENT_IP_HEADER)
# Failed sign-ins within LOGIN_LOCKOUT_MINUTES before signing in is refused: for one account from one
# address (someone guessing), for one account from anywhere (guessing from many addresses; higher, so
# locking a teacher out costs an attacker many addresses, and a password reset lifts it), and from one
# address for any accounts (password spraying; high, a school's computers share one address).
LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "5"))
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "20"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "40"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "lms.people.throttle.TieredLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Tries while locked out are not counted, so they cannot stretch the lockout for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lms.people.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "lms.people.throttle.lockout_response"
# Password reset: mails per address and requests per client address in an hour.
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = int(os.environ.get("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", "3"))
PASSWORD_RESETS_PER_CLIENT_PER_HOUR = int(os.environ.get("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", "10"))
# Saves of one's own profile in an hour (staff editing others are not limited), and how long a link
# confirming a new e-mail address works.
PROFILE_SAVES_PER_HOUR = int(os.environ.get("PROFILE_SAVES_PER_HOUR", "10"))
EMAIL_CHANGE_LINK_HOURS = int(os.environ.get("EMAIL_CHANGE_LINK_HOURS", "48"))
# Shared school computers: a session ends when the browser closes and after SESSION_IDLE_MINUTES without
# a request, unless "keep me signed in" was ticked; then it lasts SESSION_COOKIE_AGE (two weeks).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Axes' INFO lines (each clean-up, each sign-in) are noise; failures and lockouts are warnings and stay.
LOGGING["loggers"]["axes"] = {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}
