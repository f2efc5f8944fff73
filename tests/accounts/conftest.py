"""Personas of DESIGN §9 on the Chi Lăng district, and officials inside and outside their scope."""

import pytest
from django.test import Client

from accounts.models import Role
from accounts.services import grant_role
from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory

PASSWORD = "mat-khau-rat-dai-2024"  # noqa: S105 (test only)


@pytest.fixture
def bac_son(chi_lang):
    """Huyện Bắc Sơn (legacy 185), a neighbouring district of Lạng Sơn."""
    return chi_lang.parent.children.get(code="185")


@pytest.fixture
def chi_lang_town(chi_lang):
    """Thị trấn Chi Lăng (legacy 06466), a commune of the district that is not Nhân Lý."""
    return chi_lang.children.get(code="06466")


def _persona(username, role=None, unit=None, *, superuser=False):
    from django.contrib.auth import get_user_model

    if superuser:
        return get_user_model().objects.create_superuser(username, password=PASSWORD)
    user, _grant, _new = grant_role(username=username, role=role, unit=unit, password=PASSWORD)
    return user


@pytest.fixture
def superuser(db):
    return _persona("quantri", superuser=True)


@pytest.fixture
def district_staff(chi_lang):
    """Cán bộ Phòng Nội vụ huyện Chi Lăng (187)."""
    return _persona("phongnoivu", Role.DISTRICT_STAFF, chi_lang)


@pytest.fixture
def secretary(commune):
    """The secretary of Xã Nhân Lý (06496)."""
    return _persona("nhanly", Role.COMMUNE_SECRETARY, commune)


@pytest.fixture
def viewer(chi_lang):
    """A read-only user over the Chi Lăng district."""
    return _persona("xem", Role.VIEWER, chi_lang)


@pytest.fixture
def bac_son_staff(bac_son):
    return _persona("bacson", Role.DISTRICT_STAFF, bac_son)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def officials(commune, chi_lang_town, bac_son):
    """One official with a post and a credential in Nhân Lý, Thị trấn Chi Lăng and Bắc Sơn."""
    secretary_post = Position.objects.get(code="justice_civil_status")
    rows = {}
    for key, unit in (
        ("nhan_ly", commune),
        ("chi_lang_town", chi_lang_town),
        ("bac_son", bac_son.children.order_by("code").first()),
    ):
        post = AssignmentFactory(commune=unit, position=secretary_post)
        CredentialFactory(official=post.official, field="Luật")
        rows[key] = post.official
    return rows
