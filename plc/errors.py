class Refused(Exception):
    """An action the PLC rules do not allow; the message says why, in the reader's language."""


class RateLimited(Refused):
    """Too many posts in a short time: the person should wait, not change anything."""
