"""An abolished position (DESIGN §3): its posts end on the date, stop counting, and no new one."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from officials.models import Assignment, EndReason
from officials.services import position_abolition_apply
from standards.compliance import question_for, report
from standards.models import Position

ABOLISHED = datetime.date(2023, 8, 1)


def _police_chief(reg, commune, **kw):
    chief = reg.official("Trưởng Công an")
    reg.cred(chief, "general_education", "upper_secondary")
    return chief, reg.hold(chief, "police_chief", commune, start=datetime.date(2019, 1, 1), **kw)


def test_the_police_chief_stops_counting_on_the_abolition_date(reg, nhan_ly):
    _police_chief(reg, nhan_ly)
    before = report(question_for(datetime.date(2023, 7, 31)), nhan_ly).total
    after = report(question_for(ABOLISHED), nhan_ly).total
    assert (before.officials, after.officials) == (1, 0)


def test_the_data_migration_ends_open_posts_with_the_reason_and_history(reg, nhan_ly):
    _chief, open_post = _police_chief(reg, nhan_ly)
    _other, later = _police_chief(reg, nhan_ly, end=datetime.date(2024, 3, 1))
    _gone, earlier = _police_chief(reg, nhan_ly, end=datetime.date(2021, 5, 1))
    migration = importlib.import_module(
        "officials.migrations.0004_end_reason_police_chief_abolished"
    )
    migration.end_abolished_posts(apps, None)
    for post in (open_post, later):
        post.refresh_from_db()
        assert (post.end_date, post.end_reason) == (ABOLISHED, EndReason.ABOLISHED)
        recorded = post.history.filter(history_change_reason="position abolished")
        assert recorded.filter(end_date=ABOLISHED).exists()
    earlier.refresh_from_db()
    assert (earlier.end_date, earlier.end_reason) == (datetime.date(2021, 5, 1), "")


def test_abolishing_a_position_in_the_app_ends_its_posts_once(reg, nhan_ly, admin_user):
    holder = reg.official()
    post = reg.hold(holder, "culture_social", nhan_ly, start=datetime.date(2020, 1, 1))
    position = Position.objects.get(code="culture_social")
    position.abolished_on = datetime.date(2026, 1, 1)
    position.save()
    assert position_abolition_apply(position=position, actor=admin_user) == 1
    assert position_abolition_apply(position=position, actor=admin_user) == 0
    post.refresh_from_db()
    assert post.end_date == datetime.date(2026, 1, 1)
    assert post.history.first().history_user == admin_user


def test_no_post_of_an_abolished_position_starts_on_or_after_the_date(reg, nhan_ly):
    chief = reg.official()
    post = Assignment(
        official=chief,
        position=Position.objects.get(code="police_chief"),
        commune=nhan_ly,
        start_date=ABOLISHED,
    )
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        post.full_clean()
    assert caught.value.message_dict["position"] == [
        "Chức danh này không còn ở cấp xã từ ngày 01/08/2023."
    ]
