"""Start, run, watch and restart long work in the background (issue 12, issue 15 item 5): a
large roster import, a large reorganisation worksheet, a wide report download.

The work itself is the same service the request would run: spreadsheets.services.import_roster
and reorganisation_apply each write in one transaction, so a worker killed halfway writes
nothing (PostgreSQL rolls the transaction back when the worker's connection drops); an export
writes its file beside the job and records it only once complete. While a job runs, a thread of
the worker records a sign of life and the progress every few seconds, on its own connection (the
work's transaction is not committed yet); a running job silent for longer than JOB_STALE_SECONDS
is shown as failed and can be started again from its page, from the same stored file.
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

from jobs.models import Job, JobKind, JobStatus

HEARTBEAT_SECONDS = 2
MAX_LISTED_ERRORS = 200


def job_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _start(
    *, user, kind: str, filename: str, source: Path | None = None, token: str = "", **fields
) -> tuple[Job, bool]:
    """Create a job, keep a copy of its uploaded file (when any) and queue it for the worker.

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
                user=user, kind=kind, filename=filename, path="", token=token, **fields
            )
    except IntegrityError:  # the other confirmation won the race
        return Job.objects.get(token=token, user=user), False
    if source is not None:
        kept = job_dir() / f"{job.pk}.bin"
        shutil.copyfile(source, kept)
        job.path = str(kept)
        job.save(update_fields=["path"])
    _enqueue(job)
    return job, True


def import_job_start(
    *, user, source: Path, filename: str, token: str = "", previewed_at=None
) -> tuple[Job, bool]:
    """Keep a copy of the roster file and queue its import."""
    return _start(
        user=user,
        kind=JobKind.IMPORT,
        filename=filename,
        source=source,
        token=token,
        previewed_at=previewed_at,
    )


def reorganisation_job_start(
    *, user, province, source: Path, filename: str, token: str = "", rows: int | None = None
) -> tuple[Job, bool]:
    """Keep a copy of a previewed worksheet and queue its apply to `province` (whom `user` may
    reorganise: the caller checks)."""
    return _start(
        user=user,
        kind=JobKind.REORGANISATION,
        filename=filename,
        source=source,
        token=token,
        params={"province": province.pk, "code": province.code, "name": str(province)},
        total=rows,
    )


def export_job_start(*, user, download: str, query: dict, filename: str) -> Job:
    """Queue the download `download` (spreadsheets.views.DOWNLOADS) asked with `query`; the same
    question asked again while its job waits or runs (a second click) gets that job."""
    params = {"download": download, "query": query}
    waiting = Job.objects.filter(
        user=user,
        kind=JobKind.EXPORT,
        params=params,
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
    ).first()
    if waiting is not None:
        return waiting
    job, _new = _start(
        user=user,
        kind=JobKind.EXPORT,
        filename=filename,
        params=params,
    )
    return job


def job_restart(*, job: Job, actor) -> Job:
    """Queue a failed job again, from the same stored file."""
    refresh_stale([job])
    if job.status != JobStatus.FAILED or actor.pk != job.user_id:
        raise ValueError(_("Only a failed job of your own can be started again."))
    job.status, job.summary, job.result = JobStatus.QUEUED, "", {}
    job.started_at = job.finished_at = job.heartbeat_at = job.worker_pid = None
    job.stage, job.done = "", None
    if job.kind != JobKind.REORGANISATION:
        job.total = None  # a reorganisation's total is its worksheet's rows, known beforehand
    _remove_output(job)
    job.save()
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    from jobs.tasks import TASKS

    task = TASKS[job.kind]
    transaction.on_commit(lambda: task.enqueue(job.pk))


def _remove_output(job: Job) -> None:
    if job.output:
        Path(job.output).unlink(missing_ok=True)
        job.output = ""


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
                summary=_("The worker stopped; nothing was written. Start the job again."),
            )
            if updated:
                job.refresh_from_db()


class Progress:
    """What a running job is doing: read by the heartbeat thread, set by the work."""

    def __init__(self, stage: str = "", done: int | None = None, total: int | None = None):
        self.stage, self.done, self.total = stage, done, total
        self.lock = threading.Lock()

    def __call__(self, stage: str, done: int | None, total: int | None) -> None:
        with self.lock:
            self.stage, self.done, self.total = stage, done, total

    def fields(self) -> dict:
        with self.lock:
            return {"stage": self.stage, "done": self.done, "total": self.total}


