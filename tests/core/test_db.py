"""Writes once per key (lms.core.db.create_once): the winner of a race stands, other errors are raised."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from lms.core.db import create_once

pytestmark = pytest.mark.django_db


def test_the_first_write_creates_and_a_second_gets_the_first_row():
    first, created = create_once(lambda: Group.objects.create(name="ครูแกนนำ"), Group.objects.filter(name="ครูแกนนำ"))
    again, created_again = create_once(
        lambda: Group.objects.create(name="ครูแกนนำ"), Group.objects.filter(name="ครูแกนนำ")
    )
    assert created and not created_again and again == first
    assert Group.objects.filter(name="ครูแกนนำ").count() == 1


def test_an_integrity_error_with_no_row_to_fall_back_on_is_raised():
    Group.objects.create(name="a")
    with pytest.raises(IntegrityError):
        create_once(lambda: Group.objects.create(name="a"), Group.objects.filter(name="not the key"))
