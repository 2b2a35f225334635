"""The job pattern (lms.core.jobs) on a real job, the organisation import: a job runs once, a lost
hand-off or a dead worker delays it but never loses it, and its progress reads the same everywhere."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lms.core import jobs
from lms.org.models import ImportJob, ServiceArea

pytestmark = pytest.mark.django_db
AREAS = (Path(__file__).parents[1] / "org" / "files" / "areas.csv").read_bytes()


@pytest.fixture
def job(provinces):
    return ImportJob.objects.create(kind="areas", file=ContentFile(AREAS, name="areas.csv"), original_name="areas.csv")


def _age(job, **fields):
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def test_a_job_is_claimed_once_so_a_task_delivered_twice_runs_it_once(job):
    claimed = ImportJob.claim(job.pk)
    assert claimed.status == ImportJob.Status.RUNNING and claimed.progressed_at is not None
    assert ImportJob.claim(job.pk) is None


def test_a_job_whose_hand_off_was_lost_is_queued_again_and_runs(job):
    assert jobs.requeue_waiting() == 0  # not waiting long enough yet
    _age(job, created_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1))
    assert jobs.requeue_waiting() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.finished and job.percent == 100
    assert job.created == ServiceArea.objects.count() > 0


def test_a_job_whose_worker_died_is_run_again_but_a_live_one_is_left_alone(job):
    long_ago = timezone.now() - jobs.STALE_RUNNING - timedelta(minutes=1)
    _age(job, status=ImportJob.Status.RUNNING, created_at=long_ago, progressed_at=long_ago)
    live = ImportJob.objects.create(kind="areas", file=ContentFile(AREAS, name="b.csv"), original_name="b.csv")
    _age(live, status=ImportJob.Status.RUNNING, created_at=long_ago, progressed_at=timezone.now())
    assert jobs.requeue_waiting() == 1
    job.refresh_from_db()
    live.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert live.status == ImportJob.Status.RUNNING


def test_progress_is_recorded_without_touching_the_report(job):
    claimed = ImportJob.claim(job.pk)
    claimed.advance(3, total=12)
    job.refresh_from_db()
    assert (job.done, job.total, job.percent, job.finished) == (3, 12, 25, False)


def test_a_tally_gives_the_report_a_job_keeps():
    tally = jobs.ImportTally()
    tally.count("created")
    tally.count("unchanged")
    tally.fail("บรรทัดที่ 3: ต้องระบุข้อมูล")
    assert tally.report() == {
        "created": 1,
        "updated": 0,
        "unchanged": 1,
        "failed": 1,
        "errors": ["บรรทัดที่ 3: ต้องระบุข้อมูล"],
    }
    assert tally.summary() == "created 1, updated 0, unchanged 1, failed 1"
