"""Roster import (DESIGN §8): files as offices keep them, preview, all or nothing, idempotence."""

import datetime

import pytest
from django.utils import translation
from openpyxl import Workbook

from officials.models import Assignment, Credential, Official, Verification
from tests.factories import AssignmentFactory, CredentialFactory, OfficialFactory
from tests.spreadsheets.conftest import (
    GOOD,
    HEADERS,
    KEYS,
    person,
    run_import,
    table_counts,
    write_csv,
    write_xlsx,
)
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def creds(official):
    return sorted((c.dimension, c.level, c.field, c.language) for c in official.credentials.all())


def test_a_good_roster_creates_officials_posts_and_credentials(units, tmp_path):
    report = run_import(write_xlsx(tmp_path / "roster.xlsx", [GOOD]))
    assert report.committed and not report.has_errors
    assert report.counts["new"] == 1
    lan = Official.objects.get(citizen_id="020082004567")
    assert (lan.full_name, lan.date_of_birth, lan.gender, lan.ethnicity) == (
        "Hoàng Thị Lan",
        datetime.date(1982, 7, 25),
        "female",
        "Tày",
    )
    post = lan.assignments.get()
    assert (post.position.code, post.commune.code, post.commune.dataset) == (
        "finance_accounting",
        "06496",
        "legacy",
    )
    assert post.start_date == datetime.date(2016, 2, 15) and post.end_date is None
    assert creds(lan) == [
        ("general_education", "upper_secondary", "", ""),
        ("it", "basic", "", ""),
        ("political_theory", "intermediate", "", ""),
        ("professional", "bachelor", "Kế toán", ""),
    ]


def test_a_preview_writes_nothing_and_says_what_would_change(units, tmp_path):
    before = table_counts()
    report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)]), dry_run=True)
    assert not report.committed
    assert [row.status for row in report.rows] == ["new", "new"]
    assert "Chuyên môn: Đại học Kế toán" in [str(change) for change in report.rows[0].changes]
    assert table_counts() == before


def test_reimporting_the_same_file_changes_nothing_and_says_so(units, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2), person(3)])
    run_import(path)
    before = table_counts()
    with translation.override("en"):
        report = run_import(path)
        assert report.outcome() == "The file matches the registry: nothing changes."
    assert report.counts["unchanged"] == 3 and report.nothing_changes
    assert table_counts() == before


def test_a_changed_row_updates_the_person_with_history(units, tmp_path, district_staff):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]))
    changed = person(1, full_name="Nguyễn Văn Thử Một", ethnicity="Nùng")
    report = run_import(write_xlsx(tmp_path / "r2.xlsx", [changed]), user=district_staff)
    assert report.counts["updated"] == 1
    official = Official.objects.get(citizen_id=person(1)["citizen_id"])
    assert (official.full_name, official.ethnicity) == ("Nguyễn Văn Thử Một", "Nùng")
    latest = official.history.first()
    assert latest.history_user == district_staff and latest.history_type == "~"
    assert Official.objects.search("thu mot").get() == official


def test_imported_rows_appear_in_history_with_the_importing_user(units, tmp_path, superuser):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]), user=superuser)
    official = Official.objects.get()
    assert official.history.get().history_user == superuser
    assert official.assignments.get().history.get().history_user == superuser
    assert {c.history.get().history_user for c in official.credentials.all()} == {superuser}


