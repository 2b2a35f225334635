"""Background jobs a person starts and watches: imports, bundles, and the reports to come.

A job is a row (a concrete model on ``Job``) written in the request's transaction, so what the person
was told was accepted is on record even if the broker is down; the task is queued when that transaction
commits. The worker ``claim``s the row (only a waiting job is run, so a task delivered twice runs once),
reports ``advance`` as it goes and ``finish``es it. ``requeue_waiting`` (Celery beat) queues again any
job still waiting after ``STALE_AFTER``, so a job whose hand-off was lost is run later, not forgotten;
and a job whose worker died (no progress for ``STALE_RUNNING``) is put back to waiting and queued
again. Imports and bundles may run again from the start: imports skip unchanged rows, a bundle is
rebuilt whole.
Every job page shows the same status, progress and report with ``core/job_status.html``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .queue import enqueue

STALE_AFTER = timedelta(minutes=10)
# Longer than any step between two reports of progress of a live job.
STALE_RUNNING = timedelta(minutes=30)


class Job(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # The dotted path of the Celery task that runs a job of this kind, with the job's id.
    task = ""

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("to do"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # When a worker last showed it is alive on this job (claim, progress).
    progressed_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    def start(self):
        """Queue the job's task once the row is committed (at once when tasks run inline)."""
        task = import_string(self.task)
        transaction.on_commit(lambda: enqueue(task, self.pk))

    @classmethod
    def claim(cls, pk):
        """The waiting job ``pk``, now marked running; ``None`` if it is not waiting (already run)."""
        claimed = cls.objects.filter(pk=pk, status=cls.Status.PENDING)
        if not claimed.update(status=cls.Status.RUNNING, progressed_at=timezone.now()):
            return None
        return cls.objects.get(pk=pk)

    def advance(self, done, total=None):
        """Record progress without touching the rest of the row (the page reads it while the job runs)."""
        self.done, self.progressed_at = done, timezone.now()
        fields = {"done": done, "progressed_at": self.progressed_at}
        if total is not None:
            self.total = fields["total"] = total
        type(self).objects.filter(pk=self.pk).update(**fields)

    def finish(self, status=Status.DONE, **fields):
        """Mark the job done or failed, saving ``fields`` (its report) with it."""
        self.status, self.finished_at = status, timezone.now()
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["status", "finished_at", "done", "total", *fields])


class ImportReport(models.Model):
    """What an import did, row by row: counts, and the problems people must correct, in file order."""

    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        abstract = True


@dataclass
class ImportTally:
    """What an import has done so far, in memory: a count per outcome and the problems, in file order.

    The app's import walks its rows or items and calls ``count("created")`` (or ``updated``,
    ``unchanged``) or ``fail(problem)``; ``report()`` gives the fields an ``ImportReport`` job keeps.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def fail(self, problem):
        self.failed += 1
        self.errors.append(problem)

    def summary(self):
        """One line for scripts and logs (English, as management commands write)."""
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, failed {self.failed}"

    def report(self):
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "errors": [str(problem) for problem in self.errors],
        }


def job_models():
    return [model for model in apps.get_models() if issubclass(model, Job) and model.task]


def requeue_waiting(now=None):
    """Queue again every job still waiting after ``STALE_AFTER``, and every job whose worker has shown
    no progress for ``STALE_RUNNING`` (put back to waiting first); return how many were queued."""
    now = now or timezone.now()
    queued = 0
    for model in job_models():
        task = import_string(model.task)
        abandoned = model.objects.filter(status=Job.Status.RUNNING, progressed_at__lt=now - STALE_RUNNING)
        # One UPDATE with the condition: a worker that reports progress meanwhile keeps its job.
        abandoned.update(status=Job.Status.PENDING, progressed_at=None)
        waiting = model.objects.filter(status=Job.Status.PENDING, created_at__lt=now - STALE_AFTER)
        for pk in waiting.values_list("pk", flat=True):
            queued += enqueue(task, pk)
    return queued
