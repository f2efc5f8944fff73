"""Province staff (Sở Nội vụ) across the 2025 reform; district staff after it (DESIGN §9)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts import access
from accounts.models import RoleGrant
from tests.personas import PASSWORD, persona
from units.models import AdministrativeUnit, Dataset


def _unit(dataset, code):
    return AdministrativeUnit.objects.get(dataset=dataset, code=code)


def test_grant_role_reads_the_province_in_today_s_set_or_the_one_asked(chi_lang):
    call_command("grant_role", "sonoivu", "province_staff", "20", "--password", PASSWORD)
    grant = RoleGrant.objects.get(user__username="sonoivu")
    assert (grant.unit.dataset, grant.unit.code) == (Dataset.Y2025, "20")
    assert grant.user.is_staff
    call_command("grant_role", "sonoivu2", "province_staff", "20", "--dataset", "legacy")
    assert RoleGrant.objects.get(user__username="sonoivu2").unit.dataset == Dataset.LEGACY


def test_province_staff_are_granted_a_province_only(chi_lang):
    with pytest.raises(CommandError, match="Cán bộ Sở Nội vụ"):
        call_command("grant_role", "sonoivu", "province_staff", "187")


def test_province_staff_see_and_edit_the_province_in_both_data_sets(chi_lang):
    staff = persona("sonoivu", "province_staff", _unit(Dataset.Y2025, "20"))
    legacy_nhan_ly = _unit(Dataset.LEGACY, "06496")
    new_nhan_ly = _unit(Dataset.Y2025, "06496")
    for unit in (chi_lang, legacy_nhan_ly, new_nhan_ly, _unit(Dataset.LEGACY, "20")):
        assert access.can_see_unit(staff, unit)
    assert access.can_edit_commune(staff, legacy_nhan_ly)
    assert access.can_edit_commune(staff, new_nhan_ly)
    assert access.can_verify(staff, new_nhan_ly)
    editable = access.editable_communes(staff)
    assert editable.filter(dataset=Dataset.LEGACY).count() == 194
    assert editable.filter(dataset=Dataset.Y2025).count() == 65


def test_district_staff_read_the_successors_but_edit_only_their_legacy_communes(chi_lang):
    staff = persona("phongnoivu", "district_staff", chi_lang)
    legacy_nhan_ly = _unit(Dataset.LEGACY, "06496")
    new_nhan_ly = _unit(Dataset.Y2025, "06496")
    assert access.can_see_unit(staff, new_nhan_ly)
    assert access.can_edit_commune(staff, legacy_nhan_ly)
    assert not access.can_edit_commune(staff, new_nhan_ly)
    assert not access.can_verify(staff, new_nhan_ly)
    persona("phongnoivu", "district_staff", _unit(Dataset.Y2025, "20"))
    access.forget_grants(staff)
    assert access.can_edit_commune(staff, new_nhan_ly)


def test_province_staff_dashboard_today_lists_the_2025_communes(chi_lang):
    persona("sonoivu", "province_staff", _unit(Dataset.Y2025, "20"))
    client = Client()
    client.login(username="sonoivu", password=PASSWORD)
    page = client.get("/", {"as_of": datetime.date.today().isoformat()})
    text = page.content.decode()
    assert page.status_code == 200
    for name in ("Xã Chi Lăng", "Xã Chiến Thắng", "Xã Bằng Mạc", "Xã Vạn Linh", "Xã Quan Sơn"):
        assert name in text
    assert "Thị trấn Đồng Mỏ" not in text
    legacy = client.get("/", {"as_of": "2022-05-24"}).content.decode()
    assert "Huyện Chi Lăng" in legacy
