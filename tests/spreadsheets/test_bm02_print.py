"""BM02/BNV ready to print (A4 landscape, one page wide, bordered, header rows repeated, zeros in
every count cell) and previewed on screen with the same rows and columns, under "Báo cáo"."""

import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from spreadsheets.bm02 import COLUMNS, HEADER_ROWS, TOP
from tests.spreadsheets.conftest import run_import, write_xlsx
from tests.spreadsheets.test_roster_pages import BM02_ROSTER

pytestmark = pytest.mark.django_db
QUERY = {"unit": "187", "as_of": "24/05/2022"}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def workbook(units, tmp_path, district_staff):
    assert run_import(write_xlsx(tmp_path / "r.xlsx", BM02_ROSTER)).committed
    answer = _client(district_staff).get(reverse("spreadsheets:bm02"), QUERY)
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(answer.content)).active


def _data_rows(sheet):
    first = TOP + HEADER_ROWS
    rows = []
    for row in sheet.iter_rows(min_row=first, max_col=len(COLUMNS), values_only=True):
        if row[1] is None:
            break
        rows.append(row)
    return rows


def test_the_file_prints_on_a4_landscape_one_page_wide(workbook):
    setup = workbook.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # 9: A4
    assert workbook.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    area = re.fullmatch(r"'BM02-BNV'!\$A\$1:\$AN\$(\d+)", workbook.print_area)
    assert area and int(area[1]) >= TOP + HEADER_ROWS + len(_data_rows(workbook)) + 3  # signed


def test_the_header_rows_repeat_on_every_printed_page(workbook):
    assert workbook.print_title_rows == f"${TOP}:${TOP + HEADER_ROWS - 1}"
    assert workbook.cell(TOP, 1).value == "STT"


def _edges(sheet, cell) -> tuple[str, ...]:
    """Return the sides of `cell` on the outline of its merged range (all four if not merged)."""
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return tuple(
                side
                for side, inside in (
                    ("left", cell.column == merged.min_col),
                    ("right", cell.column == merged.max_col),
                    ("top", cell.row == merged.min_row),
                    ("bottom", cell.row == merged.max_row),
                )
                if inside
            )
    return ("left", "right", "top", "bottom")


def test_every_cell_of_the_table_is_bordered(workbook):
    last = TOP + HEADER_ROWS - 1 + len(_data_rows(workbook))
    unbordered = [
        f"{cell.coordinate} {side}"
        for row in workbook.iter_rows(min_row=TOP, max_row=last, max_col=len(COLUMNS))
        for cell in row
        for side in _edges(workbook, cell)
        if getattr(cell.border, side).style != "thin"
    ]
    assert unbordered == []
    merged = [
        cell
        for row in workbook.iter_rows(min_row=TOP, max_row=TOP + 2, max_col=len(COLUMNS))
        for cell in row
        if isinstance(cell, MergedCell)
    ]
    assert merged, "the groups of the form are merged"


def test_columns_have_widths_for_names_and_counts(workbook):
    widths = workbook.column_dimensions
    assert widths["B"].width >= 20  # unit names
    assert 4 <= widths["C"].width <= 8 and 4 <= widths["AN"].width <= 8  # counts


def test_count_cells_hold_zeros_never_blanks(workbook):
    rows = _data_rows(workbook)
    assert rows[-1][1] == "Tổng số" and len(rows) == 21  # the district's 20 communes
    counts = [value for row in rows for value in row[2:]]
    assert all(isinstance(value, int) for value in counts)
    doctors = [key for _path, key in COLUMNS].index("professional:doctor")
    assert {row[doctors] for row in rows} == {0}
    nobody = next(row for row in rows if row[1] == "Xã Vân An")  # no one of the roster there
    assert nobody[2:] == (0,) * (len(COLUMNS) - 2)


def _html_rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [html.unescape(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


def test_the_preview_shows_the_files_rows_and_columns(workbook, district_staff):
    page = _client(district_staff).get(reverse("spreadsheets:bm02_page"), QUERY)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Báo cáo BM02/BNV: Huyện Chi Lăng, tính đến ngày 24/05/2022" in text
    assert '<label for="id_as_of">Tính đến ngày</label>' in text
    expected = [["" if v is None else str(v) for v in row] for row in _data_rows(workbook)]
    assert _html_rows(text) == expected
    header = text.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert header.count("<tr>") == HEADER_ROWS
    assert 'colspan="4"' in header and ">Trong đó</th>" in header
    download = html.unescape(re.search(r'href="([^"]*/reports/bm02/xlsx/[^"]*)"', text)[1])
    assert "unit=187" in download and "as_of=24%2F05%2F2022" in download


def test_bm02_sits_under_reports_not_spreadsheets(units, district_staff):
    client = _client(district_staff)
    home = client.get("/").content.decode()
    group = home.split('<details class="nav-group">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Báo cáo</summary>" in group
    assert f'href="{reverse("spreadsheets:bm02_page")}"' in group
    spreadsheets = client.get(reverse("spreadsheets:import")).content.decode()
    assert "BM02" not in spreadsheets.split("<main>", 1)[1]


@pytest.mark.parametrize("code", ["187", "20", "06466"])
def test_a_secretary_previews_only_her_commune(units, secretary, code):
    client = _client(secretary)
    answer = client.get(reverse("spreadsheets:bm02_page"), {"unit": code, "as_of": "24/05/2022"})
    assert answer.status_code == 404
    own = client.get(reverse("spreadsheets:bm02_page"), {"as_of": "24/05/2022"})
    assert "Báo cáo BM02/BNV: Xã Nhân Lý" in own.content.decode()


def test_a_bad_date_is_explained_on_the_page(units, district_staff):
    answer = _client(district_staff).get(
        reverse("spreadsheets:bm02_page"), {"unit": "187", "as_of": "31/02/2022"}
    )
    assert answer.status_code == 400
    assert 'role="alert"' in answer.content.decode()
