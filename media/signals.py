"""Signals the H5P activities send; the page apps that place them listen (media does not know who)."""

from django.dispatch import Signal

# Sent after the commit, when a teacher's result on an item becomes completed or gets a new score:
# ``user``, ``content``, ``lesson_id``.
h5p_completed = Signal()
