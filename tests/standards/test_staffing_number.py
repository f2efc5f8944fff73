"""Each 2025 commune's staffing number (biên chế): set by the province, the quota (DESIGN §11.3)."""

import datetime

import pytest

from accounts.models import Role
from pages import bulk
from standards.compliance import question_for, report
from tests.personas import client_for, persona
from units.models import AdministrativeUnit, Dataset

D = datetime.date
AFTER = D(2026, 6, 30)


def _client(username, role, unit):
    return client_for(persona(username, role, unit))


@pytest.fixture
def new_nhan_ly(chi_lang):
    return AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="06496")


@pytest.fixture
def province(new_nhan_ly):
    return _client("sonoivu", Role.PROVINCE_STAFF, new_nhan_ly.parent)


def _three_in_post(reg, commune):
    for _ in range(3):
        reg.hold(reg.official(), "land", commune, start=D(2025, 7, 1))


def test_the_quota_of_a_2025_commune_is_its_staffing_number(reg, new_nhan_ly):
    _three_in_post(reg, new_nhan_ly)
    new_nhan_ly.commune_class = "I"  # a class gives no quota from 01/07/2025
    new_nhan_ly.save()
    figures = report(question_for(AFTER), new_nhan_ly).total
    assert (figures.officials, figures.quota, figures.vacancies) == (3, None, None)
    new_nhan_ly.staffing_number = 20
    new_nhan_ly.save()
    figures = report(question_for(AFTER), new_nhan_ly).total
    assert (figures.quota, figures.vacancies) == (20, 17)
    assert report(question_for(AFTER), new_nhan_ly.parent).total.vacancies == 17


def test_province_staff_set_it_on_the_commune_page_with_history(
    reg, province, new_nhan_ly, django_capture_on_commit_callbacks
):
    _three_in_post(reg, new_nhan_ly)
    page = province.get(f"/communes/{new_nhan_ly.pk}/", {"as_of": "2026-06-30"})
    assert 'data-testid="staffing-form"' in page.content.decode()
    assert "chưa giao biên chế" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached figures go stale
        answer = province.post(f"/communes/{new_nhan_ly.pk}/staffing/", {"staffing_number": "21"})
    assert answer.status_code == 302
    page = province.get(f"/communes/{new_nhan_ly.pk}/", {"as_of": "2026-06-30"})
    text = page.content.decode()
    assert "vị trí còn trống (biên chế 21)" in text and ">18<" in text
    latest = new_nhan_ly.history.first()
    assert (latest.staffing_number, latest.history_user.username) == (21, "sonoivu")


def test_district_staff_cannot_set_it(new_nhan_ly, chi_lang):
    district = _client("phongnoivu", Role.DISTRICT_STAFF, chi_lang)
    page = district.get(f"/communes/{new_nhan_ly.pk}/", {"as_of": "2026-06-30"})
    assert 'data-testid="staffing-form"' not in page.content.decode()
    answer = district.post(f"/communes/{new_nhan_ly.pk}/staffing/", {"staffing_number": "21"})
    assert answer.status_code in (403, 404)
    new_nhan_ly.refresh_from_db()
    assert new_nhan_ly.staffing_number is None


def test_only_a_2025_commune_takes_one(province, nhan_ly, django_user_model):
    user = django_user_model.objects.get(username="sonoivu")
    with pytest.raises(bulk.StaffingRefused):
        bulk.staffing_number_set(commune=nhan_ly, staffing_number=20, actor=user)


def test_the_admin_lets_province_staff_edit_it_and_district_staff_read_it(
    province, new_nhan_ly, chi_lang
):
    url = f"/admin/units/administrativeunit/{new_nhan_ly.pk}/change/"
    page = province.get(url)
    assert 'name="staffing_number"' in page.content.decode()
    district = _client("phongnoivu", Role.DISTRICT_STAFF, new_nhan_ly.parent)
    page = district.get(url)
    assert page.status_code == 200
    assert 'name="staffing_number"' not in page.content.decode()
