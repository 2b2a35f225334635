"""Notices to people: on the site (a list with unread counts) and by e-mail, sent in the background.

Any app tells people something with :func:`lms.notifications.services.notify`; this app owns how the
notice is stored, shown, marked read and mailed.
"""
