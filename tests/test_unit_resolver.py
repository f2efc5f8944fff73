"""One unit resolver for pages, commands, API and forms (DESIGN §10, §11.1)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from units.models import AdministrativeUnit, Dataset, UnitNotValid, UnknownUnit

BEFORE = datetime.date(2022, 5, 24)
AFTER = datetime.date(2026, 6, 30)
SIX = ["Xã Chi Lăng", "Xã Bằng Mạc", "Xã Chiến Thắng", "Xã Nhân Lý", "Xã Vạn Linh", "Xã Quan Sơn"]


def resolve(code, **kw):
    return AdministrativeUnit.objects.resolve(code, **kw)


def test_a_code_is_read_in_the_data_set_of_the_date(chi_lang):
    assert resolve("187", on=BEFORE) == chi_lang
    assert resolve("20", on=BEFORE).dataset == Dataset.LEGACY
    assert resolve("20", on=AFTER).dataset == Dataset.Y2025
    assert resolve("6463", on=BEFORE).name == "Thị trấn Đồng Mỏ"
    assert resolve("06463", on=AFTER).name == "Xã Chi Lăng"


def test_a_district_after_the_reform_says_when_it_ceased_and_names_its_successors(chi_lang):
    with pytest.raises(UnitNotValid) as caught:
        resolve("187", on=AFTER)
    message = str(caught.value)
    assert "Huyện Chi Lăng (187)" in message
    assert "30/06/2025" in message
    assert sorted(u.name for u in caught.value.related) == sorted(SIX)
    for name in SIX:
        assert name in message


def test_a_2025_commune_before_the_reform_names_what_it_was_formed_from(chi_lang):
    with pytest.raises(UnitNotValid) as caught:
        resolve("06463", on=BEFORE, dataset=Dataset.Y2025)
    message = str(caught.value)
    assert "01/07/2025" in message
    for name in ("Thị trấn Đồng Mỏ", "Thị trấn Chi Lăng", "Xã Chi Lăng (06523)"):
        assert name in message


def test_an_unknown_code_is_a_clear_error(chi_lang):
    with pytest.raises(UnknownUnit, match="99999"):
        resolve("99999", on=AFTER)


def test_a_unit_that_existed_during_a_period_is_accepted_for_it(chi_lang):
    assert resolve("187", on=AFTER, since=datetime.date(2024, 1, 1)) == chi_lang


def test_compliance_report_on_a_ceased_district_exits_non_zero_naming_the_six(chi_lang):
    with pytest.raises(CommandError) as caught:
        call_command("compliance_report", unit="187", as_of=AFTER, stdout=io.StringIO())
    for name in SIX:
        assert name in str(caught.value)


def test_export_roster_of_a_ceased_district_today_fails_but_every_post_exports(chi_lang, tmp_path):
    with pytest.raises(CommandError, match="30/06/2025"):
        call_command("export_roster", str(tmp_path / "a.csv"), unit="187", stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_roster", str(tmp_path / "b.csv"), unit="187", all=True, stdout=out)
    assert (tmp_path / "b.csv").exists()


def test_the_api_and_the_dashboard_name_the_successors(chi_lang, admin_client):
    answer = admin_client.get("/api/v1/compliance", {"unit": "187", "as_of": "2026-06-30"})
    assert answer.status_code == 404
    body = answer.json()
    assert "30/06/2025" in body["errors"]["unit"][0]
    assert sorted(u["name"] for u in body["related_units"]) == sorted(SIX)
    page = admin_client.get("/", {"unit": "187", "as_of": "2026-06-30"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="percent"' not in text
    assert "30/06/2025" in text
    assert "?unit=06496&amp;dataset=2025" in text
