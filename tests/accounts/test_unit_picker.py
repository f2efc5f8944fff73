"""The unit picker (issue 18 item 1): a unit is picked by name or code among the user's units;
a name never gives a "not found" page."""

import pytest
from django.urls import reverse

from tests.personas import client_for

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def english(user):
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def test_a_unique_name_reads_as_its_unit_accents_and_case_ignored(district_staff):
    client = english(district_staff)
    for typed in ("Nhân Lý", "nhan ly", "Xã NHÂN LÝ"):
        answer = client.get(
            reverse("spreadsheets:export"), {"unit": typed, "as_of": "24/05/2022"}, **ENGLISH
        )
        assert answer.status_code == 200, typed
        assert "danh-sach-06496-20220524" in answer["Content-Disposition"]


def test_a_name_on_the_dashboard_shows_that_unit(district_staff):
    page = english(district_staff).get(
        reverse("home"), {"unit": "Nhân Lý", "as_of": "24/05/2022"}, **ENGLISH
    )
    assert page.status_code == 200
    assert page.context["scope"].code == "06496"


def test_a_name_several_units_bear_asks_to_pick_one(district_staff):
    # Huyện Chi Lăng, Thị trấn Chi Lăng and Xã Chi Lăng are all in the district in 2022
    page = english(district_staff).get(
        reverse("training:forecast"), {"unit": "Chi Lăng", "as_of": "24/05/2022"}, **ENGLISH
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Several units have this name: pick one" in text
    for unit in ("Huyện Chi Lăng (187)", "Thị trấn Chi Lăng (06466)", "Xã Chi Lăng (06523)"):
        assert unit in text
    # the full name is enough to tell them apart
    page = english(district_staff).get(
        reverse("training:forecast"), {"unit": "Thị trấn Chi Lăng", "as_of": "24/05/2022"}
    )
    assert "Several units" not in page.content.decode()
    assert page.context["form"].errors == {}


def test_a_name_outside_the_scope_is_not_offered_and_says_so_without_a_404(secretary):
    client = english(secretary)
    options = client.get(reverse("accounts:unit_options"), {"as_of": "24/05/2022"}).json()
    assert {unit["code"] for unit in options["units"]} == {"06496"}
    for name in ("training:report", "training:forecast"):
        page = client.get(reverse(name), {"unit": "Bắc Sơn"}, **ENGLISH)
        assert page.status_code == 200, name
        assert "No unit you may see is named “Bắc Sơn”" in page.content.decode()
    export = client.get(reverse("spreadsheets:export"), {"unit": "Bắc Sơn"}, **ENGLISH)
    assert export.status_code == 400
    assert "No unit you may see is named" in export.content.decode()
    dashboard = client.get(reverse("home"), {"unit": "Bắc Sơn"}, **ENGLISH)
    assert dashboard.status_code == 200
    assert "No unit you may see is named" in dashboard.content.decode()


def test_the_picker_offers_the_data_set_of_the_date_first(district_staff):
    client = english(district_staff)
    before = client.get(reverse("accounts:unit_options"), {"as_of": "24/05/2022"}).json()["units"]
    after = client.get(reverse("accounts:unit_options"), {"as_of": "01/08/2025"}).json()["units"]
    assert before[0]["label"].startswith("Huyện Chi Lăng (187)")
    assert after[0]["code"] != "187" and "2025" in after[0]["label"]
    assert {u["code"] for u in before} == {u["code"] for u in after}
    nhan_ly = [u for u in before if u["key"] == "xa nhan ly"]
    assert len(nhan_ly) == 2  # the legacy commune and the 2025 one, each labelled by data set


def test_every_unit_field_is_the_picker(district_staff):
    client = english(district_staff)
    pages = [
        reverse("home"),
        reverse("spreadsheets:import"),
        reverse("training:gaps"),
        reverse("training:forecast"),
        reverse("training:report"),
    ]
    for url in pages:
        text = client.get(url, {"as_of": "24/05/2022"}).content.decode()
        assert 'name="unit"' in text and "data-unit-picker" in text, url
