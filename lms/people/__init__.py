"""People: the user model, teacher profiles, Thai citizen IDs, roles and the rules of who sees whom."""
