"""Production settings pass Django's deployment checks when given real-looking values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


KEY = "dGVzdC1vbmx5LW5vdC1hLXJlYWwtc2lnbmluZy1rZXk="


def test_check_deploy_reports_nothing_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k8#Qz2!vL0r@x9Wm4pT7%yB1nC6&hF3jD5sG8aE2uR0iO9wK1lM4",
        "ALLOWED_HOSTS": "hcec.obec.go.th",
        "DATABASE_URL": "postgres://hcec:secret@db.internal:5432/hcec",
        "REDIS_URL": "redis://redis.internal:6379/0",
        "CERTIFICATE_SIGNING_KEY": KEY,
        "AWS_STORAGE_BUCKET_NAME": "hcec-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.internal",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _import_wsgi(extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "CERTIFICATE_SIGNING_KEY")
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra_env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import lms.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wsgi_runs_production_settings_and_refuses_to_start_half_configured():
    result = _import_wsgi({})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    complete = {
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://u@db/hcec",
        "REDIS_URL": "redis://r:6379/0",
        "CERTIFICATE_SIGNING_KEY": KEY,
    }
    result = _import_wsgi({**complete, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0 and "PostgreSQL" in result.stderr
    for missing in ("REDIS_URL", "CERTIFICATE_SIGNING_KEY"):
        result = _import_wsgi({k: v for k, v in complete.items() if k != missing})
        assert result.returncode != 0 and missing in result.stderr
    result = _import_wsgi(complete)
    assert result.stdout.split() == ["lms.settings.production", "False"], result.stderr


def test_production_enforces_the_policy_fails_open_on_the_cache_and_keeps_sessions_in_the_database():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k8#Qz2!vL0r@x9Wm4pT7%yB1nC6&hF3jD5sG8aE2uR0iO9wK1lM4",
        "DATABASE_URL": "postgres://hcec:secret@db.internal:5432/hcec",
        "REDIS_URL": "redis://redis.internal:6379/0",
        "CERTIFICATE_SIGNING_KEY": KEY,
        "AWS_STORAGE_BUCKET_NAME": "hcec-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.internal:9000/",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES'], 'csp' in s.INSTALLED_APPS, 'lms.core.csp.PolicyMiddleware' in "
        "s.MIDDLEWARE, getattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None), s.CACHES['default'], "
        "s.SESSION_ENGINE]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    import json

    directives, app, middleware, report_only, cache, sessions = json.loads(result.stdout)
    assert app and middleware and report_only is None  # enforced, not only reported
    assert directives["script-src"] == ["'self'"] and directives["frame-ancestors"] == ["'none'"]
    assert "https://s3.internal:9000" in directives["media-src"] and "https://s3.internal:9000" in directives["img-src"]
    assert cache["BACKEND"] == "lms.core.cache.ResilientRedisCache" and cache["OPTIONS"]["socket_timeout"] <= 1
    assert sessions == "django.contrib.sessions.backends.db"
