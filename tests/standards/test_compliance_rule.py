"""DESIGN §6, clause by clause, with figures computed by hand."""

import datetime
from decimal import Decimal

import pytest

from standards.compliance import (
    NoRegime,
    Question,
    commune_figures,
    percent,
    question_for,
    reasons,
    regime_for,
    report,
    trend,
)
from standards.models import Regime
from units.models import AdministrativeUnit

D = datetime.date
ON = D(2022, 5, 24)  # the seed article's date, under regime 2019


def figures_of(commune, on=ON, regime=None, verified_only=False):
    options = question_for(on, regime, verified_only)
    [item] = commune_figures(options, {"pk": commune.pk})
    return item


# §6.1 in post ---------------------------------------------------------------------------


def test_in_post_from_start_until_the_day_before_the_end(reg, nhan_ly):
    reg.accountant(nhan_ly, start=ON)  # starts on D: in post
    reg.accountant(nhan_ly, start=D(2016, 1, 1), end=ON)  # ends exactly on D: not in post
    reg.accountant(nhan_ly, start=ON + datetime.timedelta(days=1))  # starts after D
    reg.accountant(nhan_ly, start=D(2016, 1, 1), end=ON + datetime.timedelta(days=1))
    assert figures_of(nhan_ly).officials == 2


def test_an_official_in_two_posts_counts_once(reg, nhan_ly):
    person = reg.accountant(nhan_ly)
    reg.hold(person, "office_statistics", nhan_ly)
    item = figures_of(nhan_ly)
    assert (item.officials, item.compliant) == (1, 0)  # kế toán is no field of office_statistics


# §6.2 requirement met -------------------------------------------------------------------


def test_a_higher_rung_satisfies_a_lower_requirement(reg, nhan_ly):
    reg.accountant(nhan_ly, professional="master", it="bachelor")
    assert figures_of(nhan_ly).compliant == 1


def test_a_lower_rung_does_not(reg, nhan_ly):
    reg.accountant(nhan_ly, professional="college")
    item = figures_of(nhan_ly)
    assert (item.officials, item.compliant) == (1, 0)
    assert item.unmet == {("finance_accounting", "professional"): 1}


def test_no_credential_is_below_every_rung(reg, nhan_ly):
    reg.accountant(nhan_ly, it=None)
    assert figures_of(nhan_ly).unmet == {("finance_accounting", "it"): 1}


def test_an_undated_credential_counts_on_every_date(reg, nhan_ly):
    reg.accountant(nhan_ly, start=D(2012, 3, 1))
    assert figures_of(nhan_ly, on=D(2012, 3, 1)).compliant == 1


def test_a_credential_counts_from_its_award_date(reg, nhan_ly):
    person = reg.accountant(nhan_ly, it=None)
    reg.cred(person, "it", "basic", awarded=ON)
    assert figures_of(nhan_ly).compliant == 1
    assert figures_of(nhan_ly, on=ON - datetime.timedelta(days=1)).compliant == 0


def test_a_credential_awarded_the_day_after_does_not_count(reg, nhan_ly):
    person = reg.accountant(nhan_ly, it=None)
    reg.cred(person, "it", "basic", awarded=ON + datetime.timedelta(days=1))
    assert figures_of(nhan_ly).compliant == 0


@pytest.mark.parametrize(
    "field",
    ["Kế toán", "kế toán doanh nghiệp", "KE TOAN", "ke toan", "Tài chính - Ngân hàng", "Kinh tế"],
)
def test_field_matches_ignoring_case_and_diacritics(reg, nhan_ly, field):
    reg.accountant(nhan_ly, field=field)
    assert figures_of(nhan_ly).compliant == 1


def test_culture_field_in_both_spellings(reg, nhan_ly):
    for field in ("Văn hoá du lịch", "văn hóa"):
        person = reg.official()
        reg.hold(person, "culture_social", nhan_ly)
        reg.cred(person, "general_education", "upper_secondary")
        reg.cred(person, "professional", "bachelor", field=field)
        reg.cred(person, "it", "basic")
    assert figures_of(nhan_ly).compliant == 2


def test_a_field_that_does_not_match_fails_unless_marked_as_matching(reg, nhan_ly):
    person = reg.accountant(nhan_ly, field="Sư phạm Toán")
    assert figures_of(nhan_ly).compliant == 0
    person.credentials.filter(dimension="professional").update(field_matches=True)
    assert figures_of(nhan_ly).compliant == 1


