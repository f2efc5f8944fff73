"""Tasks the worker (`manage.py db_worker`) runs, one per kind of job."""

from django.tasks import task

from jobs import services
from jobs.models import JobKind


@task()
def run_import_job(job_id: int) -> None:
    services.run_import(job_id)


@task()
def run_reorganisation_job(job_id: int) -> None:
    services.run_reorganisation(job_id)


@task()
def run_export_job(job_id: int) -> None:
    services.run_export(job_id)


TASKS = {
    JobKind.IMPORT: run_import_job,
    JobKind.REORGANISATION: run_reorganisation_job,
    JobKind.EXPORT: run_export_job,
}
