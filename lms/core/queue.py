"""Handing work to the Celery workers from a request, without the request failing on the broker.

What the request reports has already been committed when it queues the follow-up work (a mail), so a
broker that is down must not turn that success into an error page: the hand-off is tried once, without
kombu's connection retries (which would hold the request for seconds), and a failure is logged.
"""

import logging

from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
BROKER_ERRORS = (BrokerError, RedisError, OSError)


def enqueue(task, *args):
    """Queue ``task(*args)`` once; return whether the broker took it."""
    try:
        task.apply_async(args, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("%s not queued (%s)", task.name, type(exc).__name__)
        return False
    return True
