"""Issue 10 item 4: files built to exhaust the reader are refused, and the process stays small.

Each hostile file is read in a fresh Python process, whose peak resident memory is measured:
the limit is 300 MB for the whole process (Django, openpyxl and xlrd loaded: about 60 MB).
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from officials.models import Official
from tests.spreadsheets.conftest import HEADERS, person, run_import, write_csv

PEAK_LIMIT_MB = 300
ROOT = Path(__file__).resolve().parents[2]
READ_IN_A_CHILD = """
import json, os, sys
import django
django.setup()
from django.utils import translation
from spreadsheets.reader import RosterFileError, read_roster
translation.activate("en")
error, rows = "", 0
try:
    with open(sys.argv[1], "rb") as handle:
        sheet = read_roster(handle, os.path.basename(sys.argv[1]))
        for _row in sheet.rows:
            rows += 1
except RosterFileError as exc:
    error = str(exc)
# VmHWM is this program's own peak; ru_maxrss would keep the forking pytest's size across exec.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"error": error, "rows": rows, "peak_mb": peak}))
"""

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http:'
    '//schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" '
    'sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def header_row() -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{header}</t></is></c>' for header in HEADERS)
    return f'<row r="1">{cells}</row>'


def sheet_xml(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{header_row()}{rows}</sheetData></worksheet>'


def xlsx(path: Path, sheet: str, *, styles_chunks=None, strings_chunks=None) -> Path:
    """Write a minimal workbook; `*_chunks` stream a styles or shared strings part of any size."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for part, chunks in (("styles", styles_chunks), ("sharedStrings", strings_chunks)):
            if chunks is not None:
                with archive.open(f"xl/{part}.xml", "w", force_zip64=True) as member:
                    for chunk in chunks:
                        member.write(chunk)
    return path


