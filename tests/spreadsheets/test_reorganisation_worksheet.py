"""The reorganisation worksheet (DESIGN §11.4, §11.5): download, edit, upload all or nothing,
and the `reorganise` command."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.models import Role
from accounts.services import grant_role
from officials.models import Assignment
from reorganisation.models import NotPlacedReason, Placement
from reorganisation.services import ReorganisationError, proposal
from spreadsheets.reorganisation import (
    HEADERS,
    apply_worksheet,
    read_worksheet,
    worksheet_bytes,
)
from tests.reorganisation.conftest import make_legacy_posts, unit
from units.models import Dataset

JULY = datetime.date(2025, 7, 1)


@pytest.fixture
def province(chi_lang):
    return chi_lang.parent


@pytest.fixture
def legacy_posts(chi_lang):
    return make_legacy_posts()


def _edit(data: bytes, changes: dict[str, dict[str, str | None]]) -> bytes:
    """Change cells of the worksheet by person's name and header, as a user would in Excel."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    header_row = next(
        row for row in sheet.iter_rows(max_row=10) if row[1].value == "Số quá trình công tác"
    )
    columns = {cell.value: cell.column for cell in header_row}
    for row in sheet.iter_rows(min_row=header_row[0].row + 1):
        name = row[columns["Họ và tên"] - 1].value
        for header, value in changes.get(name, {}).items():
            sheet.cell(row=row[0].row, column=columns[header], value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_worksheet_has_vietnamese_headers_and_reads_back(province, legacy_posts):
    worksheet = proposal(province=province)
    data = worksheet_bytes(worksheet)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3] == ("STT", *HEADERS)
    assert "SẮP XẾP" in rows[0][0]
    decisions = read_worksheet(data, "sap-xep.xlsx")
    assert [d.post_id for d in decisions] == [str(row.post_id) for row in worksheet.rows]
    by_post = {int(d.post_id): d for d in decisions}
    commander = by_post[legacy_posts["commander"].pk]
    assert (commander.commune, commander.reason) == ("", "Không còn là cán bộ, công chức xã")
    assert by_post[legacy_posts["accountant"].pk].commune == "Xã Nhân Lý"


def test_an_edited_worksheet_with_one_bad_row_is_refused_whole_then_applied(province, legacy_posts):
    data = worksheet_bytes(proposal(province=province))
    edited = _edit(
        data,
        {
            "Hoàng Thị Lan": {"Xã mới": "Quan Sơn", "Chức vụ, chức danh từ 01/07/2025": "Kế toán"},
            "Nông Thị Hoa": {
                "Xã mới": None,
                "Chức vụ, chức danh từ 01/07/2025": None,
                "Không bố trí (lý do)": "nghỉ hưu",
            },
            "Lý Văn Hùng": {"Chức vụ, chức danh từ 01/07/2025": "Trưởng Công an xã"},
        },
    )
    with pytest.raises(ReorganisationError) as caught:
        apply_worksheet(edited, "sap-xep.xlsx", province=province, actor=None, dry_run=False)
    assert "không phải là chức vụ, chức danh từ 01/07/2025" in str(caught.value)
    assert not Placement.objects.exists()
    assert not Assignment.objects.filter(start_date=JULY).exists()
    fixed = _edit(edited, {"Lý Văn Hùng": {"Chức vụ, chức danh từ 01/07/2025": "Bí thư Đảng uỷ"}})
    outcome = apply_worksheet(fixed, "sap-xep.xlsx", province=province, actor=None, dry_run=False)
    assert (outcome.placed, outcome.not_placed) == (2, 2)
    lan = Assignment.objects.get(official=legacy_posts["accountant"].official, start_date=JULY)
    assert (lan.commune.name, lan.position.code) == ("Xã Quan Sơn", "accounting")
    hoa = Placement.objects.get(legacy_post=legacy_posts["justice"])
    assert hoa.reason == NotPlacedReason.RETIRED


def test_a_file_that_is_not_a_worksheet_is_refused(province, legacy_posts):
    with pytest.raises(ReorganisationError, match="Số quá trình công tác"):
        apply_worksheet(
            "Họ và tên,Ngày sinh\nA,01/01/1980\n".encode(),
            "x.csv",
            province=province,
            actor=None,
            dry_run=False,
        )


