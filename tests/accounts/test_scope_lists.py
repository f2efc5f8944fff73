"""The scope read as plain lists of ids, once per request (issue 12)."""

import pytest
from django.db.models import Q

from accounts import access
from accounts.services import grant_role
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def nested_scope(unit_ids):
    """The scope as one nested query, as it was read before (the reference)."""
    under = AdministrativeUnit.objects.filter(
        Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids) | Q(parent__parent_id__in=unit_ids)
    ).values("pk")
    links = AdministrativeUnit.successors.through.objects
    later = links.filter(from_administrativeunit__in=under).values("to_administrativeunit")
    earlier = links.filter(to_administrativeunit__in=under).values("from_administrativeunit")
    return set(
        AdministrativeUnit.objects.filter(
            Q(pk__in=under) | Q(pk__in=later) | Q(pk__in=earlier)
        ).values_list("pk", flat=True)
    )


def units(dataset, code):
    return AdministrativeUnit.objects.get(dataset=dataset, code=code)


@pytest.mark.parametrize(
    "grants",
    [
        [("legacy", "187")],  # a legacy district: its communes and the 2025 communes after them
        [("legacy", "20")],  # a legacy province: districts, communes, successors
        [("2025", "20")],  # a 2025 province: its communes and the legacy ones before them
        [("legacy", "06496")],  # one legacy commune
        [("legacy", "187"), ("2025", "20")],
        [],
    ],
)
def test_the_scope_read_step_by_step_names_the_same_units(chi_lang, grants):
    ids = [units(dataset, code).pk for dataset, code in grants]
    assert access.unit_ids_in_scope(ids) == nested_scope(ids)
    assert set(access.units_in_scope(ids).values_list("pk", flat=True)) == nested_scope(ids)


def test_the_scope_is_read_once_per_user_object(chi_lang, commune, django_assert_num_queries):
    user, _grant, _new = grant_role(username="phongnoivu", role="district_staff", unit=chi_lang)
    other = AdministrativeUnit.objects.exclude(pk__in=access.visible_units(user)).first()

    def ask():
        assert access.can_see_unit(user, commune)
        assert access.can_edit_commune(user, commune)
        assert access.can_verify(user, commune)
        assert access.may_verify_entries(user)
        assert not access.can_see_unit(user, other)

    ask()
    with django_assert_num_queries(0):
        ask()
        ask()


def test_a_new_grant_widens_the_scope_read_before(chi_lang, commune):
    user, _grant, _new = grant_role(username="canbo", role="viewer", unit=commune)
    tt = chi_lang.children.get(code="06466")
    assert not access.can_see_unit(user, tt)
    assert not access.can_edit_commune(user, commune)
    grant_role(username="canbo", role="district_staff", unit=chi_lang)
    access.forget_grants(user)  # as grant_role does for the user object it changes
    assert access.can_see_unit(user, tt)
    assert access.can_edit_commune(user, commune)
