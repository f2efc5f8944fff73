"""Officials, posts and credentials: what must never be stored is refused, in Vietnamese."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from officials.levels import LADDERS, levels_of, rank
from officials.models import Assignment, Credential, Official
from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> str:
    return " ".join(m for msgs in exc_info.value.message_dict.values() for m in msgs)


def test_a_13_digit_citizen_id_is_refused():
    official = OfficialFactory.build(citizen_id="0200700012345")
    with pytest.raises(ValidationError) as exc_info:
        official.full_clean()
    assert "12 chữ số" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        Official.objects.create(
            full_name="A",
            date_of_birth=datetime.date(1980, 1, 1),
            gender="male",
            citizen_id="02007000123X",
        )
    assert not Official.objects.exists()


def test_a_duplicate_citizen_id_is_refused():
    OfficialFactory(citizen_id="020070001234")
    twin = OfficialFactory.build(citizen_id="020070001234")
    with pytest.raises(ValidationError) as exc_info:
        twin.full_clean()
    assert "số định danh" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert Official.objects.count() == 1


def test_a_birth_date_in_the_future_is_refused():
    official = OfficialFactory.build(date_of_birth=datetime.date(2090, 1, 1))
    with pytest.raises(ValidationError) as exc_info:
        official.full_clean()
    assert "tương lai" in _messages(exc_info)


def test_an_end_date_before_the_start_is_refused(commune):
    post = AssignmentFactory.build(
        official=OfficialFactory(),
        commune=commune,
        start_date=datetime.date(2020, 5, 1),
        end_date=datetime.date(2020, 4, 30),
    )
    with pytest.raises(ValidationError) as exc_info:
        post.full_clean()
    assert "Ngày kết thúc trước ngày bắt đầu" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()
    assert not Assignment.objects.exists()


def test_the_same_open_post_twice_is_refused_but_concurrent_posts_are_allowed(commune):
    official = OfficialFactory()
    AssignmentFactory(official=official, commune=commune)
    second = AssignmentFactory.build(
        official=official, commune=commune, start_date=datetime.date(2018, 1, 1)
    )
    with pytest.raises(ValidationError) as exc_info:
        second.full_clean()
    assert "đã giữ chức vụ này" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    concurrent = AssignmentFactory(
        official=official,
        commune=commune,
        position=Position.objects.get(code="office_statistics"),
    )
    concurrent.full_clean()
    assert official.assignments.count() == 2


def test_an_ended_post_can_be_taken_again(commune):
    official = OfficialFactory()
    AssignmentFactory(
        official=official,
        commune=commune,
        end_date=datetime.date(2019, 1, 1),
        end_reason="rotation",
    )
    again = AssignmentFactory(
        official=official, commune=commune, start_date=datetime.date(2021, 1, 1)
    )
    again.full_clean()


def test_a_post_is_held_in_a_commune_not_a_district(chi_lang):
    post = AssignmentFactory.build(official=OfficialFactory(), commune=chi_lang)
    with pytest.raises(ValidationError) as exc_info:
        post.full_clean()
    assert "commune" in exc_info.value.message_dict


def test_a_level_from_another_dimension_is_refused():
    official = OfficialFactory()
    credential = CredentialFactory.build(
        official=official, dimension="political_theory", level="doctor"
    )
    with pytest.raises(ValidationError) as exc_info:
        credential.full_clean()
    assert "không thuộc" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        credential.save()
    assert not Credential.objects.exists()


@pytest.mark.parametrize("dimension", list(LADDERS))
def test_the_database_ranks_every_level_on_its_ladder(dimension):
    official = OfficialFactory()
    for code in levels_of(dimension):
        CredentialFactory(official=official, dimension=dimension, level=code, field="")
    stored = dict(official.credentials.values_list("level", "rank"))
    assert stored == {code: rank(dimension, code) for code in levels_of(dimension)}
    rungs = sorted(set(stored.values()))
    assert rungs == list(range(1, len(rungs) + 1))  # no gap between rungs
    if dimension == "political_theory":  # Cử nhân chính trị on the rung of Cao cấp (DESIGN §4)
        assert stored["bachelor"] == stored["advanced"] == 3
    if dimension == "it":  # the old certificates A, B, C on the basic rung (DESIGN §4)
        assert stored["cert_a"] == stored["cert_c"] == stored["basic"] == 1


def test_search_ignores_case_and_diacritics():
    OfficialFactory(full_name="Nguyễn Văn Nhiên", citizen_id="020070001234")
    OfficialFactory(full_name="Đinh Thị Ánh")
    assert [o.full_name for o in Official.objects.search("nguyen van nhien")] == [
        "Nguyễn Văn Nhiên"
    ]
    assert [o.full_name for o in Official.objects.search("DINH THI ANH")] == ["Đinh Thị Ánh"]
    assert [o.full_name for o in Official.objects.search("0200700")] == ["Nguyễn Văn Nhiên"]


def test_the_default_positions_are_data():
    positions = Position.objects.all()
    assert positions.filter(group="").count() == 18  # §3; the 2025 job positions besides (§11.3)
    assert positions.exclude(group="").count() == 24
    key = set(positions.filter(is_key=True).values_list("code", flat=True))
    assert key == {"party_secretary", "party_deputy_secretary", "council_chair", "committee_chair"}
    assert positions.get(code="justice_civil_status").kind == "civil_servant"
    assert positions.get(code="front_chair").kind == "cadre"
    finance = positions.get(code="finance_accounting")
    assert set(finance.field_keywords.values_list("keyword", flat=True)) == {
        "kế toán",
        "tài chính",
        "kinh tế",
        "ngân hàng",
        "kiểm toán",
    }
    assert positions.get(code="police_chief").abolished_on == datetime.date(2023, 8, 1)
