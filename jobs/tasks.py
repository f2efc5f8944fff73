"""Tasks the worker (`manage.py db_worker`) runs."""

from django.tasks import task

from jobs import services


@task()
def run_import_job(job_id: int) -> None:
    services.run_import(job_id)
