"""Hostile checks against a running site (``make audit``): each one tries a way to get hours, levels,
certificates or data without earning them, and reports whether the site refused it.

A check module is ``tests/audit/check_<area>.py`` with a ``CHECKS`` list of functions. Each takes a
:class:`~tests.audit.client.Site` and returns ``(refused, detail)``; ``refused`` is ``True`` when the site
stood firm. Checks run against the demo's data and logins, so run ``make demo`` first. A check that
cannot run (the demo lacks what it needs) raises :class:`~tests.audit.client.Skip`. A module whose
attacks leave traces (lockouts) sets ``ORDER`` above the default 50 to run after the others.
"""