def _run(job_id: int, kind: str, work) -> None:
    """Run a queued job of `kind`: `work(job, progress)` returns (status, summary, result)."""
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.status != JobStatus.QUEUED or job.kind != kind:
        return  # already run, or restarted under another task
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker_pid=os.getpid(),
        attempts=job.attempts + 1,
    )
    progress = Progress(total=job.total)
    try:
        with _heartbeat(job.pk, progress):
            status, summary, result = work(job, progress)
    except Exception as exc:
        _finish(job.pk, JobStatus.FAILED, str(exc), {}, progress)
        raise
    _finish(job.pk, status, summary, result, progress)


def run_import(job_id: int) -> None:
    """Run the import of a queued job (called by the worker)."""
    _run(job_id, JobKind.IMPORT, _import)


def _import(job: Job, progress: Progress):
    from spreadsheets.services import import_roster

    progress("reading", 0, None)
    with open(job.path, "rb") as handle:
        report = import_roster(
            handle,
            job.filename,
            user=job.user,
            dry_run=False,
            confirmation=job.token,
            previewed_at=job.previewed_at,
            progress=progress,
        )
    result = {
        "counts": dict(report.counts),
        "errors": [issue.text for issue in report.errors[:MAX_LISTED_ERRORS]],
        "warnings": len(report.warnings),
        "seconds": round(report.seconds, 1),
    }
    status = JobStatus.SUCCEEDED if report.committed or report.nothing_changes else JobStatus.FAILED
    return status, f"{report.summary()} {report.outcome()}", result


def run_reorganisation(job_id: int) -> None:
    """Apply the worksheet of a queued reorganisation job (called by the worker)."""
    _run(job_id, JobKind.REORGANISATION, _reorganise)


def _reorganise(job: Job, progress: Progress):
    from accounts import access
    from reorganisation.services import ReorganisationError
    from spreadsheets.reorganisation import apply_worksheet, outcome_text

    province = access.reorganisable_provinces(job.user).filter(pk=job.params["province"]).first()
    if province is None:  # the user's role changed since the job was queued
        summary = _("You may no longer reorganise this province; nothing was written.")
        return JobStatus.FAILED, summary, {}
    try:
        outcome = apply_worksheet(
            Path(job.path).read_bytes(),
            job.filename,
            province=province,
            actor=job.user,
            dry_run=False,
            progress=progress,
        )
    except ReorganisationError as exc:
        summary = _("The worksheet was refused; nothing was written.")
        return JobStatus.FAILED, summary, {"errors": exc.problems[:MAX_LISTED_ERRORS]}
    result = {
        "placed": outcome.placed,
        "not_placed": outcome.not_placed,
        "unchanged": outcome.unchanged,
        "posts_created": outcome.posts_created,
    }
    return JobStatus.SUCCEEDED, outcome_text(outcome), result


def run_export(job_id: int) -> None:
    """Write the file of a queued download job (called by the worker)."""
    _run(job_id, JobKind.EXPORT, _export)


def _export(job: Job, progress: Progress):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from spreadsheets.views import download_of

    try:
        download = download_of(job.params["download"], job.params["query"], job.user)
    except (PermissionDenied, Http404):  # the user's role changed since the job was queued
        return JobStatus.FAILED, _("You may no longer download this report."), {}
    except ValueError as exc:
        return JobStatus.FAILED, str(exc), {}
    output = job_dir() / f"{job.pk}.{download.fmt}"
    partial = output.with_suffix(".part")
    with partial.open("wb") as out:
        download.write(out, progress=progress)
    partial.replace(output)  # the file is offered only once whole
    Job.objects.filter(pk=job.pk).update(output=str(output), filename=download.name)
    summary = _("The file %(name)s is ready.") % {"name": download.name}
    return JobStatus.SUCCEEDED, summary, {"bytes": output.stat().st_size}


def _finish(job_id: int, status: str, summary: str, result: dict, progress: Progress) -> None:
    Job.objects.filter(pk=job_id).update(
        status=status,
        summary=summary,
        result=result,
        finished_at=timezone.now(),
        **progress.fields(),
    )


@contextmanager
def _heartbeat(job_id: int, progress: Progress):
    """Record a sign of life and the progress every HEARTBEAT_SECONDS while the block runs
    (on the thread's own connection: the work's transaction is not committed yet)."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                Job.objects.filter(pk=job_id).update(
                    heartbeat_at=timezone.now(), **progress.fields()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