def read_in_a_child(path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cadre_registry.settings"}
    env.setdefault("SECRET_KEY", "test-only")
    done = subprocess.run(
        [sys.executable, "-c", READ_IN_A_CHILD, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{path.name}: {path.stat().st_size:,} bytes, peak {result['peak_mb']:.0f} MB")
    return result


def test_a_5_kb_workbook_with_cell_reference_AAAAAAA3_is_refused_in_little_memory(tmp_path):
    row = '<row r="3"><c r="AAAAAAA3" t="inlineStr"><is><t>x</t></is></c></row>'
    path = xlsx(tmp_path / "aaaaaaa3.xlsx", sheet_xml(row))
    assert path.stat().st_size < 5_000
    result = read_in_a_child(path)
    assert (
        "cell AAAAAAA3, beyond the last cell a worksheet can have (XFD1048576)" in (result["error"])
    )
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_a_row_number_beyond_1048576_is_refused(tmp_path):
    row = '<row r="1048577"><c t="inlineStr"><is><t>x</t></is></c></row>'
    result = read_in_a_child(xlsx(tmp_path / "far-row.xlsx", sheet_xml(row)))
    assert "cell A1048577, beyond the last cell" in result["error"]


def _styles(total_bytes: int, block: bytes):
    yield f'<styleSheet xmlns="{MAIN}"><cellXfs>'.encode()
    block = block * (2**20 // len(block))
    written = 0
    while written < total_bytes:
        yield block
        written += len(block)
    yield b"</cellXfs></styleSheet>"


XF = b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0"/>'


def test_a_310_kb_styles_part_that_unpacks_to_300_mb_is_refused_before_reading(tmp_path):
    path = xlsx(
        tmp_path / "styles-bomb.xlsx", sheet_xml(""), styles_chunks=_styles(300 * 2**20, b" ")
    )
    assert 250_000 < path.stat().st_size < 400_000
    result = read_in_a_child(path)
    assert result["error"].startswith(
        "The part “xl/styles.xml” of the file unpacks to 300 MB, above the 16 MB a roster may take"
    )
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_a_styles_part_just_under_the_limit_is_streamed_in_little_memory(tmp_path):
    path = xlsx(tmp_path / "styles-12mb.xlsx", sheet_xml(""), styles_chunks=_styles(12 * 2**20, XF))
    result = read_in_a_child(path)
    assert result["error"] == "" and result["rows"] == 0  # the header, and no data
    assert result["peak_mb"] < 150


def test_six_million_shared_strings_are_refused_in_little_memory(tmp_path):
    def strings():
        yield f'<sst xmlns="{MAIN}">'.encode()
        for block in range(60):
            yield b"".join(b"<si><t>%d</t></si>" % (block * 100_000 + n) for n in range(100_000))
        yield b"</sst>"

    result = read_in_a_child(
        xlsx(tmp_path / "strings.xlsx", sheet_xml(""), strings_chunks=strings())
    )
    assert result["error"].startswith("The file holds more than a worksheet can")
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_a_row_of_a_million_cells_is_refused_in_little_memory(tmp_path):
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 1_000_000
    result = read_in_a_child(xlsx(tmp_path / "wide.xlsx", sheet_xml(f"<row>{cells}</row>")))
    assert result["error"].startswith("The file holds more than a worksheet can")
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_a_cell_of_100_mb_of_text_is_refused_in_little_memory(tmp_path):
    row = '<row><c t="inlineStr"><is><t>' + "x" * (100 * 2**20) + "</t></is></c></row>"
    result = read_in_a_child(xlsx(tmp_path / "long-cell.xlsx", sheet_xml(row)))
    assert result["error"].startswith("The file holds more than a worksheet can")
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_an_ods_row_repeated_a_million_times_across_every_column_is_refused(tmp_path):
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    header_cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
        for h in HEADERS
    )
    content = (
        f'<office:document-content xmlns:office="{office}" xmlns:table="{table}" '
        f'xmlns:text="{text}"><office:body><office:spreadsheet><table:table>'
        f"<table:table-row>{header_cells}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "repeated.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert path.stat().st_size < 5_000
    result = read_in_a_child(path)
    assert result["error"].startswith("The file holds more than a worksheet can")
    assert result["peak_mb"] < PEAK_LIMIT_MB


def test_an_xls_with_cells_a1_and_iv65536_reads_in_little_memory(tmp_path):
    """python-calamine takes 1 GB for this 6 KB file (a dense grid); the reader uses xlrd."""
    result = read_in_a_child(Path(__file__).parent / "fixtures" / "corner.xls")
    assert result["error"].startswith("No header row was found")
    assert result["peak_mb"] < 150


@pytest.mark.django_db
def test_the_first_data_row_with_a_cell_equal_to_a_header_is_data(units, tmp_path):
    """Three rows previewed as two: "Chính trị" (an alias of a header) in the first row."""
    rows = [person(1, professional_field="Chính trị"), person(2), person(3)]
    report = run_import(write_csv(tmp_path / "r.csv", rows), dry_run=True)
    assert not report.has_errors, [issue.text for issue in report.errors]
    assert [row.full_name for row in report.rows] == [
        "Nguyễn Văn Thử 1",
        "Nguyễn Văn Thử 2",
        "Nguyễn Văn Thử 3",
    ]


@pytest.mark.django_db
def test_an_xlsx_formula_without_a_saved_result_is_a_row_error_naming_the_cell(units, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    values = [person(1)[key] or None for key in person(1)]
    sheet.append(values)
    sheet["B2"] = "=1+2"  # openpyxl saves the formula with no result
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with translation.override("en"):
        report = run_import(path)
    assert not report.committed and Official.objects.count() == 0
    assert [issue.text for issue in report.errors] == [
        "Row 2, column “Họ và tên”, value “=1+2”: is a formula whose result was not saved "
        "(cell B2); open the file in Excel or LibreOffice, save it and upload it again, or type "
        "the value."
    ]


@pytest.mark.django_db
def test_an_xlsx_formula_with_a_saved_result_reads_the_result(units, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([person(1)[key] or None for key in person(1)])
    sheet["B2"] = '="Nguyễn "&"Văn Công"'
    path = tmp_path / "formula.xlsx"
    book.save(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # as Excel saves it: with the result
                data = data.replace(b'<c r="B2">', b'<c r="B2" t="str">')
                data = data.replace(b"</f><v></v>", "</f><v>Nguyễn Văn Công</v>".encode())
                data = data.replace(b"</f><v />", "</f><v>Nguyễn Văn Công</v>".encode())
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    report = run_import(path)
    assert report.committed, [issue.text for issue in report.errors]
    assert Official.objects.get().full_name == "Nguyễn Văn Công"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, data",
    [
        ("broken-deflate.xlsx", "deflate"),
        ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("broken.ods", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_a_damaged_workbook_gets_one_clear_message(units, tmp_path, name, data):
    path = tmp_path / name
    if data == "deflate":  # a valid zip whose sheet's compressed bytes were damaged
        xlsx(path, sheet_xml('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 200))
        raw = bytearray(path.read_bytes())
        start = raw.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 20
        raw[start : start + 40] = b"\xff" * 40
        path.write_bytes(bytes(raw))
    else:
        path.write_bytes(data)
    with translation.override("en"):
        report = run_import(path)
    assert report.file_error.startswith("The file is not a spreadsheet that can be read")
    assert Official.objects.count() == 0