def test_files_as_offices_keep_them_load(units, tmp_path):
    """Title rows, an STT column, a two-row merged header, blank rows, a signature block."""
    book = Workbook()
    sheet = book.active
    sheet.append(["UBND HUYỆN CHI LĂNG"])
    sheet.append(["DANH SÁCH TRÍCH NGANG CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM 2022"])
    sheet.append([])
    upper = ["STT", "Mã ĐVHC", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân"]
    upper += ["Chức vụ, chức danh", "Ngày bắt đầu", "Trình độ", None, None, "Ghi chú thêm"]
    lower = [None] * 8 + ["Chuyên môn", "Chuyên ngành", "Lý luận chính trị", None]
    sheet.append(upper)
    sheet.append(lower)
    sheet.merge_cells("I4:K4")
    for column in "ABCDEFGH":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"])
    sheet.append(
        [1, "06496", "Vi Văn Hậu", "20/01/1968", "Nam", "020068002345"]
        + ["Bí thư Đảng uỷ", "01/10/2015", "Đại học", "Kinh tế", "Cao cấp", "ghi chú"]
    )
    sheet.append([])
    sheet.append(
        [2, "06496", "Hoàng Thị Lan", "25/07/1982", "Nữ", "020082004567"]
        + ["Tài chính - kế toán", "15/02/2016", "Trung cấp", "Kế toán", None, None]
    )
    sheet.append([])
    sheet.append([None, None, "Chi Lăng, ngày 24 tháng 5 năm 2022"])
    sheet.append([None, "Người lập biểu", None, None, None, "Thủ trưởng đơn vị"])
    sheet.append([None, None, "(Ký, ghi rõ họ tên)"])
    sheet.append([None, "Nguyễn Văn A", None, None, None, "Trần Văn B"])
    path = tmp_path / "trich-ngang.xlsx"
    book.save(path)
    with translation.override("en"):
        report = run_import(path)
    assert not report.has_errors, [issue.text for issue in report.errors]
    assert report.counts["new"] == 2
    assert report.notes == ["Columns not in the roster layout were ignored: “Ghi chú thêm”."]
    hau = Official.objects.get(citizen_id="020068002345")
    assert hau.assignments.get().position.code == "party_secretary"
    assert ("political_theory", "advanced", "", "") in creds(hau)
    assert ("professional", "bachelor", "Kinh tế", "") in creds(hau)


@pytest.mark.parametrize("bom", [True, False])
def test_csv_in_utf8_with_or_without_bom(units, tmp_path, bom):
    report = run_import(write_csv(tmp_path / "r.csv", [GOOD, person(1)], bom=bom))
    assert report.counts["new"] == 2 and report.committed
    assert Official.objects.get(citizen_id=GOOD["citizen_id"]).full_name == "Hoàng Thị Lan"


def test_csv_with_semicolons_as_excel_writes_it_in_vietnamese_locales(units, tmp_path):
    report = run_import(write_csv(tmp_path / "r.csv", [GOOD], delimiter=";"))
    assert report.counts["new"] == 1


def test_headers_match_ignoring_case_diacritics_and_spaces_and_english_keys(units, tmp_path):
    messy = ["  MA DVHC ", "họ VÀ tên", "ngay sinh", "Giới  tính", "so dinh danh ca nhan"]
    english = ["position", "start_date", "end_date", "professional", "PROFESSIONAL_FIELD"]
    keys = ["commune_code", "full_name", "date_of_birth", "gender", "citizen_id"]
    keys += ["position", "start_date", "end_date", "professional", "professional_field"]
    report = run_import(write_xlsx(tmp_path / "r.xlsx", [GOOD], headers=messy + english, keys=keys))
    assert report.counts["new"] == 1, report.file_error
    assert creds(Official.objects.get()) == [("professional", "bachelor", "Kế toán", "")]


def test_spreadsheet_dates_read_as_dates_and_reimport_unchanged(units, tmp_path):
    row = dict(
        GOOD,
        date_of_birth=datetime.datetime(1982, 7, 25),
        start_date=datetime.datetime(2016, 2, 15),
        party_member=datetime.datetime(2010, 5, 19),
    )
    path = write_xlsx(tmp_path / "r.xlsx", [row])
    assert run_import(path).counts["new"] == 1
    official = Official.objects.get()
    assert official.date_of_birth == datetime.date(1982, 7, 25)
    assert official.party_joined_on == datetime.date(2010, 5, 19)
    assert run_import(path).nothing_changes


def test_commune_codes_without_leading_zeros_and_as_numbers(units, tmp_path):
    rows = [person(1, commune_code="6496"), person(2, commune_code=6466)]
    assert run_import(write_xlsx(tmp_path / "r.xlsx", rows)).counts["new"] == 2
    assert sorted(Assignment.objects.values_list("commune__code", flat=True)) == [
        "06466",
        "06496",
    ]


def test_posts_from_the_reform_day_use_the_2025_units(units, tmp_path):
    """06463 is Thị trấn Đồng Mỏ before 01/07/2025 and Xã Chi Lăng from then on."""
    rows = [
        person(1, commune_code="06463", start_date="30/06/2025"),
        person(2, commune_code="06463", start_date="01/07/2025"),
    ]
    run_import(write_xlsx(tmp_path / "r.xlsx", rows))
    names = dict(Assignment.objects.values_list("start_date", "commune__dataset"))
    assert names == {datetime.date(2025, 6, 30): "legacy", datetime.date(2025, 7, 1): "2025"}


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("finance_accounting", "finance_accounting"),
        ("Chủ tịch Ủy ban nhân dân", "committee_chair"),
        ("CHỦ TỊCH UỶ BAN NHÂN DÂN", "committee_chair"),
        ("chu tich uy ban nhan dan xa", "committee_chair"),
        ("Phó Chủ tịch UBND", "committee_vice_chair"),
        ("Văn phòng – Thống kê", "office_statistics"),
        ("Địa chính - xây dựng - đô thị và môi trường", "land_construction"),
    ],
)
def test_positions_by_code_or_vietnamese_name(units, tmp_path, written, code):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1, position=written)]))
    assert Assignment.objects.get().position.code == code


