"""Checks behind ``/healthz``: each returns nothing or raises."""

import time
import uuid

from django.core.cache import cache
from django.db import connection

from lms.core.storage import check_storage


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def run_checks(checks=None):
    """Run every check; return ``(all_ok, {name: {"ok": bool, "ms": float, "error": str?}})``."""
    results = {}
    for name, check in (checks or CHECKS).items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - a health check reports every failure, whatever it is
            results[name] = {"ok": False, "error": exc.__class__.__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(r["ok"] for r in results.values()), results
