"""The health check and the Vietnamese login page (DESIGN §10)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("cadre_registry.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_login_page_speaks_vietnamese(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page


@pytest.mark.django_db
def test_login_page_speaks_english_when_asked(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page
    assert "Password" in page


@pytest.mark.django_db
def test_home_needs_a_login_and_then_answers(client, django_user_model):
    assert client.get("/").url.startswith("/accounts/login/")
    django_user_model.objects.create_user("canbo", password="mat-khau-dai-2022")
    response = client.post(
        "/accounts/login/", {"username": "canbo", "password": "mat-khau-dai-2022"}
    )
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert "chưa được phân công đơn vị" in page.content.decode()


@pytest.mark.django_db
def test_wrong_password_is_explained_in_vietnamese(client, django_user_model):
    django_user_model.objects.create_user("canbo", password="mat-khau-dai-2022")
    page = client.post("/accounts/login/", {"username": "canbo", "password": "sai"})
    assert page.status_code == 200
    assert "mật khẩu chính xác" in page.content.decode()


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_when_the_rest_redirects_to_https():
    # Production redirects plain HTTP to HTTPS; the health check is asked over plain HTTP by
    # `curl http://127.0.0.1:8000/healthz` (docs/deploy.md) and by load balancers.
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()
        assert client.get("/healthz").content == b"ok\n"
        login = client.get("/accounts/login/")
    assert login.status_code == 301
    assert login.url == "https://testserver/accounts/login/"
