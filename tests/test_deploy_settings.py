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
