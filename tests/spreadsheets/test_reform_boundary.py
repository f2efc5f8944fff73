"""Posts stay on their side of the 2025 reform, in forms and import (DESIGN §11.2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from officials.models import Assignment, Official
from standards.compliance import question_for, report
from standards.models import Position
from tests.spreadsheets.conftest import person, run_import, write_xlsx
from units.models import AdministrativeUnit, Dataset


def _import(tmp_path, rows):
    with translation.override("en"):
        return run_import(write_xlsx(tmp_path / "r.xlsx", rows))


def test_a_legacy_post_ending_after_the_reform_is_refused_naming_the_new_commune(units, tmp_path):
    report_ = _import(tmp_path, [person(1, end_date="15/08/2025")])
    assert not report_.committed
    text = report_.errors[0].text
    assert "Ngày kết thúc" in text and "Xã Nhân Lý (06496)" in text and "01/07/2025" in text
    assert Official.objects.count() == 0


def test_a_post_from_the_reform_on_in_a_ceased_commune_names_its_successor(units, tmp_path):
    report_ = _import(tmp_path, [person(1, commune_code="06466", start_date="01/09/2025")])
    assert not report_.committed
    text = report_.errors[0].text
    assert "Thị trấn Chi Lăng ceased on 30/06/2025" in text
    assert "Xã Chi Lăng (06463)" in text


def test_an_open_legacy_post_imports_and_counts_only_up_to_30_06_2025(units, tmp_path):
    report_ = _import(tmp_path, [person(1, start_date="15/02/2016")])
    assert report_.committed
    nhan_ly = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code="06496")
    last_day = report(question_for(datetime.date(2025, 6, 30)), nhan_ly).total
    assert last_day.officials == 1
    province = AdministrativeUnit.objects.resolve("20", on=datetime.date(2025, 7, 1))
    assert report(question_for(datetime.date(2025, 7, 1)), province).total.officials == 0


def test_a_2025_commune_post_from_the_reform_imports(units, tmp_path):
    report_ = _import(tmp_path, [person(1, start_date="01/07/2025")])
    assert report_.committed
    post = Assignment.objects.get()
    assert (post.commune.dataset, post.commune.name) == (Dataset.Y2025, "Xã Nhân Lý")


def test_the_form_refuses_a_2025_commune_before_the_reform_naming_its_sources(units):
    new = AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="06463")
    official = Official.objects.create(
        full_name="Lê Văn Thử",
        date_of_birth=datetime.date(1980, 1, 1),
        gender="male",
        citizen_id="020080009999",
    )
    post = Assignment(
        official=official,
        position=Position.objects.get(code="finance_accounting"),
        commune=new,
        start_date=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        post.full_clean()
    message = caught.value.message_dict["commune"][0]
    assert "01/07/2025" in message and "Thị trấn Đồng Mỏ (06463)" in message
