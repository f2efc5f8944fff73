"""Who sees and changes what (DESIGN §9): scope by grant, right by role, 404 out, 403 in."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access
from accounts.models import Role
from accounts.services import grant_role
from tests.personas import PASSWORD


def test_a_secretary_sees_her_commune_only(secretary, officials, commune, chi_lang_town):
    visible = set(access.officials_visible_to(secretary))
    assert visible == {officials["nhan_ly"]}
    assert access.can_edit_commune(secretary, commune)
    assert not access.can_edit_commune(secretary, chi_lang_town)
    assert not access.can_verify(secretary, commune)
    assert access.get_official_for_user_or_404(secretary, officials["nhan_ly"].pk, write=True)
    with pytest.raises(Http404):
        access.get_official_for_user_or_404(secretary, officials["chi_lang_town"].pk)


def test_district_staff_see_the_whole_district_and_not_bac_son(
    district_staff, officials, chi_lang, bac_son
):
    visible = set(access.officials_visible_to(district_staff))
    assert visible == {officials["nhan_ly"], officials["chi_lang_town"]}
    communes = access.visible_communes(district_staff)
    assert communes.filter(dataset="legacy").count() == chi_lang.children.count()
    assert not communes.filter(parent=bac_son).exists()
    assert access.can_verify(district_staff, officials["nhan_ly"].assignments.get().commune)
    with pytest.raises(Http404):
        access.get_official_for_user_or_404(district_staff, officials["bac_son"].pk)


def test_the_scope_follows_communes_into_the_2025_data_set(secretary, commune):
    new_nhan_ly = commune.successors.get()
    assert new_nhan_ly.dataset == "2025"
    assert access.visible_communes(secretary).filter(pk=new_nhan_ly.pk).exists()
    # but not the other legacy communes merged into it
    others = new_nhan_ly.predecessors.exclude(pk=commune.pk)
    assert others.exists()
    assert not access.visible_communes(secretary).filter(pk__in=others).exists()


def test_viewers_read_but_get_403_on_writes_and_see_masked_ids(viewer, officials):
    nhan_ly = officials["nhan_ly"]
    assert access.get_official_for_user_or_404(viewer, nhan_ly.pk) == nhan_ly
    with pytest.raises(PermissionDenied):
        access.get_official_for_user_or_404(viewer, nhan_ly.pk, write=True)
    assert not access.can_see_citizen_id(viewer, nhan_ly)
    assert access.mask_citizen_id("020070001234") == "••••••••1234"


def test_several_grants_add_up(secretary, chi_lang_town, officials):
    grant_role(username="nhanly", role=Role.VIEWER, unit=chi_lang_town)
    access.forget_grants(secretary)
    assert set(access.officials_visible_to(secretary)) == {
        officials["nhan_ly"],
        officials["chi_lang_town"],
    }
    assert set(access.officials_editable_by(secretary)) == {officials["nhan_ly"]}
    assert access.role_of(secretary) == Role.COMMUNE_SECRETARY


def test_superusers_see_everything_and_users_without_grants_nothing(
    superuser, officials, django_user_model
):
    assert access.officials_visible_to(superuser).count() == 3
    nobody = django_user_model.objects.create_user("khach", password=PASSWORD)
    assert not access.officials_visible_to(nobody).exists()
    assert not access.visible_units(nobody).exists()
    assert access.role_of(nobody) is None


def test_removed_officials_are_hidden_from_all_but_superusers(district_staff, superuser, officials):
    from django.utils import timezone

    official = officials["nhan_ly"]
    official.removed_at = timezone.now()
    official.save()
    assert official not in access.officials_visible_to(district_staff)
    assert not access.assignments_visible_to(district_staff).filter(official=official).exists()
    assert not access.credentials_visible_to(district_staff).filter(official=official).exists()
    assert official in access.officials_visible_to(superuser)
