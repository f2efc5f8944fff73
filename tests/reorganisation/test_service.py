"""The reorganisation of DESIGN §11.4: proposal, apply, idempotence, refusals."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from officials.models import Assignment, EndReason
from reorganisation.models import NotPlacedReason, Placement
from reorganisation.services import (
    Decision,
    ReorganisationError,
    legacy_province,
    placement_report,
    proposal,
    reorganisation_apply,
)
from tests.reorganisation.conftest import unit
from units.models import Dataset

JULY = datetime.date(2025, 7, 1)
JUNE_30 = datetime.date(2025, 6, 30)


def decisions_of(rows):
    return [
        Decision(
            number=n,
            post_id=row.post_id,
            citizen_id=row.citizen_id,
            commune=row.commune.code if row.commune else "",
            position=row.position_code,
            reason=row.reason,
        )
        for n, row in enumerate(rows, start=1)
    ]


@pytest.fixture
def actor(db):
    return get_user_model().objects.create_user("sonoivu")


def test_the_proposal_maps_every_open_post_and_says_who_meets_the_2025_standard(
    province, legacy_posts
):
    rows = {row.full_name: row for row in proposal(province=province).rows}
    assert "Đã Nghỉ" not in rows  # not open on 30/06/2025
    lan = rows["Hoàng Thị Lan"]
    assert (lan.commune.name, lan.position_code) == ("Xã Nhân Lý", "finance_planning")
    assert lan.meets is True and lan.lacks == []
    hung = rows["Lý Văn Hùng"]
    assert hung.position_code == "party_secretary" and hung.meets is False
    assert any("Lý luận chính trị" in text for text in hung.lacks)
    dung = rows["Vi Văn Dũng"]
    assert dung.reason == NotPlacedReason.LEFT_STAFF and dung.position_code == ""
    hoa = rows["Nông Thị Hoa"]
    assert hoa.position_code == "justice" and hoa.commune.name == "Xã Chi Lăng"
    assert not hoa.is_split
    # Judging wrote nothing.
    assert not Assignment.objects.filter(start_date=JULY).exists()


def test_apply_ends_legacy_posts_and_starts_new_ones_with_history_and_the_user(
    province, legacy_posts, actor
):
    rows = proposal(province=province).rows
    outcome = reorganisation_apply(province=province, decisions=decisions_of(rows), actor=actor)
    assert (outcome.placed, outcome.not_placed, outcome.posts_created) == (3, 1, 3)
    lan = legacy_posts["accountant"]
    lan.refresh_from_db()
    assert (lan.end_date, lan.end_reason) == (JULY, EndReason.REORGANISATION)
    assert lan.history.first().history_user == actor
    new = Assignment.objects.get(official=lan.official, start_date=JULY)
    assert (new.commune.dataset, new.commune.name, new.position.code) == (
        Dataset.Y2025,
        "Xã Nhân Lý",
        "finance_planning",
    )
    assert new.history.first().history_user == actor
    # It counts through 30/06/2025 and no longer on 01/07/2025.
    assert Assignment.objects.in_post_on(JUNE_30).filter(pk=lan.pk).exists()
    assert not Assignment.objects.in_post_on(JULY).filter(pk=lan.pk).exists()
    commander = Placement.objects.get(legacy_post=legacy_posts["commander"])
    assert commander.reason == NotPlacedReason.LEFT_STAFF and commander.new_post is None


def test_applying_the_same_worksheet_again_changes_nothing(province, legacy_posts, actor):
    decisions = decisions_of(proposal(province=province).rows)
    reorganisation_apply(province=province, decisions=decisions, actor=actor)
    before = sorted(Assignment.all_objects.values_list("pk", "version", "end_date"))
    history = Assignment.history.count()
    again = reorganisation_apply(province=province, decisions=decisions, actor=actor)
    assert (again.placed, again.not_placed, again.unchanged) == (0, 0, 4)
    assert sorted(Assignment.all_objects.values_list("pk", "version", "end_date")) == before
    assert Assignment.history.count() == history
    # The proposal after the apply still lists the posts, as applied.
    assert all(row.applied for row in proposal(province=province).rows)


def test_a_dry_run_writes_nothing(province, legacy_posts, actor):
    decisions = decisions_of(proposal(province=province).rows)
    outcome = reorganisation_apply(
        province=province, decisions=decisions, actor=actor, dry_run=True
    )
    assert outcome.placed == 3
    assert not Placement.objects.exists()
    assert not Assignment.objects.filter(start_date=JULY).exists()


def test_edited_rows_place_the_person_as_edited(province, legacy_posts, actor):
    rows = proposal(province=province).rows
    decisions = []
    for n, row in enumerate(rows, start=1):
        if row.full_name == "Hoàng Thị Lan":
            decisions.append(Decision(n, row.post_id, row.citizen_id, "quan son", "Kế toán", ""))
        elif row.full_name == "Nông Thị Hoa":
            decisions.append(Decision(n, row.post_id, row.citizen_id, "", "", "Nghỉ hưu"))
        else:
            decisions.append(decisions_of(rows)[n - 1])
    reorganisation_apply(province=province, decisions=decisions, actor=actor)
    lan = Assignment.objects.get(official=legacy_posts["accountant"].official, start_date=JULY)
    assert (lan.commune.name, lan.position.code) == ("Xã Quan Sơn", "accounting")
    hoa = Placement.objects.get(legacy_post=legacy_posts["justice"])
    assert hoa.reason == NotPlacedReason.RETIRED
    report = placement_report(province=province)
    assert [line.full_name for line in report.not_placed] == ["Nông Thị Hoa", "Vi Văn Dũng"]
    assert report.lost == []


@pytest.mark.parametrize(
    "change, message",
    [
        ({"post_id": 999999}, "Dòng 1: không có quá trình công tác số 999999."),
        ({"citizen_id": "099999999999"}, "không phải của người có số định danh 099999999999"),
        ({"commune": "00004"}, "không phải là xã, phường, đặc khu của"),  # another province
        ({"commune": "Phường Ba Đình"}, "không phải là xã, phường, đặc khu của"),
        ({"position": "office_statistics"}, "không phải là chức vụ, chức danh từ 01/07/2025"),
        ({"commune": "", "position": ""}, "cần lý do không bố trí"),
        ({"reason": "đi chơi"}, "không phải là lý do không bố trí"),
    ],
)
def test_bad_rows_are_refused_whole_in_vietnamese(province, legacy_posts, actor, change, message):
    decisions = decisions_of(proposal(province=province).rows)
    first = decisions[0]
    decisions[0] = Decision(**{**first.__dict__, **change})
    with pytest.raises(ReorganisationError) as caught:
        reorganisation_apply(province=province, decisions=decisions, actor=actor)
    assert message in str(caught.value)
    assert not Placement.objects.exists()
    assert not Assignment.objects.filter(start_date=JULY).exists()
    assert not Assignment.objects.filter(end_date=JULY).exists()


def test_a_row_for_a_post_not_open_on_30_06_2025_is_refused(province, legacy_posts, actor):
    ended = legacy_posts["ended"]
    decisions = [Decision(1, ended.pk, ended.official.citizen_id, "Xã Chi Lăng", "justice", "")]
    with pytest.raises(ReorganisationError, match="không còn giữ vào ngày 30/06/2025"):
        reorganisation_apply(province=province, decisions=decisions, actor=actor)


def test_a_province_is_read_in_the_legacy_data_set(chi_lang):
    assert legacy_province("20").dataset == Dataset.LEGACY
    with pytest.raises(ReorganisationError, match="không phải là tỉnh"):
        legacy_province("187")
    assert unit(Dataset.Y2025, "20").level == "province"
