"""The gap list (DESIGN §7): who in scope needs at least the programme's level and lacks it."""

import datetime

import pytest

from standards.compliance import question_for
from training import services
from training.models import Programme
from training.reports import gap_list

D = datetime.date
ON = D(2022, 5, 24)  # regime 2019: party secretaries need Trung cấp LLCT, other cadres Sơ cấp


def _names(programme_code, scope):
    programme = Programme.objects.get(code=programme_code)
    return {
        row.full_name
        for row in gap_list(programme=programme, scope=scope, options=question_for(ON))
    }


@pytest.fixture
def people(reg, nhan_ly, tt_chi_lang, bac_son_commune, district_staff):
    lacking = reg.secretary(nhan_ly, name="Thiếu")
    elementary = reg.secretary(tt_chi_lang, political="elementary", name="Sơ Cấp")
    holding = reg.secretary(nhan_ly, political="intermediate", name="Đủ")
    studying = reg.secretary(nhan_ly, name="Đang Học")
    run = reg.run(start=D(2022, 3, 1), end=D(2022, 12, 20))
    enrolment = services.enrolment_nominate(run=run, official=studying, actor=district_staff)
    services.enrolment_enrol(enrolment=enrolment, actor=district_staff)
    youth = reg.official("Đoàn")
    reg.hold(youth, "youth_union_secretary", nhan_ly)
    reg.cred(youth, "general_education", "upper_secondary")
    elsewhere = reg.secretary(bac_son_commune, name="Bắc Sơn")
    return {
        "lacking": lacking.full_name,
        "elementary": elementary.full_name,
        "holding": holding.full_name,
        "studying": studying.full_name,
        "youth": youth.full_name,
        "elsewhere": elsewhere.full_name,
    }


def test_officials_lacking_the_level_their_post_requires(people, chi_lang):
    assert _names("pt_intermediate", chi_lang) == {people["lacking"], people["elementary"]}


def test_a_post_needing_a_lower_level_belongs_to_the_lower_programme(people, chi_lang):
    names = _names("pt_elementary", chi_lang)
    assert people["youth"] in names
    assert people["elementary"] not in names  # holds it
    assert people["lacking"] in names  # needs Trung cấp, so at least Sơ cấp too


def test_the_scope_limits_the_list(people, nhan_ly, bac_son_commune):
    assert _names("pt_intermediate", nhan_ly) == {people["lacking"]}
    assert _names("pt_intermediate", bac_son_commune) == {people["elsewhere"]}


def test_nobody_needs_a_level_no_post_requires(people, chi_lang):
    assert _names("pt_advanced", chi_lang) == set()
    assert _names("refresher_skills", chi_lang) == set()


def test_a_row_says_what_is_needed_and_held(people, chi_lang):
    programme = Programme.objects.get(code="pt_intermediate")
    rows = gap_list(programme=programme, scope=chi_lang, options=question_for(ON))
    row = next(r for r in rows if r.full_name == people["elementary"])
    assert row.communes == ["Thị trấn Chi Lăng"]
    assert row.positions == ["Bí thư Đảng uỷ"]
    assert (str(row.needed), row.held) in {("Intermediate", "Elementary"), ("Trung cấp", "Sơ cấp")}
