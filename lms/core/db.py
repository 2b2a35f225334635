"""Writes that must happen once per key, whatever races them (two tabs, a double click, a retry)."""

from django.db import IntegrityError, transaction


def create_once(write, existing):
    """Run ``write()`` in a savepoint; return ``(its result, True)``.

    When a unique constraint says a parallel request already wrote the same key, return
    ``(existing.first(), False)`` instead: the winner's row stands and the caller carries on with it.
    ``existing`` is the queryset that finds that row (by the unique key). Any other integrity error, or
    one whose row cannot be found, is raised.
    """
    try:
        with transaction.atomic():
            return write(), True
    except IntegrityError:
        found = existing.first()
        if found is None:
            raise
        return found, False
