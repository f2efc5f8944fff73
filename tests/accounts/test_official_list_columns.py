"""The officials list names each person's commune and post, so that namesakes can be told apart."""

import pytest

from accounts.models import Role
from tests.factories import Registry
from tests.personas import client_for, persona

pytestmark = pytest.mark.django_db


def test_namesakes_are_told_apart_by_commune_and_post(chi_lang, nhan_ly, tt_chi_lang):
    reg = Registry()
    village, town = reg.official("Vi Công Hậu"), reg.official("Vi Công Hậu")
    reg.hold(village, "party_secretary", nhan_ly)
    reg.hold(town, "office_statistics", tt_chi_lang)
    page = client_for(persona("phongnoivu", Role.DISTRICT_STAFF, chi_lang)).get(
        "/officials/", {"q": "Vi Cong Hau"}
    )
    rows = [row for row in page.content.decode().split("<tr>") if "Vi Công Hậu" in row]
    assert len(rows) == 2
    assert any("Xã Nhân Lý" in r and "Bí thư Đảng uỷ" in r for r in rows)
    assert any("Thị trấn Chi Lăng" in r and "Văn phòng - thống kê" in r for r in rows)
