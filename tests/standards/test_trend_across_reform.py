"""A trend under one regime judges each post as the position it maps to (DESIGN §11.4, §11.5)."""

import datetime

import pytest

from standards.compliance import judging_for, question_for, trend
from standards.models import Position, Regime
from units.models import AdministrativeUnit, Dataset

D = datetime.date
BEFORE, AFTER = D(2024, 12, 31), D(2026, 6, 30)
REFORM = D(2025, 7, 1)


@pytest.fixture
def new_nhan_ly(chi_lang):
    return AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="06496")


def _person(reg, level, field):
    person = reg.official()
    reg.cred(person, "general_education", "upper_secondary")
    reg.cred(person, "professional", level, field=field)
    return person


def _points(scope, regime=None):
    question = question_for(AFTER, regime) if regime else None
    regime, points = trend(scope, [BEFORE, AFTER], question)
    return regime.code, {on: (f.officials, f.compliant, f.left_out) for on, f in points}


def _ids(*codes):
    return frozenset(Position.objects.filter(code__in=codes).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_mapping_and_its_reverse_under_each_regime():
    under_2025 = judging_for(Regime.objects.get(code="2025"))
    assert _ids("finance_accounting", "office_statistics", "culture_social") <= (
        under_2025.as_counterpart
    )
    assert _ids("military_commander", "police_chief") <= under_2025.left_out
    assert not _ids("committee_chair", "finance_planning") & (
        under_2025.as_counterpart | under_2025.left_out
    )
    under_2023 = judging_for(Regime.objects.get(code="2023"))
    assert _ids("finance_planning", "justice", "land") <= under_2023.as_predecessor
    assert _ids("office_head", "home_affairs") <= under_2023.left_out


def test_a_2024_finance_accounting_post_is_judged_as_finance_planning(reg, nhan_ly, new_nhan_ly):
    # "Đầu tư" is a finance_planning field, not a finance_accounting one; 2025 asks a bachelor.
    investor = _person(reg, "bachelor", "Kinh doanh đầu tư")
    short = _person(reg, "intermediate", "Kế toán")
    for person in (investor, short):
        reg.hold(person, "finance_accounting", nhan_ly, end=REFORM)
        reg.hold(person, "finance_planning", new_nhan_ly, start=REFORM)
    code, points = _points(new_nhan_ly)
    assert code == "2025"
    assert points == {BEFORE: (2, 1, 0), AFTER: (2, 1, 0)}


def test_under_regime_2023_a_2025_post_is_judged_as_the_position_mapping_to_it(
    reg, nhan_ly, new_nhan_ly
):
    investor = _person(reg, "bachelor", "Kinh doanh đầu tư")
    reg.hold(investor, "finance_accounting", nhan_ly, end=REFORM)
    reg.hold(investor, "finance_planning", new_nhan_ly, start=REFORM)
    head = _person(reg, "bachelor", "Luật")
    reg.hold(head, "office_head", new_nhan_ly, start=REFORM)
    code, points = _points(new_nhan_ly, regime="2023")
    assert code == "2023"
    # The investor fails the finance_accounting field on both dates; the office head has no
    # counterpart under 2023 and is left out, and said to be.
    assert points == {BEFORE: (1, 0, 0), AFTER: (1, 0, 1)}


def test_a_post_without_counterpart_is_left_out_and_the_dashboard_says_so(
    reg, nhan_ly, new_nhan_ly, admin_client
):
    commander = _person(reg, "intermediate", "Quân sự")
    reg.hold(commander, "military_commander", nhan_ly, end=REFORM)
    reg.hold(_person(reg, "bachelor", "Kế toán"), "finance_planning", new_nhan_ly, start=REFORM)
    _code, points = _points(new_nhan_ly)
    assert points[BEFORE] == (0, 0, 1)
    page = admin_client.get("/", {"unit": "20", "as_of": "2026-06-30", "dataset": "2025"})
    text = page.content.decode()
    left_out = text[text.index('data-testid="left-out"') :]
    left_out = left_out[: left_out.index("</ul>")]
    assert "Ngày 31/12/2024, 1 người không được tính" in left_out
    assert "2026" not in left_out


def test_a_person_counted_in_one_commune_is_not_left_out_in_another(reg, nhan_ly, tt_chi_lang):
    """Left out means: in post only in posts without a counterpart, anywhere; so a commune asked
    alone says what it says inside its district (the cached sums add communes up)."""
    from standards.compliance import Question, commune_figures, report, scope_filter

    both = _person(reg, "bachelor", "Kế toán")
    reg.hold(both, "finance_accounting", nhan_ly)
    reg.hold(both, "military_commander", tt_chi_lang)
    alone = reg.official()
    reg.hold(alone, "military_commander", tt_chi_lang)
    regime = Regime.objects.get(code="2025")
    on = D(2022, 5, 24)
    options = Question(on=on, regime=regime, judging=judging_for(regime))
    [by_itself] = commune_figures(options, scope_filter(tt_chi_lang, on), with_unmet=False)
    inside = next(
        item
        for item in report(options, tt_chi_lang.parent, with_unmet=False).communes
        if item.unit.pk == tt_chi_lang.pk
    )
    assert by_itself.left_out == inside.left_out == 1  # the one with no other post