def test_long_forms_and_abbreviations_of_levels(units, tmp_path):
    row = person(
        1,
        general_education="12/12",
        professional="Đại học Luật",
        professional_field="",
        political_theory="Trung cấp lý luận chính trị",
        state_management="Bồi dưỡng QLNN ngạch chuyên viên",
        it="CNTT cơ bản",
        foreign_language="Tiếng Anh B1",
        ethnic_language="Tày",
    )
    row2 = person(2, political_theory="TC LLCT", professional="cu nhan", it="chứng chỉ B")
    run_import(write_xlsx(tmp_path / "r.xlsx", [row, row2]))
    first, second = Official.objects.order_by("citizen_id")
    assert creds(first) == [
        ("ethnic_language", "certificate", "", "Tày"),
        ("foreign_language", "level_3", "", "Tiếng Anh"),
        ("general_education", "upper_secondary", "", ""),
        ("it", "basic", "", ""),
        ("political_theory", "intermediate", "", ""),
        ("professional", "bachelor", "Luật", ""),
        ("state_management", "specialist", "", ""),
    ]
    assert ("political_theory", "intermediate", "", "") in creds(second)
    assert ("it", "cert_b", "", "") in creds(second)
    assert ("professional", "bachelor", "Kế toán", "") in creds(second)


def test_twelve_twelve_that_excel_turned_into_a_date_still_reads(units, tmp_path):
    row = person(1, general_education=datetime.datetime(2024, 12, 12))
    run_import(write_xlsx(tmp_path / "r.xlsx", [row]))
    assert ("general_education", "upper_secondary", "", "") in creds(Official.objects.get())


def test_a_lower_level_never_downgrades_and_warns_per_row(units, tmp_path):
    official = OfficialFactory(citizen_id=person(1)["citizen_id"], full_name="Nguyễn Văn Thử 1")
    CredentialFactory(official=official, dimension="professional", level="master", field="Luật")
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1, professional="Trung cấp")]))
    assert report.committed
    assert [w.text for w in report.warnings] == [
        "Row 2, column “Chuyên môn”, value “Trung cấp Kế toán”: is lower than the level on "
        "record (Master), which is kept."
    ]
    assert list(official.credentials.filter(dimension="professional").values_list("level")) == [
        ("master",)
    ]


def test_a_higher_level_adds_the_credential(units, tmp_path):
    official = OfficialFactory(citizen_id=person(1)["citizen_id"], full_name="Nguyễn Văn Thử 1")
    CredentialFactory(official=official, dimension="political_theory", level="elementary", field="")
    report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1, political_theory="Cao cấp")]))
    assert report.counts["new"] == 1
    levels = set(official.credentials.filter(dimension="political_theory").values_list("level"))
    assert levels == {("elementary",), ("advanced",)}


