"""The verification queue shows what a verifier needs to decide (evidence, commune, issuer, number,
who sent it and when), approve and reject apart; a secretary sees what she sent and its fate."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import entries
from officials.models import Credential
from tests.personas import client_for

PDF = b"%PDF-1.4 bang tot nghiep"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _send_credential(secretary, official, **extra):
    data = {
        "dimension": "it",
        "level": "basic",
        "field": "",
        "issuer": "Trung tâm Tin học Lạng Sơn",
        "number": "TH-2021-0457",
        "awarded_on": "12/05/2021",
        "evidence": SimpleUploadedFile("chung-chi.pdf", PDF, content_type="application/pdf"),
    }
    data.update(extra)
    response = client_for(secretary).post(f"/officials/{official.pk}/credentials/add/", data)
    assert response.status_code == 302
    return Credential.objects.get(official=official, dimension=data["dimension"])


def _row(page: str, text: str) -> str:
    """Return the table row of `page` holding `text`."""
    rows = [row for row in re.findall(r"<tr.*?</tr>", page, re.S) if text in row]
    assert rows, f"no row holds {text!r}"
    return rows[0]


def test_the_queue_shows_the_evidence_commune_issuer_number_and_sender(
    secretary, district_staff, officials, media
):
    official = officials["nhan_ly"]
    credential = _send_credential(secretary, official)
    page = client_for(district_staff).get("/verification/").content.decode()
    row = _row(page, "TH-2021-0457")
    assert official.full_name in row and "Xã Nhân Lý" in row
    assert "Trung tâm Tin học Lạng Sơn" in row
    assert f'href="/credentials/{credential.pk}/evidence/"' in row and "Mở minh chứng" in row
    assert "nhanly" in row and datetime.date.today().strftime("%d/%m/%Y") in row


def test_the_evidence_opens_in_the_browser_with_its_type(
    secretary, district_staff, officials, media
):
    credential = _send_credential(secretary, officials["nhan_ly"])
    opened = client_for(district_staff).get(f"/credentials/{credential.pk}/evidence/")
    assert opened.status_code == 200
    assert opened["Content-Type"] == "application/pdf"
    assert opened["Content-Disposition"].startswith("inline")
    assert b"".join(opened.streaming_content) == PDF


def test_a_stored_file_of_another_type_is_only_downloaded(district_staff, officials, media):
    from django.core.files.base import ContentFile

    credential = officials["nhan_ly"].credentials.get()
    credential.evidence.save("trang.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    answer = client_for(district_staff).get(f"/credentials/{credential.pk}/evidence/")
    assert answer["Content-Disposition"].startswith("attachment")


def test_approve_and_reject_look_apart_and_a_rejection_asks_for_a_reason(
    secretary, district_staff, officials, media
):
    _send_credential(secretary, officials["nhan_ly"])
    row = _row(client_for(district_staff).get("/verification/").content.decode(), "TH-2021")
    approve = re.search(r'<button[^>]*value="verify"[^>]*>', row).group(0)
    reject = re.search(r'<button[^>]*class="danger"[^>]*>Từ chối</button>', row)
    assert 'class="approve"' in approve and reject is not None
    assert re.search(r'<input name="reason"[^>]*required', row)


def test_an_identity_change_shows_its_commune_and_sender(secretary, district_staff, officials):
    official = officials["nhan_ly"]
    entries.identity_change_request(
        official=official, changes={"full_name": "Lường Thị Hoa"}, actor=secretary
    )
    page = client_for(district_staff).get("/verification/").content.decode()
    row = _row(page, "Lường Thị Hoa")
    assert "Xã Nhân Lý" in row and "nhanly" in row
    assert "/decide/" in row and 'class="danger"' in row


def test_a_secretary_sees_what_she_sent_and_its_fate(secretary, district_staff, officials, media):
    official = officials["nhan_ly"]
    kept = _send_credential(secretary, official)
    refused = _send_credential(
        secretary, official, dimension="political_theory", level="elementary", number="LL-01"
    )
    _send_credential(
        secretary, official, dimension="state_management", level="specialist", number="QL-02"
    )
    staff = client_for(district_staff)
    staff.post(f"/credentials/{kept.pk}/decide/", {"decision": "verify"})
    staff.post(
        f"/credentials/{refused.pk}/decide/", {"decision": "reject", "reason": "Bản chụp mờ"}
    )
    answer = client_for(secretary).get("/verification/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Nội dung đã gửi xác minh" in page and "Xác minh</button>" not in page
    assert "Đã xác minh" in _row(page, "TH-2021-0457")
    assert "Bị từ chối</span> Bản chụp mờ" in _row(page, "LL-01")
    assert "Chờ xác minh" in _row(page, "QL-02")


def test_a_secretary_does_not_see_entries_others_sent(secretary, district_staff, officials, media):
    _send_credential(district_staff, officials["nhan_ly"])  # verified at once, not hers
    page = client_for(secretary).get("/verification/").content.decode()
    assert "TH-2021-0457" not in page and "Chưa gửi nội dung nào." in page


def test_a_viewer_has_no_queue(viewer):
    assert client_for(viewer).get("/verification/").status_code == 403


def test_the_dashboard_counts_every_kind_of_entry_waiting_for_the_verifier(
    secretary, district_staff, officials, django_capture_on_commit_callbacks
):
    import datetime as dt

    from standards.models import Position

    def waiting():
        page = client_for(district_staff).get("/", {"as_of": "2022-05-24"}).content.decode()
        return int(re.search(r'<span class="value">(\d+)</span><span class="label"><a', page)[1])

    def committed(write, **kwargs):  # as a request's write: its versions move once committed
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    official = officials["nhan_ly"]
    assert waiting() == 0
    committed(
        entries.identity_change_request,
        official=official,
        changes={"full_name": "Lường Thị Hoa"},
        actor=secretary,
    )
    data = {"dimension": "it", "level": "basic", "awarded_on": dt.date(2021, 5, 12)}
    credential = committed(entries.credential_create, official=official, data=data, actor=secretary)
    post = {
        "commune": official.assignments.get().commune,
        "position": Position.objects.get(code="culture_social"),
        "start_date": dt.date(2021, 1, 1),
    }
    committed(entries.assignment_create, official=official, data=post, actor=secretary)
    assert waiting() == 3  # a name, a credential, a post
    committed(
        entries.identity_change_request,
        official=officials["bac_son"],
        changes={"full_name": "Hoàng Văn Nam"},
        actor=None,
    )
    assert waiting() == 3  # not in this verifier's district
    committed(entries.entry_verify, entry=credential, actor=district_staff)
    assert waiting() == 2
    change = entries.pending_identity(official)
    committed(entries.entry_reject, entry=change, reason="Sai chính tả", actor=district_staff)
    assert waiting() == 1  # the post
