"""A secretary's entry waits, district staff verify it; an import preview explains a broken row."""

import base64
import csv

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from officials.models import Credential, Official

pytestmark = pytest.mark.django_db(transaction=True)


def _nhan_ly_official(district):
    nhan_ly = district.children.get(code="06496")
    # in post there today: an ended post gives the secretary the history only (DESIGN §9)
    return (
        Official.objects.filter(assignments__commune=nhan_ly, assignments__end_date__isnull=True)
        .order_by("pk")
        .first()
    )


def _logout(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Đăng xuất").click()


def test_secretary_edits_a_credential_and_staff_verify_it(
    page, live_server, seeded_district, login, shot
):
    official = _nhan_ly_official(seeded_district)
    credential = official.credentials.get(dimension="general_education")
    nhan_ly = seeded_district.children.get(code="06496")
    login("nhanly", Role.COMMUNE_SECRETARY, nhan_ly)
    page.goto(f"{live_server.url}/credentials/{credential.pk}/edit/")
    page.fill("#id_issuer", "Sở Giáo dục và Đào tạo tỉnh Lạng Sơn")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text(official.full_name)
    expect(page.locator("body")).to_contain_text("Chờ xác minh")
    shot("secretary-edited-credential")
    credential.refresh_from_db()
    assert credential.verification == "pending"
    _logout(page, live_server)

    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(f"{live_server.url}/verification/")
    expect(page.locator("body")).to_contain_text(official.full_name)
    shot("verification-queue")
    row = page.locator("tr", has_text=official.full_name).first
    row.get_by_role("button", name="Xác minh").click()
    credential.refresh_from_db()
    assert credential.verification == "verified"
    assert credential.issuer == "Sở Giáo dục và Đào tạo tỉnh Lạng Sơn"


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_the_queue_opens_a_credentials_evidence_in_one_click(
    page, live_server, seeded_district, login, clicks, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    official = _nhan_ly_official(seeded_district)
    credential = official.credentials.get(dimension="general_education")
    login("nhanly", Role.COMMUNE_SECRETARY, seeded_district.children.get(code="06496"))
    page.goto(f"{live_server.url}/credentials/{credential.pk}/edit/")
    page.fill("#id_number", "GD-0457")
    evidence = tmp_path / "bang-tot-nghiep.png"
    evidence.write_bytes(PNG)
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("Chờ xác minh")
    _logout(page, live_server)

    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(f"{live_server.url}/verification/")
    row = page.locator("tr", has_text="GD-0457")
    expect(row).to_contain_text("Xã Nhân Lý")
    expect(row).to_contain_text("nhanly")
    shot("verification-queue-with-evidence")
    with page.context.expect_page() as opened:
        clicks.click(row.get_by_role("link", name="Mở minh chứng"))
    shown = opened.value
    shown.wait_for_load_state()
    assert shown.url == f"{live_server.url}/credentials/{credential.pk}/evidence/"
    assert shown.evaluate("document.contentType") == "image/png"  # shown, not downloaded
    clicks.done("open a credential's evidence from the verification queue", limit=2)


def test_an_import_preview_names_a_broken_row(
    page, live_server, seeded_district, login, shot, tmp_path
):
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    roster = tmp_path / "danh-sach.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Mã ĐVHC",
                "Họ và tên",
                "Ngày sinh",
                "Giới tính",
                "Số định danh cá nhân",
                "Chức vụ, chức danh",
                "Ngày bắt đầu",
                "Lý luận chính trị",
            ]
        )
        writer.writerow(
            [
                "06496",
                "Hoàng Văn Mới",
                "12/03/1990",
                "Nam",
                "020090123456",
                "Văn phòng - thống kê",
                "01/06/2022",
                "Trung cấpp",
            ]
        )
    before = Credential.objects.count()
    page.goto(f"{live_server.url}/roster/import/")
    page.set_input_files("input[type=file]", str(roster))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("body")).to_contain_text("Trung cấpp")
    expect(page.locator("body")).to_contain_text("Trung cấp")
    shot("import-preview-broken-row")
    assert Credential.objects.count() == before
    assert not Official.objects.filter(citizen_id="020090123456").exists()


def test_a_credential_is_edited_in_place(page, live_server, seeded_district, login, shot):
    official = _nhan_ly_official(seeded_district)
    credential = official.credentials.get(dimension="general_education")
    login("phongnoivu", Role.DISTRICT_STAFF, seeded_district)
    page.goto(f"{live_server.url}/officials/{official.pk}/")
    url = page.url
    row = page.locator("tr", has_text="Giáo dục phổ thông").first
    row.get_by_role("link", name="Sửa").click()
    page.fill("#id_awarded_on", "01/01/2090")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("form[hx-post]")).to_contain_text("Ngày cấp không thể ở tương lai")
    shot("inline-edit-error")
    page.fill("#id_awarded_on", "15/06/2001")
    page.fill("#id_issuer", "Trường THPT Chi Lăng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("15/06/2001")
    assert page.url == url  # no page change: the row was swapped in place
    credential.refresh_from_db()
    assert str(credential.awarded_on) == "2001-06-15"
    shot("inline-edit-saved")


def test_the_secretary_edits_a_credential_from_the_commune_roster(
    page, live_server, seeded_district, login, shot
):
    nhan_ly = seeded_district.children.get(code="06496")
    login("nhanly", Role.COMMUNE_SECRETARY, nhan_ly)
    page.goto(f"{live_server.url}/communes/{nhan_ly.pk}/?as_of=2022-05-24")
    url = page.url
    page.get_by_role("button", name="Sửa chức vụ, văn bằng tại chỗ").first.click()
    panel = page.locator("tr.panel td").first
    expect(panel).to_contain_text("Văn bằng, chứng chỉ")
    panel.locator("tr", has_text="Giáo dục phổ thông").get_by_role("link", name="Sửa").click()
    page.fill("#id_issuer", "Trường THPT Đồng Bành")
    page.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Chờ xác minh")
    assert page.url == url
    shot("roster-inline-edit")
