"""Bulk inserts (cadre_registry.bulk): the rows and history rows a roster import writes by COPY."""

import datetime

import pytest

from cadre_registry.bulk import insert_with_history, unsaved
from officials.models import Credential, Official, Verification

pytestmark = pytest.mark.django_db


def _values(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if not f.generated and f.attname != "evidence"
    } | {"evidence": obj.evidence.name}


def test_unsaved_builds_what_the_model_constructor_builds(reg):
    official = reg.official()
    values = {"dimension": "professional", "level": "bachelor", "field": "Kế toán"}
    fast = unsaved(Credential, official=official, **values)
    slow = Credential(official=official, **values)
    assert _values(fast) == _values(slow)
    assert fast.official is official and fast._state.adding
    with pytest.raises(TypeError):
        unsaved(Credential, official=official, grade="A")


def test_inserted_rows_and_their_history_rows_hold_the_same_values(reg, superuser):
    official = unsaved(
        Official,
        full_name="Hoàng Thị Lan",
        search_key="hoang thi lan",
        date_of_birth=datetime.date(1982, 7, 25),
        gender="female",
        citizen_id="020082004567",
        party_member=True,
        party_joined_on=datetime.date(2010, 5, 19),
    )
    insert_with_history(Official, [official], user=superuser, reason="from import r.xlsx")
    credentials = [
        unsaved(
            Credential,
            official_id=official.pk,
            dimension="foreign_language",
            level="level_3",
            language="Tiếng Anh",
            verification=Verification.PENDING,
        ),
        unsaved(Credential, official_id=official.pk, dimension="it", level="basic"),
    ]
    insert_with_history(Credential, credentials, user=superuser, reason="from import r.xlsx")

    stored = Official.objects.get(citizen_id="020082004567")
    assert (stored.full_name, stored.party_joined_on, stored.version) == (
        "Hoàng Thị Lan",
        datetime.date(2010, 5, 19),
        1,
    )
    for credential in Credential.objects.filter(official=stored):
        record = credential.history.get()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            superuser,
            "from import r.xlsx",
        )
        tracked = [f.attname for f in Credential.history.model.tracked_fields]
        assert {name: getattr(record, name) for name in tracked} == {
            name: getattr(credential, name) for name in tracked
        }
    assert sorted(Credential.objects.values_list("level", "verification")) == [
        ("basic", "verified"),
        ("level_3", "pending"),
    ]
