"""The smaller access holes of issue 10 item 6, each an attack that worked before the fix."""

import datetime
import importlib

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from officials.models import Official
from standards.models import ClosedReport, Regime, Requirement
from tests.accounts.test_history import _official_data
from tests.personas import PASSWORD, client_for


def test_an_edit_posted_without_its_version_is_refused_like_a_stale_one(district_staff, officials):
    official = officials["nhan_ly"]
    data = _official_data(official, full_name="Bỏ Qua Phiên Bản")
    del data["version"]
    response = client_for(district_staff).post(f"/officials/{official.pk}/edit/", data)
    assert response.status_code == 200
    assert "thay đổi của anh/chị chưa được lưu" in response.content.decode()
    assert Official.objects.get(pk=official.pk).full_name == official.full_name


def test_uploaded_files_are_never_served_as_media_even_in_debug():
    import cadre_registry.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(cadre_registry.urls)
            with pytest.raises(Resolver404):
                resolve("/media/evidence/2024/bang.pdf", urlconf=cadre_registry.urls)
            with pytest.raises(Resolver404):
                resolve("/media/imports/abc.bin", urlconf=cadre_registry.urls)
    finally:
        importlib.reload(cadre_registry.urls)


@pytest.mark.django_db
def test_district_staff_cannot_change_the_national_standards_catalogue(district_staff):
    requirement = Requirement.objects.get(
        regime__code="2019", position__code="finance_accounting", dimension="it"
    )
    client = client_for(district_staff)
    url = f"/admin/standards/requirement/{requirement.pk}/change/"
    assert client.get(url).status_code == 200  # they read it
    client.post(
        url,
        {
            "regime": requirement.regime_id,
            "position": requirement.position_id,
            "dimension": "it",
            "min_level": "cert_b",
            "special_min_level": "",
        },
    )
    requirement.refresh_from_db()
    assert requirement.min_level != "cert_b"
    assert client.post(f"/admin/standards/requirement/{requirement.pk}/delete/", {"post": "yes"})
    assert Requirement.objects.filter(pk=requirement.pk).exists()
    assert client.get("/admin/standards/regime/add/").status_code == 403


@pytest.mark.django_db
def test_the_closed_reports_admin_shows_district_staff_only_their_units(
    district_staff, superuser, chi_lang, bac_son
):
    regime = Regime.objects.get(code="2019")
    on = datetime.date(2022, 5, 24)
    ours = ClosedReport.objects.create(
        title="Báo cáo Chi Lăng", scope=chi_lang, as_of=on, regime=regime, closed_by=superuser
    )
    theirs = ClosedReport.objects.create(
        title="Báo cáo Bắc Sơn", scope=bac_son, as_of=on, regime=regime, closed_by=superuser
    )
    client = client_for(district_staff)
    listing = client.get("/admin/standards/closedreport/").content.decode()
    assert "Báo cáo Chi Lăng" in listing and "Báo cáo Bắc Sơn" not in listing
    assert client.get(f"/admin/standards/closedreport/{ours.pk}/change/").status_code == 200
    assert client.get(f"/admin/standards/closedreport/{theirs.pk}/change/").status_code == 302
    assert client.get(f"/reports/{theirs.pk}/").status_code == 404


def test_spraying_many_user_names_from_one_address_locks_the_address(secretary, settings):
    client = Client()
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": f"nguoi{n}", "password": "doan-mo-1"})
    # a real user with the right password, from the same address, waits too
    locked = client.post("/accounts/login/", {"username": "nhanly", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # another address is not slowed
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert (
        other.post("/accounts/login/", {"username": "nhanly", "password": PASSWORD}).status_code
        == 302
    )


def test_a_valid_login_does_not_wipe_the_record_of_a_spray(secretary, viewer, settings):
    client = Client()
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        client.post("/accounts/login/", {"username": f"nguoi{n}", "password": "doan-mo-1"})
    assert (
        client.post("/accounts/login/", {"username": "xem", "password": PASSWORD}).status_code
        == 302
    )
    Client().post("/accounts/login/", {"username": "nguoi-cuoi", "password": "doan-mo-1"})
    again = Client().post("/accounts/login/", {"username": "nhanly", "password": PASSWORD})
    assert again.status_code == 429


@pytest.mark.parametrize("password", ["nhanly", "NhanLy-2024-an-toan", "mat-khau-nhânlý-9"])
def test_a_password_containing_the_user_name_is_refused(secretary, password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, secretary)
    assert "password_has_username" in [e.code for e in refused.value.error_list]


def test_a_password_without_the_user_name_passes(secretary):
    validate_password("mot-cau-rat-dai-va-la-2024", secretary)
