"""Issue 18's tasks replayed in chromium by a district officer, counting clicks (typing is free):
compliance on a date and its reasons, and a nomination from the dashboard's named gap into a
newly opened class. The counts are printed after the run (and in test-artifacts/browser/)."""

import datetime
import importlib
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from training.models import CourseRun

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _programmes(seeded_district):
    """The training programmes the migrations ship (a transactional test may have flushed them)."""
    from django.apps import apps

    from training.migrations import __name__ as package

    migration = importlib.import_module(f"{package}.0002_default_catalogue")
    migration.create_catalogue(apps, None)


def _dashboard_on_24_05_2022(page, clicks):
    page.fill("#id_as_of", "24/5/2022")  # as offices type it
    clicks.click(page.locator("form.question button[type=submit]"))
    expect(page.get_by_test_id("percent")).to_have_text("83,37 %")
    expect(page.locator("#id_as_of")).to_have_value("24/05/2022")


def test_compliance_on_a_date_and_its_reasons(page, seeded_district, login, clicks, shot):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    _dashboard_on_24_05_2022(page, clicks)
    clicks.click(page.get_by_role("link", name="Xã Nhân Lý", exact=True))
    expect(page.locator(".kpi.strong .value")).to_have_text("90,00 %")
    # The tab names the page in words: no stylesheet or script inside <title> (issue 14).
    expect(page).to_have_title(re.compile(r"^Xã Nhân Lý · [^<>{}]+$"))
    expect(page.locator("h2").first).to_have_text("Danh sách ngày 24/05/2022 (bộ tiêu chuẩn 2019)")
    clicks.check(page.get_by_label("Chỉ những người chưa đạt chuẩn (2)"))
    rows = page.locator("table.roster tbody tr:not(.panel)")
    expect(rows).to_have_count(2)
    expect(page.locator("table.roster .badge.ok")).to_have_count(0)
    shot("commune-nhan-ly-not-compliant")
    name = rows.first.locator("td").nth(1).locator("a").inner_text()
    clicks.click(rows.first.get_by_role("link", name=name))
    expect(page.locator("h1")).to_have_text(name)
    expect(page).to_have_title(re.compile(rf"^{re.escape(name)} · [^<>{{}}]+$"))
    standing = page.locator("section.standing")
    expect(standing).to_contain_text("Ngày 24/05/2022, theo bộ tiêu chuẩn 2019")
    expect(standing.locator(".reasons li").first).to_contain_text("cần")
    shot("official-reasons-24-05-2022")
    clicks.done("compliance on 24/05/2022 and the reasons of one who fails", limit=10)


def test_nominate_the_dashboards_gap_into_a_new_class(page, seeded_district, login, clicks, shot):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    _dashboard_on_24_05_2022(page, clicks)
    chair = page.get_by_role("cell", name="Chủ tịch Uỷ ban nhân dân", exact=True)
    line = page.locator("tr", has=chair).filter(has_text="Lý luận chính trị")
    course = line.get_by_role("link", name="Sơ cấp lý luận chính trị")
    clicks.click(course)
    expect(page.get_by_test_id("question")).to_have_text(
        "Tính đến ngày 24/05/2022, theo bộ tiêu chuẩn 2019."
    )
    expect(page.locator("#id_position")).to_have_value("committee_chair")
    boxes = page.locator('input[name="official"]')
    names = []
    for index in range(3):
        clicks.check(boxes.nth(index))
        names.append(
            page.locator(f'label[for="{boxes.nth(index).get_attribute("id")}"]').inner_text()
        )
    expect(page.locator("[data-selected-count]")).to_have_text("3")
    shot("gap-list-three-chosen")
    clicks.click(page.get_by_role("button", name="Mở lớp mới cho những người đã chọn"))
    expect(page.locator("#id_programme option:checked")).to_have_text("Sơ cấp lý luận chính trị")
    expect(page.locator("#id_unit")).to_have_value("187")  # the unit picker, prefilled
    for name in names:
        expect(page.locator(".notice")).to_contain_text(name)
    page.fill("#id_provider", "Trung tâm Chính trị huyện Chi Lăng")
    page.fill("#id_starts_on", f"{TODAY + datetime.timedelta(days=14):%d-%m-%Y}")
    page.fill("#id_ends_on", f"{TODAY + datetime.timedelta(days=90):%d/%m/%Y}")
    shot("class-form-prefilled")
    clicks.click(page.get_by_role("button", name="Lưu lại"))
    expect(page.locator(".messages .success")).to_have_text(
        "Lớp đã được mở và 3 cán bộ đã được cử đi học."
    )
    for name in names:
        expect(page.locator("table").first).to_contain_text(name)
    run = CourseRun.objects.get()
    assert run.programme.code == "pt_elementary" and run.enrolments.count() == 3
    shot("class-opened-with-three")
    clicks.done("from the dashboard's gap on 24/05/2022 to 3 nominated into a new class", limit=10)