def test_two_rows_of_one_person_in_one_commune_are_concurrent_posts(units, tmp_path):
    rows = [person(1), person(1, position="Văn phòng - thống kê")]
    report = run_import(write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.counts["new"] == 2
    official = Official.objects.get()
    assert sorted(official.assignments.values_list("position__code", flat=True)) == [
        "finance_accounting",
        "office_statistics",
    ]
    assert official.credentials.count() == 4  # named twice, held once


def test_end_dates_record_ended_posts_and_end_open_ones(units, tmp_path):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]))
    report = run_import(write_xlsx(tmp_path / "r2.xlsx", [person(1, end_date="31/12/2020")]))
    assert report.counts["updated"] == 1
    assert Assignment.objects.get().end_date == datetime.date(2020, 12, 31)
    ended = person(2, start_date="01/01/2010", end_date="01/01/2015")
    run_import(write_xlsx(tmp_path / "r3.xlsx", [ended]))
    post = Assignment.objects.get(official__citizen_id=ended["citizen_id"])
    assert (post.start_date, post.end_date) == (
        datetime.date(2010, 1, 1),
        datetime.date(2015, 1, 1),
    )


def test_commune_class_and_special_area_update_the_commune(units, tmp_path):
    rows = [person(1, commune_class="Loại II", special_area="x"), person(2, commune_class="II")]
    report = run_import(write_xlsx(tmp_path / "r.xlsx", rows))
    nhan_ly = AdministrativeUnit.objects.get(dataset="legacy", code="06496")
    assert (nhan_ly.commune_class, nhan_ly.special_area) == ("II", True)
    assert any(str(change).endswith("II") for change in report.rows[0].changes)
    assert run_import(write_xlsx(tmp_path / "r.xlsx", rows)).nothing_changes


def test_posts_and_credentials_absent_from_the_file_are_left_as_they_are(units, tmp_path):
    official = OfficialFactory(citizen_id=person(1)["citizen_id"], full_name="Nguyễn Văn Thử 1")
    commune = AdministrativeUnit.objects.get(dataset="legacy", code="06466")
    AssignmentFactory(official=official, commune=commune)
    CredentialFactory(official=official, dimension="state_management", level="principal", field="")
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]))
    assert official.assignments.count() == 2
    assert official.credentials.filter(dimension="state_management").exists()


def test_credentials_of_a_commune_secretary_wait_for_verification(units, tmp_path, secretary):
    report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]), user=secretary)
    assert report.committed
    assert set(Credential.objects.values_list("verification", flat=True)) == {Verification.PENDING}
    assert Assignment.objects.get().verification == Verification.PENDING


def test_credentials_of_district_staff_are_verified(units, tmp_path, district_staff):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]), user=district_staff)
    assert set(Credential.objects.values_list("verification", flat=True)) == {Verification.VERIFIED}


def test_a_commune_secretary_imports_only_their_commune(units, tmp_path, secretary):
    before = table_counts()
    rows = [person(1), person(2, commune_code="06466")]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", rows), user=secretary)
    assert [issue.text for issue in report.errors] == [
        "Row 3, column “Mã ĐVHC”, value “06466”: Thị trấn Chi Lăng is outside the communes "
        "you may change."
    ]
    assert table_counts() == before


def test_district_staff_import_only_their_district(units, tmp_path, district_staff):
    outside = person(1, commune_code="06004")  # a commune of another district of Lạng Sơn
    report = run_import(write_xlsx(tmp_path / "r.xlsx", [outside]), user=district_staff)
    assert report.has_errors and Official.objects.count() == 0


def test_a_person_given_two_birth_dates_is_refused(units, tmp_path):
    rows = [person(1), person(1, position="Văn phòng - thống kê", date_of_birth="01/01/1990")]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [issue.text for issue in report.errors] == [
        "Row 3, column “Ngày sinh”, value “01/01/1990”: differs from row 2 for the same citizen "
        "ID; one person has one Ngày sinh."
    ]


