"""The 2025 job positions and regime 2025 as shipped (DESIGN §11.3)."""

import datetime

import pytest

from standards.compliance import question_for, regime_for, report
from standards.models import FieldKeyword, Position, Regime, Requirement
from units.models import AdministrativeUnit, Dataset

D = datetime.date
AFTER = D(2026, 6, 30)

LEADERS = [
    "office_head",
    "office_deputy",
    "economy_head",
    "economy_deputy",
    "culture_social_head",
    "culture_social_deputy",
    "service_centre_head",
    "service_centre_deputy",
]
PROFESSIONALS = [
    "home_affairs",
    "justice",
    "civil_status",
    "finance_planning",
    "agriculture_environment",
    "land",
    "construction_urban",
    "industry_trade",
    "culture_sports_tourism",
    "labour_social",
    "education_health",
    "ethnic_religious",
    "science_digital",
    "office_records",
    "one_stop",
    "accounting",
]


@pytest.mark.django_db
def test_the_2025_positions_are_civil_servants_in_their_groups():
    shipped = {
        p.code: (p.kind, p.group) for p in Position.objects.filter(code__in=LEADERS + PROFESSIONALS)
    }
    assert shipped == {
        **{code: ("civil_servant", "leadership") for code in LEADERS},
        **{code: ("civil_servant", "professional") for code in PROFESSIONALS},
    }
    assert Position.objects.get(code="office_head").name == "Chánh Văn phòng HĐND và UBND"
    assert Position.objects.filter(code="finance_accounting", group="").exists()  # §3 kept


@pytest.mark.django_db
def test_each_professional_position_has_its_field_keywords():
    keywords = {
        code: sorted(
            FieldKeyword.objects.filter(position__code=code).values_list("keyword", flat=True)
        )
        for code in ("finance_planning", "land", "accounting", "one_stop")
    }
    assert keywords == {
        "finance_planning": sorted(
            ["tài chính", "kế toán", "kinh tế", "ngân hàng", "kiểm toán", "đầu tư"]
        ),
        "land": sorted(["địa chính", "đất đai", "quản lý đất đai", "trắc địa"]),
        "accounting": ["kế toán"],
        "one_stop": sorted(["hành chính", "luật", "quản lý nhà nước"]),
    }
    for code in PROFESSIONALS:
        assert Position.objects.get(code=code).field_keywords.exists(), code


@pytest.mark.django_db
def test_regime_2025_is_in_force_from_the_reform_with_its_grace():
    regime = Regime.objects.get(code="2025")
    assert (regime.effective_from, regime.effective_to, regime.grace_until) == (
        D(2025, 7, 1),
        None,
        D(2027, 7, 1),
    )
    assert regime_for(D(2025, 6, 30)).code == "2023"
    assert regime_for(D(2025, 7, 1)).code == "2025"
    assert regime_for(AFTER).code == "2025"


@pytest.mark.django_db
def test_regime_2025_requirements():
    rows = {
        (r.position.code, r.dimension): (r.min_level, r.field_must_match, r.special_min_level)
        for r in Requirement.objects.filter(regime__code="2025").select_related("position")
    }
    assert rows[("committee_chair", "political_theory")] == ("intermediate", False, "")
    assert rows[("office_head", "professional")] == ("bachelor", False, "")
    assert rows[("office_head", "state_management")] == ("specialist", False, "")
    assert ("committee_chair", "state_management") not in rows
    assert rows[("finance_planning", "professional")] == ("bachelor", True, "")
    assert ("finance_planning", "political_theory") not in rows
    dimensions = {dimension for _code, dimension in rows}
    assert dimensions == {
        "general_education",
        "professional",
        "political_theory",
        "state_management",
    }  # no IT, language or special-area rule
    positions = {code for code, _dimension in rows}
    assert "finance_accounting" not in positions and "military_commander" not in positions


@pytest.mark.django_db
def test_the_guidance_is_cited_and_marked_as_reported():
    chair = Requirement.objects.get(
        regime__code="2025", position__code="committee_chair", dimension="political_theory"
    )
    assert "Ban Chỉ đạo" in chair.citation and chair.is_default
    assert chair.basis.startswith("Hướng dẫn của Ban Chỉ đạo")
    state = Requirement.objects.get(
        regime__code="2025", position__code="office_head", dimension="state_management"
    )
    assert (state.citation, state.is_default) == ("", True)


def test_a_2025_professional_is_judged_by_the_field_of_the_job_position(reg, chi_lang):
    commune = AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="06496")
    start = D(2025, 7, 1)
    land, planner = reg.official(), reg.official()
    for person, field in ((land, "Quản lý đất đai"), (planner, "Quản lý đất đai")):
        reg.cred(person, "general_education", "upper_secondary")
        reg.cred(person, "professional", "bachelor", field=field)
    reg.hold(land, "land", commune, start=start)
    reg.hold(planner, "finance_planning", commune, start=start)
    figures = report(question_for(AFTER), commune).total
    assert (figures.officials, figures.compliant) == (2, 1)
    assert figures.unmet == {("finance_planning", "professional"): 1}
