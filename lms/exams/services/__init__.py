"""Changing the bank and running attempts, by journey. Views, tasks and commands call these; they own the locks."""
