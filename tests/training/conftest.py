"""Officials, classes and personas for the training tests (Chi Lăng district, regime 2019)."""

import datetime
import itertools

import pytest

from accounts.models import Role
from officials.models import Assignment, Credential, Official
from standards.models import Position
from tests.accounts.conftest import _persona
from training.models import CourseRun, Programme

D = datetime.date
_ids = itertools.count(1)
POST_START = D(2016, 1, 1)
RUN_START, RUN_END = D(2021, 3, 1), D(2021, 12, 20)


class Registry:
    """Small helpers to write the people and classes of a test by hand."""

    def __init__(self, district):
        self.district = district

    def official(self, name="Cán Bộ"):
        n = next(_ids)
        return Official.objects.create(
            full_name=f"{name} {n}",
            date_of_birth=D(1980, 1, 1),
            gender="male",
            citizen_id=f"{40000000000 + n:012d}",
        )

    def hold(self, official, position, commune, start=POST_START, end=None):
        return Assignment.objects.create(
            official=official,
            position=Position.objects.get(code=position),
            commune=commune,
            start_date=start,
            end_date=end,
        )

    def cred(self, official, dimension, level, field="", awarded=None):
        return Credential.objects.create(
            official=official, dimension=dimension, level=level, field=field, awarded_on=awarded
        )

    def secretary(self, commune, *, political=None, name="Bí Thư"):
        """A party secretary meeting regime 2019 except, unless given, political theory."""
        person = self.official(name)
        self.hold(person, "party_secretary", commune)
        self.cred(person, "general_education", "upper_secondary")
        self.cred(person, "professional", "bachelor", field="Luật")
        if political:
            self.cred(person, "political_theory", political)
        return person

    def run(self, code="pt_intermediate", start=RUN_START, end=RUN_END, **extra):
        return CourseRun.objects.create(
            programme=Programme.objects.get(code=code),
            unit=extra.pop("unit", self.district),
            provider=extra.pop("provider", "Trường Chính trị tỉnh Lạng Sơn"),
            starts_on=start,
            ends_on=end,
            **extra,
        )


@pytest.fixture
def reg(chi_lang):
    return Registry(chi_lang)


@pytest.fixture
def bac_son_commune(chi_lang):
    """A commune of Huyện Bắc Sơn (185), outside Chi Lăng."""
    return chi_lang.parent.children.get(code="185").children.order_by("code").first()


@pytest.fixture
def staff(chi_lang):
    return _persona("phongnoivu", Role.DISTRICT_STAFF, chi_lang)


@pytest.fixture
def secretary_user(nhan_ly):
    return _persona("nhanly", Role.COMMUNE_SECRETARY, nhan_ly)


@pytest.fixture
def viewer_user(chi_lang):
    return _persona("xem", Role.VIEWER, chi_lang)


@pytest.fixture
def bac_son_user(chi_lang):
    return _persona("bacson", Role.DISTRICT_STAFF, chi_lang.parent.children.get(code="185"))
