"""On any date, figures come from the posts in the communes valid then (DESIGN §11.1, §11.5)."""

import datetime

import pytest

from standards.compliance import question_for, report, trend
from units.models import AdministrativeUnit, Dataset

D = datetime.date
LAST_LEGACY_DAY, AFTER = D(2025, 6, 30), D(2026, 6, 30)


@pytest.fixture
def lang_son_2025(chi_lang):
    return AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="20")


@pytest.fixture
def people(reg, nhan_ly, lang_son_2025):
    """Two accountants of legacy Nhân Lý; one is placed in the 2025 Nhân Lý on 01/07/2025."""
    new_nhan_ly = lang_son_2025.children.get(code="06496")
    placed, waiting = reg.accountant(nhan_ly, end=D(2025, 7, 1)), reg.accountant(nhan_ly)
    reg.hold(placed, "finance_accounting", new_nhan_ly, start=D(2025, 7, 1))
    return placed, waiting


def test_one_question_one_answer_across_the_reform(people, chi_lang, lang_son_2025):
    on_last_day = report(question_for(LAST_LEGACY_DAY), chi_lang).total
    after = report(question_for(AFTER), lang_son_2025).total
    legacy_province = report(question_for(AFTER), chi_lang.parent).total
    assert on_last_day.officials == 2
    assert after.officials == 1  # the waiting one counts no more: their commune has ceased
    assert legacy_province.officials == 0


def test_a_2025_trend_sums_the_communes_valid_at_each_date(people, lang_son_2025, chi_lang):
    dates = [D(2024, 12, 31), LAST_LEGACY_DAY, AFTER]
    _regime, points = trend(lang_son_2025, dates, question_for(dates[-1], "2023"))
    assert [(on, f.officials) for on, f in points] == [
        (D(2024, 12, 31), 2),
        (LAST_LEGACY_DAY, 2),
        (AFTER, 1),
    ]
    _regime, legacy = trend(chi_lang, dates, question_for(dates[-1], "2023"))
    assert [on for on, _f in legacy] == [D(2024, 12, 31), LAST_LEGACY_DAY]  # stops there


def test_the_province_dashboard_says_who_waits_to_be_placed(people, admin_client):
    page = admin_client.get("/", {"unit": "20", "as_of": "2026-06-30", "regime": "2023"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="waiting"' in text
    assert "1 người vẫn còn giữ chức vụ" in text


def test_a_2025_commune_page_names_the_legacy_commune_each_person_came_from(
    reg, chi_lang, lang_son_2025, admin_client
):
    mai_sao = chi_lang.children.get(code="06484")
    new_nhan_ly = lang_son_2025.children.get(code="06496")
    person = reg.accountant(mai_sao, end=D(2025, 7, 1))
    reg.hold(person, "finance_accounting", new_nhan_ly, start=D(2025, 7, 1))
    page = admin_client.get(f"/communes/{new_nhan_ly.pk}/", {"as_of": "2026-06-30"})
    text = page.content.decode()
    assert person.full_name in text
    assert "từ Xã Mai Sao (trước 01/07/2025)" in text
