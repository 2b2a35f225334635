"""Which tests a candidate sees, booking seats at sittings and admitting candidates by the proctor's code."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core import counters
from lms.core.errors import Refused

from ..models import Exam, Seat, Sitting, new_admission_code
from ..permissions import may_proctor

ADMISSION_TRIES = 5
ADMISSION_LOCK_SECONDS = 600


def book_seat(sitting, user):
    """Book ``user`` into ``sitting``; booking twice is harmless. Seats are counted under a row lock."""
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        seat = Seat.objects.filter(sitting=sitting, user=user).first()
        if seat:
            return seat
        if timezone.now() >= sitting.ends_at:
            raise Refused(_("This sitting is over."))
        if may_proctor(sitting, user):
            raise Refused(_("You proctor this sitting, so you cannot sit in it."))
        other = Seat.objects.filter(user=user, sitting__exam_id=sitting.exam_id, sitting__ends_at__gt=timezone.now())
        if other.exists():
            raise Refused(_("You already have a seat at another sitting of this test."))
        if sitting.booked_seats.count() >= sitting.seats:
            raise Refused(_("This sitting is full. Choose another sitting."))
        return Seat.objects.create(sitting=sitting, user=user)


def admit(sitting, user, code, now=None):
    """Let a booked candidate in with the code the proctor gives out in the room."""
    now = now or timezone.now()
    seat = Seat.objects.filter(sitting=sitting, user=user).first()
    if seat is None:
        raise Refused(_("You have no seat at this sitting."))
    if not (sitting.starts_at - timezone.timedelta(minutes=30) <= now <= sitting.ends_at):
        raise Refused(_("Admission opens 30 minutes before the sitting starts and closes when it ends."))
    # Six letters are few enough to guess by trying: a seat gets five wrong codes per ten minutes.
    tries_key = f"exams:admit:{sitting.pk}:{user.pk}"
    if counters.current(tries_key) >= ADMISSION_TRIES:
        raise Refused(_("Too many wrong codes. Ask the proctor for the code and try again in 10 minutes."))
    if not secrets.compare_digest(code.strip().upper(), sitting.admission_code):
        counters.count(tries_key, ADMISSION_LOCK_SECONDS)
        raise Refused(_("That admission code is not right. Ask the proctor for the code."))
    if seat.admitted_at is None:
        seat.admitted_at = now
        seat.save(update_fields=["admitted_at"])
    return seat


def is_admitted(sitting, user):
    return sitting is not None and Seat.objects.filter(sitting=sitting, user=user, admitted_at__isnull=False).exists()


def renew_admission_code(sitting):
    sitting.admission_code = new_admission_code()
    sitting.save(update_fields=["admission_code"])
    return sitting.admission_code


def exams_for(user, now=None):
    """Tests a candidate may see: published and not yet closed."""
    now = now or timezone.now()
    return Exam.objects.filter(published=True).exclude(closes_at__lt=now).select_related("centre")
