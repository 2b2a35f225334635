"""Races on purpose: the same work started at once in several threads, each with its own database
connection, to show that locks and constraints (not luck in timing) keep one winner. Such tests need
PostgreSQL and ``django_db(transaction=True)``: the threads must see each other's commits."""

import threading
import time

from django.db import connection


def widen_race(monkeypatch, module, name, seconds=0.3):
    """Make ``module.name`` pause after it answers, as on a busy server, so that a second caller reads
    the same state before the first one writes."""
    original = getattr(module, name)

    def slow(*args, **kwargs):
        answer = original(*args, **kwargs)
        time.sleep(seconds)
        return answer

    monkeypatch.setattr(module, name, slow)


def run_together(work, inputs):
    """Call ``work(value)`` for each of ``inputs`` in its own thread, all released at once; returns, in
    the order of ``inputs``, what each call returned or the exception it raised."""
    inputs = list(inputs)
    barrier = threading.Barrier(len(inputs))
    outcomes = [None] * len(inputs)

    def run(index, value):
        try:
            barrier.wait()
            outcomes[index] = work(value)
        except Exception as error:  # noqa: BLE001 - handed back, for the test to judge
            outcomes[index] = error
        finally:
            # The thread's own connection would otherwise stay open and keep the test database from being dropped.
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(inputs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def raised(outcomes):
    """The exceptions among ``run_together``'s outcomes."""
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]
