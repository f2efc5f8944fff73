"""Issue 10 item 3: exports fit the role and are inert.

A viewer's export masks citizen IDs as the pages do, and the officials search cannot recover
them digit by digit; a text that a spreadsheet would evaluate (=, +, -, @, tab, CR first) is
written so that none does, and imports back to the same value.
"""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cadre_registry.cells import csv_text, csv_unescaped
from officials.models import Assignment, Credential, Official
from spreadsheets.bm02 import write_bm02
from spreadsheets.units import communes_of
from tests.personas import persona
from tests.spreadsheets.conftest import person, run_import, write_csv
from tests.spreadsheets.test_roster_pages import client_for
from training.models import Programme
from training.reports import ProgrammeFigures, as_csv
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+2", "+84 912 345", "-Hậu", "@SUM(A1)", '=HYPERLINK("http://x")', "'=1+2"]


@pytest.fixture
def viewer(units):
    return persona("xem", "viewer", units)


def _export(user, fmt):
    answer = client_for(user).get(
        reverse("spreadsheets:export"), {"unit": "187", "as_of": "24/05/2022", "format": fmt}
    )
    assert answer.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        return [tuple(row) for row in rows]
    return list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_viewer_exporting_the_roster_gets_masked_citizen_ids(units, tmp_path, viewer, fmt):
    run_import(write_csv(tmp_path / "r.csv", [person(1), person(2)]))
    rows = _export(viewer, fmt)
    assert [row[4] for row in rows[1:]] == ["••••••••0001", "••••••••0002"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_district_staff_exporting_the_roster_get_full_citizen_ids(
    units, tmp_path, district_staff, fmt
):
    run_import(write_csv(tmp_path / "r.csv", [person(1), person(2)]))
    rows = _export(district_staff, fmt)
    assert [row[4] for row in rows[1:]] == ["020080000001", "020080000002"]


def test_a_viewer_searching_digits_of_a_citizen_id_finds_nobody(units, tmp_path, viewer):
    run_import(write_csv(tmp_path / "r.csv", [person(1), person(2)]))
    page = client_for(viewer).get(reverse("pages:official_list"), {"q": "0200800000"})
    assert page.status_code == 200
    assert "Nguyễn Văn Thử" not in page.content.decode()
    named = client_for(viewer).get(reverse("pages:official_list"), {"q": "thu 1"})
    assert "Nguyễn Văn Thử 1" in named.content.decode()  # names are still searched


def test_district_staff_still_find_an_official_by_part_of_the_citizen_id(
    units, tmp_path, district_staff
):
    run_import(write_csv(tmp_path / "r.csv", [person(1), person(2)]))
    page = client_for(district_staff).get(reverse("pages:official_list"), {"q": "80000002"})
    assert "Nguyễn Văn Thử 2" in page.content.decode()
    assert "Nguyễn Văn Thử 1" not in page.content.decode()


def test_every_text_reads_back_through_the_csv_escaping():
    for text in [*FORMULAS, "''=x", "'abc", "Hậu", "", "\tTab", "\rCR", "-", "'"]:
        escaped = csv_text(text)
        assert csv_unescaped(escaped) == text
        assert not escaped[:1] or escaped[0] not in "=+-@\t\r"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_exported_names_that_look_like_formulas_are_inert_and_reimport_as_text(
    units, tmp_path, suffix
):
    rows = [person(n, full_name=csv_text(name)) for n, name in enumerate(FORMULAS, start=1)]
    report = run_import(write_csv(tmp_path / "start.csv", rows))
    assert sorted(Official.objects.values_list("full_name", flat=True)) == sorted(FORMULAS)
    assert report.committed, [issue.text for issue in report.errors]
    out = tmp_path / f"export.{suffix}"
    call_command("export_roster", str(out), "--unit", "187", "--as-of", "2022-05-24")
    if suffix == "xlsx":
        sheet = load_workbook(out).active
        names = [cell for cell in sheet["B"][1:]]
        assert sorted(cell.value for cell in names) == sorted(FORMULAS)
        assert {cell.data_type for cell in names} == {"s"}  # text cells, never formulas
    else:
        text = out.read_text("utf-8-sig")
        assert "'=1+2" in text and "'+84 912 345" in text and "'@SUM(A1)" in text
        written = [row[1] for row in csv.reader(io.StringIO(text))][1:]
        assert all(name[0] not in "=+-@\t\r" for name in written)
    Credential.objects.all().delete()
    Assignment.objects.all().delete()
    Official.all_objects.all().delete()
    report = run_import(out)
    assert report.committed, [issue.text for issue in report.errors]
    assert sorted(Official.objects.values_list("full_name", flat=True)) == sorted(FORMULAS)


def test_bm02_writes_unit_names_as_text_never_formulas(units, tmp_path):
    AdministrativeUnit.objects.filter(code="06496").update(name="=cmd|' /C calc'!A0")
    out = io.BytesIO()
    write_bm02(out, unit=units, communes=communes_of(units), on=datetime.date(2022, 5, 24))
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    named = [cell for cell in cells if cell.value == "=cmd|' /C calc'!A0"]
    assert len(named) == 1 and named[0].data_type == "s"
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_training_report_csv_escapes_a_programme_name_that_is_a_formula():
    programme = Programme(code="=X", name='=HYPERLINK("http://x","Bấm")')
    text = as_csv([ProgrammeFigures(programme, 1, 1, 1)])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["programme_code"] == "'=X"
    assert row["programme_name"] == '\'=HYPERLINK("http://x","Bấm")'
