"""Start, run, watch and restart roster imports in the background (issue 12, issue 15 item 5).

The import itself is spreadsheets.services.import_roster, unchanged: one transaction, so a
worker killed halfway writes nothing (PostgreSQL rolls the transaction back when the worker's
connection drops). While it runs, a thread of the worker records a sign of life every few
seconds; a running job silent for longer than JOB_STALE_SECONDS is shown as failed and can be
started again from its page.
"""

import datetime
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job, JobStatus

HEARTBEAT_SECONDS = 2
MAX_LISTED_ERRORS = 200


def job_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_job_start(
    *, user, source: Path, filename: str, token: str = "", previewed_at=None
) -> tuple[Job, bool]:
    """Keep a copy of the roster file and queue its import for the worker.

    Return the job and whether it is new: a preview confirmed twice (a double click, two tabs)
    gets the job its first confirmation started.
    """
    if token:
        existing = Job.objects.filter(token=token, user=user).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(
                user=user, filename=filename, path="", token=token, previewed_at=previewed_at
            )
    except IntegrityError:  # the other confirmation won the race
        return Job.objects.get(token=token, user=user), False
    kept = job_dir() / f"{job.pk}.bin"
    shutil.copyfile(source, kept)
    job.path = str(kept)
    job.save(update_fields=["path"])
    _enqueue(job)
    return job, True


def job_restart(*, job: Job, actor) -> Job:
    """Queue a failed job again, from the same stored file."""
    refresh_stale([job])
    if job.status != JobStatus.FAILED or actor.pk != job.user_id:
        raise ValueError(_("Only a failed job of your own can be started again."))
    job.status, job.summary, job.result = JobStatus.QUEUED, "", {}
    job.started_at = job.finished_at = job.heartbeat_at = job.worker_pid = None
    job.save()
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))


def refresh_stale(jobs) -> None:
    """Mark as failed the running jobs whose worker has given no sign of life for too long."""
    limit = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
    for job in jobs:
        if job.status == JobStatus.RUNNING and (job.heartbeat_at or job.started_at) < limit:
            updated = Job.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
            ).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                summary=_(
                    "The worker stopped while importing; nothing was written. Start the job again."
                ),
            )
            if updated:
                job.refresh_from_db()


def run_import(job_id: int) -> None:
    """Run the import of a queued job (called by the worker)."""
    from spreadsheets.services import import_roster

    job = Job.objects.select_related("user").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return  # already run, or restarted under another task
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker_pid=os.getpid(),
        attempts=job.attempts + 1,
    )
    try:
        with _heartbeat(job.pk), open(job.path, "rb") as handle:
            report = import_roster(
                handle,
                job.filename,
                user=job.user,
                dry_run=False,
                confirmation=job.token,
                previewed_at=job.previewed_at,
            )
    except Exception as exc:
        _finish(job.pk, JobStatus.FAILED, str(exc), {})
        raise
    result = {
        "counts": dict(report.counts),
        "errors": [issue.text for issue in report.errors[:MAX_LISTED_ERRORS]],
        "warnings": len(report.warnings),
        "seconds": round(report.seconds, 1),
    }
    status = JobStatus.SUCCEEDED if report.committed or report.nothing_changes else JobStatus.FAILED
    _finish(job.pk, status, f"{report.summary()} {report.outcome()}", result)


def _finish(job_id: int, status: str, summary: str, result: dict) -> None:
    Job.objects.filter(pk=job_id).update(
        status=status, summary=summary, result=result, finished_at=timezone.now()
    )


@contextmanager
def _heartbeat(job_id: int):
    """Record a sign of life every HEARTBEAT_SECONDS while the block runs (own connection)."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
