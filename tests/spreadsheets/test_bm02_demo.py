"""BM02 of the demo district: religion, "Cử nhân" and rotation columns against a hand count."""

import datetime

import pytest

from demo.seed_chilang import seed_people
from officials.models import Assignment, Credential, Official
from spreadsheets.bm02 import bm02_rows
from units.models import AdministrativeUnit

ON = datetime.date(2022, 5, 24)


@pytest.fixture
def district(chi_lang):
    seed_people()
    return chi_lang


def test_the_three_columns_match_a_hand_count_of_the_demo(district):
    communes = AdministrativeUnit.objects.communes_under(district)
    rows = dict(bm02_rows(unit=district, communes=communes, on=ON))
    total = rows["Tổng số"]
    # The hand count: the people in post on the date, read straight from the tables.
    in_post = Assignment.objects.in_post_on(ON).filter(commune__in=communes)
    people = Official.objects.filter(pk__in=in_post.values("official"))
    religious = people.exclude(religion="").count()
    bachelors = (
        Credential.objects.filter(
            official__in=people, dimension="political_theory", level="bachelor", awarded_on__lte=ON
        )
        .values("official")
        .distinct()
        .count()
    )
    rotated = in_post.filter(from_district=True).values("official").distinct().count()
    assert total["total"] == people.count() == 415
    assert (total["religion"], total["political_theory:bachelor"], total["from_district"]) == (
        religious,
        bachelors,
        rotated,
    )
    assert (religious, bachelors, rotated) == (25, 3, 3)
    assert rows["Xã Nhân Lý"]["political_theory:bachelor"] == bachelors
