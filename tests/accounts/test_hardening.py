"""Hardening: throttled logins, CSRF, escaping, upload limits, masked IDs, deploy settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from officials.models import Credential, Official
from standards.models import Position
from tests.accounts.test_history import _official_data
from tests.personas import PASSWORD, client_for

ROOT = Path(__file__).resolve().parents[2]


def test_repeated_wrong_passwords_lock_the_login_with_a_vietnamese_message(secretary):
    client = Client()
    for _ in range(4):
        page = client.post("/accounts/login/", {"username": "nhanly", "password": "doan-mo-1"})
        assert page.status_code == 200
    fifth = client.post("/accounts/login/", {"username": "nhanly", "password": "doan-mo-1"})
    assert fifth.status_code == 429
    locked = client.post("/accounts/login/", {"username": "nhanly", "password": PASSWORD})
    assert locked.status_code == 429
    assert "đăng nhập sai" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # the admin's login form is throttled alike
    admin_login = client.post("/admin/login/", {"username": "nhanly", "password": PASSWORD})
    assert admin_login.status_code == 429


def test_a_right_password_before_the_limit_still_logs_in(secretary):
    client = Client()
    for _ in range(3):
        client.post("/accounts/login/", {"username": "nhanly", "password": "doan-mo-1"})
    response = client.post("/accounts/login/", {"username": "nhanly", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60


def test_a_post_without_csrf_token_is_refused(secretary, officials):
    official = officials["nhan_ly"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    url = f"/officials/{official.pk}/edit/"
    response = client.post(url, _official_data(official, full_name="Kẻ Giả Mạo"))
    assert response.status_code == 403
    assert Official.objects.get(pk=official.pk).full_name == official.full_name
    login = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "nhanly", "password": PASSWORD}
    )
    assert login.status_code == 403


NASTY = "<script>alert('x')</script> Lê Văn \"Tí\"'); DROP TABLE officials_official;--"


def test_html_and_sql_in_names_are_stored_as_typed_and_shown_escaped(secretary, commune):
    client = client_for(secretary)
    response = client.post(
        "/officials/add/",
        {
            "full_name": NASTY,
            "citizen_id": "020090001999",
            "date_of_birth": "02/09/1990",
            "gender": "male",
            "ethnicity": "Tày",
            "post-position": Position.objects.get(code="culture_social").pk,
            "post-commune": commune.pk,
            "post-start_date": "01/03/2022",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    official = Official.objects.get(citizen_id="020090001999")
    assert official.full_name == NASTY
    assert official.assignments.get().verification == "pending"
    for url in (f"/officials/{official.pk}/", f"/officials/{official.pk}/history/", "/officials/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert Official.objects.count() >= 1


def _upload(client, official, name, content):
    return client.post(
        f"/officials/{official.pk}/credentials/add/",
        {
            "dimension": "it",
            "level": "basic",
            "evidence": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_uploads_are_limited_in_size_and_type(secretary, officials, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    official = officials["nhan_ly"]
    client = client_for(secretary)
    too_big = _upload(client, official, "bang.pdf", b"%PDF-1.4 " + b"0" * (5 * 1024 * 1024 + 1))
    assert "Tệp quá lớn" in too_big.content.decode()
    not_pdf = _upload(client, official, "bang.pdf", b"MZ\x90\x00 an executable")
    assert "Chỉ nhận tệp PDF, JPG hoặc PNG" in not_pdf.content.decode()
    exe = _upload(client, official, "bang.exe", b"%PDF-1.4 looks like a pdf")
    assert "Chỉ nhận tệp PDF, JPG hoặc PNG" in exe.content.decode()
    assert not Credential.objects.filter(official=official, dimension="it").exists()
    good = _upload(client, official, "bang.pdf", b"%PDF-1.4 a real one")
    assert good.status_code == 302
    credential = Credential.objects.get(official=official, dimension="it")
    download = client.get(f"/credentials/{credential.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_viewers_see_citizen_ids_masked(viewer, district_staff, officials):
    official = officials["nhan_ly"]
    for url in ("/officials/", f"/officials/{official.pk}/"):
        seen = client_for(viewer).get(url).content.decode()
        assert official.citizen_id not in seen
        assert "••••••••" + official.citizen_id[-4:] in seen
        assert official.citizen_id in client_for(district_staff).get(url).content.decode()


def test_secretaries_and_viewers_cannot_enter_the_admin_even_as_staff(secretary, viewer):
    secretary.is_staff = True
    secretary.save()
    for user in (secretary, viewer):
        response = client_for(user).get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    refused = Client().post("/admin/login/", {"username": "nhanly", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Bạn hãy nhập đúng" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session


def test_pages_carry_a_content_security_policy(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_check_deploy_is_clean_with_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    db = connection.settings_dict  # the test database: it exists while the tests run
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="canbo.chilang.langson.gov.vn",
        DATABASE_URL="postgres://{USER}:{password}@{HOST}:{PORT}/{NAME}".format(
            password=db["PASSWORD"] or "", **db
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
