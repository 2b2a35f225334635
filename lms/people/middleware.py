"""Ending idle sessions, for teachers who sign in on a school's shared computers.

A session that ends with the browser (the default; "keep me signed in" unticked, on the site's login
and the Wagtail admin's alike) also ends after ``SESSION_IDLE_MINUTES`` without a request. A session
kept on purpose lasts ``SESSION_COOKIE_AGE`` and is left alone.

Every request of a signed-in person counts as activity, including the exam page's autosaves and a
lesson page's background requests: a page left open that keeps sending them keeps its session, which is
what an exam in progress needs; the exam's own deadline still ends the attempt.

The time of the last activity is written when signing in (``signal_handlers.start_activity``) and then
at most once a minute, so most requests do not write the session at all.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import ngettext

from lms.core.errors import DATABASE_UNAVAILABLE

LAST_ACTIVITY_KEY = "_people_last_activity"
# Seconds between two writes of the last activity time.
WRITE_EVERY = 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        try:
            signed_in = user is not None and user.is_authenticated
        except DATABASE_UNAVAILABLE:
            # The session or the user cannot be read now (a database restart): the view answers that in
            # its own words (an exam keeps the answers on the device); idleness waits for the next request.
            signed_in = False
        if signed_in and request.session.get_expire_at_browser_close():
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        idle = settings.SESSION_IDLE_MINUTES * 60
        if isinstance(last, int) and now - last > idle:
            logout(request)
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)s minute without activity. Please sign in again.",
                    "You were signed out after %(minutes)s minutes without activity. Please sign in again.",
                    settings.SESSION_IDLE_MINUTES,
                )
                % {"minutes": settings.SESSION_IDLE_MINUTES},
            )
            return
        if not isinstance(last, int) or now - last >= WRITE_EVERY:
            request.session[LAST_ACTIVITY_KEY] = now
