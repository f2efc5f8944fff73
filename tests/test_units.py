"""Administrative units of both data sets (DESIGN §2) and load_units (DESIGN §10)."""

import pytest
from django.core.management import CommandError, call_command

from units.loader import load_units
from units.models import AdministrativeUnit, Dataset, Kind, Level


def test_chi_lang_district_has_its_twenty_communes(chi_lang):
    assert chi_lang.name == "Huyện Chi Lăng"
    assert chi_lang.kind == Kind.DISTRICT
    assert chi_lang.parent.code == "20"
    assert chi_lang.parent.name == "Tỉnh Lạng Sơn"
    communes = chi_lang.children.all()
    assert communes.count() == 20
    assert {c.kind for c in communes} == {Kind.TOWNSHIP, Kind.COMMUNE}
    assert communes.get(code="06466").name == "Thị trấn Chi Lăng"
    assert communes.get(code="06496").name == "Xã Nhân Lý"


def test_same_code_in_two_data_sets_is_two_places(chi_lang):
    dong_mo = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code="06463")
    chi_lang_2025 = AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="06463")
    assert dong_mo.pk != chi_lang_2025.pk
    assert dong_mo.name == "Thị trấn Đồng Mỏ"
    assert chi_lang_2025.name == "Xã Chi Lăng"
    assert str(dong_mo.valid_to) == "2025-06-30"
    assert str(chi_lang_2025.valid_from) == "2025-07-01"
    # The two-level set has no districts: the new commune hangs from the province.
    assert chi_lang_2025.parent.level == Level.PROVINCE


def test_merged_communes_point_to_their_successor(chi_lang):
    new = AdministrativeUnit.objects.get(dataset=Dataset.Y2025, code="06463")
    sources = set(new.predecessors.values_list("name", flat=True))
    assert sources == {"Thị trấn Đồng Mỏ", "Thị trấn Chi Lăng", "Xã Chi Lăng"}
    nhan_ly = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code="06496")
    assert [u.name for u in nhan_ly.successors.all()] == ["Xã Nhân Lý"]


def test_codes_are_read_with_or_without_leading_zeros(chi_lang):
    assert AdministrativeUnit.objects.by_code("6496", dataset="legacy").get().name == "Xã Nhân Lý"
    assert AdministrativeUnit.objects.by_code("06496", dataset="legacy").get().name == "Xã Nhân Lý"
    import datetime

    assert (
        AdministrativeUnit.objects.by_code("6463", on=datetime.date(2025, 7, 1)).get().name
        == "Xã Chi Lăng"
    )


def test_reloading_changes_nothing_and_keeps_local_edits(chi_lang):
    nhan_ly = chi_lang.children.get(code="06496")
    nhan_ly.commune_class = "II"
    nhan_ly.special_area = True
    nhan_ly.save()
    before = AdministrativeUnit.objects.count()
    result = load_units(provinces=["20"])
    assert (result.created, result.updated) == (0, 0)
    assert AdministrativeUnit.objects.count() == before
    nhan_ly.refresh_from_db()
    assert (nhan_ly.commune_class, nhan_ly.special_area) == ("II", True)


@pytest.mark.django_db
def test_whole_country_both_data_sets(capsys):
    call_command("load_units")
    units = AdministrativeUnit.objects
    assert units.filter(dataset="legacy", level="province").count() == 63
    assert units.filter(dataset="legacy", level="district").count() == 696
    assert units.filter(dataset="legacy", level="commune").count() == 10051
    assert units.filter(dataset="2025", level="province").count() == 34
    assert units.filter(dataset="2025", level="commune").count() == 3321
    assert units.filter(dataset="2025", kind=Kind.SPECIAL_ZONE).count() == 13
    assert "14165 created" in capsys.readouterr().out
    call_command("load_units")
    assert "0 created, 0 updated, 14165 unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_one_data_set_only():
    call_command("load_units", province=["20"], dataset="2025")
    assert not AdministrativeUnit.objects.filter(dataset="legacy").exists()
    assert AdministrativeUnit.objects.filter(dataset="2025", level="commune").count() == 65


@pytest.mark.django_db
def test_unknown_province_is_refused_and_nothing_is_loaded():
    with pytest.raises(CommandError, match="99"):
        call_command("load_units", province=["20", "99"])
    assert not AdministrativeUnit.objects.exists()


def test_only_a_commune_has_a_class(chi_lang):
    from django.core.exceptions import ValidationError

    chi_lang.commune_class = "I"
    with pytest.raises(ValidationError, match="Chỉ xã, phường, thị trấn mới có loại"):
        chi_lang.full_clean()


def test_a_code_only_the_other_data_set_knows_names_its_unit_and_when_it_ceased(chi_lang):
    import datetime

    from units.models import UnitNotValid

    after = datetime.date(2026, 1, 1)
    with pytest.raises(UnitNotValid) as caught:
        AdministrativeUnit.objects.resolve("187", on=after)
    assert caught.value.unit == chi_lang
    assert AdministrativeUnit.objects.resolve("06463", on=after).name == "Xã Chi Lăng"
    with pytest.raises(Exception, match="187"):
        AdministrativeUnit.objects.resolve("187", on=after, dataset="2025")
