"""A few officials of Huyện Chi Lăng in post on 30/06/2025, ready to be reorganised."""

import datetime

import pytest
from django.test import Client

from accounts.models import Role
from accounts.services import grant_role
from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory, OfficialFactory
from units.models import AdministrativeUnit, Dataset

PASSWORD = "mat-khau-rat-dai-2024"  # noqa: S105 (test only)


def province_staff_client(password: str = PASSWORD) -> Client:
    """The legacy posts, and the Sở Nội vụ of Lạng Sơn (granted on the 2025 province) logged in."""
    make_legacy_posts()
    grant_role(
        username="sonoivu",
        role=Role.PROVINCE_STAFF,
        unit=unit(Dataset.Y2025, "20"),
        password=password,
    )
    client = Client()
    assert client.login(username="sonoivu", password=password)
    return client


def unit(dataset, code):
    return AdministrativeUnit.objects.get(dataset=dataset, code=code)


@pytest.fixture
def province(chi_lang):
    """Lạng Sơn (20) in the legacy data set."""
    return chi_lang.parent


@pytest.fixture
def legacy_posts(chi_lang):
    return make_legacy_posts()


def make_legacy_posts():
    """Nhân Lý: a qualified accountant, a secretary lacking political theory, a military
    commander; Thị trấn Chi Lăng: a justice officer; one post that ended in 2020."""
    nhan_ly = unit(Dataset.LEGACY, "06496")
    town = unit(Dataset.LEGACY, "06466")
    start = datetime.date(2016, 1, 1)

    def post(commune, code, **official):
        return AssignmentFactory(
            official=OfficialFactory(**official),
            commune=commune,
            position=Position.objects.get(code=code),
            start_date=start,
        )

    accountant = post(nhan_ly, "finance_accounting", full_name="Hoàng Thị Lan")
    for dimension, level, field in (
        ("general_education", "upper_secondary", ""),
        ("professional", "bachelor", "Kế toán"),
    ):
        CredentialFactory(
            official=accountant.official, dimension=dimension, level=level, field=field
        )
    secretary = post(nhan_ly, "party_secretary", full_name="Lý Văn Hùng")
    CredentialFactory(
        official=secretary.official,
        dimension="general_education",
        level="upper_secondary",
        field="",
    )
    CredentialFactory(
        official=secretary.official, dimension="professional", level="bachelor", field="Luật"
    )
    commander = post(nhan_ly, "military_commander", full_name="Vi Văn Dũng")
    justice = post(town, "justice_civil_status", full_name="Nông Thị Hoa")
    ended = AssignmentFactory(
        official=OfficialFactory(full_name="Đã Nghỉ"),
        commune=town,
        position=Position.objects.get(code="culture_social"),
        start_date=start,
        end_date=datetime.date(2020, 1, 1),
    )
    return {
        "accountant": accountant,
        "secretary": secretary,
        "commander": commander,
        "justice": justice,
        "ended": ended,
    }
