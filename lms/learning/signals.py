"""Signals other core apps listen to; the learning app does not know who they are."""

from django.dispatch import Signal

# Sent once, after the commit, when an enrolment reaches completion: ``enrolment``, ``course``.
course_completed = Signal()
