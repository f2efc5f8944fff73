"""The admin: accent-insensitive search, filters, inlines, bounded queries, clear refusals."""

import datetime

import pytest

from officials.models import Official
from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory, OfficialFactory
from units.models import AdministrativeUnit


def test_search_finds_nhien_without_diacritics(admin_client, commune):
    OfficialFactory(full_name="Nguyễn Văn Nhiên", citizen_id="020070001234")
    OfficialFactory(full_name="Hoàng Văn Nam")
    page = admin_client.get("/admin/officials/official/", {"q": "nguyen van nhien"})
    text = page.content.decode()
    assert "Nguyễn Văn Nhiên" in text
    assert "Hoàng Văn Nam" not in text
    by_id = admin_client.get("/admin/officials/official/", {"q": "020070001234"}).content.decode()
    assert "Nguyễn Văn Nhiên" in by_id


def test_units_search_and_the_district_with_its_communes(admin_client, chi_lang):
    page = admin_client.get("/admin/units/administrativeunit/", {"q": "chi lang"}).content.decode()
    assert "Huyện Chi Lăng" in page
    assert "Xã Chi Lăng" in page
    detail = admin_client.get(f"/admin/units/administrativeunit/{chi_lang.pk}/change/")
    text = detail.content.decode()
    assert text.count("/change/") >= 20
    for name in ("Thị trấn Đồng Mỏ", "Thị trấn Chi Lăng", "Xã Nhân Lý", "Xã Y Tịch"):
        assert name in text


def test_filters_by_unit_position_kind_level_and_verification(admin_client, commune, chi_lang):
    other = chi_lang.children.get(code="06466")
    here = AssignmentFactory(commune=commune).official
    there = AssignmentFactory(
        commune=other, position=Position.objects.get(code="party_secretary")
    ).official
    CredentialFactory(official=here, verification="pending")
    listing = "/admin/officials/official/"
    by_commune = admin_client.get(listing, {"unit": commune.pk}).content.decode()
    assert here.full_name in by_commune and there.full_name not in by_commune
    by_district = admin_client.get(listing, {"unit": chi_lang.pk}).content.decode()
    assert here.full_name in by_district and there.full_name in by_district
    cadres = admin_client.get(listing, {"kind": "cadre"}).content.decode()
    assert there.full_name in cadres and here.full_name not in cadres
    pending = admin_client.get(
        "/admin/officials/credential/", {"verification__exact": "pending"}
    ).content.decode()
    assert here.full_name in pending
    bachelors = admin_client.get(
        "/admin/officials/credential/", {"level__exact": "bachelor"}
    ).content.decode()
    assert here.full_name in bachelors


@pytest.mark.parametrize(
    "url",
    [
        "/admin/officials/official/",
        "/admin/officials/assignment/",
        "/admin/officials/credential/",
        "/admin/units/administrativeunit/",
    ],
)
def test_list_pages_do_not_grow_a_query_per_row(
    admin_client, commune, url, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            CredentialFactory(official=AssignmentFactory(commune=commune).official)

    add(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_official_page_has_posts_and_credentials_inline(admin_client, commune):
    post = AssignmentFactory(commune=commune)
    CredentialFactory(official=post.official, field="Kế toán doanh nghiệp")
    page = admin_client.get(f"/admin/officials/official/{post.official.pk}/change/")
    text = page.content.decode()
    assert "Kế toán doanh nghiệp" in text
    assert "Xã Nhân Lý" in text


def _official_form(**overrides):
    data = {
        "full_name": "Lương Thị Mai",
        "citizen_id": "020085001111",
        "date_of_birth": "12/03/1985",
        "gender": "female",
        "ethnicity": "Tày",
        "party_joined_on": "",
        "phone": "",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "credentials-TOTAL_FORMS": "0",
        "credentials-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_add_refuses_bad_input_with_a_clear_message(admin_client, commune):
    OfficialFactory(citizen_id="020085002222")
    url = "/admin/officials/official/add/"
    cases = {
        "0200850011112": "12 chữ số",
        "020085002222": "số định danh này đã tồn tại",
    }
    for citizen_id, message in cases.items():
        page = admin_client.post(url, _official_form(citizen_id=citizen_id))
        assert page.status_code == 200
        assert message in page.content.decode()
    bad_post = _official_form(
        **{
            "assignments-TOTAL_FORMS": "1",
            "assignments-0-position": Position.objects.get(code="office_statistics").pk,
            "assignments-0-commune": commune.pk,
            "assignments-0-start_date": "01/05/2020",
            "assignments-0-end_date": "30/04/2020",
        }
    )
    page = admin_client.post(url, bad_post)
    assert "Ngày kết thúc trước ngày bắt đầu" in page.content.decode()
    bad_level = _official_form(
        **{
            "credentials-TOTAL_FORMS": "1",
            "credentials-0-dimension": "political_theory",
            "credentials-0-level": "doctor",
            "credentials-0-verification": "verified",
        }
    )
    page = admin_client.post(url, bad_level)
    assert "không thuộc" in page.content.decode()
    assert Official.objects.count() == 1


def test_admin_add_with_posts_and_credentials(admin_client, commune):
    data = _official_form(
        **{
            "assignments-TOTAL_FORMS": "1",
            "assignments-0-position": Position.objects.get(code="office_statistics").pk,
            "assignments-0-commune": commune.pk,
            "assignments-0-start_date": "01/05/2020",
            "credentials-TOTAL_FORMS": "1",
            "credentials-0-dimension": "professional",
            "credentials-0-level": "bachelor",
            "credentials-0-field": "Luật",
            "credentials-0-verification": "verified",
        }
    )
    response = admin_client.post("/admin/officials/official/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    official = Official.objects.get(citizen_id="020085001111")
    assert official.assignments.get().start_date == datetime.date(2020, 5, 1)
    assert official.credentials.get().rank == 4
    assert AdministrativeUnit.objects.get(pk=commune.pk).assignments.count() == 1
