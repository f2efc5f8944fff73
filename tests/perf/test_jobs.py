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


def start_worker(media_root=None) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url(), DEBUG="0", SECURE_COOKIES="0")
    if media_root is not None:
        env["MEDIA_ROOT"] = str(media_root)
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
    rows = 12000
    source = write_xlsx(tmp_path / "lon.xlsx", [person(n) for n in range(rows)])
    from jobs.services import import_job_start

    job, _new = import_job_start(user=user, source=source, filename="lon.xlsx")

    worker = start_worker()
    try:
        # Mid-import (its progress shows rows), frozen at once so that it cannot finish
        # before it is killed, however fast the machine.
        wait_for(lambda: job_status(job) == JobStatus.RUNNING and job.done)
        os.kill(worker.pid, signal.SIGSTOP)
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


@pytest.mark.django_db(transaction=True)
def test_the_worker_applies_a_reorganisation_and_writes_a_national_report(
    catalogue, client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from accounts.models import Role
    from reorganisation.models import Placement
    from tests.personas import persona
    from tests.reorganisation.conftest import make_legacy_posts, unit
    from units.loader import load_units
    from units.models import Dataset

    load_units(provinces=["20"])
    make_legacy_posts()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REORGANISATION_JOB_MIN_ROWS = 1
    staff, _g, _n = grant_role(
        username="sonoivu", role=Role.PROVINCE_STAFF, unit=unit(Dataset.Y2025, "20")
    )
    client.force_login(staff)
    proposal = client.get("/reorganisation/20/proposal.xlsx")
    preview = client.post(
        "/reorganisation/20/", {"file": SimpleUploadedFile("sap-xep.xlsx", proposal.content)}
    )
    applied = client.post(f"/reorganisation/20/apply/{preview.context['token']}/")
    reorganisation = Job.objects.get(user=staff)
    assert applied.url == f"/jobs/{reorganisation.pk}/" and not Placement.objects.exists()

    superuser = persona("quantri", superuser=True)
    other = Client()
    other.force_login(superuser)
    asked = other.get("/reports/bm02/xlsx/", {"as_of": "01/07/2024"})
    report = Job.objects.get(user=superuser)
    assert asked.url == f"/jobs/{report.pk}/"

    worker = start_worker(settings.MEDIA_ROOT)
    try:
        for job in (reorganisation, report):
            wait_for(lambda job=job: job_status(job) in (JobStatus.SUCCEEDED, JobStatus.FAILED))
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert reorganisation.status == JobStatus.SUCCEEDED, reorganisation.summary
    assert Placement.objects.count() == 4
    page = client.get(f"/jobs/{reorganisation.pk}/").content.decode()
    assert "3 người được bố trí, 1 không bố trí" in page
    assert report.status == JobStatus.SUCCEEDED, report.summary
    download = other.get(f"/jobs/{report.pk}/file/")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert client.get(f"/jobs/{report.pk}/file/").status_code == 404  # not province staff's
