"""`import_roster`, `export_roster` (DESIGN §10), whole-file errors, and the export round trip."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from officials.models import Assignment, Credential, Official
from standards import compliance
from tests.spreadsheets.conftest import (
    GOOD,
    HEADERS,
    person,
    run_import,
    table_counts,
    write_csv,
    write_xlsx,
)
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_import_roster_dry_run_writes_nothing(units, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)])
    with translation.override("en"):
        call_command("import_roster", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "2 rows: 2 new, 0 updated, 0 unchanged, 0 with errors." in out
    assert Official.objects.count() == 0
    call_command("import_roster", str(path))
    assert Official.objects.count() == 2


def test_import_roster_exits_non_zero_and_names_each_wrong_row(units, tmp_path, capsys):
    before = table_counts()
    path = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2, citizen_id="12345")])
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("import_roster", str(path))
    assert "Nothing was written" in str(refused.value)
    assert "Row 3, column “Số định danh cá nhân”, value “12345”" in capsys.readouterr().err
    assert table_counts() == before


def test_import_roster_with_a_user_has_that_users_rights(units, tmp_path, secretary):
    path = write_xlsx(tmp_path / "r.xlsx", [person(1, commune_code="06466")])
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--user", "nhanly")
    with pytest.raises(CommandError, match="nobody"):
        call_command("import_roster", str(path), "--user", "nobody")
    assert Official.objects.count() == 0


def _bad_file(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_whole_file_errors_get_one_clear_message(units, tmp_path):
    no_position = [h for h in HEADERS if h != "Chức vụ, chức danh"]
    keys = [k for k in GOOD if k != "position"]
    empty_book = tmp_path / "empty.xlsx"
    Workbook().save(empty_book)
    cases = {
        _bad_file(tmp_path, "photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"x" * 100): (
            "The file is not a spreadsheet that can be read: save it from Excel as “Excel "
            "Workbook (.xlsx)” or “CSV UTF-8” and upload it again."
        ),
        _bad_file(tmp_path, "r.pdf", b"%PDF-1.4"): (
            "“r.pdf” is not a roster file: upload an Excel workbook (.xlsx, .xls), an "
            "OpenDocument spreadsheet (.ods) or a text file (.csv, .txt)."
        ),
        _bad_file(tmp_path, "empty.csv", b""): "The file is empty: it holds no rows.",
        empty_book: "The file is empty: it holds no rows.",
        write_xlsx(tmp_path / "nopos.xlsx", [GOOD], headers=no_position, keys=keys): (
            "The file lacks the required columns “Chức vụ, chức danh”. Columns found: "
            + ", ".join(f"“{h}”" for h in no_position)
            + "."
        ),
        _bad_file(tmp_path, "words.csv", "Ghi chú\nkhông có gì\n".encode()): (
            "No header row was found in the first 15 rows. The roster needs the columns “Mã "
            "ĐVHC”, “Họ và tên”, “Ngày sinh”, “Giới tính”, “Số định danh cá nhân”, “Chức vụ, "
            "chức danh”, “Ngày bắt đầu” (see the roster layout)."
        ),
        _bad_file(tmp_path, "no-encoding.csv", b"M\x81 \x90VHC,H\x8d t\x9d\n"): (
            "The text file is neither UTF-8, UTF-16 nor Windows-1258: in Excel choose “Save as” "
            "→ “CSV UTF-8 (Comma delimited)” and upload it again."
        ),
        write_xlsx(tmp_path / "header-only.xlsx", []): (
            "The file holds a header but no rows of officials."
        ),
    }
    for path, message in cases.items():
        with translation.override("en"):
            report = run_import(path)
        assert (path.name, report.file_error) == (path.name, message)
        assert report.has_errors and not report.committed
    assert Official.objects.count() == 0


def test_files_above_the_configured_size_are_refused(units, tmp_path, settings):
    settings.ROSTER_MAX_UPLOAD_BYTES = 2000
    path = write_csv(tmp_path / "big.csv", [person(n) for n in range(30)])
    with translation.override("en"):
        report = run_import(path)
    assert report.file_error.startswith("The file is 0.0 MB; files above 0 MB are refused.")
    assert Official.objects.count() == 0


def _posts_and_credentials():
    posts = set(
        Assignment.objects.values_list(
            "official__citizen_id",
            "position__code",
            "commune__code",
            "start_date",
            "end_date",
            "from_district",
        )
    )
    credentials = set(
        Credential.objects.values_list("official__citizen_id", "dimension", "level", "field")
    )
    people = set(
        Official.objects.values_list(
            "citizen_id",
            "full_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "party_joined_on",
            "religion",
        )
    )
    communes = set(
        AdministrativeUnit.objects.exclude(commune_class="", special_area=False).values_list(
            "code", "commune_class", "special_area"
        )
    )
    return posts, credentials, people, communes


def _figures(on):
    try:
        options = compliance.question_for(on)
    except compliance.NoRegime:
        return None
    report = compliance.report(options, None)
    return [(f.unit.code, f.officials, f.compliant, f.quota, f.in_grace) for f in report.rows()]


ROSTER = [
    person(1, party_member="19/05/2010", commune_class="II", special_area="x"),
    person(1, position="Văn phòng - thống kê", party_member="19/05/2010"),
    person(2, professional="Đại học; Trung cấp", professional_field="Luật; Kế toán"),
    person(3, foreign_language="Tiếng Anh B1; Tiếng Pháp A", ethnic_language="Tày"),
    person(4, start_date="01/01/2010", end_date="31/12/2015", commune_code="06466"),
    person(5, position="committee_chair", state_management="CVC", it="Chứng chỉ A"),
    person(6, gender="Nam", professional="Thạc sĩ", professional_field="Quản lý công"),
    person(7, religion="Phật giáo", political_theory="Cử nhân chính trị", from_district="x"),
    person(8, religion="Thiên Chúa giáo", political_theory="Cao cấp"),
]


def test_religion_political_bachelor_and_rotation_survive_the_round_trip(units, tmp_path):
    run_import(write_xlsx(tmp_path / "start.xlsx", ROSTER))
    seventh, eighth = (Official.objects.get(full_name=f"Nguyễn Văn Thử {n}") for n in (7, 8))
    assert (seventh.religion, eighth.religion) == ("buddhism", "catholicism")
    assert seventh.credentials.get(dimension="political_theory").level == "bachelor"
    assert eighth.credentials.get(dimension="political_theory").level == "advanced"
    assert seventh.assignments.get().from_district and not eighth.assignments.get().from_district
    out = tmp_path / "export.csv"
    call_command("export_roster", str(out), "--unit", "187", "--as-of", "2022-05-24")
    text = out.read_text(encoding="utf-8-sig")
    assert "Tôn giáo" in text.splitlines()[0] and "Luân chuyển từ cấp huyện" in text
    assert "Phật giáo" in text and "Công giáo" in text and "Cử nhân chính trị" in text


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_registry_is_a_round_trip(units, tmp_path, suffix):
    run_import(write_xlsx(tmp_path / "start.xlsx", ROSTER))
    on = datetime.date(2022, 5, 24)
    before, figures = _posts_and_credentials(), _figures(on)
    out = tmp_path / f"export.{suffix}"
    call_command("export_roster", str(out), "--unit", "187", "--as-of", "2022-05-24", "--all")
    Credential.objects.all().delete()
    Assignment.objects.all().delete()
    Official.all_objects.all().delete()
    AdministrativeUnit.objects.update(commune_class="", special_area=False)
    report = run_import(out)
    assert not report.has_errors, [issue.text for issue in report.errors]
    assert report.counts["new"] == len(ROSTER)
    assert _posts_and_credentials() == before
    assert _figures(on) == figures
    assert run_import(out).nothing_changes


def test_export_as_of_a_date_writes_the_posts_in_force(units, tmp_path):
    run_import(write_xlsx(tmp_path / "start.xlsx", ROSTER))
    out = tmp_path / "on.csv"
    call_command("export_roster", str(out), "--unit", "06466", "--as-of", "2012-01-01")
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Mã ĐVHC,Họ và tên,Ngày sinh")
    assert len(text.splitlines()) == 2 and "Nguyễn Văn Thử 4" in text
    call_command("export_roster", str(out), "--unit", "06466", "--as-of", "2016-01-01")
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_export_roster_refuses_an_unknown_unit_and_extension(units, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_roster", str(tmp_path / "x.xlsx"), "--unit", "99999")
    with pytest.raises(CommandError):
        call_command("export_roster", str(tmp_path / "x.pdf"))


@pytest.mark.parametrize("command", ["export_roster", "bm02_report"])
def test_an_empty_result_says_the_code_was_read_in_the_2025_data_set(
    units, tmp_path, capsys, command
):
    run_import(write_xlsx(tmp_path / "start.xlsx", ROSTER))
    out = tmp_path / "out.xlsx"
    call_command(command, str(out), "--unit", "06496", "--as-of", "2026-11-30")
    err = capsys.readouterr().err
    assert "06496" in err and "2025" in err and "30/11/2026" in err
    # Only options that answer: the ceased legacy commune's history (export --all) or a date.
    assert ("--dataset legacy --all" if command == "export_roster" else "--as-of") in err
    # The legacy commune ceased on 30/06/2025: on 30/11/2026 only its history is there.
    with pytest.raises(CommandError, match="30/06/2025"):
        call_command(
            command, str(out), "--unit", "06496", "--as-of", "2026-11-30", "--dataset", "legacy"
        )
    call_command(command, str(out), "--unit", "06496", "--as-of", "2022-05-24")
    assert capsys.readouterr().err == ""
