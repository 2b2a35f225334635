"""Sign-in throttling on django-axes, for the site's login and the Wagtail admin's alike.

Failures are counted in the database (not the cache, so a cache outage neither opens nor locks logins)
over the last ``LOGIN_LOCKOUT_MINUTES``, in three tiers, each with its own limit:

- one account from one address (``LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS``): someone guessing a password;
- one account from any address (``LOGIN_FAILURES_PER_ACCOUNT``): guessing from many addresses. It is
  higher because anyone can trip it for any teacher; since tries made while locked out are not counted,
  keeping one account locked costs an attacker that many tries from new addresses every period, and the
  teacher gets in at once by resetting the password (a reset clears the account's failures);
- one address for any accounts (``LOGIN_FAILURES_PER_ADDRESS``): password spraying. It is the highest,
  because a school's computers reach the platform from one address.

A successful sign-in clears the failures of that account only, never those of the address, or a sprayer
could sign in to an account of their own between rounds.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from lms.core.clients import client_address


def client_ip(request):
    """The client's address for axes and the reset limit, behind the proxy named by ``CLIENT_IP_HEADER``."""
    return client_address(request, settings.CLIENT_IP_HEADER)


def _tier_limit(parameter):
    if parameter == "username":
        return settings.LOGIN_FAILURES_PER_ACCOUNT
    if parameter == "ip_address":
        return settings.LOGIN_FAILURES_PER_ADDRESS
    return settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS


class TieredLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per lockout parameter instead of one for all."""

    def get_failures(self, request, credentials=None):
        """The failures that count, on the scale of ``AXES_FAILURE_LIMIT``: axes locks out when this
        reaches that limit, which happens when any tier reaches its own limit."""
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, count - _tier_limit(parameter) + limit)
        return worst

    def reset_user_attempts(self, request, credentials=None):
        count, _ = AccessAttempt.objects.filter(username=get_client_username(request, credentials)).delete()
        return count


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, for sign-ins that come with a request (every login form passes one).

    ``authenticate()`` without a request (the test client's ``login``, a shell) has no client to count
    and is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of signing in: what happened, how long to wait, and the reset link."""
    # Rendered here: axes returns this from its middleware, after the point where Django renders
    # template responses.
    return render(request, "registration/locked_out.html", {"minutes": settings.LOGIN_LOCKOUT_MINUTES}, status=429)
