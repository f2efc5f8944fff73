"""The web import page (upload, preview, confirm), the export download, the admin page and the
BM02/BNV report counted against a hand-counted roster."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from officials.models import Official
from spreadsheets.bm02 import bm02_rows
from tests.spreadsheets.conftest import person, run_import, table_counts, write_xlsx
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def vietnamese_client(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, url, path):
    data = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(url, {"file": data}, HTTP_ACCEPT_LANGUAGE="en")


def test_upload_preview_then_confirm_writes_everything(units, tmp_path, district_staff, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(district_staff)
    path = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)])
    page = upload(client, reverse("spreadsheets:import"), path)
    text = page.content.decode()
    assert "2 rows: 2 new, 0 updated, 0 unchanged, 0 with errors." in text
    assert Official.objects.count() == 0
    token = page.context["token"]
    assert list((tmp_path / "media" / "imports").glob(f"{token}.*"))
    confirmed = client.post(reverse("spreadsheets:import_confirm", args=[token]))
    assert confirmed.status_code == 302
    assert Official.objects.count() == 2
    assert not list((tmp_path / "media" / "imports").glob(f"{token}.*"))


def test_a_wrong_row_shows_its_reason_and_offers_no_confirm(units, tmp_path, secretary, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2, commune_code="06466")])
    page = upload(client_for(secretary), reverse("spreadsheets:import"), path)
    text = page.content.decode()
    assert "Thị trấn Chi Lăng is outside the communes you may change" in text
    assert "Confirm: write every row" not in text
    assert Official.objects.count() == 0


def test_a_token_of_another_user_is_not_found(units, tmp_path, district_staff, superuser, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = upload(
        client_for(district_staff),
        reverse("spreadsheets:import"),
        write_xlsx(tmp_path / "r.xlsx", [person(1)]),
    )
    token = page.context["token"]
    answer = client_for(superuser).post(reverse("spreadsheets:import_confirm", args=[token]))
    assert answer.status_code == 404 and Official.objects.count() == 0


def test_a_too_large_upload_is_refused_with_a_message(units, tmp_path, district_staff, settings):
    settings.ROSTER_MAX_UPLOAD_BYTES = 100
    page = upload(
        client_for(district_staff),
        reverse("spreadsheets:import"),
        write_xlsx(tmp_path / "r.xlsx", [person(1)]),
    )
    assert "files above 0 MB are refused" in page.content.decode()


def test_the_export_download_is_the_import_layout(units, tmp_path, district_staff):
    run_import(write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)]))
    answer = client_for(district_staff).get(
        reverse("spreadsheets:export"), {"unit": "187", "as_of": "24/05/2022", "format": "xlsx"}
    )
    assert answer.status_code == 200
    assert 'filename="danh-sach-187-20220524.xlsx"' in answer["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã ĐVHC", "Họ và tên", "Ngày sinh")
    assert [row[4] for row in rows[1:]] == ["020080000001", "020080000002"]


def test_the_export_of_a_unit_outside_the_scope_is_not_found(units, tmp_path, secretary):
    answer = client_for(secretary).get(reverse("spreadsheets:export"), {"unit": "06466"})
    assert answer.status_code == 404


def test_the_admin_page_imports_for_district_staff(units, tmp_path, settings):
    from accounts.services import grant_role

    settings.MEDIA_ROOT = tmp_path / "media"
    staff, _grant, _new = grant_role(
        username="noivu", role="district_staff", unit=units, password="mat-khau-rat-dai-2024"
    )
    staff.is_staff = True
    staff.save()
    client = client_for(staff)
    assert "roster import and export" in client.get(reverse("admin:index")).content.decode().lower()
    url = reverse("admin:spreadsheets_rosterspreadsheet_changelist")
    page = upload(client, url, write_xlsx(tmp_path / "r.xlsx", [person(1)]))
    assert "1 rows: 1 new" in page.content.decode()
    client.post(reverse("admin:spreadsheets_roster_confirm", args=[page.context["token"]]))
    assert Official.objects.count() == 1


# BM02/BNV: six officials of Xã Nhân Lý and Thị trấn Chi Lăng, counted by hand on 24/05/2022.
BM02_ROSTER = [
    # woman, 39, Tày, party member, civil servant: ĐH, THPT, TC LLCT, IT basic, English B1, CV
    person(
        1,
        gender="Nữ",
        date_of_birth="10/10/1982",
        ethnicity="Tày",
        party_member="01/01/2010",
        state_management="CV",
        foreign_language="Tiếng Anh B1",
    ),
    # man, 55, Kinh, cadre: master, 12/12, advanced, CVC, IT intermediate, French bachelor
    person(
        2,
        gender="Nam",
        date_of_birth="01/01/1967",
        ethnicity="Kinh",
        position="party_secretary",
        professional="Thạc sĩ",
        political_theory="Cao cấp",
        state_management="CVC",
        it="Trung cấp",
        foreign_language="Đại học Tiếng Pháp",
    ),
    # the same man also holds a civil-servant post: counted once, as a cadre
    person(2, gender="Nam", date_of_birth="01/01/1967", ethnicity="Kinh"),
    # woman, 56 (over the retirement age 55y8m in 2022), Nùng, 9/12, no professional level
    person(
        3,
        gender="Nữ",
        date_of_birth="01/03/1966",
        ethnicity="Nùng",
        general_education="9/12",
        professional="",
        professional_field="",
        political_theory="Sơ cấp",
        it="",
        ethnic_language="Tày",
        commune_code="06466",
    ),
    # man, 28, Kinh, civil servant, college
    person(
        4,
        gender="Nam",
        date_of_birth="01/06/1993",
        ethnicity="Kinh",
        professional="Cao đẳng",
        political_theory="",
        it="Chứng chỉ A",
        commune_code="06466",
    ),
    # ended in 2020: not counted
    person(5, start_date="01/01/2010", end_date="01/01/2020"),
]


def test_bm02_counts_match_the_hand_count(units, tmp_path):
    report = run_import(write_xlsx(tmp_path / "r.xlsx", BM02_ROSTER))
    assert report.committed, [issue.text for issue in report.errors]
    communes = AdministrativeUnit.objects.communes_under(units)
    rows = dict(bm02_rows(unit=units, communes=communes, on=datetime.date(2022, 5, 24)))
    assert {"Thị trấn Chi Lăng", "Xã Nhân Lý", "Tổng số"} <= set(rows)
    total = rows["Tổng số"]
    assert total["total"] == 4
    assert (total["female"], total["party"], total["minority"]) == (2, 1, 2)
    assert (total["cadre"], total["civil_servant"]) == (1, 3)
    assert total["professional:master"] == 1
    assert total["professional:bachelor"] == 1
    assert total["professional:college"] == 1
    assert total.get("professional:intermediate", 0) == 0
    assert total["general_education:upper_secondary"] == 3
    assert total["general_education:lower_secondary"] == 1
    assert total["political_theory:advanced"] == 1
    assert total["political_theory:intermediate"] == 1
    assert total["political_theory:elementary"] == 1
    assert (total["it_intermediate_up"], total["it_certificate"]) == (1, 2)
    assert (total["english_certificate"], total["other_bachelor"]) == (1, 1)
    assert total["ethnic_language"] == 1
    assert (total["state_principal"], total["state_specialist"], total["state_none"]) == (1, 1, 2)
    assert (total["age_30"], total["age_31_40"], total.get("age_41_50", 0)) == (1, 1, 0)
    assert (
        total["age_51_60"],
        total.get("age_female_51_55", 0),
        total.get("age_male_56_60", 0),
    ) == (
        2,
        0,
        0,
    )
    assert total["over_retirement"] == 1
    assert rows["Xã Nhân Lý"]["total"] == 2 and rows["Thị trấn Chi Lăng"]["total"] == 2


def test_the_bm02_workbook_has_the_form_header_and_a_total_row(units, tmp_path, district_staff):
    run_import(write_xlsx(tmp_path / "r.xlsx", BM02_ROSTER))
    answer = client_for(district_staff).get(
        reverse("spreadsheets:bm02"), {"unit": "187", "as_of": "24/05/2022"}
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet["A1"].value == "BM02/BNV"
    assert sheet["A2"].value == "Đơn vị báo cáo: Huyện Chi Lăng"
    assert sheet["A4"].value == "Đơn vị tính: người"
    assert (sheet["A7"].value, sheet["D7"].value, sheet["D8"].value) == ("STT", "Trong đó", "Nữ")
    assert "D7:G7" in {str(r) for r in sheet.merged_cells.ranges}
    total_row = [row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng số"][0]
    assert total_row[2] == 4 and total_row[3] == 2
    assert table_counts()[0] == 5


@pytest.mark.parametrize("name", ["spreadsheets:bm02", "spreadsheets:export"])
@pytest.mark.parametrize("code", ["187", "20", "06466"])
def test_a_secretary_gets_404_for_units_above_or_beside_her_commune(
    units, tmp_path, secretary, name, code
):
    run_import(write_xlsx(tmp_path / "r.xlsx", BM02_ROSTER))
    answer = vietnamese_client(secretary).get(reverse(name), {"unit": code, "as_of": "24/05/2022"})
    assert answer.status_code == 404


def test_the_bm02_of_a_secretary_is_headed_by_her_commune(units, tmp_path, secretary):
    run_import(write_xlsx(tmp_path / "r.xlsx", BM02_ROSTER))
    client = vietnamese_client(secretary)
    for query in ({"as_of": "24/05/2022"}, {"as_of": "24/05/2022", "unit": "06496"}):
        sheet = load_workbook(io.BytesIO(client.get(reverse("spreadsheets:bm02"), query).content))
        sheet = sheet.active
        assert sheet["A2"].value == "Đơn vị báo cáo: Xã Nhân Lý"
        total_row = [row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng số"][0]
        assert total_row[2] == 2
