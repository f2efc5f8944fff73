import datetime
import itertools

import pytest

from officials.models import Assignment, Credential, Official
from standards.models import Position

_ids = itertools.count(1)

D = datetime.date
DEFAULT_START = D(2016, 1, 1)


class Registry:
    """Small helpers to write the figures of a test by hand."""

    def official(self, name="Người Thử", **extra):
        n = next(_ids)
        return Official.objects.create(
            full_name=f"{name} {n}",
            date_of_birth=D(1980, 1, 1),
            gender=extra.pop("gender", "male"),
            citizen_id=f"{30000000000 + n:012d}",
            **extra,
        )

    def hold(self, official, position, commune, start=DEFAULT_START, end=None, **extra):
        return Assignment.objects.create(
            official=official,
            position=Position.objects.get(code=position),
            commune=commune,
            start_date=start,
            end_date=end,
            **extra,
        )

    def cred(self, official, dimension, level, field="", awarded=None, verification="verified"):
        return Credential.objects.create(
            official=official,
            dimension=dimension,
            level=level,
            field=field,
            awarded_on=awarded,
            verification=verification,
        )

    def accountant(self, commune, *, professional="bachelor", field="Kế toán", it="basic", **kw):
        """A finance_accounting civil servant meeting regime 2019 unless told otherwise."""
        person = self.official()
        self.hold(person, "finance_accounting", commune, **kw)
        self.cred(person, "general_education", "upper_secondary")
        if professional:
            self.cred(person, "professional", professional, field=field)
        if it:
            self.cred(person, "it", it)
        return person


@pytest.fixture
def reg(db):
    return Registry()
