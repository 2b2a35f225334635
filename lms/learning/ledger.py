"""The rules of the hours ledger: what no source may write, whoever calls.

Every credit goes through :func:`credit`, inside one transaction that row-locks the person first, so
two credits for the same person are decided one after the other (PostgreSQL; SQLite serialises writes):

- hours must be positive, and the date may not be in the future;
- a credit is written once per ``key`` (asking again returns the first entry);
- one person gets one entry per piece of ``evidence`` (the thing the hours stand for), whatever key is
  used;
- hours from sessions (``SESSION_SOURCES``: PLC, live and face-to-face) add up to at most
  ``SESSION_HOURS_PER_DAY_MAX`` per person and day.

The database backs the first and third rules with check and unique constraints.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.db import create_once
from lms.core.errors import Refused
from lms.core.thaidate import display_date
from lms.people.models import User

from .models import HoursEntry, HoursSource

SESSION_SOURCES = frozenset({HoursSource.PLC, HoursSource.LIVE, HoursSource.FACE_TO_FACE})


def session_day_max():
    return Decimal(str(settings.SESSION_HOURS_PER_DAY_MAX))


def lock_people(people):
    """Row-lock these people until the transaction ends, in id order (no deadlock between two lockers)."""
    ids = sorted({person.pk for person in people})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def session_hours_on(user, date):
    """Hours from sessions already in ``user``'s ledger for ``date``."""
    total = HoursEntry.objects.filter(user=user, date=date, source__in=SESSION_SOURCES).aggregate(s=Sum("hours"))
    return total["s"] or Decimal(0)


def _hours(value):
    """``16`` or ``2.5``, whatever the database's scale (PostgreSQL sums keep two decimal places)."""
    return f"{value.normalize():f}"


def check_session_day(user, date, hours, *, already=None):
    """Refuse ``hours`` more of sessions for ``user`` on ``date`` past the daily maximum.

    ``already`` is what counts against the day besides the ledger (sessions logged, not yet confirmed).
    """
    limit = session_day_max()
    counted = session_hours_on(user, date) + (already or Decimal(0))
    if counted + Decimal(hours) > limit:
        raise Refused(
            _(
                "%(name)s would have %(total)s hours of sessions on %(date)s; at most %(max)s hours a day count. "
                "Shorten the session or log it on the day it took place."
            )
            % {
                "name": user.display_name,
                "total": _hours(counted + Decimal(hours)),
                "date": display_date(date),
                "max": _hours(limit),
            },
            "daily_maximum",
        )


def _check(hours, date):
    if hours is None or Decimal(hours) <= 0:
        raise Refused(_("Development hours must be more than zero."), "not_positive")
    if date > timezone.localdate():
        raise Refused(_("Development hours cannot be credited for a day that has not come yet."), "future")


def credit(user, *, source, key, title, hours, date, evidence="", evidence_url=""):
    """Write one credit to ``user``'s ledger under the rules above; return the entry.

    ``evidence`` defaults to ``key``: a source whose key already names one thing per person needs no more.
    """
    _check(hours, date)
    evidence = evidence or key
    with transaction.atomic():
        lock_people([user])
        existing = HoursEntry.objects.filter(key=key).first()
        if existing is not None:
            return existing
        if HoursEntry.objects.filter(user=user, evidence=evidence).exists():
            raise Refused(
                _("%(name)s already has hours on record for this.") % {"name": user.display_name}, "same_evidence"
            )
        if source in SESSION_SOURCES:
            check_session_day(user, date, hours)
        # A transaction that did not lock this person (another person's row) may write the same key.
        entry, _created = create_once(
            lambda: HoursEntry.objects.create(
                user=user,
                source=source,
                key=key,
                title=title[:255],
                hours=hours,
                date=date,
                evidence=evidence,
                evidence_url=evidence_url,
            ),
            HoursEntry.objects.filter(key=key),
        )
        return entry