def test_the_reorganise_command_writes_the_proposal_and_applies_it(
    province, legacy_posts, tmp_path
):
    staff, _grant, _new = grant_role(
        username="sonoivu", role=Role.PROVINCE_STAFF, unit=unit(Dataset.Y2025, "20")
    )
    path = tmp_path / "sap-xep.xlsx"
    out = io.StringIO()
    call_command("reorganise", "--province", "20", "--proposal", str(path), stdout=out)
    assert path.is_file() and "4" in out.getvalue()
    call_command("reorganise", "--province", "20", "--apply", str(path), "--dry-run", stdout=out)
    assert not Placement.objects.exists()
    out = io.StringIO()
    call_command(
        "reorganise", "--province", "20", "--apply", str(path), "--user", "sonoivu", stdout=out
    )
    assert "Xã Nhân Lý" in out.getvalue() and "Vi Văn Dũng" in out.getvalue()
    assert Placement.objects.count() == 4
    new = Assignment.objects.get(official=legacy_posts["accountant"].official, start_date=JULY)
    assert new.history.first().history_user == staff
    out = io.StringIO()
    call_command("reorganise", "--province", "20", "--apply", str(path), stdout=out)
    assert "0 người được bố trí" in out.getvalue() or "4" in out.getvalue()
    assert Placement.objects.count() == 4


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--province", "187", "--proposal", "x.xlsx"], "không phải là tỉnh"),
        (["--province", "99", "--proposal", "x.xlsx"], "99"),
        (["--province", "20", "--apply", "missing.xlsx"], "missing.xlsx"),
        (["--province", "20", "--apply", "x.xlsx", "--user", "nobody"], "nobody"),
        (["--province", "20", "--on", "2025-08-01", "--proposal", "x.xlsx"], "01/07/2025"),
    ],
)
def test_the_command_refuses_bad_input_with_a_message(chi_lang, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("reorganise", *arguments)


def test_the_command_refuses_a_user_who_is_not_the_province_s_staff(province, tmp_path):
    grant_role(username="phongnoivu", role=Role.DISTRICT_STAFF, unit=unit(Dataset.LEGACY, "187"))
    path = tmp_path / "sap-xep.xlsx"
    call_command("reorganise", "--province", "20", "--proposal", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="phongnoivu"):
        call_command("reorganise", "--province", "20", "--apply", str(path), "--user", "phongnoivu")
    assert not Placement.objects.exists()


def test_two_communes_whose_names_fold_alike_are_told_apart_by_the_code(province, legacy_posts):
    other = unit(Dataset.Y2025, "06505")  # Xã Vạn Linh, renamed so that it folds as Nhân Lý
    other.name = "Xã Nhân Lỵ"
    other.save()
    data = worksheet_bytes(proposal(province=province))
    outcome = apply_worksheet(data, "sap-xep.xlsx", province=province, actor=None, dry_run=False)
    assert outcome.placed == 3
    lan = Assignment.objects.get(official=legacy_posts["accountant"].official, start_date=JULY)
    assert lan.commune.name == "Xã Nhân Lý"


def test_texts_of_the_worksheet_are_never_formulas(province, legacy_posts):
    official = legacy_posts["accountant"].official
    official.full_name = '=HYPERLINK("http://x.example","bấm")'
    official.save()
    data = worksheet_bytes(proposal(province=province))
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == official.full_name]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert sheet["D5"].number_format == "dd/mm/yyyy" or sheet["E5"].number_format == "dd/mm/yyyy"


def test_a_citizen_id_turned_into_a_number_by_excel_reads_with_its_leading_zero(
    province, legacy_posts
):
    worksheet = proposal(province=province)
    accountant = legacy_posts["accountant"].official
    citizen_id = accountant.citizen_id
    assert citizen_id.startswith("0")
    data = _edit(
        worksheet_bytes(worksheet),
        {accountant.full_name: {"Số định danh cá nhân": int(citizen_id)}},
    )
    decisions = {int(d.post_id): d for d in read_worksheet(data, "sap-xep.xlsx")}
    assert decisions[legacy_posts["accountant"].pk].citizen_id == citizen_id
