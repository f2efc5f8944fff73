"""The ladders as amended (DESIGN §4): old certificates stand on a rung, their label kept."""

import datetime

import pytest

from officials.levels import level_label, rank
from standards.compliance import question_for, reasons
from standards.models import Regime, Requirement

ON = datetime.date(2022, 5, 24)


def test_old_it_certificates_stand_on_the_basic_rung_below_advanced():
    assert {rank("it", level) for level in ("cert_a", "cert_b", "cert_c", "basic")} == {1}
    assert rank("it", "advanced") == 2
    assert level_label("it", "cert_a") == "Chứng chỉ A"  # shown as written, not as "basic"


def test_old_language_certificates_stand_on_levels_1_2_3():
    for old, new in (("cert_a", "level_1"), ("cert_b", "level_2"), ("cert_c", "level_3")):
        assert rank("foreign_language", old) == rank("foreign_language", new)
    assert rank("foreign_language", "cert_c") < rank("foreign_language", "level_4")


@pytest.mark.parametrize(
    ("held", "meets"), [("cert_b", True), ("cert_a", False), ("level_2", True)]
)
def test_a_language_requirement_of_a2_is_met_by_the_old_certificate_b(reg, nhan_ly, held, meets):
    Requirement.objects.create(
        regime=Regime.objects.get(code="2019"),
        position_id=reg.accountant(nhan_ly).assignments.get().position_id,
        dimension="foreign_language",
        min_level="level_2",
        is_default=True,
    )
    person = reg.accountant(nhan_ly)
    reg.cred(person, "foreign_language", held)
    found = reasons(question_for(ON), officials=[person.pk]).get(person.pk, [])
    assert (found == []) is meets
