"""An import changes only the people its user may edit (issue 10 items 2 and 5, DESIGN §8, §9).

Each test is an attack that worked when an import row could carry anyone's citizen ID.
"""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from officials.models import IdentityChange, Official, Verification
from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory, OfficialFactory
from tests.spreadsheets.conftest import person, run_import, table_counts, write_xlsx
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

BAC_SON_ID = "020075009999"


@pytest.fixture
def bac_son_official(units):
    """An official of Bắc Sơn (185), the neighbouring district."""
    official = OfficialFactory(
        full_name="Triệu Văn Bắc",
        citizen_id=BAC_SON_ID,
        date_of_birth=datetime.date(1975, 4, 3),
    )
    AssignmentFactory(
        official=official,
        commune=AdministrativeUnit.objects.get(dataset="legacy", code="185").children.first(),
    )
    CredentialFactory(official=official)
    return official


@pytest.fixture
def nhan_ly_official(units):
    official = OfficialFactory(
        full_name="Hoàng Thị Lan",
        citizen_id="020082004567",
        date_of_birth=datetime.date(1982, 7, 25),
    )
    official.gender = "female"
    official.save()
    AssignmentFactory(
        official=official,
        commune=units.children.get(code="06496"),
        position=Position.objects.get(code="finance_accounting"),
        start_date=datetime.date(2016, 2, 15),
    )
    return official


def _errors(report):
    return " ".join(issue.text for issue in report.errors)


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_secretary_importing_a_bac_son_citizen_id_gets_a_neutral_error(
    units, tmp_path, secretary, bac_son_official, dry_run
):
    before = table_counts()
    wrong = person(1, citizen_id=BAC_SON_ID, full_name="Kẻ Chiếm Quyền", date_of_birth="01/01/1990")
    same = person(1, citizen_id=BAC_SON_ID, full_name="Triệu Văn Bắc", date_of_birth="03/04/1975")
    with translation.override("en"):
        guessed = run_import(
            write_xlsx(tmp_path / "a.xlsx", [wrong]), user=secretary, dry_run=dry_run
        )
        matched = run_import(
            write_xlsx(tmp_path / "b.xlsx", [same]), user=secretary, dry_run=dry_run
        )
    assert not guessed.committed and guessed.has_errors
    message = _errors(guessed)
    assert "registered in a unit outside the communes you manage" in message
    for secret in ("Triệu Văn Bắc", "03/04/1975", "1975", "Bắc Sơn"):
        assert secret not in message
    # a right name and date of birth get the very same answer: nothing to compare against
    assert _errors(matched).replace("Triệu Văn Bắc", "Kẻ Chiếm Quyền") == message
    assert [row.changes for row in guessed.rows] == [[]]
    assert table_counts() == before
    official = Official.objects.get(citizen_id=BAC_SON_ID)
    assert official.full_name == "Triệu Văn Bắc"
    assert official.assignments.count() == 1


def test_the_import_page_tells_the_secretary_nothing_about_a_bac_son_official(
    units, tmp_path, secretary, bac_son_official
):
    wrong = person(1, citizen_id=BAC_SON_ID, full_name="Kẻ Chiếm Quyền", date_of_birth="01/01/1990")
    client = Client()
    client.force_login(secretary)
    with write_xlsx(tmp_path / "a.xlsx", [wrong]).open("rb") as handle:
        page = client.post("/roster/import/", {"file": handle}).content.decode()
    assert "đã được đăng ký ở một đơn vị ngoài các xã bạn quản lý" in page
    for secret in ("Triệu Văn Bắc", "03/04/1975", "1975"):
        assert secret not in page
    assert Official.objects.get(citizen_id=BAC_SON_ID).full_name == "Triệu Văn Bắc"


def test_district_staff_cannot_take_over_an_official_of_another_district(
    units, tmp_path, district_staff, bac_son_official
):
    row = person(1, citizen_id=BAC_SON_ID, full_name="Triệu Văn Bắc", date_of_birth="03/04/1975")
    report = run_import(write_xlsx(tmp_path / "r.xlsx", [row]), user=district_staff)
    assert not report.committed
    assert bac_son_official.assignments.count() == 1


def test_a_secretary_renaming_by_import_waits_for_verification(
    units, tmp_path, secretary, district_staff, nhan_ly_official
):
    path = write_xlsx(
        tmp_path / "r.xlsx", [person(1, citizen_id="020082004567", full_name="Hoàng Thị Lành")]
    )
    report = run_import(path, user=secretary)
    assert report.committed
    nhan_ly_official.refresh_from_db()
    assert nhan_ly_official.full_name == "Hoàng Thị Lan"  # not yet
    change = IdentityChange.objects.get(official=nhan_ly_official)
    assert change.verification == Verification.PENDING and change.full_name == "Hoàng Thị Lành"
    assert run_import(path, user=secretary).nothing_changes  # already waiting
    client = Client()
    client.force_login(secretary)
    page = client.get(f"/officials/{nhan_ly_official.pk}/").content.decode()
    assert "Hoàng Thị Lành" in page and "identity-change" in page
    client.force_login(district_staff)
    assert "Hoàng Thị Lành" in client.get("/verification/").content.decode()
    client.post(f"/identity-changes/{change.pk}/decide/", {"decision": "verify"})
    nhan_ly_official.refresh_from_db()
    assert nhan_ly_official.full_name == "Hoàng Thị Lành"


