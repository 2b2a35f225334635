"""Serving requests through the project's real WSGI application, in-process, for the benchmark commands.

Each command prints requests per second for its pages beside a bare view measured in the same run,
so the figures compare code, not machines.
"""

import io
import statistics
import sys
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

# Any 32 letters: Django accepts an unmasked CSRF token equal to the cookie's secret.
CSRF_SECRET = "benchmarkbenchmarkbenchmark01234"


def wsgi_call(app, path, *, method="GET", body=b"", cookie="", content_type=""):
    """Serve one request; returns (status code, body)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "HTTP_COOKIE": cookie,
        "CONTENT_LENGTH": str(len(body)),
    }
    if content_type:
        environ["CONTENT_TYPE"] = content_type
    if method == "POST":
        cookie_part = f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
        environ["HTTP_COOKIE"] = f"{cookie}; {cookie_part}" if cookie else cookie_part
        environ["HTTP_X_CSRFTOKEN"] = CSRF_SECRET
        environ["HTTP_REFERER"] = "http://localhost/"
    status = []
    response_body = b"".join(app(environ, lambda s, h, exc_info=None: status.append(s)))
    return int(status[0].split()[0]), response_body


def session_cookie(user):
    """A signed-in session for ``user``, as the Cookie header's value."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def time_requests(call, requests, warm_up=5):
    """Run ``call()`` (which returns a status) ``requests`` times; returns (req/s, median ms, statuses)."""
    statuses = set()
    for _ in range(warm_up):
        statuses.add(call())
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        statuses.add(call())
        timings.append(time.perf_counter() - started)
    return requests / sum(timings), statistics.median(timings) * 1000, statuses


def print_table(write, rows):
    """``rows`` are (label, req/s, median ms); the first row is the bare view the others are compared with."""
    bare = rows[0][1]
    write(f"{'page':<34}{'req/s':>10}{'median ms':>12}{'vs bare':>10}")
    for label, rate, median in rows:
        write(f"{label:<34}{rate:>10.1f}{median:>12.2f}{rate / bare:>10.3f}")
