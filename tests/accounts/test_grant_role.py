"""grant_role USERNAME ROLE UNIT_CODE (DESIGN §10)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import RoleGrant


def test_creates_the_user_and_grants_a_district_in_the_legacy_set(chi_lang):
    call_command(
        "grant_role", "phongnoivu", "district_staff", "187", "--password", "Chi-lang-2022!"
    )
    user = get_user_model().objects.get(username="phongnoivu")
    assert user.check_password("Chi-lang-2022!")
    assert user.is_staff and not user.is_superuser
    assert RoleGrant.objects.get(user=user).unit == chi_lang


def test_a_commune_code_without_zeros_in_a_chosen_data_set(commune):
    call_command("grant_role", "nhanly", "commune_secretary", "6496", "--dataset", "legacy")
    grant = RoleGrant.objects.get(user__username="nhanly")
    assert grant.unit == commune
    assert not grant.user.is_staff
    assert not grant.user.has_usable_password()


def test_without_dataset_a_commune_code_is_read_in_the_set_valid_today(commune):
    call_command("grant_role", "nhanly", "commune_secretary", "06496")
    assert RoleGrant.objects.get(user__username="nhanly").unit.dataset == "2025"


def test_granting_twice_adds_a_second_grant_not_a_duplicate(chi_lang, commune):
    for _ in range(2):
        call_command("grant_role", "xem", "viewer", "187")
    call_command("grant_role", "xem", "viewer", "06496", "--dataset", "legacy")
    assert RoleGrant.objects.filter(user__username="xem").count() == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["x", "commune_secretary", "187"], "một xã"),
        (["x", "district_staff", "06496", "--dataset", "legacy"], "một huyện"),
        (["x", "viewer", "99999"], "Không có đơn vị hành chính nào có mã 99999"),
        (["x", "viewer", "187", "--password", "123"], "quá ngắn"),
    ],
)
def test_refusals_say_why(chi_lang, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args)
    assert not RoleGrant.objects.exists()


def test_an_unknown_role_is_refused(chi_lang):
    with pytest.raises(CommandError):
        call_command("grant_role", "x", "mayor", "187")
