"""A district officer and a commune secretary at work in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_district_staff_read_83_37_and_drill_down(page, live_server, seeded_district, login, shot):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.fill("#id_as_of", "2022-05-24")
    page.click("form.question button[type=submit]")
    expect(page.get_by_test_id("percent")).to_have_text("83,37 %")
    expect(page.locator("h1")).to_have_text("Huyện Chi Lăng")
    shot("dashboard-chi-lang-2022-05-24")
    page.get_by_role("link", name="Xã Nhân Lý").first.click()
    expect(page.locator("h1")).to_contain_text("Xã Nhân Lý")
    expect(page.locator(".kpi.strong .value")).to_have_text("90,00 %")
    shot("commune-nhan-ly")
    page.get_by_role("link", name="Vi Công Hậu").click()
    expect(page.locator("body")).to_contain_text("Vi Công Hậu")
    shot("official-vi-cong-hau")


def test_secretary_cannot_open_another_commune(page, live_server, seeded_district, login, shot):
    nhan_ly = seeded_district.children.get(code="06496")
    town = seeded_district.children.get(code="06466")
    login("nhanly", Role.COMMUNE_SECRETARY, nhan_ly)
    expect(page.locator("h1")).to_have_text("Xã Nhân Lý")
    response = page.goto(f"{live_server.url}/communes/{town.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/communes/{nhan_ly.pk}/?as_of=2022-05-24")
    expect(page.locator(".kpi.strong .value")).to_have_text("90,00 %")
    expect(page.locator("body")).not_to_contain_text("Thị trấn Chi Lăng")
    shot("secretary-nhan-ly")


def test_the_dashboard_is_readable_on_a_phone(page, live_server, seeded_district, login, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(f"{live_server.url}/?as_of=2022-05-24")
    expect(page.get_by_test_id("percent")).to_have_text("83,37 %")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page is {width} px wide on a 390 px screen"
    shot("dashboard-phone")
    assert re.search(r"415", page.content())
