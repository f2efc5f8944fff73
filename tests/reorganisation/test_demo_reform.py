"""The demo continues to today (DESIGN §11.6): the six 2025 communes of Chi Lăng have people in
post and figures under regime 2025, and the 2022 article's figures still hold on their dates."""

import datetime

import pytest

from demo.seed import seed_demo
from officials.models import Assignment, Official
from reorganisation.models import NotPlacedReason, Placement
from reorganisation.services import legacy_province, placement_report
from standards.compliance import question_for, report
from units.models import AdministrativeUnit, Dataset

SIX = {"Xã Chi Lăng", "Xã Chiến Thắng", "Xã Bằng Mạc", "Xã Nhân Lý", "Xã Vạn Linh", "Xã Quan Sơn"}


def _counts():
    return (
        Official.all_objects.count(),
        Assignment.all_objects.count(),
        Assignment.history.count(),
        Placement.objects.count(),
        AdministrativeUnit.history.count(),
    )


@pytest.mark.django_db
def test_the_demo_is_reorganised_and_the_article_still_holds(db):
    seed_demo()
    today = datetime.date.today()
    province = AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="20")
    figures = report(question_for(today), province, with_unmet=False)
    assert figures.options.regime.code == "2025"
    by_name = {item.unit.name: item for item in figures.communes if item.officials}
    assert set(by_name) == SIX
    for item in by_name.values():
        assert item.percent is not None and item.unit.staffing_number
    district = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code="187")
    article = report(question_for(datetime.date(2022, 5, 24), "2019"), district).total
    assert (article.officials, article.compliant, str(article.percent)) == (415, 346, "83.37")
    before = report(question_for(datetime.date(2015, 12, 31), "2019"), district).total
    assert str(before.percent) == "61.21"
    summary = placement_report(province=legacy_province("20"))
    assert summary.lost == [] and summary.waiting == 0
    reasons = {line.reason for line in summary.not_placed}
    assert {str(NotPlacedReason.RETIRED.label), str(NotPlacedReason.RESIGNED.label)} <= reasons
    counts = _counts()
    seed_demo()
    assert _counts() == counts