def test_district_staff_rename_by_import_at_once(units, tmp_path, district_staff, nhan_ly_official):
    row = person(1, citizen_id="020082004567", full_name="Hoàng Thị Lành")
    assert run_import(write_xlsx(tmp_path / "r.xlsx", [row]), user=district_staff).committed
    nhan_ly_official.refresh_from_db()
    assert nhan_ly_official.full_name == "Hoàng Thị Lành"
    assert not IdentityChange.objects.exists()


def test_a_secretary_renaming_by_form_waits_and_a_rejection_changes_nothing(
    units, secretary, district_staff, nhan_ly_official
):
    from tests.accounts.test_history import _official_data

    client = Client()
    client.force_login(secretary)
    data = _official_data(nhan_ly_official, full_name="Kẻ Đổi Tên", date_of_birth="2000-01-01")
    response = client.post(f"/officials/{nhan_ly_official.pk}/edit/", data, follow=True)
    assert "chờ" in response.content.decode() or "wait" in response.content.decode()
    nhan_ly_official.refresh_from_db()
    assert nhan_ly_official.full_name == "Hoàng Thị Lan"
    assert nhan_ly_official.date_of_birth == datetime.date(1982, 7, 25)
    change = IdentityChange.objects.get()
    client.force_login(district_staff)
    client.post(f"/identity-changes/{change.pk}/decide/", {"decision": "reject", "reason": "Sai"})
    nhan_ly_official.refresh_from_db()
    assert nhan_ly_official.full_name == "Hoàng Thị Lan"
    assert IdentityChange.objects.get().verification == Verification.REJECTED


def test_a_secretary_cannot_decide_an_identity_change(units, secretary, nhan_ly_official):
    change = IdentityChange.objects.create(official=nhan_ly_official, full_name="Tự Duyệt")
    client = Client()
    client.force_login(secretary)
    assert (
        client.post(f"/identity-changes/{change.pk}/decide/", {"decision": "verify"}).status_code
        == 403
    )
    nhan_ly_official.refresh_from_db()
    assert nhan_ly_official.full_name == "Hoàng Thị Lan"


def test_a_secretary_import_cannot_change_the_commune_class_or_special_area(
    units, tmp_path, secretary
):
    rows = [person(1, commune_class="I", special_area="x"), person(2, commune_class="I")]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", rows), user=secretary)
    assert report.committed
    nhan_ly = units.children.get(code="06496")
    assert (nhan_ly.commune_class, nhan_ly.special_area) == ("", False)
    ignored = [note for note in report.notes if "class and special area" in note]
    assert len(ignored) == 1 and "Loại xã" in ignored[0]
    assert not any("commune class" in str(c) for row in report.rows for c in row.changes)


def test_district_staff_import_still_sets_the_commune_class(units, tmp_path, district_staff):
    report = run_import(
        write_xlsx(tmp_path / "r.xlsx", [person(1, commune_class="I")]), user=district_staff
    )
    assert report.committed and not report.notes
    assert units.children.get(code="06496").commune_class == "I"


def test_an_unchanged_row_of_someone_who_moved_away_reimports_but_a_change_is_refused(
    units, tmp_path, district_staff, nhan_ly_official
):
    post = nhan_ly_official.assignments.get()
    post.end_date = datetime.date(2021, 3, 1)
    post.save()
    AssignmentFactory(
        official=nhan_ly_official,
        commune=AdministrativeUnit.objects.get(dataset="legacy", code="185").children.first(),
        start_date=datetime.date(2021, 3, 1),
    )
    same = person(
        1,
        citizen_id="020082004567",
        full_name="Hoàng Thị Lan",
        end_date="01/03/2021",
        general_education="",
        professional="",
        professional_field="",
        political_theory="",
        it="",
    )
    assert run_import(write_xlsx(tmp_path / "a.xlsx", [same]), user=district_staff).nothing_changes
    renamed = dict(same, full_name="Hoàng Thị Đổi")
    report = run_import(write_xlsx(tmp_path / "b.xlsx", [renamed]), user=district_staff)
    assert not report.committed
    assert Official.objects.get(pk=nhan_ly_official.pk).full_name == "Hoàng Thị Lan"