def test_bm02_seen_on_screen_then_downloaded_ready_to_print(
    page, seeded_district, login, clicks, shot
):
    from openpyxl import load_workbook

    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    clicks.click(page.locator("#main-nav summary", has_text="Báo cáo"))
    clicks.click(page.get_by_role("link", name="Báo cáo BM02/BNV"))
    page.get_by_label("Tính đến ngày").fill("24/5/2022")
    clicks.click(page.get_by_role("button", name="Xem"))
    expect(page.locator("h1")).to_contain_text("Huyện Chi Lăng, tính đến ngày 24/05/2022")
    expect(page.locator("tr.total td").nth(1)).to_have_text("415")  # the article's 415 in post
    shot("bm02-preview")
    with page.expect_download() as download:
        clicks.click(page.get_by_role("link", name="Tải tệp Excel (.xlsx)"))
    assert download.value.suggested_filename == "BM02-BNV-187-20220524.xlsx"
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(handle).active
    assert (sheet.page_setup.orientation, sheet.print_title_rows) == ("landscape", "$7:$9")
    clicks.done("BM02/BNV on 24/05/2022 seen on screen, then the file to print", limit=6)


def test_the_calendar_fills_the_date(page, seeded_district, login, clicks):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    clicks.click(page.get_by_role("button", name="Chọn trên lịch"))
    calendar = page.get_by_role("dialog")
    clicks.choose(calendar.locator(".datepicker-year"), "2022")
    clicks.choose(calendar.locator(".datepicker-month"), value="4")  # May
    clicks.click(calendar.locator('button[data-date="24/05/2022"]'))
    expect(page.locator("#id_as_of")).to_have_value("24/05/2022")
    clicks.click(page.locator("form.question button[type=submit]"))
    expect(page.get_by_test_id("percent")).to_have_text("83,37 %")
    clicks.done("a date picked on the calendar", limit=10)


def test_the_commune_table_sorts_by_percent(page, seeded_district, login):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(page.url + "?as_of=2022-05-24")
    table = page.locator("table[data-sortable]")
    header = table.get_by_role("button", name="%")
    header.click()
    expect(table.locator("tbody tr").first).to_contain_text("Xã Nhân Lý")  # 90,00 %, the highest
    header.click()
    expect(table.locator("tbody tr").first).to_contain_text("Thị trấn Chi Lăng")  # 75,00 %
    cell = table.locator("tbody tr td.num").nth(2)
    assert cell.evaluate("td => getComputedStyle(td).whiteSpace") == "nowrap"
    labelled = page.evaluate("Chart.getChart('units-chart').scales.y.ticks.length")
    assert labelled == table.locator("tbody tr").count() == 20


