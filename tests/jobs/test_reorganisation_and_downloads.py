"""A large reorganisation worksheet and a wide report download as background jobs (issue 12
item 4): queued with their file kept, run by the worker, their progress and result on the job's
page, shown to their owner only; small ones stay instant."""

import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs import services
from jobs.models import Job, JobKind, JobStatus
from officials.models import Assignment
from reorganisation.models import Placement
from tests.reorganisation.conftest import make_legacy_posts, province_staff_client

PASSWORD = "mat-khau-rat-dai-2024"  # noqa: S105 (test only)


def queued_tasks() -> list[str]:
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    return list(model.objects.values_list("task_path", flat=True))


def login(username) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province_staff(chi_lang):
    return province_staff_client(PASSWORD)


def preview_page(client):
    """Download Lạng Sơn's proposal, upload it unchanged and return the preview."""
    proposal = client.get(reverse("spreadsheets:reorganisation_proposal", kwargs={"code": "20"}))
    page = client.post(
        reverse("spreadsheets:reorganisation_province", kwargs={"code": "20"}),
        {"file": SimpleUploadedFile("sap-xep.xlsx", proposal.content)},
    )
    assert page.context["token"], page.content.decode()
    return page


def preview(client) -> str:
    return preview_page(client).context["token"]


def apply_url(token) -> str:
    return reverse("spreadsheets:reorganisation_apply", kwargs={"code": "20", "token": token})


def reorganised_posts() -> int:
    return Assignment.all_objects.filter(end_reason="reorganisation").count()


def test_a_small_worksheet_is_applied_at_once(province_staff):
    done = province_staff.post(apply_url(preview(province_staff)), follow=True)
    assert "3 người được bố trí, 1 không bố trí" in done.content.decode()
    assert Placement.objects.count() == 4 and not Job.objects.exists()


