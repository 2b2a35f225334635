"""Production settings pass Django's deployment checks when given real-looking values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_reports_nothing_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k8#Qz2!vL0r@x9Wm4pT7%yB1nC6&hF3jD5sG8aE2uR0iO9wK1lM4",
        "ALLOWED_HOSTS": "hcec.obec.go.th",
        "DATABASE_URL": "postgres://hcec:secret@db.internal:5432/hcec",
        "REDIS_URL": "redis://redis.internal:6379/0",
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
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL")}
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
    result = _import_wsgi(
        {"SECRET_KEY": "x" * 60, "DATABASE_URL": "sqlite:////tmp/x.sqlite3", "REDIS_URL": "redis://r:6379/0"}
    )
    assert result.returncode != 0 and "PostgreSQL" in result.stderr
    result = _import_wsgi({"SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://u@db/hcec"})
    assert result.returncode != 0 and "REDIS_URL" in result.stderr
    result = _import_wsgi(
        {"SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://u@db/hcec", "REDIS_URL": "redis://r:6379/0"}
    )
    assert result.stdout.split() == ["lms.settings.production", "False"], result.stderr