def test_special_area_minimum_applies_only_in_a_special_area(reg, nhan_ly):
    reg.accountant(nhan_ly, professional="intermediate")  # 2019: bachelor, special area TC
    assert figures_of(nhan_ly).compliant == 0
    nhan_ly.special_area = True
    nhan_ly.save()
    assert figures_of(nhan_ly).compliant == 1


def test_a_special_area_minimum_that_is_not_relaxed(reg, nhan_ly):
    nhan_ly.special_area = True
    nhan_ly.save()
    person = reg.official()
    reg.hold(person, "party_secretary", nhan_ly)
    reg.cred(person, "general_education", "upper_secondary")
    reg.cred(person, "professional", "elementary")  # relaxed in special areas
    reg.cred(person, "political_theory", "elementary")  # party_secretary: TC everywhere
    item = figures_of(nhan_ly)
    assert item.unmet == {("party_secretary", "political_theory"): 1}


# §6.3 compliant: every requirement of every post -----------------------------------------


def test_concurrent_posts_must_both_be_met(reg, nhan_ly):
    person = reg.accountant(nhan_ly, field="Kinh tế")  # matches both finance and office
    reg.hold(person, "office_statistics", nhan_ly)
    assert figures_of(nhan_ly).compliant == 1
    reg.hold(person, "party_deputy_secretary", nhan_ly)  # needs political theory too
    item = figures_of(nhan_ly)
    assert (item.officials, item.compliant) == (1, 0)
    assert item.unmet == {("party_deputy_secretary", "political_theory"): 1}


def test_a_position_without_requirements_imposes_none(reg, nhan_ly):
    person = reg.official()
    reg.hold(person, "police_chief", nhan_ly)
    reg.cred(person, "general_education", "upper_secondary")
    Regime.objects.get(code="2019").requirements.filter(position__code="police_chief").delete()
    person2 = reg.official()
    reg.hold(person2, "police_chief", nhan_ly)
    assert figures_of(nhan_ly).compliant == 2


# §6.4 commune figures --------------------------------------------------------------------


def test_quota_and_vacancies_by_class(reg, tt_chi_lang):
    for _ in range(3):
        reg.accountant(tt_chi_lang)
    item = figures_of(tt_chi_lang)
    assert (item.quota, item.vacancies) == (21, 18)  # 2019, class II
    # A quota has its own dates: NĐ 34/2019's 23/21/19 from 25/06/2019, under regime 2012 too.
    assert figures_of(tt_chi_lang, regime="2012").quota == 21
    assert figures_of(tt_chi_lang, on=D(2019, 7, 1)).quota == 21
    assert figures_of(tt_chi_lang, on=D(2019, 6, 24)).quota == 23
    assert figures_of(tt_chi_lang, on=D(2024, 1, 1)).quota == 20  # 2023, thị trấn class II


def test_quota_of_a_ward_under_2023(chi_lang, reg):
    ward = AdministrativeUnit.objects.get(dataset="2025", code="06463")  # a xã
    ward.commune_class = "I"
    ward.save()
    assert figures_of(ward, on=D(2025, 8, 1), regime="2023").quota == 22
    ward.kind = "phuong"
    ward.save()
    assert figures_of(ward, on=D(2025, 8, 1), regime="2023").quota == 23


def test_no_vacancy_below_zero(reg, tt_chi_lang):
    Regime.objects.get(code="2019").quotas.filter(commune_class="II").update(quota=2)
    for _ in range(3):
        reg.accountant(tt_chi_lang)
    assert figures_of(tt_chi_lang).vacancies == 0


def test_a_commune_whose_class_is_not_set_has_no_quota(reg, chi_lang):
    commune = chi_lang.children.get(code="06523")
    reg.accountant(commune)
    item = figures_of(commune)
    assert (item.officials, item.quota, item.vacancies) == (1, None, None)


def test_an_empty_commune_shows_no_percentage(nhan_ly):
    item = figures_of(nhan_ly)
    assert (item.officials, item.compliant, item.percent) == (0, 0, None)
    assert item.vacancies == 21


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 3, "33.33"), (2, 3, "66.67"), (346, 415, "83.37"), (1, 8, "12.50"), (1, 1, "100.00")],
)
def test_percentages_round_half_up_to_two_decimals(part, whole, expected):
    assert percent(part, whole) == Decimal(expected)