def test_a_large_worksheet_becomes_a_job_whose_page_shows_the_result(
    province_staff, settings, django_capture_on_commit_callbacks
):
    assert "áp dụng trong nền" not in preview_page(province_staff).content.decode()
    settings.REORGANISATION_JOB_MIN_ROWS = 4
    page = preview_page(province_staff)
    assert "áp dụng trong nền" in page.content.decode()  # the page says what will happen
    token = page.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = province_staff.post(apply_url(token))
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.total, job.params["code"]) == (
        JobKind.REORGANISATION,
        JobStatus.QUEUED,
        4,
        "20",
    )
    assert Path(job.path).exists()  # the worksheet is kept with the job
    assert queued_tasks() == ["jobs.tasks.run_reorganisation_job"]
    assert not Placement.objects.exists()  # not in the request
    page = province_staff.get(response.url).content.decode()
    assert 'data-status="queued"' in page and "Sắp xếp, bố trí Tỉnh Lạng Sơn" in page
    assert "4 dòng" in page
    # Confirmed again (a double click): the same job answers, nothing queued twice.
    again = province_staff.post(apply_url(token), follow=True)
    assert again.redirect_chain[-1][0] == f"/jobs/{job.pk}/" and Job.objects.count() == 1

    services.run_reorganisation(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1
    assert (job.result["placed"], job.result["not_placed"]) == (3, 1)
    assert (job.stage, job.done, job.total) == ("placing", 4, 4)  # the progress recorded
    assert Placement.objects.count() == 4
    page = province_staff.get(response.url).content.decode()
    assert 'data-status="succeeded"' in page and "3 người được bố trí, 1 không bố trí" in page
    assert reverse("spreadsheets:reorganisation_province", kwargs={"code": "20"}) in page
    assert "Xem báo cáo theo xã mới" in page


def test_a_failed_reorganisation_job_wrote_nothing_and_runs_again(
    province_staff, settings, monkeypatch
):
    settings.REORGANISATION_JOB_MIN_ROWS = 1
    province_staff.post(apply_url(preview(province_staff)))
    job = Job.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Placement.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.run_reorganisation(job.pk)  # after the posts were ended, before the placements
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "the database went away" in job.summary
    assert reorganised_posts() == 0 and not Placement.objects.exists()  # all or nothing
    assert Path(job.path).exists()
    page = province_staff.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page and "Chạy lại" in page

    monkeypatch.undo()
    assert province_staff.post(f"/jobs/{job.pk}/restart/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.done is None
    services.run_reorganisation(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert reorganised_posts() == 4 and Placement.objects.count() == 4


def test_a_worksheet_refused_by_the_worker_lists_its_problems(province_staff, settings):
    settings.REORGANISATION_JOB_MIN_ROWS = 1
    province_staff.post(apply_url(preview(province_staff)))
    job = Job.objects.get()
    Assignment.all_objects.filter(official__full_name="Vi Văn Dũng").delete()  # since the preview
    services.run_reorganisation(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["errors"]
    assert reorganised_posts() == 0 and not Placement.objects.exists()
    page = province_staff.get(f"/jobs/{job.pk}/").content.decode()
    assert "không ghi gì" in page and job.result["errors"][0] in page


def test_district_staff_may_not_apply_a_provinces_worksheet(province_staff, district_staff):
    token = preview(province_staff)
    client = Client()
    client.force_login(district_staff)
    assert client.post(apply_url(token)).status_code == 403
    assert not Job.objects.exists() and not Placement.objects.exists()


# Report downloads ---------------------------------------------------------------------------


def test_a_districts_roster_is_downloaded_at_once(district_staff, client):
    client.force_login(district_staff)
    response = client.get("/roster/export/", {"unit": "187", "as_of": "01/01/2024"})
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-187-')
    assert not Job.objects.exists()


def test_the_whole_countrys_bm02_is_prepared_by_the_worker_for_its_owner_only(
    superuser, district_staff, client, chi_lang
):
    client.force_login(superuser)
    response = client.get("/reports/bm02/xlsx/", {"as_of": "01/07/2024"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.user, job.params["download"]) == (JobKind.EXPORT, superuser, "bm02")
    page = client.get(response.url).content.decode()
    assert 'data-status="queued"' in page and "Tải về" in page
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404  # not ready yet
    again = client.get("/reports/bm02/xlsx/", {"as_of": "01/07/2024"})  # a second click
    assert again.url == response.url and Job.objects.count() == 1

    services.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.filename == "BM02-BNV-all-20240701.xlsx"
    page = client.get(response.url).content.decode()
    assert f'href="/jobs/{job.pk}/file/"' in page
    download = client.get(f"/jobs/{job.pk}/file/")
    assert download["Content-Disposition"] == 'attachment; filename="BM02-BNV-all-20240701.xlsx"'
    content = b"".join(download.streaming_content)
    assert content[:2] == b"PK" and content == Path(job.output).read_bytes()

    other = Client()
    other.force_login(district_staff)
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/file/").status_code == 404
    assert job.pk not in [j.pk for j in other.get("/jobs/").context["jobs"]]


def test_a_wide_roster_export_records_its_rows_and_restarts_from_its_question(
    district_staff, client, settings, chi_lang
):
    make_legacy_posts()
    settings.EXPORT_JOB_MIN_COMMUNES = 5
    client.force_login(district_staff)
    response = client.get(
        "/roster/export/", {"unit": "187", "format": "csv", "as_of": "01/01/2024"}
    )
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/" and job.params["query"]["format"] == "csv"
    services.run_export(job.pk)
    job.refresh_from_db()
    assert (job.status, job.stage, job.done, job.total) == (JobStatus.SUCCEEDED, "writing", 4, 4)
    text = Path(job.output).read_text(encoding="utf-8-sig")
    assert "Hoàng Thị Lan" in text and "Đã Nghỉ" not in text
    # A lost file (a wiped disk) is written again from the job's question.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    assert client.post(f"/jobs/{job.pk}/restart/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and not job.output
    services.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and Path(job.output).exists()


def test_an_export_job_checks_the_users_scope_again_when_it_runs(district_staff, settings):
    from accounts.models import RoleGrant

    settings.EXPORT_JOB_MIN_COMMUNES = 1
    job = services.export_job_start(
        user=district_staff,
        download="roster",
        query={"unit": "187", "as_of": "01/01/2024"},
        filename="x.xlsx",
    )
    RoleGrant.objects.filter(user=district_staff).delete()
    services.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.output


# Progress while running ---------------------------------------------------------------------


def test_the_worker_records_progress_while_the_work_runs(transactional_db, monkeypatch):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("nguoidung", password=PASSWORD)
    job = Job.objects.create(user=user, filename="lon.xlsx", path="", status=JobStatus.RUNNING)
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", 0.05)
    progress = services.Progress()
    with services._heartbeat(job.pk, progress):
        progress("importing", 1200, 3400)
        deadline = time.monotonic() + 10
        while Job.objects.get(pk=job.pk).done != 1200:
            assert time.monotonic() < deadline, "no progress recorded"
            time.sleep(0.05)
        page = login("nguoidung").get(f"/jobs/{job.pk}/").content.decode()
    assert "Đang nhập các dòng: 1.200 / 3.400 dòng" in page
    assert 'http-equiv="refresh"' in page


def test_an_import_job_records_the_rows_it_read(district_staff, client, tmp_path):
    from officials.models import Official
    from tests.spreadsheets.conftest import person, write_xlsx

    source = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2), person(3)])
    job, _new = services.import_job_start(user=district_staff, source=source, filename="r.xlsx")
    services.run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.stage, job.done) == (JobStatus.SUCCEEDED, "importing", 3)
    assert Official.objects.count() == 3
    client.force_login(district_staff)
    assert "Đang nhập các dòng: 3 dòng" in client.get(f"/jobs/{job.pk}/").content.decode()
