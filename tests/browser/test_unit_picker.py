"""The unit picker in a real browser: part of a name, typed without accents, picks the unit."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_unit_is_picked_by_typing_part_of_its_name(
    page, live_server, seeded_district, login, clicks, shot
):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(f"{live_server.url}/?as_of=24/05/2022")
    expect(page.locator("h1")).to_have_text("Huyện Chi Lăng")
    unit = page.locator("#id_unit")
    unit.fill("nhan l")  # no accents, part of the name
    offered = page.locator("#id_unit-options [role=option]")
    choice = offered.filter(has_text="Xã Nhân Lý (06496)")
    expect(choice.first).to_be_visible()
    expect(offered.filter(has_text="Chi Lăng")).to_have_count(0)
    shot("unit-picker-typed")
    clicks.click(choice.first)
    expect(unit).to_have_value("06496")
    expect(page.locator(".unit-named")).to_contain_text("Xã Nhân Lý")
    clicks.click(page.locator("form.question button[type=submit]"))
    expect(page.locator("h1")).to_have_text("Xã Nhân Lý")
    clicks.done("pick a commune by typing part of its name", limit=3)
