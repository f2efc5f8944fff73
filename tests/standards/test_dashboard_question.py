"""The date, regime and unit travel with the user; the course the dashboard suggests is the one
its drill-down asks for, because both answer the same question on the same date (issue 18)."""

import re

import pytest

from accounts.models import Role
from tests.factories import Registry
from tests.personas import client_for, persona

pytestmark = pytest.mark.django_db

QUESTION = "as_of=2022-05-24&regime=2019"


@pytest.fixture
def chairs(chi_lang, nhan_ly, tt_chi_lang):
    """Two committee chairs without political theory: in a special area (Nhân Lý), where regime
    2019 asks for Sơ cấp, and in Thị trấn Chi Lăng, where it asks for Trung cấp."""
    nhan_ly.special_area = True
    nhan_ly.save()
    reg = Registry()
    people = {}
    for key, commune in (("special", nhan_ly), ("town", tt_chi_lang)):
        person = people[key] = reg.official(f"Chủ Tịch {key}")
        reg.hold(person, "committee_chair", commune)
        reg.cred(person, "general_education", "upper_secondary")
        reg.cred(person, "professional", "bachelor", field="Luật")
    return people


def _holding_back_row(html: str, post: str, dimension: str) -> str:
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        if f"<td>{post}</td><td>{dimension}</td>" in row:
            return row
    raise AssertionError(f"no line for {post} / {dimension}")


def test_the_suggested_course_is_what_the_drill_down_asks_for(chi_lang, chairs):
    client = client_for(persona("phongnoivu", Role.DISTRICT_STAFF, chi_lang))
    page = client.get(f"/?{QUESTION}&unit=187").content.decode()
    row = _holding_back_row(page, "Chủ tịch Uỷ ban nhân dân", "Lý luận chính trị")
    assert (
        "Sơ cấp lý luận chính trị</a> (1)" in row and "Trung cấp lý luận chính trị</a> (1)" in row
    )
    links = re.findall(r'href="(/training/gaps/[^"]+)"', row)
    assert len(links) == 2
    for link in links:
        assert "as_of=2022-05-24" in link and "regime=2019" in link
        assert "position=committee_chair" in link and "unit=187" in link

    drill = client.get(
        f"/compliance/unmet/?position=committee_chair&dimension=political_theory&unit=187&{QUESTION}"
    ).content.decode()
    assert "cần Sơ cấp" in drill and "cần Trung cấp" in drill

    elementary = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert "Tính đến ngày 24/05/2022, theo bộ tiêu chuẩn 2019." in elementary
    assert chairs["special"].full_name in elementary


def test_the_commune_page_keeps_the_date_and_names_who_fails_and_what_is_empty(
    chi_lang, chairs, nhan_ly
):
    client = client_for(persona("phongnoivu", Role.DISTRICT_STAFF, chi_lang))
    dashboard = client.get(f"/?{QUESTION}&unit=187").content.decode()
    link = re.search(r'href="(/communes/\d+/\?[^"]+)">Xã Nhân Lý', dashboard).group(1)
    assert "as_of=2022-05-24" in link and "regime=2019" in link
    page = client.get(link.replace("&amp;", "&") + "&failing=1").content.decode()
    assert "Danh sách ngày 24/05/2022 (bộ tiêu chuẩn 2019)" in page
    assert chairs["special"].full_name in page
    vacant = re.search(r'data-testid="vacant">(.*?)</p>', page, flags=re.S).group(1)
    named = [name.strip() for name in vacant.split(":", 1)[1].split(",")]
    assert "Bí thư Đảng uỷ" in named and "Chủ tịch Uỷ ban nhân dân" not in named
    official = re.search(r'href="(/officials/\d+/\?[^"]+)"', page).group(1)
    assert "as_of=2022-05-24" in official and "regime=2019" in official