def test_the_same_post_twice_and_a_second_open_post_are_refused(units, tmp_path):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(2)]))
    rows = [person(1), person(1), person(2, start_date="01/01/2020")]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r2.xlsx", rows))
    assert [issue.text for issue in report.errors] == [
        "Row 3, column “Ngày bắt đầu”, value “15/02/2016”: the same post (position, commune and "
        "start date) is already on row 2.",
        "Row 4, column “Ngày bắt đầu”, value “01/01/2020”: this official already holds this "
        "post in this commune since 15/02/2016; use that start date, or end that post first.",
    ]


def test_the_done_when_roster_is_refused_whole_with_each_broken_value_named(units, tmp_path):
    """DESIGN issue 5: a 5-digit citizen ID, an unknown commune, 31/02/2020, an unknown position,
    "Trung cấpp", a birth date in 2090; good rows beside them are not written either."""
    run_import(write_xlsx(tmp_path / "seed.xlsx", [person(9)]))
    before = table_counts()
    rows = [
        person(1),
        person(2, citizen_id="12345"),
        person(3, commune_code="99999"),
        person(4, start_date="31/02/2020"),
        person(5, position="Thủ quỹ"),
        person(6, professional="Trung cấpp"),
        person(7, date_of_birth="01/01/2090"),
        person(9, full_name="Nguyễn Văn Thử Chín", ethnicity="Nùng"),
    ]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "broken.xlsx", rows))
    texts = [issue.text for issue in report.errors]
    assert texts == [
        "Row 3, column “Số định danh cá nhân”, value “12345”: has 5 digits; a citizen ID (CCCD) "
        "has 12 digits.",
        "Row 4, column “Mã ĐVHC”, value “99999”: no commune has this code among the units "
        "valid before 01/07/2025, when the post starts.",
        "Row 5, column “Ngày bắt đầu”, value “31/02/2020”: is not a day of the calendar (day "
        "31 of month 2, 2020).",
        "Row 6, column “Chức vụ, chức danh”, value “Thủ quỹ”: is not a position of the "
        "catalogue; expected a code or a name such as “Tài chính - kế toán”.",
        "Row 7, column “Chuyên môn”, value “Trung cấpp”: is not a level of this column; "
        "expected one of “Sơ cấp”, “Trung cấp”, “Cao đẳng”, “Đại học”, “Thạc sĩ”, “Tiến sĩ”. "
        "Did you mean “Trung cấp”?",
        "Row 8, column “Ngày sinh”, value “01/01/2090”: is in the future; expected a date of "
        "birth.",
    ]
    assert report.counts == {"error": 6, "new": 1, "updated": 1}
    assert not report.committed
    with translation.override("en"):
        assert report.outcome() == (
            "Nothing was written: correct the rows above and import the file again."
        )
    assert table_counts() == before
    assert Official.objects.get().full_name == "Nguyễn Văn Thử 9"


def test_messages_are_in_vietnamese_by_default(units, tmp_path):
    with translation.override("vi"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(6, professional="Trung cấpp")]))
    text = report.errors[0].text
    assert text.startswith("Dòng 2, cột “Chuyên môn”, giá trị “Trung cấpp”")
    assert "Có phải là “Trung cấp”?" in text