def test_the_menu_folds_on_a_phone(page, live_server, seeded_district, login, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(f"{live_server.url}/?as_of=2022-05-24")
    menu = page.locator("#main-nav")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Danh mục").click()
    expect(menu.get_by_role("link", name="Đào tạo, bồi dưỡng")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    labelled = page.evaluate("Chart.getChart('units-chart').scales.y.ticks.length")
    assert labelled == 20  # every commune named, also on a phone
    shot("dashboard-phone-menu-open")


def _political_cell(path, citizen_ids_once=True):
    """Return the workbook, its sheet and the political theory cell of a person listed once."""
    from collections import Counter

    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if any(c.value == "Họ và tên" for c in row))
    names = {cell.value: cell.column - 1 for cell in rows[header] if cell.value}
    ids, political = names["Số định danh cá nhân"], names["Lý luận chính trị"]
    data = [row for row in rows[header + 1 :] if row[ids].value]
    listed = Counter(str(row[ids].value) for row in data)
    row = next(
        r for r in data if listed[str(r[ids].value)] == 1 and r[political].value != "Cao cấp"
    )
    return book, row[political], str(row[ids].value)


def test_a_roster_round_trip_with_an_error(page, seeded_district, login, clicks, shot, tmp_path):
    """Export Nhân Lý's roster, upload it with a typing error (refused whole, nothing written),
    then with the error corrected (imported), as an office does with its spreadsheets."""
    from officials.models import Credential, Official

    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    clicks.click(page.get_by_role("link", name="Bảng tính Excel"))
    page.fill("#id_unit", "06496")
    page.fill("#id_as_of", "24/05/2022")
    with page.expect_download() as download:
        clicks.click(page.get_by_role("button", name="Tải danh sách"))
    exported = tmp_path / "nhan-ly.xlsx"
    download.value.save_as(exported)
    book, cell, citizen_id = _political_cell(exported)
    cell.value = "Cao cấpp"  # a slip of the keyboard
    book.save(exported)
    before = Credential.objects.count()
    clicks.click(page.locator("input[type=file]"))  # choosing the file
    page.set_input_files("input[type=file]", str(exported))
    clicks.click(page.get_by_role("button", name="Xem trước"))
    expect(page.locator("body")).to_contain_text("Cao cấpp")
    expect(page.get_by_role("button", name="Xác nhận: ghi tất cả các dòng")).to_have_count(0)
    shot("roster-round-trip-error")
    assert Credential.objects.count() == before  # refused whole: nothing written
    cell.value = "Cao cấp"
    book.save(exported)
    clicks.click(page.locator("input[type=file]"))
    page.set_input_files("input[type=file]", str(exported))
    clicks.click(page.get_by_role("button", name="Xem trước"))
    clicks.click(page.get_by_role("button", name="Xác nhận: ghi tất cả các dòng"))
    official = Official.objects.get(citizen_id=citizen_id)
    expect(page.locator("section.imported")).to_contain_text(official.full_name)
    assert official.credentials.filter(dimension="political_theory", level="advanced").exists()
    shot("roster-round-trip-imported")
    clicks.done("a roster exported, uploaded with an error, corrected and imported", limit=12)


def test_todays_view_of_the_province_after_the_reform(page, seeded_district, login, clicks, shot):
    """Province staff on today's date: the six communes that replaced Chi Lăng's twenty, with
    people in post under regime 2025, and each person's legacy commune on the commune page."""
    from demo.seed_reform import seed_reform
    from units.models import AdministrativeUnit

    seed_reform()
    province = AdministrativeUnit.objects.get(dataset="2025", code="20")
    login("sonoivu", Role.PROVINCE_STAFF, province)
    table = page.locator("table[data-sortable]")
    for name in ("Xã Chi Lăng", "Xã Chiến Thắng", "Xã Bằng Mạc", "Xã Vạn Linh", "Xã Quan Sơn"):
        expect(table).to_contain_text(name)
    expect(page.locator("body")).to_contain_text("2025")
    shot("province-today")
    clicks.click(table.get_by_role("link", name="Xã Nhân Lý", exact=True))
    expect(page.locator("h1")).to_contain_text("Xã Nhân Lý")
    expect(page.get_by_test_id("came-from").first).to_contain_text("trước 01/07/2025")
    shot("new-nhan-ly-today")
    clicks.done("today's view of the province, then one of its new communes", limit=4)