def test_half_up_not_half_even():
    # 1/8 = 12.5 % exactly; 1/16 = 6.25 %; 1/32 = 3.125 % -> 3.13 (half up), not 3.12
    assert percent(1, 32) == Decimal("3.13")


def test_in_grace_counts_incumbents_before_the_deadline(reg, nhan_ly):
    reg.accountant(nhan_ly, professional="intermediate", start=D(2018, 1, 1))  # incumbent
    reg.accountant(nhan_ly, professional="intermediate", start=D(2020, 6, 1))  # after 2019
    reg.accountant(nhan_ly, start=D(2018, 1, 1))  # compliant: never in grace
    item = figures_of(nhan_ly)
    assert (item.officials, item.compliant, item.in_grace) == (3, 1, 1)
    assert figures_of(nhan_ly, on=D(2024, 12, 24), regime="2019").in_grace == 1
    assert figures_of(nhan_ly, on=D(2024, 12, 25), regime="2019").in_grace == 0


def test_in_grace_counts_who_was_in_post_anywhere_the_day_before_the_regime(
    reg, nhan_ly, tt_chi_lang
):
    moved = reg.accountant(nhan_ly, professional="intermediate", start=D(2020, 6, 1))
    reg.hold(moved, "finance_accounting", tt_chi_lang, start=D(2016, 1, 1), end=D(2020, 6, 1))
    reg.accountant(nhan_ly, professional="intermediate", start=D(2020, 6, 1))  # newcomer
    on = D(2022, 5, 24)
    assert figures_of(nhan_ly, on=on, regime="2019").in_grace == 1
    assert report(question_for(on, "2019"), nhan_ly, with_unmet=False).total.in_grace == 1


def test_unmet_requirements_counted_by_position_and_dimension(reg, nhan_ly):
    reg.accountant(nhan_ly, professional="college", it=None)
    reg.accountant(nhan_ly, it=None)
    assert figures_of(nhan_ly).unmet == {
        ("finance_accounting", "professional"): 1,
        ("finance_accounting", "it"): 2,
    }


# §6.5 totals are sums --------------------------------------------------------------------


def test_district_and_province_totals_are_sums_not_averages(reg, chi_lang, nhan_ly, tt_chi_lang):
    reg.accountant(nhan_ly)  # 1 of 1: 100 %
    for _ in range(3):
        reg.accountant(tt_chi_lang, it=None)  # 0 of 3
    options = question_for(ON)
    result = report(options, chi_lang)
    [district] = result.districts
    assert (district.officials, district.compliant) == (4, 1)
    assert district.percent == Decimal("25.00")  # not (100 + 0) / 2
    assert (district.quota, district.vacancies) == (42, 38)  # only the two communes with a class
    province_report = report(options, chi_lang.parent)
    [province] = province_report.provinces
    assert (province.officials, province.compliant, province.quota) == (4, 1, 42)
    assert result.total is district


# §6.6 shown with two decimals, Vietnamese style: tests/standards/test_compliance_output.py


# §6.7 pending credentials ----------------------------------------------------------------


def test_pending_credentials_count_unless_verified_only(reg, nhan_ly):
    person = reg.accountant(nhan_ly, it=None)
    reg.cred(person, "it", "basic", verification="pending")
    assert figures_of(nhan_ly).compliant == 1
    assert figures_of(nhan_ly, verified_only=True).compliant == 0


def test_rejected_credentials_never_count(reg, nhan_ly):
    person = reg.accountant(nhan_ly, it=None)
    reg.cred(person, "it", "basic", verification="rejected")
    assert figures_of(nhan_ly).compliant == 0


# regimes and §6.8 trend ------------------------------------------------------------------


def test_the_regime_in_force_changes_on_01_08_2023(db):
    assert regime_for(D(2023, 7, 31)).code == "2019"
    assert regime_for(D(2023, 8, 1)).code == "2023"
    assert regime_for(D(2019, 12, 24)).code == "2012"
    assert regime_for(D(2019, 12, 25)).code == "2019"
    assert regime_for(D(2025, 6, 30)).code == "2023"
    assert regime_for(D(2026, 11, 29)).code == "2025"  # job-position standards (§11.3)