def test_an_empty_required_cell_is_named(units, tmp_path):
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1, gender="")]))
    assert [issue.text for issue in report.errors] == [
        "Row 2, column “Giới tính”, value “”: is empty; this column is required."
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("gender", "Khác", "is not a gender; expected Nam or Nữ"),
        ("date_of_birth", "1982", "is not a date; expected dd/mm/yyyy, e.g. 25/05/2022"),
        ("date_of_birth", "01/01/1890", "is before 1900; expected a date of birth"),
        ("end_date", "01/01/2010", "is before the start date"),
        ("start_date", "01/01/1970", "is not after the date of birth"),
        ("commune_code", "Nhân Lý", "is not a commune code; expected the 5-digit code, e.g. 06496"),
        ("commune_code", "187", "names Huyện Chi Lăng, which is not a commune, ward or township"),
        ("commune_class", "IV", "is not a commune class; expected I, II or III"),
        ("special_area", "có lẽ", "is not a yes/no mark; expected x, có or blank"),
        (
            "party_member",
            "chưa rõ",
            "is not a party membership; expected x, có or the date of joining",
        ),
        ("citizen_id", "0200820045AB", "is not a citizen ID; expected 12 digits"),
    ],
)
def test_each_cell_error_names_the_value_and_what_was_expected(
    units, tmp_path, column, value, message
):
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1, **{column: value})]))
    header = HEADERS[KEYS.index(column)]
    assert [issue.text for issue in report.errors] == [
        f"Row 2, column “{header}”, value “{value}”: {message}."
    ]
    assert Official.objects.count() == 0


def test_a_post_abolished_before_its_start_is_refused(units, tmp_path):
    row = person(1, position="Trưởng Công an xã", start_date="01/09/2023")
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", [row]))
    assert report.errors[0].text.endswith("the post no longer exists in communes from 01/08/2023.")


def test_party_membership_without_a_date_is_kept(units, tmp_path):
    rows = [person(1, party_member="x"), person(2, party_member="có"), person(3, party_member="")]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", rows))
    assert report.committed
    members = dict(Official.objects.values_list("citizen_id", "party_member"))
    assert members == {
        person(1)["citizen_id"]: True,
        person(2)["citizen_id"]: True,
        person(3)["citizen_id"]: False,
    }
    assert not Official.objects.filter(party_joined_on__isnull=False).exists()
    again = run_import(write_xlsx(tmp_path / "r2.xlsx", [person(1, party_member="")]))
    assert Official.objects.get(citizen_id=person(1)["citizen_id"]).party_member  # blank keeps
    assert again.committed
    run_import(write_xlsx(tmp_path / "r3.xlsx", [person(1, party_member="không")]))
    assert not Official.objects.get(citizen_id=person(1)["citizen_id"]).party_member


def test_a_removed_official_is_not_silently_recreated(units, tmp_path):
    from django.utils import timezone

    official = OfficialFactory(citizen_id=person(1)["citizen_id"], removed_at=timezone.now())
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", [person(1)]))
    assert report.has_errors and "removed" in report.errors[0].text
    assert official.assignments.count() == 0


def _import_in_chunks(path, size, **kwargs):
    from spreadsheets.services import RosterImport

    with open(path, "rb") as handle:
        return RosterImport(chunk_size=size, **kwargs).run(handle, path.name, dry_run=False)


def test_a_roster_read_in_several_chunks_writes_every_row_with_its_history(
    units, tmp_path, superuser
):
    """Each chunk's history rows are written while the next chunk is read (issue 12)."""
    second_post = person(2, position="Văn phòng - thống kê")
    rows = [person(1), person(2), second_post, person(3), person(4)]
    report = _import_in_chunks(write_xlsx(tmp_path / "r.xlsx", rows), 2, user=superuser)
    assert report.committed and report.counts["new"] == 5, report.summary()
    assert Official.objects.count() == 4 and Assignment.objects.count() == 5
    for model in (Official, Assignment, Credential):
        assert model.history.count() == model.objects.count()
        assert set(model.history.values_list("history_type", "history_user")) == {
            ("+", superuser.pk)
        }
    two = Official.objects.get(citizen_id=person(2)["citizen_id"])
    assert sorted(two.assignments.values_list("position__code", flat=True)) == [
        "finance_accounting",
        "office_statistics",
    ]
    assert two.credentials.count() == 4  # the second chunk found those of the first


def test_an_error_in_the_last_chunk_leaves_the_earlier_chunks_unwritten(units, tmp_path):
    before = table_counts()
    rows = [person(1), person(2), person(3), person(4, date_of_birth="31/02/1980")]
    report = _import_in_chunks(write_xlsx(tmp_path / "r.xlsx", rows), 2)
    assert not report.committed and report.counts["error"] == 1
    assert table_counts() == before
