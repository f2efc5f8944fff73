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


def fresh(user):
    """The same user as the next request reads it (nothing kept on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_the_scope_is_kept_between_requests_and_read_again_after_any_unit_write(
    chi_lang, commune, django_assert_max_num_queries
):
    user, _grant, _new = grant_role(username="phongnoivu", role="district_staff", unit=chi_lang)
    elsewhere = AdministrativeUnit.objects.filter(
        dataset="legacy", level="commune", parent__parent__code="20"
    ).exclude(parent=chi_lang)[0]
    assert not access.can_edit_commune(fresh(user), elsewhere)
    next_request = fresh(user)
    with django_assert_max_num_queries(2):  # the grants and the structure's version, no more
        assert access.can_edit_commune(next_request, commune)
    # A write that no signal sees (a bulk update): moved into the district, then back.
    AdministrativeUnit.objects.filter(pk=elsewhere.pk).update(parent=chi_lang)
    assert access.can_edit_commune(fresh(user), elsewhere)
    AdministrativeUnit.objects.filter(pk=elsewhere.pk).update(parent=commune.parent.parent)
    assert not access.can_edit_commune(fresh(user), elsewhere)
    # A succession link written in bulk: the 2025 commune after one of the district's is read.
    later = AdministrativeUnit.objects.filter(dataset="2025", level="commune").exclude(
        pk__in=access.visible_units(fresh(user))
    )[0]
    assert not access.can_see_unit(fresh(user), later)
    AdministrativeUnit.successors.through.objects.bulk_create(
        [
            AdministrativeUnit.successors.through(
                from_administrativeunit=commune, to_administrativeunit=later
            )
        ]
    )
    assert access.can_see_unit(fresh(user), later)


def test_a_grant_taken_away_ends_the_kept_scope(chi_lang, commune):
    user, grant, _new = grant_role(username="phongnoivu", role="district_staff", unit=chi_lang)
    assert access.can_edit_commune(fresh(user), commune)
    grant.delete()
    assert not access.can_see_unit(fresh(user), commune)
    grant_role(username="phongnoivu", role="viewer", unit=commune)
    assert access.can_see_unit(fresh(user), commune)
    assert not access.can_edit_commune(fresh(user), commune)  # a viewer's scope, not the staff's
