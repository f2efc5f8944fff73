"""Issue 19: the same roster saved by the programs offices use imports to the same registry.

The fixtures are one roster (title rows, STT, a merged two-row header, a blank row, a signature
block) written as .xlsx and saved by LibreOffice as .xls, .ods and Excel's "Unicode Text"
(UTF-16, tabs); the Windows-1258 CSV has its tone marks as combining characters, as Excel on
Vietnamese Windows writes them. `fixtures/make_fixtures.py` made them.
"""

import datetime
import unicodedata
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from officials.models import Official
from tests.spreadsheets.conftest import run_import, write_csv
from tests.spreadsheets.test_roster_commands import _figures, _posts_and_credentials

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
ON = datetime.date(2022, 5, 24)
SOURCES = {
    "roster.xls": "Excel 97-2003 workbook (.xls)",
    "roster.ods": "OpenDocument spreadsheet (.ods)",
    "roster-windows-1258.csv": "text (Windows-1258 (Vietnamese Windows), separated by commas)",
    "roster-unicode.txt": "text (UTF-16 (Excel “Unicode Text”), separated by tabs)",
}


def imported(path):
    """Import `path`, return the report and what the registry then holds; then undo it."""
    with transaction.atomic():
        with translation.override("en"):
            report = run_import(path)
        state = (_posts_and_credentials(), _figures(ON))
        transaction.set_rollback(True)
    return report, state


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_same_roster_in_every_format_imports_to_the_same_registry(units, name):
    expected_report, expected = imported(FIXTURES / "roster.xlsx")
    assert not expected_report.has_errors, [issue.text for issue in expected_report.errors]
    assert expected_report.counts["new"] == 6
    assert expected_report.source == "Excel workbook (.xlsx)"
    report, state = imported(FIXTURES / name)
    assert not report.has_errors, [issue.text for issue in report.errors]
    assert report.source == SOURCES[name]
    assert report.counts == expected_report.counts
    assert report.notes == expected_report.notes
    assert state == expected


def test_the_windows_1258_fixture_has_combining_tone_marks_and_imports_composed(units):
    raw = (FIXTURES / "roster-windows-1258.csv").read_bytes()
    text = raw.decode("cp1258")
    assert not unicodedata.is_normalized("NFC", text)
    assert "Thi\u0323 Lu\u0323a" in text  # i and u, then the dot below as a mark of its own
    run_import(FIXTURES / "roster-windows-1258.csv")
    lua = Official.objects.get(citizen_id="020082004567")
    assert lua.full_name == "Hoàng Thị Lụa" and unicodedata.is_normalized("NFC", lua.full_name)
    assert Official.objects.search("hoang thi lua").get() == lua
    assert lua.credentials.get(dimension="political_theory").level == "elementary"


def test_utf8_csv_still_reads_and_says_so(units, tmp_path):
    from tests.spreadsheets.conftest import GOOD

    report = run_import(write_csv(tmp_path / "r.csv", [GOOD], bom=False, delimiter=";"))
    assert not report.has_errors
    with translation.override("en"):
        assert run_import(
            write_csv(tmp_path / "r.csv", [GOOD], bom=False, delimiter=";")
        ).source == ("text (UTF-8, separated by semicolons)")


def test_a_file_with_an_xls_name_but_other_bytes_is_refused_clearly(units, tmp_path):
    path = tmp_path / "roster.xls"
    path.write_bytes(b"<html><body>not a workbook</body></html>")
    with translation.override("en"):
        report = run_import(path)
    assert report.file_error.startswith("The file is not a spreadsheet that can be read")
    assert Official.objects.count() == 0


def test_the_import_page_names_the_format_and_encoding_read(units, district_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.spreadsheets.test_roster_pages import client_for

    path = FIXTURES / "roster-windows-1258.csv"
    answer = client_for(district_staff).post(
        reverse("spreadsheets:import"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 200
    assert "Windows-1258 (Vietnamese Windows), separated by commas" in answer.content.decode()
    assert Official.objects.count() == 0  # a preview writes nothing


def test_the_import_command_names_the_format_and_encoding_read(units, capsys):
    from django.core.management import call_command

    with translation.override("en"):
        call_command("import_roster", str(FIXTURES / "roster-unicode.txt"), "--dry-run")
    out = capsys.readouterr().out
    assert "Read as: text (UTF-16 (Excel “Unicode Text”), separated by tabs)." in out
    assert "6 rows: 6 new, 0 updated, 0 unchanged, 0 with errors." in out
    assert Official.objects.count() == 0


def test_an_ods_date_cell_that_cannot_be_read_is_a_row_error_naming_the_cell(units, tmp_path):
    import zipfile

    from tests.spreadsheets.conftest import HEADERS, KEYS, person

    def cell(value, key=""):
        if key == "start_date":
            return '<table:table-cell office:value-type="date" office:date-value="2016-13-45"/>'
        text = f"<text:p>{value}</text:p>" if value else ""
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'

    row = person(1)
    body = "".join(
        f"<table:table-row>{''.join(cells)}</table:table-row>"
        for cells in ([cell(h) for h in HEADERS], [cell(row.get(k, ""), k) for k in KEYS])
    )
    names = {
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    spaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in names.items())
    path = tmp_path / "bad-date.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "content.xml",
            f"<office:document-content {spaces}><office:body><office:spreadsheet>"
            f"<table:table>{body}</table:table></office:spreadsheet></office:body>"
            "</office:document-content>",
        )
    with translation.override("en"):
        report = run_import(path)
    assert [issue.text for issue in report.errors] == [
        "Row 2, column “Ngày bắt đầu”, value “2016-13-45”: cannot be read (cell I2)."
    ]
    assert Official.objects.count() == 0