def test_before_the_earliest_regime_the_user_must_pick_one(db):
    with pytest.raises(NoRegime, match="31/01/2012"):
        regime_for(D(2012, 1, 31))
    assert regime_for(D(2012, 1, 31), "2019").code == "2019"
    with pytest.raises(NoRegime):
        regime_for(ON, "1999")


def test_the_same_official_under_two_regimes(reg, nhan_ly):
    person = reg.official()
    reg.hold(person, "committee_vice_chair", nhan_ly)
    reg.cred(person, "general_education", "upper_secondary")
    reg.cred(person, "political_theory", "elementary")
    assert figures_of(nhan_ly, on=D(2023, 7, 31)).compliant == 1  # 2019: PT sơ cấp
    assert figures_of(nhan_ly, on=D(2023, 8, 1)).compliant == 0  # 2023: ĐH + PT trung cấp


def test_trend_uses_one_regime_for_every_date(reg, nhan_ly, chi_lang):
    person = reg.accountant(nhan_ly, it=None, start=D(2015, 1, 1))
    reg.cred(person, "it", "basic", awarded=D(2020, 6, 1))
    reg.accountant(nhan_ly, start=D(2019, 1, 1))
    dates = [D(2015, 12, 31), D(2019, 12, 31), D(2020, 12, 31), ON]
    regime, points = trend(chi_lang, dates)
    assert regime.code == "2019"
    assert [(p.officials, p.compliant) for _on, p in points] == [(1, 0), (2, 1), (2, 2), (2, 2)]
    with pytest.raises(NoRegime):
        trend(chi_lang, [D(2010, 12, 31)])
    dates = [D(2010, 12, 31), D(2011, 12, 31)]
    regime, points = trend(chi_lang, dates, question_for(dates[-1], "2012"))
    assert regime.code == "2012"


# reasons in words --------------------------------------------------------------------------


def test_reasons_say_what_is_needed_and_what_is_held(reg, nhan_ly):
    person = reg.accountant(nhan_ly, professional="intermediate", it=None)
    found = reasons(question_for(ON), officials=[person.pk])
    assert [str(r) for r in found[person.pk]] == [
        "Chuyên môn: cần Đại học ngành phù hợp (TT 13/2019 Điều 1 k1), có Trung cấp (Kế toán)",
        "Tin học: cần Ứng dụng CNTT cơ bản (TT 13/2019 Điều 1 k1), chưa có",
    ]


def test_reasons_name_the_article_or_say_default(reg, nhan_ly):
    person = reg.accountant(nhan_ly, professional="intermediate")
    [reason] = reasons(question_for(D(2024, 1, 1)), officials=[person.pk])[person.pk]
    assert str(reason) == (
        "Chuyên môn: cần Đại học ngành phù hợp (NĐ 33/2023 Điều 10 k2), có Trung cấp (Kế toán)"
    )
    chief = reg.official()
    reg.hold(chief, "police_chief", nhan_ly)
    [reason] = reasons(question_for(ON), officials=[chief.pk])[chief.pk]
    assert str(reason) == "Giáo dục phổ thông: cần Trung học phổ thông (12/12) (mặc định), chưa có"


def test_an_old_it_certificate_meets_the_basic_it_requirement(reg, nhan_ly):
    for level in ("cert_a", "cert_b", "cert_c"):
        reg.accountant(nhan_ly, it=level)
    item = figures_of(nhan_ly)
    assert (item.officials, item.compliant) == (3, 3)


def test_reasons_name_the_special_area_minimum(reg, nhan_ly):
    nhan_ly.special_area = True
    nhan_ly.save()
    person = reg.accountant(nhan_ly, professional="elementary")
    [reason] = reasons(question_for(ON), where={"pk": nhan_ly.pk})[person.pk]
    assert str(reason) == (
        "Chuyên môn: cần Trung cấp ngành phù hợp (TT 13/2019 Điều 1 k1), có Sơ cấp (Kế toán)"
    )


def test_compliant_officials_have_no_reasons(reg, nhan_ly):
    person = reg.accountant(nhan_ly)
    assert reasons(question_for(ON), officials=[person.pk]) == {}


def test_options_are_plain_values(db):
    options = Question(on=ON, regime=Regime.objects.get(code="2019"))
    assert options.grace_applies
    assert not Question(on=D(2025, 1, 1), regime=options.regime).grace_applies
