"""Signals other core apps listen to; the exam engine does not know who they are."""

from django.dispatch import Signal

# Sent once per attempt, after the commit of its grading: ``attempt``.
attempt_graded = Signal()
