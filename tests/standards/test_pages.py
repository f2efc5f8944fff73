"""The dashboard, the commune page and the unmet list: the engine's figures, in Vietnamese."""

import datetime

import pytest

from demo.seed_chilang import seed_people
from standards.compliance import question_for, reasons, report, scope_filter
from standards.models import Requirement
from tests.personas import client_for


@pytest.fixture
def seeded(chi_lang):
    seed_people()
    return chi_lang


@pytest.fixture
def staff(seeded, district_staff):
    return client_for(district_staff)


def test_dashboard_shows_83_37_for_chi_lang_on_24_05_2022(staff):
    page = staff.get("/", {"as_of": "2022-05-24"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Huyện Chi Lăng" in text
    assert 'data-testid="percent">83,37 %<' in text
    assert "415" in text and "346" in text
    assert "61,21 %" in text  # the trend from 31/12/2015 under the same regime
    assert "Thị trấn Chi Lăng" in text and "75,00 %" in text
    assert "90,00 %" in text  # Xã Nhân Lý
    assert "Tiêu chuẩn cán bộ, công chức cấp xã theo NĐ 34/2019" in text


def test_dashboard_in_english_uses_a_decimal_point(staff):
    staff.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = staff.get("/", {"as_of": "2022-05-24"}).content.decode()
    assert 'data-testid="percent">83.37 %<' in text
    assert "officials in post" in text


def test_dashboard_before_any_regime_asks_for_one(staff):
    text = staff.get("/", {"as_of": "2010-01-01"}).content.decode()
    assert "chưa có bộ tiêu chuẩn nào có hiệu lực" in text
    picked = staff.get("/", {"as_of": "2010-01-01", "regime": "2012"}).content.decode()
    assert 'data-testid="percent">' in picked


def test_dashboard_with_a_bad_date_explains(staff):
    text = staff.get("/", {"as_of": "2022-02-31"}).content.decode()
    assert "24/05/2022" in text  # the example of a real date


def test_an_unknown_regime_keeps_the_date_and_says_what_is_wrong_beside_the_regime(staff):
    page = staff.get("/", {"as_of": "2022-05-24", "regime": "1990"})
    text = page.content.decode()
    assert 'data-testid="percent">83,37 %<' in text  # the figures of 24/05/2022, not today's
    assert 'name="as_of" value="24/05/2022"' in text  # the date input writes dd/mm/yyyy
    regime_field = text[text.index('id="id_regime"') : text.index('for="id_unit"')]
    assert "Không có bộ tiêu chuẩn này." in regime_field


def test_a_bad_date_keeps_the_chosen_regime(staff):
    text = staff.get("/", {"as_of": "2022-02-31", "regime": "2012"}).content.decode()
    # Today the district has ceased (its page names its successors); the regime stays chosen.
    assert '<option value="2012" selected>' in text
    date_field = text[text.index('id="id_as_of"') : text.index('for="id_regime"')]
    assert "24/05/2022" in date_field  # the error stands beside the date


def test_what_holds_us_back_links_to_the_officials_concerned(staff, seeded):
    text = staff.get("/", {"as_of": "2022-05-24"}).content.decode()
    assert "position=office_statistics&amp;dimension=it" in text
    assert "/training/gaps/?programme=it_basic" in text  # the gap list of the closing course
    # The committee chairs of 2022 serve in special areas, where regime 2019 asks for Sơ cấp.
    assert "/training/gaps/?programme=pt_elementary&amp;position=committee_chair" in text
    assert "programme=pt_intermediate&amp;position=committee_chair" not in text
    page = staff.get(
        "/compliance/unmet/",
        {"position": "office_statistics", "dimension": "it", "as_of": "2022-05-24"},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tin học: cần Ứng dụng CNTT cơ bản" in body
    on = datetime.date(2022, 5, 24)
    counted = report(question_for(on), seeded).total.unmet[("office_statistics", "it")]
    assert counted > 0
    assert body.count("<tr>") == 1 + counted  # the header and the people the dashboard counts


def test_commune_page_roster_with_reasons(staff, seeded):
    nhan_ly = seeded.children.get(code="06496")
    page = staff.get(f"/communes/{nhan_ly.pk}/", {"as_of": "2022-05-24"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "90,00 %" in text
    assert "Vi Công Hậu" in text
    assert text.count('class="badge ok"') == 18
    assert text.count('class="badge no"') == 2
    assert "cần" in text  # the reasons in words


def test_a_secretary_sees_their_commune_only(seeded, secretary):
    nhan_ly = seeded.children.get(code="06496")
    town = seeded.children.get(code="06466")
    client = client_for(secretary)
    assert client.get(f"/communes/{nhan_ly.pk}/").status_code == 200
    assert client.get(f"/communes/{town.pk}/").status_code == 404
    text = client.get("/", {"as_of": "2022-05-24"}).content.decode()
    assert "Xã Nhân Lý" in text
    assert "Thị trấn Chi Lăng" not in text
    assert client.get("/", {"unit": "187"}).status_code == 404
    assert client.get("/api/v1/compliance", {"unit": "187"}).status_code == 404
    assert client.get("/api/v1/compliance", {"unit": "06466"}).status_code == 404


def test_official_page_tells_compliance_on_a_date_and_training(staff, seeded):
    from officials.models import Official
    from standards.compliance import question_for, reasons

    found = reasons(question_for(__import__("datetime").date(2022, 5, 24)))
    official = Official.objects.get(pk=next(iter(found)))
    page = staff.get(f"/officials/{official.pk}/", {"as_of": "2022-05-24"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Chưa đạt chuẩn" in text
    assert str(found[official.pk][0]) in text
    assert "In sơ yếu lý lịch tóm tắt" in text
    before = staff.get(f"/officials/{official.pk}/", {"as_of": "2010-01-01"}).content.decode()
    assert "chưa có bộ tiêu chuẩn nào có hiệu lực" in before


def test_the_catalogue_page_lists_every_requirement_with_its_article(staff):
    text = staff.get("/catalogue/").content.decode()
    assert "NĐ 33/2023 Điều 10 k2" in text
    assert "QĐ 04/2004 Điều 5" in text
    assert "TT 87/2011, mặc định" in text
    assert (
        text.count("<td>mặc định</td>")
        == Requirement.objects.filter(is_default=True, citation="").count()
    )
    assert "25/06/2019" in text  # the 23/21/19 quota's own start
    assert "xây dựng đảng" in text


def test_reasons_on_the_official_page_and_the_roster_name_the_article(staff, seeded):
    on = datetime.date(2022, 5, 24)
    nhan_ly = seeded.children.get(code="06496")
    found = reasons(question_for(on), where=scope_filter(nhan_ly, on))
    assert len(found) == 2
    roster = staff.get(f"/communes/{nhan_ly.pk}/", {"as_of": "2022-05-24"}).content.decode()
    for official, listed in found.items():
        page = staff.get(f"/officials/{official}/", {"as_of": "2022-05-24"}).content.decode()
        for reason in listed:
            assert reason.basis and f"({reason.basis})" in str(reason)
            assert str(reason) in page
            assert str(reason) in roster
