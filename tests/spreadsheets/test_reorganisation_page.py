"""The reorganisation page of province staff (DESIGN §11.5): download, upload, preview, apply,
then the report per new commune."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from officials.models import Assignment
from reorganisation.models import Placement
from tests.reorganisation.conftest import province_staff_client

PASSWORD = "mat-khau-rat-dai-2024"  # noqa: S105 (test only)
JULY = datetime.date(2025, 7, 1)


@pytest.fixture
def staff_client(chi_lang):
    return province_staff_client(PASSWORD)


def test_province_staff_download_preview_and_apply_the_worksheet(staff_client):
    page = staff_client.get(reverse("spreadsheets:reorganisation"), follow=True)
    assert page.status_code == 200
    assert "Sắp xếp, bố trí" in page.content.decode()  # the menu entry and the title
    download = staff_client.get(
        reverse("spreadsheets:reorganisation_proposal", kwargs={"code": "20"})
    )
    assert download["Content-Disposition"].endswith('.xlsx"')
    url = reverse("spreadsheets:reorganisation_province", kwargs={"code": "20"})
    upload = SimpleUploadedFile("sap-xep.xlsx", download.content)
    preview = staff_client.post(url, {"file": upload})
    text = preview.content.decode()
    assert "Xem trước, chưa ghi gì: 3 người được bố trí, 1 không bố trí" in text
    assert not Placement.objects.exists()
    token = preview.context["token"]
    apply_url = reverse("spreadsheets:reorganisation_apply", kwargs={"code": "20", "token": token})
    done = staff_client.post(apply_url, follow=True)
    text = done.content.decode()
    assert "3 người được bố trí, 1 không bố trí" in text
    assert "Xã Nhân Lý" in text and "Vi Văn Dũng" in text
    assert Assignment.objects.filter(start_date=JULY).count() == 3
    again = staff_client.post(apply_url)
    assert again.status_code == 404  # the previewed file was used up
    assert Placement.objects.count() == 4


def test_a_bad_worksheet_is_refused_on_the_page(staff_client):
    url = reverse("spreadsheets:reorganisation_province", kwargs={"code": "20"})
    upload = SimpleUploadedFile(
        "sap-xep.csv",
        'Số quá trình công tác,Số định danh cá nhân,Xã mới,"Chức vụ, chức danh từ 01/07/2025",'
        "Không bố trí (lý do)\n999999,020080000001,Xã Nhân Lý,justice,\n".encode(),
    )
    page = staff_client.post(url, {"file": upload})
    assert "không có quá trình công tác số 999999" in page.content.decode()
    assert "token" not in page.context or not page.context.get("token")
    assert not Placement.objects.exists()


def test_another_province_is_not_found_for_province_staff(staff_client):
    url = reverse("spreadsheets:reorganisation_province", kwargs={"code": "01"})
    assert staff_client.get(url).status_code == 404
