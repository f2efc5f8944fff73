"""Large imports as background jobs (issue 12 item 5, issue 15 item 5), with a real worker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps

from accounts.services import grant_role
from jobs.models import Job, JobStatus
from officials.models import Official
from tests.perf.test_production_profile import database_url
from tests.spreadsheets.conftest import person, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def upload(client, path):
    with open(path, "rb") as handle:
        page = client.post("/roster/import/", {"file": handle})
    assert page.status_code == 200 and page.context["token"], page.context["report"].summary()
    return page.context["token"]


@pytest.fixture
def staff(district_staff, client):
    client.force_login(district_staff)
    return district_staff


def test_a_small_roster_is_imported_at_once(staff, client, tmp_path):
    token = upload(client, write_xlsx(tmp_path / "r.xlsx", [person(1)]))
    response = client.post(f"/roster/import/{token}/confirm/")
    assert response.status_code == 302 and response.url == "/roster/import/"
    assert Official.objects.count() == 1 and not Job.objects.exists()


def test_a_large_roster_becomes_a_job_kept_with_its_file(
    staff, client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_MIN_BYTES = 1
    token = upload(client, write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/roster/import/{token}/confirm/")
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    assert (job.user, job.filename, job.status) == (staff, "r.xlsx", JobStatus.QUEUED)
    assert Path(job.path).read_bytes() == (tmp_path / "r.xlsx").read_bytes()
    task = apps.get_model("django_tasks_database", "DBTaskResult").objects.get()
    assert task.task_path == "jobs.tasks.run_import_job" and task.args_kwargs["args"] == [job.pk]
    assert Official.objects.count() == 0  # not in the request
    page = client.get(response.url)
    assert page.status_code == 200 and 'data-status="queued"' in page.content.decode()
    assert 'http-equiv="refresh"' in page.content.decode()
    # Confirmed again (a double click, a second tab): the same job answers, nothing is queued twice.
    again = client.post(f"/roster/import/{token}/confirm/", follow=True)
    assert again.redirect_chain[-1][0] == f"/jobs/{job.pk}/"
    assert "đã được xác nhận" in again.content.decode()
    assert Job.objects.count() == 1
    assert apps.get_model("django_tasks_database", "DBTaskResult").objects.count() == 1


def test_someone_elses_job_is_not_found(staff, client, chi_lang, tmp_path):
    other, _g, _n = grant_role(username="khac", role="district_staff", unit=chi_lang)
    job = Job.objects.create(user=other, filename="r.xlsx", path=str(tmp_path / "x"))
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/restart/").status_code == 404


def start_worker() -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url(), DEBUG="0", SECURE_COOKIES="0")
    env.setdefault("SECRET_KEY", "worker-test-key")
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def wait_for(predicate, seconds=120):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def job_status(job):
    job.refresh_from_db()
    return job.status


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_a_failed_job_that_wrote_nothing_and_can_run_again(
    catalogue, client, settings, tmp_path
):
    from units.loader import load_units

    load_units(provinces=["20"])
    settings.JOB_STALE_SECONDS = 3
    district = apps.get_model("units", "AdministrativeUnit").objects.get(
        dataset="legacy", code="187"
    )
    user, _g, _n = grant_role(username="phongnoivu", role="district_staff", unit=district)
    client.force_login(user)
    rows = 6000
    source = write_xlsx(tmp_path / "lon.xlsx", [person(n) for n in range(rows)])
    from jobs.services import import_job_start

    job, _new = import_job_start(user=user, source=source, filename="lon.xlsx")

    worker = start_worker()
    try:
        wait_for(lambda: job_status(job) == JobStatus.RUNNING)
        time.sleep(1.5)
        assert job_status(job) == JobStatus.RUNNING  # still importing
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    time.sleep(settings.JOB_STALE_SECONDS + 2)  # no sign of life any more
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page and "restart" in page
    assert Official.objects.count() == 0

    assert client.post(f"/jobs/{job.pk}/restart/").status_code == 302
    assert job_status(job) == JobStatus.QUEUED
    worker = start_worker()
    try:
        wait_for(lambda: job_status(job) in (JobStatus.SUCCEEDED, JobStatus.FAILED), 300)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert job.status == JobStatus.SUCCEEDED, job.summary
    assert (job.attempts, job.result["counts"]["new"]) == (2, rows)
    assert Official.objects.count() == rows
    assert 'data-status="succeeded"' in client.get(f"/jobs/{job.pk}/").content.decode()
