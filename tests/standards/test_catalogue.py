"""The default standards catalogue of DESIGN §5, shipped as data."""

import datetime

import pytest

from standards.models import Quota, Regime, Requirement

D = datetime.date


def rules(regime, position):
    return {
        r.dimension: (r.min_level, r.special_min_level, r.field_must_match)
        for r in Requirement.objects.filter(regime__code=regime, position__code=position)
    }


@pytest.mark.django_db
def test_four_regimes_with_their_periods_and_grace():
    periods = {
        r.code: (r.effective_from, r.effective_to, r.grace_until) for r in Regime.objects.all()
    }
    assert periods == {
        "2012": (D(2012, 2, 1), D(2019, 12, 24), None),
        "2019": (D(2019, 12, 25), D(2023, 7, 31), D(2024, 12, 25)),
        "2023": (D(2023, 8, 1), None, D(2028, 8, 1)),
        "2025": (D(2025, 7, 1), None, D(2027, 7, 1)),
    }
    assert "34/2019/NĐ-CP" in Regime.objects.get(code="2019").legal_basis


@pytest.mark.django_db
def test_quotas_carry_their_own_dates():
    periods = {
        (q.regime.code, q.commune_kind): (q.effective_from, q.effective_to)
        for q in Quota.objects.select_related("regime")
    }
    assert periods == {
        ("2012", ""): (D(2012, 2, 1), D(2019, 6, 24)),
        ("2019", ""): (D(2019, 6, 25), D(2023, 7, 31)),  # NĐ 34/2019, before its regime
        ("2023", ""): (D(2023, 8, 1), D(2025, 6, 30)),  # then staffing numbers (§11.3)
        ("2023", "phuong"): (D(2023, 8, 1), D(2025, 6, 30)),
    }


@pytest.mark.django_db
def test_a_quota_period_overlapping_another_is_refused():
    from django.core.exceptions import ValidationError

    quota = Quota(
        regime=Regime.objects.get(code="2012"),
        commune_class="II",
        quota=24,
        effective_from=D(2019, 1, 1),
    )
    with pytest.raises(ValidationError, match="2012.*01/02/2012"):
        quota.full_clean()


@pytest.mark.django_db
def test_every_requirement_cites_its_article_or_is_marked_default():
    from django.utils import translation

    for requirement in Requirement.objects.all():
        assert requirement.citation or requirement.is_default, requirement
    with translation.override("vi"):
        cited = {
            (r.regime.code, r.position.code, r.dimension): r.basis
            for r in Requirement.objects.select_related("regime", "position")
        }
    assert cited[("2023", "finance_accounting", "professional")] == "NĐ 33/2023 Điều 10 k2"
    assert cited[("2023", "council_chair", "political_theory")] == "NĐ 33/2023 Điều 8 k3"
    assert cited[("2023", "front_chair", "political_theory")] == "NĐ 33/2023 Điều 8 k2"
    assert cited[("2023", "party_secretary", "political_theory")] == "mặc định"
    assert cited[("2019", "party_secretary", "political_theory")] == "QĐ 04/2004 Điều 5"
    assert cited[("2019", "justice_civil_status", "professional")] == "Luật Hộ tịch 2014 Điều 72"
    assert cited[("2019", "military_commander", "professional")].endswith("Điều 26")
    assert cited[("2019", "police_chief", "general_education")] == "mặc định"
    assert cited[("2012", "military_commander", "professional")] == "TT 87/2011, mặc định"


@pytest.mark.django_db
def test_quotas_by_kind_and_class():
    table = {
        (q.regime.code, q.commune_kind, q.commune_class): q.quota
        for q in Quota.objects.select_related("regime")
    }
    assert table == {
        ("2012", "", "I"): 25,
        ("2012", "", "II"): 23,
        ("2012", "", "III"): 21,
        ("2019", "", "I"): 23,
        ("2019", "", "II"): 21,
        ("2019", "", "III"): 19,
        ("2023", "", "I"): 22,
        ("2023", "", "II"): 20,
        ("2023", "", "III"): 18,
        ("2023", "phuong", "I"): 23,
        ("2023", "phuong", "II"): 21,
        ("2023", "phuong", "III"): 19,
    }


GE = "general_education"
CASES = [
    # regime 2012
    (
        "2012",
        "finance_accounting",
        {
            GE: ("upper_secondary", "lower_secondary", False),
            "professional": ("intermediate", "", True),
            "it": ("basic", "", False),  # "trình độ A": the basic rung (TTLT 17/2016)
        },
    ),
    (
        "2012",
        "party_secretary",
        {
            GE: ("upper_secondary", "", False),
            "professional": ("intermediate", "elementary", False),
            "political_theory": ("intermediate", "intermediate", False),
        },
    ),
    (
        "2012",
        "committee_chair",
        {
            GE: ("upper_secondary", "", False),
            "professional": ("intermediate", "elementary", False),
            "political_theory": ("intermediate", "elementary", False),
        },
    ),
    (
        "2012",
        "front_chair",
        {GE: ("upper_secondary", "", False), "political_theory": ("elementary", "", False)},
    ),
    (
        "2012",
        "military_commander",
        {GE: ("upper_secondary", "", False), "professional": ("intermediate", "", True)},
    ),
    ("2012", "police_chief", {GE: ("upper_secondary", "", False)}),
    # regime 2019
    (
        "2019",
        "land_construction",
        {
            GE: ("upper_secondary", "", False),
            "professional": ("bachelor", "intermediate", True),
            "it": ("basic", "", False),
        },
    ),
    (
        "2019",
        "justice_civil_status",
        {
            GE: ("upper_secondary", "", False),
            "professional": ("intermediate", "", True),
            "it": ("basic", "", False),
        },
    ),
    (
        "2019",
        "council_vice_chair",
        {
            GE: ("upper_secondary", "", False),
            "professional": ("intermediate", "elementary", False),
            "political_theory": ("intermediate", "elementary", False),
        },
    ),
    (
        "2019",
        "youth_union_secretary",
        {GE: ("upper_secondary", "", False), "political_theory": ("elementary", "", False)},
    ),
    (
        "2019",
        "military_commander",
        {GE: ("upper_secondary", "", False), "professional": ("intermediate", "", True)},
    ),
    # regime 2023
    (
        "2023",
        "party_deputy_secretary",
        {
            GE: ("upper_secondary", "", False),
            "professional": ("bachelor", "intermediate", False),
            "political_theory": ("intermediate", "", False),
        },
    ),
    (
        "2023",
        "culture_social",
        {GE: ("upper_secondary", "", False), "professional": ("bachelor", "intermediate", True)},
    ),
    (
        "2023",
        "justice_civil_status",
        {GE: ("upper_secondary", "", False), "professional": ("intermediate", "", True)},
    ),
    (
        "2023",
        "military_commander",
        {GE: ("upper_secondary", "", False), "professional": ("intermediate", "", True)},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("regime", "position", "expected"), CASES)
def test_requirements_of_each_clause(regime, position, expected):
    assert rules(regime, position) == expected


@pytest.mark.django_db
def test_every_post_has_requirements_in_every_regime():
    for code in ("2012", "2019", "2023"):
        covered = set(
            Requirement.objects.filter(regime__code=code).values_list("position__code", flat=True)
        )
        assert len(covered) == 18, code
